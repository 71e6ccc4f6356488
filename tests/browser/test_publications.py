"""Browser flows of proactive disclosure: the whole life of an item, and the personal-data stop."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.core import review
from gongkai.publications import actions
from gongkai.publications.choices import REVIEW_KIND
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def bureau(zone, make_staff, seeded_calendar, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = {
        "clerk": make_staff("jingban", "a", "clerk"),
        "reviewer": make_staff("shenhe", "a", "reviewer"),
        "leader": make_staff("fuzeren", "a", "leader"),
    }
    steps = [review.Step("初审", "reviewer"), review.Step("负责人签发", "leader")]
    review.set_chain(zone["a"], REVIEW_KIND, steps, acting_user=None)
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


def _open_item(page, title: str):
    page.goto("/staff/publications/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def _decide(page, opinion: str, button: str):
    page.get_by_label("审核意见").fill(opinion)
    page.get_by_role("button", name=button, exact=True).click()


def test_draft_review_return_resubmit_schedule_search_withdraw(page, as_user, bureau):
    title = "关于开展政务服务满意度调查的通知"
    as_user("jingban")
    page.get_by_role("navigation", name="业务导航").get_by_role("link", name="主动公开").click()
    page.get_by_role("link", name="新建信息").click()
    page.get_by_label("名称").fill(title)
    page.get_by_label("公开类别").select_option("20.5")
    page.get_by_label("信息形成（变更）日期").fill(timezone.localdate().isoformat())
    page.get_by_label("文号").fill("高新审批[2026]08号")
    page.get_by_label("正文").fill("为进一步优化政务服务，决定开展满意度调查。\n请各窗口积极配合。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".messages")).to_contain_text("草稿已保存")
    expect(page.locator("dl.facts")).to_contain_text("高新审批〔2026〕8号")
    page.get_by_role("button", name="送审").click()
    expect(page.locator("#item-status")).to_have_text("审核中")

    as_user("shenhe")
    _open_item(page, title)
    _decide(page, "请补充内容概述后重新送审。", "退回")
    expect(page.locator("#item-status")).to_have_text("已退回")

    as_user("jingban")
    _open_item(page, title)
    expect(page.get_by_role("region", name="审核记录")).to_contain_text("请补充内容概述后重新送审。")
    page.get_by_role("link", name="修改", exact=True).click()
    page.get_by_label("内容概述").fill("开展2026年度政务服务满意度调查。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="送审").click()
    expect(page.locator("#item-status")).to_have_text("审核中")

    as_user("shenhe")
    _open_item(page, title)
    _decide(page, "同意。", "同意")
    as_user("fuzeren")
    _open_item(page, title)
    _decide(page, "同意发布。", "签发")
    expect(page.locator("#item-status")).to_have_text("已签发待发布")

    as_user("jingban")
    _open_item(page, title)
    at = timezone.localtime() + timedelta(minutes=10)
    page.get_by_label("定时发布时间").fill(at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator("#item-status")).to_have_text("定时发布")

    # The scheduled job runs (every minute in production); here it runs once, after the set time.
    published = actions.publish_due_items(now=at + timedelta(minutes=1))
    assert [i.title for i in published] == [title]

    page.goto("/gk/bureau-a/")
    page.get_by_label("站内搜索").fill("满意")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_role("heading", name="共找到 1 条结果")).to_be_visible()
    expect(page.locator("ol.results mark").first).to_have_text("满意")
    page.locator("ol.results h3 a").first.click()
    expect(page.locator("table.meta-block")).to_contain_text(published[0].index_no)
    expect(page.locator("table.meta-block")).to_contain_text("高新审批〔2026〕8号")
    address = page.url

    as_user("fuzeren")
    _open_item(page, title)
    page.get_by_label("撤回原因").fill("调查方案调整，另行发布。")
    page.get_by_role("button", name="撤回").click()
    expect(page.locator("#item-status")).to_have_text("已撤回")
    response = page.goto(address)
    assert response.status == 410
    expect(page.get_by_role("heading", name="该信息已撤回")).to_be_visible()
    expect(page.locator(".notice")).to_contain_text("调查方案调整，另行发布。")
    page.goto("/search/?q=满意")
    expect(page.get_by_role("heading", name="共找到 0 条结果")).to_be_visible()


def test_draft_with_an_id_number_cannot_be_signed_off_until_masked(page, as_user, bureau, zone):
    title = "关于申请人材料补正情况的说明"
    actions.create_item(
        acting_user=bureau["clerk"],
        agency=zone["a"],
        title=title,
        category="20.15",
        formed_on=timezone.localdate(),
        body="申请人张某某，身份证号码11010519491231002X，已补正全部材料。",
    )
    as_user("jingban")
    _open_item(page, title)
    expect(page.get_by_role("region", name="个人信息检查")).to_contain_text("110105********002X")
    expect(page.get_by_role("region", name="个人信息检查")).not_to_contain_text("11010519491231002X")
    page.get_by_role("button", name="送审").click()
    as_user("shenhe")
    _open_item(page, title)
    _decide(page, "同意。", "同意")

    as_user("fuzeren")
    _open_item(page, title)
    expect(page.get_by_role("region", name="审核").get_by_role("alert")).to_contain_text("不能签发")
    _decide(page, "签发。", "签发")
    expect(page.locator(".messages")).to_contain_text("个人信息尚未处理")
    expect(page.locator("#item-status")).to_have_text("审核中")
    page.get_by_role("button", name="遮盖").click()
    expect(page.locator(".messages")).to_contain_text("已遮盖")
    expect(page.locator("#item-status")).to_have_text(
        "草稿"
    )  # changed after submission: back through the chain
    expect(page.locator(".doc-body")).to_contain_text("110105********002X")

    as_user("jingban")
    _open_item(page, title)
    page.get_by_role("button", name="送审").click()
    as_user("shenhe")
    _open_item(page, title)
    _decide(page, "已遮盖，同意。", "同意")
    as_user("fuzeren")
    _open_item(page, title)
    _decide(page, "签发。", "签发")
    expect(page.locator("#item-status")).to_have_text("已签发待发布")
