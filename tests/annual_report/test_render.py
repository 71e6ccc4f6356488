"""Structure of the rendered report: official merged cells, fonts, repeated headers.

A report that parses back to the right numbers can still look nothing like the official
format, print boxes instead of Chinese or lose its table header on page two; these tests
look at the markup, the DOCX XML and the PDF font dictionaries directly.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from bs4 import BeautifulSoup
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1

from gongkai.annual_report import ReportError
from gongkai.annual_report.formats import COLUMNS, FORMATS, SECTION_HEADINGS
from gongkai.annual_report.model import Report
from gongkai.annual_report.render import MISSING_FONT_MESSAGE, render, render_fragment
from gongkai.annual_report.render.layout import SECTION3_NOTE, build

TEMPLATE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "files" / "template2021.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AGENCY = "某市<数据>&资源局"


def make_report(fmt: str = "2021", **changes: object) -> Report:
    """A small valid report: every row of the format, one null cell, a negative 增/减 in 2019."""
    spec = FORMATS[fmt]
    section2: dict[str, object] = {}
    for item in spec.section2:
        if item.is_scalar:
            section2[item.key] = 12.5 if item.decimal else 7
        else:
            section2[item.key] = [3, -2, 5][: item.width] if item.signed_columns else [4, 1, 9][: item.width]
    if fmt == "2019":
        section2["procurement"] = [135, 75394432.52]
    section3 = {row.code: [0] * len(COLUMNS) for row in spec.section3_rows}
    section3["R1"] = [2, 1, 0, 0, 0, 0, 3]
    section3["R3.1"] = [2, 0, 0, 0, 0, 0, 2]
    section3["R3.2"] = [None, 1, 0, 0, 0, 0, 1]
    section3["R3.7"] = [2, 1, 0, 0, 0, 0, 3]
    report = Report(
        format=fmt,
        year=2023 if fmt == "2021" else 2019,
        agency=AGENCY,
        sections_present=list("一二三四五六"),
        section2=section2,
        section3=section3,
        section4={"RV": [1, 0, 0, 1, 2], "LD": [0, 0, 0, 0, 0], "LR": [0, 1, 0, 0, 1]},
        narrative={
            "一": "本年度，我局认真贯彻《条例》。\n（一）主动公开情况。",
            "五": "存在的主要问题是公开内容不够全面。",
            "六": "本年度未收取信息处理费。",
        },
    )
    for key, value in changes.items():
        setattr(report, key, value)
    return report


# --- layout -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_every_table_tiles_its_grid_exactly(fmt: str) -> None:
    for section in build(make_report(fmt)).sections:
        if section.table is not None:
            grid = section.table.grid()
            assert all(slot is not None for row in grid for slot in row), section.table.key


def test_partial_section3_still_tiles_and_leaves_out_missing_rows() -> None:
    report = make_report()
    assert report.section3 is not None
    report.section3 = {code: report.section3[code] for code in ("R1", "R2", "R3.1", "R3.3.1", "R3.3.2")}
    (table,) = [s.table for s in build(report).sections if s.table is not None and s.table.key == "section3"]
    assert all(slot is not None for row in table.grid() for slot in row)
    vertical = [c for row in table.body for c in row if c.kind == "vertical"]
    assert [(c.text, c.rowspan) for c in vertical] == [("三、本年度办理结果", 3)]


def test_absent_sections_are_left_out_and_absent_tables_not_invented() -> None:
    report = make_report(sections_present=["一", "二", "三", "五"], section2=None, section4=None)
    report.narrative = {"一": "总体情况文字。", "五": "问题。"}
    sections = build(report).sections
    assert [s.numeral for s in sections] == ["一", "二", "三", "五"]
    assert sections[1].table is None


# --- HTML -------------------------------------------------------------------------------


def _html(report: Report) -> BeautifulSoup:
    return BeautifulSoup(render(report, "html").decode("utf-8"), "lxml")


def _cell(soup: BeautifulSoup, table_class: str, text: str):
    table = soup.find("table", class_=table_class)
    return table.find(lambda tag: tag.name in ("td", "th") and tag.get_text(strip=True) == text)


def _expand(table) -> list[list[str]]:
    """HTML table -> full grid of texts, following rowspan/colspan; fails on overlap or gaps."""
    rows = table.find_all("tr")
    grid: list[list[str | None]] = [[] for _ in rows]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.find_all(["td", "th"]):
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            for dr in range(int(td.get("rowspan", 1))):
                for dc in range(int(td.get("colspan", 1))):
                    line = grid[r + dr]
                    line.extend([None] * (c + dc + 1 - len(line)))
                    assert line[c + dc] is None, "overlapping cells"
                    line[c + dc] = td.get_text(strip=True)
            c += int(td.get("colspan", 1))
    assert len({len(line) for line in grid}) == 1, "ragged table"
    return [[str(v) for v in line] for line in grid]


def test_html_is_a_standalone_html5_document() -> None:
    text = render(make_report(), "html").decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    soup = BeautifulSoup(text, "lxml")
    assert soup.html["lang"] == "zh-CN"
    assert soup.find("meta", charset=True)["charset"].lower() == "utf-8"
    assert soup.title.get_text() == f"{AGENCY}2023年政府信息公开工作年度报告"
    assert soup.find("style") is not None
    assert [h.get_text() for h in soup.find_all("h2")] == list(SECTION_HEADINGS)


def test_html_escapes_agency_and_narrative() -> None:
    report = make_report(agency='<script>alert("x")</script>&局')
    report.narrative["一"] = "<b>不是标签</b> & 符号"
    text = render(report, "html").decode("utf-8")
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text and "&amp;局" in text
    soup = BeautifulSoup(text, "lxml")
    assert soup.find("h1").get_text() == '<script>alert("x")</script>&局2023年政府信息公开工作年度报告'


def test_fragment_is_only_the_article() -> None:
    fragment = render_fragment(make_report())
    assert fragment.startswith('<article class="gk-report">') and fragment.endswith("</article>")
    assert "<html" not in fragment and "<style" not in fragment


@pytest.mark.parametrize(("fmt", "result_rows"), [("2021", 22), ("2019", 20)])
def test_html_section3_has_the_official_merged_header_and_vertical_block(fmt: str, result_rows: int) -> None:
    soup = _html(make_report(fmt))
    table = soup.find("table", class_="gk-section3")
    assert len(table.thead.find_all("tr")) == 3
    corner = _cell(soup, "gk-section3", SECTION3_NOTE)
    assert (corner["rowspan"], corner["colspan"]) == ("3", "3")
    assert _cell(soup, "gk-section3", "申请人情况")["colspan"] == "7"
    assert _cell(soup, "gk-section3", "自然人")["rowspan"] == "2"
    assert _cell(soup, "gk-section3", "法人或其他组织")["colspan"] == "5"
    assert _cell(soup, "gk-section3", "总计")["rowspan"] == "2"
    block = _cell(soup, "gk-section3", "三、本年度办理结果")
    assert block["rowspan"] == str(result_rows) and "gk-vertical" in block["class"]
    assert _cell(soup, "gk-section3", "（三）不予公开")["rowspan"] == "8"
    assert _cell(soup, "gk-section3", "（四）无法提供")["rowspan"] == "3"
    assert _cell(soup, "gk-section3", "一、本年新收政府信息公开申请数量")["colspan"] == "3"
    other = _cell(soup, "gk-section3", "（六）其他处理")
    assert other.get("rowspan") == ("3" if fmt == "2021" else None)
    assert other.get("colspan") == (None if fmt == "2021" else "2")
    grid = _expand(table)
    assert len(grid) == 3 + len(FORMATS[fmt].section3_rows) and len(grid[0]) == 10
    # R3.2: the null cell is rendered empty, its neighbours are numbers.
    r32 = next(line for line in grid if line[1].startswith("（二）部分公开"))
    assert r32[3:] == ["", "1", "0", "0", "0", "0", "1"]


def test_html_section4_spans_reconsideration_and_litigation() -> None:
    soup = _html(make_report())
    table = soup.find("table", class_="gk-section4")
    assert len(table.thead.find_all("tr")) == 3
    assert _cell(soup, "gk-section4", "行政复议")["colspan"] == "5"
    assert _cell(soup, "gk-section4", "行政诉讼")["colspan"] == "10"
    assert _cell(soup, "gk-section4", "未经复议直接起诉")["colspan"] == "5"
    assert _cell(soup, "gk-section4", "复议后起诉")["colspan"] == "5"
    assert _cell(soup, "gk-section4", "结果维持")["rowspan"] == "2"
    grid = _expand(table)
    assert grid[-1] == ["1", "0", "0", "1", "2", "0", "0", "0", "0", "0", "0", "1", "0", "0", "1"]


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_html_section2_follows_the_format(fmt: str) -> None:
    grid = _expand(_html(make_report(fmt)).find("table", class_="gk-section2"))
    texts = [line[0] for line in grid]
    if fmt == "2021":
        assert grid[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
        assert "行政规范性文件" in texts and "第二十条第（九）项" not in texts
        assert grid[-2] == ["信息内容", *["本年收费金额（单位：万元）"] * 3]
        assert grid[-1] == ["行政事业性收费", "12.5", "12.5", "12.5"]
    else:
        assert grid[1] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
        assert ["行政许可", "3", "-2", "5"] in grid
        assert grid[-1] == ["政府集中采购", "135", "75394432.52", "75394432.52"]


# --- DOCX -------------------------------------------------------------------------------


def _merges(table) -> list[list[tuple[int, str | None]]]:
    """(gridSpan, vMerge) of every <w:tc>, row by row: the merge structure, text aside."""
    out = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            pr = tc.tcPr
            span = pr.gridSpan.val if pr is not None and pr.gridSpan is not None else 1
            merge = None
            if pr is not None and pr.vMerge is not None:
                merge = pr.vMerge.val or "continue"
            row.append((span, merge))
        out.append(row)
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _docx(report: Report):
    return docx.Document(io.BytesIO(render(report, "docx")))


def test_docx_tables_have_the_official_merge_structure() -> None:
    document = _docx(make_report())
    assert len(document.tables) == 3
    section3 = document.tables[1]
    merges = _merges(section3)
    assert merges[0] == [(3, "restart"), (7, None)]
    assert merges[1] == [(3, "continue"), (1, "restart"), (5, None), (1, "restart")]
    assert merges[2] == [(3, "continue"), (1, "continue"), *[(1, None)] * 5, (1, "continue")]
    block = [row[0] for row in merges[5:27]]
    assert block == [(1, "restart"), *[(1, "continue")] * 21]
    assert merges[-1][0] == (3, None)
    assert section3.cell(5, 0).text == "三、本年度办理结果"
    assert _merges(document.tables[2])[0] == [(5, None), (10, None)]


def test_docx_merge_structure_equals_the_official_template() -> None:
    ours = _docx(make_report()).tables
    official = docx.Document(str(TEMPLATE)).tables
    for mine, theirs in zip(ours, official, strict=True):
        assert _merges(mine) == _merges(theirs)
        # Every label of the blank template sits in the same cell of ours.
        for my_row, their_row in zip(mine.rows, theirs.rows, strict=True):
            for my_cell, their_cell in zip(my_row.cells, their_row.cells, strict=True):
                if _squash(their_cell.text):
                    assert _squash(my_cell.text) == _squash(their_cell.text)


def test_docx_header_rows_repeat_and_rows_do_not_split() -> None:
    document = _docx(make_report())
    for table, heads in ((document.tables[1], 3), (document.tables[2], 3)):
        flags = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in table._tbl.tr_lst]
        assert flags == [True] * heads + [False] * (len(flags) - heads)
        assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in table._tbl.tr_lst)


def test_docx_sets_the_east_asian_font_on_styles_and_runs() -> None:
    data = render(make_report(), "docx")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode("utf-8")
    assert re.search(r'<w:rFonts [^>]*w:eastAsia="仿宋"', styles)
    document = docx.Document(io.BytesIO(data))
    paragraphs = list(document.paragraphs)
    paragraphs += [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    runs = [run for p in paragraphs for run in p.runs]
    assert runs
    for run in runs:
        fonts = run._r.rPr.rFonts
        assert fonts.get(f"{W}eastAsia") in ("仿宋", "宋体", "黑体"), run.text
    assert 'w:eastAsia="宋体"' in xml and 'w:eastAsia="黑体"' in xml


def test_docx_page_is_a4_with_margins_and_has_all_text() -> None:
    document = _docx(make_report())
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    for margin in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin):
        assert margin.cm >= 1.0
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"{AGENCY}2023年政府信息公开工作年度报告"
    assert [t for t in texts if t in SECTION_HEADINGS] == list(SECTION_HEADINGS)
    assert "本年度未收取信息处理费。" in texts


# --- PDF --------------------------------------------------------------------------------


def _embedded_fonts(data: bytes) -> set[str]:
    """BaseFont names of fonts whose program is embedded (FontFile, FontFile2 or FontFile3)."""
    names: set[str] = set()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in PDFPage.create_pages(pdf.doc):
            for ref in (resolve1(page.resources.get("Font")) or {}).values():
                font = resolve1(ref)
                for desc in [resolve1(d) for d in resolve1(font.get("DescendantFonts")) or []] or [font]:
                    descriptor = resolve1(desc.get("FontDescriptor")) or {}
                    if any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3")):
                        names.add(str(desc.get("BaseFont")))
    return names


@pytest.fixture(scope="module")
def pdf_2021() -> bytes:
    return render(make_report(), "pdf")


@pytest.mark.pdf
def test_pdf_embeds_a_cjk_font(pdf_2021: bytes) -> None:
    assert pdf_2021.startswith(b"%PDF-")
    fonts = _embedded_fonts(pdf_2021)
    assert any(re.search(r"Noto-?(Serif|Sans)-?CJK", name) for name in fonts), fonts


@pytest.mark.pdf
def test_pdf_text_is_chinese_not_boxes(pdf_2021: bytes) -> None:
    with pdfplumber.open(io.BytesIO(pdf_2021)) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    lines = text.splitlines()
    # The title wraps after the year and never inside 政府信息公开工作年度报告.
    assert lines[:2] == [f"{AGENCY}2023年", "政府信息公开工作年度报告"]
    for heading in SECTION_HEADINGS:
        assert heading in text
    assert "申请人情况" in text and "法人或其他组织" in text
    assert "\ufffd" not in text and "□" not in text


@pytest.mark.pdf
def test_pdf_repeats_the_table_header_on_the_next_page() -> None:
    report = make_report()
    # Enough text before section 三 to push its table over a page boundary.
    report.narrative["三"] = "\n".join(["本年度依申请公开工作平稳有序，答复均在法定期限内完成。"] * 22)
    with pdfplumber.open(io.BytesIO(render(report, "pdf"))) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    with_header = [i for i, text in enumerate(pages) if "申请人情况" in text]
    assert len(with_header) >= 2, "section 三 did not span pages or its header did not repeat"
    assert with_header[1] == with_header[0] + 1


@pytest.mark.pdf
def test_pdf_without_a_chinese_font_raises_in_chinese(tmp_path: Path) -> None:
    """Point fontconfig at one Latin font only: WeasyPrint would print boxes, render must refuse."""
    latin = next((f for f in sorted(Path("/usr/share/fonts").rglob("*.ttf")) if "CJK" not in f.name), None)
    assert latin is not None, "no Latin TrueType font under /usr/share/fonts to build the test on"
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / latin.name).symlink_to(latin)
    (tmp_path / "fonts.conf").write_text(
        '<?xml version="1.0"?><fontconfig>'
        f"<dir>{tmp_path / 'fonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    code = (
        "from gongkai.annual_report.model import Report\n"
        "from gongkai.annual_report.render import render\n"
        "render(Report(format='2021', year=2023, agency='测试局'), 'pdf')\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "MissingFontError: 缺少中文字体：请安装 fonts-noto-cjk" in result.stderr
    assert MISSING_FONT_MESSAGE == "缺少中文字体：请安装 fonts-noto-cjk"


# --- text -------------------------------------------------------------------------------


def test_text_is_readable_with_pipe_rows() -> None:
    lines = render(make_report(), "txt").decode("utf-8").splitlines()
    assert lines[0] == f"{AGENCY}2023年政府信息公开工作年度报告"
    assert [line for line in lines if line in SECTION_HEADINGS] == list(SECTION_HEADINGS)
    assert "| 一、本年新收政府信息公开申请数量 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |" in lines
    assert "| 三、本年度办理结果 | （一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |" in lines
    assert "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） |  | 1 | 0 | 0 | 0 | 0 | 1 |" in lines
    assert "| 行政复议 | 行政诉讼 |" in lines
    assert "| 1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |" in lines


def test_unknown_target_is_refused() -> None:
    with pytest.raises(ReportError, match="不支持的输出格式"):
        render(make_report(), "xlsx")  # type: ignore[arg-type]
