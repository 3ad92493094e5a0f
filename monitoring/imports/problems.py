"""The error of an import file that cannot be imported (see ``core.problems``)."""

from core.problems import HEADER, InvalidFile, Problem
from monitoring.services.errors import MonitoringError

__all__ = ["HEADER", "ChangedMeanwhile", "ImportFileError", "Problem"]


class ImportFileError(InvalidFile, MonitoringError):
    """A place or count file, or a data-entry grid, that cannot be imported (400)."""

    @classmethod
    def refused(cls, name: str, reason: str, fix: str = "") -> "ImportFileError":
        """The error for a file refused as a whole, for one reason."""
        return cls(filename=name, problems=[Problem(name, None, "", "", reason, fix)])


class ChangedMeanwhile(ImportFileError):
    """Data-entry cells whose stored figure another save changed after the grid was
    opened (409): nothing was written; each problem names the figure seen and the one
    stored now."""

    http_status = 409
    code = "changed_meanwhile"
