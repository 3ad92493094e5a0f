"""E-mail of new alerts to the leaders of their areas, when SMTP is configured
(``EMAIL_HOST`` set; see .env.example). One message per leader lists that leader's new
alerts, with the figures protected as the leader sees them on the page. Sent after the
evaluation commits; a mail server that is down is logged, never fails the evaluation."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from geo.areas import Area
from monitoring.alerts.selectors import alerts_shown
from monitoring.disclosure import disclosure_for
from monitoring.models import Alert

__all__ = ["alert_recipients", "alerts_mail_on_commit", "alerts_mail_send"]

log = logging.getLogger(__name__)


def alert_recipients():
    """Active users with an e-mail address who may read alerts (``view_alert``)."""
    permission = Q(groups__permissions__codename="view_alert") | Q(user_permissions__codename="view_alert")
    return (
        get_user_model()
        .objects.filter(permission | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _message(shown) -> str:
    lines = [_("New alerts in your area (a figure far above the commune's expected level):"), ""]
    for item in shown:
        a = item.alert
        lines.append(
            _("%(month)s · %(commune)s (%(code)s) · %(indicator)s: %(value)s, expected %(expected)s")
            % {
                "month": f"{a.month:%m/%Y}",
                "commune": a.commune.name,
                "code": a.commune.code,
                "indicator": a.indicator.label,
                "value": item.value,
                "expected": item.expected,
            }
        )
    return "\n".join(lines)


def alerts_mail_send(*, alert_ids) -> int:
    """Send each leader the new alerts of ``alert_ids`` in their area; returns messages sent."""
    if not settings.EMAIL_HOST or not alert_ids:
        return 0
    alerts = list(Alert.objects.filter(pk__in=list(alert_ids)).select_related("commune", "indicator"))
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in alert_recipients():
            area = Area.of(user)
            mine = [a for a in alerts if area.contains(a.commune_id)]
            if not mine:
                continue
            shown = alerts_shown(mine, disclosure=disclosure_for(user=user))
            subject = _("%(count)d new alert(s) of the monitoring system") % {"count": len(mine)}
            try:
                sent += send_mail(subject, _message(shown), settings.DEFAULT_FROM_EMAIL, [user.email])
            except OSError:
                log.exception("alert e-mail to %s failed", user.email)
    return sent


def alerts_mail_on_commit(*, alert_ids) -> None:
    """Send the e-mail of ``alert_ids`` once the current transaction commits."""
    ids = list(alert_ids)
    if ids and settings.EMAIL_HOST:
        transaction.on_commit(lambda: alerts_mail_send(alert_ids=ids))
