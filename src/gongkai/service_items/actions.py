"""Every state change of 政务服务事项: permission check, change and audit in one transaction.

Lifecycle of the working copy: 草稿 → 送审 (`submit_item`) → each step of the agency's chain for
`service_items.item` (`review_item`) → 已审核待发布 → `publish_item` (the approved snapshot becomes
the published version, the portal's cache is invalidated) → 已发布. Any edit after submission
(fields, materials, sample forms) voids the round (core.review.supersede) and the working copy goes
back to 草稿, while the published version stays online until the revision is published. `withdraw_item`
takes the item off the portal (its address then answers 410 with the date and reason).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.trail import record
from gongkai.core import review
from gongkai.orgs.permissions import require
from gongkai.portal import cache as portal_cache
from gongkai.publications.content import AttachmentError, check_attachment

from . import search
from .choices import MAX_DAYS, REVIEW_KIND, SAMPLE_EXTENSIONS, ItemType, Medium, Status
from .models import Material, SampleFile, ServiceItem

if TYPE_CHECKING:
    from gongkai.orgs.models import Agency, User

ITEM_FIELDS = (
    "code",
    "name",
    "item_type",
    "implementer",
    "basis",
    "conditions",
    "procedure",
    "legal_days",
    "promised_days",
    "charges",
    "fee_standard",
    "fee_basis",
    "place",
    "hours",
    "consult_phone",
    "complaint_phone",
)
MATERIAL_FIELDS = ("name", "copies", "medium", "required", "note")
LABELS = {f.name: str(f.verbose_name) for f in ServiceItem._meta.fields} | {
    f"material_{f.name}": str(f.verbose_name) for f in Material._meta.fields
}
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]{3,63}$")
_PHONE = re.compile(r"^[0-9\-\s()（）转、,，/+]+$")
REQUIRED_TEXT = (
    "name",
    "basis",
    "conditions",
    "procedure",
    "place",
    "hours",
    "consult_phone",
    "complaint_phone",
)
EDITED_STATUSES = (Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN)


# --- Validation (pure: used by the forms, the actions and the import) --------------------------------


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def clean_item_fields(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise an item's fields and check them; returns (clean values, {field: Chinese error})."""
    data = {k: values.get(k) for k in ITEM_FIELDS}
    errors: dict[str, str] = {}
    for key in ("code", "name", "implementer", "fee_standard", "fee_basis", "place", "hours"):
        data[key] = re.sub(r"\s+", " ", str(data[key] or "")).strip()
    for key in ("basis", "conditions", "procedure"):
        text = str(data[key] or "").replace("\r\n", "\n")
        data[key] = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    for key in ("consult_phone", "complaint_phone"):
        data[key] = str(data[key] or "").strip()
    for key in REQUIRED_TEXT:
        if not data[key]:
            errors[key] = f"请填写{LABELS[key]}"
    if data["code"] and not _CODE.match(data["code"]):
        errors["code"] = "事项编码只能由字母、数字和连字符组成，4 至 64 位"
    if len(data["name"]) > 200:
        errors["name"] = "事项名称不超过 200 字"
    if data["item_type"] not in ItemType.values:
        errors["item_type"] = "请选择事项类型：" + "、".join(ItemType.labels)
    for key in ("legal_days", "promised_days"):
        number = _int(data[key])
        if number is None or not 0 <= number <= MAX_DAYS:
            errors[key] = f"{LABELS[key]}应为 0 至 {MAX_DAYS} 之间的整数（0 表示即办）"
        data[key] = number
    if (
        "legal_days" not in errors
        and "promised_days" not in errors
        and data["promised_days"] > data["legal_days"]
    ):
        errors["promised_days"] = "承诺办结时限不得超过法定办结时限"
    data["charges"] = bool(data["charges"])
    if data["charges"]:
        for key in ("fee_standard", "fee_basis"):
            if not data[key]:
                errors[key] = f"收费事项请填写{LABELS[key]}"
    else:
        data["fee_standard"], data["fee_basis"] = "", ""
    for key in ("consult_phone", "complaint_phone"):
        value = data[key]
        if value and (not _PHONE.match(value) or sum(c.isdigit() for c in value) < 7 or len(value) > 50):
            errors[key] = f"{LABELS[key]}格式不正确（如 0315-1234567）"
    return data, errors


