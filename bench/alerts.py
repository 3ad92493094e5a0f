"""Early warning at national scale, the rule alone: one month's evaluation of 10,644
communes × 13 indicators (``monitoring.alerts.rule.exceedances`` on a 12-month
baseline, as ``alerts_evaluate`` calls it), its time next to a reference from the same
run (reading the same series into Python lists, the part every evaluation pays), and
the false alarms on ordinary variation (Poisson figures, no outbreak) next to the
rule's nominal α. The PostGIS read (one query over 13 months) is not included.

Run with ``python -m bench.alerts`` (no database needed). Writes
``bench/results/alerts.json``.
"""

import sys
import time

import numpy as np

from bench.national.results import result_row, result_write
from monitoring.alerts.rule import ALPHA, BASELINE_MONTHS, exceedances

COMMUNES, INDICATORS = 10_644, 13


def main() -> int:
    rng = np.random.default_rng(17)
    means = rng.gamma(1.2, 6.0, COMMUNES * INDICATORS)
    series = rng.poisson(means[:, None], (means.size, BASELINE_MONTHS + 1))
    t = time.perf_counter()
    lists = [(int(row[-1]), [int(v) for v in row[:-1]]) for row in series]
    reference_s = time.perf_counter() - t
    t = time.perf_counter()
    verdicts = exceedances([v for v, _b in lists], [b for _v, b in lists])
    rule_s = time.perf_counter() - t
    alarms = sum(v.fires for v in verdicts)
    rate = alarms / len(verdicts)
    rows = [
        result_row(
            f"alert rule, one month ({COMMUNES:,} communes × {INDICATORS} indicators)",
            round(rule_s, 2),
            "s",
            reference=round(reference_s, 2),
            reference_label="reading the same series into lists",
        ),
        result_row(
            "false alarms on ordinary Poisson variation",
            round(100 * rate, 3),
            "%",
            reference=round(100 * ALPHA, 3),
            reference_label="nominal α",
            target="below α",
            met=rate < ALPHA,
            note=f"{alarms} of {len(verdicts):,}",
        ),
    ]
    result_write("alerts", title="Early warning: the rule at national scale (synthetic)", rows=rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
