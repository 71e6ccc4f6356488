"""Public endpoints: apply, track, search, check a report; each with its rate limit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.publications.models import Item
from gongkai.publications.search import index_item
from tests.applications.factories import ID_NUMBER, applicant

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(api_as, staff):
    return api_as(None)


def test_apply_then_track(public, settings):
    response = public.post("/public/bureau-a/applications", applicant())
    assert response.status_code == 201, response.json()
    receipt = response.json()
    assert ID_NUMBER not in response.content.decode()
    assert AuditEvent.objects.filter(action="applications.submit_online").exists()
    tracked = public.post(
        "/public/bureau-a/applications/track", {"number": receipt["number"], "code": receipt["query_code"]}
    )
    assert tracked.status_code == 200
    assert tracked.json()["status"] == "submitted" and tracked.json()["status_label"] == "待确认接收"
    wrong = public.post("/public/bureau-a/applications/track", {"number": receipt["number"], "code": "WRONG"})
    assert wrong.status_code == 404 and "查询码不正确" in wrong.json()["detail"]
    assert public.post("/public/nowhere/applications", applicant()).status_code == 404


def test_apply_is_rate_limited(public, settings):
    settings.GONGKAI_APPLY_PER_HOUR = 2
    codes = [public.post("/public/bureau-a/applications", applicant()).status_code for _ in range(3)]
    assert codes == [201, 201, 429]


def test_tracking_failures_are_limited(public, settings):
    settings.GONGKAI_TRACK_FAILURES = 3
    codes = [
        public.post("/public/bureau-a/applications/track", {"number": "2026-00001", "code": "X"}).status_code
        for _ in range(4)
    ]
    assert codes == [404, 404, 404, 429]
    assert (
        "15 分钟"
        in public.post("/public/bureau-a/applications/track", {"number": "2026-00001", "code": "X"}).json()[
            "detail"
        ]
    )


def test_catalog_and_credit_search_limits(public, settings):
    settings.GONGKAI_API_PUBLIC_PER_MINUTE = 2
    codes = [public.get("/public/catalog/search", q="工作安排").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert public.get("/public/credit/search", q="某某公司").json()["count"] == 0
    short = public.get("/public/credit/search", q="某")
    assert short.status_code == 400 and "过短" in short.json()["detail"]
    assert public.get("/public/credit/search", q="某某公司").status_code == 429


def test_catalog_search_finds_published(public, staff):
    from gongkai.publications import actions

    clerk = staff["clerk"]
    item = actions.create_item(
        acting_user=clerk,
        agency=clerk.agency,
        title="关于开展营商环境专项检查的通知",
        publisher="测试高新区行政审批局",
        formed_on=date(2026, 11, 20),
        category="20.1",
    )

    Item.objects.filter(pk=item.pk).update(
        status="published", published_at=timezone.now(), index_no="x/2026-00001"
    )
    index_item(Item.objects.get(pk=item.pk), "")
    found = public.get("/public/catalog/search", q="营商环境").json()
    assert found["count"] == 1 and found["items"][0]["id"] == item.pk
    assert public.get("/public/catalog/search", q="营商环境", agency="bureau-b").json()["count"] == 0


def test_check_an_uploaded_report(public, settings):
    from gongkai.annual_report import render
    from tests.annual_report.test_check import good_report

    text = render(good_report(), "txt")
    response = public.upload("/public/annual-reports/check", {"file": SimpleUploadedFile("report.txt", text)})
    assert response.status_code == 200, response.json()
    assert response.json()["ok"] is True and response.json()["report"]["year"] == 2023
    junk = public.upload("/public/annual-reports/check", {"file": SimpleUploadedFile("x.txt", b"hello")})
    assert junk.status_code == 400 and "无法读取" in junk.json()["detail"]
    settings.GONGKAI_API_CHECK_MAX_KB = 1
    big = public.upload("/public/annual-reports/check", {"file": SimpleUploadedFile("report.txt", text)})
    assert big.status_code == 413 and "过大" in big.json()["detail"]