def clean_material_fields(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    data = {k: values.get(k) for k in MATERIAL_FIELDS}
    errors: dict[str, str] = {}
    data["name"] = re.sub(r"\s+", " ", str(data["name"] or "")).strip()
    data["note"] = re.sub(r"\s+", " ", str(data["note"] or "")).strip()
    if not data["name"]:
        errors["name"] = "请填写材料名称"
    elif len(data["name"]) > 200:
        errors["name"] = "材料名称不超过 200 字"
    if len(data["note"]) > 300:
        errors["note"] = "要求说明不超过 300 字"
    copies = _int(data["copies"] if data["copies"] not in (None, "") else 1)
    if copies is None or not 1 <= copies <= 99:
        errors["copies"] = "份数应为 1 至 99 之间的整数"
    data["copies"] = copies
    if data["medium"] not in Medium.values:
        errors["medium"] = "材料形式应为：" + "、".join(Medium.labels)
    data["required"] = bool(data["required"])
    return data, errors


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# --- Snapshot ------------------------------------------------------------------------------------


def material_snapshot(material: Material) -> dict[str, Any]:
    sample = None
    if material.sample_id:
        s = material.sample
        sample = {"name": material.sample_name, "sha256": s.sha256, "size": s.size, "extension": s.extension}
    return {
        "name": material.name,
        "copies": material.copies,
        "medium": material.medium,
        "required": material.required,
        "note": material.note,
        "sample": sample,
    }


def snapshot(item: ServiceItem) -> dict[str, Any]:
    """Exactly what reviewers approve and what the portal then shows."""
    data = {key: getattr(item, key) for key in ITEM_FIELDS}
    data["materials"] = [
        material_snapshot(m) for m in item.materials.select_related("sample").order_by("order", "pk")
    ]
    return data


# --- Helpers -------------------------------------------------------------------------------------


def _lock(item: ServiceItem) -> ServiceItem:
    return ServiceItem.objects.select_for_update(of=("self",)).select_related("agency").get(pk=item.pk)


def _content_changed(item: ServiceItem, acting_user: User | None, reason: str) -> None:
    """After any change of the working copy: void an open or approved round, back to 草稿."""
    if item.status in EDITED_STATUSES:
        review.supersede(item, acting_user=acting_user, reason=reason)
        item.status = Status.DRAFT
        item.save(update_fields=["status", "updated_at"])
    else:
        item.save(update_fields=["updated_at"])


def _apply(item: ServiceItem, data: dict[str, Any]) -> None:
    for key, value in data.items():
        setattr(item, key, value)
    if not item.implementer:
        item.implementer = item.agency.name


def _check_code(agency: Agency, code: str, pk: int | None) -> None:
    clash = ServiceItem.objects.filter(agency=agency, code=code).exclude(pk=pk).exists()
    if clash:
        raise ValidationError({"code": f"本机关已有事项编码为 {code} 的事项"})


# --- Editing ---------------------------------------------------------------------------------------


@transaction.atomic
def create_item(*, acting_user: User, agency: Agency, **fields: Any) -> ServiceItem:
    require(acting_user, "service_items.edit", agency)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"不能设置的字段：{', '.join(sorted(unknown))}")
    data, errors = clean_item_fields(fields)
    _raise(errors)
    _check_code(agency, data["code"], None)
    item = ServiceItem(agency=agency, created_by=acting_user)
    _apply(item, data)
    item.save()
    record("service_items.create", actor=acting_user, obj=item, detail={"code": item.code, "name": item.name})
    return item


@transaction.atomic
def update_item(item: ServiceItem, *, acting_user: User, **fields: Any) -> ServiceItem:
    require(acting_user, "service_items.edit", item.agency)
    item = _lock(item)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"不能修改的字段：{', '.join(sorted(unknown))}")
    before = {key: getattr(item, key) for key in ITEM_FIELDS}
    data, errors = clean_item_fields(before | fields)
    _raise(errors)
    _check_code(item.agency, data["code"], item.pk)
    _apply(item, data)
    changed = sorted(k for k in ITEM_FIELDS if getattr(item, k) != before[k])
    if changed:
        item.save()
        _content_changed(item, acting_user, "修改了" + "、".join(LABELS[k] for k in changed))
    record("service_items.update", actor=acting_user, obj=item, detail={"changed": changed})
    return item


@transaction.atomic
def add_material(item: ServiceItem, *, acting_user: User, **fields: Any) -> Material:
    require(acting_user, "service_items.edit", item.agency)
    item = _lock(item)
    data, errors = clean_material_fields(fields)
    _raise(errors)
    order = (item.materials.aggregate(n=Max("order"))["n"] or 0) + 1
    material = Material.objects.create(item=item, order=order, **data)
    _content_changed(item, acting_user, f"增加申请材料 {material.name}")
    record(
        "service_items.add_material",
        actor=acting_user,
        obj=item,
        detail={"material": material.pk, "name": material.name},
    )
    return material


