"""The ``replica`` alias's database backend: PostGIS, except that a replica that does
not answer (stopped since the router's last check, ``config/replica_state.py``) gives a
connection to the primary instead of an error. Such a connection is closed at the end
of its request, so the next one tries the replica again."""

import time

from django.contrib.gis.db.backends.postgis.base import DatabaseWrapper as PostGISDatabaseWrapper
from django.db import connections

from config.replica_state import replica_mark_down

__all__ = ["DatabaseWrapper"]


class DatabaseWrapper(PostGISDatabaseWrapper):
    fell_back = False

    def get_new_connection(self, conn_params):
        self.fell_back = False
        try:
            return super().get_new_connection(conn_params)
        except self.Database.OperationalError:
            replica_mark_down()
            self.fell_back = True
            return super().get_new_connection(connections["default"].get_connection_params())

    def connect(self):
        super().connect()
        if self.fell_back:
            self.close_at = time.monotonic()  # closed when this request ends
