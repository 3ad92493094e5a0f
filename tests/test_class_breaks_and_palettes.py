"""Class breaks and palettes of the risk map: duplicate and single-value classes merged
and labelled as one value, equal figures as one neutral class, changes symmetric around
a zero class in distinct colours, each measure's direction followed by its palette,
breaks over the data's range the same in every period, and one set of breaks for the
page, the GeoJSON export, the PNG and the print view."""

import datetime
import io
import json
from dataclasses import replace

import numpy as np
import pytest
from django.utils import translation
from django.utils.html import escape
from matplotlib import image

from frontend.risk_map.choropleth import choropleth_build
from frontend.risk_map.query import risk_query_parse
from frontend.risk_map.range_basis import count_basis
from frontend.risk_map.styles import (
    BETTER,
    NEUTRAL,
    SEQUENTIAL,
    SEQUENTIAL_GOOD,
    WORSE,
    class_colours,
)
from geo.models import AdminUnit, Level
from monitoring.figures.classify import class_breaks, class_of, diverging_breaks
from monitoring.figures.measures import HIGHER_IS_BETTER, HIGHER_IS_WORSE, KINDS, Measure
from monitoring.figures.periods import Period
from monitoring.indicator_catalogue import INDICATORS
from monitoring.models import CaseCount, Classification, Indicator, LegendClass, LegendSet
from tests import factories

TODAY = datetime.date(2026, 11, 22)
MANY_ZEROS = [0] * 60 + [1, 2, 3, 5, 8, 13, 20] * 5


def test_quantiles_of_many_zeros_merge_into_strictly_increasing_breaks():
    breaks = class_breaks(MANY_ZEROS, method="quantiles", k=5)
    assert breaks.bounds == (0.0, 5.0, 20.0)  # mapclassify's bins were 0, 0, 0, 5, 20
    assert all(low < high for low, high in zip(breaks.bounds, breaks.bounds[1:], strict=False))
    assert breaks.counts == (60, 20, 15)
    assert breaks.fewer and breaks.asked == 5


def test_fewer_distinct_values_than_classes_give_fewer_classes():
    breaks = class_breaks([1, 1, 2, 2, 3, None], method="equal_interval", k=5)
    assert breaks.bounds == (1.0, 2.0, 3.0)
    assert breaks.fewer


def test_an_all_zero_indicator_is_one_neutral_class():
    breaks = class_breaks([0, 0, 0, None], method="natural_breaks", k=5)
    assert breaks.bounds == (0.0,) and breaks.single and breaks.counts == (3,)
    assert class_colours(breaks) == [NEUTRAL]
    change = diverging_breaks([0, 0, None], method="quantiles", k=5)
    assert change.intervals() == [(0.0, 0.0)]
    assert class_colours(change) == [NEUTRAL]


def test_change_breaks_are_symmetric_around_a_zero_class():
    breaks = diverging_breaks([-9, -2, 0, 0, 1, 3, 4, 6], method="equal_interval", k=5)
    intervals = breaks.intervals()
    assert intervals == [(-9.0, -5.0), (-5.0, 0.0), (0.0, 0.0), (0.0, 5.0), (5.0, 9.0)]
    assert [(-high, -low) for low, high in reversed(intervals)] == intervals
    assert breaks.counts == (1, 1, 2, 3, 1)
    assert [class_of(v, breaks) for v in (-5, -4.9, 0, 4.9, 5, 9)] == [1, 1, 2, 3, 3, 4]


def test_change_colours_are_distinct_with_zero_neutral_decrease_cool_increase_red():
    for k in range(2, 10):
        breaks = diverging_breaks(list(range(-40, 41)), method="quantiles", k=k)
        colours = class_colours(breaks)
        assert len(set(colours)) == len(colours), k
        zero = breaks.zero_class
        assert colours[zero] == NEUTRAL
        assert set(colours[:zero]) <= set(BETTER) and set(colours[zero + 1 :]) <= set(WORSE)
    # A measure where more is better turns the sides around.
    breaks = diverging_breaks([-3, 0, 3], method="quantiles", k=5)
    assert class_colours(breaks, direction=HIGHER_IS_BETTER)[-1] in BETTER


