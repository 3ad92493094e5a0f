"""Per-kind column specs for place files: which columns each kind of place has, how a
cell becomes a field value, and the natural key that makes an import idempotent.

Natural keys (a stored place with the same key is the same place; its other fields are
updated when they differ, so the same file twice changes nothing):

- establishment: ``licence_number`` when given, else name + address + location rounded
  to 1e-6° (about 0.1 m);
- counselling point: name + location;
- treatment facility: kind + name + location;
- sensitive site: kind + name + location.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.parse import PlausibleDate
from monitoring.imports.cells import Refusal, count_from_cell
from monitoring.imports.names import fold
from monitoring.models import (
    CounsellingPoint,
    CounsellingPointStatus,
    Establishment,
    EstablishmentStatus,
    EstablishmentType,
    FacilityKind,
    SensitiveSite,
    SensitiveSiteKind,
    TreatmentFacility,
)

__all__ = ["DIGITS", "KINDS", "Column", "PlaceKind"]

DIGITS = 6


@dataclass(frozen=True)
class Column:
    """A column of a place file: ``parse`` turns its trimmed text into the field's value."""

    name: str
    required: bool = False
    parse: Callable[[str], object] | None = None
    max_length: int | None = None
    default: object = ""


@dataclass(frozen=True)
class PlaceKind:
    code: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    noun: str  # translated "one row per ..." wording
    plural: str
    key: Callable[[dict, float, float], tuple]
    rules: Callable[[dict], list[tuple]] = lambda values: []  # cross-field checks

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]


def _choice(choices: type[models.TextChoices], field: str):
    """Accept a value or its label (case and diacritics ignored)."""
    by_text = {fold(value): value for value in choices.values}
    by_text |= {fold(str(label)): value for value, label in choices.choices}

    def parse(text: str):
        value = by_text.get(fold(text))
        if value is None:
            return Refusal(
                _("unknown %(field)s") % {"field": field},
                _("use one of %(values)s.") % {"values": ", ".join(choices.values)},
            )
        return value

    return parse


def _boolean(text: str):
    value = {"1": True, "yes": True, "co": True, "true": True, "x": True, "0": False, "no": False}.get(
        fold(text)
    )
    value = {"khong": False, "false": False}.get(fold(text), value)
    if value is None:
        return Refusal(_("not yes or no"), _("write yes/no (có/không) or 1/0."))
    return value


def _date(model: type[models.Model], field: str):
    """A date in the plausible range of ``model.field`` (its ``PlausibleDate`` rule)."""
    rule = PlausibleDate.of(model, field)

    def parse(text: str):
        for form in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                day = datetime.datetime.strptime(text.split(" ")[0], form).date()
            except ValueError:
                continue
            if problem := rule.problem(day):
                return Refusal(problem, _("check the date; write it as YYYY-MM-DD or DD/MM/YYYY."))
            return day
        return Refusal(_("not a date"), _("write the date as YYYY-MM-DD or DD/MM/YYYY."))

    return parse


def _count(text: str):
    return count_from_cell(text)


def _active_point_has_opening_date(values: dict) -> list[tuple]:
    if values.get("status") == CounsellingPointStatus.ACTIVE and values.get("opened_on") is None:
        return [
            (
                "opened_on",
                "",
                _("missing for an active point"),
                _("write the opening date (YYYY-MM-DD) or set status to planned."),
            )
        ]
    return []


def _round(lon: float, lat: float) -> tuple[float, float]:
    return round(lon, DIGITS), round(lat, DIGITS)


def _establishment_key(values: dict, lon: float, lat: float) -> tuple:
    if values.get("licence_number"):
        return ("licence", values["licence_number"])
    return ("place", values["name"], values.get("address", ""), *_round(lon, lat))


KINDS: dict[str, PlaceKind] = {
    "establishment": PlaceKind(
        "establishment",
        Establishment,
        (
            Column("type", True, _choice(EstablishmentType, "type")),
            Column("name", True, max_length=200),
            Column("address", max_length=300),
            Column("licence_number", max_length=60),
            Column("prone", parse=_boolean, default=True),
            Column(
                "status", parse=_choice(EstablishmentStatus, "status"), default=EstablishmentStatus.ACTIVE
            ),
        ),
        gettext_lazy("establishment"),
        gettext_lazy("establishments"),
        _establishment_key,
    ),
    "counselling-point": PlaceKind(
        "counselling-point",
        CounsellingPoint,
        (
            Column("name", True, max_length=200),
            Column(
                "status",
                parse=_choice(CounsellingPointStatus, "status"),
                default=CounsellingPointStatus.ACTIVE,
            ),
            Column("opened_on", parse=_date(CounsellingPoint, "opened_on"), default=None),
            Column("staff", parse=_count, default=0),
            Column("services"),
        ),
        gettext_lazy("counselling point"),
        gettext_lazy("counselling points"),
        lambda values, lon, lat: (values["name"], *_round(lon, lat)),
        _active_point_has_opening_date,
    ),
    "treatment-facility": PlaceKind(
        "treatment-facility",
        TreatmentFacility,
        (
            Column("kind", True, _choice(FacilityKind, "kind")),
            Column("name", True, max_length=200),
            Column("capacity", parse=_count, default=None),
        ),
        gettext_lazy("facility"),
        gettext_lazy("facilities"),
        lambda values, lon, lat: (values["kind"], values["name"], *_round(lon, lat)),
    ),
    "sensitive-site": PlaceKind(
        "sensitive-site",
        SensitiveSite,
        (
            Column("kind", True, _choice(SensitiveSiteKind, "kind")),
            Column("name", True, max_length=200),
            Column("address", max_length=300),
        ),
        gettext_lazy("site"),
        gettext_lazy("sites"),
        lambda values, lon, lat: (values["kind"], values["name"], *_round(lon, lat)),
    ),
}
