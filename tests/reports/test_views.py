"""The back-office and public pages: what each shows, the drill-down, scoping (404) and permissions (403)."""

from __future__ import annotations

import pytest

from gongkai.reports import actions
from tests.conftest import PASSWORD
from tests.reports.factories import populate
from tests.reports.test_actions import finish

YEAR = 2024


@pytest.fixture
def report(zone, staff, builtin_sets):
    populate(zone["a"])
    return actions.compile_report(zone["a"], YEAR, acting_user=staff["clerk"]).report


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_index_detail_and_every_number_links_to_its_records(client, report, staff):
    login(client, staff["clerk"])
    index = client.get("/staff/reports/")
    assert index.status_code == 200 and "2024 年度报告" in index.content.decode()
    page = client.get(f"/staff/reports/{report.pk}/").content.decode()
    assert "送审前须完成" in page and "重新编制" in page
    assert page.count(f"/staff/reports/{report.pk}/cell/?") == 10 + 25 * 7 + 15
    cell = client.get(f"/staff/reports/{report.pk}/cell/?s=三&row=R1&col=TOT").content.decode()
    assert f'id="cell-shown">{report.tables["section3"]["R1"][-1]}<' in cell
    assert f'id="cell-live">{report.tables["section3"]["R1"][-1]}<' in cell
    credit = client.get(f"/staff/reports/{report.pk}/cell/?s=二&row=licensing&col=value")
    assert credit.status_code == 200 and "文书号" in credit.content.decode()
    docs = client.get(f"/staff/reports/{report.pk}/cell/?s=二&row=normative_documents&col=valid")
    assert "有效性" in docs.content.decode()
    assert client.get(f"/staff/reports/{report.pk}/cell/?s=四&row=RV&col=total").status_code == 200
    fee = client.get(f"/staff/reports/{report.pk}/cell/?s=二&row=fees&col=value").content.decode()
    assert "该金额由本机关填写" in fee
    assert client.get(f"/staff/reports/{report.pk}/cell/?s=三&row=R9&col=NP").status_code == 404


def test_narrative_page_shows_last_years_five_and_the_six_items(client, report, staff):
    login(client, staff["clerk"])
    page = client.get(f"/staff/reports/{report.pk}/narrative/").content.decode()
    assert "上一年度报告的第五部分" in page and "人大代表建议和政协提案办理结果公开情况" in page
    r1 = report.tables["section3"]["R1"][-1]
    response = client.post(
        f"/staff/reports/{report.pk}/narrative/",
        {"one": f"{YEAR}年新收政府信息公开申请{r1 + 1}件。", "five": "问题。", "six": "未收取信息处理费。"},
        follow=True,
    )
    assert "须改正后才能送审" in response.content.decode() and "TX-APPS" in response.content.decode()
    assert client.post(f"/staff/reports/{report.pk}/submit/", follow=True).status_code == 200
    report.refresh_from_db()
    assert report.status == "draft"


def test_compare_preview_json_and_staff_downloads(client, report, staff):
    login(client, staff["clerk"])
    assert "当前数据与报告一致" in client.get(f"/staff/reports/{report.pk}/compare/").content.decode()
    preview = client.get(f"/staff/reports/{report.pk}/preview/").content.decode()
    assert 'class="gk-report"' in preview
    data = client.get(f"/staff/reports/{report.pk}/report.json").json()
    assert data["schema"] == "gongkai.annual-report/1" and data["year"] == YEAR
    docx = client.get(f"/staff/reports/{report.pk}/download/docx/")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_scoping_and_permissions(client, report, staff):
    login(client, staff["clerk_b"])
    assert client.get(f"/staff/reports/{report.pk}/").status_code == 404
    assert client.post(f"/staff/reports/{report.pk}/recompile/").status_code == 404
    client.logout()
    login(client, staff["office"])
    assert client.get(f"/staff/reports/{report.pk}/").status_code == 200  # the office reads its subordinates
    assert client.get(f"/staff/reports/{report.pk}/narrative/").status_code == 403
    client.logout()
    login(client, staff["reviewer"])
    assert client.get("/staff/reports/fees/").status_code == 403


