"""The risk map's two spatial measures, ``eb_rate`` and ``hotspots``: the parameters
they are computed with (one place, read by ``figures.values``) and their description for
an export's metadata."""

__all__ = ["MAP_EMERGING", "MAP_HOTSPOTS", "map_measure_metadata"]


#: The risk map's hot-spot measure: Gi* of the global Empirical Bayes rate, queen weights.
MAP_HOTSPOTS = {"method": "gi", "measure": "eb_rate", "permutations": 999, "seed": 12345}
#: The risk map's emerging hot-spot measure: the same Gi* over the last 12 periods.
MAP_EMERGING = {"measure": "eb_rate", "periods": 12, "seed": 12345}


def map_measure_metadata(kind: str) -> dict | None:
    """How the risk map computes the ``eb_rate`` and ``hotspots`` measures (for an
    export's metadata); ``None`` for the other measures."""
    if kind == "eb_rate":
        return {
            "method": "global Empirical Bayes rate (esda.smoothing.Empirical_Bayes; Marshall 1991)",
            "rate_base": "per 10,000 residents (AdminUnit.population)",
            "pooled_over": "the communes shown",
        }
    if kind == "hotspots":
        return {
            "method": "Getis-Ord Gi* (esda.G_Local, star=True, binary weights)",
            "of": "global Empirical Bayes rate per 10,000 residents (AdminUnit.population)",
            "weights": "queen",
            "permutations": MAP_HOTSPOTS["permutations"],
            "seed": MAP_HOTSPOTS["seed"],
            "p_value": "pseudo p-value from conditional permutations",
            "confidence": "99 %: p ≤ 0.01, 95 %: p ≤ 0.05, 90 %: p ≤ 0.10",
            "over": "the communes shown",
        }
    if kind == "emerging":
        from monitoring.figures.hotspots.emerging import PERSISTENT_SHARE, TREND_ALPHA
        from monitoring.figures.hotspots.over_time import SPOT_CONFIDENCE

        return {
            "method": "emerging hot spots: Getis-Ord Gi* per period, Mann-Kendall trend of the z-scores"
            " (pymannkendall.original_test)",
            "of": "global Empirical Bayes rate per 10,000 residents (AdminUnit.population)",
            "weights": "queen",
            "periods": MAP_EMERGING["periods"],
            "spot": f"Gi* z-score significant at {SPOT_CONFIDENCE} % (normal approximation)",
            "persistent_share": PERSISTENT_SHARE,
            "trend_alpha": TREND_ALPHA,
            "over": "the communes shown",
        }
    return None
