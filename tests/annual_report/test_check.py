"""Every rule of the spec on reports built in code, then the corpus: parse, check, and find
every published arithmetic error the truth files list."""

from __future__ import annotations

import json
import re
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report import Report, check, parse
from gongkai.annual_report.check import (
    candidates,
    infer_rule_power,
    is_government,
    publication_deadline,
    similarity,
)
from gongkai.annual_report.formats import FORMAT_2019, FORMAT_2021

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SEED = CORPUS.parent / "seed" / "000_4332fcb6fb30e709.txt"
SPEC = CORPUS.parent / "specs" / "annual-report.md"

NARRATIVE_2023 = {
    "一": "2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。全年共收到政府信息公开申请4件，"
    "上年结转1件，办结4件，结转下年度1件。发生行政复议1件，未发生行政诉讼。"
    "本年度制发行政规范性文件2件，现行有效行政规范性文件10件。",
    "五": "存在的主要问题：政策解读形式较为单一，信息发布的及时性还有待提高。改进措施：加强培训，完善审核流程，"
    "丰富解读形式，提升公开质量和时效，主动回应社会关切。",
    "六": "本年度未收取信息处理费。人大代表建议和政协提案办理结果均已公开。",
}
NARRATIVE_2022 = {
    "一": "2022年，本局围绕中心工作推进政务公开，重点做好政策文件和办事指南公开。"
    "持续优化政府网站栏目设置，规范信息发布流程，确保公开内容准确完整。",
    "五": "一是公开内容的深度不够；二是人员业务能力需要提升。下一步将组织专题培训，推动政务公开标准化规范化建设，"
    "健全考核机制，进一步提升政务公开水平。",
    "六": "本年度未收取信息处理费。",
}


def row(np: int = 0, ce: int = 0) -> list[int | None]:
    return [np, ce, 0, 0, 0, 0, np + ce]


def good_report(**changes: Any) -> Report:
    """A 2021-format department report that passes every rule."""
    section3 = {code: row() for code in FORMAT_2021.row_codes}
    section3 |= {
        "R1": row(3, 1),
        "R2": row(1),
        "R3.1": row(2),
        "R3.2": row(1),
        "R3.4.1": row(0, 1),
        "R3.7": row(3, 1),
        "R4": row(1),
    }
    report = Report(
        format="2021",
        year=2023,
        agency="某市生态环境局",
        published="2024-01-20",
        title="某市生态环境局2023年政府信息公开工作年度报告",
        sections_present=["一", "二", "三", "四", "五", "六"],
        section2={
            "rules": [0, 0, 0],
            "normative_documents": [2, 1, 10],
            "licensing": 120,
            "penalty": 8,
            "coercion": 0,
            "fees": 1.5,
        },
        section3=section3,
        section4={"RV": [1, 0, 0, 0, 1], "LD": [0, 0, 0, 0, 0], "LR": [0, 0, 0, 0, 0]},
        narrative=dict(NARRATIVE_2023),
    )
    for key, value in changes.items():
        setattr(report, key, value)
    return report


def previous_report(**changes: Any) -> Report:
    report = good_report(year=2022, published="2023-01-15", title=None, narrative=dict(NARRATIVE_2022))
    assert report.section2 is not None
    report.section2["normative_documents"] = [3, 0, 9]
    for key, value in changes.items():
        setattr(report, key, value)
    return report


def found(report: Report, previous: Report | None = None, **kw: Any) -> list[tuple[Any, ...]]:
    return [(f.rule, f.row, f.column, f.expected, f.actual) for f in check(report, previous, **kw).findings]


def rules_of(report: Report, previous: Report | None = None, **kw: Any) -> set[str]:
    return {f.rule for f in check(report, previous, **kw).findings}


def test_a_sound_report_has_no_findings() -> None:
    result = check(good_report(), previous_report())
    assert result.findings == []
    assert result.ok


def test_every_rule_in_the_spec_is_implemented() -> None:
    spec_rules = set(re.findall(r"^\| ([A-Z][A-Z0-9]*-[A-Z]+) \|", SPEC.read_text(encoding="utf-8"), re.M))
    assert len(spec_rules) == 21
    assert spec_rules == set(TRIGGERS)


