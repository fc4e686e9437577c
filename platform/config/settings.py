"""Settings for every environment; everything that differs comes from the environment.

| variable | default | meaning |
|---|---|---|
| DATABASE_URL | embedded PostgreSQL (pgserver) | postgres://user:pass@host:port/name |
| REDIS_URL | unset: tasks run in-process (eager) | Celery broker and result backend |
| ELASTICSEARCH_URL | unset: PostgreSQL full-text search | search engine |
| EMAIL_HOST (EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL, DEFAULT_FROM_EMAIL) | unset: emails printed (console), locmem under pytest | SMTP server of notification and password-reset emails |
| CPPCC_SITE_SCHEME, CPPCC_SITE_PORT | https in production, http otherwise; no port | how links in emails reach a committee's site |
| CPPCC_BASE_DOMAIN | localhost | tenant host names are <slug>.<base domain> |
| CPPCC_PAGE_CACHE_SECONDS | 120 with REDIS_URL, else 0 (off) | seconds a per-person page part (the to-do list) stays cached; any write in the committee makes it stale (operations.freshness) |
| DJANGO_ENV | production (test under pytest) | demo: `./dev` sets it for the demo and set-up |
| DJANGO_SECRET_KEY | refused in production | a development key only when DJANGO_ENV is demo or test |
| DJANGO_DEBUG | 0 | 1 only on a developer's machine: debug pages show the environment |
| DJANGO_ALLOWED_HOSTS | .localhost,localhost,127.0.0.1 | comma-separated |

Production is the default: a server started without settings is never in
debug, refuses to start without a secret key, and switches on the HTTPS
hardening at the end of this file. `DJANGO_ENV=demo` (and `test`, the default
while pytest runs: pytest sets PYTEST_VERSION) runs with DEBUG off as well, the
project's own error pages, plain HTTP on <slug>.localhost and a development key.
"""
from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.database import database_settings, database_url

REPO_ROOT = Path(__file__).resolve().parents[2]
PLATFORM_DIR = REPO_ROOT / "platform"


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


DJANGO_ENV = os.environ.get("DJANGO_ENV", "").strip().lower() or (
    "test" if "PYTEST_VERSION" in os.environ else "production")
if DJANGO_ENV not in ("production", "demo", "test"):
    raise RuntimeError(f"DJANGO_ENV must be production, demo or test, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_flag("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("DJANGO_SECRET_KEY must be set (the demo runs with DJANGO_ENV=demo)")
    SECRET_KEY = "development-only-secret-key-never-used-in-production-0123456789"

BASE_DOMAIN = os.environ.get("CPPCC_BASE_DOMAIN", "localhost")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "DJANGO_ALLOWED_HOSTS", f".{BASE_DOMAIN},{BASE_DOMAIN},127.0.0.1,testserver"
    ).split(",")
    if h.strip()
]

