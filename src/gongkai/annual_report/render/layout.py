"""The official report layout as plain data, shared by every output format.

HTML, DOCX and text all draw the same tables (merged header cells, the vertical
``三、本年度办理结果`` block, the 行政复议/行政诉讼 spans), so the grid is computed once here
and each writer only translates cells into its own markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..formats import (
    ALL_ROW_CODES,
    COLUMN_LABELS,
    COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
    LEGAL_PERSON_COLUMNS,
    LEGAL_PERSON_LABEL,
    SECTION4_COLUMN_LABELS,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
    SECTION_HEADINGS,
    SECTION_NUMERALS,
    Format,
    Row,
    Section2Item,
)
from ..model import Report

REPORT_TITLE_SUFFIX = "政府信息公开工作年度报告"
# The official note in the corner of the section-三 table.
SECTION3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_LABEL = "申请人情况"
CONTENT_LABEL = "信息内容"
RECONSIDERATION_LABEL = "行政复议"
LITIGATION_LABEL = "行政诉讼"


@dataclass(frozen=True)
class Cell:
    """One table cell, placed (like HTML) in the row where it starts.

    ``kind`` tells writers how to style it: ``head`` (column header), ``label`` (row label),
    ``article`` (the 第二十条第（X）项 band), ``num`` (a value) or ``vertical`` (the narrow
    stacked-characters block label).
    """

    text: str
    kind: str = "num"
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Table:
    """A table as rows of starting cells; ``head`` rows repeat on every page."""

    key: str
    widths: tuple[float, ...]
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def rows(self) -> Iterator[list[Cell]]:
        yield from self.head
        yield from self.body

    def grid(self) -> list[list[tuple[Cell, bool, bool] | None]]:
        """Place every cell on the full grid: (cell, is_top_row, is_left_column) per slot.

        DOCX needs this to write vMerge continuation cells; it also proves in tests that
        the spans tile the grid exactly.
        """
        rows = list(self.rows())
        grid: list[list[tuple[Cell, bool, bool] | None]] = [[None] * self.ncols for _ in rows]
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while grid[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if grid[r + dr][c + dc] is not None:
                            raise ValueError(f"表格 {self.key} 第 {r + 1} 行单元格重叠")
                        grid[r + dr][c + dc] = (cell, dr == 0, dc == 0)
                c += cell.colspan
        return grid


@dataclass(frozen=True)
class Section:
    """A numbered section: heading, narrative paragraphs and its table (if any)."""

    numeral: str
    heading: str
    paragraphs: list[str]
    table: Table | None


@dataclass(frozen=True)
class Document:
    """The whole report, ready for a writer."""

    title: str
    sections: list[Section]


def report_title(report: Report) -> str:
    """``<agency><year>年政府信息公开工作年度报告``; falls back to the parsed title."""
    if report.agency or report.year:
        year = f"{report.year}年" if report.year else ""
        return f"{report.agency or ''}{year}{REPORT_TITLE_SUFFIX}"
    return report.title or REPORT_TITLE_SUFFIX


def fmt_number(value: Any) -> str:
    """A value as published: integers plain, amounts without float noise, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # repr is the shortest text that reads back to the same float.
        return format(Decimal(repr(value)), "f")
    return str(value)


def paragraphs(text: str | None) -> list[str]:
    """Narrative split into non-empty paragraphs."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def layout_format(report: Report) -> Format:
    """The report's format; when unknown, the one its rows and items fit best (ties: 2021)."""
    if report.format_spec is not None:
        return report.format_spec

    def fit(fmt: Format) -> int:
        items = {i.key: i for i in fmt.section2}
        score = sum(
            1
            for key, value in (report.section2 or {}).items()
            if key in items and isinstance(value, list) != items[key].is_scalar
        )
        return score + sum(1 for code in report.section3 or {} if code in fmt.row_codes)

    return max((FORMAT_2021, FORMAT_2019), key=fit)


def build(report: Report) -> Document:
    """Lay out the report: the sections in ``sections_present`` and every section with content.

    A section neither recorded as present nor holding text or a table is left out rather
    than invented; a compiled report lists all six in ``sections_present``.
    """
    fmt = layout_format(report)
    tables = {
        "二": section2_table(report.section2, fmt) if report.section2 is not None else None,
        "三": section3_table(report.section3, fmt) if report.section3 is not None else None,
        "四": section4_table(report.section4) if report.section4 is not None else None,
    }
    sections = []
    for numeral, heading in zip(SECTION_NUMERALS, SECTION_HEADINGS, strict=True):
        paras = paragraphs(report.narrative.get(numeral))
        table = tables.get(numeral)
        if numeral in report.sections_present or paras or table is not None:
            sections.append(Section(numeral, heading, paras, table))
    return Document(report_title(report), sections)