def _set_cell(report: Report, code: str, index: int, value: int | None) -> Report:
    assert report.section3 is not None
    report.section3[code][index] = value
    return report


def _mutate(fn: Any) -> Report:
    report = good_report()
    fn(report)
    return report


# One way to break each rule, and the finding it must give: (rule, row, column, expected, actual).
TRIGGERS: dict[str, tuple[Any, Any, tuple[Any, ...]]] = {
    "S3-BAL": (
        lambda: _mutate(lambda r: (_set_cell(r, "R4", 0, 2), _set_cell(r, "R4", 6, 2))),
        None,
        ("S3-BAL", "R3.7", "TOT", 3, 4),
    ),
    "S3-ROWSUM": (lambda: _set_cell(good_report(), "R3.1", 6, 3), None, ("S3-ROWSUM", "R3.1", "TOT", 2, 3)),
    "S3-RESULT": (
        lambda: _mutate(lambda r: (_set_cell(r, "R3.3.4", 0, 1), _set_cell(r, "R3.3.4", 6, 1))),
        None,
        ("S3-RESULT", "R3.7", "NP", 4, 3),
    ),
    "S3-ROWS": (
        lambda: _mutate(lambda r: r.section3.pop("R3.3.2")),
        None,
        ("S3-ROWS", "R3.3.2", None, "R3.3.2", None),
    ),
    "S3-BLANK": (
        lambda: _set_cell(good_report(), "R3.3.1", 1, None),
        None,
        ("S3-BLANK", "R3.3.1", "CE", 0, None),
    ),
    "S4-SUM": (
        lambda: _mutate(lambda r: r.section4.update(RV=[10, 1, 0, 0, 0])),
        None,
        ("S4-SUM", "RV", "TOT", 11, 0),
    ),
    "S2-NEG": (
        lambda: _mutate(lambda r: r.section2.update(penalty=-3)),
        None,
        ("S2-NEG", "penalty", "本年处理决定数量", ">= 0", -3),
    ),
    "S2-FEEUNIT": (
        lambda: good_report(units={"section2.fees": "元"}),
        None,
        ("S2-FEEUNIT", "fees", "本年收费金额（单位：万元）", "万元", "元"),
    ),
    "S2-REG": (
        lambda: _mutate(lambda r: r.section2.update(rules=[1, 0, 1])),
        None,
        ("S2-REG", "rules", "本年制发件数", 0, 1),
    ),
    "FMT-OLD": (
        lambda: good_report(year=2020, published="2021-01-20", title=None),
        None,
        ("FMT-OLD", None, None, "2019", "2021"),
    ),
    "FMT-MIXED": (
        lambda: _mutate(lambda r: r.section3.update({"R3.6": row()})),
        None,
        ("FMT-MIXED", None, None, "2021", "2019+2021"),
    ),
    "TX-SECT": (
        lambda: good_report(sections_present=["一", "二", "三", "四", "五"]),
        None,
        ("TX-SECT", None, None, "六、其他需要报告的事项", None),
    ),
    "TX-APPS": (
        lambda: good_report(narrative=NARRATIVE_2023 | {"一": "本年度共受理政府信息公开申请2件。"}),
        None,
        ("TX-APPS", "R1", "TOT", 4, 2),
    ),
    "TX-LIT": (
        lambda: good_report(narrative=NARRATIVE_2023 | {"一": "本年度未发生行政复议、行政诉讼。"}),
        None,
        ("TX-LIT", "RV", "TOT", 1, 0),
    ),
    "TX-DOCS": (
        lambda: good_report(narrative=NARRATIVE_2023 | {"一": "本年度制发行政规范性文件5件。"}),
        None,
        ("TX-DOCS", "normative_documents", "本年制发件数", 2, 5),
    ),
    "TX-YEAR": (
        lambda: good_report(title="某市生态环境局2022年政府信息公开工作年度报告"),
        None,
        ("TX-YEAR", None, None, 2023, 2022),
    ),
    "TX-FEE": (
        lambda: good_report(narrative=NARRATIVE_2023 | {"六": "无。"}),
        None,
        ("TX-FEE", None, None, "信息处理费收取情况", None),
    ),
    "TX-PUB": (
        lambda: good_report(published="2024-02-05"),
        None,
        ("TX-PUB", None, None, "2024-01-31", "2024-02-05"),
    ),
    "X-CARRY": (
        lambda: good_report(),
        lambda: _set_cell(_set_cell(previous_report(), "R4", 0, 0), "R4", 6, 0),
        ("X-CARRY", "R2", "NP", 0, 1),
    ),
    "X-VALID": (
        lambda: good_report(),
        lambda: previous_report(section2={"rules": [0, 0, 0], "normative_documents": [3, 0, 7]}),
        ("X-VALID", "normative_documents", "现行有效件数", 8, 10),
    ),
    "X-DUP": (
        lambda: good_report(),
        lambda: previous_report(
            narrative=NARRATIVE_2023 | {"一": NARRATIVE_2023["一"].replace("2023", "2022")}
        ),
        ("X-DUP", None, None, "< 0.9", 1.0),
    ),
}


