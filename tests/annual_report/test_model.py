"""The formats as data and the report model's JSON contract (schema gongkai.annual-report/1)."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

import gongkai.annual_report as ar
from gongkai.annual_report.formats import (
    ALL_ROW_CODES,
    COLUMN_LABELS,
    COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    SCHEMA_ID,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
    SECTION_HEADINGS,
    SECTION_NUMERALS,
    row_label,
)
from gongkai.annual_report.model import (
    CheckResult,
    Finding,
    ParseError,
    Report,
    ReportError,
    ScannedPDFError,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
TRUTH_FILES = sorted(CORPUS.glob("*/*.truth.json"))
SCHEMA_KEYS = {
    "schema",
    "format",
    "year",
    "agency",
    "published",
    "sections_present",
    "section2",
    "section3",
    "section4",
    "narrative",
    "warnings",
}


def test_columns_and_headings_are_the_official_ones() -> None:
    assert COLUMNS == ("NP", "CE", "RI", "SW", "LS", "OT", "TOT")
    assert list(COLUMN_LABELS.values()) == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert SECTION4_COLUMNS == ("upheld", "corrected", "other", "pending", "total")
    assert [code for code, _ in SECTION4_GROUPS] == ["RV", "LD", "LR"]
    assert SECTION_NUMERALS == ("一", "二", "三", "四", "五", "六")
    assert SECTION_HEADINGS[3] == "四、政府信息公开行政复议、行政诉讼情况"
    assert all(h.startswith(n + "、") for n, h in zip(SECTION_NUMERALS, SECTION_HEADINGS, strict=True))


def test_2021_has_25_rows_and_2019_has_23_in_official_order() -> None:
    assert len(FORMAT_2021.section3_rows) == 25
    assert len(FORMAT_2019.section3_rows) == 23
    assert FORMAT_2021.row_codes[:4] == ("R1", "R2", "R3.1", "R3.2")
    assert FORMAT_2021.row_codes[-6:] == ("R3.5.5", "R3.6.1", "R3.6.2", "R3.6.3", "R3.7", "R4")
    assert FORMAT_2019.row_codes[-4:] == ("R3.5.5", "R3.6", "R3.7", "R4")
    assert [c for c in FORMAT_2019.row_codes if c.startswith("R3.3.")] == [f"R3.3.{i}" for i in range(1, 9)]
    assert set(ALL_ROW_CODES) == set(FORMAT_2021.row_codes) | set(FORMAT_2019.row_codes)


def test_rows_carry_label_and_parent() -> None:
    row = FORMAT_2021.row("R3.3.1")
    assert (row.label, row.group, row.block) == ("1.属于国家秘密", "（三）不予公开", "三、本年度办理结果")
    assert FORMAT_2021.row("R1").group is None
    assert FORMAT_2021.row("R3.6.3").group == "（六）其他处理"
    assert FORMAT_2019.row("R3.6").label == "（六）其他处理"
    assert row_label("R3.4.1") == "（四）无法提供 1.本机关不掌握相关政府信息"
    with pytest.raises(KeyError):
        FORMAT_2019.row("R3.6.1")


def test_section2_items_describe_both_formats() -> None:
    assert FORMAT_2021.section2_keys == (
        "rules",
        "normative_documents",
        "licensing",
        "penalty",
        "coercion",
        "fees",
    )
    fees = FORMAT_2021.section2_item("fees")
    assert fees.is_scalar and fees.decimal and "万元" in fees.value_label
    assert FORMAT_2021.section2_item("rules").columns == ("本年制发件数", "本年废止件数", "现行有效件数")
    assert FORMAT_2019.section2_item("licensing").signed_columns == (1,)
    assert FORMAT_2019.section2_item("fees").width == 2
    assert FORMAT_2019.section2_item("procurement").columns == ("采购项目数量", "采购总金额")
    assert sum(i.width for i in FORMAT_2021.section2) == 10
    assert sum(i.width for i in FORMAT_2019.section2) == 22
    assert FORMATS == {"2021": FORMAT_2021, "2019": FORMAT_2019}


def test_to_json_has_exactly_the_schema_keys_plus_documented_extras() -> None:
    data = Report(format="2021", year=2023).to_json()
    assert data["schema"] == SCHEMA_ID
    assert set(data) == SCHEMA_KEYS | {"ambiguous", "title", "complete"}
    assert data["section2"] is None and data["narrative"] == {}
    extras = Report(blank_cells=["section3.R1.CE"], units={"section2.fees": "元"}).to_json()
    assert extras["blank_cells"] == ["section3.R1.CE"] and extras["units"] == {"section2.fees": "元"}


def test_to_json_does_not_share_lists_with_the_report() -> None:
    report = Report(section3={"R1": [1, 0, 0, 0, 0, 0, 1]})
    report.to_json()["section3"]["R1"][0] = 99
    assert report.section3 == {"R1": [1, 0, 0, 0, 0, 0, 1]}


@pytest.mark.parametrize("path", TRUTH_FILES, ids=lambda p: p.name)
def test_every_truth_file_loads_and_round_trips(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    report = Report.from_json(data)
    assert report.format == data["format"]
    assert report.section3 == data["section3"]
    assert report.complete == data["complete"]
    again = Report.from_json(json.loads(json.dumps(report.to_json())))
    assert again == report


def test_published_order_of_rows_is_kept() -> None:
    report = Report.from_json({"section3": {"R2": [0] * 7, "R1": [0] * 7}})
    assert list(report.section3 or {}) == ["R2", "R1"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "对象"),
        ({"schema": "other/1"}, "schema"),
        ({"format": "2020"}, "format"),
        ({"year": "2023"}, "year"),
        ({"year": True}, "year"),
        ({"published": "2024/01/20"}, "published"),
        ({"section3": {"R9": [0] * 7}}, "R9"),
        ({"section3": {"R1": [0] * 6}}, "7 个数"),
        ({"section3": {"R1": [0, 0, 0, 0, 0, 0, 1.5]}}, "整数"),
        ({"section4": {"RV": [0] * 7}}, "5 个数"),
        ({"section2": {"bogus": 1}}, "bogus"),
        ({"format": "2021", "section2": {"licensing": [1, 2, 3]}}, "单个数"),
        ({"format": "2019", "section2": {"licensing": 5}}, "3 个数"),
        ({"format": "2019", "section2": {"fees": [1, 2, 3]}}, "2 个数"),
        ({"section2": {"fees": "5"}}, "fees"),
        ({"narrative": {"七": "x"}}, "七"),
        ({"sections_present": ["一", "甲"]}, "甲"),
        ({"warnings": "x"}, "warnings"),
        ({"ambiguous": [{"text": "1"}]}, "cell"),
        ({"complete": "yes"}, "complete"),
    ],
)
def test_from_json_rejects_bad_input_with_a_chinese_message(data: object, words: str) -> None:
    with pytest.raises(ReportError) as err:
        Report.from_json(data)
    assert words in str(err.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


def test_from_json_accepts_2019_negative_change_and_decimal_amounts() -> None:
    report = Report.from_json(
        {
            "format": "2019",
            "section2": {"penalty": [2648, -18, 538], "procurement": [6, 251000.5], "fees": None},
        }
    )
    assert report.section2 == {"penalty": [2648, -18, 538], "procurement": [6, 251000.5], "fees": None}
    assert report.format_spec is FORMAT_2019
    assert Report().format_spec is None


def test_cell_reads_visible_cells_only() -> None:
    report = Report(section3={"R1": [1, None, 0, 0, 0, 0, 1]})
    assert report.cell("R1", "NP") == 1
    assert report.cell("R1", "CE") is None
    assert report.cell("R2", "NP") is None


def test_errors_form_one_family() -> None:
    assert issubclass(ScannedPDFError, ParseError) and issubclass(ParseError, ReportError)
    assert str(ScannedPDFError()) == "扫描件，无法提取文字"


def test_check_result_is_ok_with_warnings_only() -> None:
    warning = Finding("TX-FEE", "warning", "六", None, None, "x", None, "未说明")
    error = Finding("S3-BAL", "error", "三", "R3.7", "TOT", 5, 4, "不平")
    assert CheckResult([warning]).ok
    result = CheckResult([warning, error])
    assert not result.ok
    assert result.to_json() == {"ok": False, "findings": [warning.to_json(), error.to_json()]}
    assert set(error.to_json()) == {
        "rule",
        "severity",
        "section",
        "row",
        "column",
        "expected",
        "actual",
        "message",
    }
    assert result.rules() == ["TX-FEE", "S3-BAL"]


def test_package_exports_and_functions_survive_subpackage_imports() -> None:
    import gongkai.annual_report.render  # noqa: F401 - would rebind the attribute without the guard

    for name in (
        "Report",
        "Finding",
        "CheckResult",
        "ReportError",
        "ParseError",
        "ScannedPDFError",
        "FORMATS",
    ):
        assert hasattr(ar, name)
    for name in ("parse", "check", "render"):
        assert isinstance(getattr(ar, name), types.FunctionType), name
