"""DOCX output with python-docx, in the table structure of the official template.

python-docx only sets the Latin font; Word and WPS then show Chinese in whatever East
Asian font the theme names, so ``w:eastAsia`` is written by hand on every style and run.
Header rows get ``w:tblHeader`` so they repeat when section 三 runs over two pages.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..model import Report
from .layout import Cell, Document, Table, build

BODY_FONT = "仿宋"  # body text: 仿宋, as in official documents
TABLE_FONT = "宋体"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZES = {"section4": Pt(9)}  # 15 columns on A4 need 小五; the rest is 五号
TABLE_SIZE = Pt(10.5)
PAGE_MARGINS = {"top": Cm(2.5), "bottom": Cm(2.2), "left": Cm(2.0), "right": Cm(2.0)}
_CENTERED = {"head", "num", "vertical"}


def _set_fonts(rpr_parent: Any, east_asia: str) -> None:
    """Write ascii/hAnsi/eastAsia fonts (on a run or a style) and drop theme fonts, which win over them."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _run(paragraph: Paragraph, text: str, font: str, size: Length, *, bold: bool = False) -> Run:
    run = paragraph.add_run(text)
    _set_fonts(run._r, font)
    run.font.size = size
    run.font.bold = bold
    return run


def _setup(doc: WordDocument) -> None:
    """A4 portrait, government margins, 仿宋 body with fixed 28 pt lines, page number footer."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side, value in PAGE_MARGINS.items():
        setattr(section, f"{side}_margin", value)
    normal = doc.styles["Normal"]
    _set_fonts(normal.element, BODY_FONT)
    normal.font.size = BODY_SIZE
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", TABLE_FONT, Pt(12))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    _run(footer, " —", TABLE_FONT, Pt(12))


def _heading(doc: WordDocument, text: str, level: int) -> None:
    """Title (level 0) and section headings as Word headings, restyled black, for navigation."""
    paragraph = doc.add_heading(level=level + 1)
    style = paragraph.style
    _set_fonts(style.element, TITLE_FONT if level == 0 else HEADING_FONT)
    style.font.color.rgb = None
    style.font.italic = False
    fmt = paragraph.paragraph_format
    fmt.keep_with_next = True
    if level == 0:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_before, fmt.space_after = Pt(0), Pt(16)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _run(paragraph, text, TITLE_FONT, Pt(22), bold=True)
    else:
        fmt.first_line_indent = BODY_SIZE * 2
        fmt.space_before, fmt.space_after = Pt(6), Pt(0)
        _run(paragraph, text, HEADING_FONT, BODY_SIZE)


def _paragraph(doc: WordDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    _run(paragraph, text, BODY_FONT, BODY_SIZE)


def _mark_row(tr: Any, *, header: bool) -> None:
    """Rows never split across pages; header rows repeat on each page."""
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _fill(cell: _Cell, spec: Cell, size: Length) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if spec.kind in _CENTERED else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if spec.text:
        _run(paragraph, spec.text, TABLE_FONT, size, bold=spec.kind == "article")


def _table(doc: WordDocument, table: Table, width: Length) -> DocxTable:
    """Write the merged cells straight from the layout grid, as Word itself stores them.

    A cell spanning columns is one ``w:tc`` with ``w:gridSpan``; one spanning rows is a
    ``w:vMerge="restart"`` cell above ``w:vMerge`` continuation cells. (python-docx's
    ``merge()`` does the same but rescans the whole table for every cell: 20× slower.)
    """
    out = doc.add_table(rows=0, cols=table.ncols)
    out.style = doc.styles["Table Grid"]
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    out.autofit = False
    total = sum(table.widths)
    widths = [Length(int(width * w / total)) for w in table.widths]
    for column, w in zip(out.columns, widths, strict=True):
        column.width = w
    size = TABLE_SIZES.get(table.key, TABLE_SIZE)
    for r, grid_row in enumerate(table.grid()):
        tr = out._tbl.add_tr()
        _mark_row(tr, header=r < len(table.head))
        for c, slot in enumerate(grid_row):
            if slot is None:
                raise ValueError(f"表格 {table.key} 第 {r + 1} 行第 {c + 1} 列没有单元格")
            spec, top, left = slot
            if not left:
                continue
            tc = tr.add_tc()
            tc.width = Length(sum(widths[c : c + spec.colspan]))
            if spec.colspan > 1:
                tc.grid_span = spec.colspan
            if spec.rowspan > 1:
                tc.vMerge = "restart" if top else "continue"
            if top:
                _fill(_Cell(tc, out), spec, size)
    return out


def _write(doc: WordDocument, layout: Document) -> None:
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    _heading(doc, layout.title, 0)
    for part in layout.sections:
        _heading(doc, part.heading, 1)
        for text in part.paragraphs:
            _paragraph(doc, text)
        if part.table is not None:
            _table(doc, part.table, text_width)


def render_docx(report: Report) -> bytes:
    """The report as a Word document in the official layout."""
    doc = new_document()
    _setup(doc)
    _write(doc, build(report))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
