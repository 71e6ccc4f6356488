"""Every state change of proactive disclosure: permission check, change and audit in one transaction.

Lifecycle: 草稿 → (送审) 审核中 → each step of the agency's review chain approves or returns
→ 已签发待发布 → 发布 now or 定时发布 (the scheduled job publishes) → 已发布 → 撤回 (a notice stays
at the old address). Editing anything after submission voids the round (core.review.supersede)
and the item goes back to 草稿: what is published is always exactly what the chain approved
(`publish` checks the approved snapshot against the item).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from gongkai.audit.models import Result
from gongkai.audit.trail import record
from gongkai.core import review
from gongkai.core.workdays import get_index
from gongkai.orgs.permissions import has_perm, require

from . import pii, search
from .choices import (
    EDITABLE,
    PUBLICATION_DEADLINE_WORKDAYS,
    REGISTER_KINDS,
    REVIEW_KIND,
    ItemKind,
    PiiSource,
    PiiStatus,
    Status,
    Validity,
    categories_for_level,
)
from .content import AttachmentError, check_attachment, html_to_text, sanitize_html
from .docno import DocNoError, normalize_doc_no
from .models import Attachment, IndexCounter, Item, PiiHit, Topic

if TYPE_CHECKING:
    from gongkai.orgs.models import Agency, User

ITEM_FIELDS = (
    "kind",
    "title",
    "summary",
    "publisher",
    "written_on",
    "formed_on",
    "doc_no",
    "topic",
    "category",
    "in_rules_column",
    "body",
    "effective_on",
)


# --- Helpers ---------------------------------------------------------------------------------------


def _clean(item: Item) -> None:
    """Normalise and validate an item's metadata (raises ValidationError with Chinese messages)."""
    errors: dict[str, str] = {}
    item.title = re.sub(r"\s+", " ", item.title or "").strip()
    if not item.title:
        errors["title"] = "请填写名称"
    item.summary = (item.summary or "").strip()
    item.publisher = (item.publisher or "").strip() or item.agency.name
    try:
        item.doc_no = normalize_doc_no(item.doc_no)
    except DocNoError as exc:
        errors["doc_no"] = str(exc)
    if item.category not in dict(categories_for_level(item.agency.level)):
        errors["category"] = "公开类别不适用于本机关的层级"
    if item.kind == ItemKind.RULE and not item.agency.has_rule_power:
        errors["kind"] = "本机关没有规章制定权，不能发布规章"
    if item.topic_id and not Topic.objects.filter(pk=item.topic_id, active=True).exists():
        errors["topic"] = "该主题分类已停用"
    if item.formed_on is None:
        errors["formed_on"] = "请填写信息形成（变更）日期"
    elif item.written_on and item.formed_on < item.written_on:
        errors["formed_on"] = "信息形成日期不能早于成文日期"
    if errors:
        raise ValidationError(errors)
    item.body = sanitize_html(item.body)
    if item.kind in REGISTER_KINDS:
        item.validity = item.validity or Validity.VALID
    else:
        item.validity, item.effective_on, item.invalid_on, item.repealed_by = "", None, None, None
    due = get_index().add_checked(item.formed_on, PUBLICATION_DEADLINE_WORKDAYS)
    item.due_on, item.due_provisional = due.date, due.provisional


def snapshot(item: Item) -> dict[str, Any]:
    """Exactly what reviewers approve: the metadata, the body, the attachments' digests."""
    return {
        "kind": item.kind,
        "title": item.title,
        "summary": item.summary,
        "publisher": item.publisher,
        "written_on": item.written_on.isoformat() if item.written_on else None,
        "formed_on": item.formed_on.isoformat() if item.formed_on else None,
        "doc_no": item.doc_no,
        "topic": str(item.topic) if item.topic_id else "",
        "category": item.category,
        "in_rules_column": item.in_rules_column,
        "effective_on": item.effective_on.isoformat() if item.effective_on else None,
        "body": item.body,
        "interprets": sorted(item.interprets.values_list("pk", flat=True)) if item.pk else [],
        "attachments": [
            {"name": a.name, "size": a.size, "sha256": a.sha256} for a in item.attachments.order_by("pk")
        ],
    }


