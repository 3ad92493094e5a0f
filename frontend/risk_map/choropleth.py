"""The choropleth layer of the risk map: per-unit values of the measure, class
breaks, colours and legend, as a GeoJSON FeatureCollection with simplified shapes."""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _

from frontend.risk_map.query import RiskQuery
from frontend.risk_map.styles import (
    HOTSPOT_COLOURS,
    LEGAL_CLASS_COLOURS,
    NO_DATA_STYLE,
    PROTECTED_COLOUR,
    LegendEntry,
    class_colours,
)
from geo.map_layers import unit_shapes
from geo.models import Level
from monitoring.disclosure import Disclosure, is_hidden
from monitoring.figures.classify import Breaks, class_breaks, class_of
from monitoring.figures.completeness import Completeness, period_completeness
from monitoring.figures.hotspots import categories as hotspot_categories
from monitoring.figures.measures import Measure
from monitoring.figures.values import UnitRow, measure_values, units_for_map
from monitoring.models import CaseCount, DrugClass, Indicator
from monitoring.quality.approval import ApprovalState, approval_state

__all__ = ["Choropleth", "choropleth_build"]

LEGAL_ORDER = ["type_1", "type_2", "type_3", "none", "drug_free"]
#: Measures that are, or give back, a count of the indicator (a rate times the population,
#: a change plus the other period): protected as the count is.
COUNT_MEASURES = {"count", "rate", "eb_rate", "change", "change_yoy"}


@dataclass
class Choropleth:
    measure_label: str
    units: list[UnitRow]
    communes: list[UnitRow]
    values: dict[int, float | str | None]
    breaks: Breaks | None
    legend: list[LegendEntry]
    collection: dict
    data_date: datetime.date | None
    indicator: Indicator
    district_codes: list[str]  # districts the user may see (their outlines are drawn)
    completeness: Completeness | None = None  # reporting of the indicator by ``communes``
    approval: ApprovalState | None = None  # whether the period is approved for ``communes``


def _district_values(query: RiskQuery, districts: list[UnitRow], communes: list[UnitRow]):
    """Aggregate commune values to districts (sums; rates from summed counts)."""
    measure, label_extra = query.measure, None
    if measure.kind == "classification":
        classes = measure_values(measure=measure, period=query.period, units=communes)
        label_extra = _("Share of drug-free communes (%)")
    else:
        base = Measure("count", measure.indicator) if measure.kind == "rate" else measure
        values = measure_values(measure=base, period=query.period, units=communes)
    result = {}
    for district in districts:
        members = [c for c in communes if c.parent_code == district.code]
        if measure.kind == "classification":
            decided = [classes[c.id] for c in members]
            result[district.id] = (
                round(100 * decided.count(DrugClass.DRUG_FREE) / len(decided), 1) if decided else None
            )
            continue
        present = [(values[c.id], c.population or 0) for c in members if values[c.id] is not None]
        if not present:
            result[district.id] = None
        elif measure.kind == "rate":
            population = sum(p for _, p in present)
            result[district.id] = (
                round(sum(v for v, _ in present) / population * 10_000, 2) if population else None
            )
        elif measure.kind == "risk":
            weight = sum(p for _, p in present) or 1
            result[district.id] = round(sum(v * p for v, p in present) / weight, 1)
        else:
            result[district.id] = sum(v for v, _ in present)
    return result, label_extra


def _protect(
    query: RiskQuery, units: list[UnitRow], values: dict, indicator: Indicator, protection, communes=None
):
    """``values`` as the reader sees them: a unit whose count (or, for a change, either
    period's count) is hidden shows that count's marker ("<5", "x") instead of its
    figure, computed by ``monitoring.disclosure`` over the unit's whole family. For
    districts (``communes``: the communes shown) the sum actually shown, which is a
    partial one where the reader's area cuts a district, is also checked by rule 1."""
    if protection is None or query.measure.kind not in COUNT_MEASURES:
        return values
    if not protection.applies(sensitive=indicator.sensitive):
        return values
    ids = [u.id for u in units]
    periods = [query.period]
    if query.measure.diverging:
        periods.append(
            query.period.previous() if query.measure.kind == "change" else query.period.same_last_year()
        )
    counts = [protection.unit_values(indicator=indicator, period=p, unit_ids=ids) for p in periods]
    if communes is not None:  # districts: a reader whose area cuts one sees the sum of their communes
        count = Measure("count", query.measure.indicator)
        for period in periods:
            sums, _label = _district_values(replace(query, measure=count, period=period), units, communes)
            counts.append({i: protection.total(v, sensitive=True) for i, v in sums.items()})
    shown = dict(values)
    for unit_id in ids:
        if marker := next((c[unit_id] for c in counts if is_hidden(c.get(unit_id))), None):
            shown[unit_id] = marker
    return shown


def _districts_partly_reported(districts, communes, completeness) -> dict[int, str]:
    """For a district whose communes have not all reported, the mark its value carries:
    the sum is of the communes that reported, not of the district."""
    marks = {}
    for district in districts:
        reported, expected = completeness.reported_among(
            c.id for c in communes if c.parent_code == district.code
        )
        if reported < expected:
            share = _("%(reported)s of %(expected)s communes reported") % {
                "reported": reported,
                "expected": expected,
            }
            marks[district.id] = f" ({_('incomplete')}: {share})"
    return marks


