"""``python -m bench.establishments [--rebuild]``: point Django at the benchmark's own
database, then build (once) and measure."""

import os
import sys

from bench.establishments.database import database_url, ensure_database

URL = database_url()
ensure_database(URL)
os.environ["DATABASE_URL"] = URL
os.environ["DEBUG"] = "true"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from bench.establishments.measure import main  # noqa: E402

sys.exit(main())
