"""Reading plain text in every layout met on the web, from one report written out many ways.

The same numbers are printed as pipe rows, one cell per line, blank-line separated cells,
markdown, whitespace tables, converter output with page footers, traditional characters,
and digits glued to their labels; each layout must read back to the same tables.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongkai.annual_report import parse
from gongkai.annual_report.formats import FORMAT_2019, FORMAT_2021, SECTION4_COLUMN_LABELS
from gongkai.annual_report.model import Report

Row = list[str]

SECTION2 = {
    "rules": [0, 0, 0],
    "normative_documents": [3, 1, 12],
    "licensing": 25,
    "penalty": 7,
    "coercion": 0,
    "fees": 1.5,
}
_ZERO = [0] * 7
SECTION3 = {code: list(_ZERO) for code in FORMAT_2021.row_codes}
SECTION3.update(
    {
        "R1": [10, 2, 0, 0, 1, 0, 13],
        "R2": [1, 0, 0, 0, 0, 0, 1],
        "R3.1": [5, 1, 0, 0, 0, 0, 6],
        "R3.2": [2, 0, 0, 0, 0, 0, 2],
        "R3.3.5": [1, 0, 0, 0, 0, 0, 1],
        "R3.4.1": [2, 1, 0, 0, 1, 0, 4],
        "R3.7": [10, 2, 0, 0, 1, 0, 13],
        "R4": [1, 0, 0, 0, 0, 0, 1],
    }
)
SECTION4 = {"RV": [1, 0, 1, 0, 2], "LD": [0, 0, 0, 1, 1], "LR": [0, 0, 0, 0, 0]}

INTRO = [
    "某县农业农村局2023年政府信息公开工作年度报告",
    "发布日期：2024-01-18",
    "一、总体情况",
    "2023年，我局共受理政府信息公开申请13件，行政许可 500 条信息已公开。",
    "二、主动公开政府信息情况",
]
OUTRO = [
    "五、存在的主要问题及改进情况",
    "一是公开内容不够丰富。二是将加强培训。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
]


def _num(v: float | None) -> str:
    return "" if v is None else str(v)


def section2_rows() -> list[Row]:
    return [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", *map(_num, SECTION2["rules"])],
        ["行政规范性文件", *map(_num, SECTION2["normative_documents"])],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", _num(SECTION2["licensing"])],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", _num(SECTION2["penalty"])],
        ["行政强制", _num(SECTION2["coercion"])],
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", _num(SECTION2["fees"])],
    ]


def section3_rows(table: dict[str, list[int | None]] = SECTION3) -> list[Row]:
    rows: list[Row] = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["自然人", "法人或其他组织", "总计"],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
    ]
    group = None
    for row in FORMAT_2021.section3_rows:
        label = [row.label]
        if row.group and row.group != row.block and row.group != group:
            label = [row.group, row.label]
        elif row.code == "R3.1":
            label = [row.block or "", row.label]
        group = row.group
        rows.append([*label, *map(_num, table[row.code])])
    return rows


def section4_rows() -> list[Row]:
    parts = list(SECTION4_COLUMN_LABELS.values())
    return [
        ["行政复议", "行政诉讼"],
        [*parts, "未经复议直接起诉", "复议后起诉"],
        parts + parts,
        [_num(v) for code in ("RV", "LD", "LR") for v in SECTION4[code]],
    ]


def document(render: Callable[[list[Row]], list[str]]) -> str:
    lines = list(INTRO)
    lines += render(section2_rows())
    lines.append("三、收到和处理政府信息公开申请情况")
    lines += render(section3_rows())
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    lines += render(section4_rows())
    lines += OUTRO
    return "\n".join(lines)


def pipe_rows(rows: list[Row]) -> list[str]:
    return ["| " + " | ".join(r) + " |" for r in rows]


def one_cell_per_line(rows: list[Row]) -> list[str]:
    out: list[str] = []
    for r in rows:
        out += [f"{c} |" if c else "|" for c in r]
        out.append("||")
    return out


def blank_line_cells(rows: list[Row]) -> list[str]:
    return [line for r in rows for c in r for line in (c, "")]


def markdown(rows: list[Row]) -> list[str]:
    out: list[str] = []
    for i, r in enumerate(rows):
        out.append("| " + " | ".join(r) + " |")
        if i == 0:
            out.append("|" + "---|" * len(r))
    return out


def whitespace(rows: list[Row]) -> list[str]:
    return [" ".join(c or "-" for c in r) for r in rows]


def converter_with_footers(rows: list[Row]) -> list[str]:
    out = pipe_rows(rows)
    out.insert(len(out) // 2, "- 2 -")
    out.insert(len(out) // 2, "第 3 页")
    return out


LAYOUTS = {
    "pipe rows": pipe_rows,
    "one cell per line": one_cell_per_line,
    "blank-line separated": blank_line_cells,
    "markdown": markdown,
    "whitespace table": whitespace,
    "converter output with footers": converter_with_footers,
}


def _assert_tables(report: Report) -> None:
    assert report.format == "2021"
    assert report.section2 == SECTION2
    assert report.section3 == SECTION3
    assert report.section4 == SECTION4
    assert report.ambiguous == []


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layout_reads_back_exactly(layout: Callable[[list[Row]], list[str]]) -> None:
    report = parse(document(layout))
    _assert_tables(report)
    assert report.year == 2023
    assert report.agency == "某县农业农村局"
    assert report.published == "2024-01-18"
    assert report.sections_present == ["一", "二", "三", "四", "五", "六"]
    assert "受理政府信息公开申请13件" in report.narrative["一"]
    assert report.narrative["六"] == "本年度未收取信息处理费。"
    assert report.complete


def test_traditional_characters_read_like_simplified() -> None:
    import opencc

    text = opencc.OpenCC("s2t").convert(document(pipe_rows))
    assert "總計" in text
    report = parse(text)
    _assert_tables(report)


def test_glued_digits_are_split_by_the_identities() -> None:
    """Crawler output: the whole report on one line, digits of neighbouring cells run together."""

    def glued(rows: list[Row]) -> list[str]:
        return ["".join("".join(r) for r in rows)]

    text = "".join(document(glued).split("\n"))
    report = parse(text)
    assert report.section3 == SECTION3
    assert report.section4 == SECTION4
    # Section 二 has no identity: "3112" has three readings, so it is ambiguous, not guessed.
    amb = {a["cell"]: a["candidates"] for a in report.ambiguous}
    assert set(amb) == {"section2.normative_documents"}
    assert [3, 1, 12] in amb["section2.normative_documents"]
    assert report.section2["licensing"] == 25
    assert report.section2["fees"] == 1.5
    assert report.section2["normative_documents"] == [None, None, None]


def test_narrative_counts_settle_an_ambiguous_split() -> None:
    def glued(rows: list[Row]) -> list[str]:
        return ["".join("".join(r) for r in rows)]

    text = document(glued).replace(
        "已公开。", "已公开。本年度制发行政规范性文件3件，现行有效规范性文件12件。"
    )
    report = parse(text)
    assert report.section2["normative_documents"] == [3, 1, 12]
    assert report.ambiguous == []


def test_numbers_in_sentences_are_not_table_values() -> None:
    report = parse(document(pipe_rows))
    # The narrative's "行政许可 500 条" is not the table's 25.
    assert report.section2["licensing"] == 25


def test_empty_cells_are_null_and_listed_as_blank() -> None:
    table = {code: list(cells) for code, cells in SECTION3.items()}
    table["R3.3.1"] = [None, None, None, None, None, None, 0]
    lines = ["三、收到和处理政府信息公开申请情况", *pipe_rows(section3_rows(table))]
    r333 = next(i for i, line in enumerate(lines) if "三安全一稳定" in line)
    lines[r333] = "| 3.危及“三安全一稳定” | / | — | 无 | 0 | 0 | 0 | 0 |"
    report = parse("\n".join(lines))
    assert report.section3["R3.3.1"] == [None, None, None, None, None, None, 0]
    assert report.section3["R3.3.3"] == [None, None, None, 0, 0, 0, 0]
    assert "section3.R3.3.1.NP" in report.blank_cells
    assert "section3.R3.3.3.SW" not in report.blank_cells
    assert {"section3.R3.3.3.NP", "section3.R3.3.3.CE", "section3.R3.3.3.RI"} <= set(report.blank_cells)


def test_truncated_text_keeps_what_is_visible_and_never_fills_zeros() -> None:
    text = document(one_cell_per_line)
    cut = text.index("2.没有现成信息需要另行制作")
    report = parse(text[: cut + 6])
    assert not report.complete
    assert list(report.section3)[-1] == "R3.4.1"
    assert "R3.4.2" not in report.section3 and "R4" not in report.section3
    assert report.section4 is None
    assert any("中途" in w or "不完整" in w for w in report.warnings)


def test_a_text_that_stops_on_a_number_drops_that_row() -> None:
    """Web copies stop mid-number ("10000" of "1000001"): the row holding it is not read."""
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量21710000218\n二、上年结转政府信息公开申请数量10000"
    report = parse(text)
    assert report.section3 == {"R1": [217, 1, 0, 0, 0, 0, 218]}
    assert not report.complete


def test_a_row_detached_from_its_label_is_placed_by_order() -> None:
    """PDF-to-markdown converters print some rows' numbers apart from their labels."""
    lines = ["三、收到和处理政府信息公开申请情况"]
    for row in FORMAT_2021.section3_rows:
        values = [str(v) for v in SECTION3[row.code]]
        if row.label.startswith(("4.", "5.")):
            lines.append(row.label)  # the label alone, in the text flow
            lines.append("| " + " | ".join(values) + " |")  # its numbers on a line of their own
        else:
            lines.append("| " + " | ".join([row.label, *values]) + " |")
    report = parse("\n".join(lines))
    assert report.section3 == SECTION3


