"""Size limits on what clients send: a request body above ``MAX_UPLOAD_MB`` is refused
with 413 before Django reads it, and ``upload_check`` gives import pages one message for
a file that is too large; ``upload_slot`` caps the imports running at once."""

from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from core.errors import Busy, TooLarge
from frontend.errors import app_error_response

__all__ = [
    "RequestSizeLimitMiddleware",
    "UploadTooLarge",
    "UploadsBusy",
    "max_upload_bytes",
    "upload_check",
    "upload_slot",
]


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


class UploadTooLarge(TooLarge):
    """A file above ``MAX_UPLOAD_MB`` (413)."""


def upload_check(file) -> None:
    """Raise ``UploadTooLarge`` naming the file if ``file`` (an UploadedFile) is too big."""
    if file.size > max_upload_bytes():
        raise UploadTooLarge(
            _(
                "%(file)s is %(size).1f MB; the largest file accepted is %(limit)s MB. "
                "Split it into smaller files."
            )
            % {"file": file.name, "size": file.size / 1024 / 1024, "limit": settings.MAX_UPLOAD_MB}
        )


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or ""
        if length.isascii() and length.isdigit() and int(length) > max_upload_bytes():
            message = _("The request is larger than %(limit)s MB and was refused.") % {
                "limit": settings.MAX_UPLOAD_MB
            }
            return app_error_response(request, TooLarge(message))
        return self.get_response(request)


#: Advisory-lock class of the upload slots (``pg_try_advisory_lock(class, slot)``).
UPLOAD_SLOTS_LOCK = 0x55504C44


class UploadsBusy(Busy):
    """Every upload slot is taken (503): the user is told to try again in a moment."""


@contextmanager
def upload_slot():
    """Hold one of ``UPLOADS_AT_ONCE`` import slots while the block runs, across every
    server process (a PostgreSQL advisory lock per slot); ``UploadsBusy`` if none is free."""
    slots = settings.UPLOADS_AT_ONCE
    with connection.cursor() as cursor:
        for slot in range(slots):
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [UPLOAD_SLOTS_LOCK, slot])
            if cursor.fetchone()[0]:
                break
        else:
            raise UploadsBusy(
                _("%(count)s files are being imported already; try again in a few minutes.")
                % {"count": slots}
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [UPLOAD_SLOTS_LOCK, slot])
