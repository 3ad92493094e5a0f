"""Early warning (issue 17): the alert rule, the month's evaluation over the demo
province, the leaders' page (scoping, acknowledging with a note, audit) and the e-mail
received by a local SMTP debugging server."""

import datetime
import os
import threading

import numpy as np
import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import translation

from geo.areas import Area
from geo.models import Level
from monitoring.alerts.evaluate import alerts_evaluate, month_exceedances
from monitoring.alerts.rule import ALPHA, exceedance
from monitoring.demo.figures import LAST_MONTH, months
from monitoring.models import Alert, AlertState, AuditEvent, CaseCount
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """Pages asked for in English (the site's default is Vietnamese)."""
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_doctests_of_the_rule_hold():
    import doctest

    from monitoring.alerts import rule

    assert doctest.testmod(rule).failed == 0


def test_the_rule_fires_on_an_injected_spike_and_not_on_ordinary_variation():
    rng = np.random.default_rng(17)
    quiet, spikes = 0, 0
    for mean in (0.5, 2, 5, 20, 80):
        for _ in range(200):
            baseline = list(rng.poisson(mean, 12))
            ordinary = int(rng.poisson(mean))
            verdict = exceedance(ordinary, baseline)
            quiet += verdict.fires
            spike = int(rng.poisson(mean)) + int(4 * mean + 8)  # an outbreak: about five times the level
            spikes += exceedance(spike, baseline).fires
    assert quiet <= 2, f"{quiet} false alarms in 1000 ordinary months"
    assert spikes >= 950, f"only {spikes} of 1000 spikes raised an alert"


def test_a_baseline_of_zeros_is_not_alarmed_by_one_or_two_cases():
    assert not exceedance(2, [0] * 12).fires
    assert exceedance(6, [0] * 12).fires


def _evaluate_all():
    """Every month of the demo, as the command would: (figures tested, alerts)."""
    tested, alerts = 0, 0
    for month in months():
        result = alerts_evaluate(month=month, area=Area.of_codes(["99"]))
        tested += result.tested
        alerts += len(result.raised)
    return tested, alerts


def test_false_alarms_over_the_demos_36_months_are_counted_and_rare(demo_province, capsys):
    tested, alerts = _evaluate_all()
    rate = alerts / tested
    with capsys.disabled():
        print(
            f"\nearly warning on the demo province: {alerts} alerts (false alarms: the demo has no"
            f" outbreak) in {tested} commune-indicator-months tested over {len(months())} months"
            f" = {100 * rate:.3f} % (nominal α = {100 * ALPHA:.1f} %)"
        )
    assert tested > 50_000
    assert rate < ALPHA


def test_an_injected_spike_in_the_demo_raises_one_alert_and_evaluating_again_changes_nothing(demo_province):
    count = (
        CaseCount.objects.filter(
            Area.of_codes(["99"]).q("unit"), period=LAST_MONTH, indicator__code="illegal_users"
        )
        .order_by("-value")
        .first()
    )
    _before, firing = month_exceedances(month=LAST_MONTH, area=Area.of_codes(["99"]))
    assert (count.unit_id, count.indicator_id) not in firing
    CaseCount.objects.filter(pk=count.pk).update(value=count.value * 3 + 20)
    first = alerts_evaluate(month=LAST_MONTH, area=Area.of_codes(["99"]))
    alert = Alert.objects.get(commune_id=count.unit_id, indicator_id=count.indicator_id, month=LAST_MONTH)
    assert (
        alert.id in first.raised and alert.value == count.value * 3 + 20 and alert.expected < count.value * 2
    )
    again = alerts_evaluate(month=LAST_MONTH, area=Area.of_codes(["99"]))
    assert (again.raised, again.updated, again.withdrawn) == ([], 0, 0)
    CaseCount.objects.filter(pk=count.pk).update(value=count.value)  # the figure was a typing error
    corrected = alerts_evaluate(month=LAST_MONTH, area=Area.of_codes(["99"]))
    assert corrected.withdrawn >= 1
    assert not Alert.objects.filter(pk=alert.pk).exists()