def _values(item: Section2Item, value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [value] if item.is_scalar else [None] * item.width


def _spread(texts: list[str], kind: str) -> list[Cell]:
    """Fill the three value columns: every text one column, the last takes what is left."""
    cells = [Cell(t, kind) for t in texts[:-1]]
    cells.append(Cell(texts[-1], kind, colspan=4 - len(texts)))
    return cells


def section2_table(values: dict[str, Any], fmt: Format) -> Table:
    """Section 二: one four-column table, one band per article of 第二十条.

    Items the report does not have are left out; a band with no items is dropped.
    """
    table = Table("section2", (2.2, 1.6, 1.6, 1.6))
    # Items of the other format (a mixed report) follow the format's own, in their order.
    others = [i for f in (FORMAT_2021, FORMAT_2019) if f is not fmt for i in f.section2]
    items = [*fmt.section2, *(i for i in others if i.key not in fmt.section2_keys)]
    article = None
    for item in items:
        if item.key not in values:
            continue
        if item.article != article:
            article = item.article
            table.body.append([Cell(article, "article", colspan=4)])
            headers = list(item.columns) or [item.value_label]
            table.body.append([Cell(CONTENT_LABEL, "head"), *_spread(headers, "head")])
        texts = [fmt_number(v) for v in _values(item, values[item.key])]
        table.body.append([Cell(item.label, "label"), *_spread(texts, "num")])
    return table


def _run_length(codes: list[str], key: dict[str, str | None], start: int) -> int:
    n = 1
    while start + n < len(codes) and key[codes[start + n]] == key[codes[start]]:
        n += 1
    return n


def _row(code: str, fmt: Format) -> Row:
    """The row as ``fmt`` labels it, else as the other format does (R3.6 in a 2021 table)."""
    for spec in (fmt, FORMAT_2021, FORMAT_2019):
        if code in spec.row_codes:
            return spec.row(code)
    raise KeyError(code)


def section3_table(values: dict[str, list[Any]], fmt: Format) -> Table:
    """Section 三: three header rows, then label cells over three merged columns.

    Row spans are counted from the rows actually present, so a partial table still tiles.
    """
    table = Table("section3", (0.45, 1.75, 4.0, *([1.0] * len(COLUMNS))))
    table.head.extend(
        [
            [Cell(SECTION3_NOTE, "head", rowspan=3, colspan=3), Cell(APPLICANT_LABEL, "head", colspan=7)],
            [
                Cell(COLUMN_LABELS["NP"], "head", rowspan=2),
                Cell(LEGAL_PERSON_LABEL, "head", colspan=len(LEGAL_PERSON_COLUMNS)),
                Cell(COLUMN_LABELS["TOT"], "head", rowspan=2),
            ],
            [Cell(COLUMN_LABELS[c], "head") for c in LEGAL_PERSON_COLUMNS],
        ]
    )
    rows = [_row(code, fmt) for code in ALL_ROW_CODES if code in values]
    codes = [r.code for r in rows]
    block = {r.code: r.block for r in rows}
    group = {r.code: r.group for r in rows}
    for i, row in enumerate(rows):
        cells: list[Cell] = []
        if row.block is None:
            cells.append(Cell(row.label, "label", colspan=3))
        else:
            if i == 0 or block[codes[i - 1]] != row.block:
                cells.append(Cell(row.block, "vertical", rowspan=_run_length(codes, block, i)))
            if row.group == row.block:
                cells.append(Cell(row.label, "label", colspan=2))
            else:
                if i == 0 or group[codes[i - 1]] != row.group:
                    cells.append(Cell(row.group or "", "label", rowspan=_run_length(codes, group, i)))
                cells.append(Cell(row.label, "label"))
        cells.extend(Cell(fmt_number(v)) for v in values[row.code])
        table.body.append(cells)
    return table


def section4_table(values: dict[str, list[Any]]) -> Table:
    """Section 四: 行政复议 over 5 columns, 行政诉讼 over 10 split in two groups of 5."""
    labels = [Cell(SECTION4_COLUMN_LABELS[c], "head") for c in SECTION4_COLUMNS]
    sub_groups = [label.split(" ", 1)[1] for code, label in SECTION4_GROUPS if code != "RV"]
    table = Table("section4", (1.0,) * (3 * len(SECTION4_COLUMNS)))
    n = len(SECTION4_COLUMNS)
    table.head.extend(
        [
            [Cell(RECONSIDERATION_LABEL, "head", colspan=n), Cell(LITIGATION_LABEL, "head", colspan=2 * n)],
            [
                *(Cell(c.text, "head", rowspan=2) for c in labels),
                *(Cell(g, "head", colspan=n) for g in sub_groups),
            ],
            labels * 2,
        ]
    )
    row: list[Cell] = []
    for code, _label in SECTION4_GROUPS:
        cells = values.get(code)
        row.extend(Cell(fmt_number(v)) for v in (cells if cells is not None else [None] * n))
    table.body.append(row)
    return table
