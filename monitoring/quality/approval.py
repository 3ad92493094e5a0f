"""Marking a commune-month complete, approving a month for an area and the lock that
approval puts on it: the one place that says which communes a month is locked in, why,
and whether a period's figures are approved for an area (DHIS2's data approval).

An approval of a province, district or commune locks the month in every commune under
it: no channel (grid, file import, REST API) may change a figure there until an approver
unapproves it. Approving and unapproving need ``monitoring.approve_period`` and an area
inside the approver's own; both are audited. Marking a commune-month complete is the
reporter's word that the commune has finished; it locks nothing.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.errors import BadInput, Conflict, Forbidden
from geo.areas import Area
from geo.models import AdminUnit, Level
from monitoring.audit import audit_record, audit_snapshot
from monitoring.models import AuditAction, PeriodApproval, ReportSubmission

__all__ = [
    "ApprovalState",
    "approval_state",
    "approvals_over",
    "approver_name",
    "commune_month_submit",
    "commune_month_unsubmit",
    "month_locked_problem",
    "month_locks",
    "period_approve",
    "period_unapprove",
    "submissions_of",
]

# Each commune and every unit above it (depth 0 = the commune), then the nearest approval
# of the months asked for: an approval anywhere up the tree locks the commune.
APPROVALS_SQL = """
WITH RECURSIVE up(commune_id, unit_id, depth) AS (
    SELECT u.id, u.id, 0 FROM geo_adminunit u
     WHERE u.level = 'commune'
       AND (%(ids)s::bigint[] IS NULL OR u.id = ANY(%(ids)s::bigint[]))
       AND (NOT %(current)s OR u.valid_to IS NULL)
    UNION ALL
    SELECT up.commune_id, p.parent_id, up.depth + 1
      FROM up JOIN geo_adminunit p ON p.id = up.unit_id
     WHERE p.parent_id IS NOT NULL
)
SELECT DISTINCT ON (up.commune_id, a.period) up.commune_id, a.period, a.id
  FROM up JOIN monitoring_periodapproval a ON a.unit_id = up.unit_id AND a.period = ANY(%(months)s)
 ORDER BY up.commune_id, a.period, up.depth
"""

COMMUNES_SQL = """
SELECT count(*) FROM geo_adminunit u
 WHERE u.level = 'commune' AND u.valid_to IS NULL
   AND (%(ids)s::bigint[] IS NULL OR u.id = ANY(%(ids)s::bigint[]))
