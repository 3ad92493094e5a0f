"""A leader's work on an alert: acknowledge it with a note, close it. Each change is
checked against the user's area and audited in the same transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import BadInput, Conflict, Forbidden, NotFound
from geo.areas import Area
from monitoring.audit import audit_record, audit_snapshot
from monitoring.models import Alert, AlertState

__all__ = ["NOTE_MAX_LENGTH", "AlertError", "alert_acknowledge", "alert_close"]

NOTE_MAX_LENGTH = 2000

_ALLOWED = {
    AlertState.ACKNOWLEDGED: {AlertState.NEW},
    AlertState.CLOSED: {AlertState.NEW, AlertState.ACKNOWLEDGED},
}


class AlertError(BadInput):
    """A change of alert the user can correct (400)."""


def _change(*, alert_id: int, user, state: str, note: str, note_required: bool) -> Alert:
    note = (note or "").strip()
    if note_required and not note:
        raise AlertError(
            _("Write a note on what was checked or done before acknowledging the alert."), parameter="note"
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise AlertError(
            _("The note is %(length)d characters long; shorten it to %(max)d.")
            % {"length": len(note), "max": NOTE_MAX_LENGTH},
            parameter="note",
        )
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id).select_related("commune").first()
        if alert is None:
            raise NotFound(
                _("There is no alert %(id)s.") % {"id": alert_id}, parameter="alert", value=alert_id
            )
        if not Area.of(user).contains(alert.commune_id):
            raise Forbidden(_("This alert is outside your areas."), parameter="alert", value=alert_id)
        if alert.state not in _ALLOWED[state]:
            raise Conflict(
                _("The alert is already %(state)s.") % {"state": AlertState(alert.state).label},
                parameter="state",
                value=alert.state,
            )
        before = audit_snapshot(alert)
        alert.state = state
        if note:
            alert.note = f"{alert.note}\n{note}".strip() if alert.note else note
        alert.changed_by = user
        alert.changed_at = timezone.now()
        alert.save(update_fields=["state", "note", "changed_by", "changed_at"])
        audit_record(action="update", obj=alert, before=before, after=audit_snapshot(alert), user=user)
    return alert


def alert_acknowledge(*, alert_id: int, user, note: str) -> Alert:
    """Mark a new alert as seen and looked into; ``note`` (required) says what was done."""
    return _change(alert_id=alert_id, user=user, state=AlertState.ACKNOWLEDGED, note=note, note_required=True)


def alert_close(*, alert_id: int, user, note: str = "") -> Alert:
    """Close a new or acknowledged alert, with an optional closing note."""
    return _change(alert_id=alert_id, user=user, state=AlertState.CLOSED, note=note, note_required=False)
