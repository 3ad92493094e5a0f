"""The stored values of a month that lie outside their cell's plausible range, in an
area: what the data-quality page lists (the grid flags the same values, by the same
:func:`~monitoring.quality.outliers.cell_ranges`)."""

import datetime
from dataclasses import dataclass

from geo.areas import Area
from geo.models import Level
from monitoring.models import CaseCount, CellNote
from monitoring.quality.outliers import CellRange, cell_ranges

__all__ = ["StoredOutlier", "latest_month_with_figures", "stored_outliers"]


@dataclass(frozen=True)
class StoredOutlier:
    """One stored figure outside its range, with the note that may confirm it."""

    count: CaseCount
    range: CellRange
    reason: str
    note: CellNote | None

    @property
    def confirmed(self) -> bool:
        return self.note is not None and self.note.confirmed_value == self.count.value


def _counts(*, area: Area, period: datetime.date, district: str | None):
    counts = CaseCount.objects.filter(
        area.q("unit"), period=period, unit__level=Level.COMMUNE, unit__valid_to__isnull=True
    )
    if district:
        counts = counts.filter(unit__parent__code=district)
    return counts


def stored_outliers(*, area: Area, period: datetime.date, district: str | None = None) -> list[StoredOutlier]:
    """The figures of ``period`` in ``area`` (and ``district``, a code) outside their range,
    by district, commune and indicator order."""
    counts = list(
        _counts(area=area, period=period, district=district)
        .select_related("unit", "unit__parent", "indicator")
        .order_by("unit__parent__code", "unit__code", "indicator__display_order", "indicator__id")
    )
    if not counts:
        return []
    ranges = cell_ranges(
        unit_ids={c.unit_id for c in counts}, indicator_ids={c.indicator_id for c in counts}, period=period
    )
    flagged = [(c, ranges[(c.unit_id, c.indicator_id)]) for c in counts]
    flagged = [(c, r) for c, r in flagged if r.is_outlier(c.value)]
    notes = {
        (n.unit_id, n.indicator_id): n
        for n in CellNote.objects.filter(
            period=period, unit_id__in={c.unit_id for c, _r in flagged}
        ).select_related("author")
    }
    return [
        StoredOutlier(c, r, r.reason(c.value), notes.get((c.unit_id, c.indicator_id))) for c, r in flagged
    ]


def latest_month_with_figures(*, area: Area, before: datetime.date) -> datetime.date | None:
    """The latest month before ``before`` with any figure in ``area``."""
    latest = CaseCount.objects.filter(area.q("unit"), period__lt=before).order_by("-period").first()
    return latest.period if latest else None
