"""Staff endpoints: the same actions as the UI, scoped to the token user's agency and role."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent
from gongkai.core.workdays import add_workdays
from tests.applications.factories import ID_NUMBER, applicant

pytestmark = pytest.mark.django_db


def register_payload(**overrides):
    return {
        "channel": "in_person",
        "submitted_on": "2026-11-20",
        "applicant": applicant(),
        **overrides,
    }


def test_workdays_add_and_explain(api_as):
    client = api_as("clerk")
    response = client.get("/workdays/add", date="2026-09-30", n=1)
    assert response.status_code == 200
    data = response.json()
    expected = add_workdays(date(2026, 9, 30), 1).date
    assert expected > date(2026, 10, 7)  # the National Day holiday is skipped
    assert data["date"] == expected.isoformat()
    assert data["provisional"] is False and "起算日当天不计" in data["explanation"]
    explained = client.get("/workdays/explain", date="2026-09-30", n=1).json()
    assert explained["date"] == expected.isoformat()
    assert len(explained["days"]) == (expected - date(2026, 9, 30)).days
    assert explained["days"][-1]["working"] is True and explained["days"][0]["working"] is False
    assert client.get("/workdays/add", date="2026-09-30", n=99999).status_code == 422
    assert client.get("/workdays/add", date="2100-12-30", n=100).status_code == 400


def test_fees(api_as):
    client = api_as("clerk")
    assert client.get("/fees", pages=2219).json()["amount"] == 83460
    assert client.get("/fees", count=35).json()["amount"] == 3000
    both = client.get("/fees", pages=1, count=1)
    assert both.status_code == 400 and "pages" in both.json()["detail"]
    assert client.get("/fees").status_code == 400


def test_register_get_list_reply(api_as, staff):
    client = api_as("clerk")
    response = client.post("/applications", register_payload())
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["query_code"] and created["number"].startswith("2026-")
    case = client.get(f"/applications/{created['id']}").json()
    assert case["status"] == "in_progress"
    assert case["id_number_masked"] != ID_NUMBER and ID_NUMBER not in str(case)
    assert case["clock"]["answer_due"] == case["due_date"]
    assert case["clock"]["steps"] and case["clock"]["days"]
    listed = client.get("/applications", status="in_progress", size=5).json()
    assert listed["count"] == 1 and listed["items"][0]["number"] == created["number"]
    assert AuditEvent.objects.filter(action="applications.register", actor=staff["clerk"]).exists()
    reply = client.post(
        f"/applications/{created['id']}/reply",
        {"kind": "disclose", "text": "予以公开，见附件。", "version": case["version"]},
    )
    assert reply.status_code == 200, reply.json()
    assert reply.json()["status"] == "closed"


def test_stale_version_is_a_conflict_in_chinese(api_as, staff):
    client = api_as("clerk")
    pk = client.post("/applications", register_payload()).json()["id"]
    version = client.get(f"/applications/{pk}").json()["version"]
    first = client.post(
        f"/applications/{pk}/events",
        {
            "kind": "request_correction",
            "on": "2026-11-23",
            "items": "请写明文号",
            "deadline": "2026-12-10",
            "version": version,
        },
    )
    assert first.status_code == 200, first.json()
    second = client.post(
        f"/applications/{pk}/reply", {"kind": "disclose", "text": "公开", "version": version}
    )
    assert second.status_code == 409
    assert "已被他人修改" in second.json()["detail"]
    assert Application.objects.get(pk=pk).status == "awaiting_correction"


def test_scoping_other_agency_is_404_and_role_is_403(api_as, staff):
    from gongkai.applications import actions

    case, _code = actions.register(
        acting_user=staff["clerk"],
        agency=staff["clerk"].agency,
        data=applicant(),
        channel="in_person",
        submitted_on=date(2026, 11, 20),
    )
    other = api_as("clerk_b")
    assert other.get(f"/applications/{case.pk}").status_code == 404
    assert other.post(f"/applications/{case.pk}/reply", {"kind": "disclose", "text": "x"}).status_code == 404
    assert other.get("/applications").json()["count"] == 0
    refused = other.post("/applications", register_payload(agency="bureau-a"))
    assert refused.status_code == 404
    auditor = api_as("auditor")  # sees the subtree, may not handle cases
    assert auditor.get(f"/applications/{case.pk}").status_code == 200
    forbidden = auditor.post(f"/applications/{case.pk}/reply", {"kind": "disclose", "text": "x"})
    assert forbidden.status_code == 403 and "无权" in forbidden.json()["detail"]


def test_validation_errors_are_chinese_json(api_as):
    client = api_as("clerk")
    bad = client.post("/applications", register_payload(applicant=applicant(id_number="110105194912310021")))
    assert bad.status_code == 400
    assert "id_number" in bad.json()["errors"]
    malformed = client.post("/applications", {"channel": "in_person"})
    assert malformed.status_code == 422 and "格式不正确" in malformed.json()["detail"]
    assert client.get("/applications", size=1000).status_code == 422


def test_publications_create_submit_get_list(api_as, staff):
    client = api_as("clerk")
    payload = {
        "title": "关于2026年度<script>alert(1)</script>工作安排的通知",
        "publisher": "测试高新区行政审批局",
        "formed_on": "2026-11-20",
        "category": "20.1",
        "body": "正文内容。",
    }
    response = client.post("/publications", payload)
    assert response.status_code == 201, response.json()
    item = response.json()
    assert item["status"] == "draft"
    assert client.get(f"/publications/{item['id']}").json()["title"] == payload["title"]
    assert client.get("/publications", status="draft").json()["count"] == 1
    submitted = client.post(f"/publications/{item['id']}/submit")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "in_review"
    assert api_as("clerk_b").get(f"/publications/{item['id']}").status_code == 404
    assert client.get("/publications/search", q="工作安排").json()["count"] == 0  # not yet published


def test_annual_report_absent_and_other_agency(api_as):
    client = api_as("clerk")
    absent = client.get("/annual-reports/bureau-a/2025")
    assert absent.status_code == 404 and "尚未编制" in absent.json()["detail"]
    assert client.get("/annual-reports/bureau-b/2025").status_code == 404


def test_annual_report_compiled(api_as, staff):
    from gongkai.reports import actions

    actions.compile_report(staff["clerk"].agency, 2025, acting_user=staff["clerk"])
    data = api_as("clerk").get("/annual-reports/bureau-a/2025").json()
    assert data["source"] == "compiled" and data["year"] == 2025
    assert data["report"]["schema"] == "gongkai.annual-report/1"
    assert isinstance(data["findings"], list)


def test_credit_records_scoped(api_as):
    client = api_as("clerk")
    assert client.get("/credit/records").json() == {"count": 0, "page": 1, "size": 20, "items": []}
    assert client.get("/credit/records/999999").status_code == 404
    assert client.get("/credit/imports/999999").status_code == 404
