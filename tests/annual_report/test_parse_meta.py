"""Metadata read from the text: title, year, agency, publication date, table format."""

from __future__ import annotations

from gongkai.annual_report import parse
from gongkai.annual_report.parse.meta import detect_format, find_title, find_year


def test_wrapped_pdf_title_and_place_name_from_the_text() -> None:
    lines = ["洪泽区人民政府", "2023 年政府信息公开工作年度报告", "本报告由淮安市洪泽区人民政府办公室编制。"]
    report = parse("\n".join([*lines, "一、总体情况", "2023 年，全区主动公开信息 1136 条。"]))
    assert report.title == "洪泽区人民政府2023 年政府信息公开工作年度报告"
    assert report.year == 2023
    assert report.agency == "淮安市洪泽区人民政府"


def test_agency_after_the_year() -> None:
    report = parse("2019年上海市人民政府办公厅政府信息公开工作年度报告\n一、总体情况\n无。")
    assert report.agency == "上海市人民政府办公厅"
    assert report.year == 2019


def test_year_from_the_statistical_period_then_from_citations() -> None:
    text = "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。2023年将继续努力。"
    assert find_year(find_title([text])[1], text) == 2022
    text = "2021 年，我局认真落实。2021年共公开信息。2022 年，我局将加强培训。"
    assert find_year(None, text) == 2021


def test_publication_date_labelled_or_signed() -> None:
    body = "某县财政局2023年政府信息公开工作年度报告\n一、总体情况\n无。\n六、其他需要报告的事项\n无。"
    assert parse(body.replace("\n一", "\n发布时间：2024-01-15 09:30\n一", 1)).published == "2024-01-15"
    assert parse(body + "\n某县财政局\n2024年1月20日").published == "2024-01-20"
    # A date from another year is not the publication date of this report.
    assert parse(body + "\n2021年3月1日").published is None


def test_format_from_table_wording_then_circular_then_year() -> None:
    assert detect_format("信息内容 本年制发件数 本年废止件数 现行有效件数", 2020) == ("2021", None)
    assert detect_format("上一年项目数量 本年增/减 处理决定数量", 2022) == ("2019", None)
    fmt, warning = detect_format("依据国办公开办函〔2021〕30号编制。", 2022)
    assert fmt == "2021" and warning
    fmt, warning = detect_format("没有表格。", 2020)
    assert fmt == "2019" and "推定" in (warning or "")
    assert detect_format("没有表格。", None) == (None, None)
