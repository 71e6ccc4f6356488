"""Bulk import of an agency's existing catalog: CSV (UTF-8 / GBK) and XLSX, errors in Chinese."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from gongkai.publications import imports
from gongkai.publications.models import Item

HEADER = [
    "索引号",
    "名称",
    "内容概述",
    "成文日期",
    "发布日期",
    "文号",
    "主题分类",
    "公开类别",
    "信息类型",
    "有效性",
    "失效或废止日期",
    "正文",
]
GOOD = [
    [
        "000014349/2017-00110",
        "关于印发某某办法的通知",
        "印发办法",
        "2017-03-01",
        "2017年3月5日",
        "高新发[2017]012号",
        "综合政务/政务公开",
        "1",
        "行政规范性文件",
        "废止",
        "2020-01-01",
        "第一条 ……",
    ],
    [
        "",
        "2023年部门预算",
        "",
        "",
        "2023/2/1",
        "",
        "财政、金融、审计",
        "财政预算、决算信息",
        "",
        "",
        "",
        "预算说明",
    ],
]


def _csv(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(rows) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_any_common_encoding(zone, encoding):
    report = imports.validate(zone["a"], imports.read_table("目录.csv", _csv([HEADER, *GOOD], encoding)))
    assert report.errors == [] and len(report.rows) == 2
    first = report.rows[0]
    assert first.index_no == "000014349/2017-00110" and first.fields["doc_no"] == "高新发〔2017〕12号"
    assert (
        first.published_on == date(2017, 3, 5)
        and first.validity == "repealed"
        and first.invalid_on == date(2020, 1, 1)
    )
    assert (
        report.rows[1].fields["category"] == "20.7"
        and report.rows[1].fields["topic"].name == "财政、金融、审计"
    )


def test_xlsx_with_real_dates(zone):
    rows = [HEADER, [*GOOD[0][:4], date(2017, 3, 5), *GOOD[0][5:]]]
    data = _xlsx([[c.isoformat() if isinstance(c, date) else c for c in row] for row in rows])
    report = imports.validate(zone["a"], imports.read_table("目录.xlsx", data))
    assert report.errors == [] and report.rows[0].published_on == date(2017, 3, 5)


def test_errors_name_row_column_and_value(zone):
    bad = [
        HEADER,
        GOOD[0],
        ["", "", "", "2024-02-30", "", "乱写的文号", "不存在的分类", "99", "通知", "作废", "", ""],
        ["000014349/2017-00110", "重复索引号", "", "", "2024-01-01", "", "", "1", "", "", "", ""],
    ]
    report = imports.validate(zone["a"], imports.read_table("目录.csv", _csv(bad)))
    text = "\n".join(report.errors)
    assert "第 3 行「名称」：不能为空" in text
    assert "第 3 行「成文日期」：不是有效日期（值：“2024-02-30”）" in text
    assert "第 3 行「发布日期」：不能为空" in text
    assert "第 3 行「文号」" in text and "乱写的文号" in text
    assert "第 3 行「主题分类」" in text and "第 3 行「公开类别」" in text
    assert "第 3 行「信息类型」" in text and "第 3 行「有效性」" in text
    assert "第 4 行「索引号」：与第 2 行重复" in text
    assert report.bad_rows == 2 and len(report.rows) == 1


def test_header_problems(zone):
    report = imports.validate(zone["a"], [["标题", "日期"]])
    assert "缺少必填列 名称、发布日期、公开类别" in report.errors[0]


def test_all_or_nothing_through_the_command(zone, make_staff, tmp_path):
    make_staff("clerk", "a", "clerk")
    path = tmp_path / "catalog.csv"
    path.write_bytes(
        _csv(
            [
                HEADER,
                *GOOD,
                ["", "", "", "", "", "", "", "", "", "", "", ""],
                ["", "缺日期", "", "", "", "", "", "1", "", "", "", ""],
            ]
        )
    )
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("publications", "import", str(path), agency="bureau-a", user="clerk")
    assert not Item.objects.exists()
    call_command("publications", "import", str(path), agency="bureau-a", user="clerk", partial=True)
    items = Item.objects.order_by("pk")
    assert [i.title for i in items] == ["关于印发某某办法的通知", "2023年部门预算"]
    assert (
        items[0].index_no == "000014349/2017-00110" and items[0].status == "published" and items[0].imported
    )
    assert items[1].index_no.startswith(f"{zone['a'].credit_code}/2023-")


def test_existing_index_number_is_refused(zone, make_staff, tmp_path):
    make_staff("clerk", "a", "clerk")
    path = tmp_path / "catalog.csv"
    path.write_bytes(_csv([HEADER, GOOD[0]]))
    call_command("publications", "import", str(path), agency="bureau-a", user="clerk")
    report = imports.validate(zone["a"], imports.read_table("x.csv", path.read_bytes()))
    assert "已被使用" in report.errors[0]


def test_undecodable_file():
    with pytest.raises(imports.ImportFileError, match="编码"):
        imports.read_table("x.csv", b"\xff\xfe\x00\x81\xff")
    with pytest.raises(imports.ImportFileError):
        imports.read_table("x.txt", b"abc")
