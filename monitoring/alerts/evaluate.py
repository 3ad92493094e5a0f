"""Evaluate one month: every commune × indicator figure against its baseline
(``monitoring.alerts.rule``), stored as ``Alert`` rows. Idempotent: a second run of the
same month changes nothing; a corrected figure updates its alert, and a new alert whose
figure no longer exceeds is withdrawn (one a leader acknowledged or closed is kept)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from geo.areas import Area
from geo.models import AdminUnit, Level
from monitoring.alerts.rule import BASELINE_MONTHS, RULE, exceedances
from monitoring.audit import audit_record
from monitoring.imports.selectors import months_back
from monitoring.models import Alert, AlertState, CaseCount

__all__ = ["Evaluation", "alerts_evaluate", "alerts_on_commit", "month_exceedances"]


@dataclass(frozen=True)
class Evaluation:
    """What evaluating ``month`` did: figures tested, alerts raised, updated, withdrawn."""

    month: datetime.date
    tested: int
    raised: list[int]
    updated: int
    withdrawn: int


def month_exceedances(*, month: datetime.date, area: Area | None = None):
    """``(tested, {(commune_id, indicator_id): Exceedance})`` of the firing figures of
    ``month`` in ``area`` (default everything), on exact values."""
    area = area or Area.everything()
    window = months_back(month, BASELINE_MONTHS + 1)
    communes = AdminUnit.current.filter(area.units_q(), level=Level.COMMUNE).values("id")
    rows = CaseCount.objects.filter(
        unit_id__in=communes, period__gte=window[0], period__lte=month
    ).values_list("unit_id", "indicator_id", "period", "value")
    series: dict[tuple[int, int], dict[datetime.date, int]] = defaultdict(dict)
    for unit_id, indicator_id, period, value in rows:
        series[(unit_id, indicator_id)][period] = value
    keys = [key for key, values in series.items() if month in values]
    verdicts = exceedances(
        [series[key][month] for key in keys],
        [[series[key].get(m, float("nan")) for m in window[:-1]] for key in keys],
    )
    tested = sum(v is not None for v in verdicts)
    firing = {key: v for key, v in zip(keys, verdicts, strict=True) if v is not None and v.fires}
    return tested, firing


def alerts_evaluate(*, month: datetime.date, area: Area | None = None) -> Evaluation:
    """Raise, update and withdraw the alerts of ``month`` in ``area``; audited as one
    event. The e-mail to the leaders of each new alert's area leaves after commit."""
    from monitoring.alerts.mail import alerts_mail_on_commit

    area = area or Area.everything()
    tested, firing = month_exceedances(month=month, area=area)
    with transaction.atomic():
        existing = {
            (a.commune_id, a.indicator_id): a
            for a in Alert.objects.select_for_update().filter(area.q("commune"), month=month, rule=RULE)
        }
        raised, updated, withdrawn = [], 0, []
        for key, verdict in firing.items():
            figures = {
                "value": verdict.value,
                "expected": verdict.expected,
                "dispersion": verdict.dispersion,
                "p_value": verdict.p_value,
                "score": verdict.score,
            }
            alert = existing.get(key)
            if alert is None:
                alert = Alert.objects.create(
                    commune_id=key[0], indicator_id=key[1], month=month, rule=RULE, **figures
                )
                raised.append(alert.id)
            elif any(getattr(alert, name) != v for name, v in figures.items()):
                Alert.objects.filter(pk=alert.pk).update(**figures)
                updated += 1
        for key, alert in existing.items():
            if key not in firing and alert.state == AlertState.NEW:
                withdrawn.append(alert.pk)
        Alert.objects.filter(pk__in=withdrawn).delete()
        if raised or updated or withdrawn:
            audit_record(
                action="update",
                object_type="monitoring.alert",
                object_key=f"{month:%Y-%m}",
                filter={"month": f"{month:%Y-%m}", "rule": RULE, "area": area.codes()},
                row_count=len(raised) + updated + len(withdrawn),
                after={"raised": len(raised), "updated": updated, "withdrawn": len(withdrawn)},
            )
        alerts_mail_on_commit(alert_ids=raised)
    return Evaluation(month=month, tested=tested, raised=raised, updated=updated, withdrawn=len(withdrawn))


def alerts_on_commit(*, touched) -> None:
    """After the current transaction commits, evaluate each month of ``touched``
    (``(commune id, month)`` pairs just written by an import or the data-entry grid) for
    the communes written in it."""
    by_month: dict[datetime.date, set[int]] = defaultdict(set)
    for commune_id, month in touched:
        by_month[month].add(commune_id)

    def evaluate():
        for month, communes in sorted(by_month.items()):
            alerts_evaluate(month=month, area=Area.of_units(communes))

    if by_month:
        transaction.on_commit(evaluate)
