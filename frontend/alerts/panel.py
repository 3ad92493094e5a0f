"""A commune's open alerts for the risk map's commune panel and the home page's count,
protected as on the alerts page."""

from django.urls import reverse

from geo.areas import Area
from monitoring.alerts.selectors import alert_list, alerts_shown, open_alert_count
from monitoring.disclosure import disclosure_for
from monitoring.models import AlertState

__all__ = ["commune_alerts", "home_alerts"]

PANEL_ALERTS = 5


def commune_alerts(request, unit) -> dict:
    """``{"items": [...], "url": ...}``: the commune's latest alerts not yet closed."""
    alerts = alert_list(area=Area.of(request.user), commune_id=unit.pk).exclude(state=AlertState.CLOSED)
    shown = alerts_shown(alerts[:PANEL_ALERTS], disclosure=disclosure_for(user=request.user))
    return {
        "items": [
            {
                "id": item.alert.pk,
                "month": f"{item.alert.month:%m/%Y}",
                "indicator": item.alert.indicator.label,
                "value": item.value,
                "expected": item.expected,
                "state": item.alert.state,
                "state_label": str(AlertState(item.alert.state).label),
            }
            for item in shown
        ],
        "url": f"{reverse('frontend:alerts')}?commune={unit.code}",
    }


def home_alerts(request) -> dict | None:
    """The count of new alerts in the user's areas and the page's URL, for the home page;
    ``None`` for a user who may not read alerts."""
    if not request.user.has_perm("monitoring.view_alert"):
        return None
    return {"new": open_alert_count(area=Area.of(request.user)), "url": reverse("frontend:alerts")}
