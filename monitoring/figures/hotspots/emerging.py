"""Emerging hot spots: what a commune's series of Gi* results over the last periods says,
in the categories ArcGIS's Emerging Hot Spot Analysis uses (new, consecutive,
intensifying, persistent, diminishing, sporadic, oscillating, historical, and their cold
counterparts). The trend of the Gi* z-scores is the Mann-Kendall test of
``pymannkendall``. Pure: imports nothing from Django.

>>> emerging_category(z=[0.1, 0.2, 2.9], hot=[False, False, True], cold=[False, False, False])
'new_hot'
"""

from collections.abc import Sequence

__all__ = ["CATEGORIES", "KINDS", "PERSISTENT_SHARE", "TREND_ALPHA", "emerging_category", "trend"]

#: The share of periods a commune must be a significant spot in to be persistent,
#: intensifying, diminishing or historical (ArcGIS: 90 %).
PERSISTENT_SHARE = 0.9
#: Significance of the Mann-Kendall trend.
TREND_ALPHA = 0.05
#: The patterns of ArcGIS's Emerging Hot Spot Analysis, each hot or cold.
KINDS = (
    "new",
    "consecutive",
    "intensifying",
    "persistent",
    "diminishing",
    "sporadic",
    "oscillating",
    "historical",
)
CATEGORIES = (
    *(f"{kind}_hot" for kind in KINDS),
    *(f"{kind}_cold" for kind in KINDS),
    "no_pattern",
)


def trend(z: Sequence[float]) -> str:
    """``increasing``, ``decreasing`` or ``no trend`` (Mann-Kendall, ``TREND_ALPHA``)."""
    if len(z) < 3:
        return "no trend"
    # Imported here: it loads scipy.stats (~60 MB), which a server process only needs
    # once an emerging hot-spot map is asked for (the categories read KINDS from here).
    import pymannkendall

    return pymannkendall.original_test(list(z), alpha=TREND_ALPHA).trend


def _spot_kind(spot: list[bool], opposite: list[bool], z: list[float | None], *, rising: str) -> str | None:
    """The kind of a series whose last period is a spot (``spot[-1]``), or that was a
    spot in at least ``PERSISTENT_SHARE`` of the periods (historical)."""
    share = sum(spot) / len(spot)
    if not spot[-1]:
        return "historical" if share >= PERSISTENT_SHARE else None
    if share >= PERSISTENT_SHARE:
        direction = trend([v for v in z if v is not None])
        if direction == "no trend":
            return "persistent"
        return "intensifying" if direction == rising else "diminishing"
    if sum(spot) == 1:
        return "new"
    run = len(spot) - next(i for i in range(len(spot) - 1, -1, -1) if not spot[i]) - 1
    if run >= 2 and not any(spot[: len(spot) - run]):
        return "consecutive"
    return "oscillating" if any(opposite) else "sporadic"


def emerging_category(*, z: Sequence[float | None], hot: Sequence[bool], cold: Sequence[bool]) -> str:
    """The category of one commune from its Gi* z-scores and whether each period was a
    significant hot or cold spot, oldest first. A period not tested has ``None`` for z
    (no point in the trend) and is neither hot nor cold."""
    z, hot, cold = list(z), list(hot), list(cold)
    if not z or not (len(z) == len(hot) == len(cold)):
        raise ValueError("z, hot and cold must be series of the same non-zero length")
    if hot[-1]:
        return f"{_spot_kind(hot, cold, z, rising='increasing')}_hot"
    if cold[-1]:
        return f"{_spot_kind(cold, hot, z, rising='decreasing')}_cold"
    if kind := _spot_kind(hot, cold, z, rising="increasing"):
        return f"{kind}_hot"
    if kind := _spot_kind(cold, hot, z, rising="decreasing"):
        return f"{kind}_cold"
    return "no_pattern"
