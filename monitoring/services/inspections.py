"""Record an inspection visit, validated before the database sees it."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.parse import PlausibleDate, date_parse
from monitoring.audit import audit_record, audit_snapshot
from monitoring.models import Establishment, Inspection, InspectionResult
from monitoring.services.errors import MonitoringError

__all__ = ["inspection_record"]


@transaction.atomic
def inspection_record(
    *,
    establishment: Establishment,
    date,
    team: str,
    result: str,
    violations: str = "",
    follow_up_due=None,
    **field,
) -> Inspection:
    """Record a visit; a closed-down result also closes the establishment. ``field``: the
    field app's further columns (``time``, ``position``, ``position_accuracy_m``,
    ``decision_number``, ``fine_vnd``, ``notes``, ``idempotency_key``, ``recorded_by``,
    ``conflict``), already validated by its serializer."""
    visit = date_parse(date, parameter="date", ahead_days=PlausibleDate.of(Inspection, "date").ahead_days)
    due = date_parse(
        follow_up_due,
        parameter="follow-up due",
        required=False,
        ahead_days=PlausibleDate.of(Inspection, "follow_up_due").ahead_days,
    )
    if result not in InspectionResult.values:
        raise MonitoringError(
            _("result = “%(value)s”: use compliant, violation or closed_down.") % {"value": result}
        )
    if not team.strip():
        raise MonitoringError(_("team: name the inspection team."))
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
        **field,
    )
    audit_record(action="create", obj=inspection, after=audit_snapshot(inspection))
    if result == InspectionResult.CLOSED_DOWN and establishment.status != "closed":
        before = audit_snapshot(establishment)
        establishment.status = "closed"
        establishment.save(update_fields=["status"])
        audit_record(action="update", obj=establishment, before=before, after=audit_snapshot(establishment))
    return inspection