def test_sequential_colours_are_distinct_for_every_number_of_classes():
    for k in range(2, 10):
        colours = class_colours(class_breaks(list(range(100)), method="quantiles", k=k))
        assert len(colours) == k and len(set(colours)) == k, k
        assert NEUTRAL not in colours


def test_every_measure_declares_a_direction_and_the_drug_free_share_is_better_higher():
    assert Measure("classification").direction == HIGHER_IS_BETTER
    assert Measure("risk").direction == HIGHER_IS_WORSE
    for kind in KINDS:
        for code, *_rest in INDICATORS:
            measure = Measure.parse(kind if kind in ("classification", "risk") else f"{kind}:{code}")
            assert measure.direction in (HIGHER_IS_BETTER, HIGHER_IS_WORSE)
    breaks = class_breaks([0, 20, 40, 60, 80, 100], method="equal_interval", k=5)
    colours = class_colours(breaks, direction=HIGHER_IS_BETTER)
    assert set(colours) <= set(SEQUENTIAL_GOOD) and not set(colours) & set(SEQUENTIAL)
    assert SEQUENTIAL_GOOD.index(colours[-1]) > SEQUENTIAL_GOOD.index(colours[0])  # more: greener


def square(x0, y0, size=0.01):
    x1, y1 = x0 + size, y0 + size
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


@pytest.fixture
def province(db):
    """Province 71: district 711 (communes A, B) and 712 (C, D); illegal users in
    September and October 2026, the October figures four times September's."""
    p = factories.unit("71", square(105, 9, 0.04), level=Level.PROVINCE, kind="")
    d1 = factories.unit("711", square(105, 9, 0.02), level=Level.DISTRICT, kind="", parent=p)
    d2 = factories.unit("712", square(105.02, 9, 0.02), level=Level.DISTRICT, kind="", parent=p)
    communes = [
        factories.unit(f"7100{i}", square(105 + 0.01 * i, 9), parent=d1 if i < 2 else d2, population=10_000)
        for i in range(4)
    ]
    users = Indicator.objects.get(code="illegal_users")
    for month, factor in ((9, 1), (10, 4)):
        for commune, value in zip(communes, (0, 10, 20, 30), strict=True):
            CaseCount.objects.create(
                unit=commune, period=datetime.date(2026, month, 1), indicator=users, value=value * factor
            )
    return communes


def layer(**params):
    """The layer of the province's units only (the demo province may share the database)."""
    ids = {u.id for u in AdminUnit.current.filter(code__startswith="71")}
    with translation.override("en"):
        query = risk_query_parse(params, today=TODAY, unit_ids=ids)
        assert not query.messages
        return choropleth_build(query, unit_ids=ids)


def test_range_breaks_are_the_same_in_every_period(province):
    september = layer(period="2026-09", measure="count:illegal_users", method="equal_interval")
    october = layer(period="2026-10", measure="count:illegal_users", method="equal_interval")
    assert september.breaks.bounds == october.breaks.bounds == (24.0, 48.0, 72.0, 96.0, 120.0)
    assert [e.colour for e in september.legend] == [e.colour for e in october.legend]
    assert september.legend_notes[0].startswith("Classes over ")
    assert september.legend_notes[0].endswith("–10/2026: one colour is the same figure in every period.")
    alone = layer(period="2026-09", measure="count:illegal_users", method="equal_interval", breaks="period")
    assert alone.breaks.bounds == (0.0, 10.0, 20.0, 30.0)  # four distinct values, four classes
    assert alone.legend_notes == (
        "Classes of this period only: colours of different periods do not compare.",
        "4 classes instead of 5: the figures have too few different values for more.",
    )


def test_a_single_value_class_is_labelled_with_its_value_not_as_a_span(province):
    result = layer(period="2026-09", measure="count:illegal_users", breaks="period")
    assert result.legend[0].label == "0"
    assert " – " not in result.legend[0].label


