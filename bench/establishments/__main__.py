"""``python -m bench.establishments [--rebuild]``: the national data set (built once in
``bench_national``), then the inspectors' filter measured on it."""

import sys

from bench.national.database import django_setup

django_setup()

from bench.establishments.measure import establishments_measure  # noqa: E402
from bench.national.dataset import dataset_ensure  # noqa: E402

sys.exit(establishments_measure(dataset_ensure(rebuild="--rebuild" in sys.argv[1:])))
