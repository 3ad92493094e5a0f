"""The field app at ``/field/``: the page, its web app manifest and its service worker
(served from ``/field/sw.js`` so its scope is ``/field/``). Every asset comes from the
app; the data come from ``/api/field/`` and stay on the phone in IndexedDB."""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frontend.access import permission_required_403
from monitoring.models import InspectionResult

__all__ = ["field_app", "field_manifest", "field_service_worker"]

ASSETS = (
    "frontend/field/app.js",
    "frontend/field/field.css",
    "frontend/field/icon-192.png",
    "frontend/field/icon-512.png",
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
)


def _strings() -> dict:
    """The script's words, in the page's language."""
    return {
        "queued": _("Queued"),
        "sending": _("Sending"),
        "synced": _("Synced"),
        "conflict": _("Conflict"),
        "error": _("Error"),
        "offline": _("Offline: visits are kept on this phone."),
        "online": _("Online"),
        "no_package": _("No communes on this phone yet: choose communes and download them."),
        "package_taken": _("Data taken on %(date)s"),
        "downloading": _("Downloading…"),
        "downloaded": _("Downloaded %(count)s establishments."),
        "download_failed": _("The download failed: %(reason)s"),
        "choose_commune": _("Choose at least one commune."),
        "last_inspected": _("Last inspection"),
        "never": _("never"),
        "record": _("Record a visit"),
        "saved": _("Visit saved on this phone and queued for sending."),
        "fix_errors": _("Correct these fields:"),
        "required": _("%(field)s: required."),
        "future": _("%(field)s: must not be after today."),
        "before_visit": _("Follow-up date: must not be before the visit."),
        "violations_needed": _("Violations: describe the violations found."),
        "decision_needed": _("Decision number: a fine needs the number of its sanction decision."),
        "fine_number": _("Fine: a whole number of đồng, 0 or more."),
        "photo_too_large": _("Photo %(name)s: still larger than %(kb)s KB after compression."),
        "photo_not_image": _("Photo %(name)s: not an image."),
        "position_none": _("Position not available: %(reason)s"),
        "position": _("Position ±%(m)s m"),
        "conflict_note": _(
            "The establishment changed on the server after you downloaded it: the visit is kept; check it."
        ),
        "login_again": _("Your session has ended: log in again, then sync."),
        "nothing_to_sync": _("Nothing to send."),
        "sent": _("Sent %(count)s."),
        "team": _("Team"),
        "date": _("Date"),
        "time": _("Time"),
        "result": _("Result"),
        "correct": _("Correct"),
        "withdraw": _("Withdraw"),
        "withdraw_confirm": _("Withdraw this visit? It stays in the audit log."),
        "corrected": _("Corrected"),
        "withdrawn": _("Withdrawn"),
        "results": {value: str(label) for value, label in InspectionResult.choices},
    }


@require_GET
@permission_required_403("monitoring.view_establishment", "monitoring.view_inspection")
def field_app(request):
    return render(
        request,
        "frontend/field.html",
        {
            "results": InspectionResult.choices,
            "strings": _strings(),
            "photo_max_kb": settings.FIELD_PHOTO_MAX_KB,
            "api": {
                "communes": reverse("api:field-communes"),
                "package": reverse("api:field-package"),
                "visits": reverse("api:field-visits"),
            },
        },
    )


@require_GET
def field_manifest(request):
    """The web app manifest: installable, standalone, scope ``/field/``."""
    return JsonResponse(
        {
            "name": _("Field inspections"),
            "short_name": _("Inspections"),
            "start_url": reverse("frontend:field"),
            "scope": reverse("frontend:field"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1f5f8b",
            "lang": request.LANGUAGE_CODE,
            "icons": [
                {"src": static("frontend/field/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("frontend/field/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
    )


@never_cache
@require_GET
def field_service_worker(request):
    """The service worker: the shell (page and assets) cached at install, the page from
    the network when it answers, from the cache otherwise; ``/api/`` never cached."""
    shell = [reverse("frontend:field"), reverse("frontend:field_manifest"), *(static(a) for a in ASSETS)]
    script = render_to_string(
        "frontend/field_sw.js",
        {
            # A new asset (a new hashed name in production) is a new cache: the old one goes.
            "cache": json.dumps("field-" + hashlib.sha256(json.dumps(shell).encode()).hexdigest()[:12]),
            "shell": json.dumps(shell),
            "page": json.dumps(reverse("frontend:field")),
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("frontend:field")
    return response
