"""Send reads to a PostgreSQL streaming replica and writes to the primary.

Enabled by ``DATABASE_REPLICA_URL`` (see ``config/settings.py``): the replica is the
``replica`` alias. A read made inside a transaction on the primary stays on the primary,
so a service that writes and then reads in one ``transaction.atomic`` block sees its own
writes (a replica may lag by a fraction of a second); so does every read of a request
that wrote, or of a browser that wrote a moment ago, and every read while the replica
does not answer (``config/replica_state.py``). Sessions, users and permissions
are always read on the primary: a session row written at login must be found by the
very next request. Migrations run on the primary only; the replica receives them by
replication.
"""

from django.db import connections

from config.replica_state import primary_pin, primary_pinned, replica_available

__all__ = ["PrimaryReplicaRouter"]

PRIMARY, REPLICA = "default", "replica"
PRIMARY_APPS = {"sessions", "auth", "contenttypes", "admin"}


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            REPLICA not in connections.settings
            or model._meta.app_label in PRIMARY_APPS
            or connections[PRIMARY].in_atomic_block
            or primary_pinned()
            or not replica_available()
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        primary_pin()
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: same rows, same ids

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