def test_review_and_publish_through_the_pages_then_the_public_column(client, report, staff):
    report = finish(report, staff)
    login(client, staff["clerk"])
    client.post(f"/staff/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == "in_review"
    client.logout()
    login(client, staff["reviewer"])
    page = client.get(f"/staff/reports/{report.pk}/").content.decode()
    assert "审核意见" in page
    client.post(f"/staff/reports/{report.pk}/review/", {"opinion": "同意", "decision": "approve"})
    client.logout()
    report.refresh_from_db()
    for who in ("secrecy", "leader"):
        actions.review_report(report, acting_user=staff[who], approve=True, opinion="同意")
    anonymous = client.get("/gk/bureau-a/annual/2024/")
    assert anonymous.status_code == 404
    login(client, staff["clerk"])
    client.post(f"/staff/reports/{report.pk}/publish/")
    client.logout()
    column = client.get("/gk/bureau-a/annual/").content.decode()
    assert "测试高新区行政审批局2024年政府信息公开工作年度报告" in column
    public = client.get("/gk/bureau-a/annual/2024/").content.decode()
    assert 'class="gk-report"' in public and "三、收到和处理政府信息公开申请情况" in public
    docx = client.get("/gk/bureau-a/annual/2024/docx/")
    assert docx.status_code == 200 and docx["Content-Disposition"].startswith("attachment")
    pdf = client.get("/gk/bureau-a/annual/2024/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    assert client.get("/gk/bureau-a/annual/2024/exe/").status_code == 404
    home = client.get("/gk/bureau-a/").content.decode()
    assert "/gk/bureau-a/annual/2024/" in home


def test_supervision_page_and_export(client, report, staff):
    login(client, staff["office"])
    page = client.get(f"/staff/reports/supervision/?year={YEAR}").content.decode()
    assert "测试高新区行政审批局" in page and "已编制" in page
    assert "vendor/echarts/echarts.min.js" in page and 'id="trend-data"' in page
    assert "趋势数据（图表中的数字）" in page
    export = client.get(f"/staff/reports/supervision/export.xlsx?year={YEAR}")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    from gongkai.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="reports.export").exists()


def test_imports_and_inspections_pages(client, report, staff, zone):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.reports.test_imports import report_text

    login(client, staff["office"])
    upload = SimpleUploadedFile("x.txt", report_text("唐山高新区龙泉街道办事处", broken=True))
    response = client.post(
        "/staff/reports/imports/",
        {"files": [upload], "external_name": "唐山高新区龙泉街道办事处"},
        follow=True,
    )
    assert "已接收 1 份报告" in response.content.decode()
    response = client.post(
        "/staff/reports/inspections/",
        {
            "agency": zone["a"].pk,
            "kind": "irregular",
            "inspected_on": "2026-03-02",
            "scope": "栏目",
            "findings": "问题一\n问题二",
        },
        follow=True,
    )
    assert "已登记检查" in response.content.decode()
    client.logout()
    login(client, staff["clerk"])
    page = client.get("/staff/reports/inspections/").content.decode()
    assert "问题一" in page and "登记整改情况" in page and "登记检查</h2>" not in page


def test_the_agency_configures_its_reports_review_chain(client, report, staff):
    from gongkai.core import review
    from gongkai.reports.choices import REVIEW_KIND

    login(client, staff["admin"])
    assert "设置年度报告审核流程" in client.get("/staff/reports/").content.decode()
    response = client.post("/staff/reports/chain/", {"name_0": "负责人签发", "role_0": "leader"}, follow=True)
    assert "审核流程已保存" in response.content.decode()
    assert review.steps_for(report.agency, REVIEW_KIND) == [review.Step("负责人签发", "leader")]
    client.logout()
    login(client, staff["clerk"])
    assert client.get("/staff/reports/chain/").status_code == 403
