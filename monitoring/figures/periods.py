"""Reporting periods: a month, a quarter, the Vietnamese "6 months" (January to June) and
"9 months" (January to September) reporting periods, or a year (pure, no Django).

>>> Period.parse("2026-Q3").months()[0]
datetime.date(2026, 7, 1)
>>> Period.parse("2026-9M").end
datetime.date(2026, 9, 1)
>>> Period.parse("2026-6M").same_last_year().key()
'2025-6M'
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import BadInput

__all__ = ["Period", "PeriodError", "periods_between"]

KINDS = ("month", "quarter", "half", "nine", "year")
#: Months in a period of each kind; "half" (6 tháng đầu năm) and "nine" (9 tháng) start in January.
LENGTHS = {"month": 1, "quarter": 3, "half": 6, "nine": 9, "year": 12}
#: Kinds that run from January to their last month: a report so far this year, compared
#: with the same months of last year (their previous period is that one too).
YEAR_TO_DATE = {"half": "6M", "nine": "9M"}
#: Years a period may fall in: far enough from the calendar's ends (year 1, year 9999)
#: that its comparison periods, its trend and the next period exist too. Whether a year
#: holds figures is for the pages to say; a year outside these is not a period at all.
YEARS = range(1000, 9001)


class PeriodError(BadInput):
    """A period string that cannot be read (400)."""


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: datetime.date  # first day of the first month

    @classmethod
    def month(cls, day: datetime.date) -> "Period":
        return cls("month", day.replace(day=1))

    @classmethod
    def parse(cls, text: str) -> "Period":
        """Read ``2026-10`` (month), ``2026-Q3`` (quarter), ``2026-6M`` (January to June),
        ``2026-9M`` (January to September) or ``2026`` (year), in a year of ``YEARS``."""
        text = (text or "").strip()
        period = cls._read(text)
        if period is None:
            raise PeriodError(
                _(
                    "“%(text)s” is not a period: write a month as 2026-10, a quarter as 2026-Q3, "
                    "six months as 2026-6M, nine months as 2026-9M or a year as 2026."
                )
                % {"text": text}
            )
        if period.start.year not in YEARS:
            raise PeriodError(
                _("“%(text)s”: the year must be from %(first)s to %(last)s.")
                % {"text": text, "first": YEARS.start, "last": YEARS.stop - 1}
            )
        return period

    @classmethod
    def _read(cls, text: str) -> "Period | None":
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            year, month = int(m[1]), int(m[2])
            if 1 <= month <= 12:
                return cls("month", datetime.date(max(year, 1), month, 1))
        elif m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            return cls("quarter", datetime.date(max(int(m[1]), 1), 3 * int(m[2]) - 2, 1))
        elif m := re.fullmatch(r"(\d{4})-([69])[Mm]", text):
            return cls("half" if m[2] == "6" else "nine", datetime.date(max(int(m[1]), 1), 1, 1))
        elif re.fullmatch(r"\d{4}", text):
            return cls("year", datetime.date(max(int(text), 1), 1, 1))
        return None

    @property
    def length(self) -> int:
        return LENGTHS[self.kind]

    @property
    def end(self) -> datetime.date:
        """First day of the period's last month."""
        return _add_months(self.start, self.length - 1)

    def months(self) -> list[datetime.date]:
        return [_add_months(self.start, i) for i in range(self.length)]

    def previous(self) -> "Period":
        """The period before; for 6 or 9 months (always from January) the same months of
        the year before, as no 6 or 9 months period ends where they begin."""
        if self.kind in YEAR_TO_DATE:
            return self.same_last_year()
        return Period(self.kind, _add_months(self.start, -self.length))

    def same_last_year(self) -> "Period":
        return Period(self.kind, _add_months(self.start, -12))

    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        if self.kind in YEAR_TO_DATE:
            return f"{self.start.year}-{YEAR_TO_DATE[self.kind]}"
        return f"{self.start.year}"

    def containing(self, kind: str) -> "Period":
        """The period of ``kind`` (month, quarter or year) that contains this period's last month."""
        end = self.end
        if kind == "month":
            return Period("month", end)
        if kind == "quarter":
            return Period("quarter", datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1))
        if kind in YEAR_TO_DATE:  # 6 or 9 months of the year: from its January
            return Period(kind, datetime.date(end.year, 1, 1))
        return Period("year", datetime.date(end.year, 1, 1))


def periods_between(kind: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """Every period of ``kind`` from the one holding ``first`` to the one holding ``last``.

    >>> [p.key() for p in periods_between("quarter", datetime.date(2026, 2, 1), datetime.date(2026, 7, 1))]
    ['2026-Q1', '2026-Q2', '2026-Q3']
    >>> [p.key() for p in periods_between("nine", datetime.date(2024, 11, 1), datetime.date(2026, 10, 1))]
    ['2024-9M', '2025-9M', '2026-9M']
    """
    period, end = Period.month(first).containing(kind), Period.month(last).containing(kind)
    step = 12 if kind in YEAR_TO_DATE else LENGTHS[kind]  # 6 and 9 months come once a year
    periods = []
    while period.start <= end.start:
        periods.append(period)
        period = Period(kind, _add_months(period.start, step))
    return periods
