"""Code-owned settings that read a handful of environment variables.

Every variable is checked at start: a missing or malformed value stops the process with a
message that names the variable and says what is expected, instead of failing later.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("GONGKAI_HOME", Path.cwd())).resolve()
VAR_DIR = PROJECT_DIR / "var"


def _fail(name: str, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"环境变量 {name} 配置有误：{problem}")


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise _fail(name, f"应为 true 或 false，实际为 {raw!r}")


def _env_int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _fail(name, f"应为整数，实际为 {raw!r}") from None
    if value < minimum:
        raise _fail(name, f"不得小于 {minimum}，实际为 {value}")
    return value


def _secret_key() -> str:
    raw = os.environ.get("GONGKAI_SECRET_KEY")
    if raw:
        if len(raw) < 50:
            raise _fail("GONGKAI_SECRET_KEY", "长度至少 50 个字符")
        return raw
    # Local use: generate once and keep it, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


_HOST_RE = re.compile(r"^(\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\]|\*)$")


def _allowed_hosts() -> list[str]:
    raw = os.environ.get("GONGKAI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
    hosts = [h.strip() for h in raw.split(",")]
    bad = [h for h in hosts if not _HOST_RE.match(h)]
    if not hosts or bad:
        raise _fail("GONGKAI_ALLOWED_HOSTS", f"应为逗号分隔的主机名，无法识别：{bad or raw!r}")
    return hosts


def _database() -> dict:
    raw = os.environ.get("GONGKAI_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
    if not raw.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise _fail(
            "GONGKAI_DATABASE_URL",
            f"只支持 sqlite:/// 或 postgresql:// 开头的地址，实际为 {raw.split(':')[0]!r}",
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise _fail("GONGKAI_DATABASE_URL", f"无法解析（{exc}）") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        # Tests use a file too, so concurrent writers meet the same locking as in production;
        # one per process, so two test runs on one machine never share it.
        config["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"gongkai-test-{os.getpid()}.sqlite3")}
        # WAL and IMMEDIATE transactions: readers never block the writer, and writers queue
        # instead of failing with "database is locked"; IMMEDIATE also serialises audit appends.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    elif not config.get("NAME"):
        raise _fail("GONGKAI_DATABASE_URL", "缺少数据库名")
    return config


DEBUG = _env_bool("GONGKAI_DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _allowed_hosts()
DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_q",
    "gongkai.core",
    "gongkai.orgs",
    "gongkai.audit",
    "gongkai.portal",
    "gongkai.publications",
    "gongkai.applications",
    "gongkai.appeals",
    "gongkai.credit",
    "gongkai.reports",
    "gongkai.service_items",
    "gongkai.complaints",
    "gongkai.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.audit.middleware.AuditContextMiddleware",
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    # Last: the public pages' cache (a hit skips only the view) and the large-text mode cookie.
    "gongkai.portal.cache.PortalMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"
AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "orgs:login"
LOGIN_REDIRECT_URL = "orgs:home"
LOGOUT_REDIRECT_URL = "orgs:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.orgs.context_processors.staff",
                "gongkai.portal.context_processors.portal",
            ],
        },
    },
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Background jobs: django-q2 with the ORM broker, so no extra server is needed on either database
# and a job enqueued inside a transaction is only visible once it commits. Use gongkai.core.jobs.
Q_CLUSTER = {
    "name": "gongkai",
    "orm": "default",
    "workers": _env_int("GONGKAI_JOB_WORKERS", 2, minimum=1),
    "timeout": 1800,
    "retry": 3600,
    "max_attempts": 3,
    "catch_up": False,
    "label": "后台任务",
}

# --- Authentication to 等保 level 2 (law.md, Security bar) ---------------------------------
GONGKAI_PASSWORD_MIN_LENGTH = _env_int("GONGKAI_PASSWORD_MIN_LENGTH", 12, minimum=8)
GONGKAI_LOCKOUT_THRESHOLD = 5
GONGKAI_LOCKOUT_DURATION = timedelta(minutes=_env_int("GONGKAI_LOCKOUT_MINUTES", 30, minimum=1))
GONGKAI_AUDIT_RETENTION_DAYS = _env_int("GONGKAI_AUDIT_RETENTION_DAYS", 365, minimum=180)
# Jobs queued (with the year) after a year's holiday schedule is saved: they recompute derived dates.
GONGKAI_CALENDAR_CHANGE_JOBS = ["gongkai.applications.jobs.recompute_after_calendar_change"]
# Uploads are type- and size-limited (等保; law.md, Security bar): attachments of published items.
GONGKAI_ATTACHMENT_MAX_MB = _env_int("GONGKAI_ATTACHMENT_MAX_MB", 20, minimum=1)
# Public pages are cached per URL (gongkai.portal.cache), invalidated by a version kept in the database,
# so any backend is correct with several workers. LocMemCache keeps one copy per process; with several
# app servers a shared backend (django.core.cache.backends.redis.RedisCache, or DatabaseCache) keeps one
# copy for all and also shares the rate-limit counters of the public forms. 0 turns the page cache off.
GONGKAI_PORTAL_CACHE_SECONDS = _env_int("GONGKAI_PORTAL_CACHE_SECONDS", 600, minimum=0)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gongkai",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# Several app servers: GONGKAI_CACHE=database shares one cache (and the rate-limit counters) through
# the database (table gongkai_cache, made by `gongkai createcachetable`; docs/deploy.md).
_CACHE = os.environ.get("GONGKAI_CACHE", "locmem").strip().lower() or "locmem"
if _CACHE == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gongkai_cache",
            "OPTIONS": {"MAX_ENTRIES": 50000},
        }
    }
elif _CACHE != "locmem":
    raise _fail("GONGKAI_CACHE", f"应为 locmem 或 database，实际为 {_CACHE!r}")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "gongkai.orgs.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": GONGKAI_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "gongkai.orgs.passwords.CharacterClassValidator"},
]
# Idle timeout: the session lives 30 minutes after the last request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Production hardening: on whenever DEBUG is off ------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # TLS ends at nginx (deploy/), which sets X-Forwarded-Proto and redirects plain HTTP.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # nginx already redirects plain HTTP; these turn on Django's own redirect and HSTS preload
    # (docs/deploy.md sets both). The health check stays reachable over loopback HTTP.
    SECURE_SSL_REDIRECT = _env_bool("GONGKAI_SSL_REDIRECT", False)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_PRELOAD = _env_bool("GONGKAI_HSTS_PRELOAD", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # PDF rendering narrates every step at INFO; only its warnings belong in the service log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
