"""Build or rebuild the whole demo province in one transaction."""

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction

from geo.models import AdminUnit
from geo.services import admin_units_border_refresh
from monitoring.demo import figures, places, province, sensitive
from monitoring.models import (
    Alert,
    CaseCount,
    Classification,
    CounsellingPoint,
    Establishment,
    SensitiveSite,
    TreatmentFacility,
)

__all__ = ["DemoSummary", "demo_exists", "demo_province_build", "demo_province_remove"]

logger = logging.getLogger(__name__)
SEED = 20251


@dataclass
class DemoSummary:
    communes: int
    districts: int
    border_communes: int
    establishments: int
    counselling_points: int
    treatment_facilities: int
    case_counts: int
    classifications: int


def outline_path() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "osm" / "demo_province_outline.geojson"


def demo_exists() -> bool:
    return AdminUnit.objects.filter(is_demo=True).exists()


@transaction.atomic
def demo_province_remove() -> dict[str, int]:
    """Remove the demo province (its units, places, figures, alerts, classifications)
    and the demo accounts, whose password is published: a real province starts without
    them. Returns how many units and accounts were removed."""
    from django.contrib.auth.models import User

    from monitoring.demo.accounts import DEMO_ACCOUNTS

    units = AdminUnit.objects.filter(is_demo=True).count()
    _demo_delete()
    demo_users = User.objects.filter(username__in=[u for u, _r, _n in DEMO_ACCOUNTS])
    accounts = demo_users.count()
    demo_users.delete()
    return {"units": units, "accounts": accounts}


def _demo_delete() -> None:
    CaseCount.objects.filter(is_demo=True).delete()
    Alert.objects.filter(commune__is_demo=True).delete()
    Classification.objects.filter(unit__is_demo=True).delete()
    for model in (Establishment, CounsellingPoint, TreatmentFacility, SensitiveSite):
        model.objects.filter(is_demo=True).delete()
    for level in ("commune", "district", "province"):
        AdminUnit.objects.filter(is_demo=True, level=level).delete()


@transaction.atomic
def demo_province_build(*, progress=logger.info) -> DemoSummary:
    """Replace any previous demo data with the deterministic demo province."""
    rng = np.random.default_rng(SEED)
    progress("Xoá dữ liệu minh hoạ cũ / removing previous demo data")
    _demo_delete()
    progress("Tạo địa giới xã, huyện / building communes and districts")
    units = province.units_build(outline_path=outline_path(), rng=rng)
    all_ids = [units.province.id] + [u.id for u in units.districts + units.communes]
    admin_units_border_refresh(unit_ids=all_ids)
    communes = list(AdminUnit.objects.filter(id__in=[c.id for c in units.communes]).order_by("code"))
    risk = figures.risk_of(communes=communes, seeds=units.seeds, rng=rng)
    progress("Tạo cơ sở kinh doanh dịch vụ / building establishments and inspections")
    establishments = places.establishments_build(communes=communes, rng=rng)
    places.facilities_build(communes=communes, risk=risk, rng=rng)
    progress("Tạo số liệu hằng tháng / building 36 months of case counts")
    counts = figures.case_counts_build(communes=communes, risk=risk, seeds=units.seeds, rng=rng)
    classifications = figures.classifications_build(communes=communes, risk=risk)
    progress("Tạo trường học, cơ sở y tế, di tích / building sensitive sites")
    sensitive.sensitive_sites_build(communes=communes, rng=rng)
    return DemoSummary(
        communes=len(communes),
        districts=len(units.districts),
        border_communes=sum(c.is_border for c in communes),
        establishments=establishments,
        counselling_points=CounsellingPoint.objects.filter(is_demo=True).count(),
        treatment_facilities=TreatmentFacility.objects.filter(is_demo=True).count(),
        case_counts=counts,
        classifications=classifications,
    )
