"""A large case-count write runs with the part ≤ whole row trigger off and checks the
rule once over everything it touched, in the same transaction; the trigger is always
enabled again."""

import datetime
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from monitoring.imports import counts, part_rule
from monitoring.imports.counts import case_counts_import
from monitoring.models import CaseCount, Indicator
from tests.import_units import build_units

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


def trigger_state() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'casecount_part_not_above_whole'")
        return cursor.fetchone()[0]


@pytest.fixture
def units():
    units = build_units()
    with connection.cursor() as cursor:  # no pending deferred events: the trigger may be disabled
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return units


def test_a_bulk_write_breaking_the_rule_is_refused_by_the_set_check(units):
    users, addicts = (
        Indicator.objects.get(code="illegal_users"),
        Indicator.objects.get(code="addicts_managed"),
    )
    unit = units["10001"].id
    breach = "part addicts_managed = 9 exceeds its whole illegal_users = 5"
    with pytest.raises(IntegrityError, match=breach), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE touched ON COMMIT DROP AS SELECT %s::bigint AS unit_id, %s::date AS period",
            [unit, MARCH],
        )
        with part_rule.part_rule_checked_once(cursor, figures=10**6, touched="touched") as off:
            assert off
            for indicator, value in ((users, 5), (addicts, 9)):
                cursor.execute(
                    "INSERT INTO monitoring_casecount (unit_id, period, indicator_id, value, source, is_demo)"
                    " VALUES (%s, %s, %s, %s, '', false)",
                    [unit, MARCH, indicator.id, value],
                )
    assert trigger_state() == "O"
    assert not CaseCount.objects.filter(unit_id=unit).exists()


def test_a_bulk_import_stores_its_figures_and_leaves_the_trigger_enabled(units, tmp_path, monkeypatch):
    monkeypatch.setattr(part_rule, "BULK_FIGURES", 1)
    paths = []
    checked_once = part_rule.part_rule_checked_once

    @contextmanager
    def recording(cursor, **kwargs):
        with checked_once(cursor, **kwargs) as off:
            paths.append(off)
            yield off

    monkeypatch.setattr(counts, "part_rule_checked_once", recording)
    path = Path(tmp_path / "c.csv")
    path.write_text("code,illegal_users,addicts_managed\n10001,12,8\n10002,5,5\n", encoding="utf-8")
    report = case_counts_import(path=path, period=MARCH)
    assert (report.created, report.unchanged) == (4, 0)
    assert paths == [True]  # the trigger was off for the write
    assert trigger_state() == "O"
    with pytest.raises(IntegrityError), transaction.atomic():  # the trigger guards single writes again
        CaseCount.objects.filter(unit=units["10001"], indicator__code="addicts_managed").update(value=99)
