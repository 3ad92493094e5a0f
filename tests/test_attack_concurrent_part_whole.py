"""Attack: two simultaneous ``POST /api/case-counts/`` of a part and its whole for the
same commune and month (methadone 2, addicts 1). Each write must be checked against the
other: never both stored with the part above its whole, never a 500, and the loser is
told why (400 naming both figures)."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from monitoring.models import CaseCount, Indicator
from tests import api_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MONTH = datetime.date(2025, 6, 1)
ROUNDS = 200


@pytest.fixture(scope="module", autouse=True)
def seed_restored(django_db_blocker):
    """A transactional test ends by emptying every table; put back what the migrations
    seeded (indicators, rule sets, permissions) and the reference data, so a later run
    that reuses the test database (``--reuse-db``) finds them."""
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        call_command("load_reference_data", verbosity=0)


def _writer(user, payload, statuses, barrier, rounds):
    """One client on its own connection: each round, post ``payload`` when all are ready."""
    client = Client()
    client.force_login(user)
    try:
        for _round in range(rounds):
            barrier.wait()  # the cell is empty: go
            response = client.post("/api/case-counts/", payload, content_type="application/json")
            statuses.append((payload["indicator"], response.status_code, response.json()))
            barrier.wait()  # both answered
    finally:
        connection.close()


def test_concurrent_part_and_whole_never_store_a_violation_nor_a_500():
    world = api_world.build_world()
    reporter = api_world.grant(world["inspector"], "monitoring.add_casecount", "monitoring.change_casecount")
    commune = world["commune_a"]
    part, whole = Indicator.objects.get(code="methadone"), Indicator.objects.get(code="addicts_managed")
    posts = [
        {"commune_code": commune.code, "period": "2025-06-01", "indicator": part.code, "value": 2},
        {"commune_code": commune.code, "period": "2025-06-01", "indicator": whole.code, "value": 1},
    ]
    statuses, barrier = [], threading.Barrier(3, timeout=30)
    threads = [threading.Thread(target=_writer, args=(reporter, p, statuses, barrier, ROUNDS)) for p in posts]
    for thread in threads:
        thread.start()
    both_saved = 0
    try:
        for _round in range(ROUNDS):
            CaseCount.objects.filter(unit=commune, period=MONTH).delete()
            statuses.clear()
            barrier.wait()
            barrier.wait()
            stored = dict(
                CaseCount.objects.filter(unit=commune, period=MONTH).values_list("indicator__code", "value")
            )
            assert stored.get(part.code, 0) <= stored.get(whole.code, stored.get(part.code, 0)), stored
            assert sorted(code for _indicator, code, _body in statuses) == [201, 400], statuses
            (loser,) = [body for _indicator, code, body in statuses if code == 400]
            assert loser["code"] == "part_exceeds_whole", loser
            assert "is larger than its whole" in loser["detail"]
            both_saved += len(stored) == 2
    finally:
        barrier.abort()
        for thread in threads:
            thread.join()
    assert both_saved == 0