def _month(year: int, month: int) -> datetime.date:
    return datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@pytest.fixture
def spike():
    """Province 81 with two communes; commune 81001 reports 5 a month, then 40."""
    from monitoring.models import Indicator

    province = factories.unit("81", "POLYGON((110 10,112 10,112 11,110 11,110 10))", level=Level.PROVINCE)
    a = factories.unit("81001", "POLYGON((110 10,111 10,111 11,110 11,110 10))", parent=province)
    factories.unit("81002", "POLYGON((111 10,112 10,112 11,111 11,111 10))", parent=province)
    users = Indicator.objects.get(code="illegal_users")
    month = datetime.date(2026, 6, 1)
    for k, value in enumerate([5, 6, 4, 5, 5, 7, 4, 6, 5, 5, 4, 6]):
        CaseCount.objects.create(unit=a, indicator=users, value=value, period=_month(2025, 6 + k))
    CaseCount.objects.create(unit=a, indicator=users, value=40, period=month)
    return {"province": province, "commune": a, "month": month}


def test_the_command_raises_the_alert_of_a_month(spike, capsys):
    call_command("alerts", "--month", "2026-06", "--area", "81")
    assert "2026-06: 1 figures tested, 1 alerts raised, 0 updated, 0 withdrawn" in capsys.readouterr().out
    alert = Alert.objects.get(commune=spike["commune"])
    assert (alert.value, round(alert.expected, 2), alert.state) == (40, 5.17, AlertState.NEW)


def test_a_bad_month_is_refused_with_the_format(spike):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="write the month as YYYY-MM"):
        call_command("alerts", "--month", "June")


def test_a_leader_of_another_area_sees_no_alert(spike, client):
    alerts_evaluate(month=spike["month"], area=Area.of_units([spike["province"]]))
    other = factories.unit("82", "POLYGON((120 10,121 10,121 11,120 11,120 10))", level=Level.PROVINCE)
    client.force_login(factories.role_user("leader82", "leader", areas=[other]))
    page = client.get("/alerts/").content.decode()
    assert "81001" not in page and "0 alerts." in page
    assert "81001" not in client.get("/alerts/export.csv").content.decode()
    client.force_login(factories.role_user("leader81", "leader", areas=[spike["province"]]))
    page = client.get("/alerts/").content.decode()
    assert "Xã 81001 (81001)" in page and "1 alert." in page


def test_acknowledging_needs_a_note_and_is_audited(spike, client):
    alerts_evaluate(month=spike["month"], area=Area.of_units([spike["province"]]))
    alert = Alert.objects.get(commune=spike["commune"])
    leader = factories.role_user("leader81", "leader", areas=[spike["province"]])
    client.force_login(leader)
    refused = client.post("/alerts/", {"alert": alert.pk, "action": "acknowledge", "note": " "})
    assert refused.status_code == 400
    assert (
        "Write a note on what was checked or done before acknowledging the alert." in refused.content.decode()
    )
    response = client.post(
        "/alerts/", {"alert": alert.pk, "action": "acknowledge", "note": "Checked with the commune police."}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.state, alert.note, alert.changed_by) == (
        "acknowledged",
        "Checked with the commune police.",
        leader,
    )
    event = AuditEvent.objects.filter(object_type="monitoring.alert", object_key=str(alert.pk)).get()
    assert (event.username, event.before["state"], event.after["state"]) == (
        "leader81",
        "new",
        "acknowledged",
    )
    assert event.after["note"] == "Checked with the commune police."
    again = client.post("/alerts/", {"alert": alert.pk, "action": "acknowledge", "note": "again"})
    assert again.status_code == 409 and "The alert is already acknowledged." in again.content.decode()
    assert client.post("/alerts/", {"alert": alert.pk, "action": "close"}).status_code == 302
    alert.refresh_from_db()
    assert alert.state == "closed"


