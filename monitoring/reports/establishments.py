"""The establishments part: active establishments by type, how many are prone to social
evils, inspected in the twelve months to the period's end and found in violation during
the period, and the inspection coverage against the target
(``monitoring.establishments.inspection_coverage``, the inspectors' map's own figure)."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from geo.areas import Area
from monitoring.establishments.inspection_coverage import inspection_coverage, target_share
from monitoring.figures.periods import Period
from monitoring.models import Establishment, EstablishmentType, Inspection, InspectionResult

__all__ = ["EstablishmentPart", "TypeRow", "establishment_part", "period_last_day"]


def period_last_day(period: Period) -> datetime.date:
    end = period.end
    return end.replace(day=calendar.monthrange(end.year, end.month)[1])


@dataclass(frozen=True)
class TypeRow:
    label: str
    active: int
    prone: int


@dataclass(frozen=True)
class EstablishmentPart:
    types: list[TypeRow]
    active: int
    prone: int
    inspected: int  # prone establishments inspected in the 12 months to the period's end
    violations: int  # inspections in the period that found a violation (or closed the place)
    target_percent: float

    @property
    def coverage_percent(self) -> float | None:
        return round(100 * self.inspected / self.prone, 1) if self.prone else None

    @property
    def meets_target(self) -> bool:
        return self.coverage_percent is not None and self.coverage_percent >= self.target_percent


def establishment_part(*, area: Area, period: Period) -> EstablishmentPart:
    places = Establishment.objects.filter(area.q("commune"), status="active")
    counts = {
        row["type"]: row
        for row in places.values("type").annotate(active=Count("id"), prone=Count("id", filter=Q(prone=True)))
    }
    types = [
        TypeRow(str(label), counts[value]["active"], counts[value]["prone"])
        for value, label in EstablishmentType.choices
        if value in counts
    ]
    communes, _districts = inspection_coverage(area=area, today=period_last_day(period))
    violations = Inspection.objects.filter(
        area.q("establishment__commune"),
        date__range=(period.start, period_last_day(period)),
        result__in=[InspectionResult.VIOLATION, InspectionResult.CLOSED_DOWN],
    ).count()
    return EstablishmentPart(
        types=types,
        active=sum(t.active for t in types),
        prone=sum(row.prone for row in communes),
        inspected=sum(row.inspected for row in communes),
        violations=violations,
        target_percent=round(100 * target_share(), 1),
    )
