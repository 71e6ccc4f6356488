"""Two clerks in two browsers act on the same case: the second, acting from a page older than the
first one's action, is told so and nothing of theirs is applied."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from gongkai.applications import actions
from gongkai.applications.models import Application
from tests.applications.factories import TODAY, applicant
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch, settings, seeded_calendar, tmp_path):
    monkeypatch.setattr(actions, "today", lambda: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"


def _login(page, username: str) -> None:
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_the_second_browser_sees_the_conflict(page, browser, live_server, zone, make_staff):
    clerk = make_staff("clerk", "a", "clerk")
    make_staff("clerk2", "a", "clerk")
    case, _ = actions.register(
        acting_user=clerk,
        agency=zone["a"],
        data=applicant(),
        channel="in_person",
        submitted_on=date(2026, 11, 20),
    )
    other_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    other_context.set_default_timeout(15_000)
    other = other_context.new_page()
    try:
        for p, username in ((page, "clerk"), (other, "clerk2")):
            _login(p, username)
            p.goto(f"/staff/applications/{case.pk}/")

        form = page.locator("#action-request_correction")
        form.locator("summary").click()
        form.get_by_label("需要补正的事项").fill("请写明所需许可证的项目名称。")
        form.get_by_role("button", name="补正告知").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("待补正")

        form = other.locator("#action-assign")
        form.locator("summary").click()
        form.get_by_label("经办人").select_option(label="clerk2")
        form.get_by_role("button", name="指定经办人").click()
        expect(other.locator(".messages")).to_contain_text("该案件已被他人修改")
        expect(form.get_by_role("alert")).to_contain_text("请刷新后查看最新情况再操作")
        expect(other.get_by_role("heading", level=1)).to_contain_text("待补正")  # the case as it is now
        assert Application.objects.get(pk=case.pk).assignee == clerk
    finally:
        other_context.close()
