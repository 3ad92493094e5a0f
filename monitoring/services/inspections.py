"""Record an inspection visit, validated before the database sees it."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.audit import audit_record, audit_snapshot
from monitoring.models import Establishment, Inspection, InspectionResult
from monitoring.services.errors import MonitoringError

__all__ = ["inspection_record"]


def _date(value, field: str, *, required: bool) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not value:
        if required:
            raise MonitoringError(_("%(field)s: give a date (YYYY-MM-DD).") % {"field": field})
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise MonitoringError(
            _("%(field)s = “%(value)s”: write the date as YYYY-MM-DD.") % {"field": field, "value": value}
        ) from None


@transaction.atomic
def inspection_record(
    *, establishment: Establishment, date, team: str, result: str, violations: str = "", follow_up_due=None
) -> Inspection:
    """Record a visit; a closed-down result also closes the establishment."""
    visit = _date(date, "date", required=True)
    due = _date(follow_up_due, "follow-up due", required=False)
    if result not in InspectionResult.values:
        raise MonitoringError(
            _("result = “%(value)s”: use compliant, violation or closed_down.") % {"value": result}
        )
    if not team.strip():
        raise MonitoringError(_("team: name the inspection team."))
    if visit > datetime.date.today():
        raise MonitoringError(
            _("date = “%(value)s”: a visit cannot be recorded in the future.") % {"value": visit}
        )
    if due is not None and due < visit:
        raise MonitoringError(
            _("follow-up due = “%(value)s”: it must not be before the visit (%(visit)s).")
            % {"value": due, "visit": visit}
        )
    if result == InspectionResult.VIOLATION and not violations.strip():
        raise MonitoringError(_("violations: describe the violations found."))
    inspection = Inspection.objects.create(
        establishment=establishment,
        date=visit,
        team=team.strip()[:120],
        result=result,
        violations=violations.strip(),
        follow_up_due=due,
    )
    audit_record(action="create", obj=inspection, after=audit_snapshot(inspection))
    if result == InspectionResult.CLOSED_DOWN and establishment.status != "closed":
        before = audit_snapshot(establishment)
        establishment.status = "closed"
        establishment.save(update_fields=["status"])
        audit_record(action="update", obj=establishment, before=before, after=audit_snapshot(establishment))
    return inspection