# --- tenancy (django-tenants): the schema is the tenant ---------------------
SHARED_APPS = [
    "django_tenants",
    "tenancy",
    "accounts",
    "accounts.signin",  # sessions with their network session, sign-in tickets
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "ui",
    "console",
    "operations",
    "notifications",
    "demo",
    "shared.programme_library",
    "shared.materials",
    "shared.benchmark",
    "shared.network",
    "shared.opinion_exchange",
    "search",
]
TENANT_APPS = [
    "tenants.history",
    "tenants.structure",
    "tenants.reminders",
    "tenants.workspace",
    "tenants.programmes",
    "tenants.golden_ideas",
    "tenants.proposals",
    "tenants.opinions",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenancy.Organisation"
TENANT_DOMAIN_MODEL = "tenancy.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
DEFAULT_NOT_FOUND_TENANT_VIEW = "ui.views.no_such_committee"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Set search_path once per connection and tenant switch, not before every query.
TENANT_LIMIT_SET_CALLS = True
DATABASES = {"default": database_settings(database_url())}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MIDDLEWARE = [
    "operations.middleware.HealthCheckMiddleware",
    "ui.middleware.ContentSecurityPolicyMiddleware",
    "tenancy.middleware.TenantMiddleware",  # django-tenants', host names case-insensitive
    "ui.middleware.RequestLimitsMiddleware",
    "operations.middleware.RequestContextMiddleware",
    "operations.freshness.WriteGenerationMiddleware",  # a write makes the committee's page caches stale
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.signin.middleware.PasswordChangeRequiredMiddleware",  # a temporary password first
    "roles.middleware.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ui.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Database sessions that carry their network session (ARCHITECTURE.md, "One sign-in for the network")
SESSION_ENGINE = "accounts.signin.sessions"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.signin.passwords.MinimumLengthValidator"},  # Django's, its message in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- language: Chinese first, English available -----------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [REPO_ROOT / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
# Dates as people write them: 2026年3月5日 in Chinese, 5 Mar 2026 in English (ui/formats/).
FORMAT_MODULE_PATH = ["ui.formats"]

# --- static files: vendor assets come from the npm registry at set-up --------
STATIC_URL = "/static/"
STATIC_ROOT = REPO_ROOT / ".var" / "static_root"
# `manage.py vendor_assets` installs them with npm and copies the files we serve here.
VENDOR_ASSETS_DIR = REPO_ROOT / ".var" / "vendor"
STATICFILES_DIRS = [("vendor", VENDOR_ASSETS_DIR)]
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("CPPCC_MEDIA_ROOT", REPO_ROOT / ".var" / "media"))
MEDIA_URL = "/media/"
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
# The demo and the tests serve static files from the apps' folders (no collectstatic
# step, never a stale copy); production serves the image's collectstatic output.
WHITENOISE_USE_FINDERS = DEBUG or not PRODUCTION

# Redis when there is one (shared by every web process: sign-in counters hold across
# workers), else per-process memory. A dead Redis answers at once (short socket
# timeouts) and its users degrade: the facet cache misses, the throttle counts in memory.
_CACHE_SERVER = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
     "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    if os.environ.get("REDIS_URL") else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
)
CACHES = {
    # Keys carry the tenant's schema.
    "default": {**_CACHE_SERVER, "KEY_FUNCTION": "django_tenants.cache.make_key",
                "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key"},
    # Keys the same on every host: the sign-in throttle's counters (accounts.throttle).
    "global": {**_CACHE_SERVER, "KEY_PREFIX": "global"},
}
# Per-person pages cached per committee write generation (operations.freshness): only
# where every process shares the cache (Redis), never under pytest unless a test asks.
CPPCC_PAGE_CACHE_SECONDS = int(os.environ.get(
    "CPPCC_PAGE_CACHE_SECONDS", "120" if os.environ.get("REDIS_URL") and DJANGO_ENV != "test" else "0"))
# The sign-in throttle (accounts.throttle): failures allowed per account and address,
# and per account across addresses, within the window, before a pause.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Networks of the proxies in front of the app, whose X-Forwarded-For is believed
# (accounts.client_address); none by default.
CPPCC_TRUSTED_PROXIES = [c.strip() for c in os.environ.get("CPPCC_TRUSTED_PROXIES", "").split(",") if c.strip()]
# Days an API token (accounts.ApiToken) works after it is made.
CPPCC_TOKEN_DAYS = int(os.environ.get("CPPCC_TOKEN_DAYS", "30"))
#: working API tokens one user may hold at once (accounts.services.api_token_create)
CPPCC_TOKEN_LIMIT = int(os.environ.get("CPPCC_TOKEN_LIMIT", "10"))

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # first: a bad, expired or revoked token is a 401 (accounts.authentication)
        "accounts.authentication.ApiTokenAuthentication",
        "accounts.authentication.SessionAuthentication",  # DRF's, refusing a temporary password
    ],
    "DEFAULT_PERMISSION_CLASSES": ["roles.api.HasCapability"],
    "DEFAULT_SCHEMA_CLASS": "ui.api.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "ui.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CPPCC network API",
    "DESCRIPTION": "政协工作平台 API: tenant endpoints answer on each committee's host, "
    "platform endpoints on the bare host.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "GoldenIdeaStageEnum": "tenants.golden_ideas.models.Stage",
        "MaterialVisibilityEnum": "shared.materials.models.Visibility",
        "ProposalStatusEnum": "tenants.proposals.models.Status",
        "ProposalOriginEnum": "tenants.proposals.models.Origin",
        "ProposalAssignmentRoleEnum": "tenants.proposals.models.AssignmentRole",
        "OpinionReportStatusEnum": "tenants.opinions.models.Status",
        "OpinionReportOriginEnum": "tenants.opinions.models.Origin",
    },
}