@pytest.mark.parametrize("rule", sorted(TRIGGERS))
def test_each_rule_fires_with_expected_and_actual(rule: str) -> None:
    make, make_previous, expected = TRIGGERS[rule]
    report = make()
    previous = make_previous() if make_previous else previous_report()
    result = check(report, previous)
    assert expected in [(f.rule, f.row, f.column, f.expected, f.actual) for f in result.findings]
    finding = next(f for f in result.findings if f.rule == rule)
    assert finding.severity in ("error", "warning")
    assert re.search(r"[\u4e00-\u9fff]", finding.message)
    # The severities of the spec table.
    errors = {"S3-BAL", "S3-ROWSUM", "S3-RESULT", "S3-ROWS", "S4-SUM", "S2-NEG", "FMT-OLD", "FMT-MIXED"}
    errors |= {"TX-SECT", "TX-APPS", "TX-LIT", "X-CARRY"}
    assert finding.severity == ("error" if rule in errors else "warning")
    assert result.ok == (finding.severity == "warning" and not result.errors)


def test_messages_say_where_what_expected_and_actual() -> None:
    report = _mutate(lambda r: (_set_cell(r, "R4", 0, 2), _set_cell(r, "R4", 6, 2)))
    bal = next(f for f in check(report).findings if f.rule == "S3-BAL" and f.column == "TOT")
    assert bal.section == "三"
    assert "三、收到和处理政府信息公开申请情况 R3.7 （七）总计 总计" in bal.message
    assert "应为 3，表中为 4" in bal.message


# --- Visibility: a missing row is not zero ----------------------------------------------


def test_truncated_report_skips_identities_and_rows_after_the_cut() -> None:
    report = Report(
        format="2021",
        year=2023,
        complete=False,
        sections_present=["一", "二", "三"],
        section2=good_report().section2,
        section3={"R1": row(3), "R2": row(0)},
    )
    assert rules_of(report) == set()


def test_complete_report_with_lost_rows_reports_them() -> None:
    report = Report(
        format="2021", year=2023, sections_present=list("一二三四五六"), section3={"R1": row(3), "R2": row(0)}
    )
    rows = [f for f in check(report).findings if f.rule == "S3-ROWS"]
    assert len(rows) == 23
    assert not {"S3-BAL", "S3-RESULT"} & rules_of(report)


def test_a_gap_between_visible_rows_is_missing_even_when_truncated() -> None:
    report = good_report(complete=False)
    assert report.section3 is not None
    del report.section3["R3.3.2"]
    for code in ("R3.7", "R4"):
        del report.section3[code]
    assert [f.row for f in check(report).findings if f.rule == "S3-ROWS"] == ["R3.3.2"]


def test_blank_cells_count_as_zero_and_are_warned() -> None:
    report = good_report()
    assert report.section3 is not None
    report.section3["R3.3.1"] = [None] * 7
    result = check(report)
    assert result.ok
    assert {f.rule for f in result.findings} == {"S3-BLANK"}
    assert len(result.findings) == 7


def test_blank_cells_listed_by_the_parser_are_warned_too() -> None:
    report = good_report(blank_cells=["section3.R3.3.1.CE", "section3.R3.3.1.CE"])
    assert found(report) == [("S3-BLANK", "R3.3.1", "CE", 0, 0)]


