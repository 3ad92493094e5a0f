"""Rules 1 to 3 of ``monitoring.disclosure`` over one whole table, so that no shown figure
can be derived from others by differencing, across units or across periods.

The table is one province (its communes, its districts where they exist, the province)
× one year of one indicator: the 12 months, the 4 quarters, the "6 months" and "9 months"
reporting periods and the year. A unit above the communes has the sum of its children's
figures; a flow indicator's period the sum of its months, a stock indicator's the value of
its latest reported month. Groups (members and the total they add up to):

- **level groups**: for each period, the children of a unit (communes of a district,
  districts of the province), total the unit's own figure;
- **time groups** (flow indicators): for each unit, the months of a quarter (total the
  quarter), the quarters of the year (total the year), and the chain of totals so far:
  6 months = Q1 + Q2, 9 months = 6 months + Q3, year = 9 months + Q4. In the chain a
  total is hidden rather than a quarter (with one hidden member, the total; under a hidden
  total, the total before it), which keeps the quarters shown where it can;
- **ties** (stock indicators): a period's figure that is the figure of one of its months
  is hidden when that month is, and the month when it is.

Every group follows rules 2 and 3 (with a hidden total, at least one hidden member; with a
shown total, never exactly one; if no other member can be hidden, the total is). Hiding is
repeated over all groups until nothing changes, so a complementary "x" chosen in one group
is protected in every group it belongs to (a September hidden among its district's
communes is also hidden within its quarter). Pure; ``Disclosure`` reads the rows.

>>> table = protect_table({"c": {7: 7, 8: 6, 9: 3}}, parents={"c": "p", "p": None},
...                       order=["p", "c"], flow=True, threshold=5)
>>> [table[("c", k)] for k in (7, 8, 9, "Q3")]
[7, 'x', '<5', 16]
"""

from collections import deque
from collections.abc import Hashable, Mapping, Sequence

from monitoring.disclosure import COMPLEMENTARY_MARKER as COMPLEMENTARY
from monitoring.disclosure import is_hidden, protect_group

__all__ = ["QUARTER_KEYS", "period_key", "protect_table"]

MONTHS = tuple(range(1, 13))
QUARTER_KEYS = ("Q1", "Q2", "Q3", "Q4")
#: Each period of the year (a ``monitoring.figures.periods.Period`` kind) by key: its months.
SPANS: dict[Hashable, tuple[int, ...]] = {
    **{m: (m,) for m in MONTHS},
    **{q: tuple(range(3 * i + 1, 3 * i + 4)) for i, q in enumerate(QUARTER_KEYS)},
    "6M": tuple(range(1, 7)),
    "9M": tuple(range(1, 10)),
    "Y": MONTHS,
}
#: The year's totals so far, each the one before it plus a quarter: (total, members).
CHAIN = (("6M", ("Q1", "Q2")), ("9M", ("6M", "Q3")), ("Y", ("9M", "Q4")))


def period_key(period) -> Hashable:
    """The key of a ``Period`` in the table (a month's number, "Q3", "6M", "9M", "Y")."""
    month = period.start.month
    return {
        "month": month,
        "quarter": f"Q{(month + 2) // 3}",
        "half": "6M",
        "nine": "9M",
        "year": "Y",
    }[period.kind]


def _leaf_values(months: Mapping[int, int | None], *, flow: bool):
    """A commune's figure and (stock) source month of every period of the year."""
    values, sources = {}, {}
    for key, span in SPANS.items():
        reported = [(m, months[m]) for m in span if months.get(m) is not None]
        if not reported:
            values[key] = None
        elif flow:
            values[key] = sum(v for _m, v in reported)
        else:
            sources[key], values[key] = reported[-1]
    return values, sources