def _digest(kind: str, digits: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{digits}".encode(), hashlib.sha256).hexdigest()


def _texts(item: Item) -> list[tuple[str, Attachment | None, str]]:
    texts: list[tuple[str, Attachment | None, str]] = [
        (PiiSource.TITLE, None, item.title),
        (PiiSource.SUMMARY, None, item.summary),
        (PiiSource.BODY, None, html_to_text(item.body)),
    ]
    texts += [(PiiSource.ATTACHMENT, a, a.text) for a in item.attachments.all()]
    return texts


def rescan(item: Item) -> list[PiiHit]:
    """Scan text and attachments again. Accepted hits stay accepted; hits that disappeared are dropped."""
    found: dict[tuple[str, int | None, str], tuple[pii.Hit, str]] = {}
    for source, attachment, text in _texts(item):
        for hit in pii.scan(text):
            key = (source, attachment.pk if attachment else None, _digest(hit.kind, hit.digits))
            found.setdefault(key, (hit, pii.context(text, hit)))
    existing = {(h.source, h.attachment_id, h.digest): h for h in item.pii_hits.all()}
    for key, hit_row in existing.items():
        if key not in found and hit_row.status == PiiStatus.OPEN:
            hit_row.delete()
    for key, (hit, excerpt) in found.items():
        row = existing.get(key)
        if row is None:
            PiiHit.objects.create(
                item=item,
                source=key[0],
                attachment_id=key[1],
                kind=hit.kind,
                masked=hit.masked,
                digest=key[2],
                context=excerpt[:120],
            )
        elif row.status == PiiStatus.MASKED:  # it came back: a fresh finding
            row.status, row.reason, row.resolved_by, row.resolved_at = PiiStatus.OPEN, "", None, None
            row.save(update_fields=["status", "reason", "resolved_by", "resolved_at"])
    return list(item.pii_hits.all())


def _content_changed(item: Item, acting_user: User | None, reason: str) -> None:
    """After any change of content: rescan, and void an open or approved review round."""
    rescan(item)
    if item.status in (Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED):
        review.supersede(item, acting_user=acting_user, reason=reason)
        item.status, item.scheduled_at, item.scheduled_by = Status.DRAFT, None, None
        item.save(update_fields=["status", "scheduled_at", "scheduled_by", "updated_at"])


class ConflictError(ValidationError):
    """The item changed since the editor read it (optimistic locking): nothing was overwritten."""


def check_version(item: Item, expected: int) -> None:
    """Refuse with a ConflictError if `item` is no longer at the version the editor read."""
    if int(expected) != item.version:
        raise ConflictError(
            f"该信息已被他人修改（您打开编辑页面时的版本为 {expected}，当前版本为 {item.version}），"
            "为免覆盖他人的修改，本次保存未生效：请刷新后重新编辑"
        )


def _lock_item(pk: int, *, expected_version: int | None = None, related: bool = False) -> Item:
    """Re-read the item under a row lock and count this change in its `version`.

    Every action that changes the item (its content, attachments, masking, status) goes through
    here, so `version` says whether anything happened since a reader saw it. An editor passes the
    `version` the edit form was rendered with: if the item changed since, the edit is refused with
    a ConflictError instead of silently overwriting someone else's work. The bump is rolled back
    with the rest if the action then fails."""
    qs = Item.objects.select_for_update()
    if related:
        qs = Item.objects.select_for_update(of=("self",)).select_related("agency", "topic")
    item = qs.get(pk=pk)
    if expected_version is not None:
        check_version(item, expected_version)
    Item.objects.filter(pk=pk).update(version=F("version") + 1)
    item.version += 1
    return item


def _require_editable(item: Item) -> None:
    if item.status not in EDITABLE:
        raise ValidationError(f"{item.get_status_display()}的信息不能修改内容")


# --- Drafting --------------------------------------------------------------------------------------


@transaction.atomic
def create_item(*, acting_user: User, agency: Agency, interprets: Iterable[Item] = (), **fields: Any) -> Item:
    require(acting_user, "publications.edit", agency)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"不能设置的字段：{', '.join(sorted(unknown))}")
    item = Item(agency=agency, created_by=acting_user, **fields)
    _clean(item)
    item.save()
    item.interprets.set(list(interprets))
    rescan(item)
    record(
        "publications.create",
        actor=acting_user,
        obj=item,
        detail={"title": item.title, "kind": item.kind, "category": item.category},
    )
    return item


