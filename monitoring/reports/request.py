"""The report a reader asks for by its parameters (``period``, ``area``): one reading for
every channel that serves it (the page ``/reports/province/`` and the REST API)."""

import datetime

from django.utils.translation import gettext as _

from core.errors import BadInput
from geo.areas import Area
from geo.models import AdminUnit
from monitoring.figures.completeness import default_period
from monitoring.figures.periods import Period, PeriodError
from monitoring.reports.content import ProvinceReport, province_report_build

__all__ = ["REPORT_PERMISSIONS", "default_area_code", "report_for_reader"]

#: What a reader needs on every channel: the units and the figures.
REPORT_PERMISSIONS = ("geo.view_adminunit", "monitoring.view_casecount")


def default_area_code(user) -> str:
    """The code of the user's one area (or of the one province, for every area)."""
    area = Area.of(user)
    roots = (
        AdminUnit.current.filter(parent__isnull=True)
        if area.is_everything
        else AdminUnit.objects.filter(pk__in=area.roots)
    )
    codes = sorted(roots.values_list("code", flat=True))
    if len(codes) != 1:
        raise BadInput(
            _("Say which area the report is for: add area= with one of the codes %(codes)s.")
            % {"codes": ", ".join(codes) or "—"},
            parameter="area",
        )
    return codes[0]


def report_for_reader(*, user, period: str, area: str, today: datetime.date) -> ProvinceReport:
    """The report of ``area`` (a code; empty: the user's one area) for ``period`` (empty:
    the latest complete month), within the user's areas and with their protection. An
    unreadable period is a ``PeriodError`` (400), a unit outside the areas a ``NotFound``."""
    period = period.strip()
    try:
        parsed = (
            Period.parse(period) if period else default_period(today=today, unit_ids=Area.of(user).unit_ids())
        )
    except PeriodError as error:  # the same message, naming the parameter for the API's body
        raise PeriodError(str(error), parameter="period", value=period) from error
    return province_report_build(
        period=parsed, area_code=area.strip() or default_area_code(user), user=user, today=today
    )
