"""Record aggregated case counts with every rule checked before the database sees them."""

import datetime

from django.db import transaction

from geo.models import AdminUnit
from monitoring.audit import audit_record, audit_snapshot
from monitoring.models import CaseCount, Indicator
from monitoring.services.errors import MonitoringError, PartExceedsWhole

__all__ = ["case_counts_check", "case_counts_record"]


def _month(period: datetime.date) -> datetime.date:
    if period.day != 1:
        raise MonitoringError(
            f"Period {period:%Y-%m-%d} is not a month: give the first day of the month ({period:%Y-%m}-01)."
        )
    return period


def case_counts_check(*, unit: AdminUnit, period: datetime.date, values: dict[Indicator, int]) -> None:
    """Raise if ``values`` (merged with what is stored) breaks a rule.

    Rules: values are non-negative integers; a part never exceeds its whole.
    """
    _month(period)
    for indicator, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise MonitoringError(
                f"{unit.code} {period:%Y-%m}: “{indicator.name_vi}” = {value!r} is not a "
                "whole number of zero or more."
            )
    stored = {count.indicator_id: count.value for count in CaseCount.objects.filter(unit=unit, period=period)}
    merged = stored | {indicator.id: value for indicator, value in values.items()}
    involved = Indicator.objects.filter(id__in=merged, part_of_id__in=merged).select_related("part_of")
    for part in involved:
        if merged[part.id] > merged[part.part_of_id]:
            raise PartExceedsWhole(
                unit_code=unit.code,
                period=period,
                part=part.name_vi,
                part_value=merged[part.id],
                whole=part.part_of.name_vi,
                whole_value=merged[part.part_of_id],
            )


@transaction.atomic
def case_counts_record(
    *,
    unit: AdminUnit,
    period: datetime.date,
    values: dict[Indicator, int],
    source: str = "",
    reported_on: datetime.date | None = None,
) -> list[CaseCount]:
    """Insert or update one unit's counts for one month, all or nothing."""
    case_counts_check(unit=unit, period=period, values=values)
    stored = {
        c.indicator_id: c for c in CaseCount.objects.filter(unit=unit, period=period, indicator__in=values)
    }
    saved = []
    for indicator, value in values.items():
        before = audit_snapshot(stored.get(indicator.id))
        count, created = CaseCount.objects.update_or_create(
            unit=unit,
            period=period,
            indicator=indicator,
            defaults={"value": value, "source": source, "reported_on": reported_on},
        )
        after = audit_snapshot(count)
        if created or before != after:
            audit_record(action="create" if created else "update", obj=count, before=before, after=after)
        saved.append(count)
    return saved
