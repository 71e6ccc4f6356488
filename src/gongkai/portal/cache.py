"""Per-page cache of the public portal, invalidated by a version bump when anything published changes.

Anonymous GETs of the portal's pages are kept in Django's cache framework, keyed by the version,
the day, the large-text mode, the host and the full URL. The version is a row in the database
(`CacheVersion`), read once per cacheable request, so a bump is seen at once by every worker and
every app server, whatever the backend: LocMemCache (the default) keeps a copy per process, a
shared backend (`GONGKAI_CACHE=database`, docs/deploy.md; or Redis, Memcached) one copy for all.
Old entries are never deleted: they are simply no longer asked for and age out.

Who bumps:
- actions call `changed()` (it bumps in `transaction.on_commit`, so a change that rolls back does
  not invalidate, and no page rendered from the old data can be stored under the new version);
- every audited action whose name is in `PUBLIC_AUDIT_ACTIONS` bumps the same way, through a signal
  on the audit trail (every state change is audited in its own transaction, ARCHITECTURE.md): that
  covers publications, 双公示, the annual reports and agency settings without those apps knowing
  about the cache.

Which pages: the views named in `CACHED_VIEWS` (lists, item pages, the standard columns, the
homes). Never forms (they carry CSRF tokens), tracking pages, downloads, searches (their keys are
unbounded), or any request with a session or messages cookie (staff, a member of the public who is
tracking a case). A response that sets a cookie is never stored. The day is part of the key because
some content depends on the date (a 双公示 record's period ends at midnight).
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SCOPE = "public"
HEADER = "X-Portal-Cache"
DEFAULT_SECONDS = 600

# Views whose anonymous GET responses are cached (namespace:name).
CACHED_VIEWS = frozenset(
    {
        "portal:zone_home",
        "portal:agency_home",
        "portal:guide",
        "portal:column",
        "catalog:statutory",
        "catalog:rules",
        "catalog:agency_list",
        "catalog:all_list",
        "catalog:register",
        "catalog:all_register",
        "catalog:item",
        "sgs:search",
        "sgs:agency",
        "sgs:record",
        "services:all",
        "services:agency",
        "services:item",
        "supervision:zone",
        "supervision:agency",
        "annual:column",
        "annual:report",
    }
)
# Of those, views that are a search when given `q`: cached only without it.
SEARCH_PARAM_VIEWS = frozenset({"sgs:search", "sgs:agency", "services:all", "services:agency"})

# Audited actions that change what the public sees (exact names, or prefixes ending in ".").
PUBLIC_AUDIT_ACTIONS = (
    "orgs.create_agency",
    "orgs.update_agency",
    "publications.publish",
    "publications.withdraw",
    "publications.set_validity",
    "publications.save_topic",
    "publications.import",
    "credit.import",
    "credit.withdraw",
    "credit.repair",
    "credit.expire",
    "credit.set_name_mask",
    "reports.",
)


def seconds() -> int:
    """How long a page is kept (0 turns the cache off): `GONGKAI_PORTAL_CACHE_SECONDS`."""
    return int(getattr(settings, "GONGKAI_PORTAL_CACHE_SECONDS", DEFAULT_SECONDS))


_SQL = "SELECT value FROM portal_cacheversion WHERE key = %s"
_local = threading.local()


def version() -> int | None:
    """The current version, or None while there is none (then nothing is cached).

    One indexed read per cacheable request, so it must cost next to nothing. On SQLite, opening a
    connection costs more than a cached page (SQLite reads the whole schema first), and Django's
    connection is opened and closed per request there: outside a transaction the version is read
    through a long-lived connection of this thread instead (autocommit, so every read sees the
    latest commit). Inside a transaction (tests, or a caller that changed something) it is read
    through Django's connection, which sees that transaction's own changes."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        found = _sqlite_version(connection.settings_dict["NAME"])
        if found is not False:
            return found
    with connection.cursor() as cursor:
        cursor.execute(_SQL, [SCOPE])
        row = cursor.fetchone()
    return row[0] if row else None


