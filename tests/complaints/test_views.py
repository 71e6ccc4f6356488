"""The public complaint form (anti-automation, receipt), tracking by POST only, and the staff pages."""

from __future__ import annotations

import re

from gongkai.complaints import actions
from gongkai.complaints.models import Complaint

from .conftest import COMPLAINT


def _form(client, slug="bureau-a"):
    page = client.get(f"/gk/{slug}/supervision/complaint/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return page, token


def test_file_a_complaint_and_track_it(client, zone, staff):
    page, token = _form(client)
    assert "个人信息处理告知" in page and "测试高新区管理委员会" in page
    response = client.post(
        "/gk/bureau-a/supervision/complaint/", COMPLAINT | {"token": token, "website": "", "consent": "on"}
    )
    assert response.status_code == 302 and response["Location"] == "/gk/bureau-a/supervision/complaint/done/"
    receipt = client.get(response["Location"]).content.decode()
    number = re.search(r'id="receipt-number">([^<]+)<', receipt).group(1)
    code = re.search(r'id="receipt-code">([^<]+)<', receipt).group(1)
    complaint = Complaint.objects.get(number=number)
    assert complaint.agency == zone["a"] and complaint.channel == "online"
    assert client.get("/gk/bureau-a/supervision/complaint/done/").status_code == 302  # shown once
    # Tracking: a fresh visitor, codes only in the POST body.
    client.cookies.clear()
    assert client.get("/supervision/case/").status_code == 302
    wrong = client.post("/supervision/track/", {"number": number, "code": "AAAAAAAA"})
    assert wrong.status_code == 400 and "不正确" in wrong.content.decode()
    found = client.post("/supervision/track/", {"number": number.lower(), "code": code})
    assert found.status_code == 302 and found["Location"] == "/supervision/case/"
    case = client.get("/supervision/case/").content.decode()
    assert "待受理" in case and code not in case
    actions.reply_complaint(
        complaint,
        acting_user=staff["top_clerk"],
        finding="substantiated",
        reply="经核查属实，已责令限期答复。",
    )
    case = client.get("/supervision/case/").content.decode()
    assert "已办结" in case and "经核查属实，已责令限期答复。" in case
    client.post("/supervision/case/leave/")
    assert client.get("/supervision/case/").status_code == 302


def test_bots_are_refused(client, zone, settings):
    _, token = _form(client)
    honeypot = client.post(
        "/gk/bureau-a/supervision/complaint/", COMPLAINT | {"token": token, "website": "x", "consent": "on"}
    )
    assert honeypot.status_code == 400 and "隐藏字段" in honeypot.content.decode()
    forged = client.post(
        "/gk/bureau-a/supervision/complaint/", COMPLAINT | {"token": "forged", "consent": "on"}
    )
    assert forged.status_code == 400 and "表单校验失败" in forged.content.decode()
    settings.GONGKAI_APPLY_MIN_SECONDS = 60
    _, token = _form(client)
    fast = client.post("/gk/bureau-a/supervision/complaint/", COMPLAINT | {"token": token, "consent": "on"})
    assert "提交过快" in fast.content.decode()
    assert not Complaint.objects.exists()


def test_rate_limit_per_address(client, zone, settings):
    settings.GONGKAI_COMPLAINTS_PER_HOUR = 2
    for expected in (302, 302, 429):
        _, token = _form(client)
        response = client.post(
            "/gk/bureau-a/supervision/complaint/", COMPLAINT | {"token": token, "consent": "on"}
        )
        assert response.status_code == expected
    assert Complaint.objects.count() == 2


def test_form_errors_and_consent(client, zone):
    _, token = _form(client)
    page = client.post(
        "/gk/bureau-a/supervision/complaint/", COMPLAINT | {"token": token, "name": "", "phone": ""}
    ).content.decode()
    assert "投诉须填写投诉人姓名或名称" in page and "This field is required" not in page
    assert "这个字段是必填项" in page or "必填" in page


def test_tracking_failures_are_limited(client, zone, settings):
    settings.GONGKAI_TRACK_FAILURES = 3
    for _ in range(3):
        client.post("/supervision/track/", {"number": "JD202600001", "code": "AAAAAAAA"})
    blocked = client.post("/supervision/track/", {"number": "JD202600001", "code": "AAAAAAAA"})
    assert blocked.status_code == 429


def test_supervision_pages(client, zone):
    page = client.get("/gk/bureau-a/supervision/").content.decode()
    assert (
        "第五十一条" in page
        and "测试高新区管理委员会" in page
        and "/gk/bureau-a/supervision/complaint/" in page
    )
    top = client.get("/gk/top/supervision/").content.decode()
    assert "政府信息公开工作主管部门" in top
    zone_page = client.get("/supervision/").content.decode()
    assert all(f"/gk/{a.slug}/supervision/complaint/" in zone_page for a in zone.values())


def test_staff_queue_detail_and_actions(client, zone, staff):
    complaint, _ = actions.submit_complaint(agency=zone["a"], data=COMPLAINT)
    client.force_login(staff["a_clerk"])  # the agency complained about does not handle it
    assert complaint.number not in client.get("/staff/complaints/").content.decode()
    assert client.get(f"/staff/complaints/{complaint.pk}/").status_code == 404
    client.force_login(staff["top_clerk"])
    assert complaint.number in client.get("/staff/complaints/").content.decode()
    detail = client.get(f"/staff/complaints/{complaint.pk}/").content.decode()
    assert "王某" in detail and "0315-6543210" in detail and "受理" in detail
    client.post(f"/staff/complaints/{complaint.pk}/accept/")
    client.post(
        f"/staff/complaints/{complaint.pk}/reply/",
        {"finding": "partly", "reply": "部分属实，已要求改进告知工作。"},
    )
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.finding == "partly"
    assert complaint.number not in client.get("/staff/complaints/").content.decode()  # open ones by default
    assert complaint.number in client.get("/staff/complaints/", {"status": "closed"}).content.decode()
    client.force_login(staff["top_reviewer"])
    assert client.post(f"/staff/complaints/{complaint.pk}/accept/").status_code == 403


def test_staff_register_a_phone_complaint(client, zone, staff):
    client.force_login(staff["top_clerk"])
    page = client.get("/staff/complaints/register/").content.decode()
    assert "测试高新区行政审批局" in page
    response = client.post(
        "/staff/complaints/register/",
        COMPLAINT | {"agency": zone["a"].pk, "channel": "phone"},
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "phone" and complaint.handler == zone["top"]
    client.force_login(staff["a_leader"])
    assert client.get("/staff/complaints/register/").status_code == 403
