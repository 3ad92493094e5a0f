"""The outreach plan: communes of a chosen high-risk area with their demand, nearest
counselling point and its distance; the same rows feed the table and every export."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import BadInput
from core.parse import number_parse
from frontend.planning.plan import PlanState
from geo.geojson import feature_collection
from monitoring.exports.tables import table_csv, table_xlsx
from monitoring.layers import COMMUNES
from monitoring.models import DrugClass

__all__ = ["OutreachFilter", "outreach_csv", "outreach_geojson", "outreach_rows", "outreach_xlsx"]


@dataclass(frozen=True)
class OutreachFilter:
    border_km: float | None = 20.0  # within this distance of the land border (None: anywhere)
    classes: tuple[str, ...] = ("type_1", "type_2")  # empty: any class
    uncovered_only: bool = False

    @classmethod
    def parse(cls, get) -> "OutreachFilter":
        km = get.get("border_km", "20")
        classes = tuple(c for c in get.get("classes", "type_1,type_2").split(",") if c in DrugClass.values)
        try:
            border_km = None if km in ("", "any") else max(0.0, number_parse(km, parameter="border_km"))
        except BadInput:
            border_km = 20.0
        return cls(border_km, classes, get.get("uncovered") == "1")


def outreach_rows(state: PlanState, area: OutreachFilter) -> list[dict]:
    labels = dict(DrugClass.choices)
    share = None if state.completeness is None else state.completeness.share
    rows = []
    for i, p in enumerate(state.demand):
        if area.border_km is not None and (
            p.border_distance_m is None or p.border_distance_m > area.border_km * 1000
        ):
            continue
        if area.classes and p.drug_class not in area.classes:
            continue
        covered = bool(state.coverage.covered[i])
        if area.uncovered_only and covered:
            continue
        distance = state.coverage.distance_m[i]
        rows.append(
            {
                "code": p.code,
                "name": p.name,
                "district": p.parent,
                "class": str(labels.get(p.drug_class, "")) if p.drug_class else "",
                "is_border": p.is_border,
                "border_distance_m": None if p.border_distance_m is None else round(p.border_distance_m),
                "demand": state.demand_shown(i),  # None: not reported (never 0)
                "_order": p.weight or 0,
                "reported": p.weight is not None,
                "reporting_share": share,
                "nearest_point": state.site_label(int(state.coverage.nearest[i])),
                "nearest_distance_m": None if distance == float("inf") else round(float(distance)),
                "covered": covered,
                "lon": round(p.lon, 6),
                "lat": round(p.lat, 6),
            }
        )
    rows.sort(key=lambda r: (-r["_order"], r["code"]))
    for row in rows:
        del row["_order"]
    return rows


def _label(name: str):
    return COMMUNES.field_get(name).label


# A commune's own facts carry the communes layer's labels (declared once, in the registry).
COLUMNS = [
    ("code", _label("code")),
    ("name", _label("name")),
    ("district", gettext_lazy("District")),
    ("class", gettext_lazy("Classification")),
    ("is_border", _label("is_border")),
    ("border_distance_m", _label("border_distance_m")),
    ("demand", gettext_lazy("Demand")),
    ("reported", gettext_lazy("Reported")),
    ("reporting_share", gettext_lazy("Communes reported in the period (%)")),
    ("nearest_point", gettext_lazy("Nearest counselling point")),
    ("nearest_distance_m", gettext_lazy("Distance (m)")),
    ("covered", gettext_lazy("Covered")),
]


def outreach_csv(rows: list[dict]) -> str:
    return table_csv(COLUMNS, rows)


def outreach_xlsx(rows: list[dict], *, title: str) -> bytes:
    return table_xlsx(COLUMNS, rows, title=title, sheet_name=_("Outreach"))


def outreach_geojson(rows: list[dict], *, metadata: dict) -> str:
    features = (
        {
            "type": "Feature",
            "id": row["code"],
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": {k: v for k, v in row.items() if k not in ("lon", "lat")},
        }
        for row in rows
    )
    return feature_collection(features, members=metadata)
