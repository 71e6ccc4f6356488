"""Staff pages (queue, case page, actions, downloads, isolation) and the public pages (apply with
its anti-automation checks, receipt, tracking by POST, the applicant's downloads)."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import actions, antibot
from gongkai.applications.choices import LetterKind, ReplyKind, Status
from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent
from tests.applications.factories import ID_NUMBER, applicant

D = date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- The queue ------------------------------------------------------------------------------


def test_queue_filters_counts_and_order(client, make_case, staff, zone):
    overdue = make_case(D(2026, 9, 18))  # due 2026-10-22
    soon = make_case(D(2026, 10, 30))  # due 2026-11-27 (today)
    fresh = make_case(D(2026, 11, 20), applicant_type="CE")
    closed = make_case(D(2026, 9, 18))
    actions.reply(closed, acting_user=staff["clerk"], kind=ReplyKind.DISCLOSE, on=D(2026, 10, 9))
    make_case(D(2026, 11, 20), agency="b")
    client.force_login(staff["clerk"])
    url = reverse("applications:queue")
    page = client.get(url).content.decode()
    positions = [page.index(c.number) for c in (overdue, soon, fresh)]
    assert positions == sorted(positions)  # by due date
    assert closed.number not in page.split("<tbody>")[1]
    assert (
        "已逾期 <strong>1</strong>" in page
        and "即将到期 <strong>1</strong>" in page
        and "未办结 <strong>3</strong>" in page
    )
    assert "bureau-b" not in page and page.count("2026-00001") == 1

    def numbers(**params):
        body = client.get(url, params).content.decode().split("<tbody>")[1]
        return {c.number for c in (overdue, soon, fresh, closed) if f">{c.number}<" in body}

    assert numbers(due="overdue") == {overdue.number}
    assert numbers(due="soon") == {soon.number}
    assert numbers(applicant_type="CE") == {fresh.number}
    assert numbers(status="closed") == {closed.number}
    assert numbers(status="all") == {overdue.number, soon.number, fresh.number, closed.number}
    assert numbers(channel="online") == set()
    assert numbers(assignee="me") == {overdue.number, soon.number, fresh.number}
    assert numbers(assignee="none") == set()


# --- The case page -----------------------------------------------------------------------------


def test_case_page_masks_the_id_number_and_reveal_is_audited(client, make_case, staff):
    case = make_case()
    client.force_login(staff["clerk"])
    page = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert "110105********002X" in page and ID_NUMBER not in page
    assert "查看期限计算过程" in page and "第 20 个工作日" in page
    assert client.get(reverse("applications:reveal", args=[case.pk])).status_code == 405
    revealed = client.post(reverse("applications:reveal", args=[case.pk]))
    assert revealed.status_code == 200 and ID_NUMBER in revealed.content.decode()  # this response only
    assert (
        AuditEvent.objects.filter(action="applications.reveal_id_number", actor=staff["clerk"]).count() == 1
    )
    again = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert ID_NUMBER not in again
    client.force_login(staff["reviewer"])  # may read the case, may not unmask
    assert ID_NUMBER not in client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert client.post(reverse("applications:reveal", args=[case.pk])).status_code == 403


def test_actions_through_the_case_page(client, make_case, staff):
    case = make_case(D(2026, 11, 20))
    client.force_login(staff["clerk"])
    url = reverse("applications:act", args=[case.pk, "request_correction"])
    bad = client.post(
        url,
        {
            "request_correction-items": "",
            "request_correction-deadline": "2026-12-20",
            "request_correction-on": "2026-11-25",
            "version": case.version,
        },
    )
    assert bad.status_code == 400 and "这个字段是必填项" in bad.content.decode()
    good = client.post(
        url,
        {
            "request_correction-items": "请写明文件名称",
            "request_correction-deadline": "2026-12-20",
            "request_correction-on": "2026-11-25",
            "version": case.version,
        },
    )
    assert good.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.AWAITING_CORRECTION
    refused = client.post(
        url,
        {
            "request_correction-items": "再补",
            "request_correction-deadline": "2026-12-20",
            "request_correction-on": "2026-11-26",
            "version": case.version,
        },
    )
    assert refused.status_code == 400  # guard: one notice only (not even offered any more)
    client.force_login(staff["reviewer"])
    assert (
        client.post(
            reverse("applications:act", args=[case.pk, "add_note"]), {"add_note-text": "x"}
        ).status_code
        == 403
    )
    client.force_login(staff["clerk"])
    assert client.post(reverse("applications:act", args=[case.pk, "no_such_action"])).status_code == 404


def test_extension_approved_by_the_leader_through_the_page(client, make_case, staff):
    case = make_case(D(2026, 11, 20))
    client.force_login(staff["clerk"])
    client.post(
        reverse("applications:act", args=[case.pk, "request_extension"]),
        {"request_extension-days": "20", "request_extension-reasons": "需调取档案", "version": case.version},
    )
    page = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    assert "待负责人审批" in page and "审批延期" not in page
    client.force_login(staff["leader"])
    case.refresh_from_db()
    response = client.post(
        reverse("applications:act", args=[case.pk, "decide_extension"]),
        {"decide_extension-approve": "1", "decide_extension-opinion": "同意", "version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    # 40 working days from 2026-11-20 end in 2027, which has no schedule yet: Mon–Fri, provisional.
    assert case.letters.filter(kind=LetterKind.EXTENSION).exists() and case.due_date == D(2027, 1, 15)
    assert case.due_provisional
    assert "暂定" in client.get(reverse("applications:case", args=[case.pk])).content.decode()


def test_letter_and_attachment_downloads_are_audited(client, zone, staff):
    case, _ = actions.register(
        acting_user=staff["clerk"],
        agency=zone["a"],
        data=applicant(),
        channel="in_person",
        submitted_on=D(2026, 11, 20),
        attachments=[SimpleUploadedFile("申请书.pdf", PDF, "application/pdf")],
    )
    client.force_login(staff["clerk"])
    letter = case.letters.get()
    docx = client.get(reverse("applications:letter", args=[case.pk, letter.pk, "docx"]))
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    assert docx["Content-Disposition"].startswith("attachment;")
    attachment = case.attachments.get()
    download = client.get(reverse("applications:attachment", args=[case.pk, attachment.pk]))
    assert download.content == PDF and download["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(action="applications.download").count() == 2
    assert client.get(reverse("applications:letter", args=[case.pk, letter.pk, "exe"])).status_code == 404


def test_register_page_checks_attachments(client, staff, zone):
    client.force_login(staff["clerk"])
    data = {
        **applicant(),
        "channel": "registered_post",
        "submitted_on": "2026-11-20",
        "received_on": "2026-11-23",
        "confirmation": "挂号信签收",
    }
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    refused = client.post(reverse("applications:register"), {**data, "attachments": [fake]})
    assert refused.status_code == 200 and "内容与其格式不符" in refused.content.decode()
    exe = SimpleUploadedFile("scan.exe", b"MZ", "application/octet-stream")
    assert (
        "不支持的附件格式"
        in client.post(reverse("applications:register"), {**data, "attachments": [exe]}).content.decode()
    )
    ok = client.post(
        reverse("applications:register"), {**data, "attachments": [SimpleUploadedFile("scan.pdf", PDF)]}
    )
    assert ok.status_code == 302
    case = Application.objects.get()
    assert case.received_on == D(2026, 11, 23) and case.attachments.count() == 1


def _pk_routes(case, letter, attachment) -> list[tuple[str, str]]:
    routes = [
        ("get", reverse("applications:case", args=[case.pk])),
        ("post", reverse("applications:reveal", args=[case.pk])),
    ]
    routes += [
        ("post", reverse("applications:act", args=[case.pk, action])) for action in actions.TRANSITIONS
    ]
    routes += [
        ("get", reverse("applications:letter", args=[case.pk, letter.pk, "pdf"])),
        ("get", reverse("applications:attachment", args=[case.pk, attachment.pk])),
        ("get", reverse("appeals:create", args=[case.pk])),
        ("post", reverse("appeals:create", args=[case.pk])),
    ]
    return routes


def test_staff_of_another_agency_get_404_everywhere_and_change_nothing(client, zone, staff, make_staff):
    case, _ = actions.register(
        acting_user=staff["clerk"],
        agency=zone["a"],
        data=applicant(),
        channel="in_person",
        submitted_on=D(2026, 11, 20),
        attachments=[SimpleUploadedFile("a.pdf", PDF)],
    )
    intruder = make_staff("intruder", "b", "clerk", "leader", "agency_admin")
    client.force_login(intruder)
    events, status = AuditEvent.objects.count(), case.status
    for method, url in _pk_routes(case, case.letters.get(), case.attachments.get()):
        response = getattr(client, method)(url, {"add_note-text": "x", "reply-kind": "disclose"})
        assert response.status_code == 404, url
    case.refresh_from_db()
    assert case.status == status and AuditEvent.objects.count() == events
    assert case.number not in client.get(reverse("applications:queue")).content.decode()


def test_supervising_agency_reads_but_cannot_act(client, make_case, make_staff):
    case = make_case(D(2026, 11, 20))
    supervisor = make_staff("sup", "top", "clerk", "leader")
    client.force_login(supervisor)
    page = client.get(reverse("applications:case", args=[case.pk]))
    assert page.status_code == 200 and "action-reply" not in page.content.decode()
    assert (
        client.post(
            reverse("applications:act", args=[case.pk, "add_note"]), {"add_note-text": "x"}
        ).status_code
        == 403
    )
    assert case.number in client.get(reverse("applications:queue")).content.decode()


def test_templates_report_and_notices_pages(client, make_case, staff, zone):
    case = make_case(D(2026, 9, 18))
    client.force_login(staff["admin"])
    url = reverse("applications:template_edit", args=["receipt"])
    assert "{{查询码}}" in client.get(url).content.decode()
    assert "无法识别的占位符" in client.post(url, {"title": "回执", "body": "{{不存在}}"}).content.decode()
    assert client.post(url, {"title": "回执", "body": "{{申请人}}：收到。"}).status_code == 302
    assert actions.template_for(zone["a"], "receipt").body == "{{申请人}}：收到。"
    client.force_login(staff["clerk"])
    assert client.get(url).status_code == 403
    report = client.get(reverse("applications:report"), {"year": 2026}).content.decode()
    assert 'data-row="R1"><th scope="row">一、本年新收政府信息公开申请数量</th><td>1</td>' in report
    actions.raise_notices()
    notices = client.get(reverse("applications:notices")).content.decode()
    assert case.number in notices and "已超过答复期限" in notices


# --- Public pages ---------------------------------------------------------------------------


def _token(age: float = 10.0) -> str:
    return signing.dumps({"t": time.time() - age}, salt=antibot.SALT)


def _apply(client, slug="bureau-a", token=None, **extra):
    data = {**applicant(), "consent": "on", "token": _token() if token is None else token, "website": ""}
    data.update(extra)
    return client.post(reverse("apply:form", args=[slug]), data)


def test_apply_form_shows_the_privacy_notice_and_the_hidden_checks(client, zone):
    page = client.get(reverse("apply:form", args=["bureau-a"])).content.decode()
    assert "个人信息处理告知" in page and "个人信息保护法" in page
    assert 'name="token"' in page and 'name="website"' in page and 'class="hp"' in page
    assert client.get(reverse("apply:form", args=["no-such"])).status_code == 404


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"token": ""}, "表单校验失败"),
        ({"token": "forged:token"}, "表单校验失败"),
        ({"website": "http://spam.example"}, "请勿填写隐藏字段"),
        ({"token": "fresh"}, "提交过快"),
        ({"token": "expired"}, "表单已过期"),
    ],
)
def test_bot_like_posts_are_refused(client, zone, seeded_calendar, extra, message):
    if extra.get("token") == "fresh":
        extra = {"token": antibot.issue_token()}
    elif extra.get("token") == "expired":
        extra = {"token": _token(age=antibot.MAX_AGE_SECONDS + 60)}
    response = _apply(client, **extra)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Application.objects.exists()


def test_an_online_application_gets_a_receipt_and_can_be_tracked(client, zone, staff):
    response = _apply(client, attachments=[SimpleUploadedFile("材料.png", b"\x89PNG\r\n\x1a\n0000")])
    assert response.status_code == 302 and response.url == reverse("apply:done", args=["bureau-a"])
    done = client.get(response.url).content.decode()
    case = Application.objects.get()
    assert case.status == Status.SUBMITTED and case.channel == "online" and case.attachments.count() == 1
    code = done.split('class="query-code">')[1].split("<")[0]
    assert case.number in done and actions.check_query_code(case, code)
    assert client.get(reverse("apply:done", args=["bureau-a"])).status_code == 302  # shown once
    assert AuditEvent.objects.filter(
        action="applications.submit_online", actor_name="公众（网上申请）"
    ).exists()

    other = client_class_new(client)
    track = reverse("apply:track", args=["bureau-a"])
    wrong = other.post(track, {"number": case.number, "code": "WRONGCOD"})
    assert wrong.status_code == 400 and "不正确" in wrong.content.decode()
    assert other.get(reverse("apply:case", args=["bureau-a"])).status_code == 302
    right = other.post(track, {"number": case.number, "code": code.lower()})
    assert right.status_code == 302 and code not in right.url and code.lower() not in right.url
    page = other.get(right.url).content.decode()
    assert "待确认接收" in page and "110105********002X" in page and ID_NUMBER not in page
    # Once staff confirm, the receipt letter appears for download; the applicant sees only their letters.
    actions.confirm_receipt(
        case, acting_user=staff["clerk"], received_on=D(2026, 11, 27), confirmation="系统确认"
    )
    actions.start_consultation(
        case, acting_user=staff["clerk"], kind="third_party", party="某公司", matter="是否同意公开"
    )
    receipt = case.letters.get(kind=LetterKind.RECEIPT)
    consultation = case.letters.get(kind=LetterKind.CONSULTATION)
    page = other.get(right.url).content.decode()
    assert receipt.title in page and consultation.title not in page
    pdf = other.get(reverse("apply:letter", args=["bureau-a", receipt.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert other.get(reverse("apply:letter", args=["bureau-a", consultation.pk, "pdf"])).status_code == 404
    assert other.get(reverse("apply:letter", args=["bureau-b", receipt.pk, "pdf"])).status_code == 404


def client_class_new(client):
    return type(client)()


def test_submissions_are_rate_limited_per_address(client, zone, seeded_calendar, settings):
    settings.GONGKAI_APPLY_PER_HOUR = 2
    assert _apply(client).status_code == 302
    assert _apply(client).status_code == 302
    third = _apply(client)
    assert third.status_code == 429 and "过于频繁" in third.content.decode()
    assert Application.objects.count() == 2


def test_tracking_failures_are_limited(client, zone, staff, settings):
    settings.GONGKAI_TRACK_FAILURES = 3
    case, code = actions.submit_online(agency=zone["a"], data=applicant())
    url = reverse("apply:track", args=["bureau-a"])
    for _ in range(3):
        assert client.post(url, {"number": case.number, "code": "AAAAAAAA"}).status_code == 400
    blocked = client.post(url, {"number": case.number, "code": code})
    assert blocked.status_code == 429 and "次数过多" in blocked.content.decode()


def test_a_case_of_one_agency_cannot_be_tracked_on_another(client, zone, seeded_calendar):
    case, code = actions.submit_online(agency=zone["a"], data=applicant())
    response = client.post(reverse("apply:track", args=["bureau-b"]), {"number": case.number, "code": code})
    assert response.status_code == 400


def test_agency_home_links_to_apply_and_track(client, zone):
    page = client.get(reverse("portal:agency_home", args=["bureau-a"])).content.decode()
    assert (
        reverse("apply:form", args=["bureau-a"]) in page and reverse("apply:track", args=["bureau-a"]) in page
    )
