"""Reading values a user typed: a value that cannot be read raises ``BadInput`` naming the
parameter and the value, at the place it is read, so no view catches ``ValueError``.

>>> number_parse("12", parameter="zoom", low=0, high=22, whole=True)
12

Dates have one definition of plausible (:func:`date_bound_problem`): not before
``EARLIEST_RECORD_DATE`` and not later than a field's own rule allows after today. Typed
values go through :func:`date_parse`; model and form fields carry a :class:`PlausibleDate`
validator built from the same rule, so the admin, the forms, the REST API and the file
imports refuse the same dates with the same message.
"""

import datetime
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from core.errors import BadInput

__all__ = [
    "BadParameter",
    "PlausibleDate",
    "date_bound_problem",
    "date_parse",
    "earliest_date",
    "json_parse",
    "number_parse",
]


class BadParameter(BadInput):
    """A query parameter that cannot be used (400): “parameter = “value”: reason”."""

    def __init__(self, parameter: str, value, reason: str) -> None:
        super().__init__(
            _("%(parameter)s = “%(value)s”: %(reason)s")
            % {"parameter": parameter, "value": str(value)[:120], "reason": reason},
            parameter=parameter,
            value=value,
        )


def number_parse(
    text,
    *,
    parameter: str,
    low: float | None = None,
    high: float | None = None,
    whole: bool = False,
    reason=None,
) -> float:
    """``text`` as a number (an ``int`` if ``whole``) within ``low``…``high`` inclusive.

    Raises ``BadInput`` with ``reason`` (or a message naming the range) otherwise.
    """
    try:
        value = int(text) if whole else float(text)
    except (TypeError, ValueError):
        value = None
    if (
        value is None
        or value != value  # NaN
        or (low is not None and value < low)
        or (high is not None and value > high)
    ):
        if reason is None:
            reason = _("%(parameter)s = “%(value)s”: give a number from %(low)s to %(high)s.") % {
                "parameter": parameter,
                "value": str(text)[:120],
                "low": "−∞" if low is None else low,
                "high": "∞" if high is None else high,
            }
        raise BadInput(reason, parameter=parameter, value=text)
    return value


def json_parse(text, *, parameter: str = "body"):
    """``text`` (str or bytes) read as JSON; ``BadInput`` if it is not JSON."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadInput(
            _("%(parameter)s is not valid JSON.") % {"parameter": parameter}, parameter=parameter
        ) from None


def earliest_date() -> datetime.date:
    """The earliest plausible date of anything recorded (``EARLIEST_RECORD_DATE``,
    default 2000-01-01): an older date is a typing mistake."""
    return datetime.date.fromisoformat(getattr(settings, "EARLIEST_RECORD_DATE", "2000-01-01"))


def date_bound_problem(
    day: datetime.date, *, ahead_days: int | None = 0, today: datetime.date | None = None
) -> str | None:
    """Why ``day`` is not a plausible date (``None`` when it is), with the bound: before
    :func:`earliest_date`, or more than ``ahead_days`` days after today (0: not after
    today; ``None``: no upper bound).

    >>> date_bound_problem(datetime.date(2026, 5, 1), today=datetime.date(2026, 12, 2)) is None
    True
    """
    low = earliest_date()
    if day < low:
        return _("a date before %(low)s is not plausible.") % {"low": f"{low:%d/%m/%Y}"}
    if ahead_days is None:
        return None
    today = today or timezone.localdate()
    if ahead_days == 0 and day > today:
        return _("the date is after today (%(today)s).") % {"today": f"{today:%d/%m/%Y}"}
    latest = today + datetime.timedelta(days=ahead_days)
    if day > latest:
        return _("the date is more than %(days)s days after today: give a date up to %(latest)s.") % {
            "days": ahead_days,
            "latest": f"{latest:%d/%m/%Y}",
        }
    return None


@deconstructible
class PlausibleDate:
    """The validator of a date field: :func:`date_bound_problem` with the field's own
    ``ahead_days``. Put on the model field, it reaches the admin and the REST API's
    serializers; forms and imports read the rule back with :meth:`of`.

        decision_date = models.DateField(validators=[PlausibleDate()])  # not after today
        valid_from = models.DateField(validators=[PlausibleDate(ahead_days=366)])
    """

    code = "implausible_date"

    def __init__(self, ahead_days: int | None = 0) -> None:
        self.ahead_days = ahead_days

    def problem(self, day: datetime.date) -> str | None:
        return date_bound_problem(day, ahead_days=self.ahead_days)

    def __call__(self, value) -> None:
        if isinstance(value, datetime.date) and (problem := self.problem(value)):
            raise ValidationError(problem, code=self.code, params={"value": value})

    def __eq__(self, other) -> bool:
        return isinstance(other, PlausibleDate) and other.ahead_days == self.ahead_days

    def __hash__(self) -> int:
        return hash(self.ahead_days)

    @classmethod
    def of(cls, model, field: str) -> "PlausibleDate":
        """The rule of ``model.field`` (not after today when the field has none)."""
        found = [v for v in model._meta.get_field(field).validators if isinstance(v, cls)]
        return found[0] if found else cls()


def date_parse(
    value, *, parameter: str, required: bool = True, ahead_days: int | None = 0
) -> datetime.date | None:
    """``value`` (a date or ``YYYY-MM-DD``) as a plausible date (:func:`date_bound_problem`:
    not before :func:`earliest_date`, not more than ``ahead_days`` after today). The
    bound is in the message. A blank value is ``None`` unless ``required``."""
    if not value:
        if required:
            raise BadInput(
                _("%(field)s: give a date (YYYY-MM-DD).") % {"field": parameter}, parameter=parameter
            )
        return None
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise BadParameter(parameter, value, _("write the date as YYYY-MM-DD.")) from None
    if problem := date_bound_problem(day, ahead_days=ahead_days):
        raise BadParameter(parameter, value, problem)
    return day
