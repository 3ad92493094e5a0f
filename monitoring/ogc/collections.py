"""The collections the OGC API serves: for each, the permission that lets a user read
it, the user's rows (area applied), the feature properties (the contract's names, as in
the REST API and the exports) and the properties one may filter on."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, Func, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils.translation import gettext_lazy as _

from geo.areas import Area
from geo.models import AdminUnit, BorderLine, Level
from monitoring.models import CounsellingPoint, Establishment, Inspection, TreatmentFacility

__all__ = ["COLLECTIONS", "Collection", "Key"]


class Round(Func):
    function = "ROUND"


@dataclass(frozen=True)
class Collection:
    """One collection. ``columns`` gives, in the contract's order, each property's SQL
    expression (or a ``Key`` of a hidden column, whose name starts with ``_``); the first
    one is the feature identifier (and the page order)."""

    name: str
    title: str
    description: str
    permission: str
    geometry_type: str
    rows: Callable[[Area], QuerySet]  # the rows of the user's area
    columns: Callable[[], dict]
    filters: dict[str, tuple[str, str]] = field(default_factory=dict)  # parameter → (lookup, type)
    geometry: str = "location"
    scoped: bool = True

    @property
    def properties(self) -> tuple[str, ...]:
        return tuple(name for name in self.columns() if not name.startswith("_"))

    @property
    def id_property(self) -> str:
        return self.properties[0]


def _fields(*names: str) -> dict:
    return {name: F(name) for name in names}


def _units(level: str) -> Callable[[Area], QuerySet]:
    def rows(scope: Area):
        return AdminUnit.current.filter(scope.units_q(), level=level)

    return rows


def _places(model) -> Callable[[Area], QuerySet]:
    def rows(scope: Area):
        return model.objects.filter(scope.q("commune"))

    return rows


def _unit_columns() -> dict:
    return (
        _fields("code", "name", "level")
        | {
            "parent_code": F("parent__code"),
            "population": F("population"),
            "area_m2": Round("area_m2"),
            "is_border": F("is_border"),
            "border_distance_m": Round("border_distance_m"),
        }
        | _fields("kind", "valid_from", "valid_to")
    )


class Key:
    """A property read from the JSON object of another (hidden) column."""

    def __init__(self, column: str, key: str) -> None:
        self.column, self.key = column, key


def _establishment_columns() -> dict:
    latest = Inspection.objects.filter(establishment=OuterRef("pk")).order_by("-date", "-id")
    visit = JSONObject(date="date", result="result", follow_up_due="follow_up_due")
    return _fields("id", "name", "type") | {
        "commune_code": F("commune__code"),
        "prone": F("prone"),
        "status": F("status"),
        "last_inspected": Key("_visit", "date"),
        "address": F("address"),
        "licence_number": F("licence_number"),
        "last_result": Key("_visit", "result"),
        "follow_up_due": Key("_visit", "follow_up_due"),
        "_visit": Subquery(latest.values(v=visit)[:1]),  # the latest visit, looked up once per row
    }


UNIT_FILTERS = {
    "code": ("code", "str"),
    "name": ("name", "str"),
    "parent_code": ("parent__code", "str"),
    "is_border": ("is_border", "bool"),
    "kind": ("kind", "str"),
}

COLLECTIONS = {
    c.name: c
    for c in (
        Collection(
            name="communes",
            title=_("Communes"),
            description=_("Current communes (xã, phường, thị trấn) with population and border facts."),
            permission="geo.view_adminunit",
            geometry_type="MultiPolygon",
            rows=_units(Level.COMMUNE),
            columns=_unit_columns,
            filters=UNIT_FILTERS,
            geometry="geom",
        ),
        Collection(
            name="districts",
            title=_("Districts"),
            description=_("Current districts with population and border facts."),
            permission="geo.view_adminunit",
            geometry_type="MultiPolygon",
            rows=_units(Level.DISTRICT),
            columns=_unit_columns,
            filters=UNIT_FILTERS,
            geometry="geom",
        ),
        Collection(
            name="establishments",
            title=_("Service establishments"),
            description=_("Service establishments prone to social evils, with their latest inspection."),
            permission="monitoring.view_establishment",
            geometry_type="Point",
            rows=_places(Establishment),
            columns=_establishment_columns,
            filters={
                "type": ("type", "str"),
                "status": ("status", "str"),
                "prone": ("prone", "bool"),
                "commune_code": ("commune__code", "str"),
            },
        ),
        Collection(
            name="counselling-points",
            title=_("Counselling points"),
            description=_("Community counselling points for drug treatment."),
            permission="monitoring.view_counsellingpoint",
            geometry_type="Point",
            rows=_places(CounsellingPoint),
            columns=lambda: (
                _fields("id", "name", "status")
                | {"commune_code": F("commune__code")}
                | _fields("opened_on", "staff")
            ),
            filters={"status": ("status", "str"), "commune_code": ("commune__code", "str")},
        ),
        Collection(
            name="treatment-facilities",
            title=_("Treatment facilities"),
            description=_("Rehab centres and methadone clinics."),
            permission="monitoring.view_treatmentfacility",
            geometry_type="Point",
            rows=_places(TreatmentFacility),
            columns=lambda: (
                _fields("id", "name", "kind")
                | {"commune_code": F("commune__code"), "capacity": F("capacity")}
            ),
            filters={"kind": ("kind", "str"), "commune_code": ("commune__code", "str")},
        ),
        Collection(
            name="border",
            title=_("Land border"),
            description=_(
                "Vietnam's national land border, one line per neighbour (© OpenStreetMap contributors)."
            ),
            permission="geo.view_borderline",
            geometry_type="MultiLineString",
            rows=lambda scope: BorderLine.objects.all(),
            columns=lambda: _fields("neighbour", "source"),
            filters={"neighbour": ("neighbour", "str")},
            geometry="geom",
            scoped=False,
        ),
    )
}
