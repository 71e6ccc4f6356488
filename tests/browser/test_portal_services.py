"""Browser: find a service item by searching from the home page, read its materials, download its
样表 and see its approval results (批准结果公示)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.portal import data

pytestmark = pytest.mark.browser


@pytest.fixture
def site(zone, make_staff, seeded_calendar, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return data.build_site(zone, make_staff)


def test_find_a_service_item_open_its_sample_and_results(page, site):
    page.goto("/gk/bureau-a/")
    page.get_by_label("站内搜索（本机关的政府信息、政务服务事项、双公示）").fill("食品经营")
    page.keyboard.press("Enter")
    results = page.get_by_role("region", name="政务服务事项（1 条）")
    expect(results).to_be_visible()
    expect(results.locator("mark").first).to_have_text("食品经营")
    results.get_by_role("link", name="食品经营许可").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("食品经营许可")

    materials = page.get_by_role("region", name="申请材料")
    expect(materials.get_by_role("row")).to_have_count(3)  # header + two materials
    expect(materials).to_contain_text("食品经营许可申请书")
    expect(materials).to_contain_text("营业执照复印件")
    with page.expect_download() as download_info:
        materials.get_by_role("link", name="下载样表：食品经营许可申请书（样表）.docx").click()
    download = download_info.value
    assert download.suggested_filename == "食品经营许可申请书（样表）.docx"
    with open(download.path(), "rb") as handle:
        assert handle.read(2) == b"PK"

    approvals = page.get_by_role("region", name="批准结果公示")
    expect(approvals).to_contain_text("共 3 条")
    for row in site["approvals"]:
        expect(approvals).to_contain_text(row["XK_WSH"])
    approvals.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("行政许可决定公示")


def test_service_list_filters_by_type_without_script(page, site):
    page.goto("/gk/bureau-a/")
    page.get_by_role("navigation", name="公开栏目").get_by_role("link", name="政务服务事项").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("政务服务事项")
    page.get_by_label("事项类型").select_option("public_service")
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("table")).to_contain_text("暂无公开的政务服务事项")
    page.get_by_label("事项类型").select_option("licensing")
    page.get_by_role("button", name="查找").click()
    expect(page.get_by_role("link", name="食品经营许可")).to_be_visible()