def test_an_all_zero_indicator_shows_one_neutral_class(province):
    hotspots = Indicator.objects.get(code="hotspots")
    for commune in province:
        CaseCount.objects.create(unit=commune, period=datetime.date(2026, 10, 1), indicator=hotspots, value=0)
    result = layer(period="2026-10", measure="count:hotspots")
    classes = [e for e in result.legend if e.key not in ("no_data", "protected")]
    assert [(e.label, e.colour, e.count) for e in classes] == [("0", NEUTRAL, 4)]
    assert {f["properties"]["colour"] for f in result.collection["features"]} == {NEUTRAL}
    assert result.legend_notes[-1] == "Every unit has the same figure: one class."


def test_a_change_map_has_a_zero_class_and_distinct_colours(province):
    result = layer(period="2026-10", measure="change:illegal_users", breaks="period")
    intervals = result.breaks.intervals()
    assert (0.0, 0.0) in intervals
    assert [(-h, -lo) for lo, h in reversed(intervals)] == intervals
    colours = [e.colour for e in result.legend if e.key not in ("no_data", "protected")]
    assert len(set(colours)) == len(colours)
    assert result.legend[result.breaks.zero_class].label == "0"
    assert result.legend[result.breaks.zero_class].count == 1  # commune A: 0 then 0


def test_districts_with_a_higher_drug_free_share_are_greener(province):
    for commune in province[:2]:  # district 711: both drug-free; 712: none
        Classification.objects.create(unit=commune, year=2026, scheme="qd28_2025", drug_class="drug_free")
    for commune in province[2:]:
        Classification.objects.create(unit=commune, year=2026, scheme="qd28_2025", drug_class="type_1")
    result = layer(period="2026-10", measure="classification", level="district")
    colour = {f["properties"]["code"]: f["properties"]["colour"] for f in result.collection["features"]}
    assert colour["711"] in SEQUENTIAL_GOOD and colour["712"] in SEQUENTIAL_GOOD
    assert SEQUENTIAL_GOOD.index(colour["711"]) > SEQUENTIAL_GOOD.index(colour["712"])


@pytest.fixture
def leader(db, client, demo_province):
    client.force_login(factories.role_user("leader-legend", "leader"))
    return client


@pytest.mark.parametrize("measure", ["rate:illegal_users", "change:illegal_users"])
def test_page_geojson_png_and_print_show_the_same_classes(leader, measure):
    params = f"period=2026-10&measure={measure}&method=quantiles&classes=5"
    page = leader.get(f"/maps/risk/?{params}").content.decode()
    document = json.loads(leader.get(f"/maps/risk/export.geojson?{params}").content)
    printed = leader.get(f"/maps/risk/print/?{params}").content.decode()
    assert document["breaks_basis"] == "range" and document["breaks_range"][-1] == "2026-10"
    classes = [e for e in document["legend"] if e["class"] not in ("no_data", "protected")]
    assert len({e["colour"] for e in classes}) == len(classes)
    for entry in document["legend"]:
        label = escape(entry["label"])
        row = f'<span class="label">{label}</span><span class="count">{entry["count"]}</span>'
        assert f"background: {entry['colour']}" in page and row in page
        assert f"<td>{label}</td><td>{entry['count']}</td>" in printed
    for note in document["legend_notes"]:
        assert escape(note) in page and escape(note) in printed
    png = image.imread(io.BytesIO(leader.get(f"/maps/risk/map.png?{params}").content), format="png")
    pixels = {tuple(p) for p in np.round(png[..., :3] * 255).astype(int).reshape(-1, 3)}
    for entry in classes:
        if entry["count"]:
            rgb = tuple(int(entry["colour"][i : i + 2], 16) for i in (1, 3, 5))
            assert rgb in pixels, entry


