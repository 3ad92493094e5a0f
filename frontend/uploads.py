"""Size limits on what clients send: a request body above ``MAX_UPLOAD_MB`` is refused
with 413 before Django reads it, and ``upload_check`` gives import pages one message for
a file that is too large."""

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import TooLarge
from frontend.errors import app_error_response

__all__ = ["RequestSizeLimitMiddleware", "UploadTooLarge", "max_upload_bytes", "upload_check"]


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
