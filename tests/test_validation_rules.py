"""Validation rules as data: a side is read (codes and whole numbers joined by + or -),
a rule is checked over one commune-month and skipped when a figure is missing; an
error rule refuses a file, the grid and the REST path, a warning rule lets the figures
in and says so; the violations page lists breaches in the user's area only; the admin
refuses a side that does not read."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.errors import BadInput
from geo.models import UserArea
from monitoring.imports.counts import case_counts_import
from monitoring.imports.grid import field_name
from monitoring.imports.problems import ImportFileError
from monitoring.models import CaseCount, Indicator, ValidationRule
from monitoring.quality.rule_set import rule_set_load
from monitoring.quality.rules import Rule, rules_broken, side_parse
from monitoring.services.case_counts import case_counts_record
from monitoring.services.errors import RuleBroken
from tests.import_units import build_units

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)
CODES = {"relapses": 8, "post_rehab": 7, "illegal_users": 1}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def units():
    return build_units()


@pytest.fixture
def arrests_rule():
    """An administrator's error rule: arrests never exceed the drug users plus five."""
    return ValidationRule.objects.create(
        code="arrests_within_users",
        name_vi="Người bị bắt giữ không vượt quá người sử dụng cộng 5",
        name_en="Arrests do not exceed drug users plus five",
        left="offenders_arrested",
        operator="<=",
        right="illegal_users + 5",
        importance="error",
    )


def ind(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def client_for(units, *codes, perms=("add_casecount", "view_casecount")) -> Client:
    user = User.objects.create_user("user-" + "-".join(codes))
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="monitoring", codename__in=perms)
    )
    for code in codes:
        UserArea.objects.create(user=user, unit=units[code])
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def write_csv(path: Path, rows) -> Path:
    path.write_text("".join(",".join(map(str, row)) + "\n" for row in rows), encoding="utf-8")
    return path


# Reading a side


def test_a_side_of_codes_and_whole_numbers_is_read_and_summed():
    side = side_parse("illegal_users - relapses + 2", indicators=CODES)
    assert side.indicators == {1, 8}
    assert side.value({1: 10, 8: 3}) == 9
    assert side_parse(" 0 ", indicators=CODES).value({}) == 0


def test_an_unknown_code_is_refused_naming_its_position_and_the_known_codes():
    with pytest.raises(BadInput) as error:
        side_parse("relapses + post_rehb", indicators=CODES, parameter="right")
    assert str(error.value) == (
        "right “relapses + post_rehb”: “post_rehb” at position 12 is not an indicator code; "
        "known codes: illegal_users, post_rehab, relapses."
    )
    assert (error.value.parameter, error.value.value) == ("right", "relapses + post_rehb")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("relapses * 2", "left “relapses * 2”: “*” at position 10: expected + or - between two terms."),
        ("2 3", "left “2 3”: “3” at position 3: expected + or - between two terms."),
        (
            "relapses + ",
            "left “relapses + ”: ends with “+” at position 10: add an indicator code or a whole number.",
        ),
        ("- relapses", "left “- relapses”: “-” at position 1: expected an indicator code or a whole number."),
        ("  ", "left “  ”: empty: write indicator codes and whole numbers joined by + or -."),
    ],
)
def test_bad_syntax_is_refused_with_the_position(text, message):
    with pytest.raises(BadInput) as error:
        side_parse(text, indicators=CODES)
    assert str(error.value) == message


# Checking a rule


def relapses_rule(importance="warning") -> Rule:
    return Rule(
        code="r",
        name_vi="r",
        name_en="Relapses within post-rehab",
        left=side_parse("relapses", indicators=CODES),
        operator="<=",
        right=side_parse("post_rehab", indicators=CODES),
        importance=importance,
    )


def test_a_rule_is_broken_holds_or_is_skipped_when_a_figure_is_missing():
    rule = relapses_rule()
    breach = rule.check({8: 6, 7: 5})
    assert (breach.left, breach.right) == (6, 5)
    assert breach.explanation == (
        "the rule “Relapses within post-rehab” does not hold: relapses = 6 is not ≤ post_rehab = 5"
    )
    assert rule.check({8: 5, 7: 5}) is None
    assert rule.check({8: 6}) is None  # post_rehab not reported: skipped, not taken as 0
    assert rule.check({7: 0}) is None


def test_only_rules_naming_a_figure_being_written_are_checked():
    rule = relapses_rule()
    assert rules_broken([rule], {8: 6, 7: 5, 1: 3}, touched={1}) == []
    assert len(rules_broken([rule], {8: 6, 7: 5, 1: 3}, touched={7})) == 1


