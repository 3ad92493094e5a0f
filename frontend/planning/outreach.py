"""The outreach plan: communes of a chosen high-risk area with their demand, nearest
counselling point and its distance; the same rows feed the table and every export."""

import csv
import io
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.errors import BadInput
from core.parse import number_parse
from frontend.planning.plan import PlanState
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
        classes = tuple(
            c for c in (get.get("classes") or "type_1,type_2").split(",") if c in DrugClass.values
        )
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
                "demand": p.weight,  # None: not reported (never 0)
                "reported": p.weight is not None,
                "reporting_share": share,
                "nearest_point": state.site_label(int(state.coverage.nearest[i])),
                "nearest_distance_m": None if distance == float("inf") else round(float(distance)),
                "covered": covered,
                "lon": round(p.lon, 6),
                "lat": round(p.lat, 6),
            }
        )
    rows.sort(key=lambda r: (-(r["demand"] or 0), r["code"]))
    return rows


COLUMNS = [
    ("code", "Mã xã"),
    ("name", "Xã"),
    ("district", "Huyện"),
    ("class", "Phân loại"),
    ("is_border", "Xã biên giới"),
    ("border_distance_m", "Cách biên giới (m)"),
    ("demand", "Nhu cầu"),
    ("reported", "Đã báo cáo"),
    ("reporting_share", "Tỷ lệ xã đã báo cáo trong kỳ (%)"),
    ("nearest_point", "Điểm tư vấn gần nhất"),
    ("nearest_distance_m", "Khoảng cách (m)"),
    ("covered", "Được phục vụ"),
]


def _header() -> list[str]:
    return [label for _key, label in COLUMNS]


def outreach_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    for row in rows:
        writer.writerow([row[key] for key, _label in COLUMNS])
    return "\ufeff" + buffer.getvalue()  # BOM: Excel opens UTF-8 Vietnamese correctly


def outreach_xlsx(rows: list[dict], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Outreach")[:31]
    sheet.append([title])
    sheet.append(_header())
    for row in rows:
        sheet.append([row[key] for key, _label in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def outreach_geojson(rows: list[dict], *, metadata: dict) -> str:
    features = [
        {
            "type": "Feature",
            "id": row["code"],
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": {k: v for k, v in row.items() if k not in ("lon", "lat")},
        }
        for row in rows
    ]
    return json.dumps({"type": "FeatureCollection", **metadata, "features": features}, ensure_ascii=False)
