"""Values of the OGC items' query parameters and filters, typed by the queryable's kind
(``collections.QUERYABLE_KINDS``): a value that does not fit is a 400 naming the
parameter, the value and what to write instead."""

import datetime

from django.utils.translation import gettext as _

from core.errors import BadInput
from core.parse import BadParameter, number_parse

__all__ = ["ParameterError", "value_parse"]

INTEGER_RANGE = (-(2**31), 2**31 - 1)  # the integer columns of PostgreSQL


class ParameterError(BadParameter):
    """A query parameter that cannot be used (400); the message names it and its value."""


def value_parse(name: str, text: str, kind: str):
    """``text`` as a value of a queryable of ``kind`` (see ``collections.QUERYABLE_KINDS``)."""
    if kind == "bool":
        if text.lower() not in ("true", "false", "1", "0"):
            raise ParameterError(name, text, _("use true or false."))
        return text.lower() in ("true", "1")
    if "\x00" in text:
        raise ParameterError(name, text.replace("\x00", "\\0"), _("remove the NUL character."))
    if kind == "int":
        try:
            value = number_parse(text, parameter=name, whole=True)
        except BadInput:
            raise ParameterError(name, text, _("not a whole number.")) from None
        low, high = INTEGER_RANGE
        if not low <= value <= high:
            raise ParameterError(
                name,
                text,
                _("must be between %(low)s and %(high)s.") % {"low": f"{low:,}", "high": f"{high:,}"},
            )
        return value
    if kind == "float":
        try:
            return number_parse(text, parameter=name)
        except BadInput:
            raise ParameterError(name, text, _("not a number.")) from None
    if kind == "date":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ParameterError(name, text, _("write the date as YYYY-MM-DD.")) from None
    return text