def _number_format():
    """``number_format(value, decimals, use_l10n=True, force_grouping=True)`` for the
    active language, with its separators looked up once instead of once per unit."""
    decimal = formats.get_format("DECIMAL_SEPARATOR", use_l10n=True)
    thousand = formats.get_format("THOUSAND_SEPARATOR", use_l10n=True)
    if formats.get_format("NUMBER_GROUPING", use_l10n=True) != 3:
        return lambda value, decimals: formats.number_format(
            value, decimals, use_l10n=True, force_grouping=True
        )

    def number_format(value, decimals: int) -> str:
        # As django.utils.numberformat: six decimals written, then cut (not rounded).
        sign, text = ("-", f"{value:f}"[1:]) if f"{value:f}".startswith("-") else ("", f"{value:f}")
        whole, _, fraction = text.partition(".")
        grouped = f"{int(whole):,}".replace(",", thousand)
        return sign + grouped + (decimal + fraction[:decimals].ljust(decimals, "0") if decimals else "")

    return number_format


def _display(value, measure: Measure, number_format=None) -> str:
    if value is None:
        return _("no data")
    if isinstance(value, str):
        if measure.kind == "hotspots":
            return str(hotspot_categories.LABELS.get(value, value))
        return str(dict(DrugClass.choices).get(value, value))
    decimals = 0 if measure.kind in ("count", "change", "change_yoy") and float(value).is_integer() else 1
    text = (number_format or _number_format())(value, decimals)
    return f"+{text}" if measure.diverging and value > 0 else text


def choropleth_build(query: RiskQuery, *, unit_ids=None, protection: Disclosure | None = None) -> Choropleth:
    """The layer for ``query``, limited to ``unit_ids`` (the user's area; None: all);
    sensitive figures as ``protection`` (the reader's ``Disclosure``) shows them: a
    hidden value is its marker, enters no class break and counts in the legend's
    "protected" entry."""
    indicator = Indicator.objects.get(code=query.indicator_code)
    communes = units_for_map(level=Level.COMMUNE, parent_code=query.district, unit_ids=unit_ids)
    districts = units_for_map(level=Level.DISTRICT, unit_ids=unit_ids)
    label = query.measure.label(indicator.label)
    if query.level == Level.DISTRICT and not query.district:
        units = districts
        values, label_extra = _district_values(query, units, communes)
        values = _protect(query, units, values, indicator, protection, communes)
        label = label_extra or label
        categorical = False
    else:
        units = communes
        values = measure_values(measure=query.measure, period=query.period, units=units)
        categorical = query.measure.categorical
        values = _protect(query, units, values, indicator, protection)
    shapes = unit_shapes(level=query.level if not query.district else Level.COMMUNE)
    breaks, legend, colour_of = None, [], {}
    if categorical:
        if query.measure.kind == "hotspots":
            order, labels, palette = (
                hotspot_categories.GI_CATEGORIES,
                hotspot_categories.LABELS,
                HOTSPOT_COLOURS,
            )
        else:
            order, labels, palette = LEGAL_ORDER, dict(DrugClass.choices), LEGAL_CLASS_COLOURS
        for key in order:
            count = sum(1 for v in values.values() if v == key)
            legend.append(LegendEntry(key, str(labels[key]), palette[key], count))
        colour_of = {u.id: palette.get(values[u.id]) for u in units}
    else:
        figures = [None if is_hidden(v) else v for v in values.values()]
        breaks = class_breaks(figures, method=query.method, k=query.classes)
        colours = class_colours(breaks, diverging=query.measure.diverging)
        for i, (low, high) in enumerate(breaks.intervals()):
            text = f"{_display(low, query.measure)} – {_display(high, query.measure)}"
            legend.append(LegendEntry(str(i), text, colours[i], breaks.counts[i]))
        colour_of = {
            u.id: PROTECTED_COLOUR
            if is_hidden(values[u.id])
            else (None if (c := class_of(values[u.id], breaks)) is None else colours[c])
            for u in units
        }
        if hidden := sum(1 for u in units if is_hidden(values[u.id])):
            marker = protection.marker if protection else "<5"
            legend.append(
                LegendEntry(
                    "protected",
                    _("Protected small count (“%(marker)s” or “x”)") % {"marker": marker},
                    PROTECTED_COLOUR,
                    hidden,
                )
            )
    no_data = sum(1 for u in units if values[u.id] is None)
    number_format = _number_format()
    completeness = period_completeness(
        indicator=indicator, period=query.period, unit_ids=[c.id for c in communes]
    )
    by_district = units is districts and query.measure.kind != "classification"
    partial = _districts_partly_reported(units, communes, completeness) if by_district else {}
    no_data_label = _("No data") if categorical else _("No data / not reported")
    legend.append(LegendEntry("no_data", no_data_label, NO_DATA_STYLE["fillColor"], no_data))
    features = [
        {
            "type": "Feature",
            "geometry": shapes[u.code],
            "properties": {
                "code": u.code,
                "name": u.name,
                "parent": u.parent_name or "",
                "value": values[u.id],
                "display": _display(values[u.id], query.measure, number_format) + partial.get(u.id, ""),
                "colour": colour_of.get(u.id),
                "is_border": u.is_border,
                "population": u.population,
            },
        }
        for u in units
        if u.code in shapes
    ]
    return Choropleth(
        measure_label=label,
        units=units,
        communes=communes,
        values=values,
        breaks=breaks,
        legend=legend,
        collection={"type": "FeatureCollection", "features": features},
        # The latest report among the figures shown: read through the (period, indicator)
        # index, not a scan of every count ever reported (15 million rows nationally).
        data_date=CaseCount.objects.filter(
            period__range=(query.period.start, query.period.end), indicator=indicator
        ).aggregate(latest=Max("reported_on"))["latest"],
        indicator=indicator,
        district_codes=[d.code for d in districts],
        completeness=completeness,
        approval=approval_state(period=query.period, unit_ids=[c.id for c in communes]),
    )
