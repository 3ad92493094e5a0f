"""Whether a period's figures are complete for an area: how many of its communes were
expected to report an indicator, how many did, which are missing and the share; the
same per month for a trend; and the latest complete month, the default period of the
risk map, the planning page and the exports.

A commune has reported a period when it has a figure for each of the period's months.
A period is complete when the share reported reaches ``REPORTING_COMPLETE_PERCENT``
(default 100). A missing report is missing, never zero: totals over an incomplete period
are labelled with this share.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import formats
from django.utils.translation import gettext as _

from monitoring.figures.periods import Period
from monitoring.models import Indicator

__all__ = [
    "MISSING_LISTED",
    "Completeness",
    "MonthReporting",
    "Reporting",
    "default_period",
    "latest_complete_month",
    "month_reporting",
    "period_completeness",
    "reporting_by_month",
]

MISSING_LISTED = 10  # missing communes named in a warning; the rest are counted


def _complete_percent() -> int:
    return getattr(settings, "REPORTING_COMPLETE_PERCENT", 100)


class _Share:
    """``share`` and ``complete`` of anything with ``reported`` and ``expected`` communes."""

    reported: int
    expected: int

    @property
    def share(self) -> float | None:
        """Percent of the expected communes that reported (None: no commune expected)."""
        return round(100 * self.reported / self.expected, 1) if self.expected else None

    @property
    def complete(self) -> bool:
        return self.expected > 0 and 100 * self.reported >= _complete_percent() * self.expected

    def label(self) -> str:
        """``12 of 200 communes reported (6 %)``."""
        return _("%(reported)s of %(expected)s communes reported (%(share)s %%)") % {
            "reported": self.reported,
            "expected": self.expected,
            "share": _share_text(self.share),
        }


@dataclass(frozen=True)
class Reporting(_Share):
    """Reporting by part of an area (one district's communes): its figure is the sum of
    the communes that reported and says so (``frontend/incomplete_mark.html``)."""

    reported: int
    expected: int


@dataclass(frozen=True)
class Completeness(_Share):
    """Reporting of ``indicator`` for ``period`` by an area's communes."""

    period: Period
    expected: int
    reported: int
    missing: list[tuple[str, str]] = field(default_factory=list)  # (code, name), first MISSING_LISTED
    reported_ids: frozenset[int] = frozenset()  # ids of the communes that reported

    @property
    def missing_count(self) -> int:
        return self.expected - self.reported

    @property
    def missing_more(self) -> int:
        """Missing communes not named in ``missing``."""
        return self.missing_count - len(self.missing)

    def reported_among(self, unit_ids) -> tuple[int, int]:
        """(reported, expected) among ``unit_ids`` (e.g. one district's communes)."""
        ids = list(unit_ids)
        return sum(1 for i in ids if i in self.reported_ids), len(ids)

    def among(self, unit_ids) -> Reporting:
        """The reporting of the communes among ``unit_ids`` (one district's)."""
        return Reporting(*self.reported_among(unit_ids))

    def metadata(self) -> dict:
        """The reporting facts written into an export's metadata."""
        return {
            "period": self.period.key(),
            "communes_expected": self.expected,
            "communes_reported": self.reported,
            "share_percent": self.share,
            "complete": self.complete,
            "complete_percent": _complete_percent(),
            "missing": [code for code, _name in self.missing],
            "missing_more": self.missing_more,
        }


def _share_text(share: float | None) -> str:
    if share is None:
        return "—"
    return formats.localize(int(share) if float(share).is_integer() else share)


PERIOD_SQL = """
SELECT u.id, u.code, u.name, count(DISTINCT c.period)
  FROM geo_adminunit u
  LEFT JOIN monitoring_casecount c
         ON c.unit_id = u.id AND c.period BETWEEN %(start)s AND %(end)s
        AND (%(indicator)s::bigint IS NULL OR c.indicator_id = %(indicator)s::bigint)
 WHERE u.level = 'commune' AND u.valid_to IS NULL
   AND (%(ids)s::bigint[] IS NULL OR u.id = ANY(%(ids)s::bigint[]))
 GROUP BY u.id, u.code, u.name
 ORDER BY u.code
"""


def _ids(unit_ids) -> list[int] | None:
    return None if unit_ids is None else sorted(unit_ids)


def period_completeness(*, indicator: Indicator | None, period: Period, unit_ids=None) -> Completeness:
    """Reporting of ``indicator`` (None: any indicator) for ``period`` by the current
    communes among ``unit_ids`` (a user's area or the communes shown; None: all)."""
    params = {
        "start": period.start,
        "end": period.end,
        "indicator": indicator.id if indicator else None,
        "ids": _ids(unit_ids),
    }
    with connection.cursor() as cursor:
        cursor.execute(PERIOD_SQL, params)
        rows = cursor.fetchall()
    missing = [(code, name) for _id, code, name, months in rows if months < period.length]
    return Completeness(
        period=period,
        expected=len(rows),
        reported=len(rows) - len(missing),
        missing=missing[:MISSING_LISTED],
        reported_ids=frozenset(uid for uid, _code, _name, months in rows if months >= period.length),
    )


@dataclass(frozen=True)
class MonthReporting(_Share):
    """One month of a trend: communes that reported and communes expected."""

    month: datetime.date
    reported: int
    expected: int


MONTHS_SQL = """
SELECT c.period, count(DISTINCT c.unit_id)
  FROM monitoring_casecount c
  JOIN geo_adminunit u ON u.id = c.unit_id AND u.level = 'commune' AND u.valid_to IS NULL
 WHERE (%(indicator)s::bigint IS NULL OR c.indicator_id = %(indicator)s::bigint)
   AND (%(ids)s::bigint[] IS NULL OR u.id = ANY(%(ids)s::bigint[]))
   AND (%(before)s::date IS NULL OR c.period < %(before)s::date)
 GROUP BY c.period
 ORDER BY c.period
"""

CURRENT_COMMUNES_SQL = """
SELECT u.id FROM geo_adminunit u
 WHERE u.level = 'commune' AND u.valid_to IS NULL AND u.id = ANY(%(ids)s::bigint[])
"""

EXPECTED_SQL = """
SELECT count(*) FROM geo_adminunit u
 WHERE u.level = 'commune' AND u.valid_to IS NULL
   AND (%(ids)s::bigint[] IS NULL OR u.id = ANY(%(ids)s::bigint[]))
"""


def month_reporting(
    *, indicator: Indicator | None, unit_ids=None, before: datetime.date | None = None, totals=None
) -> dict[datetime.date, MonthReporting]:
    """For each month with figures (before ``before`` if given), how many of the current
    communes among ``unit_ids`` reported ``indicator`` (None: any indicator). ``totals``:
    ``monthly_totals`` already read for these (current) communes, not read again."""
    params = {"indicator": indicator.id if indicator else None, "ids": _ids(unit_ids), "before": before}
    if indicator is not None and unit_ids is not None:
        # One indicator over given units (a map's communes): counted from the figures of
        # each month by index, as the trend beside it is summed (``monthly_totals``).
        from monitoring.figures.values import monthly_totals

        with connection.cursor() as cursor:
            cursor.execute(CURRENT_COMMUNES_SQL, params)
            communes = [row[0] for row in cursor.fetchall()]
        months = (
            totals
            if totals is not None and before is None and len(communes) == len(set(unit_ids))
            else monthly_totals(indicator=indicator, unit_ids=communes, before=before)
        )
        return {month: MonthReporting(month, count, len(communes)) for month, (_t, count) in months.items()}
    with connection.cursor() as cursor:
        cursor.execute(EXPECTED_SQL, params)
        (expected,) = cursor.fetchone()
        cursor.execute(MONTHS_SQL, params)
        return {month: MonthReporting(month, count, expected) for month, count in cursor.fetchall()}


def latest_complete_month(
    *, today: datetime.date, indicator: Indicator | None = None, unit_ids=None
) -> Period | None:
    """The latest month before the current one that is complete for the communes among
    ``unit_ids`` (None: every current commune) and ``indicator`` (None: any)."""
    months = month_reporting(indicator=indicator, unit_ids=unit_ids, before=today.replace(day=1))
    complete = [month for month, row in months.items() if row.complete]
    return Period.month(max(complete)) if complete else None


def default_period(*, today: datetime.date, indicator: Indicator | None = None, unit_ids=None) -> Period:
    """The period a page or an export shows when none is asked for: the latest complete
    month, else the latest month with figures (labelled incomplete), else this month."""
    months = month_reporting(indicator=indicator, unit_ids=unit_ids, before=today.replace(day=1))
    complete = [month for month, row in months.items() if row.complete]
    if complete or months:
        return Period.month(max(complete or months))
    return Period.month(today.replace(day=1))


def reporting_by_month(*, period: str | None, indicator_codes: str | None, unit_ids=None) -> list[dict]:
    """An export's reporting facts: for each month with figures in ``period`` (as an
    export's metadata writes it: ``2026-03``, ``2026-01/2026-03``, ``../2026-03`` or None)
    the communes expected and reported, the share and whether the month is complete.
    ``indicator_codes`` (comma-separated) names one indicator, else any indicator counts."""
    codes = [c for c in (indicator_codes or "").split(",") if c.strip()]
    indicator = Indicator.objects.filter(code=codes[0].strip()).first() if len(codes) == 1 else None
    start, _slash, end = (period or "..").partition("/")
    end = end or start
    bounds = [None if text in ("", "..") else Period.parse(text).start for text in (start, end)]
    rows = month_reporting(indicator=indicator, unit_ids=unit_ids).values()
    return [
        {
            "period": f"{row.month:%Y-%m}",
            "communes_expected": row.expected,
            "communes_reported": row.reported,
            "share_percent": row.share,
            "complete": row.complete,
        }
        for row in rows
        if (bounds[0] is None or row.month >= bounds[0]) and (bounds[1] is None or row.month <= bounds[1])
    ]
