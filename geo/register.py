"""The official register of administrative units: loading it from the State's list, and
checking a boundary file's codes and names against it.

The register is data the administrator loads (``load_register FILE``), not a package the
product depends on: the maintained package that carries it (``vietnam-provinces``) is
GPL-3.0-or-later. A file of ``code,name,level[,province_code]`` rows, one per unit, from
the official list (Tổng cục Thống kê's *Danh mục đơn vị hành chính*) is enough.

A boundary import of a version that begins on or after the register's ``valid_from`` is
refused for a code the register does not know, and warned, with the official name, for a
name that differs. Older versions (the pre-2025 layout) and an empty register are not
checked.
"""

import csv
import datetime
import io
import unicodedata
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from geo.imports.errors import BoundaryImportError, Problem
from geo.models import Level, RegisterUnit

__all__ = ["register_check", "register_load"]

COLUMNS = ("code", "name", "level")
LEVELS = (Level.PROVINCE, Level.COMMUNE)


def _plain(name: str) -> str:
    """A name compared as a reader would: Unicode composed the same way, spaces and case aside."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def register_check(*, records, level: str, valid_from: datetime.date, name: str) -> tuple[list, list]:
    """(problems, warnings) of ``records`` (checked features) against the register."""
    entries = RegisterUnit.objects.filter(level=level, valid_from__lte=valid_from)
    if level not in LEVELS or not entries.exists():
        return [], []
    official = dict(entries.values_list("code", "name"))
    source = entries.values_list("source", flat=True).first() or _("the official register")
    problems, warnings = [], []
    for record in records:
        known = official.get(record.code)
        if known is None:
            problems.append(
                Problem(
                    file=name,
                    row=record.row,
                    code=record.code,
                    field="code",
                    value=record.code,
                    reason=_("the official register (%(source)s) has no %(level)s with this code.")
                    % {"source": source, "level": Level(level).label.lower()},
                    fix=_(
                        "Correct the code, or give an earlier valid-from date if the file is an older layout."
                    ),
                )
            )
        elif _plain(known) != _plain(record.name):
            warnings.append(
                Problem(
                    file=name,
                    row=record.row,
                    code=record.code,
                    field="name",
                    value=record.name,
                    reason=_("the official name of this code is “%(official)s”.") % {"official": known},
                )
            )
    return problems, warnings


@transaction.atomic
def register_load(*, path: Path, valid_from: datetime.date, source: str, name: str | None = None) -> dict:
    """Replace the register by the rows of the CSV at ``path``; all or nothing. Returns the
    number of units per level. Raises ``BoundaryImportError`` listing every bad row."""
    name = name or Path(path).name
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BoundaryImportError.refused(
            name,
            _("the file is not UTF-8 text (byte %(position)s).") % {"position": error.start},
            _("Save it as CSV UTF-8 and load it again."),
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise BoundaryImportError.refused(
            name,
            _("the columns %(columns)s are missing.") % {"columns": ", ".join(missing)},
            _("The first row names the columns: code,name,level[,province_code]."),
        )
    problems, rows, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        code, unit_name, level = (str(row.get(c) or "").strip() for c in COLUMNS)
        where = {"file": name, "row": number, "code": code}
        if not code.isdigit():
            problems.append(Problem(**where, field="code", value=code, reason=_("a code is digits only.")))
        if not unit_name:
            problems.append(Problem(**where, field="name", value="", reason=_("the name is empty.")))
        if level not in LEVELS:
            problems.append(
                Problem(**where, field="level", value=level, reason=_("use province or commune."))
            )
        if (level, code) in seen:
            problems.append(
                Problem(**where, field="code", value=code, reason=_("this code is listed twice."))
            )
        seen.add((level, code))
        rows.append(
            RegisterUnit(
                code=code,
                name=unit_name,
                level=level,
                province_code=str(row.get("province_code") or "").strip(),
                valid_from=valid_from,
                source=source,
            )
        )
    if problems:
        raise BoundaryImportError(filename=name, problems=problems)
    RegisterUnit.objects.all().delete()
    RegisterUnit.objects.bulk_create(rows, batch_size=1000)
    return {level: sum(1 for r in rows if r.level == level) for level in LEVELS}