def test_row_numbers_printed_apart_are_put_back_by_the_identities() -> None:
    lines = ["三、收到和处理政府信息公开申请情况", *pipe_rows(section3_rows())]
    r4 = next(i for i, line in enumerate(lines) if "结转下年度" in line)
    lines[r4] = "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |"
    lines.insert(r4 - 2, "1")
    report = parse("\n".join(lines))
    assert report.section3["R4"] == [1, 0, 0, 0, 0, 0, 1]
    assert any("归位" in w for w in report.warnings)


def test_vertical_one_character_headers_of_section4() -> None:
    text = "\n".join(
        [
            "四、政府信息公开行政复议、行政诉讼情况",
            "2020 年,我单位未出现申请行政复议、提起行政诉讼的情况。",
            "行政复议 行政诉讼",
            "未经复议直接起诉 复议后起诉",
            "结 结 其 尚",
            "果 果 他 未 总计",
            "维 纠 结 审",
            "持 正 果 结",
            "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
            "五、存在的主要问题及改进情况",
            "无。",
        ]
    )
    report = parse(text)
    assert report.section4 == {"RV": [0] * 5, "LD": [0] * 5, "LR": [0] * 5}
    assert "未出现申请行政复议" in report.narrative["四"]


def test_html_inside_a_javascript_string() -> None:
    rows = "".join(
        "<tr>" + "".join(f'<td style=\\"width:10px\\">{c}</td>' for c in r) + "</tr>" for r in section2_rows()
    )
    text = (
        'var content = "<p style=\\"text-align:center\\">某县农业农村局2023年政府信息公开工作年度报告</p>'
        '<p>二、主动公开政府信息情况</p><table border=\\"1\\"><tbody>' + rows + '</tbody></table>";'
    )
    report = parse(text)
    assert report.section2 == SECTION2
    assert report.year == 2023