def test_a_leader_cannot_change_an_alert_outside_the_area(spike, client):
    alerts_evaluate(month=spike["month"], area=Area.of_units([spike["province"]]))
    alert = Alert.objects.get(commune=spike["commune"])
    other = factories.unit("82", "POLYGON((120 10,121 10,121 11,120 11,120 10))", level=Level.PROVINCE)
    client.force_login(factories.role_user("leader82", "leader", areas=[other]))
    response = client.post("/alerts/", {"alert": alert.pk, "action": "close"})
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.state == "new"


def test_the_export_names_the_rule_and_protects_small_values(spike, client):
    alerts_evaluate(month=spike["month"], area=Area.of_units([spike["province"]]))
    client.force_login(factories.role_user("leader81", "leader", areas=[spike["province"]]))
    collection = client.get("/alerts/export.geojson").json()
    assert collection["method"]["rule"] == "nb_exceedance"
    (feature,) = collection["features"]
    assert feature["properties"]["value"] == 40 and feature["geometry"]["type"] == "Point"
    assert feature["properties"]["expected"] == 5.2
    assert AuditEvent.objects.filter(action="export", object_type="alerts.geojson").count() == 1
    assert client.get("/alerts/export.xlsx").status_code == 404


def test_the_home_page_and_the_commune_panel_show_the_alert(spike, client):
    alerts_evaluate(month=spike["month"], area=Area.of_units([spike["province"]]))
    client.force_login(factories.role_user("leader81", "leader", areas=[spike["province"]]))
    assert "1 new alert in your areas" in client.get("/").content.decode()
    panel = client.get("/maps/risk/commune/81001.json?measure=count:illegal_users&period=2026-06").json()
    (item,) = panel["alerts"]["items"]
    assert (item["value"], item["state"]) == (40, "new")
    assert panel["alerts"]["url"] == "/alerts/?commune=81001"


SMTP_PORT = int(os.environ.get("TEST_SMTP_PORT", "8825"))  # on 127.0.0.1 only, never an outside host


class _Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages, self.received = [], threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        self.received.set()
        return "250 OK"


@pytest.fixture
def smtp(settings):
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", SMTP_PORT
    yield inbox
    controller.stop()


def test_the_areas_leaders_get_the_new_alert_by_e_mail(spike, smtp, django_capture_on_commit_callbacks):
    leader = factories.role_user("leader81", "leader", areas=[spike["province"]])
    leader.email = "leader81@example.org"
    leader.save()
    other = factories.unit("82", "POLYGON((120 10,121 10,121 11,120 11,120 10))", level=Level.PROVINCE)
    outsider = factories.role_user("leader82", "leader", areas=[other])
    outsider.email = "leader82@example.org"
    outsider.save()
    with django_capture_on_commit_callbacks(execute=True):
        alerts_evaluate(month=spike["month"], area=Area.of_units([spike["province"]]))
    assert smtp.received.wait(5)
    ((recipients, text),) = smtp.messages
    assert recipients == ["leader81@example.org"]
    assert "81001" in text and "40" in text


def test_an_imported_spike_raises_its_alert_once_the_import_commits(
    spike, tmp_path, django_capture_on_commit_callbacks
):
    from monitoring.imports.counts import case_counts_import

    CaseCount.objects.filter(unit=spike["commune"], period=spike["month"]).delete()
    path = tmp_path / "counts.csv"
    path.write_text("code,period,illegal_users\n81001,2026-06,45\n")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case_counts_import(path=path)
        assert not Alert.objects.filter(commune=spike["commune"]).exists()  # not before the commit
    assert callbacks
    alert = Alert.objects.get(commune=spike["commune"], month=spike["month"])
    assert (alert.value, alert.state) == (45, AlertState.NEW)
