"""One problem found in a file (file, row, field, value, reason, how to fix), the shape of
``AppError.problems``, and ``InvalidFile``, the error that carries every problem of a file
so a user fixes them all in one go."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import BadInput

__all__ = ["HEADER", "InvalidFile", "Problem"]

#: ``Problem.field`` for a problem with the header row itself.
HEADER = "(header)"


@dataclass(frozen=True)
class Problem:
    """What is wrong where. ``row`` is the spreadsheet row (header = 1), None for the
    whole file; ``key`` lets a form put the message on its cell (not shown)."""

    file: str
    row: int | str | None
    field: str
    value: str
    reason: str
    fix: str = ""
    key: tuple | None = None

    @property
    def explanation(self) -> str:
        return f"{self.reason}; {self.fix}" if self.fix else self.reason

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.file}: {self.explanation}"
        if self.field == HEADER:
            return _("%(file)s row %(row)s (header): %(reason)s") % {
                "file": self.file,
                "row": self.row,
                "reason": self.explanation,
            }
        where = _("%(file)s row %(row)s") % {"file": self.file, "row": self.row}
        return f"{where}, " + _('field %(field)s, value "%(value)s": %(reason)s') % {
            "field": self.field,
            "value": str(self.value)[:120],
            "reason": self.explanation,
        }


class InvalidFile(BadInput):
    """A file (or a data-entry grid) that cannot be imported; nothing was written.

    ``problems`` holds every problem found in one pass (a :class:`Problem` or an object of
    the same attributes), ``lines`` their messages.
    """

    code = "invalid_file"

    def __init__(self, *, filename: str, problems: list) -> None:
        self.filename = filename
        self.lines = [str(problem) for problem in problems]
        super().__init__(
            _("%(file)s cannot be imported (%(count)s problems); nothing was imported:")
            % {"file": filename, "count": len(problems)}
            + "\n"
            + "\n".join(self.lines),
            problems=problems,
        )