def test_format_comes_from_the_tables_not_the_year() -> None:
    lines = [
        "某镇2021年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容 本年新制作数量 本年新公开数量 对外公开总数量",
        "规章 0 0 0",
        "规范性文件 2 2 9",
        "第二十条第（五）项",
        "信息内容 上一年项目数量 本年增/减 处理决定数量",
        "行政许可 37 -3 1125",
        "第二十条第（八）项",
        "信息内容 上一年项目数量 本年增/减",
        "行政事业性收费 2 +1",
        "第二十条第（九）项",
        "信息内容 采购项目数量 采购总金额",
        "政府集中采购 14 523.15万元",
    ]
    report = parse("\n".join(lines))
    assert report.year == 2021
    assert report.format == "2019"
    assert report.section2 == {
        "rules": [0, 0, 0],
        "normative_documents": [2, 2, 9],
        "licensing": [37, -3, 1125],
        "fees": [2, 1],
        "procurement": [14, 523.15],
    }
    assert report.units == {"section2.procurement": "万元"}


def test_2019_other_row_and_signed_glued_cells() -> None:
    text = (
        "二、主动公开政府信息情况第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量"
        "行政处罚2648-18538行政强制000第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费35-15"
        "三、收到和处理政府信息公开申请情况（六）其他处理4 0 0 0 0 0 4（七）总计4 0 0 0 0 0 4"
        "五、存在的主要问题及改进情况无。"
    )
    report = parse(text)
    assert report.format == "2019"
    assert report.section2["fees"] == [35, -15]
    assert report.section2["coercion"] == [0, 0, 0]
    amb = {a["cell"]: a for a in report.ambiguous}
    assert amb["section2.penalty"]["text"] == "2648-18538"
    assert [2648, -18, 538] in amb["section2.penalty"]["candidates"]
    assert report.section2["penalty"] == [2648, None, None]
    assert report.section3 == {"R3.6": [4, 0, 0, 0, 0, 0, 4], "R3.7": [4, 0, 0, 0, 0, 0, 4]}


