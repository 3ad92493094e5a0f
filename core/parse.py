"""Reading values a user typed: a value that cannot be read raises ``BadInput`` naming the
parameter and the value, at the place it is read, so no view catches ``ValueError``.

>>> number_parse("12", parameter="zoom", low=0, high=22, whole=True)
12
"""

import datetime
import json

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import BadInput

__all__ = ["BadParameter", "date_parse", "earliest_date", "json_parse", "number_parse"]


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


def date_parse(value, *, parameter: str, required: bool = True, future: bool = False) -> datetime.date | None:
    """``value`` (a date or ``YYYY-MM-DD``) as a plausible date: not before
    :func:`earliest_date` and, unless ``future``, not after today. The bound is in the
    message. A blank value is ``None`` unless ``required``."""
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
    low, today = earliest_date(), timezone.localdate()
    if day < low:
        raise BadParameter(
            parameter, value, _("a date before %(low)s is not plausible.") % {"low": f"{low:%d/%m/%Y}"}
        )
    if not future and day > today:
        raise BadParameter(
            parameter, value, _("the date is after today (%(today)s).") % {"today": f"{today:%d/%m/%Y}"}
        )
    return day