def test_out_of_order_rows() -> None:
    report = good_report()
    assert report.section3 is not None
    items = list(report.section3.items())
    items[2], items[3] = items[3], items[2]
    report.section3 = dict(items)
    assert ("S3-ROWS", "R3.1", None, "R3.1 在 R3.2 之前", "R3.1 在 R3.2 之后") in found(report)


def test_extra_row_for_the_format() -> None:
    report = good_report(format="2019")
    findings = found(report)
    assert ("S3-ROWS", "R3.6", None, "R3.6", "R3.6.1、R3.6.2、R3.6.3") in findings
    assert ("FMT-OLD", None, None, "2021", "2019") in findings


# --- The hzq layout: 2021 headers, a single 三(六) row ------------------------------------


def hzq_like() -> Report:
    report = good_report()
    assert report.section3 is not None
    rows = {k: v for k, v in report.section3.items() if not k.startswith("R3.6.")}
    position = list(rows).index("R3.7")
    items = list(rows.items())
    items.insert(position, ("R3.6", row()))
    report.section3 = dict(items)
    return report


def test_single_other_row_in_2021_is_one_s3_rows_finding() -> None:
    findings = check(hzq_like()).findings
    assert [(f.rule, f.row) for f in findings] == [("S3-ROWS", "R3.6")]


def test_single_other_row_still_counts_in_the_result_sum() -> None:
    report = hzq_like()
    _set_cell(report, "R3.6", 0, 2)
    _set_cell(report, "R3.6", 6, 2)
    assert ("S3-RESULT", "R3.7", "NP", 5, 3) in found(report)
    assert ("S3-RESULT", "R3.7", "TOT", 6, 4) in found(report)


def test_2019_report_passes_with_its_23_rows() -> None:
    section3 = {code: row() for code in FORMAT_2019.row_codes}
    section3 |= {"R1": row(2), "R3.6": row(2), "R3.7": row(2)}
    report = Report(
        format="2019",
        year=2020,
        agency="某省交通运输厅",
        sections_present=list("一二三四五六"),
        section2={
            "rules": [0, 0, 0],
            "normative_documents": [1, 1, 5],
            "licensing": [10, -3, 7],
            "other_services": [1, 0, 1],
            "penalty": [2648, -18, 538],
            "coercion": [0, 0, 0],
            "fees": [35, -15],
            "procurement": [6, 251000.5],
        },
        section3=section3,
        section4={"RV": [0] * 5, "LD": [0] * 5, "LR": [0] * 5},
        narrative={"六": "无"},
    )
    assert check(report).findings == []


# --- Section 二 details ------------------------------------------------------------------


def test_fee_ten_thousand_times_the_previous_year() -> None:
    report = _mutate(lambda r: r.section2.update(fees=15000.0))
    findings = found(report, previous_report())
    assert ("S2-FEEUNIT", "fees", "本年收费金额（单位：万元）", 1.5, 15000.0) in findings
    assert not [
        f
        for f in found(_mutate(lambda r: r.section2.update(fees=3.0)), previous_report())
        if f[0] == "S2-FEEUNIT"
    ]


@pytest.mark.parametrize(
    ("agency", "power"),
    [
        ("会昌县中村乡人民政府", False),
        ("某市某区某某街道办事处", False),
        ("淮安市洪泽区人民政府", False),
        ("某县人民政府办公室", False),
        ("长春市退役军人事务局", False),
        ("广东省教育厅", False),
        ("唐山高新技术产业开发区行政审批局", False),
        ("平潭综合实验区", False),
        ("镇江市人民政府", None),
        ("上海市人民政府办公厅", None),
        ("广西壮族自治区人民政府", None),
        ("国家统计局", None),
        (None, None),
    ],
)
def test_rule_power_inferred_from_the_name(agency: str | None, power: bool | None) -> None:
    assert infer_rule_power(agency) is power


def test_rule_power_can_be_given() -> None:
    report = _mutate(lambda r: r.section2.update(rules=[1, 0, 1]))
    assert "S2-REG" not in rules_of(report, has_rule_power=True)
    report.agency = "某省人民政府"
    assert "S2-REG" not in rules_of(report)
    assert "S2-REG" in rules_of(report, has_rule_power=False)


