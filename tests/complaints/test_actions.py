"""The complaints channel's actions: who handles a case (Art. 51), validation, the small case's
transitions with permissions and audit, hashed query codes and the annual report's counts."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.complaints import actions
from gongkai.complaints.choices import Status
from gongkai.complaints.models import Complaint
from gongkai.complaints.report import complaint_counts

from .conftest import COMPLAINT


def test_handler_is_the_level_up_or_the_top_itself(zone):
    assert actions.handler_for(zone["a"]) == zone["top"]
    assert actions.handler_for(zone["top"]) == zone["top"]


def test_submission_numbers_hashes_the_code_and_audits(zone):
    complaint, code = actions.submit_complaint(agency=zone["a"], data=COMPLAINT)
    year = timezone.localdate().year
    assert complaint.number == f"JD{year}00001" and complaint.handler == zone["top"]
    assert len(code) == 8 and code not in complaint.query_code_hash
    assert actions.check_query_code(complaint, code) and actions.check_query_code(complaint, code.lower())
    assert not actions.check_query_code(complaint, "WRONGCOD")
    second, _ = actions.submit_complaint(agency=zone["b"], data=COMPLAINT | {"kind": "report"})
    assert second.number == f"JD{year}00002"
    event = AuditEvent.objects.get(action="complaints.submit", object_id=str(complaint.pk))
    assert event.actor_name == "公众（网上投诉举报）" and event.agency_id == zone["top"].pk
    assert "0315" not in str(event.detail) and "王某" not in str(event.detail)


def test_validation(zone):
    with pytest.raises(ValidationError) as exc:
        actions.submit_complaint(
            agency=zone["a"], data=COMPLAINT | {"name": "", "phone": "", "content": "太慢"}
        )
    assert set(exc.value.message_dict) == {"name", "phone", "content"}
    report, _ = actions.submit_complaint(
        agency=zone["a"],
        data={"kind": "report", "title": "指南过期", "content": "公开指南中的电话号码已经停用多年。"},
    )
    assert report.name == "" and report.status == Status.RECEIVED  # 举报 may be anonymous
    with pytest.raises(ValidationError) as exc:
        actions.submit_complaint(agency=zone["a"], data=COMPLAINT | {"phone": "abc", "email": "not-mail"})
    assert set(exc.value.message_dict) == {"phone", "email"}
    with pytest.raises(ValidationError, match="工作人员登记"):
        actions.submit_complaint(agency=zone["a"], data=COMPLAINT, channel="phone")


def test_staff_registration_needs_the_handling_office(zone, staff):
    with pytest.raises(PermissionDenied):
        actions.submit_complaint(
            agency=zone["a"], data=COMPLAINT, acting_user=staff["a_clerk"], channel="phone"
        )
    complaint, _ = actions.submit_complaint(
        agency=zone["a"], data=COMPLAINT, acting_user=staff["top_clerk"], channel="phone"
    )
    assert complaint.channel == "phone"
    assert AuditEvent.objects.get(action="complaints.submit").actor == staff["top_clerk"]


def test_case_transitions_and_permissions(zone, staff):
    complaint, _ = actions.submit_complaint(agency=zone["a"], data=COMPLAINT)
    for user in (staff["a_clerk"], staff["a_leader"], staff["top_reviewer"]):  # the agency complained about
        with pytest.raises(PermissionDenied):
            actions.accept_complaint(complaint, acting_user=user)
    actions.accept_complaint(complaint, acting_user=staff["top_clerk"])
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED and complaint.accepted_by == staff["top_clerk"]
    with pytest.raises(ValidationError):
        actions.accept_complaint(complaint, acting_user=staff["top_clerk"])
    with pytest.raises(ValidationError):
        actions.reply_complaint(complaint, acting_user=staff["top_clerk"], finding="maybe", reply="x" * 20)
    with pytest.raises(ValidationError):
        actions.reply_complaint(
            complaint, acting_user=staff["top_clerk"], finding="substantiated", reply="已改"
        )
    actions.reply_complaint(
        complaint,
        acting_user=staff["top_admin"],
        finding="substantiated",
        reply="经核查属实，已责令限期答复申请人。",
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.closed_by == staff["top_admin"]
    with pytest.raises(ValidationError, match="已办结"):
        actions.reject_complaint(complaint, acting_user=staff["top_clerk"], reason="不属于受理范围")
    actions_logged = set(
        AuditEvent.objects.filter(object_id=str(complaint.pk)).values_list("action", flat=True)
    )
    assert {"complaints.submit", "complaints.accept", "complaints.reply"} <= actions_logged


def test_reject_from_received_and_reply_without_accepting_first(zone, staff):
    first, _ = actions.submit_complaint(agency=zone["a"], data=COMPLAINT)
    with pytest.raises(ValidationError):
        actions.reject_complaint(first, acting_user=staff["top_clerk"], reason="否")
    actions.reject_complaint(first, acting_user=staff["top_clerk"], reason="不属于政府信息公开工作投诉")
    first.refresh_from_db()
    assert first.status == Status.REJECTED and first.reply == "不属于政府信息公开工作投诉"
    second, _ = actions.submit_complaint(agency=zone["a"], data=COMPLAINT)
    actions.reply_complaint(
        second,
        acting_user=staff["top_clerk"],
        finding="unsubstantiated",
        reply="经核查，已在法定期限内答复。",
    )
    second.refresh_from_db()
    assert second.accepted_at is not None and second.status == Status.CLOSED


def test_counts_for_the_annual_report(zone, staff):
    def filed(agency, when: datetime, **data):
        complaint, _ = actions.submit_complaint(agency=agency, data=COMPLAINT | data)
        Complaint.objects.filter(pk=complaint.pk).update(submitted_at=timezone.make_aware(when))
        return complaint

    a = zone["a"]
    closed = filed(a, datetime(2025, 3, 1, 10))
    actions.reply_complaint(
        closed, acting_user=staff["top_clerk"], finding="partly", reply="部分属实，已要求整改完善。"
    )
    rejected = filed(a, datetime(2025, 6, 1, 10), kind="report")
    actions.reject_complaint(rejected, acting_user=staff["top_clerk"], reason="不属于受理范围")
    filed(a, datetime(2025, 12, 31, 23, 30))  # still 2025 in Asia/Shanghai
    filed(a, datetime(2026, 1, 1, 0, 5))
    filed(zone["b"], datetime(2025, 5, 1, 9))
    counts = complaint_counts(a, 2025)
    assert counts == {
        "received": 3,
        "as_complaint": 2,
        "as_report": 1,
        "online": 3,
        "closed": 1,
        "rejected": 1,
        "open": 1,
        "substantiated": 1,
        "handled": 0,
    }
    top = complaint_counts(zone["top"], 2025)
    assert top["received"] == 0 and top["handled"] == 4
    assert complaint_counts(a, 2024)["received"] == 0
