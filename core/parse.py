"""Reading values a user typed: a value that cannot be read raises ``BadInput`` naming the
parameter and the value, at the place it is read, so no view catches ``ValueError``.

>>> number_parse("12", parameter="zoom", low=0, high=22, whole=True)
12
"""

import json

from django.utils.translation import gettext as _

from core.errors import BadInput

__all__ = ["BadParameter", "json_parse", "number_parse"]


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
