"""Reporting periods: a month, a quarter or a year (pure, no Django).

>>> Period.parse("2026-Q3").months()[0]
datetime.date(2026, 7, 1)
"""

import datetime
import re
from dataclasses import dataclass

from core.errors import BadInput

__all__ = ["Period", "PeriodError", "periods_between"]

KINDS = ("month", "quarter", "year")
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
        """Read ``2026-10`` (month), ``2026-Q3`` (quarter) or ``2026`` (year), in a year
        of ``YEARS``."""
        text = (text or "").strip()
        period = cls._read(text)
        if period is None:
            raise PeriodError(
                f"“{text}” is not a period: write a month as 2026-10, a quarter as 2026-Q3 or a year as 2026."
            )
        if period.start.year not in YEARS:
            raise PeriodError(f"“{text}”: the year must be from {YEARS.start} to {YEARS.stop - 1}.")
        return period

    @classmethod
    def _read(cls, text: str) -> "Period | None":
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            year, month = int(m[1]), int(m[2])
            if 1 <= month <= 12:
                return cls("month", datetime.date(max(year, 1), month, 1))
        elif m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            return cls("quarter", datetime.date(max(int(m[1]), 1), 3 * int(m[2]) - 2, 1))
        elif re.fullmatch(r"\d{4}", text):
            return cls("year", datetime.date(max(int(text), 1), 1, 1))
        return None

    @property
    def length(self) -> int:
        return {"month": 1, "quarter": 3, "year": 12}[self.kind]

    @property
    def end(self) -> datetime.date:
        """First day of the period's last month."""
        return _add_months(self.start, self.length - 1)

    def months(self) -> list[datetime.date]:
        return [_add_months(self.start, i) for i in range(self.length)]

    def previous(self) -> "Period":
        return Period(self.kind, _add_months(self.start, -self.length))

    def same_last_year(self) -> "Period":
        return Period(self.kind, _add_months(self.start, -12))

    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        return f"{self.start.year}"

    def containing(self, kind: str) -> "Period":
        """The period of ``kind`` that contains this period's last month."""
        end = self.end
        if kind == "month":
            return Period("month", end)
        if kind == "quarter":
            return Period("quarter", datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1))
        return Period("year", datetime.date(end.year, 1, 1))


def periods_between(kind: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """Every period of ``kind`` from the one holding ``first`` to the one holding ``last``.

    >>> [p.key() for p in periods_between("quarter", datetime.date(2026, 2, 1), datetime.date(2026, 7, 1))]
    ['2026-Q1', '2026-Q2', '2026-Q3']
    """
    period, end = Period.month(first).containing(kind), Period.month(last).containing(kind)
    periods = []
    while period <= end:
        periods.append(period)
        period = Period(kind, _add_months(period.start, period.length))
    return periods