# --- Celery: a real broker when REDIS_URL is given, in-process otherwise ------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A dead broker must not hold a save: the web process sends after commit, and a send
# that fails leaves the work in an outbox that beat drains every minute. So no result
# is ever awaited (no result-store subscription per send, which retried for 19 s),
# a publish is tried once, and sockets give up within a second.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# max_retries: a sender's connection is tried once (the worker's reconnecting is
# broker_connection_retry's, unchanged)
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0, "socket_connect_timeout": 1, "socket_timeout": 5}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 0}}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "tenant_schemas_celery.scheduler:TenantAwarePersistentScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(REPO_ROOT / ".var" / "celerybeat-schedule")

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

# --- email (notifications, password reset): SMTP when EMAIL_HOST is set; else the
# console in the demo and production (printed, never lost silently), locmem under pytest
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.locmem.EmailBackend" if DJANGO_ENV == "test"
    else "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "政协工作平台 <noreply@localhost>")
# How links in emails reach a committee's site: <scheme>://<its domain>[:<port>]<path>
CPPCC_SITE_SCHEME = os.environ.get("CPPCC_SITE_SCHEME", "https" if PRODUCTION else "http")
CPPCC_SITE_PORT = os.environ.get("CPPCC_SITE_PORT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant": {"()": "operations.logformat.TenantFilter"}},
    "formatters": {
        "json": {"()": "operations.logformat.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s [%(tenant)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["tenant"],
            "formatter": os.environ.get("LOG_FORMAT", "json" if PRODUCTION and not DEBUG else "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- production hardening (the default); `manage.py check --deploy` passes -----
# Not in the demo or the tests: they answer plain HTTP on <slug>.localhost.
if PRODUCTION and not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

SITE_TITLE = _("政协工作平台")

# --- bounded extraction of uploaded files (documents.limits; deploy/README.md) --------
# Every upload is read in a child process under these limits. Measured
# (benchmarks/README.md): a 20 MB .docx of ordinary text is 49 MB of XML and
# 11 million characters (about 6 s of CPU, 350 MB); a 200-page text PDF about 5 s.
CPPCC_EXTRACT_MAX_SECONDS = float(os.environ.get("CPPCC_EXTRACT_MAX_SECONDS", "40"))  # wall and CPU, per file
CPPCC_EXTRACT_MAX_MEMORY_MB = int(os.environ.get("CPPCC_EXTRACT_MAX_MEMORY_MB", "1024"))  # added address space
CPPCC_EXTRACT_MAX_CHARS = int(os.environ.get("CPPCC_EXTRACT_MAX_CHARS", "20000000"))  # characters of text
CPPCC_EXTRACT_MAX_PAGES = int(os.environ.get("CPPCC_EXTRACT_MAX_PAGES", "1000"))  # pages of a PDF
CPPCC_EXTRACT_MAX_UNCOMPRESSED_MB = int(os.environ.get("CPPCC_EXTRACT_MAX_UNCOMPRESSED_MB", "100"))  # XML parsed
