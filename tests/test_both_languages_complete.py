"""Both languages are complete: every msgid of the Vietnamese catalogue has a translation,
an English session reads no Vietnamese indicator name, unit or type code, and a Vietnamese
session reads none of Leaflet's English control labels."""

import ast
import html
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from core.bilingual import UNITS_EN, in_language
from frontend.leaflet_strings import leaflet_locale_script
from geo.models import AdminUnit, UserArea
from monitoring.models import EstablishmentType, Indicator

PO_FILE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SOURCE_PACKAGES = ["config", "core", "geo", "monitoring", "frontend"]
PAGES = [
    "frontend:home",
    "frontend:risk_map",
    "frontend:planning",
    "frontend:establishments",
    "frontend:data_entry",
    "frontend:data_completeness",
]
TYPE_CODE_IN_BRACKETS = re.compile(rf"\((?:{'|'.join(EstablishmentType.values)})\)")  # "Quán X (karaoke)"
LEAFLET_ENGLISH = ["Zoom in", "Zoom out", "Draw a polygon", "Draw a circle", "Finish", "Cancel drawing"]


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text else ""


def untranslated_msgids(path: Path) -> list[str]:
    """The live (not obsolete) entries of a .po file that have no translation or are fuzzy.

    A small reader of the gettext format (polib is not a dependency): an entry is its
    comments, ``msgid``, optional ``msgid_plural`` and ``msgstr``/``msgstr[n]`` lines, each
    string possibly continued on following quoted lines.
    """
    missing = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or all(line.startswith("#~") or line.startswith("#") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
            if match:
                key = match.group(1)
                fields[key] = _unquote(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += _unquote(line)
        msgid = fields.get("msgid")
        if not msgid:  # the header
            continue
        translations = [value for name, value in fields.items() if name.startswith("msgstr")]
        if fuzzy or not translations or not all(translations):
            missing.append(msgid)
    return missing


def test_the_po_reader_finds_an_empty_and_a_fuzzy_entry(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        'msgid "Done"\nmsgstr "Xong"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Mờ"\n\n'
        'msgid "Long "\n"one"\nmsgstr ""\n"Dài"\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    assert untranslated_msgids(po) == ["Empty", "Fuzzy"]


def test_every_msgid_has_a_vietnamese_translation():
    missing = untranslated_msgids(PO_FILE)
    assert not missing, f"{len(missing)} msgids without a Vietnamese translation in {PO_FILE}: {missing[:20]}"


def test_every_string_marked_in_the_code_is_in_the_vietnamese_catalogue(tmp_path):
    """``makemessages`` over a copy of the code, merged into a copy of the catalogue: a
    string marked for translation but never added to the .po shows up untranslated."""
    root = Path(settings.BASE_DIR)
    skip = shutil.ignore_patterns("__pycache__", "vendor", "*.pyc", "*.mo", "*.css", "*.svg", "*.png")
    for package in SOURCE_PACKAGES:
        shutil.copytree(root / package, tmp_path / package, ignore=skip)
    catalogue = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    catalogue.mkdir(parents=True)
    shutil.copy(PO_FILE, catalogue / "django.po")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
            call_command("makemessages", locale=["vi"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(here)
    missing = untranslated_msgids(catalogue / "django.po")
    assert not missing, f"{len(missing)} marked strings have no Vietnamese in {PO_FILE}: {missing[:30]}"


def visible_text(page: str) -> str:
    """What a person reads: the page without scripts, styles and tags (attributes go with
    the tags; a title attribute is read too, so it is kept)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    titles = " ".join(re.findall(r'\b(?:title|aria-label|placeholder)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + titles)


def account(language: str) -> Client:
    user = User.objects.create_user(f"lang-{language}")
    user.groups.add(Group.objects.get(name="administrator"))
    for unit in AdminUnit.current.filter(parent__isnull=True):
        UserArea.objects.create(user=user, unit=unit)
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def pages(client: Client):
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, (name, response.status_code)
        yield name, response.content.decode()


@pytest.mark.django_db
def test_an_english_session_reads_no_vietnamese_indicator_name_unit_or_type_code(demo_province):
    client = account("en")
    names = {i.name_vi for i in Indicator.objects.all() if i.name_en and i.name_en != i.name_vi}
    assert names
    for name, page in pages(client):
        assert '<html lang="en"' in page, name
        text = visible_text(page)
        shown = sorted(n for n in names if n in text)
        assert not shown, (name, shown)
        units = sorted(u for u in UNITS_EN if UNITS_EN[u] != u and re.search(rf"\b{u}\b", text))
        assert not units, (name, units)
    establishments = client.get(reverse("frontend:establishments")).content.decode()
    assert not TYPE_CODE_IN_BRACKETS.search(establishments)


@pytest.mark.django_db
def test_a_vietnamese_session_reads_no_english_leaflet_control_label(demo_province):
    client = account("vi")
    for name, page in pages(client):
        if "L.map(" in page:  # the zoom control's title, set before the map is made
            assert '"zoomInTitle": "Phóng to"' in page, name
        for label in LEAFLET_ENGLISH:
            assert f'"{label}"' not in page.replace("'", '"'), (name, label)
    establishments = client.get(reverse("frontend:establishments")).content.decode()
    assert "Vẽ một vùng" in establishments  # Leaflet.draw's polygon button
    assert not TYPE_CODE_IN_BRACKETS.search(establishments)


def test_leaflet_strings_follow_the_language():
    with translation.override("en"):
        english = leaflet_locale_script()
    with translation.override("vi"):
        vietnamese = leaflet_locale_script()
    assert '"zoomInTitle": "Zoom in"' in english
    assert '"zoomInTitle": "Phóng to"' in vietnamese
    assert "<" not in vietnamese.split("(function", 1)[1].split("})(", 1)[1]  # cannot close the script


def test_one_rule_picks_a_stored_name_and_falls_back_to_vietnamese():
    with translation.override("en"):
        assert (in_language("Cai nghiện", "Rehab"), in_language("Cai nghiện", "")) == ("Rehab", "Cai nghiện")
        assert Indicator(name_vi="Cai nghiện", name_en="Rehab", unit_label="người").unit == "people"
    with translation.override("vi"):
        indicator = Indicator(name_vi="Cai nghiện", name_en="Rehab", unit_label="người")
        assert (indicator.label, indicator.unit, str(indicator)) == ("Cai nghiện", "người", "Cai nghiện")


def test_a_solver_refusal_is_worded_in_the_page_language_with_its_number_style():
    from frontend.planning.siting_run import _in_language
    from monitoring.planning.siting import ProblemTooLarge, SolverGaveUp, TooManySites

    too_large = ProblemTooLarge("p-median …", points=1200, candidates=30, pairs=36000, limit=25000)
    with translation.override("en"):
        assert str(_in_language(too_large)).startswith(
            "p-median with 1,200 demand points × 30 candidates needs 36,000 assignment variables"
        )
        assert str(_in_language(TooManySites("…", k=1, free=0))).startswith("Cannot choose 1 new site from 0")
        gave_up = _in_language(SolverGaveUp("…", status="Not Solved", seconds=2.5))
        assert str(gave_up).startswith("The solver found no solution (Not solved) within 2.5 s")
    with translation.override("vi"):
        assert "1.200" in str(_in_language(too_large)) and "36.000" in str(_in_language(too_large))