def _sqlite_version(name: str) -> int | bool | None:
    """The version through this thread's own SQLite connection; False when it cannot be used."""
    if not name or str(name).startswith(":memory:") or "mode=memory" in str(name):
        return False
    reader = getattr(_local, "reader", None)
    try:
        if reader is None or reader[0] != name:
            if reader is not None:
                reader[1].close()
            reader = (
                name,
                sqlite3.connect(str(name), timeout=20, isolation_level=None, check_same_thread=False),
            )
            _local.reader = reader
        # fetchall steps the statement to its end, so no read transaction (snapshot) stays open.
        rows = reader[1].execute(_SQL.replace("%s", "?"), (SCOPE,)).fetchall()
    except sqlite3.Error:
        _local.reader = None
        return False
    return rows[0][0] if rows else None


def bump() -> None:
    """Move to a new version now (in its own autocommit statement when called outside a transaction).

    The row is created by the first bump, at a random value: a database restored, flushed or rolled
    back (as between tests) and then changed again never reuses a version an old page was kept
    under. Until the first change there is no row and nothing is cached (`gongkai portal-cache bump`
    starts the cache by hand, e.g. after a restore)."""
    from .models import CacheVersion

    if CacheVersion.objects.filter(key=SCOPE).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            CacheVersion.objects.create(key=SCOPE, value=secrets.randbelow(2**62) + 1)
    except IntegrityError:  # created meanwhile by another process
        CacheVersion.objects.filter(key=SCOPE).update(value=F("value") + 1)


def changed() -> None:
    """Something the public sees changed: bump the version once the surrounding transaction commits."""
    transaction.on_commit(bump)


def _on_audit_event(sender, instance, created: bool, **kwargs) -> None:
    if created and affects_public(instance.action):
        changed()


def affects_public(action: str) -> bool:
    return any(action == a or (a.endswith(".") and action.startswith(a)) for a in PUBLIC_AUDIT_ACTIONS)


def connect_audit_signal() -> None:
    from gongkai.audit.models import AuditEvent

    post_save.connect(_on_audit_event, sender=AuditEvent, dispatch_uid="portal.cache.audit")


# --- Large-text mode (适老化) ------------------------------------------------------------------------

A11Y_COOKIE = "gk_a11y"
A11Y_PARAM = "a11y"
A11Y_LARGE = "large"
A11Y_STANDARD = "standard"
A11Y_COOKIE_AGE = 365 * 24 * 3600


def a11y_mode(request: HttpRequest) -> str:
    """`?a11y=large|standard` on this request, else the cookie it set earlier."""
    asked = request.GET.get(A11Y_PARAM)
    if asked in (A11Y_LARGE, A11Y_STANDARD):
        return asked
    return A11Y_LARGE if request.COOKIES.get(A11Y_COOKIE) == A11Y_LARGE else A11Y_STANDARD


# --- The middleware ------------------------------------------------------------------------------


def _eligible(request: HttpRequest, view_name: str) -> bool:
    if request.method != "GET" or view_name not in CACHED_VIEWS or seconds() <= 0:
        return False
    if A11Y_PARAM in request.GET:
        return False  # this response sets the mode cookie
    if view_name in SEARCH_PARAM_VIEWS and request.GET.get("q"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _key(request: HttpRequest, current: int) -> str:
    url = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40]
    return f"gk:page:{current}:{timezone.localdate().isoformat()}:{a11y_mode(request)}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page used a CSRF token: it belongs to one visitor
    control = response.headers.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control and "no-cache" not in control


class PortalMiddleware:
    """The page cache, and the large-text mode's cookie. Place it last: a hit skips only the view,
    so the security headers are still added to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_portal_cache_key", None)
        if key and _storable(request, response):
            entry = (response.content, response.headers.get("Content-Type", "text/html; charset=utf-8"))
            cache.set(key, entry, seconds())
            response.headers[HEADER] = "miss"
        asked = request.GET.get(A11Y_PARAM)
        if asked == A11Y_LARGE:
            response.set_cookie(
                A11Y_COOKIE, A11Y_LARGE, max_age=A11Y_COOKIE_AGE, samesite="Lax", httponly=True
            )
        elif asked == A11Y_STANDARD and A11Y_COOKIE in request.COOKIES:
            response.delete_cookie(A11Y_COOKIE, samesite="Lax")
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not _eligible(request, match.view_name):
            return None
        current = version()
        if current is None:
            return None
        key = _key(request, current)
        entry = cache.get(key)
        if entry is not None:
            content, content_type = entry
            response = HttpResponse(content, content_type=content_type)
            response.headers[HEADER] = "hit"
            return response
        request._portal_cache_key = key
        return None
