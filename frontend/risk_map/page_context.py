"""Small pieces of the risk map page's context: period choices, measure kinds, class
rows and the strings the page's script shows (translated here, not in JavaScript)."""

import datetime

from django.utils.translation import gettext as _

from frontend.risk_map.styles import LEGAL_CLASS_COLOURS, NO_DATA_STYLE
from monitoring.disclosure import is_hidden
from monitoring.models import DrugClass

__all__ = ["MEASURE_KINDS", "class_rows", "page_strings", "period_options", "trend_chart"]


def MEASURE_KINDS() -> list[tuple[str, str]]:
    return [
        ("classification", _("Official classification")),
        ("count", _("Indicator: count")),
        ("rate", _("Indicator: per 10,000 residents")),
        ("eb_rate", _("Indicator: per 10,000 residents, Empirical Bayes smoothed")),
        ("hotspots", _("Indicator: hot and cold spots (Getis-Ord Gi*)")),
        ("emerging", _("Indicator: emerging hot spots (Gi* trend over 12 months)")),
        ("risk", _("Composite risk score")),
        ("change", _("Change against the previous period")),
        ("change_yoy", _("Change against the same period last year")),
    ]


def period_options(trend: list[tuple[datetime.date, float]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Months, quarters and years that have figures, newest first."""
    months = sorted({m for m, _ in trend}, reverse=True)
    quarters = sorted({(m.year, (m.month + 2) // 3) for m in months}, reverse=True)
    years = sorted({m.year for m in months}, reverse=True)
    month, quarter, year = _("Month"), _("Quarter"), _("Year")
    return [
        (_("Months"), [(f"{m:%Y-%m}", f"{month} {m:%m/%Y}") for m in months]),
        (_("Quarters"), [(f"{y}-Q{q}", f"{quarter} {q}/{y}") for y, q in quarters]),
        (_("Years"), [(f"{y}", f"{year} {y}") for y in years]),
    ]


def class_rows(counts: dict[str, int]) -> list[tuple[tuple[str, str, str], int]]:
    labels = dict(DrugClass.choices)
    order = ["type_1", "type_2", "type_3", "none", "drug_free"]
    rows = [((key, LEGAL_CLASS_COLOURS[key], str(labels[key])), counts.get(key, 0)) for key in order]
    rows.append((("no_data", NO_DATA_STYLE["fillColor"], _("No decision")), counts.get("no_data", 0)))
    return rows


def page_strings() -> dict[str, str]:
    return {
        "loading": _("Loading…"),
        "failed": _("Could not load this commune. Try again."),
        "district": _("District"),
        "population": _("Population"),
        "area": _("Area (km²)"),
        "border": _("Border commune"),
        "border_distance": _("Distance to the land border"),
        "yes": _("yes"),
        "no": _("no"),
        "history": _("Classification history"),
        "no_history": _("No classification recorded."),
        "points": _("Counselling points"),
        "facilities": _("Treatment facilities"),
        "establishments": _("Active establishments"),
        "prone": _("prone to social evils"),
        "none": _("none"),
        "last_months": _("last 24 months"),
        "km": _("km"),
        "proposed": _("Proposed classification from the figures"),
        "proposed_short": _("proposed"),
        "official": _("official"),
        "provisional": _("rests on an unconfirmed criterion"),
        "reported": _("%(reported)s of %(expected)s communes reported"),
        "incomplete": _("incomplete"),
        "hotspot": _("Hot and cold spots (Gi*)"),
        "alerts": _("Open alerts"),
        "expected": _("expected"),
        "all_alerts": _("all alerts"),
        "no_match": _("No commune in this map matches “%(query)s”."),
        "period": _("Period"),
        "nothing_found": _("No commune or establishment in your areas matches “%(query)s”."),
        "establishments_found": _("Establishments matching “%(query)s”: %(count)s"),
        "search_failed": _("The search failed. Try again."),
        "more_found": _("%(count)s more: type more of the name or address."),
        "split_close": _("Close this map"),
    }


def trend_chart(summary, period) -> dict:
    """The trend chart's data: each month's total, how many communes reported it and
    whether it is complete (an incomplete month is a partial sum, marked on the chart)."""
    return {
        # a protected month ("<5", "x": monitoring.disclosure) has its marker in the label, no point
        "labels": [f"{m:%m/%Y}" + (f" ({v})" if is_hidden(v) else "") for m, v in summary.trend],
        "values": [None if is_hidden(v) else v for _, v in summary.trend],
        "reported": summary.trend_reported,
        "complete": summary.trend_complete,
        "expected": summary.completeness.expected if summary.completeness else summary.communes,
        "current": f"{period.end:%m/%Y}",
    }
