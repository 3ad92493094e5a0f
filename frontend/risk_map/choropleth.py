"""The choropleth layer of the risk map: per-unit values of the measure, class
breaks, colours and legend, as a GeoJSON FeatureCollection with simplified shapes.

This is the one place the map's classes are made: the page, the GeoJSON export, the
PNG and the print view all read ``Choropleth.breaks`` and ``Choropleth.legend``. By
default (``breaks=range``) the breaks are taken over every period of the data's time
range (``RANGE_MONTHS`` up to the latest figures), so a colour means the same figure in
every month; ``breaks=period`` takes them from the period shown alone."""

import datetime
from dataclasses import dataclass, replace

from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _

from frontend.risk_map.query import RiskQuery, legend_set_for
from frontend.risk_map.range_basis import count_basis, range_periods
from frontend.risk_map.styles import (
    EMERGING_COLOURS,
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
from monitoring.figures.classify import Breaks, class_breaks, class_of, diverging_breaks, fixed_breaks
from monitoring.figures.completeness import Completeness, period_completeness
from monitoring.figures.hotspots import categories as hotspot_categories
from monitoring.figures.measures import Measure
from monitoring.figures.periods import Period
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
    breaks_range: tuple[Period, Period] | None = None  # first and last period the breaks span
    legend_notes: tuple[str, ...] = ()  # where the classes come from, and why fewer than asked


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
        if measure.kind in ("hotspots", "emerging"):
            return str(hotspot_categories.LABELS.get(value, value))
        return str(dict(DrugClass.choices).get(value, value))
    decimals = 0 if measure.kind in ("count", "change", "change_yoy") and float(value).is_integer() else 1
    text = (number_format or _number_format())(value, decimals)
    return f"+{text}" if measure.diverging and value > 0 else text


def _unit_values(query: RiskQuery, units, districts, communes, indicator, protection):
    """The values the reader sees for ``query`` (protected) and the label they carry."""
    if units is districts:
        values, label_extra = _district_values(query, units, communes)
        return _protect(query, units, values, indicator, protection, communes), label_extra
    values = measure_values(measure=query.measure, period=query.period, units=units)
    return _protect(query, units, values, indicator, protection), None


def _figures(values: dict) -> list[float | None]:
    """What enters the breaks: the numbers, not the hidden markers."""
    return [None if is_hidden(v) else v for v in values.values()]


def _breaks(query: RiskQuery, values: dict, basis) -> Breaks:
    classify = diverging_breaks if query.measure.diverging else class_breaks
    return classify(_figures(values), method=query.method, k=query.classes, basis=basis)


def _interval_label(low: float, high: float, measure: Measure, number_format) -> str:
    if low == high:  # a class of one value (e.g. zero) is that value, not "0,0 – 0,0"
        return number_format(low, 0) if float(low).is_integer() else _display(low, measure, number_format)
    return f"{_display(low, measure, number_format)} – {_display(high, measure, number_format)}"


def _legend_notes(query: RiskQuery, breaks: Breaks, breaks_range) -> tuple[str, ...]:
    if breaks_range and breaks_range[0] != breaks_range[1]:
        first, last = breaks_range
        notes = [
            _("Classes over %(first)s–%(last)s: one colour is the same figure in every period.")
            % {"first": _period_label(first), "last": _period_label(last)}
        ]
    else:
        notes = [_("Classes of this period only: colours of different periods do not compare.")]
    if breaks.single:
        notes.append(_("Every unit has the same figure: one class."))
    elif breaks.fewer:
        notes.append(
            _("%(shown)s classes instead of %(asked)s: the figures have too few different values for more.")
            % {"shown": len(breaks.bounds), "asked": breaks.asked}
        )
    return tuple(notes)


def _period_label(period: Period) -> str:
    if period.kind == "month":
        return f"{period.start:%m/%Y}"
    if period.kind == "quarter":
        return f"{_('Quarter')} {(period.start.month + 2) // 3}/{period.start.year}"
    return str(period.start.year)


def choropleth_build(query: RiskQuery, *, unit_ids=None, protection: Disclosure | None = None) -> Choropleth:
    """The layer for ``query``, limited to ``unit_ids`` (the user's area; None: all);
    sensitive figures as ``protection`` (the reader's ``Disclosure``) shows them: a
    hidden value is its marker, enters no class break and counts in the legend's
    "protected" entry."""
    indicator = Indicator.objects.get(code=query.indicator_code)
    communes = units_for_map(level=Level.COMMUNE, parent_code=query.district, unit_ids=unit_ids)
    districts = units_for_map(level=Level.DISTRICT, unit_ids=unit_ids)
    label = query.measure.label(indicator.label)
    units = districts if query.level == Level.DISTRICT and not query.district else communes
    values, label_extra = _unit_values(query, units, districts, communes, indicator, protection)
    label = label_extra or label
    categorical = query.measure.categorical and units is communes
    direction = query.measure.direction  # a higher drug-free share of districts is better
    shapes = unit_shapes(level=query.level if not query.district else Level.COMMUNE)
    breaks, legend, colour_of, breaks_range, notes = None, [], {}, None, ()
    number_format = _number_format()
    if categorical:
        if query.measure.kind == "hotspots":
            order, labels, palette = (
                hotspot_categories.GI_CATEGORIES,
                hotspot_categories.LABELS,
                HOTSPOT_COLOURS,
            )
        elif query.measure.kind == "emerging":
            order, labels, palette = (
                hotspot_categories.EMERGING_CATEGORIES,
                hotspot_categories.LABELS,
                EMERGING_COLOURS,
            )
        else:
            order, labels, palette = LEGAL_ORDER, dict(DrugClass.choices), LEGAL_CLASS_COLOURS
        for key in order:
            count = sum(1 for v in values.values() if v == key)
            legend.append(LegendEntry(key, str(labels[key]), palette[key], count))
        colour_of = {u.id: palette.get(values[u.id]) for u in units}
    else:
        basis, legend_set = None, legend_set_for(query.measure) if query.breaks == "legend" else None
        if query.breaks == "range":
            periods = range_periods(query, indicator)
            breaks_range = (periods[0], periods[-1])
            if query.measure.kind == "classification":  # decided per year: one period a year
                periods = list(
                    {p.end.year: p for p in periods if p.end.year != query.period.end.year}.values()
                )
            others = [p for p in periods if p != query.period]
            if query.measure.kind in COUNT_MEASURES:
                basis = count_basis(query, others, units, communes, indicator, protection)
            else:  # risk score, drug-free share: not counts, nothing to protect
                basis = [
                    figure
                    for period in others
                    for figure in _figures(
                        _unit_values(
                            replace(query, period=period), units, districts, communes, indicator, None
                        )[0]
                    )
                ]
        if legend_set is not None:
            classes = list(legend_set.classes.all())
            breaks = fixed_breaks(
                _figures(values), lower=legend_set.lower, bounds=tuple(c.upper for c in classes)
            )
            colours, names = [c.colour for c in classes], [c.label for c in classes]
            notes = (
                _("Classes of the legend set “%(name)s”, fixed by an administrator for every period.")
                % {"name": legend_set.name},
            )
        else:
            breaks = _breaks(query, values, basis)
            colours, names = class_colours(breaks, direction=direction), [""] * len(breaks.bounds)
            notes = _legend_notes(query, breaks, breaks_range)
        for i, (low, high) in enumerate(breaks.intervals()):
            text = names[i] or _interval_label(low, high, query.measure, number_format)
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
        breaks_range=breaks_range,
        legend_notes=notes,
    )
