"""Vietnamese first: the interface language is Vietnamese unless the user picked another
one with the language switcher (stored in the language cookie). On pages the browser's
Accept-Language header is not consulted, so a shared office PC set to English still
shows Vietnamese.

The machine channels (REST API, OGC API, tiles) honour ``Accept-Language`` when it names
a language of the site: a script or a GIS client says which language it wants on each
request and has no language switcher. Without it (or with ``*`` or a language the site
does not have) they answer as pages do: the cookie's language, else Vietnamese."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

__all__ = ["MACHINE_PREFIXES", "VietnameseFirstLocaleMiddleware", "accept_language"]

MACHINE_PREFIXES = ("/api/", "/ogc", "/tiles/")


def accept_language(header: str) -> str | None:
    """The first language of the site in an ``Accept-Language`` header, by preference
    (``en-US,en;q=0.9`` → ``en``), or None."""
    supported = {code for code, _ in settings.LANGUAGES}
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base in supported:
            return base
    return None


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        supported = {code for code, _ in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        if request.path_info.startswith(MACHINE_PREFIXES):
            language = accept_language(request.headers.get("Accept-Language", "")) or language
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
