"""Small-count protection: what a sensitive figure may show when it leaves the system.

A commune's monthly count of, say, methadone patients that is 1, 2, 3 or 4 can point at a
person in a small commune. Whoever lacks ``monitoring.view_exact_counts``, and every
public output whatever the user, sees such figures protected by these rules:

1. **Primary suppression.** A value of a sensitive indicator (``Indicator.sensitive``) in
   ``1 .. threshold - 1`` is shown as ``"<5"`` (``"<threshold"``; the threshold is
   ``small_count_threshold()``: the site settings' value, else the ``SMALL_COUNT_THRESHOLD``
   setting, default 5). Zero is shown as ``0``: "nobody" points
   at nobody, and hiding zeros would hide most of the map's good news.
2. **Complementary suppression.** Figures are published with totals: the communes of a
   district (or of a province where districts no longer exist) for one indicator and
   month add up to the parent's figure, which the risk map shows. A group is those
   sibling cells. If exactly one cell of a group is suppressed, its value is the total
   minus the others, so the smallest other *non-zero* cell (ties: the first in the
   group's order) is also hidden and shown as ``"x"``. With two hidden cells the total
   gives only their sum. A zero is never chosen: hiding a known-empty cell hides nothing
   (if every other cell is zero, the parent total is itself below the threshold and is
   suppressed where it is published, by rule 1).
3. **Hidden parents.** A parent's figure (a district's: the sum of its communes) is
   itself a cell of its own siblings' group (the districts of a province) and protected
   there by rules 1 and 2. Where it is hidden, its children must not all be shown, or
   their sum gives it back (and with it, from the province total, the small district):
   a group whose parent is hidden and that holds no hidden cell gets its smallest
   non-zero cell hidden as ``"x"`` (``hidden_groups`` and ``total_hidden``).
4. **Periods and levels together.** A period's months add up to its quarter, the quarters
   to the "9 months" and the year, as communes to their district: those are groups too,
   and a cell hidden in one group must hold in every group it belongs to, or July 7,
   August 6 and the quarter's 17 give a hidden September back. ``Disclosure`` therefore
   protects one whole table at once, a province (communes, districts, the province) × a
   year of one indicator, iterating rules 2 and 3 over every level and time group until
   nothing changes (``monitoring.disclosure_table``).

The marker of a complementary cell differs from ``"<5"`` because it is not a small count
(showing ``"<5"`` for 12 would be false). The rule prevents exact recovery from one
published total; a determined reader may still bound a hidden value when the
complementary cell is close to the threshold. Non-sensitive indicators are always exact.

This module is the only implementation of the rules; every channel (risk map, REST, OGC,
exports, planning, the public page) asks ``disclosure_for(user=…, public=…)`` once per
request and protects through the ``Disclosure`` it returns. ``protect_group``,
``protect_values`` and ``monitoring.disclosure_table.protect_table`` are pure;
``small_count_threshold`` reads the site settings; ``Disclosure.unit_values`` (a period's
figure of units) and ``Disclosure.case_counts`` (stored monthly counts) read their cells
from the protected table of the units' province and year, kept for the request.

**The same cell shows the same marker in every channel**: the table is always the whole
province and year, whatever a filter, a page or a user's area keeps, in the units' code
order; a derived figure of the cell (a rate per 10,000, a change) is hidden with the same
marker as its count.

    >>> protect_group([3, 0, 12, 20], threshold=5)
    ['<5', 0, 'x', 20]
"""

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "CASE_COUNT_GROUP",
    "COMPLEMENTARY_MARKER",
    "EXACT_COUNTS_PERMISSION",
    "Disclosure",
    "disclosure_for",
    "group_totals",
    "hidden_groups",
    "is_hidden",
    "protect_group",
    "protect_values",
    "protection_applies",
    "small_count_marker",
    "small_count_threshold",
]

EXACT_COUNTS_PERMISSION = "monitoring.view_exact_counts"
COMPLEMENTARY_MARKER = "x"
DEFAULT_THRESHOLD = 5


#: The key of a group of monthly case counts (SQL over ``t`` = the count, ``u`` = its
#: commune): the exports stream by it, ``Disclosure.case_counts`` reads by it.
CASE_COUNT_GROUP = ("t.period", "t.indicator_id", "coalesce(u.parent_id, 0)")


