"""Rows of a filtered establishment set as plain dicts: one shape for the table, the
API-free exports (GeoJSON, CSV, XLSX) and the visit list."""

import csv
import io
import json

from django.utils import timezone
from openpyxl import Workbook

from monitoring.models import EstablishmentType

__all__ = ["COLUMNS", "rows_csv", "rows_geojson", "rows_of", "rows_xlsx"]

TYPE_LABELS = dict(EstablishmentType.choices)
COLUMNS = [
    ("id", "id"),
    ("name", "Tên cơ sở"),
    ("type_label", "Loại hình"),
    ("address", "Địa chỉ"),
    ("commune_code", "Mã xã"),
    ("commune", "Xã"),
    ("prone", "Dễ phát sinh TNXH"),
    ("status", "Trạng thái"),
    ("licence_number", "Số giấy phép"),
    ("last_inspected", "Kiểm tra gần nhất"),
    ("last_result", "Kết quả"),
    ("follow_up_due", "Hạn kiểm tra lại"),
    ("lon", "Kinh độ"),
    ("lat", "Vĩ độ"),
]


def rows_of(queryset) -> list[dict]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "type_label": str(TYPE_LABELS.get(e.type, e.type)),
            "address": e.address,
            "commune_code": e.commune.code if e.commune else None,
            "commune": e.commune.name if e.commune else None,
            "prone": e.prone,
            "status": e.status,
            "licence_number": e.licence_number,
            "last_inspected": e.last_inspected.isoformat() if e.last_inspected else None,
            "last_result": e.last_result,
            "follow_up_due": e.follow_up_due.isoformat() if e.follow_up_due else None,
            "lon": round(e.location.x, 6),
            "lat": round(e.location.y, 6),
        }
        for e in queryset
    ]


def rows_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow([row[key] for key, _ in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def rows_xlsx(rows: list[dict], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Co so"
    sheet.append([title])
    sheet.append([label for _, label in COLUMNS])
    for row in rows:
        sheet.append([row[key] for key, _ in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_geojson(rows: list[dict], *, filter_params: dict) -> str:
    features = [
        {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": {
                "id": row["id"],
                "name": row["name"],
                "type": row["type"],
                "commune_code": row["commune_code"],
                "prone": row["prone"],
                "status": row["status"],
                "last_inspected": row["last_inspected"],
                "last_result": row["last_result"],
                "follow_up_due": row["follow_up_due"],
            },
        }
        for row in rows
    ]
    return json.dumps(
        {
            "type": "FeatureCollection",
            "name": "establishments",
            "filter": filter_params,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "features": features,
        },
        ensure_ascii=False,
    )
