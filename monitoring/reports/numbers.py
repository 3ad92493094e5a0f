"""Figures written as the report writes them: 1.234 in Vietnamese, 1,234 in English, a
protected figure as its marker, a missing one as a dash."""

from django.utils import formats

__all__ = ["number_text", "signed_text"]


def number_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if float(value).is_integer():
        value = int(value)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def signed_text(value) -> str:
    """``+3``, ``−2``, ``0`` or a dash."""
    if value is None:
        return "—"
    if value > 0:
        return "+" + number_text(value)
    if value < 0:
        return "−" + number_text(-value)
    return "0"
