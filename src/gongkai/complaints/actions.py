"""Every state change of a complaint or report: permission check, change and audit in one transaction.

待受理 → `accept_complaint` → 办理中 → `reply_complaint` (核查结论 and 答复) → 已办结; or, from either open
state, `reject_complaint` (不予受理, with the reason as the reply). A member of the public files online
(`submit_complaint` without a user; the anti-automation checks are the view's); staff register what
came by phone, letter or in person (`submit_complaint` with `acting_user`). The query code is only
ever stored hashed.
"""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from gongkai.applications.actions import QUERY_CODE_ALPHABET, QueryCodeHasher
from gongkai.audit.trail import record
from gongkai.orgs.permissions import require

from .choices import NUMBER_PREFIX, OPEN, Channel, Finding, Kind, Status
from .models import Complaint, Counter

if TYPE_CHECKING:
    from gongkai.orgs.models import Agency, User

HANDLE = "complaints.handle"
DATA_FIELDS = ("kind", "title", "content", "related_case", "name", "phone", "email")
_HASHER = QueryCodeHasher()
_PHONE = re.compile(r"^[0-9\-\s()（）+转]{7,30}$")


def handler_for(agency: Agency) -> Agency:
    """Art. 51: the agency one level up; at the top of the tree the agency itself (the zone's
    government, whose office is the competent department for disclosure work)."""
    return agency.parent if agency.parent_id else agency


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


def check_query_code(complaint: Complaint, code: str) -> bool:
    try:
        return _HASHER.verify((code or "").strip().upper(), complaint.query_code_hash)
    except (ValueError, TypeError):
        return False


def validate(data: dict[str, Any]) -> dict[str, Any]:
    """Check a complaint's fields (Chinese errors); a 投诉 needs who complains and how to reach them,
    a 举报 may be anonymous."""
    clean = {k: str(data.get(k) or "").strip() for k in DATA_FIELDS}
    errors: dict[str, str] = {}
    if clean["kind"] not in Kind.values:
        errors["kind"] = "请选择投诉或举报"
    if not clean["title"]:
        errors["title"] = "请填写事由"
    elif len(clean["title"]) > 100:
        errors["title"] = "事由不超过 100 字"
    if len(clean["content"]) < 10:
        errors["content"] = "请具体说明事实和理由（至少 10 个字）"
    elif len(clean["content"]) > 5000:
        errors["content"] = "具体内容不超过 5000 字"
    if clean["kind"] == Kind.COMPLAINT:
        if not clean["name"]:
            errors["name"] = "投诉须填写投诉人姓名或名称"
        if not clean["phone"] and not clean["email"]:
            errors["phone"] = "投诉须留下联系电话或电子邮箱，以便答复"
    if clean["phone"] and not _PHONE.match(clean["phone"]):
        errors["phone"] = "联系电话格式不正确"
    if clean["email"]:
        try:
            validate_email(clean["email"])
        except ValidationError:
            errors["email"] = "电子邮箱格式不正确"
    if len(clean["name"]) > 100:
        errors["name"] = "姓名或名称不超过 100 字"
    if len(clean["related_case"]) > 20:
        errors["related_case"] = "申请编号不超过 20 个字符"
    if errors:
        raise ValidationError(errors)
    return clean


def _next_number(year: int) -> str:
    counter, _ = Counter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{NUMBER_PREFIX}{year}{counter.last:05d}"


def _audit(action: str, complaint: Complaint, actor: User | None, **detail: Any) -> None:
    record(
        f"complaints.{action}",
        actor=actor,
        actor_name="公众（网上投诉举报）" if actor is None else "",
        obj=complaint,
        agency=complaint.handler,
        detail={"number": complaint.number, **detail},
    )


@transaction.atomic
def submit_complaint(
    *, agency: Agency, data: dict[str, Any], acting_user: User | None = None, channel: str = Channel.ONLINE
) -> tuple[Complaint, str]:
    """File a complaint or report about `agency`; returns it and its query code (shown once).
    Online: no user (the view checks the anti-automation token, honeypot and rate). Staff
    registering a phone call, letter or visit act for the handling agency."""
    handler = handler_for(agency)
    if acting_user is not None:
        require(acting_user, HANDLE, handler)
    elif channel != Channel.ONLINE:
        raise ValidationError("非网上渠道的投诉举报须由工作人员登记")
    if channel not in Channel.values:
        raise ValidationError("渠道无效")
    clean = validate(data)
    now = timezone.now()
    code = new_query_code()
    complaint = Complaint.objects.create(
        number=_next_number(timezone.localtime(now).year),
        query_code_hash=_HASHER.encode(code, _HASHER.salt()),
        agency=agency,
        handler=handler,
        channel=channel,
        submitted_at=now,
        **clean,
    )
    _audit("submit", complaint, acting_user, kind=complaint.kind, channel=channel, about=agency.pk)
    return complaint, code


def _lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("handler", "agency")
        .get(pk=complaint.pk)
    )


@transaction.atomic
def accept_complaint(complaint: Complaint, *, acting_user: User) -> Complaint:
    require(acting_user, HANDLE, complaint.handler)
    complaint = _lock(complaint)
    if complaint.status != Status.RECEIVED:
        raise ValidationError(f"{complaint.get_status_display()}的投诉举报不能受理")
    complaint.status, complaint.accepted_at, complaint.accepted_by = (
        Status.ACCEPTED,
        timezone.now(),
        acting_user,
    )
    complaint.save(update_fields=["status", "accepted_at", "accepted_by"])
    _audit("accept", complaint, acting_user)
    return complaint


@transaction.atomic
def reject_complaint(complaint: Complaint, *, acting_user: User, reason: str) -> Complaint:
    """不予受理 (e.g. not about disclosure work, or anonymous and too vague to check), with the reason."""
    require(acting_user, HANDLE, complaint.handler)
    complaint = _lock(complaint)
    if complaint.status not in OPEN:
        raise ValidationError("该投诉举报已办结")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": "请说明不予受理的理由（至少 4 个字）"})
    now = timezone.now()
    complaint.status, complaint.reply = Status.REJECTED, reason[:5000]
    complaint.closed_at, complaint.closed_by = now, acting_user
    complaint.save(update_fields=["status", "reply", "closed_at", "closed_by"])
    _audit("reject", complaint, acting_user, reason=reason[:300])
    return complaint


@transaction.atomic
def reply_complaint(complaint: Complaint, *, acting_user: User, finding: str, reply: str) -> Complaint:
    """Close the case with the 核查结论 and the reply the complainant reads when tracking it."""
    require(acting_user, HANDLE, complaint.handler)
    complaint = _lock(complaint)
    if complaint.status not in OPEN:
        raise ValidationError("该投诉举报已办结")
    if finding not in Finding.values:
        raise ValidationError({"finding": "请选择核查结论"})
    reply = (reply or "").strip()
    if len(reply) < 10:
        raise ValidationError({"reply": "请填写答复意见（至少 10 个字）"})
    now = timezone.now()
    if complaint.accepted_at is None:
        complaint.accepted_at, complaint.accepted_by = now, acting_user
    complaint.status, complaint.finding, complaint.reply = Status.CLOSED, finding, reply[:5000]
    complaint.closed_at, complaint.closed_by = now, acting_user
    complaint.save(
        update_fields=["status", "finding", "reply", "accepted_at", "accepted_by", "closed_at", "closed_by"]
    )
    _audit("reply", complaint, acting_user, finding=finding)
    return complaint
