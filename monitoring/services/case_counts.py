"""Record aggregated case counts with every rule checked before the database sees them."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from core.parse import earliest_date
from geo.models import AdminUnit
from monitoring.audit import audit_record, audit_snapshot
from monitoring.models import CaseCount, Indicator
from monitoring.quality.approval import month_locked_problem, month_locks
from monitoring.quality.rule_set import rule_set_load
from monitoring.quality.rules import Breach, rules_broken
from monitoring.services.count_locks import case_counts_lock
from monitoring.services.errors import MonitoringError, PartExceedsWhole, RuleBroken

__all__ = [
    "case_counts_check",
    "case_counts_record",
    "count_value_problem",
    "last_open_month",
    "month_closed_problem",
    "month_lock_problems",
]


def last_open_month(today: datetime.date | None = None) -> datetime.date:
    """The last month that may hold figures: the current month plus the
    ``OPEN_FUTURE_PERIODS`` setting (default 0: nothing after the current month)."""
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 + int(getattr(settings, "OPEN_FUTURE_PERIODS", 0))
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_closed_problem(month: datetime.date, today: datetime.date | None = None) -> str | None:
    """Why no figure may be given for ``month`` (``None`` when it may): it lies after
    the last open month, or before the month of ``EARLIEST_RECORD_DATE``. The one rule
    of the grid, file imports and the REST API."""
    earliest = earliest_date().replace(day=1)
    if month < earliest:
        return _("%(month)s is before %(bound)s, the earliest month figures are kept for.") % {
            "month": f"{month:%m/%Y}",
            "bound": f"{earliest:%m/%Y}",
        }
    bound = last_open_month(today)
    if month > bound:
        return _("%(month)s has not come yet: figures can be given up to %(bound)s.") % {
            "month": f"{month:%m/%Y}",
            "bound": f"{bound:%m/%Y}",
        }
    return None


def month_lock_problems(*, unit_ids, months) -> dict[tuple[int, datetime.date], str]:
    """(commune id, month) → why its figures cannot change: an approval of the commune or
    of an area above it locks the month (:mod:`monitoring.quality.approval`). The second
    period rule of the grid, file imports and the REST API; a write that changes nothing
    (the same figure again) is not refused."""
    return {key: month_locked_problem(approval) for key, approval in month_locks(unit_ids, months).items()}


def count_value_problem(value) -> str | None:
    """Why ``value`` cannot be a count (``None`` when it can): a whole number, zero or more."""
    if not isinstance(value, int) or isinstance(value, bool):
        return "not a whole number"
    if value < 0:
        return "negative"
    return None


def _month(period: datetime.date) -> datetime.date:
    if period.day != 1:
        raise MonitoringError(
            _("Period %(date)s is not a month: give the first day of the month (%(month)s-01).")
            % {"date": f"{period:%Y-%m-%d}", "month": f"{period:%Y-%m}"}
        )
    return period


def case_counts_check(
    *, unit: AdminUnit, period: datetime.date, values: dict[Indicator, int]
) -> list[Breach]:
    """Raise if ``values`` (merged with what is stored) breaks a rule; return the
    breaches of warning rules (the figures may be saved).

    Rules: values are non-negative integers; the month has come and is not locked by an
    approval (``Conflict``, 409); no error rule of :mod:`monitoring.quality.rules` is
    broken (a part never exceeds its whole is one).
    """
    _month(period)
    if problem := month_closed_problem(period):
        raise MonitoringError(f"{unit.code}: {problem}")
    for indicator, value in values.items():
        if count_value_problem(value):
            raise MonitoringError(
                _("%(unit)s %(month)s: “%(indicator)s” = %(value)s is not a whole number of zero or more.")
                % {
                    "unit": unit.code,
                    "month": f"{period:%Y-%m}",
                    "indicator": indicator.label,
                    "value": repr(value),
                }
            )
    stored = {count.indicator_id: count.value for count in CaseCount.objects.filter(unit=unit, period=period)}
    changes = any(stored.get(indicator.id) != value for indicator, value in values.items())
    if changes and (
        locked := month_lock_problems(unit_ids=[unit.id], months=[period]).get((unit.id, period))
    ):
        raise Conflict(f"{unit.code}: {locked}", parameter="period", value=f"{period:%Y-%m}")
    merged = stored | {indicator.id: value for indicator, value in values.items()}
    breaches = rules_broken(rule_set_load().rules, merged, touched={indicator.id for indicator in values})
    for breach in breaches:
        if breach.rule.importance != "error":
            continue
        if breach.rule.builtin:
            part = Indicator.objects.select_related("part_of").get(id=breach.rule.part_whole[0])
            raise PartExceedsWhole(
                unit_code=unit.code,
                period=period,
                part=part.label,
                part_value=merged[part.id],
                whole=part.part_of.label,
                whole_value=merged[part.part_of_id],
            )
        raise RuleBroken(unit_code=unit.code, period=period, breach=breach)
    return [breach for breach in breaches if breach.rule.importance != "error"]


@transaction.atomic
def case_counts_record(
    *,
    unit: AdminUnit,
    period: datetime.date,
    values: dict[Indicator, int],
    source: str = "",
    reported_on: datetime.date | None = None,
) -> list[CaseCount]:
    """Insert or update one unit's counts for one month, all or nothing.

    The commune's month is locked first (:mod:`monitoring.services.count_locks`), so two
    concurrent writes of a part and its whole are checked one after the other."""
    case_counts_lock(cells=[(unit.id, period)])
    case_counts_check(unit=unit, period=period, values=values)
    stored = {
        c.indicator_id: c for c in CaseCount.objects.filter(unit=unit, period=period, indicator__in=values)
    }
    saved = []
    for indicator, value in values.items():
        before = audit_snapshot(stored.get(indicator.id))
        count, created = CaseCount.objects.update_or_create(
            unit=unit,
            period=period,
            indicator=indicator,
            defaults={"value": value, "source": source, "reported_on": reported_on},
        )
        after = audit_snapshot(count)
        if created or before != after:
            audit_record(action="create" if created else "update", obj=count, before=before, after=after)
        saved.append(count)
    return saved