def test_the_rules_in_force_are_the_part_whole_rules_then_the_stored_ones():
    rules = rule_set_load().rules
    parts = Indicator.objects.filter(part_of__isnull=False).count()
    assert parts == 5
    assert [r.importance for r in rules[:parts]] == ["error"] * parts and all(
        r.builtin for r in rules[:parts]
    )
    assert rules[0].code == "addicts_managed_within_illegal_users"
    assert [(r.code, r.importance, r.builtin) for r in rules[parts:]] == [
        ("relapses_within_post_rehab", "warning", False)
    ]


def test_a_stored_rule_that_no_longer_reads_is_listed_and_not_checked():
    ValidationRule.objects.create(
        code="old", name_vi="cũ", name_en="old", left="users_total", operator="<=", right="0"
    )
    rule_set = rule_set_load()
    assert "old" not in [r.code for r in rule_set.rules]
    assert rule_set.unreadable[0][0] == "old"
    assert "“users_total” at position 1 is not an indicator code" in rule_set.unreadable[0][1]


# On import, in the grid and through the REST path


def test_an_administrators_error_rule_refuses_a_file_naming_row_field_value_and_rule(
    units, arrests_rule, tmp_path
):
    rows = [("code", "illegal_users", "offenders_arrested"), ("10002", 4, 6), ("10001", 3, 9)]
    with pytest.raises(ImportFileError) as error:
        case_counts_import(path=write_csv(tmp_path / "arrests.csv", rows), period=MARCH)
    assert error.value.lines == [
        'arrests.csv row 3, field offenders_arrested, value "9": Xã Hòa Bình (10001), 2026-03: the rule '
        "“Arrests do not exceed drug users plus five” does not hold: offenders_arrested = 9 is not ≤ "
        "illegal_users + 5 = 8; correct the wrong figure; if the figures are right, ask an administrator "
        "to review the rule."
    ]
    assert not CaseCount.objects.filter(unit__in=units.values()).exists()


def test_a_breach_already_stored_does_not_block_other_figures_of_the_commune(units, arrests_rule, tmp_path):
    CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=ind("illegal_users"), value=1)
    CaseCount.objects.create(unit=units["10001"], period=MARCH, indicator=ind("offenders_arrested"), value=9)
    report = case_counts_import(
        path=write_csv(tmp_path / "hotspots.csv", [("code", "hotspots"), ("10001", 2)]), period=MARCH
    )
    assert (report.created, report.warnings) == (1, ())


def test_a_warning_rule_saves_the_file_and_reports_the_warning(units, tmp_path):
    rows = [("code", "relapses", "post_rehab"), ("10001", 9, 5)]
    report = case_counts_import(path=write_csv(tmp_path / "relapses.csv", rows), period=MARCH)
    assert report.created == 2
    assert [str(w) for w in report.warnings] == [
        'relapses.csv row 2, field relapses, value "9": Xã Hòa Bình (10001), 2026-03: the rule “Relapses do '
        "not exceed people under post-rehab management” does not hold: relapses = 9 is not ≤ post_rehab = 5; "
        "the figures were saved: check them and correct the wrong one if need be."
    ]


def test_a_warning_rule_saves_the_grid_and_the_grid_shows_the_warning(units):
    client = client_for(units, "10001")
    commune = units["10001"]
    cells = {
        field_name(commune.id, ind("relapses").id): "9",
        field_name(commune.id, ind("post_rehab").id): "5",
    }
    response = client.post("/data/entry/?month=2026-03&district=981", cells)
    assert response.status_code == 302
    stored = dict(CaseCount.objects.filter(unit=commune).values_list("indicator__code", "value"))
    assert stored == {"relapses": 9, "post_rehab": 5}
    html = client.get(response.url).content.decode()
    assert 'id="rule-warnings"' in html
    assert "Saved, but 1 validation warning: check these figures." in html
    assert "relapses = 9 is not ≤ post_rehab = 5" in html
    assert f'href="#{field_name(commune.id, ind("relapses").id)}"' in html
    assert f'id="{field_name(commune.id, ind("relapses").id)}"' in html
    assert 'id="rule-warnings"' not in client.get(response.url).content.decode()  # shown once


def test_an_error_rule_refuses_the_grid_on_the_cell(units, arrests_rule):
    client = client_for(units, "10001")
    commune = units["10001"]
    cells = {
        field_name(commune.id, ind("illegal_users").id): "1",
        field_name(commune.id, ind("offenders_arrested").id): "7",
    }
    response = client.post("/data/entry/?month=2026-03&district=981", cells)
    assert response.status_code == 400
    assert "offenders_arrested = 7 is not ≤ illegal_users + 5 = 6" in response.content.decode()
    assert not CaseCount.objects.filter(unit__in=units.values()).exists()


