"""Every model has a working admin page; map widgets load OpenLayers from the app."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = [
    "geo.AdminUnit",
    "geo.BorderLine",
    "geo.CountryOutline",
    "monitoring.Classification",
    "monitoring.Establishment",
    "monitoring.Inspection",
    "monitoring.CounsellingPoint",
    "monitoring.TreatmentFacility",
    "monitoring.Indicator",
    "monitoring.CaseCount",
]


@pytest.fixture
def admin_client_logged_in(client):
    client.force_login(User.objects.create_superuser("root", password="pw-for-tests"))
    return client


@pytest.mark.parametrize("label", MODELS)
def test_changelist_and_add_pages_open(admin_client_logged_in, demo_province, label):
    model = apps.get_model(label)
    meta = model._meta
    for view in ("changelist", "add"):
        response = admin_client_logged_in.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}"))
        assert response.status_code == 200, (label, view)


@pytest.mark.parametrize("label", ["geo.AdminUnit", "monitoring.Establishment"])
def test_map_widget_uses_the_vendored_openlayers(admin_client_logged_in, demo_province, label):
    model = apps.get_model(label)
    obj = model.objects.filter(is_demo=True).first()
    page = admin_client_logged_in.get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    ).content.decode()
    assert "/static/vendor/ol/ol.js" in page
    assert "cdn.jsdelivr.net" not in page
    assert "openstreetmap.org" not in page


def test_admin_rejects_a_part_above_its_whole_with_a_message(admin_client_logged_in, demo_province):
    from monitoring.models import CaseCount, Indicator

    whole = CaseCount.objects.filter(indicator__code="illegal_users", is_demo=True).first()
    addicts = Indicator.objects.get(code="addicts_managed")
    part = CaseCount.objects.get(unit=whole.unit, period=whole.period, indicator=addicts)
    response = admin_client_logged_in.post(
        reverse("admin:monitoring_casecount_change", args=[part.pk]),
        {
            "unit": whole.unit.pk,
            "period": whole.period.isoformat(),
            "indicator": addicts.pk,
            "value": whole.value + 1,
            "source": "",
            "reported_on": "",
        },
    )
    assert response.status_code == 200
    assert "can never exceed its whole" in response.content.decode()
    part.refresh_from_db()
    assert part.value <= whole.value
