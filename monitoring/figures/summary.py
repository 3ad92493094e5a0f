"""The province summary beside the risk map: totals that are exactly the sum of the
communes, communes per official class, the drug-free share against the national
targets, the province trend and the figures by district."""

import datetime
from collections import Counter
from dataclasses import dataclass, field, replace

from geo.models import AdminUnit
from monitoring.disclosure import Disclosure, is_hidden
from monitoring.figures.completeness import Completeness, MonthReporting, month_reporting, period_completeness
from monitoring.figures.periods import Period
from monitoring.figures.values import UnitRow, classification_for_year, indicator_values, monthly_totals
from monitoring.models import DrugClass, Indicator

__all__ = ["DRUG_FREE_TARGETS", "Summary", "province_summary"]

# KL 132-KL/TW (2025): at least 20 % of communes drug-free in 2025, 50 % by end of 2030.
DRUG_FREE_TARGETS = [(2025, 20.0), (2030, 50.0)]


@dataclass
class Summary:
    indicator_total: float | str | None  # str: a protected total ("<5")
    communes: int
    communes_reporting: int
    population: int
    class_counts: dict[str, int]
    drug_free_share: float | None  # percent of communes
    targets: list[tuple[int, float]]
    trend: list[tuple[datetime.date, float | str]] = field(default_factory=list)
    by_parent: list[tuple[str, str, float | str | None]] = field(default_factory=list)  # code, name, value
    completeness: Completeness | None = None  # reporting of the period by the communes shown
    trend_reporting: dict[datetime.date, MonthReporting] = field(default_factory=dict)

    @property
    def trend_reported(self) -> list[int]:
        """Communes that reported each month of ``trend`` (a partial sum when short)."""
        return [self.trend_reporting[m].reported if m in self.trend_reporting else 0 for m, _ in self.trend]

    @property
    def trend_complete(self) -> list[bool]:
        return [m in self.trend_reporting and self.trend_reporting[m].complete for m, _ in self.trend]


def _protected(summary: Summary, *, indicator, period, units, group_by_parent, protection) -> Summary:
    """The summary's sensitive figures as ``protection`` shows them: the total and each
    month of the trend as the table's cell of the district or province whose communes are
    shown (``Disclosure.area_total``; by rule 1 for another area), the parts (districts,
    or the communes of one) as the choropleth shows the same units."""
    if protection is None or not protection.applies(sensitive=indicator.sensitive):
        return summary
    if group_by_parent:
        ids = dict(
            AdminUnit.current.filter(code__in=[code for code, _n, _v in summary.by_parent]).values_list(
                "code", "id"
            )
        )
    else:
        ids = {u.code: u.id for u in units}
    shown = protection.unit_values(indicator=indicator, period=period, unit_ids=list(ids.values()))
    communes = [u.id for u in units]
    return replace(
        summary,
        indicator_total=protection.area_total(
            summary.indicator_total, indicator=indicator, period=period, commune_ids=communes
        ),
        trend=[
            (
                month,
                protection.area_total(
                    value, indicator=indicator, period=Period.month(month), commune_ids=communes
                ),
            )
            for month, value in summary.trend
        ],
        by_parent=[
            (
                code,
                name,
                shown[ids[code]]
                if code in ids and is_hidden(shown.get(ids[code]))
                else protection.total(value, sensitive=True),  # a partial sum where an area cuts a district
            )
            for code, name, value in summary.by_parent
        ],
    )


def province_summary(
    *,
    indicator: Indicator,
    period: Period,
    units: list[UnitRow],
    group_by_parent: bool,
    protection: Disclosure | None = None,
) -> Summary:
    """Summary of ``units`` (the communes shown) for ``period``; sensitive figures as
    ``protection`` (the reader's ``Disclosure``) shows them."""
    ids = [u.id for u in units]
    values = indicator_values(indicator=indicator, period=period, unit_ids=ids)
    totals = monthly_totals(indicator=indicator, unit_ids=ids)  # the trend and its reporting
    reported = [v for v in values.values() if v is not None]
    classes = classification_for_year(year=period.end.year, unit_ids=ids)
    counts = Counter(c.drug_class for c in classes.values())
    counts["no_data"] = len(ids) - len(classes)
    by_parent: dict[tuple[str, str], float | None] = {}
    for unit in units:
        key = (unit.parent_code or "", unit.parent_name or "") if group_by_parent else (unit.code, unit.name)
        value = values[unit.id]
        if value is not None:
            by_parent[key] = (by_parent.get(key) or 0.0) + value
        else:
            by_parent.setdefault(key, None)
    summary = Summary(
        indicator_total=sum(reported) if reported else None,
        communes=len(ids),
        communes_reporting=len(reported),
        population=sum(u.population or 0 for u in units),
        class_counts={c: counts.get(c, 0) for c in [*DrugClass.values, "no_data"]},
        drug_free_share=round(100 * counts[DrugClass.DRUG_FREE] / len(ids), 1) if ids else None,
        targets=DRUG_FREE_TARGETS,
        trend=[(month, total) for month, (total, _count) in totals.items()],
        by_parent=[(code, name, value) for (code, name), value in sorted(by_parent.items())],
        completeness=period_completeness(indicator=indicator, period=period, unit_ids=ids),
        trend_reporting=month_reporting(indicator=indicator, unit_ids=ids, totals=totals),
    )
    return _protected(
        summary,
        indicator=indicator,
        period=period,
        units=units,
        group_by_parent=group_by_parent,
        protection=protection,
    )