"""


def _ids(unit_ids) -> list[int] | None:
    return None if unit_ids is None else sorted(unit_ids)


def month_locks(
    unit_ids, months: list[datetime.date], *, current: bool = False
) -> dict[tuple[int, datetime.date], PeriodApproval]:
    """(commune id, month) → the approval that locks it, for the communes among
    ``unit_ids`` (None: every commune; ``current``: only current communes)."""
    params = {"ids": _ids(unit_ids), "months": list(months), "current": current or unit_ids is None}
    with connection.cursor() as cursor:
        cursor.execute(APPROVALS_SQL, params)
        rows = cursor.fetchall()
    by_id = PeriodApproval.objects.select_related("unit", "approved_by").in_bulk({row[2] for row in rows})
    return {(commune_id, month): by_id[approval_id] for commune_id, month, approval_id in rows}


def approvals_over(unit_ids: Iterable[int] | None, period: datetime.date) -> dict[int, PeriodApproval]:
    """Commune id → the approval that locks ``period`` (a month) there, for the communes
    among ``unit_ids`` (ids of any units; only communes are answered; None: every current
    commune). A commune not in the answer is open."""
    return {
        commune_id: approval
        for (commune_id, _month), approval in month_locks(
            None if unit_ids is None else list(unit_ids), [period]
        ).items()
    }


def approver_name(user) -> str:
    if user is None:
        return _("a former user")
    return user.get_full_name() or user.get_username()


def _day(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y}"


def month_locked_problem(approval: PeriodApproval) -> str:
    """Why no figure may change in a month ``approval`` locks, naming who approved it and when."""
    name = approver_name(approval.approved_by)
    return _(
        "%(month)s was approved for %(area)s by %(name)s on %(date)s: it is locked; "
        "ask %(name)s or another approver to unapprove it first."
    ) % {
        "month": f"{approval.period:%m/%Y}",
        "area": approval.unit.name,
        "name": name,
        "date": _day(approval.approved_at),
    }


# --- approving ---------------------------------------------------------------------


def _may_approve(user, unit: AdminUnit) -> None:
    if not user.has_perm("monitoring.approve_period"):
        raise Forbidden(_("Approving a month needs the permission to approve periods."))
    if not Area.of(user).contains(unit):
        raise Forbidden(
            _("%(area)s is outside your area: you may approve only your own areas.") % {"area": unit.name},
            parameter="unit",
            value=unit.code,
        )


def _first_of_month(period: datetime.date) -> datetime.date:
    if period.day != 1:
        raise BadInput(
            _("%(day)s is not a month: give the first day of the month.") % {"day": period.isoformat()},
            parameter="month",
            value=period.isoformat(),
        )
    return period


@transaction.atomic
def period_approve(*, user, unit: AdminUnit, period: datetime.date) -> PeriodApproval:
    """Approve ``period`` for ``unit`` (and so lock it in every commune under it); audited.
    A month that has not come yet cannot be approved; approving twice is refused."""
    from monitoring.services.case_counts import month_closed_problem  # that module imports this one

    _may_approve(user, unit)
    _first_of_month(period)
    if problem := month_closed_problem(period):
        raise BadInput(problem, parameter="month", value=f"{period:%Y-%m}")
    existing = PeriodApproval.objects.select_related("unit", "approved_by").filter(unit=unit, period=period)
    if approval := existing.first():
        raise Conflict(month_locked_problem(approval))
    approval = PeriodApproval.objects.create(unit=unit, period=period, approved_by=user)
    audit_record(action=AuditAction.APPROVE, obj=approval, after=audit_snapshot(approval))
    return approval


@transaction.atomic
def period_unapprove(*, user, unit: AdminUnit, period: datetime.date) -> None:
    """Withdraw the approval of ``period`` for ``unit`` (the month opens again); audited
    with the approval withdrawn."""
    _may_approve(user, unit)
    approval = PeriodApproval.objects.filter(unit=unit, period=period).first()
    if approval is None:
        raise Conflict(
            _("%(month)s is not approved for %(area)s: there is nothing to unapprove.")
            % {"month": f"{period:%m/%Y}", "area": unit.name}
        )
    before = audit_snapshot(approval)
    approval.delete()
    audit_record(
        action=AuditAction.UNAPPROVE,
        object_type="monitoring.periodapproval",
        object_key=str(before["id"]),
        before=before,
    )


# --- marking complete --------------------------------------------------------------


def _may_report(user, unit: AdminUnit, permission: str) -> None:
    if not user.has_perm(permission):
        raise Forbidden(_("Marking a commune's month complete needs the permission to report."))
    if unit.level != Level.COMMUNE:
        raise BadInput(_("Only a commune's month can be marked complete."), parameter="unit", value=unit.code)
    if not Area.of(user).contains(unit):
        raise Forbidden(_("You may not report for this commune."), parameter="unit", value=unit.code)


def _open(unit: AdminUnit, period: datetime.date) -> None:
    if approval := approvals_over([unit.id], period).get(unit.id):
        raise Conflict(month_locked_problem(approval))


@transaction.atomic
def commune_month_submit(*, user, unit: AdminUnit, period: datetime.date) -> ReportSubmission:
    """Mark ``unit``'s ``period`` complete (idempotent); audited when it changes something."""
    _may_report(user, unit, "monitoring.add_reportsubmission")
    _first_of_month(period)
    _open(unit, period)
    submission, created = ReportSubmission.objects.get_or_create(
        unit=unit, period=period, defaults={"submitted_by": user}
    )
    if created:
        audit_record(action=AuditAction.CREATE, obj=submission, after=audit_snapshot(submission))
    return submission


