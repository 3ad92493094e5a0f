"""``geo`` tells the apps above it that commune boundaries changed through
``geo.signals.communes_changed``, inside the import's transaction: ``monitoring`` moves
places there, and a receiver that fails undoes the whole import."""

import pytest
from django.db import connection

from geo.models import AdminUnit
from geo.signals import communes_changed
from tests.test_boundary_versions_and_crosswalk import NEW, NEW_FROM, import_units, old_version  # noqa: F401

pytestmark = pytest.mark.django_db


class ReceiverFailed(Exception):
    pass


def test_the_signal_is_sent_inside_the_import_transaction_with_the_new_units(tmp_path, old_version):  # noqa: F811
    seen = {}

    def receiver(sender, **kwargs):
        seen["atomic"] = connection.in_atomic_block
        seen["codes"] = set(AdminUnit.current.filter(code__startswith="710").values_list("code", flat=True))
        return 3

    communes_changed.connect(receiver, dispatch_uid="test_boundary_changes_signalled")
    try:
        report = import_units(tmp_path, "new.geojson", NEW, NEW_FROM)
    finally:
        communes_changed.disconnect(dispatch_uid="test_boundary_changes_signalled")
    assert seen == {"atomic": True, "codes": {"71003", "71004", "71010", "71011"}}
    assert report.places_moved == 3  # monitoring's receiver moved none, this one said 3


def test_a_failing_receiver_undoes_the_whole_import(tmp_path, old_version):  # noqa: F811
    def receiver(sender, **kwargs):
        raise ReceiverFailed

    communes_changed.connect(receiver, dispatch_uid="test_boundary_changes_signalled")
    try:
        with pytest.raises(ReceiverFailed):
            import_units(tmp_path, "new.geojson", NEW, NEW_FROM)
    finally:
        communes_changed.disconnect(dispatch_uid="test_boundary_changes_signalled")
    current = set(AdminUnit.current.filter(code__startswith="710").values_list("code", flat=True))
    assert current == {"71001", "71002", "71003", "71004"}
