"""Bulk import from XLSX: per-row Chinese errors, all-or-nothing by default, updates by 事项编码."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from gongkai.audit.models import AuditEvent
from gongkai.service_items import actions, imports
from gongkai.service_items.choices import Status
from gongkai.service_items.models import ServiceItem

HEADERS = [
    "事项编码*", "事项名称*", "事项类型*", "实施机关", "设定依据*", "受理条件*", "办理流程*",
    "法定办结时限（工作日）*", "承诺办结时限（工作日）*", "是否收费", "收费标准", "收费依据",
    "办理地点*", "办理时间*", "咨询电话*", "监督投诉电话*",
]  # fmt: skip


def item_row(code: str, name: str, **over) -> list:
    row = {
        "code": code,
        "name": name,
        "type": "行政许可",
        "implementer": "",
        "basis": "《中华人民共和国行政许可法》",
        "conditions": "符合法定条件",
        "procedure": "申请\n受理\n决定",
        "legal": 20,
        "promised": 5,
        "charges": "否",
        "standard": "",
        "fee_basis": "",
        "place": "政务服务中心",
        "hours": "工作日",
        "phone": "0315-1234567",
        "complaint": "0315-12345",
    } | over
    return list(row.values())


def workbook(items: list[list], materials: list[list], headers=HEADERS) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("事项")
    sheet.write_row(0, 0, headers)
    for n, row in enumerate(items, 1):
        sheet.write_row(n, 0, row)
    sheet = book.add_worksheet("申请材料")
    sheet.write_row(0, 0, ["事项编码", "材料名称", "份数", "材料形式", "是否必需", "要求说明"])
    for n, row in enumerate(materials, 1):
        sheet.write_row(n, 0, row)
    book.close()
    return buffer.getvalue()


def check(data: bytes) -> imports.Report:
    return imports.validate(imports.read_workbook("事项.xlsx", data))


GOOD = workbook(
    [
        item_row("AB0001", "食品经营许可"),
        item_row("AB0002", "公共场所卫生许可", charges="是", standard="每件 10 元", fee_basis="某省物价文件"),
    ],
    [
        ["AB0001", "申请书", 1, "纸质", "是", "签字"],
        ["AB0001", "营业执照", 2, "纸质或电子", "否", ""],
        ["AB0002", "申请表", 1, "电子", "是", ""],
    ],
)


def test_good_file_becomes_drafts_with_materials(staff, zone):
    report = check(GOOD)
    assert report.errors == [] and report.total == 2 and len(report.rows) == 2
    outcome = actions.import_items(zone["a"], report.rows, acting_user=staff["clerk"], source="事项.xlsx")
    assert len(outcome.created) == 2 and outcome.submitted == 0
    first = ServiceItem.objects.get(code="AB0001")
    assert first.status == Status.DRAFT and first.imported and first.implementer == zone["a"].name
    assert [(m.name, m.copies, m.medium, m.required) for m in first.materials.all()] == [
        ("申请书", 1, "paper", True),
        ("营业执照", 2, "either", False),
    ]
    assert ServiceItem.objects.get(code="AB0002").fee_standard == "每件 10 元"
    assert AuditEvent.objects.filter(action="service_items.import", detail__created=2).exists()


def test_errors_name_sheet_row_column_and_value(staff):
    data = workbook(
        [
            item_row("AB0001", "食品经营许可", legal="二十", promised=5),
            item_row("AB0002", "卫生许可", type="许可"),
            item_row("AB0003", "", promised=30),
            item_row("AB0001", "重复"),
        ],
        [
            ["AB0001", "申请书", 1, "传真", "是", ""],
            ["ZZ9999", "申请书", 1, "纸质", "是", ""],
            ["AB0003", "x", 1, "纸质", "是", ""],
        ],
    )
    report = check(data)
    text = "\n".join(report.errors)
    assert (
        "“事项”表第 2 行“法定办结时限”：法定办结时限（工作日）应为 0 至 365 之间的整数（0 表示即办）（实际为“二十”）"
        in text
    )
    assert "“事项”表第 3 行“事项类型”：请选择事项类型" in text and "（实际为“许可”）" in text
    assert "“事项”表第 4 行“事项名称”：请填写事项名称" in text
    assert "“事项”表第 4 行“承诺办结时限”：承诺办结时限不得超过法定办结时限" in text
    assert "“事项”表第 5 行“事项编码”：AB0001 与第 2 行重复" in text
    assert "“申请材料”表第 2 行“材料形式”应为纸质、电子、纸质或电子（实际为“传真”）" in text
    assert "“申请材料”表第 3 行“事项编码”：“事项”表中没有事项编码为“ZZ9999”的事项" in text
    assert report.rows == [] and report.bad_rows == 4


def test_duplicate_codes_and_items_without_materials(staff):
    data = workbook(
        [item_row("AB0001", "一"), item_row("AB0001", "二"), item_row("AB0002", "三")],
        [["AB0001", "申请书", 1, "纸质", "是", ""]],
    )
    report = check(data)
    text = "\n".join(report.errors)
    assert "“事项”表第 3 行“事项编码”：AB0001 与第 2 行重复" in text
    assert "“事项”表第 4 行“事项编码”：“申请材料”表中没有事项 AB0002 的申请材料" in text
    assert [r.fields["code"] for r in report.rows] == ["AB0001"] and report.bad_rows == 2


def test_file_level_problems():
    with pytest.raises(imports.ImportFileError, match=r"\.xlsx"):
        imports.read_workbook("事项.csv", b"a,b")
    with pytest.raises(imports.ImportFileError, match="无法读取"):
        imports.read_workbook("事项.xlsx", b"not a workbook")
    with pytest.raises(imports.ImportFileError, match="缺少必需的列：设定依据"):
        check(workbook([], [], headers=[h for h in HEADERS if not h.startswith("设定依据")]))


def test_all_or_nothing_on_the_command_line(staff, zone, tmp_path):
    bad = workbook(
        [item_row("AB0001", "食品经营许可"), item_row("AB0002", "卫生许可", legal="x")],
        [["AB0001", "申请书", 1, "纸质", "是", ""], ["AB0002", "申请表", 1, "纸质", "是", ""]],
    )
    path = tmp_path / "事项.xlsx"
    path.write_bytes(bad)
    args = ["service_items", "import", str(path), "--agency", "bureau-a", "--user", "clerk"]
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command(*args)
    assert not ServiceItem.objects.exists()
    call_command(*args, "--dry-run", "--partial")
    assert not ServiceItem.objects.exists()
    call_command(*args, "--partial")
    assert list(ServiceItem.objects.values_list("code", flat=True)) == ["AB0001"]


def test_import_updates_by_code_keeps_samples_and_can_submit(staff, zone, make_item):
    item = make_item(code="AB0001", name="食品经营许可")
    sample_before = item.materials.get(name="食品经营许可申请书").sample_id
    data = workbook(
        [item_row("AB0001", "食品经营许可（修订）", promised=3)],
        [["AB0001", "食品经营许可申请书", 1, "纸质", "是", ""], ["AB0001", "承诺书", 1, "纸质", "是", ""]],
    )
    report = check(data)
    outcome = actions.import_items(
        zone["a"], report.rows, acting_user=staff["clerk"], source="x", submit=True
    )
    assert len(outcome.updated) == 1 and outcome.submitted == 1
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW and item.name == "食品经营许可（修订）"
    assert item.public_data["name"] == "食品经营许可"  # version 1 stays online
    assert item.materials.get(name="食品经营许可申请书").sample_id == sample_before
    assert item.materials.count() == 2


def test_import_needs_the_permission(staff, zone):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.import_items(zone["a"], check(GOOD).rows, acting_user=staff["leader"], source="x")
    with pytest.raises(PermissionDenied):
        actions.import_items(zone["a"], check(GOOD).rows, acting_user=staff["clerk_b"], source="x")


def test_the_template_is_itself_importable(staff, zone, client):
    client.force_login(staff["clerk"])
    response = client.get("/staff/service-items/import/template.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    report = check(response.content)
    assert report.errors == [] and len(report.rows) == 1 and len(report.rows[0].materials) == 2


def test_import_page(staff, zone, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff["clerk"])
    page = client.post(
        "/staff/service-items/import/",
        {"file": SimpleUploadedFile("事项.xlsx", GOOD)},
    )
    assert page.status_code == 302
    assert ServiceItem.objects.filter(agency=zone["a"]).count() == 2
    bad = workbook([item_row("AB0009", "x", legal="y")], [["AB0009", "申请书", 1, "纸质", "是", ""]])
    page = client.post("/staff/service-items/import/", {"file": SimpleUploadedFile("事项.xlsx", bad)})
    text = page.content.decode()
    assert "未导入任何数据" in text and "“事项”表第 2 行“法定办结时限”" in text
    client.force_login(staff["reviewer"])
    assert client.get("/staff/service-items/import/").status_code == 403
