"""Hot spots at national scale, the statistics alone: Gi* and Local Moran's I (999
permutations) over a 103 × 104 queen lattice (10,712 cells, about the 10,644 communes
of the pre-2025 layout), target < 5 s; emerging hot spots over 36 periods (36 × Gi*
with the normal approximation, as ``figures.hotspots.over_time``, and the categories),
target < 30 s. The lattice stands in for the communes' weights
(a commune has about six neighbours, a lattice cell up to eight); the PostGIS part
(values and touching pairs, one query each) is not included.

Run with ``python -m bench.hotspots`` (no database needed). Writes
``bench/results/hotspots.json``.
"""

import sys
import time
import warnings

import numpy as np
from esda.getisord import G_Local
from esda.moran import Moran_Local
from libpysal.weights import lat2W

from bench.national.results import result_row, result_write
from monitoring.figures.hotspots import emerging, statistics

ROWS, COLS = 103, 104
PERIODS = 36
PERMUTATIONS = 999
TARGET_S, TARGET_EMERGING_S = 5.0, 30.0


def _seconds(run) -> tuple[float, object]:
    t = time.perf_counter()
    result = run()
    return time.perf_counter() - t, result


def main() -> int:
    warnings.simplefilter("ignore")
    w = lat2W(ROWS, COLS, rook=False)
    rng = np.random.default_rng(1)
    months = [
        rng.poisson(5 + 3 * np.sin(np.arange(w.n) / 500 + m / 6), w.n).astype(float) for m in range(PERIODS)
    ]
    statistics.gi_star(months[0][:100], lat2W(10, 10, rook=False), permutations=99, seed=1)  # compile once
    statistics.local_moran(months[0][:100], lat2W(10, 10, rook=False), permutations=99, seed=1)
    gi_s, _ = _seconds(lambda: statistics.gi_star(months[-1], w, permutations=PERMUTATIONS, seed=1))
    lisa_s, _ = _seconds(lambda: statistics.local_moran(months[-1], w, permutations=PERMUTATIONS, seed=1))

    def emerging_all():
        series = [statistics.gi_star(y, w, permutations=0, seed=1) for y in months]  # as over_time
        z = np.vstack([r.z for r in series])
        levels = [statistics.confidence_levels(r.p, use_fdr=False) for r in series]
        spot = np.array([[(c or 0) >= 95 for c in row] for row in levels])
        return [
            emerging.emerging_category(z=list(z[:, i]), hot=list(spot[:, i] & (z[:, i] > 0)),
                                       cold=list(spot[:, i] & (z[:, i] < 0)))
            for i in range(w.n)
        ]  # fmt: skip

    emerging_s, categories = _seconds(emerging_all)
    # References from the same run: esda's own call on the same weights and values, so the
    # figure shows what the product adds to the library (copying, levels, categories).
    gi_ref, _ = _seconds(lambda: G_Local(months[-1], w, transform="B", permutations=PERMUTATIONS, star=True,
                                         seed=1, n_jobs=1))  # fmt: skip
    lisa_ref, _ = _seconds(lambda: Moran_Local(months[-1], w, transformation="r", permutations=PERMUTATIONS,
                                               seed=1, n_jobs=1))  # fmt: skip
    emerging_ref, _ = _seconds(
        lambda: [G_Local(y, w, transform="B", permutations=0, star=True, n_jobs=1) for y in months]
    )
    ref = "esda alone, same weights"
    rows = [
        result_row(f"Gi* ({w.n:,} cells, {PERMUTATIONS} permutations)", round(gi_s, 2), "s",
                   target=f"< {TARGET_S:g} s", met=gi_s < TARGET_S,
                   reference=round(gi_ref, 2), reference_label=ref),
        result_row(f"Local Moran's I ({w.n:,} cells, {PERMUTATIONS} permutations)", round(lisa_s, 2), "s",
                   target=f"< {TARGET_S:g} s", met=lisa_s < TARGET_S,
                   reference=round(lisa_ref, 2), reference_label=ref),
        result_row(f"emerging hot spots ({PERIODS} periods × {w.n:,} cells)", round(emerging_s, 1), "s",
                   target=f"< {TARGET_EMERGING_S:g} s", met=emerging_s < TARGET_EMERGING_S,
                   reference=round(emerging_ref, 1), reference_label="36 × esda G_Local alone",
                   note=f"{len(set(categories))} categories seen"),
    ]  # fmt: skip
    result_write("hotspots", title="Hot spots: statistics at national scale (lattice)", rows=rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
