"""Settings for the monitoring map, read from the environment.

Every variable is documented in ``.env.example``. The defaults suit one person running
the app on their own machine against the project-local PostGIS cluster in ``var/``;
production sets ``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config import native_libraries

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# GeoDjango: current GDAL/GEOS from the wheels unless the operator names others.
native_libraries.configure_environment()
GDAL_LIBRARY_PATH = os.environ.get("GDAL_LIBRARY_PATH") or native_libraries.bundled_library(
    package="pyogrio", prefix="libgdal"
)
GEOS_LIBRARY_PATH = os.environ.get("GEOS_LIBRARY_PATH") or native_libraries.bundled_library(
    package="shapely", prefix="libgeos_c"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "geo",
    "monitoring",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages, JSON and GeoJSON compressed for clients that accept it (static files are
    # precompressed by whitenoise); Django masks CSRF tokens and pads against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "frontend.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "frontend.security_headers.SecurityHeadersMiddleware",
    "frontend.uploads.RequestSizeLimitMiddleware",
    # A NUL anywhere in the query or the form is a 400 before any view (issue 21).
    "frontend.request_text.NulByteMiddleware",
    "core.timeouts.StatementTimeoutMiddleware",
    # An AppError leaving a page view becomes its message with its status (never a 500).
    "frontend.errors.AppErrorMiddleware",
    "monitoring.audit.middleware.AuditContextMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.public_view",
                "frontend.context_processors.password_reset",
                "frontend.context_processors.demo_accounts",
                "frontend.navigation.navigation",
            ],
        },
    },
]


def local_database() -> dict:
    """The project-local cluster started by ``./dev``: a Unix socket under ``var/``."""
    return {
        "ENGINE": "django.contrib.gis.db.backends.postgis",
        "NAME": os.environ.get("LOCAL_PG_DATABASE", "monitor"),
        "USER": os.environ.get("LOCAL_PG_USER", "monitor"),
        "HOST": str(BASE_DIR / "var" / "pg" / "run"),
        "PORT": "",
    }


if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            engine="django.contrib.gis.db.backends.postgis",
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {"default": local_database()}

# PostgreSQL's JIT costs ~90 ms of compilation on the area queries and saves nothing at
# this size; PG_OPTIONS sets any other per-connection option (libpq "options").
DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get("PG_OPTIONS", "-c jit=off")

# Reads on a streaming replica (docs/scaling.md): DATABASE_REPLICA_URL names it; writes
# and reads inside a transaction stay on the primary (config/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        engine="config.replica_backend",  # PostGIS; the primary when the replica is down
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = {
        "options": DATABASES["default"]["OPTIONS"]["options"],
        "connect_timeout": 1,  # a replica that does not answer costs a request 1 s at most
    }
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
    # A request that wrote reads its writes: the primary for the rest of it and, by a
    # cookie, for the browser's next REPLICA_STICKY_SECONDS (config/replica_state.py).
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
                      "config.replica_state.ReadYourWritesMiddleware")  # fmt: skip
    REPLICA_STICKY_SECONDS = env_int("REPLICA_STICKY_SECONDS", 5)
    REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 2)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses a locked-out username + address before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# REST API (/api/) and OGC API (/ogc/): token first so an anonymous request gets a 401
# with WWW-Authenticate; see docs/api.md.
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "monitoring.api.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "monitoring.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Drug and social-evils monitoring API",
    "DESCRIPTION": "Administrative units, places, indicators and aggregated case counts, limited to "
    "the requesting account's areas. OGC API – Features at /ogc/, vector tiles at /tiles/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Security: production-safe whenever DEBUG is off; HTTPS settings can be relaxed only
# explicitly (e.g. behind a TLS-terminating proxy that is not yet configured).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)  # one working day
# The CSRF cookie stays readable by scripts (the map pages post JSON with it); as Django's
# documentation says, HttpOnly on it would add no protection.
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy and Permissions-Policy: frontend.security_headers. Inline scripts
# run only with the request's nonce; styles keep 'unsafe-inline' (folium, Leaflet); every
# other source is the app itself ('self'), plus the basemap tile server if one is set.

# Login rate limiting (django-axes): 5 failures for one username from one address lock
# that pair out for 15 minutes; the lockout page says so in Vietnamese (HTTP 429).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "frontend.access.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "monitoring.audit.middleware.client_ip"
AXES_VERBOSE = False
# HTTP Basic (/ogc/, /tiles/): credentials that verified are remembered this many
# seconds under a keyed hash, so QGIS and GDAL do not pay a password hash per request
# (monitoring.api.authentication); 0 checks the hash every time.
BASIC_AUTH_CACHE_SECONDS = env_int("BASIC_AUTH_CACHE_SECONDS", 300)
# An API token is refused this many days after it was made (monitoring.api.tokens); a
# password change deletes the user's tokens.
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 30)

# Mail, for password reset: offered only when EMAIL_HOST is set or EMAIL_BACKEND names the
# console or file backend explicitly (frontend.password_reset.mail_configured).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Request and upload size: a request body above MAX_UPLOAD_MB is refused (413) before it
# is read; import pages check each file with frontend.uploads.upload_check.
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 50)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # non-file bodies (forms, JSON posts)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger files go to a temporary file
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# Bounded imports (docs/security.md): a counts or places file of more rows is refused as
# soon as they are read; a refused file lists its first IMPORT_MAX_PROBLEMS problems and
# counts the rest. Boundary files: features of more vertices are refused before any
# query; a zip whose members declare more bytes, or compress more than
# ZIP_MAX_RATIO : 1, is refused before anything is unpacked.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)  # a national month is 10,600 communes
IMPORT_MAX_PROBLEMS = env_int("IMPORT_MAX_PROBLEMS", 200)
BOUNDARY_MAX_VERTICES = env_int("BOUNDARY_MAX_VERTICES", 200000)  # per feature
BOUNDARY_ZIP_MAX_MB = env_int("BOUNDARY_ZIP_MAX_MB", 1024)  # unpacked, all members
ZIP_MAX_RATIO = env_int("ZIP_MAX_RATIO", 100)
# Uploads imported at once (the others are told to try again, 503) and the time one SQL
# statement may take: in a request, and in an import step (a boundary or counts write).
UPLOADS_AT_ONCE = env_int("UPLOADS_AT_ONCE", 2)
STATEMENT_TIMEOUT_MS = env_int("STATEMENT_TIMEOUT_MS", 30000)
IMPORT_STATEMENT_TIMEOUT_MS = env_int("IMPORT_STATEMENT_TIMEOUT_MS", 120000)

# Product settings (see docs/geometry.md for the border rule).
BORDER_TOLERANCE_M = env_int("BORDER_TOLERANCE_M", 100)
BORDER_MIN_SHARED_M = env_int("BORDER_MIN_SHARED_M", 500)
BASEMAP_TILE_URL = os.environ.get("BASEMAP_TILE_URL", "")
BASEMAP_ATTRIBUTION = os.environ.get("BASEMAP_ATTRIBUTION", "")

# E-mail (alerts to the leaders of their areas, monitoring.alerts.mail): sent only when
# EMAIL_HOST is set; empty (the default) sends nothing.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "monitoring@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # pyogrio logs every GeoPackage batch ("Created 5,000 records") at INFO.
    "loggers": {"pyogrio": {"level": "WARNING"}},
}
# Inspection coverage target (share of prone establishments inspected in 12 months) and
# the distance below which karaoke bars and discotheques are flagged near sensitive sites.
INSPECTION_TARGET_SHARE = float(os.environ.get("INSPECTION_TARGET_SHARE", "0.6"))
SENSITIVE_SITE_DISTANCE_M = env_int("SENSITIVE_SITE_DISTANCE_M", 200)

# Small-count protection (monitoring.disclosure): sensitive values from 1 to this minus one
# are shown as "<5" to users without monitoring.view_exact_counts and in public outputs.
SMALL_COUNT_THRESHOLD = env_int("SMALL_COUNT_THRESHOLD", 5)

# Months after the current one that may already hold figures (grid, imports, REST API);
# 0: none, a figure for next month is refused with the bound in the message.
OPEN_FUTURE_PERIODS = env_int("OPEN_FUTURE_PERIODS", 0)
# Dates typed before this one (visits, decisions) are refused as implausible.
EARLIEST_RECORD_DATE = os.environ.get("EARLIEST_RECORD_DATE", "2000-01-01")

# A period is complete for an area when at least this percent of its communes reported
# (monitoring.figures.completeness); incomplete figures are labelled with their share.
REPORTING_COMPLETE_PERCENT = env_int("REPORTING_COMPLETE_PERCENT", 100)
if not 0 < REPORTING_COMPLETE_PERCENT <= 100:
    raise ImproperlyConfigured("REPORTING_COMPLETE_PERCENT must be between 1 and 100 (default 100).")

# Field app photos (docs/field.md): stored under MEDIA_ROOT, never served as static files
# (monitoring.api.field views check the user's area); each at most FIELD_PHOTO_MAX_KB
# after the phone compressed it, and at most FIELD_PHOTO_MAX_PIXELS wide or high.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
FIELD_PHOTO_MAX_KB = env_int("FIELD_PHOTO_MAX_KB", 1024)
FIELD_PHOTO_MAX_PIXELS = env_int("FIELD_PHOTO_MAX_PIXELS", 4096)
