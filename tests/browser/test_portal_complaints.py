"""Browser: file a complaint about a bureau's disclosure work, note the receipt, the supervising
office replies, and the complainant tracks the case with the 受理编号 and 查询码."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def handlers(zone, make_staff, settings):
    settings.GONGKAI_APPLY_MIN_SECONDS = 0
    return {"top_clerk": make_staff("jianguan", "top", "clerk")}


def test_file_a_complaint_and_track_the_reply(page, browser, live_server, handlers, login):
    page.goto("/gk/bureau-a/")
    page.get_by_role("navigation", name="公开栏目").get_by_role("link", name="监督").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("监督")
    expect(page.locator("main")).to_contain_text("测试高新区管理委员会")
    page.get_by_role("link", name="在线投诉举报").click()
    page.get_by_label("投诉", exact=True).check()
    page.get_by_label("事由").fill("申请超过答复期限未答复")
    page.get_by_label("具体内容（事实和理由）").fill(
        "本人于上月提交的政府信息公开申请已超过二十个工作日，至今未收到答复。"
    )
    page.get_by_label("姓名或名称").fill("王某")
    page.get_by_label("联系电话").fill("0315-6543210")
    page.get_by_label("我已阅读并知悉上述个人信息处理告知").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("投诉举报已提交")
    number = page.locator("#receipt-number").inner_text()
    code = page.locator("#receipt-code").inner_text()
    assert number.startswith("JD") and len(code) == 8
    assert code not in page.url and number not in page.url

    # The supervising office (one level up) accepts and replies in the back office.
    staff = browser.new_context(base_url=live_server.url, locale="zh-CN")
    office = staff.new_page()
    office.goto("/staff/login/")
    office.get_by_label("用户名").fill("jianguan")
    office.get_by_label("密码").fill(PASSWORD)
    office.get_by_role("button", name="登录").click()
    office.get_by_role("navigation", name="业务导航").get_by_role("link", name="投诉举报").click()
    office.get_by_role("link", name=number).click()
    office.get_by_role("button", name="受理").click()
    expect(office.locator("#complaint-status")).to_have_text("办理中")
    office.get_by_text("答复并办结", exact=True).first.click()
    office.get_by_label("核查结论").select_option("substantiated")
    office.get_by_label("答复意见").fill("经核查属实，已责令行政审批局于五个工作日内答复。")
    office.get_by_role("button", name="答复并办结").click()
    expect(office.locator("#complaint-status")).to_have_text("已办结")
    staff.close()

    # A fresh visitor tracks it with the two codes (a POST; nothing in the address).
    visitor = browser.new_context(base_url=live_server.url, locale="zh-CN")
    tracker = visitor.new_page()
    tracker.goto("/supervision/track/")
    tracker.get_by_label("受理编号").fill(number)
    tracker.get_by_label("查询码").fill("WRONG123")
    tracker.get_by_role("button", name="查询").click()
    expect(tracker.get_by_role("alert")).to_contain_text("受理编号或查询码不正确")
    tracker.get_by_label("受理编号").fill(number)
    tracker.get_by_label("查询码").fill(code)
    tracker.get_by_role("button", name="查询").click()
    expect(tracker.locator("#complaint-status")).to_have_text("已办结")
    expect(tracker.locator("#complaint-reply")).to_contain_text("已责令行政审批局于五个工作日内答复")
    assert code not in tracker.url
    visitor.close()
