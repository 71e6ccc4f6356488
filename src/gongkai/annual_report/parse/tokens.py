"""Cutting normalised lines into cells and cells into text, number and blank items.

Every input form ends up as lines: plain text as it came, tables (HTML, DOCX, PDF) as
``| a | b | c |`` rows. A ``|`` line is split into cells (a lone ``|`` is one empty cell, a
line of pipes only is a separator); any other line is one cell. Inside a cell, numbers are
cut from the text around them, which is how labels glued to their values (``规章000``) or
whitespace tables (``行政许可 66 +126 192``) come apart. A number that is the item number of
the next label (``…0000002.其他法律…``) is handed back to that label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TEXT = "text"
NUM = "num"
BLANK = "blank"
HEAD = "head"

# Section headings. Strict forms are found anywhere (crawler output runs the whole report
# into one line); loose forms only where a cell starts.
_STRICT_HEADINGS: tuple[tuple[str, str], ...] = (
    ("一", r"一、\s*(?:总体情况|概述|基本情况)"),
    ("二", r"二、\s*主动公开政府信息(?:的)?情况"),
    ("三", r"三、\s*收到和处理政府信息公开申请(?:的)?情况"),
    (
        "四",
        r"四、\s*(?:因)?政府信息公开(?:工作)?(?:被申请)?行政(?:法)?复议\s*[、,和及与]\s*"
        r"(?:提起)?行政诉讼(?:的)?情况",
    ),
    ("五", r"五、\s*(?:政府信息公开工作)?存在的?主要问题\s*(?:及|和|与)(?:其)?\s*改进(?:情况|措施)?"),
    ("六", r"六、\s*其他需要报告的事项"),
)
STRICT_HEADING_RE = re.compile("|".join(f"(?P<h{i}>{p})" for i, (_, p) in enumerate(_STRICT_HEADINGS)))
_STRICT_NUMERALS = tuple(n for n, _ in _STRICT_HEADINGS)

# A canonical heading text after any numeral (tables captioned 一/二/三 in their own order).
_CANONICAL_RE = re.compile(
    r"^[一二三四五六七八九十]、\s*(?:"
    r"(?P<c二>主动公开政府信息(?:的)?情况)|"
    r"(?P<c三>收到和处理政府信息公开申请(?:的)?情况)|"
    r"(?P<c四>政府信息公开行政(?:法)?复议\s*[、,和及与]\s*行政诉讼(?:的)?情况)|"
    r"(?P<c六>其他需要报告的事项))"
)
_LOOSE_RE = re.compile(r"^(?P<num>[一二三四五六])、\s*(?P<rest>[^。;!?]{2,24})")
_LOOSE_KEYWORDS: dict[str, re.Pattern[str]] = {
    "一": re.compile(r"总体|概述|概况|基本情况"),
    "二": re.compile(r"主动公开"),
    "三": re.compile(r"申请(?:的)?情况|依申请"),
    "四": re.compile(r"复议|诉讼"),
    "五": re.compile(r"问题|改进|不足"),
    "六": re.compile(r"其他|需要报告"),
}

_NUM_RE = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?")
_UNIT_RE = re.compile(
    r"\s*(万元|元|万|亿|%|‰|件|条|个|次|人|份|篇|期|家|户|年|月|日|号|项|余|多|起|批|场|名|位|天|小时|岁)"
)
MONEY_UNITS = frozenset({"万元", "元", "万", "亿"})
_BLANK_CELL_RE = re.compile(r"(?:[/\\\-—–―─_]+|无|空|/无)")
_SIGN_WORD_RE = re.compile(r"(增加?|减少?)\s*(\d+(?:\.\d+)?)")
_PIECE_RE = re.compile(r"\S+")
_PIPE_ONLY_RE = re.compile(r"[\s|:\-]*")
_FOOTER_RE = re.compile(
    r"[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[/,共]\s*\d{1,3}\s*页?)?|\d{1,3}\s*/\s*\d{1,3}"
)


@dataclass(slots=True)
class Item:
    """One piece of a line: label text, a number (a digit run), a blank cell or a heading."""

    kind: str
    text: str
    line: int
    cell: int
    start: int = 0
    end: int = 0
    whole: bool = False  # a number or blank that fills a whole table cell
    unit: str = ""
    prose: bool = False  # a number that belongs to a sentence, not to a table
    section: str = ""  # for HEAD items


@dataclass(slots=True)
class Line:
    """A normalised line and its items; ``table`` lines are pipe rows."""

    text: str
    items: list[Item] = field(default_factory=list)
    table: bool = False
    separator: bool = False


def is_footer(text: str) -> bool:
    """Page footers left by converters (``- 3 -``, ``第3页``)."""
    return bool(_FOOTER_RE.fullmatch(text.strip()))


def _headings(text: str) -> list[tuple[int, int, str]]:
    """Heading spans (start, end, numeral) within a cell; loose forms only at its start."""
    found: list[tuple[int, int, str]] = []
    for m in STRICT_HEADING_RE.finditer(text):
        numeral = _STRICT_NUMERALS[int(m.lastgroup[1:])]  # type: ignore[index]
        found.append((m.start(), m.end(), numeral))
    if found and found[0][0] == 0:
        return found
    lead = len(text) - len(text.lstrip())
    body = text[lead:]
    m = _CANONICAL_RE.match(body)
    if m:
        numeral = m.lastgroup[1:]  # type: ignore[index]
        return [(lead, lead + m.end(), numeral), *found]
    m = _LOOSE_RE.match(body)
    if m and len(body) <= 40:
        numeral = m.group("num")
        rest = m.group("rest")
        kw = _LOOSE_KEYWORDS[numeral]
        if kw.search(rest) and "办理结果" not in rest and "结转" not in rest and "新收" not in rest:
            return [(lead, len(text), numeral)]
    return found


def _tokenize_cell(text: str, line_no: int, cell_no: int, offset: int) -> list[Item]:
    """Items of one cell; ``offset`` is the cell's position in its line."""
    stripped = text.strip()
    if not stripped:
        return [Item(BLANK, "", line_no, cell_no, offset, offset + len(text), whole=True)]
    if _BLANK_CELL_RE.fullmatch(stripped):
        return [Item(BLANK, stripped, line_no, cell_no, offset, offset + len(text), whole=True)]
    m = _SIGN_WORD_RE.fullmatch(stripped)
    if m:
        sign = "-" if m.group(1).startswith("减") else ""
        return [Item(NUM, sign + m.group(2), line_no, cell_no, offset, offset + len(text), whole=True)]
    items: list[Item] = []
    pos = 0
    for start, end, numeral in _headings(text):
        if start < pos:
            continue
        items.extend(_split_numbers(text[pos:start], line_no, cell_no, offset + pos))
        items.append(
            Item(HEAD, text[start:end], line_no, cell_no, offset + start, offset + end, section=numeral)
        )
        pos = end
    items.extend(_split_numbers(text[pos:], line_no, cell_no, offset + pos))
    if len(items) == 1 and items[0].kind == NUM:
        items[0].whole = True
    return items


