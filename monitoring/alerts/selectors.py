"""Reading alerts: those of a user's area, and each alert's figures as its reader may
see them (the stored count through ``monitoring.disclosure``, like every other figure)."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from geo.areas import Area
from monitoring.disclosure import Disclosure
from monitoring.models import Alert, AlertState, CaseCount

__all__ = ["ShownAlert", "alert_list", "alerts_shown", "open_alert_count"]


def alert_list(
    *, area: Area, state: str | None = None, month: datetime.date | None = None, commune_id: int | None = None
) -> QuerySet[Alert]:
    """The alerts of communes in ``area``, newest month and highest score first."""
    alerts = Alert.objects.filter(area.q("commune")).select_related(
        "commune", "commune__parent", "indicator", "changed_by"
    )
    if state:
        alerts = alerts.filter(state=state)
    if month:
        alerts = alerts.filter(month=month)
    if commune_id:
        alerts = alerts.filter(commune_id=commune_id)
    return alerts.order_by("-month", "-score", "commune__code", "indicator__display_order")


def open_alert_count(*, area: Area) -> int:
    """How many alerts of ``area`` nobody has acknowledged yet."""
    return Alert.objects.filter(area.q("commune"), state=AlertState.NEW).count()


@dataclass(frozen=True)
class ShownAlert:
    """An alert with its value and expected level as one reader sees them ("<5" when
    protected); the rule's score and p-value are not counts and stay exact."""

    alert: Alert
    value: int | str
    expected: float | str


def alerts_shown(alerts, *, disclosure: Disclosure) -> list[ShownAlert]:
    """``alerts`` with their figures protected for ``disclosure``'s reader: the value is
    the stored monthly count, shown as ``Disclosure.case_counts`` shows it everywhere."""
    alerts = list(alerts)
    matching = Alert.objects.filter(
        pk__in=[a.pk for a in alerts],
        commune_id=OuterRef("unit_id"),
        indicator_id=OuterRef("indicator_id"),
        month=OuterRef("period"),
    )
    ids = (
        {
            (unit, indicator, period): pk
            for unit, indicator, period, pk in CaseCount.objects.filter(Exists(matching)).values_list(
                "unit_id", "indicator_id", "period", "id"
            )
        }
        if alerts
        else {}
    )
    shown_counts = disclosure.case_counts(ids.values())
    result = []
    for alert in alerts:
        count_id = ids.get((alert.commune_id, alert.indicator_id, alert.month))
        sensitive = alert.indicator.sensitive
        value = (
            shown_counts.get(count_id, alert.value)
            if count_id
            else disclosure.total(alert.value, sensitive=sensitive)
        )
        expected = disclosure.total(round(alert.expected, 1), sensitive=sensitive)
        result.append(ShownAlert(alert=alert, value=value, expected=expected))
    return result