def test_the_import_page_shows_the_warnings_after_saving(units):
    client = client_for(units, "10001")
    upload = SimpleUploadedFile("relapses.csv", b"code,relapses,post_rehab\n10001,9,5\n", "text/csv")
    response = client.post("/data/import/", {"what": "counts", "file": upload, "period": "2026-03"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-summary"' in html and 'id="rule-warnings"' in html
    assert "row 2 · relapses · “9”" in html


def test_the_rest_path_refuses_an_error_rule_and_lets_a_warning_in(units, arrests_rule):
    commune = units["10001"]
    with pytest.raises(RuleBroken) as error:
        case_counts_record(
            unit=commune, period=MARCH, values={ind("illegal_users"): 0, ind("offenders_arrested"): 6}
        )
    assert str(error.value) == (
        "10001 2026-03: the rule “Arrests do not exceed drug users plus five” does not hold: "
        "offenders_arrested = 6 is not ≤ illegal_users + 5 = 5. Correct the wrong figure."
    )
    assert error.value.parameter == "arrests_within_users"
    assert not CaseCount.objects.filter(unit__in=units.values()).exists()
    case_counts_record(unit=commune, period=MARCH, values={ind("relapses"): 9, ind("post_rehab"): 5})
    assert CaseCount.objects.filter(unit=commune).count() == 2


# The violations page


def test_the_violations_page_lists_a_breach_for_a_reporter_of_the_area_only(units):
    commune = units["10001"]
    CaseCount.objects.create(unit=commune, period=MARCH, indicator=ind("relapses"), value=9)
    CaseCount.objects.create(unit=commune, period=MARCH, indicator=ind("post_rehab"), value=5)
    CaseCount.objects.create(unit=units["10002"], period=MARCH, indicator=ind("relapses"), value=9)  # skipped
    page = client_for(units, "981").get(reverse("frontend:data_quality_rules"))  # default: latest month
    html = page.content.decode()
    assert page.status_code == 200
    assert "Validation rule violations, 03/2026" in html
    assert "1 violation" in html and "Xã Hòa Bình (10001)" in html and "Phường Hải Châu" not in html
    cell = field_name(commune.id, ind("relapses").id)
    assert f'href="/data/entry/?month=2026-03&amp;district=981#{cell}"' in html
    assert "<code>relapses</code> = 9" in html and "<code>post_rehab</code> = 5" in html
    assert '<tr data-rule="relapses_within_post_rehab">' in html
    count = html.split('<tr data-rule="relapses_within_post_rehab">')[1].split("</tr>")[0]
    assert 'class="count">1</td>' in count

    other = client_for(units, "982", perms=("view_casecount",)).get("/data/quality/rules/?month=2026-03")
    assert other.status_code == 200
    assert "Xã Hòa Bình" not in other.content.decode() and "0 violations" in other.content.decode()


def test_the_violations_page_needs_the_permission_to_view_counts(units):
    assert client_for(units, "981", perms=()).get("/data/quality/rules/").status_code == 403


# The admin


def test_the_admin_refuses_a_side_that_does_not_read(client):
    client.force_login(User.objects.create_superuser("root", password="pw-for-tests"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = {
        "code": "bad",
        "name_vi": "Sai",
        "name_en": "Bad",
        "left": "relapse +",
        "operator": "<=",
        "right": "post_rehab",
        "importance": "error",
        "active": "on",
        "description": "",
    }
    response = client.post(reverse("admin:monitoring_validationrule_add"), form)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["left"] == [
        "Left side “relapse +”: “relapse” at position 1 is not an indicator code; known codes: "
        + ", ".join(sorted(Indicator.objects.values_list("code", flat=True)))
        + "."
    ]
    assert not ValidationRule.objects.filter(code="bad").exists()
    response = client.post(
        reverse("admin:monitoring_validationrule_add"),
        form | {"left": "relapses", "code": "methadone_within_addicts_managed"},
    )
    assert response.context["adminform"].form.errors["code"] == [
        "“methadone_within_addicts_managed” is the code of a built-in rule (part ≤ whole): choose another."
    ]
    response = client.post(reverse("admin:monitoring_validationrule_add"), form | {"left": "relapses"})
    assert response.status_code == 302
    assert ValidationRule.objects.get(code="bad").left == "relapses"