def test_only_labels_and_no_numbers_gives_no_tables() -> None:
    text = "\n".join(
        ["二、主动公开政府信息情况", "第二十条第(一)项", "信息内容", "规章", "规范性文件", "行政许可"]
    )
    report = parse(text)
    assert report.section2 is None
    assert report.section3 is None


def test_missing_tables_are_none_not_zero() -> None:
    text = "\n".join(
        [*INTRO, "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", *OUTRO]
    )
    report = parse(text)
    assert (report.section2, report.section3, report.section4) == (None, None, None)
    assert report.sections_present == ["一", "二", "三", "四", "五", "六"]


def test_2019_tables() -> None:
    lines = [*INTRO[:4], "二、主动公开政府信息情况"]
    lines.append("| 规章 | 1 | 1 | 5 |")
    lines.append("| 其他对外管理服务事项 | 24 | 0 | 6668 |")
    lines.append("三、收到和处理政府信息公开申请情况")
    for row in FORMAT_2019.section3_rows:
        lines.append(f"| {row.label} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |")
    report = parse("\n".join(lines))
    assert report.format == "2019"
    assert list(report.section3) == list(FORMAT_2019.row_codes)
    assert report.section2 == {"rules": [1, 1, 5], "other_services": [24, 0, 6668]}


def test_section4_split_settled_by_stated_counts_where_it_can_be() -> None:
    header = (
        "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
        + "结果维持结果纠正其他结果尚未审结总计" * 2
    )
    text = (
        "一、总体情况本年度发生行政复议22件。"
        f"四、政府信息公开行政复议、行政诉讼情况{header}10012022111101133101131034"
        "五、存在的主要问题及改进情况无。"
    )
    report = parse(text)
    # The stated 22 picks the 行政复议 group; the two lawsuit groups keep several readings.
    assert report.section4["RV"] == [10, 0, 12, 0, 22]
    amb = {a["cell"]: a["candidates"] for a in report.ambiguous}
    assert set(amb) == {"section4.LD", "section4.LR"}
    assert sorted(amb["section4.LD"]) == [[1, 11, 10, 11, 33], [11, 1, 10, 11, 33], [11, 11, 0, 11, 33]]
    assert sorted(amb["section4.LR"]) == [[10, 1, 13, 10, 34], [10, 11, 3, 10, 34]]
    assert report.section4["LD"] == [None, None, None, 11, 33]


def test_labels_in_page_chrome_before_the_report_are_not_the_table() -> None:
    report = parse("首页 政务公开\n行政许可 12\n行政处罚 3\n一、总体情况\n本年度无。")
    assert report.section2 is None
