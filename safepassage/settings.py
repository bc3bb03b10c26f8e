"""Django settings, read from the environment (see README, "Configuration").

Profiles (``SAFEPASSAGE_ENV``): ``development`` (default), ``demo`` (a labelled demo key in
the data folder is allowed), ``test`` and ``production`` (every secret must be supplied,
HTTPS hardening on, ``check --deploy`` clean).
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django.conf.locale
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from safepassage.conf import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent

SAFEPASSAGE_ENV = env_str("SAFEPASSAGE_ENV", "development")
if SAFEPASSAGE_ENV not in {"development", "demo", "test", "production"}:
    raise ImproperlyConfigured(
        f"SAFEPASSAGE_ENV must be development, demo, test or production, not {SAFEPASSAGE_ENV!r}."
    )
PRODUCTION = SAFEPASSAGE_ENV == "production"

DATA_DIR = Path(env_str("SAFEPASSAGE_DATA_DIR", "data")).expanduser().resolve()

DEBUG = env_bool("SAFEPASSAGE_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SAFEPASSAGE_DEBUG cannot be on in production.")

# The Django secret signs sessions and CSRF tokens. It is not a data key: the vault's keys
# never come from here.
_secret = env_secret("SAFEPASSAGE_SECRET_KEY")
_secret_file = DATA_DIR / "django-secret"
if not _secret and _secret_file.exists():
    _secret = _secret_file.read_text(encoding="utf-8").strip()
if not _secret:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Production needs SAFEPASSAGE_SECRET_KEY or SAFEPASSAGE_SECRET_KEY_FILE "
            "(run `safepassage init` or generate one with at least 50 random characters)."
        )
    _secret = get_random_secret_key()
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("SAFEPASSAGE_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("SAFEPASSAGE_CSRF_TRUSTED_ORIGINS", [])

# Vault: where the wrapped keys live, and what unwraps them (see vault/keyring.py).
VAULT_KEY_FILE = env_str("SAFEPASSAGE_KEY_FILE") or None
VAULT_PASSPHRASE = env_secret("SAFEPASSAGE_PASSPHRASE")
VAULT_KEYRING_PATH = DATA_DIR / "keyring.json"
VAULT_DEMO_KEY_PATH = DATA_DIR / "DEMO-KEY-NOT-SECURE.key"
VAULT_ALLOW_DEMO_KEY = SAFEPASSAGE_ENV in {"demo", "development", "test"}
VAULT_ARGON2_MEMORY_KIB = env_int("SAFEPASSAGE_ARGON2_MEMORY_KIB", 65536)
VAULT_ARGON2_TIME_COST = env_int("SAFEPASSAGE_ARGON2_TIME_COST", 3)

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_otp",
    "django_tasks",
    "django_tasks_db",
    "safepassage.vault",
    "safepassage.audit",
    "safepassage.accounts",
    "safepassage.tracing",
    "safepassage.intel",
    "safepassage.verification",
    "safepassage.operations",
    "safepassage.aftercare",
    "safepassage.reports",
    "safepassage.api",
    "safepassage.instance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safepassage.audit.middleware.RequestIdMiddleware",
    "safepassage.accounts.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safepassage.accounts.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "safepassage.accounts.middleware.AccessPolicyMiddleware",
    "safepassage.accounts.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "safepassage.urls"
WSGI_APPLICATION = "safepassage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% load translations %}: Django's i18n tags, each constant translation
            # rendered once a language (templates load it instead of i18n).
            "libraries": {"translations": "safepassage.i18ntags"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safepassage.accounts.context_processors.navigation",
                "safepassage.searches.context",
            ],
        },
    },
]

# Plain widgets (inputs, text areas, selects) written in Python: the same HTML as Django's
# widget templates (tests/test_formrender.py), without a template render per <option>.
FORM_RENDERER = "safepassage.formrender.FastWidgetRenderer"

_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "safepassage.sqlite3"),
            # Keep each thread's connection (as for PostgreSQL below): opening one runs the
            # PRAGMAs again, which cost more than most requests' queries.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE takes the
                # write lock at BEGIN so two writers queue instead of failing mid-transaction.
                # secure_delete zeroes what a delete or update frees, whatever the build's
                # default: a value removed (a key shredded, a row deleted) is not left in a
                # free page of the file.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; "
                    "PRAGMA secure_delete=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            "TEST": {"NAME": env_str("SAFEPASSAGE_TEST_SQLITE", "") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["safepassage.accounts.backends.ThrottledModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"

# Sessions are short: 15 minutes idle ends them. Activity renews a session, at most once a
# minute (accounts.middleware.SessionRenewalMiddleware), so it may end up to a minute early.
SESSION_ENGINE = "safepassage.accounts.signedin"
SESSION_COOKIE_AGE = env_int("SAFEPASSAGE_SESSION_IDLE_SECONDS", 15 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True

LOGIN_THROTTLE_FAILURES = env_int("SAFEPASSAGE_LOGIN_THROTTLE_FAILURES", 5)
LOGIN_THROTTLE_SECONDS = env_int("SAFEPASSAGE_LOGIN_THROTTLE_SECONDS", 15 * 60)

OTP_TOTP_ISSUER = "Safe Passage"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ar", "العربية"),
    ("ckb", "کوردی (سۆرانی)"),
    ("kmr", "Kurdî (Kurmancî)"),
]
# Django knows Sorani (ckb) but not Kurmanji (kmr, Latin script, left-to-right).
django.conf.locale.LANG_INFO.setdefault(
    "kmr", {"bidi": False, "code": "kmr", "name": "Kurmanji Kurdish", "name_local": "Kurdî"}
)
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Strict"
TIME_ZONE = env_str("SAFEPASSAGE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "safepassage.vault.storage.EncryptedFileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads stay in memory: a larger file is dropped rather than written, unencrypted, to a
# temporary file on disk.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "safepassage.api.authentication.ApiTokenAuthentication",
        "safepassage.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["safepassage.api.permissions.DenyByDefault"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["safepassage.api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_RATES": {"anon": "30/minute"},
    "EXCEPTION_HANDLER": "safepassage.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safe Passage API",
    "DESCRIPTION": "The same operations and permissions as the web pages.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["safepassage.api.permissions.IsVerifiedUser"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Aftercare's choice sets share field names ("kind", "status") with other apps' sets.
    "ENUM_NAME_OVERRIDES": {
        "ReferralKindEnum": "safepassage.aftercare.models.ReferralKind",
        "ReferralStatusEnum": "safepassage.aftercare.models.ReferralStatus",
        "EventKindEnum": "safepassage.aftercare.models.EventKind",
        "NotifyChannelEnum": "safepassage.aftercare.models.NotifyChannel",
        "ConsentPurposeEnum": "safepassage.aftercare.models.ConsentPurpose",
        "FamilyStageEnum": "safepassage.aftercare.models.FamilyStage",
    },
}
API_TOKEN_DEFAULT_DAYS = env_int("SAFEPASSAGE_API_TOKEN_DAYS", 30)

# A phone number written in the national form (0750 123 4567) is a number of this country, so
# it is found again when written +964 750 123 4567 (vault.crypto.normalise_phone).
PHONE_COUNTRY_CODE = env_str("SAFEPASSAGE_PHONE_COUNTRY_CODE", "964").strip()
if not (PHONE_COUNTRY_CODE.isascii() and PHONE_COUNTRY_CODE.isdigit()) or not (
    1 <= len(PHONE_COUNTRY_CODE) <= 3 and not PHONE_COUNTRY_CODE.startswith("0")
):
    raise ImproperlyConfigured(
        "SAFEPASSAGE_PHONE_COUNTRY_CODE must be a country calling code of 1 to 3 digits "
        f"(964 for Iraq), not {PHONE_COUNTRY_CODE!r}."
    )

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if SAFEPASSAGE_ENV != "test"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}

EMAIL_BACKEND = env_str(
    "SAFEPASSAGE_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("SAFEPASSAGE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SAFEPASSAGE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SAFEPASSAGE_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("SAFEPASSAGE_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("SAFEPASSAGE_EMAIL_TLS", PRODUCTION)
DEFAULT_FROM_EMAIL = env_str("SAFEPASSAGE_EMAIL_FROM", "safepassage@localhost")

SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin", not "no-referrer": Chromium then sends "Origin: null" on form posts,
# which the CSRF check rightly refuses. Nothing leaks to other sites either way.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SAFEPASSAGE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SAFEPASSAGE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Logs carry event names, classes and request ids, never values (see docs/security.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            # A traceback names each exception by its class: its message may quote a value.
            "class": "safepassage.logformat.FaultsByClass",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("SAFEPASSAGE_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints request bodies on errors in some setups; keep it terse.
        "django.request": {"level": "ERROR", "propagate": True},
    },
}