def test_2019_change_column_may_be_negative_but_counts_may_not() -> None:
    report = Report(format="2019", section2={"licensing": [10, -3, 7], "penalty": [-1, 0, 0]})
    assert [f for f in found(report) if f[0] == "S2-NEG"] == [
        ("S2-NEG", "penalty", "上一年项目数量", ">= 0", -1)
    ]


def test_format_signals_in_section_2() -> None:
    report = _mutate(lambda r: r.section2.update(procurement=[3, 100.0]))
    assert "FMT-MIXED" in rules_of(report)
    report = good_report()
    assert report.section2 is not None
    report.section2["licensing"] = [10, 0, 10]
    assert "FMT-MIXED" in rules_of(report)


# --- Text rules --------------------------------------------------------------------------


def test_sections_out_of_order_and_lost_tables() -> None:
    findings = found(good_report(sections_present=["一", "三", "二", "四", "五", "六"]))
    assert ("TX-SECT", None, None, "在第三部分之前", "在第三部分之后") in findings
    report = good_report(section4=None)
    assert ("TX-SECT", None, None, "表格", None) in found(report)
    assert next(f for f in check(report).findings if f.rule == "TX-SECT").section == "四"


def test_received_may_include_the_carried_over_applications() -> None:
    narrative = NARRATIVE_2023 | {"一": "全年共收到政府信息公开申请5件（含上年结转1件）。"}
    assert "TX-APPS" not in rules_of(good_report(narrative=narrative))


def test_a_count_for_part_of_the_report_is_not_a_contradiction() -> None:
    # hzq2024: the office's own applications, while the table counts the whole district.
    narrative = NARRATIVE_2023 | {"一": "2024 年,区政府办代表区政府受理政府信息公开申请 17 件,均已答复。"}
    assert "TX-APPS" not in rules_of(good_report(narrative=narrative))
    narrative = NARRATIVE_2023 | {"一": "全年共收到申请4件。其中，收到网上申请9件。"}
    assert "TX-APPS" not in rules_of(good_report(narrative=narrative))


def test_a_breakdown_next_to_the_right_total_is_not_a_contradiction() -> None:
    narrative = NARRATIVE_2023 | {"一": "全年共收到政府信息公开申请4件，其中收到网上申请3件。"}
    assert "TX-APPS" not in rules_of(good_report(narrative=narrative))
    narrative = NARRATIVE_2023 | {"一": "全年共收到政府信息公开申请6件，其中收到网上申请3件。"}
    # The total contradicts the table; the part ("其中…") is not reported on its own.
    assert [f for f in found(good_report(narrative=narrative)) if f[0] == "TX-APPS"] == [
        ("TX-APPS", "R1", "TOT", 4, 6)
    ]


def test_text_about_results_and_carry_over() -> None:
    narrative = NARRATIVE_2023 | {"一": "予以公开及部分公开4件，无法提供1件，结转下年度2件。"}
    findings = found(good_report(narrative=narrative))
    assert ("TX-APPS", "R3.1+R3.2", "TOT", 3, 4) in findings
    assert ("TX-APPS", "R4", "TOT", 1, 2) in findings
    assert not [f for f in findings if f[1] == "R3.4"]


def test_litigation_counts_against_both_groups() -> None:
    report = good_report(section4={"RV": [0] * 5, "LD": [1, 0, 0, 0, 1], "LR": [0, 1, 0, 0, 1]})
    narrative = NARRATIVE_2023 | {"一": "发生行政诉讼2起，行政复议0件。"}
    assert "TX-LIT" not in rules_of(good_report(section4=report.section4, narrative=narrative))
    narrative = NARRATIVE_2023 | {"一": "发生行政诉讼3起。"}
    findings = found(good_report(section4=report.section4, narrative=narrative))
    assert ("TX-LIT", "LD+LR", "TOT", 2, 3) in findings


def test_statistical_period_of_another_year() -> None:
    narrative = NARRATIVE_2023 | {"一": "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"}
    assert ("TX-YEAR", None, None, 2023, 2022) in found(good_report(narrative=narrative))


