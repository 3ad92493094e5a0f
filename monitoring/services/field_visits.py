"""Visits synced from the field app (``/field/``): stored once per idempotency key,
flagged when the establishment changed on the server after the inspector downloaded it,
corrected or withdrawn by their inspector within the period an administrator sets."""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, Forbidden
from monitoring.audit import audit_record, audit_snapshot
from monitoring.models import AuditEvent, Establishment, Inspection, InspectionState
from monitoring.models.site_settings import SiteSettings
from monitoring.services.inspections import inspection_record

__all__ = [
    "VISIT_FIELDS",
    "establishment_changed_since",
    "field_visit_correct",
    "field_visit_sync",
    "field_visit_withdraw",
]

#: What an inspector writes about a visit: the fields a sync carries and a correction
#: may change (the API's serializers list these, not a copy).
VISIT_FIELDS = (
    "date",
    "time",
    "team",
    "result",
    "violations",
    "decision_number",
    "fine_vnd",
    "follow_up_due",
    "notes",
)


def establishment_changed_since(*, establishment: Establishment, since: datetime.datetime, key=None) -> bool:
    """Whether the establishment was changed on the server after ``since``: an audited
    change of the establishment, or another visit to it recorded since."""
    changed = AuditEvent.objects.filter(
        object_type="monitoring.establishment",
        object_key=str(establishment.pk),
        action__in=["update", "delete", "import"],
        at__gt=since,
    ).exists()
    return changed or (
        Inspection.objects.filter(establishment=establishment, recorded_at__gt=since)
        .exclude(idempotency_key=key)
        .exists()
    )


def field_visit_sync(
    *, user, establishment: Establishment, key: uuid.UUID, taken_at: datetime.datetime, values: dict
) -> tuple[Inspection, bool]:
    """(the visit, whether it was created now). A key already stored returns its visit,
    never a second row: the unique key decides even when two retries race."""
    stored = Inspection.objects.filter(idempotency_key=key).first()
    if stored is not None:
        return _own(stored, user), False
    conflict = establishment_changed_since(establishment=establishment, since=taken_at, key=key)
    try:
        with transaction.atomic():
            visit = inspection_record(
                establishment=establishment,
                **values,
                idempotency_key=key,
                recorded_by=user,
                conflict=conflict,
            )
            if conflict:
                audit_record(
                    action="update",
                    obj=visit,
                    object_type="monitoring.inspection.conflict",
                    filter={"package_taken_at": taken_at.isoformat(), "establishment": establishment.pk},
                )
    except IntegrityError:
        stored = Inspection.objects.filter(idempotency_key=key).first()
        if stored is None:
            raise
        return _own(stored, user), False
    return visit, True


def _own(visit: Inspection, user) -> Inspection:
    if visit.recorded_by_id != user.pk:
        raise Conflict(
            _("Idempotency key %(key)s belongs to a visit another inspector recorded: make a new key.")
            % {"key": visit.idempotency_key},
            parameter="key",
            value=str(visit.idempotency_key),
        )
    return visit


def _may_change(*, user, visit: Inspection) -> None:
    if visit.recorded_by_id != user.pk:
        raise Forbidden(_("Only the inspector who recorded this visit may correct or withdraw it."))
    if visit.state == InspectionState.WITHDRAWN:
        raise Conflict(_("This visit was withdrawn; record a new visit instead."))
    hours = SiteSettings.load().field_correction_hours
    until = visit.recorded_at + datetime.timedelta(hours=hours)
    if timezone.now() > until:
        raise Forbidden(
            _(
                "The visit can no longer be changed: corrections are allowed for %(hours)s hours"
                " after recording, until %(until)s. Ask an administrator to correct it."
            )
            % {"hours": hours, "until": timezone.localtime(until).strftime("%d/%m/%Y %H:%M")},
            code="correction_period_over",
        )


@transaction.atomic
def field_visit_correct(*, user, visit: Inspection, values: dict) -> Inspection:
    """Change the fields in ``values`` (a subset of ``VISIT_FIELDS``), audited."""
    visit = Inspection.objects.select_for_update().get(pk=visit.pk)
    _may_change(user=user, visit=visit)
    before = audit_snapshot(visit)
    for name in VISIT_FIELDS:
        if name in values:
            setattr(visit, name, values[name])
    visit.state = InspectionState.CORRECTED
    visit.save()
    audit_record(action="update", obj=visit, before=before, after=audit_snapshot(visit))
    return visit


@transaction.atomic
def field_visit_withdraw(*, user, visit: Inspection) -> Inspection:
    """Mark the visit withdrawn (kept for the record, audited)."""
    visit = Inspection.objects.select_for_update().get(pk=visit.pk)
    _may_change(user=user, visit=visit)
    before = audit_snapshot(visit)
    visit.state = InspectionState.WITHDRAWN
    visit.save(update_fields=["state"])
    audit_record(action="update", obj=visit, before=before, after=audit_snapshot(visit))
    return visit
