"""Settings for bangfu, read from the environment only.

Every value that differs between a laptop and production comes from an environment
variable (see docs/OPERATIONS.md). Defaults are for development: SQLite under var/,
DEBUG on. With DEBUG=0 the settings are production-grade and SECRET_KEY is required.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("BANGFU_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", True)
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 bangfu needs the environment variable "
            "SECRET_KEY (a long random string, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "bangfu.core",
    "bangfu.accounts",
    "bangfu.places",
    "bangfu.helpers",
    "bangfu.registry",
    "bangfu.pairing",
    "bangfu.assistance",
    "bangfu.dataio",
    "bangfu.training",
    "bangfu.institute",
    "bangfu.monitoring",
    "bangfu.reporting",
    "bangfu.groups",
    "bangfu.visits",
    "bangfu.support",
    "bangfu.evaluation",
    "bangfu.oversight",
    "bangfu.field",
    "bangfu.dashboard",
    "bangfu.demo",  # last: the demo commands; no app imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "bangfu.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "bangfu.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "bangfu.accounts.middleware.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bangfu.core.replica.ReplicaPinMiddleware",
    "bangfu.accounts.middleware.SessionLifetimeMiddleware",
    "bangfu.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bangfu.core.middleware.NoStoreMiddleware",
    "bangfu.places.middleware.ScopeParamsMiddleware",
]

ROOT_URLCONF = "bangfu.urls"
WSGI_APPLICATION = "bangfu.wsgi.application"
ASGI_APPLICATION = "bangfu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bangfu.dashboard.navigation.navigation",
            ],
        },
    },
]
# Django's form renderer with selects written without a template include per option
FORM_RENDERER = "bangfu.core.forms.FormRenderer"

# Database: SQLite file under var/ by default (WAL mode), PostgreSQL via DATABASE_URL.
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'bangfu.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_SQLITE,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_SQLITE_NAME") or None}
else:
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
# Figures kept until the data changes (bangfu.core.caching: keyed by the audit trail's newest
# row), at most FIGURES_CACHE_SECONDS (0: computed on every request). The cache is each
# process's own memory: a worker computes a state's figures once.
FIGURES_CACHE_SECONDS = env_int("FIGURES_CACHE_SECONDS", 300)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bangfu",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# Reads for reports and the dashboard on a PostgreSQL streaming replica (bangfu.core.replica;
# docs/OPERATIONS.md "National layout"): a user who wrote in the last REPLICA_PIN_SECONDS
# reads from the primary.
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 30)
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["bangfu.core.replica.ReplicaRouter"]
# Denied requests are written to the audit trail on a connection of their own (SECURITY.md
# §10), after the request's own transaction has ended, so that a rolled-back request still
# leaves its denial row. The same database; opened only when a denial needs it. Tests run
# without it: the test's transaction is the one connection that sees the test's rows.
if not TESTING:
    DATABASES["audit"] = {
        **{k: v for k, v in DATABASES["default"].items() if k != "TEST"},
        "CONN_MAX_AGE": 0,
        "TEST": {"MIRROR": "default"},
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["bangfu.accounts.backends.ActiveAccountBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 12)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "bangfu.accounts.validators.CharacterClassValidator"},
    {"NAME": "bangfu.accounts.validators.NotUsernameValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login security (SECURITY.md §2-3): 5 failures within 15 minutes from one username at one
# address lock that pair for 30 minutes; sessions idle out after 30 minutes and end 12 hours
# after login whatever happens.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = timedelta(minutes=env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15))
LOGIN_LOCKOUT_DURATION = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
# Password spraying: this many failures from one address within the window, whatever the
# usernames, pause every sign-in from that address for LOGIN_LOCKOUT_MINUTES.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
# Second factor (TOTP, django-otp): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "bangfu 科企帮万村")
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 12))
# The idle stamp is written at most once a minute (accounts.middleware), and the session is
# saved only when something in it changed: a page view within the minute writes nothing. The
# stored session outlives the idle limit by that minute, so the middleware, not the row's
# expiry, decides when an idle session ends.
SESSION_STAMP_SECONDS = 60
SESSION_COOKIE_AGE = int(SESSION_IDLE_TIMEOUT.total_seconds()) + SESSION_STAMP_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
ACCOUNT_IDLE_DISABLE_DAYS = env_int("ACCOUNT_IDLE_DISABLE_DAYS", 90)

# Internationalisation: Chinese by default, English switchable.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# E-mail (Django 6.1 MAILERS): SMTP to EMAIL_HOST when set; otherwise the console in
# development and the local mail transfer agent (localhost:25) in production.
_email_host = os.environ.get("EMAIL_HOST", "" if DEBUG else "localhost")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587 if os.environ.get("EMAIL_HOST") else 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", bool(os.environ.get("EMAIL_HOST"))),
            },
        }
        if _email_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "bangfu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the system is reached from outside: links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Security headers, on every page (SECURITY.md §5).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Proxy headers are trusted only when proxies in front are declared: X-Forwarded-For gives
# the client's address (core.middleware.client_address) and X-Forwarded-Proto whether the
# request came over HTTPS. Without a proxy anyone could send them: a forged "https" would
# defeat SECURE_SSL_REDIRECT, a forged address the lockouts.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bangfu.accounts.permissions.IsActiveBusinessUser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "bangfu.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "bangfu API",
    "DESCRIPTION": "科企帮万村 pairing-assistance management system",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["bangfu.accounts.permissions.IsAuthenticatedAccount"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bangfu.core.api.document_error_responses",
    ],
    # choice sets whose field names collide across apps get names of their own
    "ENUM_NAME_OVERRIDES": {
        "MonitoringGroupEnum": "bangfu.monitoring.models.MonitoringGroup",
        "MonitoringCaseSourceEnum": "bangfu.monitoring.models.CaseSource",
        "MonitoringCaseStateEnum": "bangfu.monitoring.models.CaseState",
        "MonitoringStepEnum": "bangfu.monitoring.models.Step",
        "ChecklistItemGroupEnum": "bangfu.evaluation.models.ItemGroup",
        "FollowUpSourceEnum": "bangfu.visits.models.FollowUp.Source",
        "FollowUpStateEnum": "bangfu.visits.models.FollowUp.State",
        "ScoreSheetStateEnum": "bangfu.evaluation.models.ScoreSheet.State",
        "NoticeKindEnum": "bangfu.evaluation.models.Notice.Kind",
        "SubmissionStateEnum": "bangfu.reporting.models.State",
        "RigidExpenseKindEnum": "bangfu.registry.models.RigidExpense.Kind",
        "TaxBenefitKindEnum": "bangfu.support.models.BenefitKind",
        "PlanStepStateEnum": "bangfu.reporting.steps.StepState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bangfu.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Audit trail (SECURITY.md §10-12): rows are chained by HMAC-SHA256 with AUDIT_MAC_KEY (read
# in bangfu.accounts.audit_chain, from the environment only); signed checkpoints of the chain's head
# are written under AUDIT_CHECKPOINT_DIR; rows are kept at least AUDIT_RETENTION_DAYS (the
# Cybersecurity Law's six months: a system check refuses less than 183).
AUDIT_CHECKPOINT_DIR = Path(os.environ.get("AUDIT_CHECKPOINT_DIR") or VAR_DIR / "audit")
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 183)

# Imports (SECURITY.md §16): uploads larger than this are refused before they are opened.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 40) * 1024 * 1024
# Evidence files (signed agreements, photos, receipts): PDF or image, at most this size.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# LibreOffice for .docx → PDF; absent: the agreement is offered as .docx only.
SOFFICE_PATH = os.environ.get("SOFFICE_PATH", "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work (big imports): Django's tasks framework with the database backend and its
# worker (`bangfu db_worker`); tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}
