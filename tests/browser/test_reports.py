"""Browser flow of the annual report: compile → write the narrative → a text-versus-table error blocks
submission → fix → review → publish → the public page and its downloads; the supervising office's
overview with the agency published and an imported report with a 勾稽 error."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from gongkai.reports import jobs
from gongkai.reports.models import AnnualReport, ImportedReport
from tests.conftest import PASSWORD
from tests.reports.factories import populate
from tests.reports.test_imports import report_text

pytestmark = pytest.mark.browser
YEAR = 2024


@pytest.fixture
def season(zone, make_staff, seeded_calendar, settings, tmp_path):
    from importlib import import_module

    from django.apps import apps

    settings.MEDIA_ROOT = tmp_path / "media"
    import_module("gongkai.credit.migrations.0002_builtin_sets_search_schedule").seed(apps, None)
    populate(zone["a"], credit=300, cases=200, publications=150)
    users = {
        "jingban": make_staff("jingban", "a", "clerk"),
        "shenhe": make_staff("shenhe", "a", "reviewer"),
        "baomi": make_staff("baomi", "a", "secrecy"),
        "fuzeren": make_staff("fuzeren", "a", "leader"),
        "jianguan": make_staff("jianguan", "top", "agency_admin", "reviewer"),
    }
    return users


@pytest.fixture
def as_user(page, login):
    def switch(username: str):
        page.goto("/staff/")
        if page.get_by_role("button", name="退出").count():
            page.get_by_role("button", name="退出").click()
        login(username, PASSWORD)
        expect(page.get_by_role("heading", name="我的机关")).to_be_visible()
        return page

    return switch


def _open_report(page):
    page.get_by_role("navigation", name="业务导航").get_by_role("link", name="年度报告").click()
    page.get_by_role("link", name=f"{YEAR} 年度报告").click()


def _narrative(text_one: str, page) -> None:
    page.get_by_role("link", name="编辑正文").first.click()
    page.get_by_label("一、总体情况").fill(text_one)
    page.get_by_label("五、存在的主要问题及改进情况").fill(
        "（一）上年度问题整改情况。上年度报告未提出需要整改的问题。\n"
        "（二）存在的主要问题。部分审批结果更新不够及时。\n（三）改进措施。压实责任，办结即公开。"
    )
    page.get_by_label("六、其他需要报告的事项").fill(
        f"（一）信息处理费收取情况。{YEAR}年未收取信息处理费。\n（二）落实上级年度政务公开工作要点情况。已逐项落实。\n"
        "（三）人大代表建议和政协提案办理结果公开情况。无。\n（四）政务公开工作创新情况。无。"
    )
    page.get_by_role("button", name="保存正文").click()


def test_compile_write_check_review_publish_and_supervise(page, as_user, season, zone, tmp_path):
    as_user("jingban")
    page.get_by_role("navigation", name="业务导航").get_by_role("link", name="年度报告").click()
    page.get_by_label("报告年度").select_option(str(YEAR))
    page.get_by_role("button", name="编制年度报告").click()
    expect(page.locator(".messages")).to_contain_text(f"已编制 {YEAR} 年度报告（第 1 版）")
    expect(page.locator("#report-status")).to_have_text("编制中")
    report = AnnualReport.objects.get(agency=zone["a"], year=YEAR)
    r1 = report.tables["section3"]["R1"][-1]

    # Every number opens the records behind it.
    page.get_by_role("table", name="第三部分 收到和处理政府信息公开申请情况").get_by_role(
        "link", name=str(r1)
    ).first.click()
    expect(page.locator("#cell-live")).to_have_text(str(r1))
    page.go_back()

    # The draft stated the year's facts; the author writes a wrong count: an error, submission refused.
    draft_one = report.narrative["一"]
    _narrative(draft_one.replace(f"新收政府信息公开申请{r1}件", f"新收政府信息公开申请{r1 + 5}件"), page)
    expect(page.locator(".messages")).to_contain_text("须改正后才能送审")
    expect(page.locator("#findings")).to_contain_text("TX-APPS")
    page.get_by_role("button", name="送审").click()
    expect(page.locator(".messages")).to_contain_text("TX-APPS")
    expect(page.locator("#report-status")).to_have_text("编制中")

    # Fix it, enter the fee with its source, acknowledge the warnings, submit.
    _narrative(draft_one, page)
    expect(page.locator(".messages")).to_contain_text("已保存")
    page.get_by_label("本年行政事业性收费金额（万元）").fill("0")
    page.get_by_label("金额来源").fill("本局无行政事业性收费项目（收费目录清单）")
    page.get_by_role("button", name="保存收费金额").click()
    expect(page.locator(".messages")).to_contain_text("已保存行政事业性收费金额")
    boxes = page.get_by_label("确认此警告")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    if boxes.count():
        page.get_by_role("button", name="确认所选警告").click()
        expect(page.locator(".messages")).to_contain_text("已确认所选警告")
    page.get_by_role("button", name="送审").click()
    expect(page.locator("#report-status")).to_have_text("审核中")

    for username, button in (("shenhe", "同意"), ("baomi", "同意"), ("fuzeren", "签发")):
        as_user(username)
        _open_report(page)
        page.get_by_label("审核意见").fill("经审核，数据与台账一致，同意。")
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.locator(".messages")).to_contain_text("已审核通过")
    expect(page.locator("#report-status")).to_have_text("已签发待发布")

    as_user("jingban")
    _open_report(page)
    page.get_by_role("button", name="发布").click()
    expect(page.locator("#report-status")).to_have_text("已发布")

    # The public column: the report's tables, and the downloads open.
    page.get_by_role("button", name="退出").click()
    page.goto(f"/gk/{zone['a'].slug}/")
    page.get_by_role("link", name=f"{YEAR}年政府信息公开工作年度报告").click()
    article = page.locator("article.gk-report")
    expect(article).to_contain_text("三、收到和处理政府信息公开申请情况")
    expect(article.locator("table.gk-section3")).to_contain_text("予以公开")
    expect(article.locator("table.gk-section2")).to_contain_text("行政许可")
    for label, magic in (("Word 版（DOCX）", b"PK"), ("PDF 版", b"%PDF-")):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        assert Path(download.value.path()).read_bytes()[: len(magic)] == magic

    # The supervising office: the agency as published; an imported report with a 勾稽 error.
    as_user("jianguan")
    page.get_by_role("navigation", name="业务导航").get_by_role("link", name="年度报告").click()
    page.get_by_role("link", name="导入已发布报告").click()
    upload = tmp_path / "龙泉街道2024年报.txt"
    upload.write_bytes(report_text("唐山高新区龙泉街道办事处", YEAR, broken=True))
    page.get_by_label("报告文件").set_input_files(str(upload))
    page.get_by_label("未使用本系统的机关名称").fill("唐山高新区龙泉街道办事处")
    page.get_by_label("报告年度").select_option(str(YEAR))
    page.get_by_role("button", name="导入").click()
    expect(page.locator(".messages")).to_contain_text("已接收 1 份报告")
    for item in ImportedReport.objects.all():  # what the background worker does
        jobs.process_import(item.pk)
    page.get_by_role("link", name="汇总与监督").click()
    page.get_by_label("报告年度").select_option(str(YEAR))
    page.get_by_role("button", name="查看").click()
    overview = page.locator("#overview")
    expect(overview.locator("tr", has_text=zone["a"].name)).to_contain_text("已发布")
    external = overview.locator("tr", has_text="唐山高新区龙泉街道办事处")
    expect(external).to_contain_text("已发布（导入）")
    external.locator("summary").click()
    expect(external.locator(".finding-list")).to_contain_text("S3-BAL")
    expect(page.locator("#chart-replies canvas")).to_have_count(1)  # ECharts drew the trends
