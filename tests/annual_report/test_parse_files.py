"""Reading report files: HTML with merged cells, DOCX, PDF (text and scanned), encodings, bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from gongkai.annual_report import parse
from gongkai.annual_report.formats import FORMAT_2021, SECTION4_COLUMN_LABELS
from gongkai.annual_report.model import ParseError, ScannedPDFError

from .test_parse_layouts import SECTION2, SECTION3, SECTION4

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TEXT = SHARED / "corpus" / "text"

TITLE = "某市生态环境局2023年政府信息公开工作年度报告"


def _td(text: object, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    return f"<td{attrs}><p>{'' if text is None else text}</p></td>"


def official_html() -> str:
    """A 2021-format report laid out as the official tables, with rowspan and colspan."""
    s2 = [
        "<tr>" + _td("第二十条第（一）项", colspan=4) + "</tr>",
        "<tr>"
        + "".join(_td(h) for h in ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"))
        + "</tr>",
        "<tr>" + _td("规章") + "".join(_td(v) for v in SECTION2["rules"]) + "</tr>",
        "<tr>" + _td("行政规范性文件") + "".join(_td(v) for v in SECTION2["normative_documents"]) + "</tr>",
        "<tr>" + _td("第二十条第（五）项", colspan=4) + "</tr>",
        "<tr>" + _td("信息内容") + _td("本年处理决定数量", colspan=3) + "</tr>",
        "<tr>" + _td("行政许可") + _td(SECTION2["licensing"], colspan=3) + "</tr>",
        "<tr>" + _td("第二十条第（六）项", colspan=4) + "</tr>",
        "<tr>" + _td("信息内容") + _td("本年处理决定数量", colspan=3) + "</tr>",
        "<tr>" + _td("行政处罚") + _td(SECTION2["penalty"], colspan=3) + "</tr>",
        "<tr>" + _td("行政强制") + _td(SECTION2["coercion"], colspan=3) + "</tr>",
        "<tr>" + _td("第二十条第（八）项", colspan=4) + "</tr>",
        "<tr>" + _td("信息内容") + _td("本年收费金额（单位：万元）", colspan=3) + "</tr>",
        "<tr>" + _td("行政事业性收费") + _td(SECTION2["fees"], colspan=3) + "</tr>",
    ]
    s3 = [
        "<tr>"
        + _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3)
        + _td("申请人情况", colspan=7)
        + "</tr>",
        "<tr>"
        + _td("自然人", rowspan=2)
        + _td("法人或其他组织", colspan=5)
        + _td("总计", rowspan=2)
        + "</tr>",
        "<tr>"
        + "".join(_td(h) for h in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))
        + "</tr>",
    ]
    rows = FORMAT_2021.section3_rows
    spans = {r.group: sum(1 for x in rows if x.group == r.group) for r in rows if r.group}
    block_rows = sum(1 for r in rows if r.block)
    seen: set[str] = set()
    for row in rows:
        cells = ""
        if row.block and row.block not in seen:
            seen.add(row.block)
            cells += _td(row.block, rowspan=block_rows)
        if row.group and row.group != row.block:
            if row.group not in seen:
                seen.add(row.group)
                cells += _td(row.group, rowspan=spans[row.group])
            cells += _td(row.label)
        else:
            cells += _td(row.label, colspan=2 if row.block else 3)
        cells += "".join(_td(v) for v in SECTION3[row.code])
        s3.append(f"<tr>{cells}</tr>")
    parts = list(SECTION4_COLUMN_LABELS.values())
    s4 = [
        "<tr>" + _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10) + "</tr>",
        "<tr>"
        + "".join(_td(p, rowspan=2) for p in parts)
        + _td("未经复议直接起诉", colspan=5)
        + _td("复议后起诉", colspan=5)
        + "</tr>",
        "<tr>" + "".join(_td(p) for p in parts + parts) + "</tr>",
        "<tr>" + "".join(_td(v) for code in ("RV", "LD", "LR") for v in SECTION4[code]) + "</tr>",
    ]

    def table(rows: list[str]) -> str:
        return '<table border="1"><tbody>' + "".join(rows) + "</tbody></table>"

    return (
        f"<html><head><title>{TITLE}</title><meta charset='utf-8'></head><body>"
        f"<h1>{TITLE}</h1><p>发布日期：2024-01-25</p>"
        "<p>一、总体情况</p><p>2023年，本局共收到政府信息公开申请13件。</p>"
        f"<p>二、主动公开政府信息情况</p>{table(s2)}"
        f"<p>三、收到和处理政府信息公开申请情况</p>{table(s3)}"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{table(s4)}"
        "<p>五、存在的主要问题及改进情况</p><p>一是信息更新不够及时。</p>"
        "<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>"
        "<script>var x = '行政许可 999';</script></body></html>"
    )


def test_html_with_rowspan_and_colspan_parses_exactly() -> None:
    html = official_html()
    assert 'rowspan="22"' in html and 'colspan="7"' in html
    report = parse(html.encode("utf-8"), filename="report.html")
    assert report.format == "2021"
    assert report.section2 == SECTION2
    assert report.section3 == SECTION3
    assert report.section4 == SECTION4
    assert report.year == 2023
    assert report.agency == "某市生态环境局"
    assert report.published == "2024-01-25"
    assert report.sections_present == ["一", "二", "三", "四", "五", "六"]
    assert report.narrative["六"] == "本年度未收取信息处理费。"
    assert report.ambiguous == [] and report.blank_cells == []


def test_html_in_gbk_with_nbsp_cells() -> None:
    html = official_html().replace("<p>0</p>", "<p>&nbsp;</p>", 3).replace("charset='utf-8'", "charset='gbk'")
    report = parse(html.encode("gbk"), filename="report.htm")
    assert report.section2["rules"] == [None, None, None]
    assert report.blank_cells[:3] == ["section2.rules.0", "section2.rules.1", "section2.rules.2"]


def _docx_report() -> bytes:
    """A DOCX with the official tables, merged cells made the way Word makes them."""
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2023年，本局主动公开政府信息120条。")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = FORMAT_2021.section3_rows
    table = document.add_table(rows=3 + len(rows), cols=10)
    head = table.cell(0, 0).merge(table.cell(2, 2))
    head.text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    table.cell(0, 3).merge(table.cell(0, 9)).text = "申请人情况"
    table.cell(1, 3).merge(table.cell(2, 3)).text = "自然人"
    table.cell(1, 4).merge(table.cell(1, 8)).text = "法人或其他组织"
    table.cell(1, 9).merge(table.cell(2, 9)).text = "总计"
    for i, h in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
        table.cell(2, 4 + i).text = h
    first = {}
    for i, row in enumerate(rows):
        r = 3 + i
        if row.group and row.group != row.block:
            first.setdefault(row.group, r)
            table.cell(r, 2).text = row.label
        elif row.block:
            table.cell(r, 1).merge(table.cell(r, 2)).text = row.label
        else:
            table.cell(r, 0).merge(table.cell(r, 2)).text = row.label
        for c, v in enumerate(SECTION3[row.code]):
            table.cell(r, 3 + c).text = str(v)
    for group, start in first.items():
        end = start + sum(1 for x in rows if x.group == group) - 1
        table.cell(start, 1).merge(table.cell(end, 1)).text = group
    block = [3 + i for i, x in enumerate(rows) if x.block]
    table.cell(block[0], 0).merge(table.cell(block[-1], 0)).text = "三、本年度办理结果"
    document.add_paragraph("六、其他需要报告的事项")
    document.add_paragraph("本年度未收取信息处理费。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_with_merged_cells_parses_exactly(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(_docx_report())
    report = parse(path)
    assert report.section3 == SECTION3
    assert report.year == 2023
    assert report.sections_present == ["一", "三", "六"]
    # The same bytes without a name are recognised by their content.
    assert parse(path.read_bytes()).section3 == SECTION3


def _image_only_pdf() -> bytes:
    """A one-page PDF whose only content is an image, as a scanner produces."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream",
        b"<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_scanned_pdf_gets_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf())
    with pytest.raises(ScannedPDFError, match="扫描件，无法提取文字"):
        parse(path)