@transaction.atomic
def update_item(
    item: Item,
    *,
    acting_user: User,
    interprets: Iterable[Item] | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Item:
    """Change the item's fields; `expected_version` (the version the editor read) refuses a stale edit."""
    require(acting_user, "publications.edit", item.agency)
    item = _lock_item(item.pk, expected_version=expected_version)
    _require_editable(item)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"不能修改的字段：{', '.join(sorted(unknown))}")
    before = snapshot(item)
    for key, value in fields.items():
        setattr(item, key, value)
    _clean(item)
    item.save()
    if interprets is not None:
        item.interprets.set(list(interprets))
    after = snapshot(item)
    changed = sorted(k for k in after if after[k] != before[k])
    if changed:
        _content_changed(item, acting_user, "修改了" + "、".join(changed))
    record("publications.update", actor=acting_user, obj=item, detail={"changed": changed})
    return item


@transaction.atomic
def add_attachment(item: Item, *, acting_user: User, name: str, data: bytes) -> Attachment:
    require(acting_user, "publications.edit", item.agency)
    item = _lock_item(item.pk)
    _require_editable(item)
    name = re.sub(r"[\\/\x00-\x1f]", "_", name).strip()[-200:] or "附件"
    try:
        checked = check_attachment(name, data, max_bytes=settings.GONGKAI_ATTACHMENT_MAX_MB * 1024 * 1024)
    except AttachmentError as exc:
        raise ValidationError(str(exc)) from None
    attachment = Attachment(
        item=item,
        name=name,
        extension=checked.extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=checked.text,
        uploaded_by=acting_user,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    _content_changed(item, acting_user, f"上传附件 {name}")
    record(
        "publications.add_attachment",
        actor=acting_user,
        obj=item,
        detail={"attachment": attachment.pk, "name": name, "size": len(data), "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, acting_user: User) -> None:
    item = attachment.item
    require(acting_user, "publications.edit", item.agency)
    item = _lock_item(item.pk)
    _require_editable(item)
    detail = {"attachment": attachment.pk, "name": attachment.name, "sha256": attachment.sha256}
    attachment.delete()  # the file stays on disk: an earlier approved snapshot may name it
    _content_changed(item, acting_user, f"删除附件 {detail['name']}")
    record("publications.remove_attachment", actor=acting_user, obj=item, detail=detail)


# --- Personal data ---------------------------------------------------------------------------------


@transaction.atomic
def mask_pii(hit: PiiHit, *, acting_user: User) -> PiiHit:
    """Replace the value by its masked form wherever it occurs in that field (an edit: re-review)."""
    item = _lock_item(hit.item_id)
    if not (
        has_perm(acting_user, "publications.edit", item.agency)
        or has_perm(acting_user, "publications.accept_pii", item.agency)
    ):
        require(acting_user, "publications.edit", item.agency)
    _require_editable(item)
    if hit.status != PiiStatus.OPEN:
        raise ValidationError("该条已处理")
    if hit.source == PiiSource.ATTACHMENT:
        raise ValidationError("附件中的个人信息无法在线遮盖：请上传遮盖后的附件替换原附件，或说明理由后接受")
    field = {"title": "title", "summary": "summary", "body": "body"}[hit.source]
    value, count = pii.replace_hits(
        getattr(item, field), lambda h: h.kind == hit.kind and _digest(h.kind, h.digits) == hit.digest
    )
    if not count:
        raise ValidationError("未能在原文中定位该内容（可能被格式标记分隔），请在编辑页面手工修改")
    setattr(item, field, value)
    item.save(update_fields=[field, "updated_at"])
    hit.status, hit.resolved_by, hit.resolved_at = PiiStatus.MASKED, acting_user, timezone.now()
    hit.save(update_fields=["status", "resolved_by", "resolved_at"])
    _content_changed(item, acting_user, "遮盖个人信息")
    record(
        "publications.mask_pii",
        actor=acting_user,
        obj=item,
        detail={"hit": hit.pk, "kind": hit.kind, "masked": hit.masked, "source": hit.source, "count": count},
    )
    return hit


@transaction.atomic
def accept_pii(hit: PiiHit, *, acting_user: User, reason: str) -> PiiHit:
    """Publish the value as it is, for a stated reason (e.g. a public official's office phone)."""
    item = hit.item
    require(acting_user, "publications.accept_pii", item.agency)
    reason = reason.strip()
    if len(reason) < 4:
        raise ValidationError("请说明接受的理由（至少 4 个字）")
    if hit.status != PiiStatus.OPEN:
        raise ValidationError("该条已处理")
    hit.status, hit.reason = PiiStatus.ACCEPTED, reason[:300]
    hit.resolved_by, hit.resolved_at = acting_user, timezone.now()
    hit.save(update_fields=["status", "reason", "resolved_by", "resolved_at"])
    record(
        "publications.accept_pii",
        actor=acting_user,
        obj=item,
        detail={
            "hit": hit.pk,
            "kind": hit.kind,
            "masked": hit.masked,
            "source": hit.source,
            "reason": reason,
        },
    )
    return hit


# --- Review ----------------------------------------------------------------------------------------


@transaction.atomic
def submit_item(item: Item, *, acting_user: User) -> Item:
    require(acting_user, "publications.edit", item.agency)
    item = _lock_item(item.pk)
    if item.status not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError(f"{item.get_status_display()}的信息不能送审")
    hits = rescan(item)
    review.submit(
        item, agency=item.agency, kind=REVIEW_KIND, snapshot=snapshot(item), acting_user=acting_user
    )
    item.status = Status.IN_REVIEW
    item.save(update_fields=["status", "updated_at"])
    record(
        "publications.submit",
        actor=acting_user,
        obj=item,
        detail={"pii_open": sum(1 for h in hits if h.status == PiiStatus.OPEN)},
    )
    return item


@transaction.atomic
def review_item(item: Item, *, acting_user: User, approve: bool, opinion: str) -> Item:
    """One step of the chain: approve (the last approval is the sign-off) or return with an opinion."""
    require(acting_user, "core.review", item.agency)
    item = _lock_item(item.pk)
    if item.status != Status.IN_REVIEW:
        raise ValidationError("该信息当前不在审核中")
    review_round = review.decide(item, approve=approve, opinion=opinion, acting_user=acting_user)
    if review_round.status == "returned":
        item.status = Status.RETURNED
    elif review_round.status == "approved":
        item.status = Status.APPROVED
    item.save(update_fields=["status", "updated_at"])
    return item


# --- Publication -----------------------------------------------------------------------------------


def _next_index_no(agency: Agency, year: int) -> str:
    """`<统一社会信用代码>/<year>-<5-digit serial>`; the counter row is locked until commit."""
    counter, _ = IndexCounter.objects.select_for_update().get_or_create(agency=agency, year=year)
    while True:
        counter.last += 1
        number = f"{agency.credit_code}/{year}-{counter.last:05d}"
        if not Item.objects.filter(index_no=number).exists():  # an imported item may hold it
            break
    counter.save(update_fields=["last"])
    return number


def _publish(item: Item, when: datetime, *, acting_user: User | None, detail: dict[str, Any]) -> Item:
    if not review.is_approved(item, snapshot(item)):
        raise ValidationError("该信息没有通过审核，或审核通过后内容被修改，不能发布")
    item.published_at = when
    if not item.index_no:
        item.index_no = _next_index_no(item.agency, timezone.localtime(when).year)
    item.status, item.scheduled_at = Status.PUBLISHED, None
    item.save(update_fields=["published_at", "index_no", "status", "scheduled_at", "updated_at"])
    search.index_item(item, html_to_text(item.body))
    record(
        "publications.publish",
        actor=acting_user,
        actor_name="system",
        obj=item,
        detail={"index_no": item.index_no, "published_at": when.isoformat(), **detail},
    )
    return item


@transaction.atomic
def publish_item(item: Item, *, acting_user: User, at: datetime | None = None) -> Item:
    """Publish a signed-off item now, or at `at` (then the scheduled job publishes it)."""
    require(acting_user, "publications.publish", item.agency)
    item = _lock_item(item.pk, related=True)
    if item.status not in (Status.APPROVED, Status.SCHEDULED):
        raise ValidationError("只有已签发的信息才能发布")
    now = timezone.now()
    if at is not None and at > now + timedelta(seconds=30):
        if not review.is_approved(item, snapshot(item)):
            raise ValidationError("该信息没有通过审核，或审核通过后内容被修改，不能发布")
        item.status, item.scheduled_at, item.scheduled_by = Status.SCHEDULED, at, acting_user
        item.save(update_fields=["status", "scheduled_at", "scheduled_by", "updated_at"])
        record("publications.schedule", actor=acting_user, obj=item, detail={"at": at.isoformat()})
        return item
    return _publish(item, now, acting_user=acting_user, detail={})


@transaction.atomic
def cancel_schedule(item: Item, *, acting_user: User) -> Item:
    require(acting_user, "publications.publish", item.agency)
    item = _lock_item(item.pk)
    if item.status != Status.SCHEDULED:
        raise ValidationError("该信息没有设定定时发布")
    was = item.scheduled_at
    item.status, item.scheduled_at, item.scheduled_by = Status.APPROVED, None, None
    item.save(update_fields=["status", "scheduled_at", "scheduled_by", "updated_at"])
    record("publications.cancel_schedule", actor=acting_user, obj=item, detail={"was": was.isoformat()})
    return item


@transaction.atomic
def publish_due_items(*, acting_user: User | None = None, now: datetime | None = None) -> list[Item]:
    """The scheduled job: publish every item whose time has come, as of its scheduled time.

    An item that can no longer be published (its approval does not match its content) is taken off
    the schedule and the failure is audited, so it is neither published nor retried every minute."""
    now = now or timezone.now()
    published = []
    due = Item.objects.select_for_update(of=("self",)).select_related("agency", "topic", "scheduled_by")
    for item in due.filter(status=Status.SCHEDULED, scheduled_at__lte=now).order_by("scheduled_at"):
        if acting_user is not None:
            require(acting_user, "publications.publish", item.agency)
        scheduled_by = item.scheduled_by.username if item.scheduled_by else ""
        Item.objects.filter(pk=item.pk).update(version=F("version") + 1)  # published or taken off
        item.version += 1
        try:
            with transaction.atomic():
                published.append(
                    _publish(
                        item,
                        item.scheduled_at,
                        acting_user=acting_user,
                        detail={"scheduled_by": scheduled_by},
                    )
                )
        except ValidationError as exc:
            item.status, item.scheduled_at, item.scheduled_by = Status.DRAFT, None, None
            item.save(update_fields=["status", "scheduled_at", "scheduled_by", "updated_at"])
            record(
                "publications.publish",
                actor=acting_user,
                actor_name="system",
                obj=item,
                result=Result.FAILURE,
                detail={"reason": "；".join(exc.messages), "scheduled_by": scheduled_by},
            )
    return published


@transaction.atomic
def withdraw_item(item: Item, *, acting_user: User, reason: str) -> Item:
    """Take a published item down; its address keeps a notice with the date and the reason."""
    require(acting_user, "publications.withdraw", item.agency)
    item = _lock_item(item.pk)
    if item.status != Status.PUBLISHED:
        raise ValidationError("只有已发布的信息才能撤回")
    reason = reason.strip()
    if len(reason) < 4:
        raise ValidationError("请填写撤回原因（至少 4 个字）")
    item.status, item.withdrawn_at, item.withdraw_reason = Status.WITHDRAWN, timezone.now(), reason[:300]
    item.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    search.unindex_item(item)
    record("publications.withdraw", actor=acting_user, obj=item, detail={"reason": reason})
    return item


# --- 规章 / 规范性文件 lifecycle --------------------------------------------------------------------


@transaction.atomic
def set_validity(
    item: Item,
    *,
    acting_user: User,
    validity: str,
    invalid_on: date | None = None,
    repealed_by: Item | None = None,
    note: str = "",
) -> Item:
    """有效 / 失效 / 废止, with the date and (for 废止) the document that repealed it."""
    require(acting_user, "publications.lifecycle", item.agency)
    item = _lock_item(item.pk, related=True)
    if item.kind not in REGISTER_KINDS:
        raise ValidationError("只有规章和行政规范性文件有有效性")
    if item.status == Status.WITHDRAWN:
        raise ValidationError("已撤回的信息不能修改有效性")
    if validity not in Validity.values:
        raise ValidationError("有效性无效")
    if validity == Validity.VALID:
        invalid_on, repealed_by = None, None
    elif invalid_on is None:
        raise ValidationError("请填写失效或废止日期")
    if repealed_by is not None and (repealed_by.pk == item.pk or repealed_by.status != Status.PUBLISHED):
        raise ValidationError("废止依据文件应为另一件已发布的文件")
    if validity == Validity.EXPIRED:
        repealed_by = None
    if invalid_on and item.written_on and invalid_on < item.written_on:
        raise ValidationError("失效或废止日期不能早于成文日期")
    before = {"validity": item.validity, "invalid_on": item.invalid_on, "repealed_by": item.repealed_by_id}
    item.validity, item.invalid_on, item.repealed_by = validity, invalid_on, repealed_by
    item.validity_note = note.strip()[:200]
    item.save(update_fields=["validity", "invalid_on", "repealed_by", "validity_note", "updated_at"])
    if item.status == Status.PUBLISHED:
        search.index_item(item, html_to_text(item.body))
    record(
        "publications.set_validity",
        actor=acting_user,
        obj=item,
        detail={
            "before": before,
            "after": {"validity": validity, "invalid_on": invalid_on, "repealed_by": item.repealed_by_id},
            "note": item.validity_note,
        },
    )
    return item


# --- Import of an existing catalog -----------------------------------------------------------------


@dataclass
class ImportRow:
    """One validated row of an import file (see imports.py)."""

    line: int
    index_no: str
    fields: dict[str, Any]
    published_on: date
    validity: str
    invalid_on: date | None


_INDEX_NO = re.compile(r"^(?P<code>[0-9A-Z]+)/(?P<year>\d{4})-(?P<serial>\d+)$")


@transaction.atomic
def import_catalog(agency: Agency, rows: list[ImportRow], *, acting_user: User, source: str) -> list[Item]:
    """Items already published on the old site: kept with their 索引号 and dates, straight to 已发布."""
    require(acting_user, "publications.import", agency)
    created: list[Item] = []
    for row in rows:
        item = Item(agency=agency, created_by=acting_user, imported=True, **row.fields)
        _clean(item)
        published_at = timezone.make_aware(
            datetime.combine(row.published_on, datetime.min.time()).replace(hour=9)
        )
        item.published_at, item.status = published_at, Status.PUBLISHED
        if item.kind in REGISTER_KINDS:
            item.validity, item.invalid_on = row.validity or Validity.VALID, row.invalid_on
        item.index_no = row.index_no or None
        item.save()
        if not item.index_no:
            item.index_no = _next_index_no(agency, row.published_on.year)
            item.save(update_fields=["index_no"])
        else:
            match = _INDEX_NO.match(item.index_no)
            if match and match.group("code") == agency.credit_code:
                counter, _ = IndexCounter.objects.select_for_update().get_or_create(
                    agency=agency, year=int(match.group("year"))
                )
                counter.last = max(counter.last, int(match.group("serial")))
                counter.save(update_fields=["last"])
        search.index_item(item, html_to_text(item.body))
        created.append(item)
    record(
        "publications.import",
        actor=acting_user,
        agency=agency,
        detail={
            "source": source[:200],
            "count": len(created),
            "first_id": created[0].pk if created else None,
            "last_id": created[-1].pk if created else None,
        },
    )
    return created


# --- 主题分类 and due dates ----------------------------------------------------------------------


@transaction.atomic
def save_topic(
    topic: Topic | None, *, acting_user: User, name: str, parent: Topic | None, active: bool = True
) -> Topic:
    require(acting_user, "publications.manage_topics")
    name = name.strip()
    if not name:
        raise ValidationError("请填写名称")
    if parent is not None and parent.parent_id is not None:
        raise ValidationError("主题分类只有两级")
    if topic is None:
        siblings = Topic.objects.filter(parent=parent)
        prefix = parent.code if parent else ""
        width = 2
        taken = {t.code for t in siblings}
        number = (siblings.aggregate(n=Max("order"))["n"] or len(taken)) + 1
        while (
            f"{prefix}{number:0{width}d}" in taken
            or Topic.objects.filter(code=f"{prefix}{number:0{width}d}").exists()
        ):
            number += 1
        topic = Topic(code=f"{prefix}{number:0{width}d}", order=number, parent=parent)
        before = None
    else:
        if topic.children.exists() and parent is not None:
            raise ValidationError("有下级分类的一级分类不能移到其他分类下")
        before = {"name": topic.name, "parent": topic.parent_id, "active": topic.active}
        topic.parent = parent
    topic.name, topic.active = name, active
    topic.save()
    record(
        "publications.save_topic",
        actor=acting_user,
        obj=topic,
        detail={"before": before, "after": {"name": name, "parent": topic.parent_id, "active": active}},
    )
    return topic


@transaction.atomic
def refresh_due_dates(*, acting_user: User | None = None) -> int:
    """Recompute provisional Art. 26 due dates of unpublished items (after a calendar year is entered)."""
    if acting_user is not None:
        require(acting_user, "core.change_calendar")
    index = get_index()
    changed = 0
    for item in Item.objects.select_for_update().filter(due_provisional=True, status__in=EDITABLE):
        due = index.add_checked(item.formed_on, PUBLICATION_DEADLINE_WORKDAYS)
        if (due.date, due.provisional) != (item.due_on, item.due_provisional):
            Item.objects.filter(pk=item.pk).update(due_on=due.date, due_provisional=due.provisional)
            changed += 1
    if changed:
        record(
            "publications.refresh_due", actor=acting_user, actor_name="system", detail={"changed": changed}
        )
    return changed
