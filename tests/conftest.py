"""Shared fixtures. The database is the real PostGIS started by ./dev test."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the shipped land border and country outlines, and no
    demo province until a test asks for it (``demo_province``): one a former run left in
    a reused test database is removed first, as a fresh one (CI) has none."""
    from django.db import transaction

    from monitoring.demo.build import _demo_delete, demo_exists

    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)
        if demo_exists():
            with transaction.atomic():
                _demo_delete()


@pytest.fixture(scope="session")
def demo_province(django_db_setup, django_db_blocker):
    """The demo province, rebuilt once per test session so it always matches the code."""
    from monitoring.demo.build import demo_province_build

    with django_db_blocker.unblock():
        demo_province_build(progress=lambda text: None)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report on the item (used to keep browser artifacts on failure)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language (Vietnamese): a request made in
    English by an earlier test leaves its language active in the thread otherwise."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests that build the demo province run after every other test, keeping the order
    within each part (pytest-django's included). The demo stays in a test database once
    built, and a test written against an otherwise empty one must not meet it: in one
    process, or on each pytest-xdist worker, which takes its tests in this order."""
    items.sort(key=lambda item: "demo_province" in getattr(item, "fixturenames", ()))