def test_pdf_without_text_or_images() -> None:
    blank = _image_only_pdf()
    for part in (b"/Im0 Do", b"/XObject << /Im0 4 0 R >>"):
        blank = blank.replace(part, b" " * len(part))  # same length: the xref offsets stay right
    with pytest.raises(ParseError) as exc:
        parse(blank, filename="blank.pdf")
    assert not isinstance(exc.value, ScannedPDFError)


@pytest.mark.parametrize("name", ["006.txt", "022.txt", "011.txt"])
def test_gbk_and_bom_copies_parse_identically(name: str) -> None:
    text = (TEXT / name).read_text(encoding="utf-8")
    reference = parse(text.encode("utf-8")).to_json()
    assert parse(text.encode("gb18030")).to_json() == reference
    assert parse(text.encode("utf-8-sig")).to_json() == reference
    assert parse(text.encode("utf-16")).to_json() == reference
    try:
        gbk = text.encode("gbk")
    except UnicodeEncodeError:
        return
    assert parse(gbk).to_json() == reference


def test_sources_path_str_and_bytes(tmp_path: Path) -> None:
    path = TEXT / "005.txt"
    by_path = parse(path).to_json()
    assert parse(str(path)).to_json() == by_path
    assert parse(path.read_bytes(), filename="005.txt").to_json() == by_path
    assert parse(path.read_text(encoding="utf-8")).to_json() == by_path
    assert parse(path).source_name == "005.txt"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", None, "为空"),
        (b"   \n\t ", None, "为空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "report.doc", "旧版 Word"),
        (b"%PDF-1.7\n garbage that is not a pdf", "x.pdf", "PDF"),
        (b"PK\x03\x04 broken zip", "x.docx", "压缩包"),
        (b"hello world, no Chinese here", None, "中文"),
    ],
)
def test_bad_input_raises_parse_error(data: bytes, filename: str | None, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(data, filename=filename)


def test_zip_that_is_not_a_docx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", "政府信息公开")
    with pytest.raises(ParseError, match="不支持的文件类型"):
        parse(out.getvalue(), filename="a.zip")


def test_missing_file() -> None:
    with pytest.raises(ParseError, match="无法读取文件"):
        parse(Path("/nonexistent/报告.pdf"))
