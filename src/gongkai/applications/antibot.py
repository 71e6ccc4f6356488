"""Protection of the public forms against automated submissions, with no outside service.

Three checks a person passes without noticing and a script has to work at: a signed timestamp
issued with the form (no token, a forged or an expired one: refused; submitted faster than a
person can fill the form: refused), a honeypot field hidden from people, and a per-address
rate limit in Django's cache. Tracking lookups have their own limit on failed attempts, so the
query code cannot be guessed.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "gongkai.applications.form"
MAX_AGE_SECONDS = 2 * 60 * 60
HONEYPOT_FIELD = "website"


def min_seconds() -> float:
    return float(getattr(settings, "GONGKAI_APPLY_MIN_SECONDS", 3))


def submissions_per_hour() -> int:
    return int(getattr(settings, "GONGKAI_APPLY_PER_HOUR", 5))


def issue_token() -> str:
    return signing.dumps({"t": time.time()}, salt=SALT)


def check_form(token: str, honeypot: str) -> str | None:
    """None when the submission looks human, else the (Chinese) reason it is refused."""
    if honeypot:
        return "提交被拒绝：请勿填写隐藏字段"
    try:
        issued = float(signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)["t"])
    except signing.SignatureExpired:
        return "表单已过期，请刷新页面后重新填写"
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return "表单校验失败，请刷新页面后重新填写"
    age = time.time() - issued
    if age > MAX_AGE_SECONDS:
        return "表单已过期，请刷新页面后重新填写"
    if age < min_seconds():
        return "提交过快，请确认填写内容后再提交"
    return None


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one more event for `key`; True while the count stays within `limit` per `window`."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def allow_submission(ip: str | None) -> bool:
    return _hit(f"gongkai:apply:{ip or 'unknown'}", submissions_per_hour(), 3600)


def tracking_blocked(ip: str | None) -> bool:
    return (cache.get(f"gongkai:track-fail:{ip or 'unknown'}") or 0) >= int(
        getattr(settings, "GONGKAI_TRACK_FAILURES", 10)
    )


def record_tracking_failure(ip: str | None) -> None:
    _hit(f"gongkai:track-fail:{ip or 'unknown'}", 0, 15 * 60)