def small_count_threshold() -> int:
    """The one threshold source: the site settings' value (admin), else the
    ``SMALL_COUNT_THRESHOLD`` setting (environment, default 5). Values from 1 to it minus
    one are hidden."""
    from monitoring.models import SiteSettings

    return int(SiteSettings.load().threshold)


def small_count_marker(threshold: int) -> str:
    return f"<{threshold}"


def is_hidden(shown) -> bool:
    """Whether a shown value is a marker ("<5" or "x") rather than a figure."""
    return isinstance(shown, str)


def protection_applies(*, user, public: bool = False) -> bool:
    """True for any public output and for a user without ``monitoring.view_exact_counts``.

    ``user=None`` is a command-line run with full access: exact unless ``public``."""
    if public:
        return True
    if user is None:
        return False
    return not user.has_perm(EXACT_COUNTS_PERMISSION)


def protect_group(
    values: Sequence[int | None],
    *,
    threshold: int,
    total_hidden: bool = False,
    hidden: Collection[int] = (),
) -> list[int | str | None]:
    """One group of sibling cells (same parent, indicator and month) of a sensitive indicator.

    ``None`` (not reported) stays ``None`` and is never chosen as a complementary cell.
    ``total_hidden``: the parent's figure is itself hidden where it is published (rule 3):
    then a group without any hidden cell gets one, or its shown cells would add up to it.
    ``hidden``: indices of cells already hidden in another group (shown "x" unless small).
    """
    shown: list[int | str | None] = list(values)
    for i in hidden:  # hidden in another group the cell belongs to (``monitoring.disclosure_table``)
        shown[i] = COMPLEMENTARY_MARKER
    hidden = set(hidden) | {i for i, v in enumerate(values) if v is not None and 0 < v < threshold}
    for i in hidden:
        if values[i] is not None and 0 < values[i] < threshold:
            shown[i] = small_count_marker(threshold)
    if len(hidden) == (0 if total_hidden else 1):
        candidates = [(v, i) for i, v in enumerate(values) if v is not None and v > 0 and i not in hidden]
        if candidates:
            _value, i = min(candidates)
            shown[i] = COMPLEMENTARY_MARKER
    return shown


def protect_values(
    values: Mapping[Hashable, int | None],
    *,
    groups: Mapping[Hashable, Hashable],
    sensitive: bool = True,
    threshold: int | None = None,
    order: Iterable[Hashable] | None = None,
    hidden_totals: Collection[Hashable] = (),
) -> dict[Hashable, int | str | None]:
    """Protect a whole table at once: ``values`` by cell key, ``groups`` maps each key to
    its group (e.g. the parent unit's id). ``order`` fixes tie-breaking (default: the
    keys' order in ``values``). ``hidden_totals``: the groups whose own figure is hidden
    one level up (``hidden_groups``). For the risk map and the public view.

    >>> protect_values({"a": 2, "b": 7, "c": 9}, groups={"a": 1, "b": 1, "c": 1}, threshold=5)
    {'a': '<5', 'b': 'x', 'c': 9}
    """
    if not sensitive:
        return dict(values)
    threshold = small_count_threshold() if threshold is None else threshold
    members: dict[Hashable, list[Hashable]] = {}
    for key in order if order is not None else values:
        members.setdefault(groups.get(key), []).append(key)
    shown: dict[Hashable, int | str | None] = {}
    for group, keys in members.items():
        protected = protect_group(
            [values[k] for k in keys], threshold=threshold, total_hidden=group in hidden_totals
        )
        shown |= dict(zip(keys, protected, strict=True))
    return shown


def group_totals(values: Mapping[Hashable, int | None], *, groups: Mapping[Hashable, Hashable]) -> dict:
    """Each group's figure: the sum of its reported cells (``None`` if none reported)."""
    totals: dict[Hashable, int | None] = {}
    for key, value in values.items():
        group = groups.get(key)
        totals[group] = totals.get(group) if value is None else (totals.get(group) or 0) + value
    return totals


