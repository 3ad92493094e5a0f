"""Password reset only where mail can be sent. Without mail configured (``EMAIL_HOST``
set, or ``EMAIL_BACKEND`` the console or file backend, chosen explicitly), the reset pages
say to ask the administrator instead of pretending a message was sent, and the login page
does not offer the link."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import path

__all__ = ["mail_configured", "password_reset_urls"]

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def mail_configured() -> bool:
    """Whether the site can send mail: SMTP (the default backend) with ``EMAIL_HOST`` set,
    or another backend (console, file) chosen explicitly in ``EMAIL_BACKEND``."""
    if settings.EMAIL_BACKEND != SMTP:
        return True
    return bool(settings.EMAIL_HOST)


def _only_with_mail(view):
    def wrapped(request, *args, **kwargs):
        if not mail_configured():
            return render(request, "registration/password_reset_unavailable.html")
        return view(request, *args, **kwargs)

    return wrapped


def password_reset_urls() -> list:
    """The reset routes of ``django.contrib.auth.urls``, each behind :func:`mail_configured`
    (listed before that include, so they take its place)."""
    return [
        path(
            "password_reset/",
            _only_with_mail(auth_views.PasswordResetView.as_view()),
            name="password_reset",
        ),
        path(
            "password_reset/done/",
            _only_with_mail(auth_views.PasswordResetDoneView.as_view()),
            name="password_reset_done",
        ),
        path(
            "reset/<uidb64>/<token>/",
            _only_with_mail(auth_views.PasswordResetConfirmView.as_view()),
            name="password_reset_confirm",
        ),
        path(
            "reset/done/",
            _only_with_mail(auth_views.PasswordResetCompleteView.as_view()),
            name="password_reset_complete",
        ),
    ]
