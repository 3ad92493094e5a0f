"""Rows of a filtered establishment set as plain dicts, for the visit list and its
files (the page's exports of the layer itself go through ``monitoring.exports``)."""

from frontend.table_files import table_csv, table_xlsx
from monitoring.models import EstablishmentType

__all__ = ["COLUMNS", "rows_csv", "rows_of", "rows_xlsx"]

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
    return table_csv(COLUMNS, rows)


def rows_xlsx(rows: list[dict], *, title: str) -> bytes:
    return table_xlsx(COLUMNS, rows, title=title, sheet_name="Co so")
