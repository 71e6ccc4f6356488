"""Browser flows of the foundation: login per role, lockout, agency isolation, the 指南."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

ROLE_NAV = {
    "clerk": ("经办人", None),
    "reviewer": ("审核人", None),
    "secrecy": ("保密审查员", None),
    "leader": ("负责人", None),
    "agency_admin": ("机关管理员", None),
    "sysadmin": ("系统管理员", "节假日安排"),
    "auditor": ("审计员", "审计日志"),
}


@pytest.mark.parametrize("role", list(ROLE_NAV))
def test_each_role_logs_in_and_sees_its_navigation(page, login, make_staff, role):
    label, extra_nav = ROLE_NAV[role]
    make_staff(f"user-{role}", "top" if role in ("sysadmin", "auditor") else "a", role)
    login(f"user-{role}", PASSWORD)
    expect(page.get_by_role("heading", name="我的机关")).to_be_visible()
    expect(page.locator(".whoami")).to_contain_text(label)
    nav = page.get_by_role("navigation", name="业务导航")
    if extra_nav:
        expect(nav.get_by_role("link", name=extra_nav)).to_be_visible()
    else:
        expect(nav.get_by_role("link", name="审计日志")).to_have_count(0)
        expect(nav.get_by_role("link", name="节假日安排")).to_have_count(0)
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()


def test_sixth_wrong_password_meets_a_locked_account(page, login, make_staff):
    make_staff("clerk", "a", "clerk")
    for _ in range(4):
        login("clerk", "wrong-password-1")
        expect(page.get_by_role("alert").first).to_contain_text("用户名或密码错误")
    login("clerk", "wrong-password-1")
    expect(page.get_by_role("alert").first).to_contain_text("账户已锁定")
    login("clerk", "wrong-password-1")
    expect(page.get_by_role("alert").first).to_contain_text("账户已锁定")
    login("clerk", PASSWORD)  # the right password no longer opens it
    expect(page.get_by_role("alert").first).to_contain_text("账户已锁定")


def test_agency_a_staff_cannot_open_agency_b_pages(page, login, zone, make_staff):
    make_staff("admin-a", "a", "agency_admin")
    victim = make_staff("victim", "b", "clerk")
    login("admin-a", PASSWORD)
    for url in (
        f"/staff/agencies/{zone['b'].pk}/",
        f"/staff/agencies/{zone['b'].pk}/edit/",
        f"/staff/staff/{victim.pk}/",
    ):
        response = page.goto(url)
        assert response.status in (403, 404), url
    response = page.goto(f"/staff/agencies/{zone['a'].pk}/edit/")
    assert response.status == 200
    page.get_by_label("联系电话").fill("0315-7777777")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("机关信息已保存")
    expect(page.locator("dl.facts")).to_contain_text("0315-7777777")


def test_guide_shows_the_office_contacts(page, zone):
    page.goto("/gk/bureau-a/")
    page.get_by_role("link", name="政府信息公开指南").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("政府信息公开指南")
    guide = page.locator("article")
    for value in ("行政审批局综合科", "测试路 1 号", "0315-1234567", "0315-7654321", "a@example.gov.cn"):
        expect(guide).to_contain_text(value)