def test_published_before_the_year_ended() -> None:
    assert ("TX-YEAR", None, None, 2023, 2023) in found(good_report(published="2023-12-30"))


def test_fee_duty_starts_with_2021_reports() -> None:
    report = good_report(format="2019", year=2020, published="2021-01-20", title=None, narrative={"六": "无"})
    assert "TX-FEE" not in rules_of(report)


@pytest.mark.parametrize(
    ("agency", "deadline"),
    [
        ("淮安市洪泽区人民政府", "2024-03-31"),
        ("淮安市人民政府", "2024-03-31"),
        ("平潭综合实验区", "2024-03-31"),
        ("淮安市洪泽区人民政府办公室", "2024-01-31"),
        ("会昌县中村乡人民政府", "2024-01-31"),
        ("淮安市财政局", "2024-01-31"),
        (None, "2024-01-31"),
    ],
)
def test_publication_deadline(agency: str | None, deadline: str) -> None:
    assert publication_deadline(2023, agency).isoformat() == deadline


def test_deadline_for_a_government_and_switching_it_off() -> None:
    government = good_report(agency="某县人民政府", published="2024-03-31")
    assert is_government(government.agency)
    assert "TX-PUB" not in rules_of(government)
    late = good_report(published="2024-02-05")
    assert "TX-PUB" not in rules_of(late, deadline_aware=False)


# --- Cross-year --------------------------------------------------------------------------


def test_cross_year_rules_need_consecutive_years() -> None:
    previous = _set_cell(previous_report(year=2021), "R4", 0, 0)
    assert not {"X-CARRY", "X-VALID", "X-DUP"} & rules_of(good_report(), previous)


def test_x_valid_needs_both_reports_in_the_2021_format() -> None:
    previous = previous_report(format="2019", section2={"normative_documents": [0, 0, 0]})
    assert "X-VALID" not in rules_of(good_report(), previous)


def test_similarity_ignores_changed_figures() -> None:
    a = "2022年共收到申请12件，办结12件，均在法定期限内答复。" * 3
    assert similarity(a, a.replace("2022", "2023").replace("12", "15")) == 1.0
    assert similarity(a, "完全不同的一段文字，讲的是另一件事情。" * 3) < 0.2


def test_short_sections_are_not_duplicates() -> None:
    report = good_report(narrative=NARRATIVE_2023 | {"五": "无"})
    previous = previous_report(narrative=NARRATIVE_2022 | {"五": "无"})
    assert "X-DUP" not in rules_of(report, previous)


def _ambiguous(text: str, candidates_: list[list[int]]) -> dict[str, Any]:
    return {"cell": "section2.normative_documents", "text": text, "candidates": candidates_}


PT_2023 = [[77, 1, 32470], [77, 13, 2470], [77, 132, 470], [77, 1324, 70], [77, 13247, 0]]


def test_ambiguous_digit_runs_are_unknown_not_zero() -> None:
    report = good_report(narrative=NARRATIVE_2023 | {"一": "x"})
    assert report.section2 is not None
    report.section2["normative_documents"] = [77, None, None]
    report.ambiguous = [_ambiguous("77132470", PT_2023)]
    previous = previous_report(section2={"normative_documents": [88, 55, 698]})
    x_valid = [f for f in found(report, previous) if f[0] == "X-VALID"]
    assert x_valid == [("X-VALID", "normative_documents", "现行有效件数", 643, 470)]
    assert "S2-NEG" not in rules_of(report)


def test_ambiguous_run_with_a_reading_that_keeps_the_chain_is_not_reported() -> None:
    report = good_report()
    assert report.section2 is not None
    report.section2["normative_documents"] = [None, None, None]
    report.ambiguous = [_ambiguous("8855698", [[8, 85, 5698], [88, 55, 698]])]
    previous = previous_report(section2={"normative_documents": [69, 3, 665]})
    assert "X-VALID" not in rules_of(report, previous)


def test_candidates_are_narrowed_by_the_text() -> None:
    report = good_report()
    report.ambiguous = [_ambiguous("5845546", [[5, 845, 546], [58, 45, 546], [584, 5, 546]])]
    assert report.section2 is not None
    report.section2["normative_documents"] = [None, None, None]
    assert candidates(report, "normative_documents", [])[0] == [58, 45, 546]


