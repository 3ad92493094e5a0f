"""The sample case-count file shipped for the demo province imports as documented
(codes, names without prefix or diacritics, "TT." prefix), twice without change, and the
data pages open on the demo province."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from monitoring.imports.counts import case_counts_import
from monitoring.models import CaseCount
from tests.table_checksums import table_checksums

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parents[1] / "fixtures" / "samples" / "demo_counts_2026-11.csv"


def test_the_sample_imports_into_the_demo_province_once(demo_province):
    with translation.override("en"):
        report = case_counts_import(path=SAMPLE)
        assert (report.rows, report.created, report.changed, report.unchanged) == (5, 30, 0, 0)
        before = table_checksums()
        assert case_counts_import(path=SAMPLE).unchanged == 30
        assert table_checksums() == before
    stored = CaseCount.objects.filter(period="2026-11-01", indicator__code="illegal_users")
    assert dict(stored.values_list("unit__code", "value")) == {
        "90001": 14,
        "90002": 6,
        "90003": 11,
        "90008": 23,
        "90005": 0,
    }


def test_the_data_pages_open_on_the_demo_province(demo_province):
    client = Client()
    client.force_login(User.objects.create_superuser("data-pages-admin"))
    entry = client.get("/data/entry/?month=2026-10")
    assert entry.status_code == 200
    assert entry.content.decode().count('<th class="commune"') == 200  # one row per demo commune
    completeness = client.get("/data/completeness/?month=2026-10")
    assert completeness.status_code == 200
    assert "<tr data-code=" not in completeness.content.decode()  # the demo reported everything