def _add_text(items: list[Item], text: str, line_no: int, cell_no: int, start: int) -> None:
    """Append text; a lone dash or slash between spaces is a blank cell of a whitespace table.

    Consecutive text merges into one item (labels wrap and carry spaces).
    """
    for m in _PIECE_RE.finditer(text):
        piece = m.group()
        s, e = start + m.start(), start + m.end()
        if _BLANK_CELL_RE.fullmatch(piece) and piece != "无":
            items.append(Item(BLANK, piece, line_no, cell_no, s, e))
        elif items and items[-1].kind == TEXT:
            prev = items[-1]
            prev.text += (" " if s > prev.end else "") + piece
            prev.end = e
        else:
            items.append(Item(TEXT, piece, line_no, cell_no, s, e))


def _split_numbers(text: str, line_no: int, cell_no: int, offset: int) -> list[Item]:
    """Cut a heading-free stretch of a cell into text and numbers."""
    items: list[Item] = []
    pos = 0
    carry_from = -1  # where an item number handed to the next label starts
    for m in _NUM_RE.finditer(text):
        start, end = m.start(), m.end()
        raw = m.group()
        nxt = text[end : end + 2]
        item_no = (
            "." not in raw
            and len(nxt) == 2
            and nxt[0] == "."
            and not nxt[1].isdigit()
            and not nxt[1].isspace()
        )
        value = raw[:-1] if item_no else raw
        if value in ("+", "-"):
            value = ""
        text_from = carry_from if carry_from >= 0 else pos
        _add_text(items, text[text_from:start], line_no, cell_no, offset + text_from)
        carry_from = -1
        if value:
            num_end = start + len(value)
            item = Item(NUM, value, line_no, cell_no, offset + start, offset + num_end)
            u = None if item_no else _UNIT_RE.match(text, end)
            if u:
                item.unit = u.group(1)
                item.end = offset + u.end()
                end = u.end()
                if item.unit not in MONEY_UNITS and text[end:].strip():
                    item.prose = True
            items.append(item)
        if item_no:
            carry_from = end - 1
        pos = end
    text_from = carry_from if carry_from >= 0 else pos
    _add_text(items, text[text_from:], line_no, cell_no, offset + text_from)
    return items


def tokenize_line(text: str, line_no: int) -> Line:
    """Split a normalised line into cells and items."""
    if "|" not in text:
        line = Line(text)
        line.items = _tokenize_cell(text, line_no, 0, 0)
        return line
    if _PIPE_ONLY_RE.fullmatch(text):
        if text.count("|") == 1 and "-" not in text:
            return Line(text, [Item(BLANK, "", line_no, 0, 0, len(text), whole=True)], table=True)
        return Line(text, [], table=True, separator=True)
    parts = text.split("|")
    offsets = []
    pos = 0
    for p in parts:
        offsets.append(pos)
        pos += len(p) + 1
    cells = list(zip(parts, offsets, strict=True))
    if not cells[0][0].strip():
        cells = cells[1:]
    if cells and not cells[-1][0].strip():
        cells = cells[:-1]
    line = Line(text, table=True)
    for idx, (cell, off) in enumerate(cells):
        line.items.extend(_tokenize_cell(cell, line_no, idx, off))
    return line
