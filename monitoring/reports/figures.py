"""The report's figures: each indicator for the period and the same period last year, for
the area and by its districts (or communes), from the risk map's own summary
(``monitoring.figures.summary.province_summary``: stock at the period's end, flows
summed, per the catalogue), protected for the reader as the map protects them."""

from dataclasses import dataclass

from monitoring.disclosure import Disclosure, is_hidden
from monitoring.figures.periods import Period
from monitoring.figures.summary import Summary, province_summary
from monitoring.figures.values import UnitRow
from monitoring.models import Indicator
from monitoring.reports.labels import indicator_name, indicator_unit

__all__ = ["Figure", "IndicatorLine", "indicator_lines"]


@dataclass(frozen=True)
class Figure:
    """This period, the same period last year and the change; a protected figure is its
    marker ("<5", "x") and then no change is given (it would tell the hidden value)."""

    now: float | str | None
    before: float | str | None

    @property
    def comparable(self) -> bool:
        return not (self.now is None or self.before is None or is_hidden(self.now) or is_hidden(self.before))

    @property
    def change(self) -> float | None:
        return self.now - self.before if self.comparable else None

    @property
    def change_percent(self) -> float | None:
        if not self.comparable or not self.before:
            return None
        return round(100 * (self.now - self.before) / self.before, 1)


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    unit: str
    total: Figure
    parts: list[tuple[str, str, Figure]]  # code, name, figure of each district (or commune)
    summary: Summary  # this period's summary (completeness, classes)
    summary_before: Summary


def indicator_lines(
    *,
    period: Period,
    comparison: Period,
    units: list[UnitRow],
    group_by_parent: bool,
    protection: Disclosure,
    codes: list[str] | None = None,
) -> list[IndicatorLine]:
    """Every catalogued indicator (or those of ``codes``), in display order."""
    lines = []
    indicators = Indicator.objects.order_by("display_order", "code")
    for indicator in indicators.filter(code__in=codes) if codes is not None else indicators:
        now, before = (
            province_summary(
                indicator=indicator,
                period=p,
                units=units,
                group_by_parent=group_by_parent,
                protection=protection,
            )
            for p in (period, comparison)
        )
        earlier = {code: value for code, _name, value in before.by_parent}
        lines.append(
            IndicatorLine(
                code=indicator.code,
                name=indicator_name(indicator),
                unit=indicator_unit(indicator),
                total=Figure(now.indicator_total, before.indicator_total),
                parts=[(code, name, Figure(value, earlier.get(code))) for code, name, value in now.by_parent],
                summary=now,
                summary_before=before,
            )
        )
    return lines