@transaction.atomic
def commune_month_unsubmit(*, user, unit: AdminUnit, period: datetime.date) -> None:
    """Take back the mark (idempotent); audited when there was one."""
    _may_report(user, unit, "monitoring.delete_reportsubmission")
    _open(unit, period)
    submission = ReportSubmission.objects.filter(unit=unit, period=period).first()
    if submission is not None:
        before = audit_snapshot(submission)
        submission.delete()
        audit_record(
            action=AuditAction.DELETE,
            object_type="monitoring.reportsubmission",
            object_key=str(before["id"]),
            before=before,
        )


def submissions_of(unit_ids: Iterable[int], period: datetime.date) -> dict[int, ReportSubmission]:
    """Commune id → its mark for ``period``, for the communes among ``unit_ids``."""
    marks = ReportSubmission.objects.select_related("submitted_by").filter(
        unit__in=list(unit_ids), period=period
    )
    return {mark.unit_id: mark for mark in marks}


# --- the state every channel reports -----------------------------------------------


@dataclass(frozen=True)
class ApprovalState:
    """Whether a period's figures are approved for an area: of ``expected``
    commune-months, ``approved`` are, by ``approvals`` (oldest first)."""

    period: str  # the period's key: 2026-06, 2026-Q2, 2026
    expected: int
    approved: int
    approvals: tuple[PeriodApproval, ...] = ()

    @property
    def status(self) -> str:
        """``approved`` (every commune-month), ``partly`` or ``not_approved``."""
        if self.expected and self.approved >= self.expected:
            return "approved"
        return "partly" if self.approved else "not_approved"

    @property
    def share(self) -> float | None:
        return round(100 * self.approved / self.expected, 1) if self.expected else None

    def _by(self) -> dict:
        last = self.approvals[-1]
        return {"name": approver_name(last.approved_by), "date": _day(last.approved_at)}

    def label(self) -> str:
        """``Approved by Nguyễn Văn A on 03/07/2026``, ``Partly approved (40 %)…``, ``Not approved``."""
        if self.status == "approved":
            return _("Approved by %(name)s on %(date)s") % self._by()
        if self.status == "partly":
            return _("Partly approved (%(share)s %% of the communes), last by %(name)s on %(date)s") % (
                self._by()
                | {"share": formats.localize(int(self.share) if self.share.is_integer() else self.share)}
            )
        return _("Not approved")

    def metadata(self) -> dict:
        """The approval facts written into an export's metadata."""
        return {
            "period": self.period,
            "status": self.status,
            "label": self.label(),
            "approved_share_percent": self.share,
            "approvals": [
                {
                    "area": approval.unit.code,
                    "area_name": approval.unit.name,
                    "month": f"{approval.period:%Y-%m}",
                    "approved_by": approver_name(approval.approved_by),
                    "approved_at": approval.approved_at.isoformat(timespec="seconds"),
                }
                for approval in self.approvals
            ],
        }


def approval_state(*, period=None, months=None, key: str | None = None, unit_ids=None) -> ApprovalState:
    """The approval of ``period`` (a ``monitoring.figures.periods.Period`` or a month's
    first day), or of ``months`` (an export's months with figures, named ``key``), over
    the current communes among ``unit_ids`` (an ``Area``'s ids; None: every commune).
    The one answer of the risk map, the home page and the exports."""
    if months is None:
        months = period.months() if hasattr(period, "months") else [period]
        key = period.key() if hasattr(period, "key") else f"{period:%Y-%m}"
    months = list(months)
    with connection.cursor() as cursor:
        cursor.execute(COMMUNES_SQL, {"ids": _ids(unit_ids)})
        (communes,) = cursor.fetchone()
    locks = month_locks(unit_ids, months, current=True)
    approvals = sorted({a.pk: a for a in locks.values()}.values(), key=lambda a: a.approved_at)
    return ApprovalState(
        period=key, expected=communes * len(months), approved=len(locks), approvals=tuple(approvals)
    )