def test_ambiguous_section3_row_skips_identities() -> None:
    report = good_report()
    assert report.section3 is not None
    report.section3["R3.1"] = [None] * 7
    report.ambiguous = [
        {"cell": "section3.R3.1", "text": "270020130", "candidates": [[27, 0, 0, 2, 0, 1, 30]]}
    ]
    assert rules_of(report) == set()


# --- The corpus: published arithmetic errors must be found ------------------------------

SERIES_PREVIOUS = {f"pingtan{y}": f"pingtan{y - 1}" for y in range(2020, 2026)} | {"hzq2024": "hzq2023"}

# text/*.truth.json give arith_errors as prose: the findings each sentence stands for.
TEXT_ERRORS: dict[str, list[tuple[Any, ...]]] = {
    "001": [("TX-APPS", "R1", "TOT", 3, 2)],
    "022": [
        ("S3-ROWSUM", "R3.1", "TOT", 272, 0),
        ("TX-APPS", "R3.1+R3.2", "TOT", 275, 258),
        ("TX-APPS", "R3.4", "TOT", 337, 265),
        ("S3-ROWSUM", "R3.1", "TOT", 272, 0),
        ("S3-ROWSUM", "R3.2", "TOT", 3, 0),
        ("S3-ROWSUM", "R3.3.1", "TOT", 14, 0),
        ("S3-ROWSUM", "R3.3.5", "TOT", 5, 0),
        ("S3-ROWSUM", "R3.3.6", "TOT", 4, 0),
        ("S3-ROWSUM", "R3.3.8", "TOT", 12, 0),
        ("S3-ROWSUM", "R3.4.1", "TOT", 265, 0),
        ("S3-ROWSUM", "R3.4.2", "TOT", 47, 0),
        ("S3-ROWSUM", "R3.4.3", "TOT", 25, 0),
        ("S3-ROWSUM", "R3.5.1", "TOT", 149, 0),
        ("S3-ROWSUM", "R3.5.2", "TOT", 9, 0),
    ],
}

TRUTHS = sorted(CORPUS.glob("files/*.truth.json")) + sorted(CORPUS.glob("text/*.truth.json"))


def source_of(truth: Path) -> Path:
    stem = truth.name.removesuffix(".truth.json")
    (source,) = [p for p in truth.parent.glob(stem + ".*") if not p.name.endswith(".truth.json")]
    return source


_PARSED: dict[str, Report] = {}


def parsed(stem: str, folder: str = "files") -> Report:
    if stem not in _PARSED:
        truth = CORPUS / folder / f"{stem}.truth.json"
        _PARSED[stem] = parse(source_of(truth))
    return _PARSED[stem]


@pytest.mark.parametrize(
    "truth", TRUTHS, ids=lambda p: f"{p.parent.name}/{p.name.removesuffix('.truth.json')}"
)
def test_corpus_arithmetic_errors_are_found(truth: Path) -> None:
    stem = truth.name.removesuffix(".truth.json")
    data = json.loads(truth.read_text(encoding="utf-8"))
    report = parsed(stem, truth.parent.name)
    previous = parsed(SERIES_PREVIOUS[stem]) if stem in SERIES_PREVIOUS else None
    findings = found(report, previous)
    if truth.parent.name == "files":
        wanted = [
            (e["rule"], e["row"], e["column"], e["expected"], e["actual"]) for e in data["arith_errors"]
        ]
    else:
        wanted = TEXT_ERRORS.get(stem, [])
        assert len(wanted) == len(data["arith_errors"]), "TEXT_ERRORS is out of step with the truth file"
    missing = [w for w in wanted if w not in findings]
    assert missing == [], f"not found: {missing}; findings: {findings}"