@pytest.mark.parametrize("measure", ["count:illegal_users", "rate:illegal_users", "change:illegal_users"])
@pytest.mark.parametrize("level", ["commune", "district"])
def test_range_figures_from_one_query_equal_each_periods_values(province, measure, level):
    from frontend.risk_map import choropleth as module

    CaseCount.objects.filter(unit=province[3], period=datetime.date(2026, 9, 1)).delete()  # one gap
    ids = {u.id for u in AdminUnit.current.filter(code__startswith="71")}
    query = risk_query_parse(
        {"period": "2026-10", "measure": measure, "level": level}, today=TODAY, unit_ids=ids
    )
    communes = module.units_for_map(level=Level.COMMUNE, unit_ids=ids)
    districts = module.units_for_map(level=Level.DISTRICT, unit_ids=ids)
    units = districts if level == "district" else communes
    users = Indicator.objects.get(code="illegal_users")
    periods = [Period.parse("2026-09"), Period.parse("2026-10")]
    one_query = count_basis(query, periods, units, communes, users, None)
    each = [
        v
        for p in periods
        for v in module._unit_values(replace(query, period=p), units, districts, communes, users, None)[
            0
        ].values()
        if v is not None
    ]
    assert sorted(one_query) == sorted(each) and one_query


def test_a_legend_set_fixes_the_classes_and_colours(province):
    users = Indicator.objects.get(code="illegal_users")
    legend_set = LegendSet.objects.create(name="Users", indicator=users, measure_kind="count", lower=0)
    LegendClass.objects.create(legend_set=legend_set, upper=50, colour="#ff0000", label="Many")
    LegendClass.objects.create(legend_set=legend_set, upper=10, colour="#eeeeee")
    result = layer(period="2026-10", measure="count:illegal_users", breaks="legend")
    classes = [(e.label, e.colour, e.count) for e in result.legend if e.key not in ("no_data", "protected")]
    assert classes == [("0 – 10", "#eeeeee", 1), ("Many", "#ff0000", 1 + 2)]  # 0; 40; 80 and 120 beyond
    assert result.legend_notes == (
        "Classes of the legend set “Users”, fixed by an administrator for every period.",
    )


def test_asking_for_a_legend_set_that_does_not_exist_falls_back_with_a_message(province):
    with translation.override("en"):
        query = risk_query_parse(
            {"period": "2026-10", "measure": "rate:illegal_users", "breaks": "legend"}, today=TODAY
        )
    assert query.breaks == "range"
    assert query.messages == ("No legend set is defined for this measure: classes over all periods instead.",)


def test_legend_set_classes_must_rise_above_the_start_and_differ(db):
    from django.forms import inlineformset_factory

    from monitoring.admin import LegendClassFormSet

    formset_class = inlineformset_factory(
        LegendSet, LegendClass, formset=LegendClassFormSet, fields=["upper", "colour", "label"], extra=2
    )
    legend_set = LegendSet.objects.create(name="Risk", measure_kind="risk", lower=10)

    def errors(*uppers):
        data = {"classes-TOTAL_FORMS": "2", "classes-INITIAL_FORMS": "0"}
        for i, upper in enumerate(uppers):
            data |= {f"classes-{i}-upper": upper, f"classes-{i}-colour": "#123456"}
        formset = formset_class(data, instance=legend_set, prefix="classes")
        formset.is_valid()
        return formset.non_form_errors()

    with translation.override("en"):
        assert errors("5", "20") == ["The class ending at 5 must end above the first class's start, 10."]
        assert errors("20", "20") == ["Two classes end at 20: give each class a different end."]
        assert errors("20", "50") == []


def test_an_administrator_defines_a_legend_set_in_the_admin_and_it_is_audited(db, client):
    from monitoring.models import AuditEvent

    user = factories.role_user("legend-admin", "administrator")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/monitoring/legendset/add/").status_code == 200
    response = client.post(
        "/admin/monitoring/legendset/add/",
        {
            "name": "Risk score",
            "indicator": "",
            "measure_kind": "risk",
            "lower": "0",
            "classes-TOTAL_FORMS": "2",
            "classes-INITIAL_FORMS": "0",
            "classes-0-upper": "50",
            "classes-0-colour": "#fee08b",
            "classes-1-upper": "100",
            "classes-1-colour": "#d73027",
            "classes-1-label": "High",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    legend_set = LegendSet.objects.get(name="Risk score")
    assert [(c.upper, c.colour, c.label) for c in legend_set.classes.all()] == [
        (50.0, "#fee08b", ""),
        (100.0, "#d73027", "High"),
    ]
    events = AuditEvent.objects.filter(object_type="monitoring.legendset", object_key=str(legend_set.pk))
    assert {e.action for e in events} == {"create", "update"}