def hidden_groups(
    totals: Mapping[Hashable, int | None],
    *,
    parents: Mapping[Hashable, Hashable],
    threshold: int,
    order: Iterable[Hashable] | None = None,
) -> set[Hashable]:
    """Rule 3, one level up: the groups (parent units) whose figure is hidden among their
    own siblings (``parents``: each group's parent; ``order``: the groups' code order).
    A hidden parent figure must not be recoverable as the sum of its children, so
    ``protect_values(hidden_totals=…)`` then hides one child of a group that has none."""
    shown = protect_values(totals, groups=parents, threshold=threshold, order=order)
    return {group for group, value in shown.items() if is_hidden(value)}


#: The provinces (units without a parent) above ``%(ids)s``, and every unit under them:
#: current units, and communes of any date (their stored counts are cells of the table).
TREE_SQL = """
WITH RECURSIVE up AS (
     SELECT id, parent_id FROM geo_adminunit WHERE id = ANY(%(ids)s)
     UNION SELECT a.id, a.parent_id FROM geo_adminunit a JOIN up ON a.id = up.parent_id),
down AS (
     SELECT id, parent_id, code, level, valid_to FROM geo_adminunit
      WHERE id IN (SELECT id FROM up WHERE parent_id IS NULL)
     UNION ALL SELECT a.id, a.parent_id, a.code, a.level, a.valid_to FROM geo_adminunit a
       JOIN down ON a.parent_id = down.id WHERE a.valid_to IS NULL OR a.level = 'commune')
SELECT id, parent_id, level = 'commune' AND valid_to IS NULL FROM down ORDER BY code
"""
#: Monthly counts of one indicator and year for the units of ``%(ids)s``.
YEAR_COUNTS_SQL = """
SELECT unit_id, extract(month FROM period)::int, value FROM monitoring_casecount
 WHERE indicator_id = %(indicator)s AND unit_id = ANY(%(ids)s)
   AND period BETWEEN make_date(%(year)s, 1, 1) AND make_date(%(year)s, 12, 1)
"""
#: A stored count's unit, indicator, year, month and flow-ness, for sensitive indicators.
COUNT_CELLS_SQL = """
SELECT t.id, t.unit_id, t.indicator_id, extract(year FROM t.period)::int,
       extract(month FROM t.period)::int, ind.aggregation = 'flow'
  FROM monitoring_casecount t JOIN monitoring_indicator ind ON ind.id = t.indicator_id AND ind.sensitive
 WHERE t.id = ANY(%s)
"""