@transaction.atomic
def update_material(material: Material, *, acting_user: User, **fields: Any) -> Material:
    item = material.item
    require(acting_user, "service_items.edit", item.agency)
    item = _lock(item)
    material = Material.objects.get(pk=material.pk, item=item)
    before = {k: getattr(material, k) for k in MATERIAL_FIELDS}
    data, errors = clean_material_fields(before | fields)
    _raise(errors)
    for key, value in data.items():
        setattr(material, key, value)
    changed = sorted(k for k in MATERIAL_FIELDS if getattr(material, k) != before[k])
    if changed:
        material.save()
        _content_changed(item, acting_user, f"修改申请材料 {material.name}")
    record(
        "service_items.update_material",
        actor=acting_user,
        obj=item,
        detail={"material": material.pk, "changed": changed},
    )
    return material


@transaction.atomic
def remove_material(material: Material, *, acting_user: User) -> None:
    item = material.item
    require(acting_user, "service_items.edit", item.agency)
    item = _lock(item)
    detail = {"material": material.pk, "name": material.name}
    Material.objects.filter(pk=material.pk, item=item).delete()
    _content_changed(item, acting_user, f"删除申请材料 {detail['name']}")
    record("service_items.remove_material", actor=acting_user, obj=item, detail=detail)


def _store_sample(agency: Agency, name: str, data: bytes, *, acting_user: User | None) -> SampleFile:
    """Check a 样表 (type by extension and content, size) and store it once under its digest (inside
    `attach_sample`, which checks the permission and audits)."""
    try:
        checked = check_attachment(name, data, max_bytes=settings.GONGKAI_ATTACHMENT_MAX_MB * 1024 * 1024)
    except AttachmentError as exc:
        raise ValidationError(str(exc)) from None
    if checked.extension not in SAMPLE_EXTENSIONS:
        raise ValidationError(f"样表只接受 {'、'.join(SAMPLE_EXTENSIONS)} 文件")
    digest = hashlib.sha256(data).hexdigest()
    sample = SampleFile.objects.filter(agency=agency, sha256=digest).first()
    if sample is None:
        sample = SampleFile(
            agency=agency, sha256=digest, extension=checked.extension, size=len(data), uploaded_by=acting_user
        )
        sample.file.save(f"{digest}.{checked.extension}", ContentFile(data), save=False)
        sample.save()
    return sample


def _clean_file_name(name: str) -> str:
    return re.sub(r"[\\/\x00-\x1f]", "_", name).strip()[-200:] or "样表"


@transaction.atomic
def attach_sample(material: Material, *, acting_user: User, name: str, data: bytes) -> Material:
    """Upload the 样表 of a material (replacing an earlier one): an edit, so the item is re-reviewed."""
    item = material.item
    require(acting_user, "service_items.edit", item.agency)
    item = _lock(item)
    material = Material.objects.get(pk=material.pk, item=item)
    name = _clean_file_name(name)
    sample = _store_sample(item.agency, name, data, acting_user=acting_user)
    material.sample, material.sample_name = sample, name
    material.save(update_fields=["sample", "sample_name"])
    _content_changed(item, acting_user, f"上传样表 {name}")
    record(
        "service_items.attach_sample",
        actor=acting_user,
        obj=item,
        detail={"material": material.pk, "name": name, "size": sample.size, "sha256": sample.sha256},
    )
    return material


@transaction.atomic
def remove_sample(material: Material, *, acting_user: User) -> Material:
    item = material.item
    require(acting_user, "service_items.edit", item.agency)
    item = _lock(item)
    material = Material.objects.get(pk=material.pk, item=item)
    if material.sample_id is None:
        raise ValidationError("该材料没有样表")
    detail = {"material": material.pk, "name": material.sample_name}
    material.sample, material.sample_name = None, ""  # the file stays: a published version may name it
    material.save(update_fields=["sample", "sample_name"])
    _content_changed(item, acting_user, f"删除样表 {detail['name']}")
    record("service_items.remove_sample", actor=acting_user, obj=item, detail=detail)
    return material


# --- Review and publication ------------------------------------------------------------------------


@transaction.atomic
def submit_item(item: ServiceItem, *, acting_user: User) -> ServiceItem:
    require(acting_user, "service_items.edit", item.agency)
    item = _lock(item)
    if item.status not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError(f"{item.get_status_display()}的事项不能送审")
    if not item.materials.exists():
        raise ValidationError("请至少填写一项申请材料后再送审")
    review.submit(
        item, agency=item.agency, kind=REVIEW_KIND, snapshot=snapshot(item), acting_user=acting_user
    )
    item.status = Status.IN_REVIEW
    item.save(update_fields=["status", "updated_at"])
    record("service_items.submit", actor=acting_user, obj=item, detail={"code": item.code})
    return item


@transaction.atomic
def review_item(item: ServiceItem, *, acting_user: User, approve: bool, opinion: str) -> ServiceItem:
    """One step of the chain: approve (the last approval completes the review) or return."""
    require(acting_user, "core.review", item.agency)
    item = _lock(item)
    if item.status != Status.IN_REVIEW:
        raise ValidationError("该事项当前不在审核中")
    review_round = review.decide(item, approve=approve, opinion=opinion, acting_user=acting_user)
    if review_round.status == "returned":
        item.status = Status.RETURNED
    elif review_round.status == "approved":
        item.status = Status.APPROVED
    item.save(update_fields=["status", "updated_at"])
    return item


