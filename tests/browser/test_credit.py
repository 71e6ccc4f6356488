"""Browser flows of 双公示: import with errors and the error report, fix and re-import, public
search, a natural person's record without ID number, a penalty gone when its period ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from gongkai.credit import actions
from gongkai.credit.models import CreditRecord, RecordSet
from tests.conftest import PASSWORD
from tests.credit.conftest import columns, licences, penalties, write_rows

pytestmark = pytest.mark.browser
ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def _setup(seeded_calendar, settings, tmp_path):
    """The live server's tests flush the tables: put back the built-in sets of migration 0002."""
    from importlib import import_module

    from django.apps import apps

    settings.MEDIA_ROOT = tmp_path / "media"
    if RecordSet.objects.filter(key__in=("xk", "cf", "qz")).count() < 3:
        import_module("gongkai.credit.migrations.0002_builtin_sets_search_schedule").seed(apps, None)


def _upload(page, path, *, good_rows=False):
    page.goto("/staff/credit/import/")
    page.get_by_label("数据集").select_option(label="行政许可")
    page.get_by_label("数据文件").set_input_files(str(path))
    if good_rows:
        page.get_by_label("只导入合格行（不合格行登记为待更正，不予公示）").check()
    page.get_by_role("button", name="上传并导入").click()


def test_import_with_errors_read_the_report_fix_and_reimport(page, login, make_staff, tmp_path):
    make_staff("clerk", "a", "clerk")
    rows = licences(6)
    rows[2]["XK_XKLB"] = "临时许可"
    rows[4]["XK_XDR_LB"] = "法人及非法人组织"
    rows[4]["XK_XDR_SHXYM"] = "91350100M000100Y44"
    bad = write_rows(tmp_path / "许可.csv", rows, columns("xk"))
    login("clerk", PASSWORD)
    _upload(page, bad)
    expect(page.locator(".job-state")).to_have_text("未导入（有错误行）")
    errors = page.locator("table.errors-table")
    expect(errors).to_contain_text("不在代码表中")
    expect(errors).to_contain_text("统一社会信用代码校验码错误：应为 3，实际为 4")
    expect(errors.locator("tbody tr").first).to_contain_text("4")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载错误报告（XLSX，错误行已标红）").click()
    report = tmp_path / "report.xlsx"
    download_info.value.save_as(report)
    sheet = CalamineWorkbook.from_path(str(report)).get_sheet_by_name("检查结果").to_python()
    explained = {int(r[0]): r[-1] for r in sheet[1:] if r[-1]}
    assert set(explained) == {4, 6} and "许可类别" in explained[4]
    assert CreditRecord.objects.count() == 0

    rows[2]["XK_XKLB"] = "普通"
    rows[4]["XK_XDR_SHXYM"] = "91350100M000100Y43"
    fixed = write_rows(tmp_path / "许可-更正.csv", rows, columns("xk"))
    _upload(page, fixed)
    expect(page.locator(".job-state")).to_have_text("已导入")
    expect(page.locator(".job-result")).to_contain_text("新增 6 条")
    _upload(page, fixed)  # the same file again: updated, not duplicated
    expect(page.locator(".job-result")).to_contain_text("更新 6 条")
    assert CreditRecord.objects.count() == 6


def test_public_search_and_a_natural_persons_record(page, zone, tmp_path):
    rows = [r for r in licences(8) if r["XK_XDR_LB"] != "自然人"]
    rows[0]["XK_XDR_MC"] = "唐山市凤凰山建材有限公司"
    person = penalties(1)[0]
    for key in ("CF_XDR_SHXYM", "CF_FRDB"):
        person.pop(key, None)
    person.update(
        {"CF_XDR_MC": "张三丰", "CF_XDR_LB": "自然人", "CF_XDR_ZJLX": "身份证", "CF_XDR_ZJHM": ID_NUMBER}
    )
    for record_set, data, name in (
        (RecordSet.objects.get(key="xk"), rows, "xk.csv"),
        (RecordSet.objects.get(key="cf"), [person], "cf.csv"),
    ):
        path = write_rows(tmp_path / name, data, columns(record_set.key))
        job = actions.create_import_job(
            acting_user=None, agency=zone["a"], record_set=record_set, file_name=name, source=path
        )
        assert actions.run_import(job, acting_user=None).state == "done"
    page.goto("/gk/bureau-a/")
    page.get_by_role("link", name="双公示", exact=True).first.click()
    page.get_by_label("查询").fill("凤凰山建材")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="唐山市凤凰山建材有限公司").click()
    expect(page.locator("table.sgs-record")).to_contain_text(rows[0]["XK_WSH"])
    expect(page.locator("table.sgs-record")).to_contain_text("许可机关")

    page.goto("/sgs/")
    page.get_by_label("查询").fill(person["CF_WSH"])
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="张**").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("张**")
    html = page.content()
    assert ID_NUMBER not in html and "张三丰" not in html and "证件号码" not in html


def test_a_penalty_disappears_when_its_period_ends(page, zone, tmp_path):
    today = timezone.localdate()
    row = penalties(1, start=today - timedelta(days=40), end=today - timedelta(days=40))[0]
    row["CF_XDR_MC"] = "唐山市某某餐饮管理有限公司"
    row["CF_XDR_LB"] = "法人及非法人组织"
    row.setdefault("CF_XDR_SHXYM", "91350100M000100Y43")
    row.setdefault("CF_FRDB", "王伟")
    for key in ("CF_XDR_ZJLX", "CF_XDR_ZJHM"):
        row.pop(key, None)
    path = write_rows(tmp_path / "cf.csv", [row], columns("cf"))
    job = actions.create_import_job(
        acting_user=None,
        agency=zone["a"],
        record_set=RecordSet.objects.get(key="cf"),
        file_name="cf.csv",
        source=path,
    )
    assert actions.run_import(job, acting_user=None).state == "done"
    rec = CreditRecord.objects.get()
    page.goto(f"/gk/bureau-a/sgs/?q={row['CF_WSH']}")
    expect(page.get_by_role("link", name="唐山市某某餐饮管理有限公司")).to_be_visible()
    # The daily job runs the day after the last day of the period.
    assert actions.expire_due(acting_user=None, today=rec.public_until + timedelta(days=1)) == 1
    page.reload()
    expect(page.get_by_role("link", name="唐山市某某餐饮管理有限公司")).to_have_count(0)
    expect(page.get_by_text("没有找到符合条件的公示信息")).to_be_visible()
    response = page.goto(f"/gk/bureau-a/sgs/{rec.pk}/")
    assert response.status == 404


def test_quality_dashboard_draws_its_charts(page, login, make_staff, zone, tmp_path):
    make_staff("clerk", "a", "clerk")
    path = write_rows(tmp_path / "xk.csv", licences(5), columns("xk"))
    job = actions.create_import_job(
        acting_user=None,
        agency=zone["a"],
        record_set=RecordSet.objects.get(key="xk"),
        file_name="xk.csv",
        source=path,
    )
    actions.run_import(job, acting_user=None)
    login("clerk", PASSWORD)
    page.goto("/staff/credit/quality/")
    expect(page.locator("#chart-volume canvas")).to_have_count(1)
    expect(page.locator(".late-rate")).to_contain_text("100%")  # decided weeks ago, reported today
    page.get_by_role("link", name="5").first.click()
    expect(page.locator("table.grid tbody tr")).to_have_count(5)
