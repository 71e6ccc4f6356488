"""Every state change of a case: the Art. 31 receipt rules, numbering, the transitions and their
guards, permissions, letters, and the audit event written in the same transaction."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.applications import actions, letters
from gongkai.applications.choices import EventKind, LetterKind, ReplyKind, Status
from gongkai.applications.forms import ACTION_FORMS, ACTION_LABELS
from gongkai.applications.models import Application, CaseEvent, Letter
from gongkai.audit.models import AuditEvent
from gongkai.core.workdays import get_index
from tests.applications.factories import ID_NUMBER, applicant

D = date


def audit_actions(application) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="applications.Application", object_id=str(application.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- Intake --------------------------------------------------------------------------------


def test_in_person_registration_is_received_the_same_day_with_a_receipt(make_case):
    case = make_case(D(2026, 9, 18))
    assert case.status == Status.IN_PROGRESS and case.received_on == D(2026, 9, 18)
    assert case.number == "2026-00001" and case.due_date == D(2026, 10, 22) and case.due_kind == "answer"
    receipt = case.letters.get()
    assert receipt.kind == LetterKind.RECEIPT and receipt.number.endswith("〔2026〕1号")
    assert "2026年10月22日" in receipt.body and "当面提交的，以提交之日为收到申请之日" in receipt.body
    assert audit_actions(case) == ["applications.register"]


def test_registered_post_needs_the_signing_date(zone, staff):
    with pytest.raises(ValidationError) as exc:
        actions.register(
            acting_user=staff["clerk"],
            agency=zone["a"],
            data=applicant(),
            channel="registered_post",
            submitted_on=D(2026, 9, 16),
        )
    assert "签收日期" in str(exc.value)
    case, _ = actions.register(
        acting_user=staff["clerk"],
        agency=zone["a"],
        data=applicant(),
        channel="registered_post",
        submitted_on=D(2026, 9, 16),
        received_on=D(2026, 9, 18),
    )
    assert case.received_on == D(2026, 9, 18) and "签收之日" in case.receipt_rule


def test_ordinary_post_waits_for_confirmation_then_gets_a_query_code(zone, staff):
    case, first_code = actions.register(
        acting_user=staff["clerk"],
        agency=zone["a"],
        data=applicant(),
        channel="ordinary_post",
        submitted_on=D(2026, 9, 16),
    )
    assert case.status == Status.SUBMITTED and case.due_date is None and not case.letters.exists()
    with pytest.raises(ValidationError):
        actions.confirm_receipt(
            case, acting_user=staff["clerk"], received_on=D(2026, 9, 18), confirmation=" "
        )
    code = actions.confirm_receipt(
        case, acting_user=staff["clerk"], received_on=D(2026, 9, 18), confirmation="2026年9月18日电话确认"
    )
    case.refresh_from_db()
    assert code and code != first_code and actions.check_query_code(case, code)
    assert not actions.check_query_code(case, first_code)
    assert case.status == Status.IN_PROGRESS and case.due_date == D(2026, 10, 22)
    assert code in case.letters.get(kind=LetterKind.RECEIPT).body


def test_confirmed_channels_need_a_confirmation_note(zone, staff):
    with pytest.raises(ValidationError):
        actions.register(
            acting_user=staff["clerk"],
            agency=zone["a"],
            data=applicant(),
            channel="fax",
            submitted_on=D(2026, 9, 16),
            received_on=D(2026, 9, 17),
        )


def test_online_submission_keeps_its_query_code(zone, staff, seeded_calendar):
    case, code = actions.submit_online(agency=zone["a"], data=applicant())
    assert (
        case.status == Status.SUBMITTED and case.channel == "online" and actions.check_query_code(case, code)
    )
    assert actions.check_query_code(case, code.lower())
    assert (
        actions.confirm_receipt(
            case, acting_user=staff["clerk"], received_on=D(2026, 11, 27), confirmation="系统确认"
        )
        is None
    )
    case.refresh_from_db()
    assert actions.check_query_code(case, code)
    assert "已在网上提交申请时告知" in case.letters.get().body
    assert audit_actions(case) == ["applications.submit_online", "applications.confirm_receipt"]


def test_receipt_date_cannot_be_in_the_future_or_before_submission(zone, staff):
    for submitted, received in ((D(2026, 11, 28), None), (D(2026, 9, 18), D(2026, 9, 17))):
        with pytest.raises(ValidationError):
            actions.register(
                acting_user=staff["clerk"],
                agency=zone["a"],
                data=applicant(),
                channel="registered_post",
                submitted_on=submitted,
                received_on=received or submitted,
            )


def test_case_numbers_are_unique_per_agency_and_year(make_case):
    numbers = [
        (c.agency.slug, c.number)
        for c in (
            make_case(D(2026, 9, 18)),
            make_case(D(2026, 9, 21)),
            make_case(D(2026, 9, 18), agency="b"),
            make_case(D(2025, 12, 19)),
        )
    ]
    assert numbers == [
        ("bureau-a", "2026-00001"),
        ("bureau-a", "2026-00002"),
        ("bureau-b", "2026-00001"),
        ("bureau-a", "2025-00001"),
    ]
    first = Application.objects.get(agency__slug="bureau-a", number="2026-00001")
    first.pk, first.serial = None, 99
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"id_number": "11010519491332002X"}, "id_number"),
        ({"id_type": "credit_code", "id_number": "91350100M000100Y43"}, "id_type"),
        ({"applicant_type": "CE", "contact_person": ""}, "contact_person"),
        ({"applicant_type": "CE", "id_number": "91350100M000100Y44"}, "id_number"),
        ({"delivery_channel": "email", "email": ""}, "email"),
    ],
)
def test_applicant_identity_is_validated(zone, staff, overrides, field):
    with pytest.raises(ValidationError) as exc:
        actions.register(
            acting_user=staff["clerk"],
            agency=zone["a"],
            data=applicant(**overrides),
            channel="in_person",
            submitted_on=D(2026, 9, 18),
        )
    assert field in exc.value.message_dict


# --- Permissions and scoping -----------------------------------------------------------------


def test_roles_without_the_permission_and_other_agencies_are_refused(make_case, staff):
    case = make_case()
    for user in (staff["reviewer"], staff["clerk_b"], staff["auditor"]):
        with pytest.raises(PermissionDenied):
            actions.add_note(case, acting_user=user, text="x")
        with pytest.raises(PermissionDenied):
            actions.reveal_id_number(case, acting_user=user)
    with pytest.raises(PermissionDenied):
        actions.register(
            acting_user=staff["clerk_b"],
            agency=case.agency,
            data=applicant(),
            channel="in_person",
            submitted_on=D(2026, 9, 18),
        )


def test_the_transition_table_refuses_actions_out_of_state(make_case, staff):
    case = make_case()
    with pytest.raises(ValidationError) as exc:
        actions.receive_correction(case, acting_user=staff["clerk"], on=D(2026, 9, 25))
    assert "办理中" in str(exc.value)
    actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.DISCLOSE, on=D(2026, 10, 9), text="见附件")
    with pytest.raises(ValidationError):
        actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.DISCLOSE, on=D(2026, 10, 9))


def test_every_action_has_a_form_and_a_label():
    assert set(actions.TRANSITIONS) == set(ACTION_FORMS) == set(ACTION_LABELS)
    assert all(callable(getattr(actions, name)) for name in actions.TRANSITIONS)


def test_allowed_actions_follow_state_guards_and_roles(make_case, staff):
    assert "request_extension" not in actions.allowed_actions(make_case(), staff["clerk"])  # overdue
    case = make_case(D(2026, 11, 20))
    clerk_actions = actions.allowed_actions(case, staff["clerk"])
    assert {
        "request_correction",
        "start_consultation",
        "send_fee_notice",
        "request_extension",
        "reply",
    } <= set(clerk_actions)
    assert "decide_extension" not in clerk_actions and "confirm_receipt" not in clerk_actions
    assert actions.allowed_actions(case, staff["reviewer"]) == []
    assert actions.allowed_actions(case, staff["clerk_b"]) == []
    actions.request_extension(case, acting_user=staff["clerk"], days=10, reasons="档案量大")
    assert "decide_extension" in actions.allowed_actions(case, staff["leader"])
    assert "request_extension" not in actions.allowed_actions(case, staff["clerk"])


# --- 补正 -------------------------------------------------------------------------------------


def test_correction_once_then_the_clock_restarts(make_case, staff):
    case = make_case(D(2026, 9, 18))
    letter = actions.request_correction(
        case, acting_user=staff["clerk"], items="请写明文件名称", deadline=D(2026, 10, 20), on=D(2026, 9, 22)
    )
    case.refresh_from_db()
    assert (
        letter.kind == LetterKind.CORRECTION
        and "请写明文件名称" in letter.body
        and "2026年10月20日" in letter.body
    )
    assert case.status == Status.AWAITING_CORRECTION and (case.due_date, case.due_kind) == (
        D(2026, 10, 20),
        "correction",
    )
    actions.receive_correction(case, acting_user=staff["clerk"], on=D(2026, 10, 9))
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.due_date == D(2026, 11, 5)
    with pytest.raises(ValidationError) as exc:
        actions.request_correction(
            case, acting_user=staff["clerk"], items="再补", deadline=D(2026, 11, 20), on=D(2026, 10, 12)
        )
    assert "一次" in str(exc.value)


def test_a_late_correction_notice_is_flagged(make_case, staff):
    case = make_case(D(2026, 9, 18))
    actions.request_correction(
        case, acting_user=staff["clerk"], items="x", deadline=D(2026, 10, 30), on=D(2026, 10, 9)
    )
    event = AuditEvent.objects.get(action="applications.request_correction")
    assert event.detail["late"] is True


def test_no_correction_reply_only_after_the_deadline(make_case, staff):
    case = make_case(D(2026, 9, 18))
    actions.request_correction(
        case, acting_user=staff["clerk"], items="x", deadline=D(2026, 10, 20), on=D(2026, 9, 22)
    )
    with pytest.raises(ValidationError):
        actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.NO_CORRECTION, on=D(2026, 10, 20))
    with pytest.raises(ValidationError):
        actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.DISCLOSE, on=D(2026, 10, 21))
    letter = actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.NO_CORRECTION, on=D(2026, 10, 21))
    case.refresh_from_db()
    assert case.reply_row == "R3.6.1" and letter.kind == LetterKind.REPLY_TERMINATED
    assert "第三十条" in letter.body and "未在补正期限内补正" in letter.body


def test_still_unclear_only_after_a_correction(make_case, staff):
    case = make_case(D(2026, 9, 18))
    with pytest.raises(ValidationError):
        actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.STILL_UNCLEAR, on=D(2026, 10, 9))


# --- Consultation ------------------------------------------------------------------------------


def test_consultation_pauses_the_clock_and_letters_the_third_party(make_case, staff):
    case = make_case(D(2026, 9, 18))
    consultation = actions.start_consultation(
        case,
        acting_user=staff["clerk"],
        kind="third_party",
        party="某建材公司",
        matter="是否同意公开投资数额",
        on=D(2026, 9, 24),
    )
    case.refresh_from_db()
    assert case.status == Status.CONSULTING
    letter = case.letters.get(kind=LetterKind.CONSULTATION)
    assert letter.recipient == "某建材公司" and "第三十二条" in letter.body and "15个工作日" in letter.body
    actions.consultation_delivered(consultation, acting_user=staff["clerk"], on=D(2026, 9, 25))
    with pytest.raises(ValidationError):  # their 15 working days have not run out
        actions.close_consultation(
            consultation, acting_user=staff["clerk"], on=D(2026, 10, 12), outcome="no_answer"
        )
    actions.close_consultation(
        consultation, acting_user=staff["clerk"], on=D(2026, 10, 12), outcome="agreed", opinion="同意"
    )
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.due_date == D(2026, 11, 2)


# --- Fees ----------------------------------------------------------------------------------------


def test_fee_by_volume_notice_and_payment(make_case, staff):
    case = make_case(D(2026, 3, 2))
    letter = actions.send_fee_notice(
        case, acting_user=staff["clerk"], method="volume", pages=2219, on=D(2026, 3, 3)
    )
    case.refresh_from_db()
    assert case.status == Status.AWAITING_FEE and case.fee_amount == 83460
    assert "83460" in letter.body and "第201–2219页" in letter.body
    actions.fee_notice_delivered(case, acting_user=staff["clerk"], on=D(2026, 3, 5))
    case.refresh_from_db()
    assert (case.due_date, case.due_kind) == (D(2026, 4, 2), "fee")
    actions.record_payment(case, acting_user=staff["clerk"], on=D(2026, 3, 20))
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS and case.due_date == D(2026, 4, 17)


def test_fee_by_count_charges_the_nth_application_of_the_month(make_case, staff):
    cases = [make_case(D(2026, 3, 2 + i % 20)) for i in range(11)]
    with pytest.raises(ValidationError):
        actions.send_fee_notice(cases[0], acting_user=staff["clerk"], method="count", on=D(2026, 3, 25))
    eleventh = max(cases, key=lambda c: (c.received_on, c.pk))
    actions.send_fee_notice(eleventh, acting_user=staff["clerk"], method="count", on=D(2026, 3, 25))
    eleventh.refresh_from_db()
    assert (eleventh.fee_units, eleventh.fee_amount) == (11, 100)


def test_unpaid_fee_closes_as_r362_only_after_the_payment_deadline(make_case, staff):
    case = make_case(D(2026, 3, 2))
    actions.send_fee_notice(case, acting_user=staff["clerk"], method="volume", pages=100, on=D(2026, 3, 3))
    with pytest.raises(ValidationError):  # not even delivered: no deadline yet
        actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.NO_FEE, on=D(2026, 4, 3))
    actions.fee_notice_delivered(case, acting_user=staff["clerk"], on=D(2026, 3, 5))
    actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.NO_FEE, on=D(2026, 4, 3))
    case.refresh_from_db()
    assert case.reply_row == "R3.6.2"


# --- Extension and later date ------------------------------------------------------------------


def test_extension_needs_the_leader_and_at_most_twenty_days(make_case, staff, monkeypatch):
    monkeypatch.setattr(actions, "today", lambda: D(2026, 1, 12))
    case = make_case(D(2025, 12, 19))
    request = actions.request_extension(case, acting_user=staff["clerk"], days=15, reasons="档案量大")
    with pytest.raises(PermissionDenied):
        actions.decide_extension(request, acting_user=staff["clerk"], approve=True)
    letter = actions.decide_extension(request, acting_user=staff["leader"], approve=True, opinion="同意")
    case.refresh_from_db()
    assert letter.kind == LetterKind.EXTENSION and "延长15个工作日" in letter.body
    assert case.due_date == get_index().add(D(2025, 12, 19), 35)
    with pytest.raises(ValidationError) as exc:
        actions.request_extension(case, acting_user=staff["clerk"], days=6, reasons="再延")
    assert "5 个工作日" in str(exc.value)
    second = actions.request_extension(case, acting_user=staff["clerk"], days=5, reasons="再延")
    actions.decide_extension(second, acting_user=staff["leader"], approve=True)
    case.refresh_from_db()
    assert case.due_date == D(2026, 2, 14)  # law.md: 20 + 20 working days from 2025-12-19
    with pytest.raises(ValidationError):
        actions.decide_extension(second, acting_user=staff["leader"], approve=True)


def test_no_extension_after_the_deadline(make_case, staff):
    case = make_case(D(2026, 9, 18))  # due 2026-10-22, today is 2026-11-27
    with pytest.raises(ValidationError) as exc:
        actions.request_extension(case, acting_user=staff["clerk"], days=10, reasons="x")
    assert "届满" in str(exc.value)


def test_refused_extension_changes_nothing(make_case, staff, monkeypatch):
    monkeypatch.setattr(actions, "today", lambda: D(2026, 10, 9))
    case = make_case(D(2026, 9, 18))
    request = actions.request_extension(case, acting_user=staff["clerk"], days=10, reasons="x")
    assert (
        actions.decide_extension(request, acting_user=staff["leader"], approve=False, opinion="可按期答复")
        is None
    )
    case.refresh_from_db()
    assert case.due_date == D(2026, 10, 22)
    assert EventKind.EXTENSION_REJECTED in case.events.values_list("kind", flat=True)


def test_art35_later_date_by_the_leader(make_case, staff, monkeypatch):
    monkeypatch.setattr(actions, "today", lambda: D(2026, 10, 9))
    case = make_case(D(2026, 9, 18))
    with pytest.raises(PermissionDenied):
        actions.set_later_date(case, acting_user=staff["clerk"], later=D(2026, 12, 31), reasons="数量大")
    with pytest.raises(ValidationError):
        actions.set_later_date(case, acting_user=staff["leader"], later=D(2026, 10, 20), reasons="数量大")
    letter = actions.set_later_date(
        case, acting_user=staff["leader"], later=D(2026, 12, 31), reasons="申请数量大"
    )
    case.refresh_from_db()
    assert (
        case.due_date == D(2026, 12, 31)
        and letter.kind == LetterKind.LATER_DATE
        and "第三十五条" in letter.body
    )


# --- Replies -----------------------------------------------------------------------------------


def test_partial_disclosure_records_what_was_withheld_and_why(make_case, staff):
    case = make_case(D(2026, 9, 18))
    with pytest.raises(ValidationError):
        actions.reply(
            case, acting_user=staff["clerk"], kind=ReplyKind.PARTIAL, on=D(2026, 10, 9), text="见附件"
        )
    letter = actions.reply(
        case,
        acting_user=staff["clerk"],
        kind=ReplyKind.PARTIAL,
        on=D(2026, 10, 9),
        text="现提供删除商业秘密后的批复文件。",
        withheld_what="企业投资概算明细",
        withheld_ground=ReplyKind.WITHHOLD_THIRD_PARTY,
    )
    case.refresh_from_db()
    assert (case.status, case.reply_row, case.closed_on) == (Status.CLOSED, "R3.2", D(2026, 10, 9))
    assert case.withheld_what == "企业投资概算明细" and case.withheld_ground == ReplyKind.WITHHOLD_THIRD_PARTY
    assert case.due_date is None
    assert letter.kind == LetterKind.REPLY_PARTIAL and letter.issued_on == D(2026, 10, 9)
    body = letter.body
    assert "企业投资概算明细" in body and "第三方合法权益" in body and "第三十七条" in body
    assert "2026年9月18日" in body and "电子邮件" in body  # received date and delivery method
    assert "应当自收到本答复之日起六十日内向测试高新区管理委员会申请行政复议" in body  # review first


def test_not_this_agency_names_the_right_agency(make_case, staff):
    case = make_case()
    with pytest.raises(ValidationError):
        actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.NOT_THIS_AGENCY, on=D(2026, 10, 9))
    letter = actions.reply(
        case,
        acting_user=staff["clerk"],
        kind=ReplyKind.NOT_THIS_AGENCY,
        on=D(2026, 10, 9),
        other_agency="测试高新区财政局",
        other_agency_contact="0315-0000031",
    )
    assert "测试高新区财政局" in letter.body and "第三十六条第（五）项" in letter.body
    assert "也可以自收到本答复之日起六个月内" in letter.body  # either remedy
    case.refresh_from_db()
    assert case.reply_row == "R3.4.1"


@pytest.mark.parametrize(
    ("kind", "row", "letter_kind"),
    [
        (ReplyKind.DISCLOSE, "R3.1", LetterKind.REPLY_DISCLOSE),
        (ReplyKind.WITHHOLD_SECRET, "R3.3.1", LetterKind.REPLY_WITHHOLD),
        (ReplyKind.WITHHOLD_QUERY, "R3.3.8", LetterKind.REPLY_WITHHOLD),
        (ReplyKind.NOT_EXIST, "R3.4.1", LetterKind.REPLY_NOT_EXIST),
        (ReplyKind.NEEDS_CREATION, "R3.4.2", LetterKind.REPLY_UNAVAILABLE),
        (ReplyKind.PETITION, "R3.5.1", LetterKind.REPLY_NOT_HANDLED),
        (ReplyKind.REPEAT, "R3.5.2", LetterKind.REPLY_REPEAT),
        (ReplyKind.CONFIRM, "R3.5.5", LetterKind.REPLY_NOT_HANDLED),
        (ReplyKind.WITHDRAWN, "R3.6.3", LetterKind.REPLY_TERMINATED),
    ],
)
def test_reply_kinds_map_to_rows_letters_and_remedies(make_case, staff, kind, row, letter_kind):
    case = make_case()
    letter = actions.reply(case, acting_user=staff["clerk"], kind=kind, on=D(2026, 10, 9), text="说明")
    case.refresh_from_db()
    assert case.reply_row == row and letter.kind == letter_kind
    review_first = row.startswith("R3.3.")
    assert ("应当自收到本答复之日起六十日内" in letter.body) is review_first
    assert ("六个月内" in letter.body) is not review_first
    assert "{{" not in letter.body


def test_other_needs_a_basis_and_text(make_case, staff):
    case = make_case()
    with pytest.raises(ValidationError):
        actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.OTHER, on=D(2026, 10, 9))
    actions.reply(
        case,
        acting_user=staff["clerk"],
        kind=ReplyKind.OTHER,
        on=D(2026, 10, 9),
        text="申请人死亡，终止办理。",
        basis="申请人死亡",
    )
    case.refresh_from_db()
    assert case.reply_row == "R3.6.3" and case.reply_basis == "申请人死亡"


def test_a_reply_after_the_deadline_is_recorded_as_late(make_case, staff):
    case = make_case(D(2026, 9, 18))
    actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.DISCLOSE, on=D(2026, 10, 23))
    assert AuditEvent.objects.get(action="applications.reply").detail["late"] is True


# --- Letters numbering, audit, privacy ------------------------------------------------------


def test_letters_are_numbered_per_agency_and_year(make_case, staff):
    a1, a2, b1 = make_case(), make_case(), make_case(agency="b")
    actions.request_correction(
        a1, acting_user=staff["clerk"], items="x", deadline=D(2026, 10, 20), on=D(2026, 9, 22)
    )
    serials = list(Letter.objects.filter(agency=a1.agency).order_by("pk").values_list("serial", flat=True))
    assert serials == [1, 2, 3]
    assert b1.letters.get().serial == 1
    assert a2.letters.get().number == "行政审批局依申〔2026〕2号"  # short name + 依申 by default


def test_a_failure_rolls_back_the_change_and_its_audit_event(make_case, staff, monkeypatch):
    case = make_case()
    events, audits = CaseEvent.objects.count(), AuditEvent.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(letters, "fill", broken)
    with pytest.raises(RuntimeError):
        actions.request_correction(
            case, acting_user=staff["clerk"], items="x", deadline=D(2026, 10, 20), on=D(2026, 9, 22)
        )
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert (CaseEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_revealing_the_id_number_is_audited_without_the_number(make_case, staff):
    case = make_case()
    assert case.masked_id_number == "110105********002X"
    assert actions.reveal_id_number(case, acting_user=staff["clerk"]) == ID_NUMBER
    event = AuditEvent.objects.get(action="applications.reveal_id_number")
    assert event.actor == staff["clerk"] and event.object_id == str(case.pk)


def test_no_audit_detail_ever_holds_the_id_number(make_case, staff):
    case = make_case()
    actions.add_note(case, acting_user=staff["clerk"], text=f"核对证件 {ID_NUMBER}")
    actions.reveal_id_number(case, acting_user=staff["clerk"])
    actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.DISCLOSE, on=D(2026, 10, 9))
    dump = json.dumps(list(AuditEvent.objects.values_list("detail", flat=True)), ensure_ascii=False)
    assert ID_NUMBER not in dump


def test_assign_only_to_staff_of_the_agency(make_case, staff):
    case = make_case()
    with pytest.raises(ValidationError):
        actions.assign(case, acting_user=staff["leader"], assignee=staff["clerk_b"])
    actions.assign(case, acting_user=staff["leader"], assignee=staff["leader"])
    case.refresh_from_db()
    assert case.assignee == staff["leader"]


def test_a_date_before_the_calendar_is_refused_not_a_crash(seeded_calendar, zone, make_staff):
    clerk = make_staff("clerk-old", "a", "clerk")
    with pytest.raises(ValidationError, match="不能早于 2000 年"):
        actions.register(
            acting_user=clerk, agency=zone["a"], data={}, channel="in_person", submitted_on=date(109, 10, 29)
        )
