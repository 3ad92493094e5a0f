"""Problems found in a boundary file, and the error that carries all of them at once."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.problems import InvalidFile

__all__ = ["BoundaryImportError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or repaired) in a file: where, what, why and how to fix it.

    ``row`` is the feature's 1-based position in the file (None for the whole file).
    """

    file: str
    reason: str
    fix: str = ""
    row: int | None = None
    field: str = ""
    value: object = None
    code: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("feature %(row)s") % {"row": self.row})
        if self.code:
            where.append(_("code %(code)s") % {"code": self.code})
        if self.field and self.value is None:
            where.append(_("field %(field)s") % {"field": self.field})
        elif self.field:
            value = str(self.value)
            value = value if len(value) <= 80 else value[:77] + "…"
            where.append(_('field %(field)s, value "%(value)s"') % {"field": self.field, "value": value})
        text = ", ".join(where) + ": " + self.reason
        return f"{text} {self.fix}".strip() if self.fix else text


class BoundaryImportError(InvalidFile):
    """A boundary file that cannot be imported; nothing was written.

    ``problems`` lists every bad feature found in one pass.
    """

    @classmethod
    def refused(cls, name: str, reason: str, fix: str = "", **where) -> "BoundaryImportError":
        """The error for a file with one problem; ``where`` holds the other ``Problem`` fields."""
        return cls(filename=name, problems=[Problem(file=name, reason=reason, fix=fix, **where)])
