"""WSGI entry point for gunicorn or any WSGI server.

The maps' shared layers are built once here, at start (``geo.map_layers.map_layers_warm``),
so the first page of a process is as fast as the next; with gunicorn's ``--preload``
(``config.serve``) the master builds them and every worker inherits them. The database
connections the warm-up opened are closed before any fork. ``WARM_AT_START=false`` skips
it; a database that does not answer yet only delays it to the first request."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _warm() -> None:
    from django.db import DatabaseError, connections

    from geo.map_layers import map_layers_warm

    try:
        map_layers_warm()
    except DatabaseError as error:  # not migrated or not reachable yet: built on demand
        logging.getLogger(__name__).warning("map layers not warmed at start: %s", error)
    finally:
        connections.close_all()


if os.environ.get("WARM_AT_START", "true").lower() != "false":
    _warm()
