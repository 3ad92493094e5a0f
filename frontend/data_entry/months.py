"""The month a data page shows, from ``?month=YYYY-MM`` (default: last month)."""

import datetime

from django.utils import timezone

from monitoring.imports.cells import month_from_cell

__all__ = ["last_month", "month_param", "shift"]


def last_month(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return shift(datetime.date(today.year, today.month, 1), -1)


def shift(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_param(text: str | None, default: datetime.date) -> tuple[datetime.date, bool]:
    """(month, whether ``text`` was usable); a bad value falls back to ``default``."""
    if not text:
        return default, True
    month = month_from_cell(text)
    return (month, True) if isinstance(month, datetime.date) else (default, False)
