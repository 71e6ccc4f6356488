"""Appending to, verifying and purging the hash-chained audit trail.

Each event's hash is SHA-256 over the canonical JSON of its fields plus the previous event's
hash, so altering, inserting or deleting a row breaks the chain at that row. Appends are
serialised: PostgreSQL takes a transaction-scoped advisory lock; SQLite's IMMEDIATE transactions
already hold the single write lock from BEGIN.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from gongkai.core.validators import check_id_number, mask_id_number

from .models import AuditEvent, ChainAnchor, Result

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_KEY = 0x60_6E_6B_41  # "gonkA": any constant shared by every app server
_FORBIDDEN_KEYS = re.compile(r"pass(word)?|token|secret|id_number|身份证", re.IGNORECASE)
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")

# Set per request by AuditContextMiddleware, so actions need not pass the request around.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)


class AuditError(RuntimeError):
    """The trail was used in a way that would make it untrustworthy."""


def _scrub(value: Any) -> Any:
    """Mask full ID numbers wherever they appear in the detail; refuse secret-looking keys."""
    if isinstance(value, dict):
        for key in value:
            if _FORBIDDEN_KEYS.search(str(key)):
                raise AuditError(f"审计详情不得包含敏感字段：{key}")
        return {str(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    if isinstance(value, str):
        return _ID_NUMBER.sub(
            lambda m: m.group() if check_id_number(m.group()) else mask_id_number(m.group()), value
        )
    return value


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_payload(event: AuditEvent) -> dict[str, Any]:
    """Exactly the fields the hash covers (everything but the hash itself)."""
    return {
        "seq": event.seq,
        "created_at": _timestamp(event.created_at),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "role": event.role,
        "agency_id": event.agency_id,
        "ip": event.ip,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "detail": event.detail,
        "result": event.result,
        "prev_hash": event.prev_hash,
    }


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical_json(event_payload(event)).encode("utf-8")).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])


def _head() -> tuple[int, str]:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    if last:
        return last
    anchor = ChainAnchor.objects.filter(pk=1).values_list("base_seq", "base_hash").first()
    return anchor or (0, GENESIS_HASH)


def record(
    action: str,
    *,
    actor=None,
    agency=None,
    obj: Model | None = None,
    detail: dict[str, Any] | None = None,
    result: str = Result.SUCCESS,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records."""
    if not connection.in_atomic_block:
        raise AuditError("审计事件必须与所记录的变更在同一事务中写入")
    _lock_chain()
    seq, prev_hash = _head()
    clean_detail = json.loads(canonical_json(_scrub(detail or {})))
    if agency is None and obj is not None:
        agency = obj if obj._meta.label == "orgs.Agency" else getattr(obj, "agency", None)
    if agency is None and actor is not None:
        agency = getattr(actor, "agency", None)
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    event = AuditEvent(
        seq=seq + 1,
        created_at=timezone.now(),
        actor=actor if is_user else None,
        actor_name=actor.username if is_user else actor_name,
        role=actor.role_labels if is_user else "",
        agency=agency,
        ip=current_ip.get(),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        detail=clean_detail,
        result=result,
        prev_hash=prev_hash,
    )
    event.hash = compute_hash(event)
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    bad_seq: int | None = None
    problem: str = ""


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def verify() -> Verification:
    """Walk the chain from its anchor; stop at the first event that does not follow."""
    base_seq, prev_hash = ChainAnchor.objects.filter(pk=1).values_list("base_seq", "base_hash").first() or (
        0,
        GENESIS_HASH,
    )
    expected_seq, checked = base_seq + 1, 0
    for event in _events():
        if event.seq != expected_seq:
            kind = "缺失" if event.seq > expected_seq else "重复或插入"
            problem = f"序号不连续：应为 #{expected_seq}，实际为 #{event.seq}（事件{kind}）"
            return Verification(False, checked, expected_seq - 1, prev_hash, event.seq, problem)
        if event.prev_hash != prev_hash:
            problem = f"事件 #{event.seq} 的前一哈希与链不符（前一事件被删除或篡改）"
            return Verification(False, checked, event.seq - 1, prev_hash, event.seq, problem)
        if compute_hash(event) != event.hash:
            problem = f"事件 #{event.seq} 的内容与其哈希不符（记录被篡改）"
            return Verification(False, checked, event.seq - 1, prev_hash, event.seq, problem)
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    return Verification(True, checked, expected_seq - 1, prev_hash)


def purge_older_than(days: int | None = None) -> int:
    """Delete events older than the retention period (never under 180 days) and re-anchor the chain."""
    days = days or settings.GONGKAI_AUDIT_RETENTION_DAYS
    if days < 180:
        raise AuditError("审计日志保存期限不得少于 180 天")
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        _lock_chain()
        last_old = (
            AuditEvent.objects.filter(created_at__lt=cutoff)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        if last_old is None:
            return 0
        deleted, _ = AuditEvent.objects.filter(seq__lte=last_old[0]).delete()
        ChainAnchor.objects.update_or_create(
            pk=1, defaults={"base_seq": last_old[0], "base_hash": last_old[1], "purged_at": timezone.now()}
        )
        record(
            "audit.purge",
            actor_name="system",
            detail={"deleted": deleted, "through_seq": last_old[0], "days": days},
        )
    return deleted