@dataclass(frozen=True)
class Disclosure:
    """How one reader (a user, or a public output) sees sensitive figures.

    ``protect`` False: every figure exact. Get one with ``disclosure_for``. The protected
    tables (``monitoring.disclosure_table``: a province × a year of an indicator) are
    kept for the request, so every channel of it reads each cell from the same table."""

    protect: bool
    threshold: int
    _tables: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def _table(self, *, indicator_id: int, flow: bool, year: int, unit_ids: Sequence[int]) -> dict:
        """The protected cells ``(unit id, period key)`` of the provinces holding ``unit_ids``."""
        from django.db import connection

        from monitoring.disclosure_table import protect_table

        missing = [i for i in unit_ids if (indicator_id, year, i) not in self._tables]
        if missing:
            with connection.cursor() as cursor:
                cursor.execute(TREE_SQL, {"ids": list(missing)})
                tree = cursor.fetchall()
                cursor.execute(
                    YEAR_COUNTS_SQL, {"indicator": indicator_id, "ids": [r[0] for r in tree], "year": year}
                )
                counts = cursor.fetchall()
            leaves: dict[int, dict[int, int]] = {}
            for unit_id, month, value in counts:
                leaves.setdefault(unit_id, {})[month] = value
            table = protect_table(
                leaves,
                parents={r[0]: r[1] for r in tree},
                order=[r[0] for r in tree],
                flow=flow,
                threshold=self.threshold,
            )
            cells: dict[int, dict] = {unit_id: {} for unit_id, _p, _c in tree}
            for (unit_id, key), shown in table.items():
                cells[unit_id][key] = shown
            for unit_id, parent, _current in tree:
                self._tables[("parent", unit_id)] = parent
                self._tables[(indicator_id, year, unit_id)] = cells[unit_id]
            for unit_id, parent, current_commune in tree:
                if current_commune:
                    for ancestor in self._ancestors(parent):
                        self._tables.setdefault(("communes", ancestor), set()).add(unit_id)
        return {(i, k): v for i in unit_ids for k, v in self._tables.get((indicator_id, year, i), {}).items()}

    @property
    def marker(self) -> str:
        return small_count_marker(self.threshold)

    def applies(self, *, sensitive: bool) -> bool:
        return self.protect and bool(sensitive)

    def table(
        self,
        values: Mapping[Hashable, int | float | None],
        *,
        groups: Mapping[Hashable, Hashable],
        sensitive: bool,
        order: Iterable[Hashable] | None = None,
    ) -> dict:
        """``values`` (cells by key, grouped by ``groups``) as this reader sees them."""
        if not self.applies(sensitive=sensitive):
            return dict(values)
        return protect_values(values, groups=groups, threshold=self.threshold, order=order)

    def _ancestors(self, unit_id):
        while unit_id is not None:
            yield unit_id
            unit_id = self._tables.get(("parent", unit_id))

    def area_total(self, value, *, indicator, period, commune_ids: Collection[int]):
        """The total of ``period`` over ``commune_ids`` (an area's communes): where they are
        exactly one unit's current communes (a district, the province), that unit's cell of
        the protected table, so the area's months and its quarter do not give one another
        back; any other sum by rule 1 (``total``)."""
        if not self.applies(sensitive=indicator.sensitive) or not commune_ids:
            return value
        shown = self.total(value, sensitive=True)
        if is_hidden(shown):
            return shown
        first = next(iter(commune_ids))
        self.unit_values(indicator=indicator, period=period, unit_ids=[first])  # reads the tree
        wanted = set(commune_ids)
        for ancestor in self._ancestors(self._tables.get(("parent", first))):
            if self._tables.get(("communes", ancestor)) == wanted:
                cell = self.unit_values(indicator=indicator, period=period, unit_ids=[ancestor])
                return cell.get(ancestor, shown)
        return shown

    def total(self, value, *, sensitive: bool):
        """A published total of cells (a map's total, one month of a trend): rule 1 only."""
        if self.applies(sensitive=sensitive) and value is not None and 0 < value < self.threshold:
            return self.marker
        return value

    def unit_values(
        self, *, indicator, period, unit_ids: Sequence[int]
    ) -> dict[int, int | float | str | None]:
        """The indicator's figure for ``period`` (``monitoring.figures``'s aggregation: a
        month, quarter or year) of each unit of ``unit_ids`` (current units of one level:
        communes, or districts whose figure is the sum of their communes), as this reader
        sees it. Rules 2 and 3 compare it with the unit's whole family, not only the units
        asked for. Empty for a reader or an indicator that needs no protection."""
        if not self.applies(sensitive=indicator.sensitive) or not unit_ids:
            return {}
        from monitoring.disclosure_table import period_key
        from monitoring.models import Aggregation

        table = self._table(
            indicator_id=indicator.id,
            flow=indicator.aggregation == Aggregation.FLOW,
            year=period.start.year,
            unit_ids=list(unit_ids),
        )
        key = period_key(period)
        return {i: table[(i, key)] for i in unit_ids if (i, key) in table}

    def case_counts(self, ids: Iterable[int]) -> dict[int, int | str]:
        """Stored monthly counts (``CaseCount`` ids) as this reader sees them: each one's
        group is read whole from the database, so a page of the REST API, one commune's
        history or an OGC item shows what the full export shows. Ids of non-sensitive
        indicators (or every id, for a reader with exact counts) are left out: show the
        stored value."""
        ids = sorted(set(ids))
        if not self.protect or not ids:
            return {}
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(COUNT_CELLS_SQL, [ids])
            cells = cursor.fetchall()
        by_table: dict[tuple, list] = {}
        for cell in cells:
            by_table.setdefault((cell[2], cell[5], cell[3]), []).append(cell)
        shown: dict[int, int | str] = {}
        for (indicator_id, flow, year), rows in by_table.items():
            table = self._table(
                indicator_id=indicator_id, flow=flow, year=year, unit_ids=sorted({r[1] for r in rows})
            )
            shown |= {r[0]: table[(r[1], r[4])] for r in rows if (r[1], r[4]) in table}
        return shown


def disclosure_for(*, user=None, public: bool = False, threshold: int | None = None) -> Disclosure:
    """The protection of one request: ``protection_applies`` and the one threshold."""
    return Disclosure(
        protect=protection_applies(user=user, public=public),
        threshold=small_count_threshold() if threshold is None else threshold,
    )
