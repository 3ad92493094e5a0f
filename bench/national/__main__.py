"""``python -m bench.national [--rebuild] [names]``: build the national data set once in
its own database (``bench_national``), then run the named measurements (all when none
is named; see ``bench.national.registry``)."""

import sys

from bench.national.database import django_setup

django_setup()

from bench.national.dataset import dataset_ensure  # noqa: E402
from bench.national.registry import run  # noqa: E402

arguments = sys.argv[1:]
data = dataset_ensure(rebuild="--rebuild" in arguments)
names = [a for a in arguments if not a.startswith("--")]
if names == ["dataset"]:
    sys.exit(0)
sys.exit(0 if run(names, data) else 1)
