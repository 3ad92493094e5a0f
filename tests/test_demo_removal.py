"""Before a real province goes live the demo is removed with its accounts (their password
is published), and ``./dev run`` (``demo_province --if-empty``) does not bring it back
once real units are loaded."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from geo.models import AdminUnit, Level
from monitoring.demo.accounts import DEMO_ACCOUNTS, demo_accounts_create
from monitoring.models import CaseCount, Establishment, Indicator
from tests import factories
from tests.boundary_files import square

pytestmark = pytest.mark.django_db


def test_the_demo_and_its_accounts_are_removed_and_real_units_stay(demo_province):
    real = factories.unit("70", square(100, 20, 0.2), level=Level.PROVINCE, kind="", name="Tỉnh Thật")
    commune = factories.unit("70001", square(100, 20), parent=real, name="Xã Thật")
    CaseCount.objects.create(
        unit=commune, indicator=Indicator.objects.get(code="illegal_users"), period="2026-01-01", value=3
    )
    kept = User.objects.create_user("canbo-that")
    demo_accounts_create()
    assert AdminUnit.objects.filter(is_demo=True).exists()
    assert User.objects.filter(username__in=[u for u, _r, _n in DEMO_ACCOUNTS]).exists()
    out = io.StringIO()
    call_command("demo_province", remove=True, stdout=out)
    assert "demo province removed" in out.getvalue()
    assert not AdminUnit.objects.filter(is_demo=True).exists()
    assert not Establishment.objects.filter(is_demo=True).exists()
    assert not CaseCount.objects.filter(is_demo=True).exists()
    assert not User.objects.filter(username__in=[u for u, _r, _n in DEMO_ACCOUNTS]).exists()
    assert AdminUnit.objects.filter(code__in=["70", "70001"]).count() == 2
    assert CaseCount.objects.filter(unit=commune).count() == 1 and User.objects.filter(pk=kept.pk).exists()

    # ./dev run's setup does not rebuild the demo over a real province.
    out = io.StringIO()
    call_command("demo_province", if_empty=True, stdout=out)
    assert "no demo" in out.getvalue()
    assert not AdminUnit.objects.filter(is_demo=True).exists()
    assert not User.objects.filter(username__in=[u for u, _r, _n in DEMO_ACCOUNTS]).exists()
