"""Read the risk map's query string into a validated ``RiskQuery``; bad values fall
back to defaults with a message instead of an error page."""

import datetime
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from core.errors import BadInput
from core.parse import number_parse
from geo.models import AdminUnit, Level
from monitoring.figures.classify import METHODS
from monitoring.figures.completeness import default_period as completeness_default_period
from monitoring.figures.measures import Measure, MeasureError
from monitoring.figures.periods import Period, PeriodError
from monitoring.models import CaseCount, Indicator, LegendSet

__all__ = ["BREAKS_SCOPES", "RiskQuery", "legend_set_for", "risk_query_parse"]

#: Where class breaks come from: every period of the data's time range (one colour is
#: one figure in every month), only the period shown, or the legend set an administrator
#: defined for the measure (``monitoring.models.LegendSet``).
BREAKS_SCOPES = ("range", "period", "legend")


@dataclass(frozen=True)
class RiskQuery:
    period: Period
    measure: Measure
    method: str = "quantiles"
    classes: int = 5
    level: str = Level.COMMUNE
    district: str | None = None
    view: tuple[float, float, int] | None = None  # lat, lng, zoom kept across changes
    breaks: str = "range"  # BREAKS_SCOPES
    messages: tuple[str, ...] = field(default=(), compare=False)

    def params(self, **changes) -> str:
        query = replace(self, **changes) if changes else self
        values = {
            "period": query.period.key(),
            "measure": query.measure.key(),
            "method": query.method,
            "classes": query.classes,
            "level": query.level,
            "breaks": query.breaks,
        }
        if query.district:
            values["district"] = query.district
        return urlencode(values)

    @property
    def indicator_code(self) -> str:
        return self.measure.indicator or "illegal_users"


def legend_set_for(measure: Measure) -> LegendSet | None:
    """The legend set an administrator defined for ``measure``, with its classes."""
    return (
        LegendSet.objects.filter(measure_kind=measure.kind)
        .filter(
            **({"indicator__code": measure.indicator} if measure.indicator else {"indicator__isnull": True})
        )
        .prefetch_related("classes")
        .first()
    )


def _has_figures(period: Period, indicator: str | None) -> bool:
    counts = CaseCount.objects.filter(period__in=period.months())
    return (counts.filter(indicator__code=indicator) if indicator else counts).exists()


def _with_data(period, measure, default_period, messages, *, today):
    """A period after the current month, or one without figures, falls back to the
    default period; a change whose comparison period has no figures falls back to the
    count of the same indicator. Each fallback says why in ``messages``."""
    if measure.kind == "classification":
        return period, measure
    if period.start > today.replace(day=1):
        messages.append(
            _("%(period)s has not begun yet: figures exist up to the current month.")
            % {"period": period.key()}
        )
        period = default_period()
    elif not _has_figures(period, measure.indicator):
        messages.append(_("No figures were reported for %(period)s.") % {"period": period.key()})
        period = default_period()
    compared = {"change": period.previous, "change_yoy": period.same_last_year}.get(measure.kind)
    if compared and not _has_figures(compared(), measure.indicator):
        messages.append(
            _("No figures were reported for %(period)s, the period to compare with: showing the counts.")
            % {"period": compared().key()}
        )
        measure = Measure("count", measure.indicator)
    return period, measure


def risk_query_parse(get, *, today: datetime.date, unit_ids=None) -> RiskQuery:
    """Validate the page's GET parameters (``get`` is a QueryDict or dict); with no
    (valid) period, the latest month complete for the indicator in ``unit_ids``."""
    messages = []
    try:
        measure = Measure.parse(get.get("measure"))
        if measure.indicator and not Indicator.objects.filter(code=measure.indicator).exists():
            raise MeasureError(_("Unknown indicator “%(code)s”.") % {"code": measure.indicator})
    except MeasureError as error:
        messages.append(str(error))
        measure = Measure.parse(None)

    def default_period() -> Period:
        # Only when the request names no (valid) period: it scans every month's reports.
        indicator = Indicator.objects.filter(code=measure.indicator).first() if measure.indicator else None
        return completeness_default_period(today=today, indicator=indicator, unit_ids=unit_ids)

    try:
        period = Period.parse(get["period"]) if get.get("period") else default_period()
        if kind := get.get("period_kind"):
            period = period.containing(kind) if kind in ("month", "quarter", "year") else period
    except PeriodError as error:
        messages.insert(0, str(error))
        period = default_period()
    period, measure = _with_data(period, measure, default_period, messages, today=today)
    method = get.get("method") or "quantiles"
    if method not in METHODS:
        messages.append(_("Unknown classification method “%(method)s”.") % {"method": method})
        method = "quantiles"
    wrong = _("The number of classes must be between 2 and 9.")
    try:
        classes = number_parse(
            get.get("classes") or 5, parameter="classes", low=2, high=9, whole=True, reason=wrong
        )
    except BadInput as error:
        messages.append(str(error))
        classes = 5
    breaks = get.get("breaks") or "range"
    if breaks not in BREAKS_SCOPES:
        messages.append(
            _("Unknown class breaks “%(breaks)s”: use range (all periods), period (this period) or legend.")
            % {"breaks": breaks}
        )
        breaks = "range"
    if breaks == "legend" and legend_set_for(measure) is None:
        messages.append(_("No legend set is defined for this measure: classes over all periods instead."))
        breaks = "range"
    has_districts = AdminUnit.current.filter(level=Level.DISTRICT).exists()
    level = get.get("level") or Level.COMMUNE
    if (
        level not in (Level.COMMUNE, Level.DISTRICT)
        or (level == Level.DISTRICT and not has_districts)
        or measure.communes_only
    ):
        level = Level.COMMUNE
    district = get.get("district") or None
    if district and not AdminUnit.current.filter(level=Level.DISTRICT, code=district).exists():
        messages.append(_("Unknown district code “%(code)s”.") % {"code": district})
        district = None
    view = None
    try:
        if get.get("lat") and get.get("lng") and get.get("zoom"):
            view = (
                number_parse(get["lat"], parameter="lat", low=-90, high=90),
                number_parse(get["lng"], parameter="lng", low=-180, high=180),
                number_parse(get["zoom"], parameter="zoom", whole=True),
            )
    except BadInput:
        view = None
    return RiskQuery(period, measure, method, classes, level, district, view, breaks, tuple(messages))
