"""One problem found in a file (file, row, field, value, reason, how to fix), the shape of
``AppError.problems``, and ``InvalidFile``, the error that carries every problem of a file
so a user fixes them all in one go."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import BadInput

__all__ = ["HEADER", "InvalidFile", "Problem", "ProblemList"]

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

    ``problems`` holds the problems found in one pass (a :class:`Problem` or an object of
    the same attributes): the first ``IMPORT_MAX_PROBLEMS``, then one saying how many more
    there are; ``count`` is how many there are in all, ``lines`` their messages.
    """

    code = "invalid_file"

    def __init__(self, *, filename: str, problems: list) -> None:
        self.filename = filename
        limit = settings.IMPORT_MAX_PROBLEMS
        self.count = count = len(problems) + getattr(problems, "more", 0)
        problems = list(problems[:limit])
        if count > limit:
            problems.append(
                Problem(
                    file=filename,
                    row=None,
                    field="",
                    value="",
                    reason=_("%(more)s more problems are not listed (the first %(limit)s are).")
                    % {"more": count - limit, "limit": limit},
                    fix=_("correct these and import the file again to see the rest."),
                )
            )
        self.lines = [str(problem) for problem in problems]
        super().__init__(
            _("%(file)s cannot be imported (%(count)s problems); nothing was imported:")
            % {"file": filename, "count": count}
            + "\n"
            + "\n".join(self.lines),
            problems=problems,
        )


class ProblemList(list):
    """Problems as they are found, keeping the first ``IMPORT_MAX_PROBLEMS`` and counting
    the rest (``more``): a file of a million bad rows costs no memory for its problems.

    >>> from django.test import override_settings
    >>> with override_settings(IMPORT_MAX_PROBLEMS=2):
    ...     found = ProblemList()
    ...     found += ["a", "b", "c"]
    ...     found.append("d")
    >>> found, found.more
    (['a', 'b'], 2)
    """

    def __init__(self, problems=()) -> None:
        super().__init__()
        self.limit = settings.IMPORT_MAX_PROBLEMS
        self.more = 0
        self.extend(problems)

    def append(self, problem) -> None:
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.more += 1

    def extend(self, problems) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems):
        self.extend(problems)
        return self

    def __add__(self, problems):
        joined = ProblemList(self)
        joined.more += self.more
        joined.extend(problems)
        return joined

    def __bool__(self) -> bool:
        return len(self) > 0 or self.more > 0