def _publish(item: ServiceItem, *, acting_user: User | None) -> ServiceItem:
    data = snapshot(item)
    if not review.is_approved(item, data):
        raise ValidationError("该事项没有通过审核，或审核通过后内容被修改，不能发布")
    item.public_data = data
    item.is_public = True
    item.version += 1
    item.pub_code, item.pub_name, item.pub_type = item.code, item.name, item.item_type
    item.published_at = timezone.now()
    item.withdrawn_at, item.withdraw_reason = None, ""
    item.status = Status.PUBLISHED
    item.save()
    search.index_item(item)
    portal_cache.changed()
    record(
        "service_items.publish",
        actor=acting_user,
        actor_name="system",
        obj=item,
        detail={"code": item.code, "version": item.version, "snapshot_hash": review.snapshot_hash(data)},
    )
    return item


@transaction.atomic
def publish_item(item: ServiceItem, *, acting_user: User) -> ServiceItem:
    """Publish the approved working copy: it replaces the version the portal shows."""
    require(acting_user, "service_items.publish", item.agency)
    item = _lock(item)
    if item.status != Status.APPROVED:
        raise ValidationError("只有审核通过的事项才能发布")
    return _publish(item, acting_user=acting_user)


@transaction.atomic
def withdraw_item(item: ServiceItem, *, acting_user: User, reason: str) -> ServiceItem:
    """Take the item off the portal (e.g. the matter was cancelled); a notice stays at its address."""
    require(acting_user, "service_items.withdraw", item.agency)
    item = _lock(item)
    if not item.is_public:
        raise ValidationError("该事项没有在门户公开")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError("请填写撤下原因（至少 4 个字）")
    review.supersede(item, acting_user=acting_user, reason="事项撤下")
    item.is_public, item.status = False, Status.WITHDRAWN
    item.withdrawn_at, item.withdraw_reason = timezone.now(), reason[:300]
    item.save(update_fields=["is_public", "status", "withdrawn_at", "withdraw_reason", "updated_at"])
    search.unindex_item(item)
    portal_cache.changed()
    record(
        "service_items.withdraw", actor=acting_user, obj=item, detail={"code": item.code, "reason": reason}
    )
    return item


# --- Bulk import -------------------------------------------------------------------------------


@dataclass
class ImportRow:
    """One checked row of an import file (see imports.py): an item and its materials."""

    line: int
    fields: dict[str, Any]
    materials: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ImportOutcome:
    created: list[ServiceItem] = field(default_factory=list)
    updated: list[ServiceItem] = field(default_factory=list)
    submitted: int = 0


@transaction.atomic
def import_items(
    agency: Agency, rows: Iterable[ImportRow], *, acting_user: User, source: str, submit: bool = False
) -> ImportOutcome:
    """Create or update (by 事项编码) the working copies of many items, as drafts, optionally sending
    each straight to review. Rows are checked by imports.validate first; this re-checks every field,
    so a failure anywhere leaves nothing behind."""
    require(acting_user, "service_items.import", agency)
    if submit:
        require(acting_user, "service_items.edit", agency)
    outcome = ImportOutcome()
    for row in rows:
        data, errors = clean_item_fields(row.fields)
        _raise(errors)
        item = ServiceItem.objects.select_for_update().filter(agency=agency, code=data["code"]).first()
        samples = {}
        if item is None:
            item = ServiceItem(agency=agency, created_by=acting_user, imported=True)
            outcome.created.append(item)
        else:
            samples = {m.name: (m.sample_id, m.sample_name) for m in item.materials.all() if m.sample_id}
            outcome.updated.append(item)
        _apply(item, data)
        item.save()
        item.materials.all().delete()
        for order, values in enumerate(row.materials, 1):
            clean, problems = clean_material_fields(values)
            _raise(problems)
            sample_id, sample_name = samples.get(clean["name"], (None, ""))
            Material.objects.create(
                item=item, order=order, sample_id=sample_id, sample_name=sample_name, **clean
            )
        _content_changed(item, acting_user, "批量导入")
        if submit and item.materials.exists():
            review.submit(
                item, agency=agency, kind=REVIEW_KIND, snapshot=snapshot(item), acting_user=acting_user
            )
            item.status = Status.IN_REVIEW
            item.save(update_fields=["status", "updated_at"])
            outcome.submitted += 1
    record(
        "service_items.import",
        actor=acting_user,
        agency=agency,
        detail={
            "source": source[:200],
            "created": len(outcome.created),
            "updated": len(outcome.updated),
            "submitted": outcome.submitted,
        },
    )
    return outcome
