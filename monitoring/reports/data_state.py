"""The data state the report states: how many communes reported each month of the
period (``monitoring.figures.completeness``), whether the period is approved
(``monitoring.quality.approval.approval_state``) and the date of the newest figure
(the case-count layer's own ``data_date_sql``)."""

import datetime
from dataclasses import dataclass

from django.db import connection

from monitoring.figures.completeness import Completeness, MonthReporting, month_reporting, period_completeness
from monitoring.figures.periods import Period
from monitoring.layers.case_counts import CaseCountLayer
from monitoring.quality.approval import ApprovalState, approval_state

__all__ = ["DataState", "data_state_read"]

DATA_DATE_SQL = (
    f"SELECT {CaseCountLayer.data_date_sql} FROM monitoring_casecount t"  # noqa: S608 - a constant
    " WHERE t.unit_id = ANY(%(ids)s) AND t.period BETWEEN %(start)s AND %(end)s"
)


@dataclass(frozen=True)
class DataState:
    completeness: Completeness  # any indicator, the whole period
    months: list[MonthReporting]  # each month of the period
    approval: ApprovalState
    data_date: datetime.date | None

    @property
    def complete(self) -> bool:
        return self.completeness.complete


def data_state_read(*, period: Period, unit_ids: list[int]) -> DataState:
    reporting = month_reporting(indicator=None, unit_ids=unit_ids)
    months = [reporting.get(m) or MonthReporting(m, 0, len(unit_ids)) for m in period.months()]
    with connection.cursor() as cursor:
        cursor.execute(DATA_DATE_SQL, {"ids": unit_ids, "start": period.start, "end": period.end})
        (data_date,) = cursor.fetchone()
    return DataState(
        completeness=period_completeness(indicator=None, period=period, unit_ids=unit_ids),
        months=months,
        approval=approval_state(period=period, unit_ids=unit_ids),
        data_date=data_date,
    )
