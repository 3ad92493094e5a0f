"""How long the protected table (``monitoring.disclosure_table``) takes for one province
and year, next to the reference of the same run: the sibling groups alone (rules 1 and 2
per month, ``disclosure.protect_values``), as before time groups.

    .venv/bin/python -m bench.protected_table [districts] [communes per district]
"""

import random
import sys
import time

from monitoring.disclosure import protect_values
from monitoring.disclosure_table import SPANS, protect_table


def main(districts: int = 12, per_district: int = 15) -> None:
    rng = random.Random(1)  # noqa: S311 - reproducible figures
    parents, order, leaves = {"P": None}, ["P"], {}
    for d in range(districts):
        parents[f"D{d}"], _ = "P", order.append(f"D{d}")
        for c in range(per_district):
            code = f"C{d}_{c}"
            parents[code], _ = f"D{d}", order.append(code)
            leaves[code] = {m: rng.choice([0, 0, 1, 2, 3, 4, 6, 8, 12, 20, 35]) for m in range(1, 13)}
    for flow in (True, False):
        start = time.perf_counter()
        shown = protect_table(leaves, parents=parents, order=order, flow=flow, threshold=5)
        table = time.perf_counter() - start
        start = time.perf_counter()
        for key in SPANS:
            protect_values(
                {c: sum(leaves[c][m] for m in SPANS[key]) for c in leaves}, groups=parents, threshold=5
            )
        reference = time.perf_counter() - start
        cells = [v for (unit, _k), v in shown.items() if unit.startswith("C")]
        print(
            f"{'flow' if flow else 'stock'}: {districts * per_district} communes × {len(SPANS)} periods:"
            f" table {table * 1000:.0f} ms (reference, siblings only: {reference * 1000:.1f} ms);"
            f" hidden {sum(isinstance(v, str) for v in cells)} of {len(cells)} commune cells"
        )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
