"""Browser: axe-core (WCAG 2.0/2.1 A and AA) finds no serious or critical violation on any portal
page type, in the standard and the large-text mode; the large-text mode works without script."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.portal import data

pytestmark = pytest.mark.browser


@pytest.fixture
def site(zone, make_staff, seeded_calendar, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_APPLY_MIN_SECONDS = 0
    return data.build_site(zone, make_staff)


@pytest.fixture
def axe_page(browser, live_server, settings):
    """A page whose context lets axe's injected script run despite the pages' CSP."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _pages(site) -> list[tuple[str, str]]:
    item = site["items"][0]
    service = site["service"]
    from gongkai.credit.models import CreditRecord

    record = CreditRecord.objects.filter(item_code="AB0001").first()
    return [
        ("全区首页", "/"),
        ("机关首页", "/gk/bureau-a/"),
        ("政府信息公开指南", "/gk/bureau-a/guide/"),
        ("政府信息公开制度", "/gk/bureau-a/rules/"),
        ("法定主动公开内容", "/gk/bureau-a/statutory/"),
        ("政府信息公开年报", "/gk/bureau-a/annual/"),
        ("目录（按类别）", "/gk/bureau-a/list/?category=20.5"),
        ("全部机关目录", "/catalog/"),
        ("规章和规范性文件", "/gk/bureau-a/register/"),
        ("信息页", item.get_absolute_url()),
        ("全站搜索结果", "/search/all/?q=食品经营"),
        ("全站搜索（单类分页）", "/search/all/?q=食品经营&type=services"),
        ("目录搜索结果", "/search/?q=食品经营"),
        ("双公示列表", "/gk/bureau-a/sgs/"),
        ("双公示查询", "/sgs/?q=有限公司"),
        ("双公示详情", f"/gk/bureau-a/sgs/{record.pk}/"),
        ("政务服务事项列表", "/gk/bureau-a/services/"),
        ("全区政务服务事项", "/services/"),
        ("政务服务事项详情", service.get_absolute_url()),
        ("依申请公开申请表", "/gk/bureau-a/apply/"),
        ("依申请公开查询", "/gk/bureau-a/apply/track/"),
        ("监督", "/gk/bureau-a/supervision/"),
        ("全区监督", "/supervision/"),
        ("投诉举报表", "/gk/bureau-a/supervision/complaint/"),
        ("投诉举报查询", "/supervision/track/"),
    ]


def test_every_portal_page_type_passes_axe(axe_page, site):
    page = axe_page
    for label, url in _pages(site):
        response = page.goto(url)
        assert response.status == 200, f"{label} {url}: {response.status}"
        assert_accessible(page, f"{label} {url}")


def test_form_errors_receipt_and_case_pages_pass_axe(axe_page, site, zone):
    page = axe_page
    page.goto("/gk/bureau-a/supervision/complaint/")
    page.get_by_role("button", name="提交").click()  # every field missing: the error state
    expect(page.locator(".error").first).to_be_visible()
    assert_accessible(page, "投诉举报表（有错误）")
    page.get_by_label("举报", exact=True).check()
    page.get_by_label("事由").fill("公开指南中的电话号码已停用")
    page.get_by_label("具体内容（事实和理由）").fill("按公开指南中的电话号码多次拨打均为空号，请核实更新。")
    page.get_by_label("我已阅读并知悉上述个人信息处理告知").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("投诉举报已提交")
    assert_accessible(page, "投诉举报回执")
    page.get_by_role("link", name="查看办理情况").click()
    expect(page.locator("#complaint-status")).to_have_text("待受理")
    assert_accessible(page, "投诉举报办理情况")
    page.goto("/gk/bureau-a/apply/track/")
    page.get_by_role("button", name="查询").click()
    assert_accessible(page, "依申请公开查询（有错误）")


def test_large_text_mode_without_script(axe_page, site):
    page = axe_page
    page.goto("/gk/bureau-a/")
    body_size = "() => parseFloat(getComputedStyle(document.body).fontSize)"
    assert page.evaluate(body_size) == 16
    page.get_by_role("link", name="大字版").click()
    expect(page.locator("body")).to_have_class(re.compile(r"\ba11y-large\b"))
    assert page.evaluate(body_size) >= 20
    h1 = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert h1 >= 30
    assert_accessible(page, "大字版机关首页")
    # Kept by a cookie on every other page, and cached apart from the standard pages.
    page.get_by_role("navigation", name="公开栏目").get_by_role("link", name="政务服务事项").click()
    expect(page.locator("body")).to_have_class(re.compile(r"\ba11y-large\b"))
    page.get_by_role("link", name="食品经营许可").click()
    assert page.evaluate(body_size) >= 20
    assert_accessible(page, "大字版事项详情")
    page.get_by_role("link", name="标准版（恢复正常字号）").click()
    expect(page.locator("body")).not_to_have_class(re.compile(r"\ba11y-large\b"))
    page.goto("/gk/bureau-a/")
    assert page.evaluate(body_size) == 16


def test_scripts_are_not_needed(browser, live_server, site):
    """Every portal page works with JavaScript off (the forms are plain GET/POST)."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("选择机关").select_option("bureau-a")
    page.get_by_role("button", name="在线申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("政府信息公开申请表")
    page.goto("/")
    page.get_by_label("站内搜索（政府信息、政务服务事项、双公示）").fill("食品经营")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_role("region", name="政务服务事项（1 条）")).to_be_visible()
    context.close()
