"""Rows of a filtered establishment set as plain dicts, for the visit list and its
files (the page's exports of the layer itself go through ``monitoring.exports``)."""

from django.utils.translation import gettext_lazy

from monitoring.exports.tables import table_csv, table_xlsx
from monitoring.layers import ESTABLISHMENTS
from monitoring.models import EstablishmentStatus, EstablishmentType, InspectionResult

__all__ = ["COLUMNS", "rows_csv", "rows_of", "rows_xlsx"]

TYPE_LABELS = dict(EstablishmentType.choices)
STATUS_LABELS = dict(EstablishmentStatus.choices)
RESULT_LABELS = dict(InspectionResult.choices)


def _label(name: str):
    return ESTABLISHMENTS.field_get(name).label


# Headers a person reads, in the page's language: the establishments layer's labels
# (declared once, in the registry) and the few columns only these files have.
COLUMNS = [
    ("id", "id"),
    ("name", _label("name")),
    ("type_label", gettext_lazy("Type")),
    ("address", _label("address")),
    ("commune_code", _label("commune_code")),
    ("commune", gettext_lazy("Commune")),
    ("prone", _label("prone")),
    ("status_label", _label("status")),
    ("licence_number", _label("licence_number")),
    ("last_inspected", _label("last_inspected")),
    ("last_result_label", _label("last_result")),
    ("follow_up_due", _label("follow_up_due")),
    ("lon", gettext_lazy("Longitude")),
    ("lat", gettext_lazy("Latitude")),
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
            "status_label": str(STATUS_LABELS.get(e.status, e.status)),
            "licence_number": e.licence_number,
            "last_inspected": e.last_inspected.isoformat() if e.last_inspected else None,
            "last_result": e.last_result,
            "last_result_label": str(RESULT_LABELS.get(e.last_result, e.last_result or "")),
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