def protect_table(
    leaves: Mapping[Hashable, Mapping[int, int | None]],
    *,
    parents: Mapping[Hashable, Hashable | None],
    order: Sequence[Hashable],
    flow: bool,
    threshold: int,
) -> dict[tuple[Hashable, Hashable], int | str | None]:
    """``leaves``: each commune's monthly figures (month number → value, absent or None:
    not reported); ``parents``: every unit's parent (None for the province); ``order``:
    every unit in code order. Returns every (unit, period key) as shown."""
    children: dict[Hashable, list[Hashable]] = {}
    for node in order:
        if parents.get(node) is not None:
            children.setdefault(parents[node], []).append(node)
    value: dict[tuple, int | None] = {}
    source: dict[tuple, int] = {}

    def fill(node) -> None:
        if node in leaves or node not in children:
            node_values, node_sources = _leaf_values(leaves.get(node, {}), flow=flow)
            value.update({(node, k): v for k, v in node_values.items()})
            source.update({(node, k): m for k, m in node_sources.items()})
            return
        for child in children[node]:
            fill(child)
        for key in SPANS:
            reported = [value[(c, key)] for c in children[node] if value[(c, key)] is not None]
            value[(node, key)] = sum(reported) if reported else None
            months = {source.get((c, key)) for c in children[node] if value[(c, key)] is not None}
            if not flow and len(months) == 1 and None not in months:
                source[(node, key)] = months.pop()

    roots = [n for n in order if parents.get(n) is None]
    for root in roots:
        fill(root)
    groups: list[tuple[list[tuple], tuple]] = []
    chains: list[tuple[list[tuple], tuple]] = []
    for key in SPANS:
        groups += [([(c, key) for c in members], (n, key)) for n, members in children.items()]
    units = [n for n in order if (n, "Y") in value]
    for node in units:
        if flow:
            groups += [([(node, m) for m in SPANS[q]], (node, q)) for q in QUARTER_KEYS]
            groups.append(([(node, q) for q in QUARTER_KEYS], (node, "Y")))
            chains += [([(node, m) for m in members], (node, total)) for total, members in CHAIN]
    ties = [((n, k), (n, m)) for (n, k), m in source.items() if not flow and k not in MONTHS]
    hidden: dict[tuple, str] = {
        c: f"<{threshold}" for c, v in value.items() if v is not None and 0 < v < threshold
    }

    # Every group, chain link and tie as (kind, members, total); a worklist re-checks only
    # the groups of a cell just hidden, until none is left.
    checks = (
        [("group", m, t) for m, t in groups]
        + [("chain", m, t) for m, t in chains]
        + [("tie", [month], cell) for cell, month in ties]
    )
    concerns: dict[tuple, list[int]] = {}
    for index, (_kind, members, total) in enumerate(checks):
        for cell in (*members, total):
            concerns.setdefault(cell, []).append(index)
    queue, queued = deque(range(len(checks))), set(range(len(checks)))

    def hide(cell, marker: str = COMPLEMENTARY) -> None:
        if cell in hidden or not value.get(cell):
            return
        hidden[cell] = marker
        for index in concerns.get(cell, ()):
            if index not in queued:
                queued.add(index)
                queue.append(index)

    while queue:
        index = queue.popleft()
        queued.discard(index)
        kind, members, total = checks[index]
        if value[total] is None:
            continue
        if kind == "tie":  # a period's figure and the month it is: hidden together
            (month,) = members
            for a, b in ((total, month), (month, total)):
                if a in hidden:
                    hide(b, hidden[a])
            continue
        count = sum(1 for c in members if c in hidden)
        if kind == "chain":
            if count == 1:
                hide(total)
            elif count == 0 and total in hidden:
                hide(members[0]) if value.get(members[0]) else hide(members[1])
            continue
        shown = protect_group(
            [value[c] for c in members],
            threshold=threshold,
            total_hidden=total in hidden,
            hidden=[i for i, c in enumerate(members) if c in hidden],
        )
        for cell, figure in zip(members, shown, strict=True):
            if is_hidden(figure):
                hide(cell)
        if sum(1 for c in members if c in hidden) == 1:
            hide(total)  # every other member is zero: the total is the hidden one
    return {c: hidden.get(c, v) for c, v in value.items()}
