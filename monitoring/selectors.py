"""Reads on monitoring data for pages and summaries."""

import datetime
from dataclasses import dataclass

from django.db.models import Max

from geo.models import AdminUnit, Level
from monitoring.models import CaseCount, CounsellingPoint, Establishment, TreatmentFacility

__all__ = ["ProvinceSummary", "province_summary"]


@dataclass(frozen=True)
class ProvinceSummary:
    province: AdminUnit | None
    districts: int
    communes: int
    border_communes: int
    establishments: int
    counselling_points: int
    treatment_facilities: int
    latest_month: datetime.date | None
    is_demo: bool

    @property
    def area_km2(self) -> float | None:
        if self.province is None or self.province.area_m2 is None:
            return None
        return self.province.area_m2 / 1e6


def province_summary(*, unit_ids=None) -> ProvinceSummary:
    """Counts of the current units and places, and the latest reported month, within
    ``unit_ids`` (a user's area, ``geo.areas``; None: everything)."""
    units = AdminUnit.current.all()
    places = {}
    counts = CaseCount.objects.all()
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
        places = {"commune__in": unit_ids}
        counts = counts.filter(unit__in=unit_ids)
    province = units.filter(level=Level.PROVINCE).order_by("code").first()
    if province is None and unit_ids is not None:  # an area below a province: its first unit
        province = (
            units.filter(level=Level.DISTRICT).order_by("code").first() or units.order_by("code").first()
        )
    return ProvinceSummary(
        province=province,
        districts=units.filter(level=Level.DISTRICT).count(),
        communes=units.filter(level=Level.COMMUNE).count(),
        border_communes=units.filter(level=Level.COMMUNE, is_border=True).count(),
        establishments=Establishment.objects.filter(status="active", **places).count(),
        counselling_points=CounsellingPoint.objects.filter(status="active", **places).count(),
        treatment_facilities=TreatmentFacility.objects.filter(**places).count(),
        latest_month=counts.aggregate(latest=Max("period"))["latest"],
        is_demo=bool(province and province.is_demo),
    )
