"""Small-count protection: what a sensitive figure may show when it leaves the system.

A commune's monthly count of, say, methadone patients that is 1, 2, 3 or 4 can point at a
person in a small commune. Whoever lacks ``monitoring.view_exact_counts``, and every
public output whatever the user, sees such figures protected by two rules:

1. **Primary suppression.** A value of a sensitive indicator (``Indicator.sensitive``) in
   ``1 .. threshold - 1`` is shown as ``"<5"`` (``"<threshold"``; the threshold is the
   ``SMALL_COUNT_THRESHOLD`` setting, default 5). Zero is shown as ``0``: "nobody" points
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

The marker of a complementary cell differs from ``"<5"`` because it is not a small count
(showing ``"<5"`` for 12 would be false). The rule prevents exact recovery from one
published total; a determined reader may still bound a hidden value when the
complementary cell is close to the threshold. Non-sensitive indicators are always exact.

The functions here are pure (no database); ``protection_applies`` and
``small_count_threshold`` read the user and settings.

    >>> protect_group([3, 0, 12, 20], threshold=5)
    ['<5', 0, 'x', 20]
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence

__all__ = [
    "COMPLEMENTARY_MARKER",
    "EXACT_COUNTS_PERMISSION",
    "protect_group",
    "protect_values",
    "protection_applies",
    "small_count_marker",
    "small_count_threshold",
]

EXACT_COUNTS_PERMISSION = "monitoring.view_exact_counts"
COMPLEMENTARY_MARKER = "x"
DEFAULT_THRESHOLD = 5


def small_count_threshold() -> int:
    """The ``SMALL_COUNT_THRESHOLD`` setting (default 5): values from 1 to it minus one are hidden."""
    from django.conf import settings

    return int(getattr(settings, "SMALL_COUNT_THRESHOLD", DEFAULT_THRESHOLD))


def small_count_marker(threshold: int) -> str:
    return f"<{threshold}"


def protection_applies(*, user, public: bool = False) -> bool:
    """True for any public output and for a user without ``monitoring.view_exact_counts``.

    ``user=None`` is a command-line run with full access: exact unless ``public``."""
    if public:
        return True
    if user is None:
        return False
    return not user.has_perm(EXACT_COUNTS_PERMISSION)


def protect_group(values: Sequence[int | None], *, threshold: int) -> list[int | str | None]:
    """One group of sibling cells (same parent, indicator and month) of a sensitive indicator.

    ``None`` (not reported) stays ``None`` and is never chosen as a complementary cell."""
    shown: list[int | str | None] = list(values)
    hidden = [i for i, v in enumerate(values) if v is not None and 0 < v < threshold]
    for i in hidden:
        shown[i] = small_count_marker(threshold)
    if len(hidden) == 1:
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
) -> dict[Hashable, int | str | None]:
    """Protect a whole table at once: ``values`` by cell key, ``groups`` maps each key to
    its group (e.g. the parent unit's id). ``order`` fixes tie-breaking (default: the
    keys' order in ``values``). For the risk map and the public view.

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
    for keys in members.values():
        for key, value in zip(
            keys, protect_group([values[k] for k in keys], threshold=threshold), strict=True
        ):
            shown[key] = value
    return shown
