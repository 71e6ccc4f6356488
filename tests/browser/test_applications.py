"""Browser flows of 依申请公开: apply and track; register a postal application; 补正 and correction;
a consultation pause; an extension approved by the 负责人; a partial disclosure downloaded by the
applicant; a case going overdue; agency isolation. Fields are found by their labels."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from gongkai.applications import actions
from gongkai.applications.jobs import daily_notices
from tests.applications.factories import TODAY, applicant
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
D = date


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch, settings, seeded_calendar, tmp_path):
    from django.core.cache import cache

    monkeypatch.setattr(actions, "today", lambda: TODAY)
    settings.GONGKAI_APPLY_MIN_SECONDS = 0  # the robot here is a welcome one; test_views covers the rest
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def people(make_staff):
    return {
        "clerk": make_staff("clerk", "a", "clerk"),
        "leader": make_staff("leader", "a", "leader"),
        "clerk_b": make_staff("clerk-b", "b", "clerk"),
    }


def register(zone, user, received: date, **data):
    return actions.register(
        acting_user=user, agency=zone["a"], data=applicant(**data), channel="in_person", submitted_on=received
    )


def open_action(page, action: str):
    details = page.locator(f"#action-{action}")
    details.locator("summary").click()
    return details


def fill_applicant(page, name: str = "王芳"):
    page.get_by_label("申请人类型").select_option("NP")
    page.get_by_label("申请人姓名或名称").fill(name)
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13903150001")
    page.get_by_label("电子邮箱").fill("wang@example.cn")
    page.get_by_label("通信地址").fill("河北省唐山市示例路 1 号")
    page.get_by_label("所需信息名称").fill("2025年度建设工程规划许可证发放目录")
    page.get_by_label("所需信息的内容描述").fill("请提供2025年核发的建设工程规划许可证目录。")
    page.get_by_label("获取信息的载体形式").select_option("electronic")
    page.get_by_label("获取信息的方式").select_option("email")


def test_apply_online_and_track(page, zone):
    page.goto("/gk/bureau-a/")
    page.get_by_role("link", name="在线申请").click()
    expect(page.get_by_role("heading", name="政府信息公开申请表")).to_be_visible()
    expect(page.locator(".privacy")).to_contain_text("个人信息保护法")
    fill_applicant(page)
    page.get_by_label("我已阅读并知悉上述个人信息处理告知").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    number = page.locator(".case-number").inner_text()
    code = page.locator(".query-code").inner_text()
    assert number == "2026-00001" and len(code) == 8
    page.context.clear_cookies()  # a later visit, without the session
    page.goto("/gk/bureau-a/")
    page.get_by_role("link", name="办理进度查询").click()
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill("WRONG123")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("alert").first).to_contain_text("申请编号或查询码不正确")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name=f"申请 {number} 办理进度")).to_be_visible()
    expect(page.locator(".status")).to_have_text("待确认接收")
    assert code not in page.url


def test_register_a_postal_application(page, login, zone, people):
    login("clerk", PASSWORD)
    page.get_by_role("navigation", name="业务导航").get_by_role("link", name="依申请公开").click()
    page.get_by_role("link", name="登记申请").click()
    page.get_by_label("申请渠道").select_option("registered_post")
    page.get_by_label("提交日期").fill("2026-11-18")
    page.get_by_label("收到申请日期").fill("2026-11-20")
    page.get_by_label("签收或确认情况").fill("挂号信 XA123456789CN 签收")
    fill_applicant(page, "刘洋")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text("已生成登记回执")
    expect(page.get_by_role("heading", level=1)).to_contain_text("申请 2026-00001")
    expect(page.locator("#clock .due")).to_contain_text("2026年12月18日")
    expect(page.locator("#clock")).to_contain_text("2026年11月20日")
    expect(page.get_by_role("region", name="申请内容")).to_contain_text("以行政机关签收之日为收到申请之日")
    expect(page.get_by_role("region", name="文书")).to_contain_text("政府信息公开申请登记回执")
    expect(page.get_by_role("region", name="申请人")).to_contain_text("110105********002X")


def test_correction_then_the_corrected_application(page, login, zone, people):
    case, _ = register(zone, people["clerk"], D(2026, 11, 20))
    login("clerk", PASSWORD)
    page.goto(f"/staff/applications/{case.pk}/")
    form = open_action(page, "request_correction")
    form.get_by_label("需要补正的事项").fill("请写明所需许可证的项目名称。")
    form.get_by_label("补正期限（截止日期）").fill("2026-12-11")
    form.get_by_label("补正告知日期").fill("2026-11-24")
    form.get_by_role("button", name="补正告知").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("待补正")
    expect(page.locator("#clock")).to_contain_text("补正后重新计算")
    expect(page.get_by_role("region", name="文书")).to_contain_text("政府信息公开申请补正告知书")
    expect(page.locator("#action-request_correction")).to_have_count(0)  # one notice only
    form = open_action(page, "receive_correction")
    form.get_by_label("收到补正材料日期").fill("2026-11-26")
    form.get_by_role("button", name="收到补正").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办理中")
    expect(page.locator("#clock .due")).to_contain_text("2026年12月24日")  # 20 working days from 11-26
    page.get_by_text("查看期限计算过程").click()
    expect(page.locator("#clock .steps")).to_contain_text("重新计算")


def test_consultation_pauses_the_clock(page, login, zone, people):
    case, _ = register(zone, people["clerk"], D(2026, 11, 20))
    login("clerk", PASSWORD)
    page.goto(f"/staff/applications/{case.pk}/")
    form = open_action(page, "start_consultation")
    form.get_by_label(re.compile(r"^被征求意见方[:：]?$")).fill("唐山市恒远建材有限公司")
    form.get_by_label("征求意见事项").fill("是否同意公开贵公司的投资数额？")
    form.get_by_label("征求意见发出日期").fill("2026-11-23")
    form.get_by_role("button", name="征求意见").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("征求意见中")
    expect(page.locator("#clock")).to_contain_text("暂停计算中")
    form = open_action(page, "consultation_delivered")
    form.get_by_label("对方收到征求意见日期").fill("2026-11-24")
    form.get_by_role("button", name="记录对方收到征求意见").click()
    form = open_action(page, "close_consultation")
    form.get_by_label("意见结束日期").fill("2026-11-27")
    form.get_by_label("对方意见").select_option("objected")
    form.get_by_role("button", name="结束征求意见").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办理中")
    # (11-23, 11-27] holds 4 working days: the answer is due 4 working days later than 12-18.
    expect(page.locator("#clock .due")).to_contain_text("2026年12月24日")
    page.get_by_text("查看期限计算过程").click()
    expect(page.locator("#clock .explain")).to_contain_text("不计入 4 个工作日")
    expect(page.locator("#clock table")).to_contain_text("暂停，不计入")


def test_extension_approved_by_the_leader(page, login, zone, people):
    case, _ = register(zone, people["clerk"], D(2026, 11, 20))
    login("clerk", PASSWORD)
    page.goto(f"/staff/applications/{case.pk}/")
    form = open_action(page, "request_extension")
    form.get_by_label("延长工作日数").fill("10")
    form.get_by_label("延期理由").fill("需调取历年档案，工作量较大")
    form.get_by_role("button", name="申请延期").click()
    expect(page.get_by_text("待负责人审批")).to_be_visible()
    expect(page.locator("#action-decide_extension")).to_have_count(0)  # a clerk cannot approve
    page.get_by_role("button", name="退出").click()
    login("leader", PASSWORD)
    page.goto(f"/staff/applications/{case.pk}/")
    form = open_action(page, "decide_extension")
    form.get_by_role("radio", name="同意延期", exact=True).check()
    form.get_by_label("审批意见").fill("同意")
    form.get_by_role("button", name="审批延期").click()
    expect(page.locator(".messages")).to_contain_text("已同意延期")
    expect(page.get_by_role("region", name="文书")).to_contain_text("政府信息公开申请延期答复告知书")
    # 20 + 10 working days reach 2027, which has no schedule yet: 1 January counts as a weekday, provisionally.
    expect(page.locator("#clock .due")).to_contain_text("2027年1月1日")
    expect(page.locator("#clock")).to_contain_text("暂定")


def test_partial_disclosure_and_the_applicant_downloads_the_reply(page, login, zone, people):
    case, code = register(zone, people["clerk"], D(2026, 11, 20))
    login("clerk", PASSWORD)
    page.goto(f"/staff/applications/{case.pk}/")
    form = open_action(page, "reply")
    form.get_by_label("答复类型").select_option("partial")
    form.get_by_label("答复日期").fill("2026-11-27")
    form.get_by_label("答复内容").fill("现提供删除商业秘密后的规划许可证目录。")
    form.get_by_label("不予公开的内容").fill("企业投资概算明细")
    form.get_by_label("不予公开的理由").select_option("withhold_third_party")
    form.get_by_role("button", name="答复办结").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已办结")
    expect(page.get_by_role("region", name="答复")).to_contain_text("年报 R3.2")
    expect(page.get_by_role("region", name="答复")).to_contain_text("企业投资概算明细")
    page.get_by_role("button", name="退出").click()
    page.goto("/gk/bureau-a/apply/track/")
    page.get_by_label("申请编号").fill(case.number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".status")).to_have_text("已办结")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF：政府信息公开申请答复书").click()
    download = download_info.value
    assert download.suggested_filename.endswith("政府信息公开申请答复书.pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_case_going_overdue(page, login, zone, people, monkeypatch):
    case, _ = register(zone, people["clerk"], D(2026, 10, 30))  # due 2026-11-27, today
    login("clerk", PASSWORD)
    page.goto("/staff/applications/?due=soon")
    expect(page.locator("table.queue")).to_contain_text(case.number)
    expect(page.locator("table.queue")).to_contain_text("即将到期")
    monkeypatch.setattr(actions, "today", lambda: D(2026, 11, 30))  # the weekend passes
    assert daily_notices() == 2  # to the assignee and the 负责人
    page.goto("/staff/applications/")
    page.get_by_role("link", name="已逾期 1").click()
    row = page.locator("table.queue tbody tr").first
    expect(row).to_contain_text(case.number)
    expect(row).to_contain_text("已逾期")
    page.get_by_role("link", name="我的提醒").click()
    expect(page.locator("table")).to_contain_text(f"申请 {case.number} 已超过答复期限（2026-11-27）")


def test_agency_isolation_of_cases(page, login, zone, people):
    case, _ = register(zone, people["clerk"], D(2026, 11, 20), applicant_name="赵敏")
    login("clerk-b", PASSWORD)
    page.goto("/staff/applications/?status=all")
    expect(page.locator("table.queue")).to_contain_text("没有符合条件的申请")
    expect(page.locator("body")).not_to_contain_text("赵敏")
    for url in (
        f"/staff/applications/{case.pk}/",
        f"/staff/applications/{case.pk}/letters/{case.letters.get().pk}/pdf/",
    ):
        assert page.goto(url).status == 404
