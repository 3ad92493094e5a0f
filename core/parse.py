"""Reading values a user typed: a value that cannot be read raises ``BadInput`` naming the
parameter and the value, at the place it is read, so no view catches ``ValueError``.

>>> number_parse("12", parameter="zoom", low=0, high=22, whole=True)
12

Numbers are read strictly: ASCII digits only (``"²"`` and ``"١٢"`` pass ``str.isdigit``
and ``int()`` but are not numbers a client means), finite (no ``inf`` or ``nan``), no
``_`` separators. Text never holds a NUL or another control character (PostgreSQL cannot
store a NUL; :func:`text_parse`, and ``frontend.request_text`` refuses a NUL anywhere in a
request once).

Dates have one definition of plausible (:func:`date_bound_problem`): not before
``EARLIEST_RECORD_DATE`` and not later than a field's own rule allows after today. Typed
values go through :func:`date_parse`; model and form fields carry a :class:`PlausibleDate`
validator built from the same rule, so the admin, the forms, the REST API and the file
imports refuse the same dates with the same message.
"""

import datetime
import json
import math
import re

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
    "nul_free",
    "number_parse",
    "numbers_parse",
    "text_parse",
]

#: A decimal number in ASCII: sign, digits, an optional fraction and exponent.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_WHOLE = re.compile(r"[+-]?\d+", re.ASCII)
#: C0 control characters and DEL; a single-line parameter holds none of them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadParameter(BadInput):
    """A query parameter that cannot be used (400): “parameter = “value”: reason”."""

    def __init__(self, parameter: str, value, reason: str) -> None:
        super().__init__(
            _("%(parameter)s = “%(value)s”: %(reason)s")
            % {"parameter": parameter, "value": str(value)[:120], "reason": reason},
            parameter=parameter,
            value=value,
        )


def nul_free(text) -> bool:
    """Whether ``text`` (str or bytes) holds no NUL character."""
    return (b"\x00" if isinstance(text, bytes) else "\x00") not in text


def _shown(text) -> str:
    """``text`` as it may appear in a message: control characters written as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))[:120]


def text_parse(text, *, parameter: str, multiline: bool = False, max_length: int | None = None) -> str:
    """``text`` stripped, refused (``BadParameter``) if it holds a NUL or, unless
    ``multiline``, any control character (a CR or LF in a name or a code would end up in
    a header or a file name)."""
    text = "" if text is None else str(text)
    bad = "\x00" in text if multiline else _CONTROL.search(text) is not None
    if bad:
        raise BadParameter(parameter, _shown(text), _("remove the control characters (NUL, CR, LF…)."))
    if max_length is not None and len(text) > max_length:
        raise BadParameter(parameter, text, _("at most %(count)s characters.") % {"count": f"{max_length:,}"})
    return text.strip()


def _strict_number(text, *, whole: bool) -> float | int | None:
    """``text`` as a finite number, ``None`` if it is not one written in ASCII."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        value = text
    else:
        text = str(text).strip() if text is not None else ""
        if not (_WHOLE if whole else _NUMBER).fullmatch(text):
            return None
        value = int(text) if whole else float(text)
    if whole and value != int(value):
        return None
    if not math.isfinite(value):
        return None
    return int(value) if whole else float(value)


def numbers_parse(text, *, parameter: str, count: int | tuple[int, ...], reason: str) -> tuple[float, ...]:
    """``text`` as ``count`` comma-separated finite numbers (one of the counts, if a
    tuple); ``BadParameter`` with ``reason`` otherwise."""
    counts = (count,) if isinstance(count, int) else count
    parts = str(text or "").split(",")
    values = [_strict_number(part, whole=False) for part in parts]
    if len(values) not in counts or any(value is None for value in values):
        raise BadParameter(parameter, _shown(text), reason)
    return tuple(values)


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
    value = _strict_number(text, whole=whole)
    if value is None or (low is not None and value < low) or (high is not None and value > high):
        if reason is None:
            reason = _("%(parameter)s = “%(value)s”: give a number from %(low)s to %(high)s.") % {
                "parameter": parameter,
                "value": _shown(text),
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
