"""A reporting period named as a report's title and comparison do: "9 tháng đầu năm 2026",
"Quý III năm 2026"."""

from django.utils.translation import gettext as _

from monitoring.figures.periods import Period

__all__ = ["period_name"]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_name(period: Period) -> str:
    """The period in words, in the active language."""
    year = period.start.year
    if period.kind == "month":
        return _("month %(month)s/%(year)s") % {"month": period.start.month, "year": year}
    if period.kind == "quarter":
        return _("quarter %(quarter)s of %(year)s") % {
            "quarter": ROMAN[(period.start.month + 2) // 3],
            "year": year,
        }
    if period.kind == "half":
        return _("the first 6 months of %(year)s") % {"year": year}
    if period.kind == "nine":
        return _("the first 9 months of %(year)s") % {"year": year}
    return _("the year %(year)s") % {"year": year}
