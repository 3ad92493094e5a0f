"""The protected table (``monitoring.disclosure_table``) on hand-made figures: level and
time groups together, the 6/9 months chain and stock ties; no hidden cell comes back by
subtracting shown ones, for any of many random provinces."""

import itertools
import random

from monitoring.disclosure_table import SPANS, protect_table

THRESHOLD = 5


def _province(seed: int):
    rng = random.Random(seed)  # noqa: S311 - reproducible test figures
    parents, order, leaves = {"P": None}, ["P"], {}
    for d in range(3):
        parents[f"D{d}"] = "P"
        order.append(f"D{d}")
        for c in range(rng.randint(1, 3)):
            code = f"C{d}{c}"
            parents[code], leaves[code] = f"D{d}", {m: rng.choice([0, 1, 3, 6, 9, 20]) for m in range(1, 13)}
            order.append(code)
    return leaves, parents, order


def _relations(parents, order):
    """(total, members) of every published sum: periods of a unit, children of a unit."""
    relations = []
    for unit in order:
        relations += [((unit, q), [(unit, m) for m in SPANS[q]]) for q in ("Q1", "Q2", "Q3", "Q4")]
        relations.append(((unit, "Y"), [(unit, q) for q in ("Q1", "Q2", "Q3", "Q4")]))
        relations.append(((unit, "6M"), [(unit, "Q1"), (unit, "Q2")]))
        relations.append(((unit, "9M"), [(unit, "6M"), (unit, "Q3")]))
        relations.append(((unit, "Y"), [(unit, "9M"), (unit, "Q4")]))
        children = [c for c in order if parents[c] == unit]
        if children:
            relations += [((unit, k), [(c, k) for c in children]) for k in SPANS]
    return relations


def test_no_hidden_cell_is_one_subtraction_away_in_random_provinces():
    for seed in range(200):
        leaves, parents, order = _province(seed)
        shown = protect_table(leaves, parents=parents, order=order, flow=True, threshold=THRESHOLD)
        for total, members in _relations(parents, order):
            hidden = [m for m in members if isinstance(shown[m], str)]
            if not isinstance(shown[total], str) and shown[total] is not None:
                assert len(hidden) != 1, (seed, total, members, [shown[m] for m in members])


def test_small_figures_read_as_the_marker_and_zeros_as_zero():
    shown = protect_table(
        {"a": {1: 3, 2: 0}}, parents={"a": "p", "p": None}, order=["p", "a"], flow=True, threshold=5
    )
    assert shown[("a", 1)] == "<5" and shown[("a", 2)] == 0 and shown[("a", 3)] is None


def test_the_chain_hides_a_9_months_total_that_gives_one_quarter_back():
    # Q1 and Q2 are large; Q3 is one small month and two zeros: 9M - 6M would give it.
    months = dict(zip(range(1, 10), [10, 10, 10, 10, 10, 10, 3, 0, 0], strict=True))
    shown = protect_table({"a": months}, parents={"a": None}, order=["a"], flow=True, threshold=5)
    assert shown[("a", 7)] == "<5" and shown[("a", "Q3")] == "<5"
    assert isinstance(shown[("a", "9M")], str) or isinstance(shown[("a", "6M")], str)
    assert not all(isinstance(shown[("a", k)], int) for k in ("6M", "9M"))


def test_a_stock_period_is_hidden_with_the_month_whose_figure_it_is():
    shown = protect_table(
        {"a": {7: 20, 9: 3}, "b": {7: 9, 9: 12}},
        parents={"a": "p", "b": "p", "p": None},
        order=["p", "a", "b"],
        flow=False,
        threshold=5,
    )
    assert shown[("a", 9)] == shown[("a", "Q3")] == "<5"
    assert shown[("b", 9)] == "x" and shown[("b", "Q3")] == "x"  # Q3 of b is its September
    for unit, key in itertools.product("ab", ("Q3", "9M", "Y")):
        assert shown[(unit, key)] == shown[(unit, 9)]