@pytest.mark.parametrize(
    "truth", TRUTHS, ids=lambda p: f"{p.parent.name}/{p.name.removesuffix('.truth.json')}"
)
def test_corpus_truth_models_give_the_same_arithmetic_findings(truth: Path) -> None:
    """The hand-made truth models, checked directly, find the same errors (parser-independent)."""
    stem = truth.name.removesuffix(".truth.json")
    data = json.loads(truth.read_text(encoding="utf-8"))
    report = Report.from_json(data)
    previous = None
    if stem in SERIES_PREVIOUS:
        previous = Report.from_json(
            json.loads((truth.parent / f"{SERIES_PREVIOUS[stem]}.truth.json").read_text())
        )
    findings = found(report, previous)
    if truth.parent.name == "files":
        wanted = [
            (e["rule"], e["row"], e["column"], e["expected"], e["actual"]) for e in data["arith_errors"]
        ]
    else:
        wanted = [w for w in TEXT_ERRORS.get(stem, []) if w[0] != "TX-APPS"]  # truth files hold no narrative
    assert [w for w in wanted if w not in findings] == []


def test_hzq_pdf_layout_is_handled() -> None:
    findings = check(parsed("hzq2023")).findings
    assert [(f.rule, f.row) for f in findings if f.rule == "S3-ROWS"] == [("S3-ROWS", "R3.6")]
    assert "S3-RESULT" not in {f.rule for f in findings}
    errors = check(parsed("hzq2024"), parsed("hzq2023")).errors
    assert [(f.rule, f.row) for f in errors] == [("S3-ROWS", "R3.6")]


def test_sound_corpus_reports_have_no_arithmetic_errors() -> None:
    arithmetic = {"S3-BAL", "S3-ROWSUM", "S3-RESULT", "S4-SUM", "X-CARRY", "X-VALID"}
    for stem in ("huaian2024", "hzq2024", "pingtan2019", "pingtan2021", "pingtan2022"):
        previous = parsed(SERIES_PREVIOUS[stem]) if stem in SERIES_PREVIOUS else None
        assert not arithmetic & {f.rule for f in check(parsed(stem), previous).findings}, stem


def test_seed_reports_the_missing_section_six_and_the_lost_section_four_table() -> None:
    report = parse(SEED)
    assert report.section2 is not None
    assert report.section2["licensing"] == 11741 and report.section2["penalty"] == 61
    assert report.section3 is not None and all(v == 0 for r in report.section3.values() for v in r)
    sect = [(f.section, f.expected) for f in check(report).findings if f.rule == "TX-SECT"]
    assert ("六", "六、其他需要报告的事项") in sect
    assert ("四", "表格") in sect


def test_checking_does_not_change_the_report() -> None:
    report = good_report()
    before = deepcopy(report.to_json())
    check(report, previous_report())
    assert report.to_json() == before


# --- Properties --------------------------------------------------------------------------


@st.composite
def balanced_section3(draw: st.DrawFn) -> dict[str, list[int]]:
    """A 2021 section 三 in which every identity holds."""
    results = list(FORMAT_2021.result_codes)
    table: dict[str, list[int]] = {}
    for code in [*results, "R2", "R4"]:
        parts = draw(st.lists(st.integers(0, 50), min_size=6, max_size=6))
        table[code] = [*parts, sum(parts)]
    table["R3.7"] = [sum(table[c][i] for c in results) for i in range(7)]
    # R1 = R3.7 + R4 − R2 must not go negative: carry nothing over where it would.
    if any(table["R2"][i] > table["R3.7"][i] + table["R4"][i] for i in range(7)):
        table["R2"] = [0] * 7
    table["R1"] = [table["R3.7"][i] + table["R4"][i] - table["R2"][i] for i in range(7)]
    return {c: table[c] for c in FORMAT_2021.row_codes}


@settings(max_examples=60, deadline=None)
@given(balanced_section3(), st.data())
def test_balanced_tables_pass_and_any_changed_cell_is_caught(
    section3: dict[str, Any], data: st.DataObject
) -> None:
    report = good_report(section3=section3, narrative=NARRATIVE_2023 | {"一": "本年度工作情况良好。"})
    arithmetic = {"S3-BAL", "S3-ROWSUM", "S3-RESULT"}
    assert not arithmetic & rules_of(report)
    code = data.draw(st.sampled_from(sorted(section3)))
    column = data.draw(st.integers(0, 6))
    changed = deepcopy(section3)
    changed[code][column] += data.draw(st.integers(1, 9))
    assert arithmetic & rules_of(good_report(section3=changed))
