"""The service item actions: validation in Chinese, the review chain, publication of the approved
version (a revision stays offline until published), withdrawal, sample forms, audit and permissions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.core import review
from gongkai.service_items import actions
from gongkai.service_items.choices import REVIEW_KIND, Status
from gongkai.service_items.models import SampleFile, ServiceItem, ServiceSearchDoc
from tests.portal.data import SERVICE_FIELDS, docx_bytes


def _create(staff, zone, **fields):
    values = SERVICE_FIELDS | {"code": "11130200A4000117001", "name": "食品经营许可"} | fields
    return actions.create_item(acting_user=staff["clerk"], agency=zone["a"], **values)


def test_fields_are_checked_with_chinese_messages(staff, zone):
    with pytest.raises(ValidationError) as exc:
        _create(staff, zone, promised_days=30, legal_days=20, consult_phone="abc", code="x", name="")
    errors = exc.value.message_dict
    assert errors["promised_days"] == ["承诺办结时限不得超过法定办结时限"]
    assert "格式不正确" in errors["consult_phone"][0]
    assert "字母、数字和连字符" in errors["code"][0]
    assert errors["name"] == ["请填写事项名称"]
    with pytest.raises(ValidationError) as exc:
        _create(staff, zone, charges=True)
    assert set(exc.value.message_dict) == {"fee_standard", "fee_basis"}
    with pytest.raises(ValidationError) as exc:
        _create(staff, zone, legal_days=400)
    assert "0 至 365" in exc.value.message_dict["legal_days"][0]


def test_defaults_and_unique_code_per_agency(staff, zone):
    item = _create(staff, zone, implementer="")
    assert item.implementer == zone["a"].name and item.status == Status.DRAFT
    with pytest.raises(ValidationError) as exc:
        _create(staff, zone)
    assert "已有事项编码" in exc.value.message_dict["code"][0]


def test_no_fee_clears_fee_fields(staff, zone):
    item = _create(staff, zone, charges=False, fee_standard="每件 10 元", fee_basis="某文件")
    assert (item.fee_standard, item.fee_basis) == ("", "")


def test_only_own_agency_clerks_edit(staff, zone):
    with pytest.raises(PermissionDenied):
        actions.create_item(
            acting_user=staff["clerk_b"], agency=zone["a"], **SERVICE_FIELDS, code="AB12", name="x"
        )
    with pytest.raises(PermissionDenied):
        actions.create_item(
            acting_user=staff["reviewer"], agency=zone["a"], **SERVICE_FIELDS, code="AB12", name="x"
        )


def test_submit_needs_materials_and_goes_through_the_chain(staff, zone):
    item = _create(staff, zone)
    with pytest.raises(ValidationError, match="申请材料"):
        actions.submit_item(item, acting_user=staff["clerk"])
    actions.add_material(
        item, acting_user=staff["clerk"], name="申请书", copies=1, medium="paper", required=True
    )
    actions.submit_item(item, acting_user=staff["clerk"])
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW
    with pytest.raises(ValidationError, match="审核通过"):
        actions.publish_item(item, acting_user=staff["clerk"])
    with pytest.raises(PermissionDenied):  # the chain's step is the leader's
        actions.review_item(item, acting_user=staff["reviewer"], approve=True, opinion="同意")
    actions.review_item(item, acting_user=staff["leader"], approve=False, opinion="依据不全，请补充。")
    item.refresh_from_db()
    assert item.status == Status.RETURNED
    actions.submit_item(item, acting_user=staff["clerk"])
    actions.review_item(item, acting_user=staff["leader"], approve=True, opinion="同意。")
    item.refresh_from_db()
    assert item.status == Status.APPROVED
    with pytest.raises(PermissionDenied):
        actions.publish_item(item, acting_user=staff["reviewer"])
    actions.publish_item(item, acting_user=staff["clerk"])
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.is_public and item.version == 1
    assert item.public_data["materials"][0]["name"] == "申请书"
    assert ServiceSearchDoc.objects.filter(item=item).exists()
    events = list(
        AuditEvent.objects.filter(object_type="service_items.ServiceItem").values_list("action", flat=True)
    )
    for action in ("service_items.create", "service_items.add_material", "service_items.submit",
                   "review.return", "review.approve", "service_items.publish"):  # fmt: skip
        assert action in events


def test_revision_stays_offline_until_published(staff, make_item):
    item = make_item()
    published = item.public_data
    actions.update_item(item, acting_user=staff["clerk"], promised_days=3, name="食品经营许可（新办）")
    item.refresh_from_db()
    assert item.status == Status.DRAFT and item.has_revision
    assert item.public_data == published and item.pub_name == "食品经营许可"
    assert review.current_round(item).status == "superseded"
    actions.submit_item(item, acting_user=staff["clerk"])
    actions.review_item(item, acting_user=staff["leader"], approve=True, opinion="同意。")
    actions.publish_item(item, acting_user=staff["clerk"])
    item.refresh_from_db()
    assert item.version == 2 and item.public_data["promised_days"] == 3
    assert item.pub_name == "食品经营许可（新办）"


def test_an_edit_after_approval_voids_it(staff, zone):
    item = _create(staff, zone)
    actions.add_material(
        item, acting_user=staff["clerk"], name="申请书", copies=1, medium="paper", required=True
    )
    actions.submit_item(item, acting_user=staff["clerk"])
    actions.review_item(item, acting_user=staff["leader"], approve=True, opinion="同意。")
    material = item.materials.get()
    actions.update_material(material, acting_user=staff["clerk"], copies=2)
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    with pytest.raises(ValidationError):
        actions.publish_item(item, acting_user=staff["clerk"])
    assert not review.is_approved(item)


def test_withdraw_and_publish_again(staff, make_item):
    item = make_item()
    with pytest.raises(PermissionDenied):
        actions.withdraw_item(item, acting_user=staff["clerk"], reason="事项已取消")
    with pytest.raises(ValidationError, match="撤下原因"):
        actions.withdraw_item(item, acting_user=staff["leader"], reason="取消")
    actions.withdraw_item(item, acting_user=staff["leader"], reason="该事项已依法取消")
    item.refresh_from_db()
    assert not item.is_public and item.status == Status.WITHDRAWN
    assert not ServiceSearchDoc.objects.filter(item=item).exists()
    with pytest.raises(ValidationError, match="没有在门户公开"):
        actions.withdraw_item(item, acting_user=staff["leader"], reason="该事项已依法取消")
    actions.update_item(item, acting_user=staff["clerk"], hours="工作日全天")
    actions.submit_item(item, acting_user=staff["clerk"])
    actions.review_item(item, acting_user=staff["leader"], approve=True, opinion="恢复办理。")
    actions.publish_item(item, acting_user=staff["clerk"])
    item.refresh_from_db()
    assert item.is_public and item.withdrawn_at is None and item.version == 2


def test_samples_are_checked_stored_once_and_kept(staff, make_item, zone):
    item = make_item()
    material = item.materials.order_by("order").first()
    with pytest.raises(ValidationError, match="不支持"):
        actions.attach_sample(material, acting_user=staff["clerk"], name="a.exe", data=b"MZ....")
    with pytest.raises(ValidationError, match="不符"):
        actions.attach_sample(material, acting_user=staff["clerk"], name="a.docx", data=b"not a zip")
    data = docx_bytes("样表")
    second = item.materials.order_by("order").last()
    actions.attach_sample(second, acting_user=staff["clerk"], name="营业执照（样例）.docx", data=data)
    actions.attach_sample(material, acting_user=staff["clerk"], name="同一文件.docx", data=data)
    assert SampleFile.objects.filter(agency=zone["a"]).count() == 2  # the first item's sample + this one
    published = item.public_data["materials"][0]["sample"]
    actions.remove_sample(material, acting_user=staff["clerk"])
    assert SampleFile.objects.filter(sha256=published["sha256"]).exists()  # still named by version 1


def test_scoping_of_materials_edits(staff, make_item):
    item = make_item()
    material = item.materials.first()
    with pytest.raises(PermissionDenied):
        actions.update_material(material, acting_user=staff["clerk_b"], copies=3)
    with pytest.raises(PermissionDenied):
        actions.remove_material(material, acting_user=staff["clerk_b"])


def test_material_fields_are_checked(staff, make_item):
    item = make_item()
    with pytest.raises(ValidationError) as exc:
        actions.add_material(item, acting_user=staff["clerk"], name="", copies=0, medium="fax", required=True)
    assert set(exc.value.message_dict) == {"name", "copies", "medium"}


def test_kind_is_registered_with_the_review_chains():
    assert REVIEW_KIND in review.kinds()
    assert ServiceItem._meta.verbose_name == "政务服务事项"
