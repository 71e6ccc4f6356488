"""Reading a report from normalised lines: the one reader every input form feeds.

Plain text comes in as it was published; HTML, DOCX and PDF tables arrive as ``| … |``
rows. The reader walks the items of each line (``tokens.py``) and is driven by labels:
a recognised row label opens a row, the numbers and blanks after it fill that row, and
the next label, a heading or a sentence closes it. This one rule covers one cell per line,
rows joined by pipes, whitespace tables and labels glued to their digits.

Two layouts need more. Converters that detach a row of numbers from its label (a line of
exactly seven numbers) get the row by order: the first label still waiting for numbers,
else the next row not yet seen. Digits run together are split under the table's identities
(``digits.py``), first per row and then jointly across rows (column sums, the balance);
whatever stays ambiguous is reported with every candidate, never guessed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from ..formats import (
    ALL_ROW_CODES,
    COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
    row_label,
)
from ..model import Report
from ..narrative import Stated, stated_counts
from ..normalize import chinese_punctuation, label_key
from . import meta
from .digits import GROUP_SUM, ROW_SUM, Split, split_cells, to_number
from .labels import S2, S3_GROUP, S3_ROW, is_section4_header, match_section2, match_section3
from .tokens import BLANK, HEAD, MONEY_UNITS, NUM, TEXT, Item, Line, is_footer, tokenize_line

Number = int | float
Cells = tuple[Number | None, ...]

_SENTENCE_RE = re.compile(r"[。;；!?？！]")
_BLOCK_HEADER_RE = re.compile(r"第二十条|信息内容")
_NUMBER_CHARS = frozenset("0123456789.,+-")
_TABLE_SECTIONS = frozenset({"二", "三", "四"})
_PROSE_LINE_RE = re.compile(r"。|[,，;；].{10,}|.{10,}[,，;；]")
_PARAGRAPH_ENDS = tuple("。！？；：:;!?")
_FULL_LINE = 18  # a wrapped line runs to the margin; a short one is a heading or a paragraph end
_ITEM_START_RE = re.compile(
    r"[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、是]|\d+[.、]|第[一二三四五六七八九十]"
)
_WIDTH3 = 7
_MAX_JOINT = 20_000
# Stated counts (``narrative.KINDS``) and the section-三 rows whose 总计 they name.
_STATED_ROWS = {
    "closed": ("R3.7",),
    "carried_over": ("R2",),
    "carried_forward": ("R4",),
    "result_granted": ("R3.1",),
    "result_partial": ("R3.2",),
    "result_withheld": ("R3.3.",),
    "result_unavailable": ("R3.4.",),
    "result_not_handled": ("R3.5.",),
    "result_other": ("R3.6",),
}


@dataclass
class _Row:
    """A row being read: its label and the value items seen since."""

    kind: str
    code: str
    line: int
    items: list[Item] = field(default_factory=list)


@dataclass
class _Found:
    """A row as read: every reading left after the row's own checks."""

    candidates: tuple[Cells, ...]
    text: str


def _item_label(key: str) -> str:
    spec = FORMAT_2021 if key in FORMAT_2021.section2_keys else FORMAT_2019
    return spec.section2_item(key).label


def _width2(key: str, fmt: str | None) -> tuple[int, frozenset[int], frozenset[int], bool]:
    """(width, signed columns, decimal columns, scalar) of a section-二 item in the report's format."""
    spec = FORMATS.get(fmt or "2021", FORMAT_2021)
    item = spec.section2_item(key) if key in spec.section2_keys else FORMAT_2019.section2_item(key)
    width = item.width
    decimal = frozenset({width - 1}) if item.decimal else frozenset()
    return width, frozenset(item.signed_columns), decimal, item.is_scalar


class _Reader:
    def __init__(self, lines: list[Line], fmt: str | None) -> None:
        self.lines = lines
        self.fmt = fmt
        self.section: str | None = None
        self.headings: list[tuple[str, int]] = []
        self.open: list[_Row] = []
        self.s2: dict[str, _Found] = {}
        self.s3: dict[str, _Found] = {}
        self.s4_items: list[Item] = []
        self.orphans: list[Item] = []
        self.seen_s3 = False
        self.warnings: list[str] = []
        self.table_spans: dict[int, list[tuple[int, int]]] = {}
        self.truncated_row: str | None = None
        self.units: dict[str, str] = {}
        self.cut_in_number = False
        self.last_opened: _Row | None = None
        self.s2_header_seen = False

    # -- walking ---------------------------------------------------------------------

    def run(self) -> None:
        for line_no, line in enumerate(self.lines):
            if line.separator:
                continue
            if line.table and not any(i.kind in (TEXT, HEAD) for i in line.items):
                self._mark(line_no, 0, len(line.text))
            if line_no == len(self.lines) - 1 and line.text[-1:] in _NUMBER_CHARS:
                self._cut_number(line)
                continue
            if self._floating(line_no, line):
                continue
            self._walk(line_no, line)
            if self.open:
                row = self.open[-1]
                if row.line == line_no and any(i.line == line_no for i in row.items):
                    # Label and numbers on one line: the row is complete.
                    self._finalize(self.open.pop())
        if self.open and not self.open[-1].items and self.section in (None, "二", "三"):
            self.truncated_row = self.open[-1].code
        self._close_all()

    def _cut_number(self, line: Line) -> None:
        """The text stops inside a number: read the line, but not the row holding that number."""
        self.cut_in_number = True
        values = [i for i in line.items if i.kind in (NUM, BLANK)]
        items = line.items
        if items and items[-1].kind == TEXT and set(items[-1].text.strip()) <= _NUMBER_CHARS:
            items = items[:-1]  # "523." — the decimals were cut off
        if not values or not items or values[-1] is not items[-1]:
            self._walk(len(self.lines) - 1, line)
            return
        cut = values[-1]
        self._walk(len(self.lines) - 1, line)
        if self.open and cut in self.open[-1].items:
            self.truncated_row = self.open.pop().code
        elif cut in self.s4_items:
            self.s4_items = []
            self.warnings.append("第四部分表格在一个数字处中断，未读取")

    def _walk(self, line_no: int, line: Line) -> None:
        prose_cell = -1  # cell whose last text was a sentence
        # A table row of numbers without a label is a row of its own: it never continues
        # numbers read on earlier lines.
        fragment = line.table and not any(i.kind in (TEXT, HEAD) for i in line.items) and len(line.items) > 1
        for it in line.items:
            if it.kind == HEAD:
                self._close_all()
                self.section = it.section
                self.headings.append((it.section, line_no))
                if it.section == "三":
                    self.seen_s3 = True
                prose_cell = -1
                continue
            if it.kind == TEXT:
                prose_cell = -1
                if self._label(line_no, it):
                    continue
                if self.section in (None, "三", "四") and is_section4_header(it.text):
                    if self.section != "四" and "行政复议" in label_key(it.text):
                        self._close_all()
                        self.section = "四"
                    if self.section == "四":
                        self._mark(line_no, it.start, it.end)
                        continue
                if "勾稽" in it.text:
                    self._mark(line_no, it.start, it.end)
                    continue
                if self._sentence(it.text):
                    prose_cell = it.cell
                    self._close_filled()
                elif _BLOCK_HEADER_RE.match(label_key(it.text)):
                    # A new block of the section-二 table: nothing before it continues.
                    self._close_all()
                    self.s2_header_seen = True
                continue
            if it.kind == NUM and (it.prose or prose_cell == it.cell):
                continue
            if fragment and self.open and self.open[-1] is self.last_opened:
                self._restart_row(line_no)
                fragment = False
            self._value(line_no, it)

    @staticmethod
    def _sentence(text: str) -> bool:
        return bool(_SENTENCE_RE.search(text)) or len(label_key(text)) > 45

    def _label(self, line_no: int, it: Item) -> bool:
        """Open a row if the text names one; True when the text was a table label."""
        if self.section not in (None, "二", "三"):
            return False
        text = it.text[-200:] if len(it.text) > 400 else it.text
        m3 = match_section3(text, self.section == "三")
        if m3 is not None:
            self._mark(line_no, it.start, it.end)
            if self.section != "三":
                self._close_all()
                self.section = "三"
                self.seen_s3 = True
            if m3.kind == S3_GROUP:
                # A group heading ends the row before it: its numbers are complete.
                self._close_filled()
                return True
            self._open(_Row(S3_ROW, m3.code, line_no))
            return True
        if self._section2_possible(text):
            key = match_section2(text)
            if key is not None:
                self._mark(line_no, it.start, it.end)
                self._open(_Row(S2, key, line_no))
                return True
        return False

    def _section2_possible(self, text: str) -> bool:
        """Section-二 labels count under heading 二, or once the table's own header was seen.

        Before any heading, "行政许可" in a menu or a sentence is not the table.
        """
        if self.seen_s3 or self.section not in (None, "二"):
            return False
        return self.section == "二" or self.s2_header_seen or bool(_BLOCK_HEADER_RE.search(label_key(text)))

    def _open(self, row: _Row) -> None:
        if self.open and self.open[-1].items:
            self._finalize(self.open.pop())
        if row.code.startswith("R3.6."):
            # （六）其他处理 was a group heading after all, not the 2019 single row.
            self.open = [r for r in self.open if r.code != "R3.6" or r.items]
        self.open.append(row)
        self.last_opened = row

    def _restart_row(self, line_no: int) -> None:
        row = self.open[-1]
        earlier = [i for i in row.items if i.line != line_no]
        if earlier:
            self.orphans.extend(i for i in earlier if i.kind == NUM)
            row.items = [i for i in row.items if i.line == line_no]

    def _value(self, line_no: int, it: Item) -> None:
        if self.open and self.open[-1] is self.last_opened:
            # Numbers belong to the label read last; a label still waiting further back
            # (its numbers printed elsewhere) only gets a whole row (see _floating).
            self.open[-1].items.append(it)
            self._mark(line_no, it.start, it.end)
        elif self.section == "四":
            self.s4_items.append(it)
            self._mark(line_no, it.start, it.end)
        elif self.section == "三" and it.kind == NUM:
            self.orphans.append(it)

    def _floating(self, line_no: int, line: Line) -> bool:
        """A line of exactly seven numbers and no label: a section-三 row cut from its label."""
        if not self.seen_s3 or self.section not in (None, "三"):
            return False
        items = line.items
        if len(items) != _WIDTH3 or any(i.kind not in (NUM, BLANK) for i in items):
            return False
        if any(i.kind == NUM and i.unit for i in items):
            return False
        target = self._floating_target()
        if target is None:
            return False
        pending = next((r for r in self.open if r.code == target), None)
        if pending is not None:
            self.open.remove(pending)
            self.orphans.extend(i for i in pending.items if i.kind == NUM)
        self._mark(line_no, 0, len(line.text))
        self._finalize(_Row(S3_ROW, target, line_no, list(items)))
        return True

    def _floating_target(self) -> str | None:
        order = self._row_order()
        last = max((order.index(c) for c in self.s3 if c in order), default=-1)
        for row in self.open:
            if (
                row.kind == S3_ROW
                and row.code in order
                and order.index(row.code) > last
                and row.code not in self.s3
            ):
                return row.code
        for code in order[last + 1 :]:
            if code not in self.s3:
                return code
        return None

    def _row_order(self) -> list[str]:
        if self.fmt == "2019":
            return [c for c in ALL_ROW_CODES if not c.startswith("R3.6.")]
        return [c for c in ALL_ROW_CODES if c != "R3.6"]

    def _mark(self, line_no: int, start: int, end: int) -> None:
        self.table_spans.setdefault(line_no, []).append((start, end))

    def _close_filled(self) -> None:
        while self.open and self.open[-1].items:
            self._finalize(self.open.pop())

    def _close_all(self) -> None:
        for row in self.open:
            if row.items:
                self._finalize(row)
        self.open = []

    # -- rows ------------------------------------------------------------------------

    def _finalize(self, row: _Row) -> None:
        if row.kind == S2:
            width, signed, decimal, _ = _width2(row.code, self.fmt)
            rule = None
            store = self.s2
            where = f"第二部分“{_item_label(row.code)}”"
        else:
            width, signed, decimal = _WIDTH3, frozenset(), frozenset()
            rule = ROW_SUM
            store = self.s3
            where = f"第三部分“{row_label(row.code)}”行"
        if row.code in store:
            self.warnings.append(f"{where}重复出现，保留第一次读到的数值")
            return
        items = row.items
        while len(items) > width and items[0].kind == BLANK:
            items = items[1:]
        while len(items) > width and items[-1].kind == BLANK:
            items = items[:-1]
        if len(items) > width:
            self.warnings.append(f"{where}多出 {len(items) - width} 个数，只取前 {width} 个")
            items = items[:width]
        text = self._raw_text(items)
        found = self._read_cells(items, width, rule, signed, decimal)
        if found == ():
            self.warnings.append(f"{where}的数字连在一起（{text}），可能的拆分过多，未读取")
            return
        if found is None:
            self.warnings.append(
                f"{where}只看到 {len(items)} 个数（应为 {width} 个），无法确定所属列，未读取"
            )
            return
        if row.kind != S2:
            found = self._integral(found, where)
        store[row.code] = _Found(found, text)
        if row.kind == S2:
            unit = next((i.unit for i in items if i.unit in MONEY_UNITS), None)
            if unit:
                self.units[f"section2.{row.code}"] = unit

    def _integral(self, found: tuple[Cells, ...], where: str) -> tuple[Cells, ...]:
        """Counts are whole numbers; a decimal in a count cell is unreadable, not a value."""
        out = []
        for cells in found:
            fixed: list[Number | None] = []
            for v in cells:
                if isinstance(v, float):
                    if not v.is_integer():
                        self.warnings.append(f"{where}的 {v} 不是整数，按不可读处理")
                        fixed.append(None)
                        continue
                    v = int(v)
                fixed.append(v)
            out.append(tuple(fixed))
        return tuple(dict.fromkeys(out))

    def _raw_text(self, items: list[Item]) -> str:
        if not items:
            return ""
        if all(i.line == items[0].line for i in items):
            line = self.lines[items[0].line].text
            if not self.lines[items[0].line].table:
                return line[items[0].start : items[-1].end].strip()
        return " | ".join(i.text for i in items)

    @staticmethod
    def _read_cells(
        items: list[Item], width: int, rule: str | None, signed: frozenset[int], decimal: frozenset[int]
    ) -> tuple[Cells, ...] | None:
        """Every reading of the items as ``width`` cells.

        None when they cannot fill the row; an empty tuple when the readings are too many to list.
        """
        if len(items) == width:
            return (tuple(None if i.kind == BLANK else to_number(i.text) for i in items),)
        if len(items) > width or all(i.kind == BLANK or i.whole for i in items):
            return None
        groups = tuple(None if i.kind == BLANK else i.text for i in items)
        split: Split = split_cells(groups, width, rule, signed, decimal)
        if not split.complete:
            return ()  # too many readings to list: none of them can be trusted
        # No reading satisfies the identity: the digits hold something else (a cut, a stray
        # item number), and any split would be a guess.
        return split.candidates or None

    # -- section 四 -------------------------------------------------------------------

    def section4(self) -> tuple[tuple[Cells, ...], str] | None:
        items = self.s4_items
        if not any(i.kind == NUM for i in items):
            return None
        while len(items) > 15 and items[0].kind == BLANK:
            items = items[1:]
        while len(items) > 15 and items[-1].kind == BLANK:
            items = items[:-1]
        if len(items) > 15:
            self.warnings.append(f"第四部分读到 {len(items)} 个数（应为 15 个），只取前 15 个")
            items = items[:15]
        found = self._read_cells(items, 15, GROUP_SUM, frozenset(), frozenset())
        if not found:
            self.warnings.append(f"第四部分只看到 {len(items)} 个数（应为 15 个），未读取")
            return None
        found = self._integral(found, "第四部分")
        return found, self._raw_text(items)


# -- resolution across rows ------------------------------------------------------------


def _violations(rows: dict[str, Cells], result_codes: list[str]) -> int:
    """How many column identities (S3-RESULT, S3-BAL) the rows break, counting only checkable ones."""
    bad = 0
    total = rows.get("R3.7")
    parts = [rows[c] for c in result_codes if c in rows]
    for col in range(_WIDTH3):
        complete = total is not None and parts and len(parts) == len(result_codes)
        if complete and sum(p[col] or 0 for p in parts) != (total[col] or 0):  # type: ignore[index]
            bad += 1
        if all(c in rows for c in ("R1", "R2", "R3.7", "R4")):
            r1, r2, r37, r4 = rows["R1"], rows["R2"], rows["R3.7"], rows["R4"]
            if (r1[col] or 0) + (r2[col] or 0) != (r37[col] or 0) + (r4[col] or 0):
                bad += 1
    return bad


def _result_codes(found: dict[str, Any]) -> list[str]:
    codes = [c for c in ALL_ROW_CODES if c.startswith("R3.") and c != "R3.7"]
    if any(c.startswith("R3.6.") for c in found):
        codes.remove("R3.6")
    else:
        codes = [c for c in codes if not c.startswith("R3.6.")]
    return codes


def _resolve_section3(found: dict[str, _Found], stated: list[Stated]) -> dict[str, tuple[Cells, ...]]:
    """Prune ambiguous rows jointly: column identities first, then counts stated in the text.

    Every reading that survives both is kept, so what stays ambiguous is reported.
    """
    options = {code: f.candidates for code, f in found.items()}
    ambiguous = [c for c, cands in options.items() if len(cands) > 1]
    if not ambiguous:
        return options
    total = 1
    for c in ambiguous:
        total *= len(options[c])
    if total > _MAX_JOINT:
        return options
    fixed = {c: cands[0] for c, cands in options.items() if len(cands) == 1}
    result_codes = _result_codes(options)
    scored: list[tuple[int, tuple[Cells, ...]]] = []
    for combo in itertools.product(*(options[c] for c in ambiguous)):
        rows = dict(fixed)
        rows.update(zip(ambiguous, combo, strict=True))
        scored.append((_violations(rows, result_codes), combo))
    best = min(s for s, _ in scored)
    kept = [combo for s, combo in scored if s == best]
    if len(kept) > 1 and stated:
        agreement = []
        for combo in kept:
            rows = dict(fixed)
            rows.update(zip(ambiguous, combo, strict=True))
            agreement.append(_section3_score(rows, stated))
        kept = [combo for combo, a in zip(kept, agreement, strict=True) if a == max(agreement)]
    for idx, code in enumerate(ambiguous):
        options[code] = tuple(dict.fromkeys(combo[idx] for combo in kept))
    return options


def _section2_facts(stated: list[Stated], fmt: str | None) -> dict[str, list[tuple[int, int]]]:
    """Counts of 规章/规范性文件 the text states, as (column, value) per section-二 key.

    In the 2019 tables only the first column (本年新制作数量) means what the text says.
    """
    columns = {"issued": 0} if fmt == "2019" else {"issued": 0, "repealed": 1, "valid": 2}
    out: dict[str, list[tuple[int, int]]] = {}
    for fact in stated:
        noun, _, what = fact.kind.partition("_")
        key = {"docs": "normative_documents", "rules": "rules"}.get(noun)
        if key and what in columns:
            out.setdefault(key, []).append((columns[what], fact.value))
    return out


def _section3_score(rows: dict[str, Cells], stated: list[Stated]) -> int:
    """How many counts stated in the text a reading of section 三 agrees with."""

    def tot(*prefixes: str) -> int | None:
        cells = [r[-1] for c, r in rows.items() if c.startswith(prefixes)]
        return sum(v or 0 for v in cells) if cells else None

    score = 0
    for fact in stated:
        if fact.kind == "received":
            r1, r2 = tot("R1"), tot("R2")
            score += fact.value in (r1, None if r1 is None or r2 is None else r1 + r2)
            continue
        prefixes = _STATED_ROWS.get(fact.kind)
        if prefixes is not None:
            score += tot(*prefixes) == fact.value
    return score


def _section4_score(cells: Cells, stated: list[Stated]) -> int:
    """How many stated 复议/诉讼 counts a reading of section 四 agrees with."""
    score = 0
    for fact in stated:
        if fact.kind == "reconsideration":
            score += cells[4] == fact.value
        elif fact.kind == "litigation":
            score += (cells[9] or 0) + (cells[14] or 0) == fact.value
    return score


def _agree(candidates: tuple[Cells, ...]) -> list[Number | None]:
    """The cells every candidate agrees on; None elsewhere."""
    first = candidates[0]
    return [v if all(c[i] == v for c in candidates) else None for i, v in enumerate(first)]


# -- the report ----------------------------------------------------------------------------


def read_lines(raw_lines: list[str], *, source_name: str | None = None) -> Report:
    """Build a report from normalised text lines."""
    texts = [ln.strip() for ln in raw_lines]
    texts = [t for t in texts if t and not is_footer(t)]
    lines = [tokenize_line(t, i) for i, t in enumerate(texts)]
    full = "\n".join(texts)
    title, title_match = meta.find_title(texts)
    year = meta.find_year(title_match, full)
    fmt, fmt_warning = meta.detect_format(full, year)
    reader = _Reader(lines, fmt)
    reader.run()

    report = Report(format=fmt, year=year, source_name=source_name, title=title)
    report.agency = meta.find_agency(title_match, full)
    report.published = meta.find_published(texts, year)
    if fmt_warning:
        report.warnings.append(fmt_warning)
    report.warnings.extend(reader.warnings)
    _fill_narrative(report, reader, lines)
    # Counts the text states settle splits the identities leave open (never override them).
    stated = stated_counts(report.narrative.values())
    _fill_section2(report, reader, stated)
    _fill_section3(report, reader, stated)
    _fill_section4(report, reader, stated)
    report.units = dict(reader.units)
    report.complete = _complete(report, reader)
    if reader.truncated_row:
        report.warnings.append(
            f"文本在表格中途结束（从 {reader.truncated_row} 行起不可见），只读取了可见部分"
        )
    elif reader.cut_in_number:
        report.warnings.append("文本在一个数字处中断，最后一个数值可能不完整")
    elif not report.complete:
        report.warnings.append("文本不完整（在第五、六部分之前中断或从表格中途开始），只读取了可见部分")
    if (
        report.section2 is None
        and report.section3 is None
        and report.section4 is None
        and not report.sections_present
    ):
        report.warnings.append("未识别到年度报告的章节或表格")
    return report


def _complete(report: Report, reader: _Reader) -> bool:
    """False when the text visibly stops early (or starts late): a web copy cut mid-report.

    A report that reaches section 五 or 六 is complete even if a table in between is lost;
    one whose last heading is a table section (or that has tables but no headings) stops
    early, and so does one whose section 三 begins after its first rows.
    """
    if reader.truncated_row or reader.cut_in_number:
        return False
    last = reader.headings[-1][0] if reader.headings else None
    has_tables = bool(report.section2 or report.section3 or report.section4)
    if last in (None, "一", "二", "三", "四") and (has_tables or last is not None):
        return False
    rows = report.section3 or {}
    return not (rows and "R1" not in rows and "R2" not in rows and report.section2 is None)


def _fill_section2(report: Report, reader: _Reader, stated: list[Stated]) -> None:
    if not reader.s2:
        return
    constraints = _section2_facts(stated, report.format)
    spec = report.format_spec or FORMAT_2021
    keys = [k for k in spec.section2_keys if k in reader.s2] + [
        k for k in reader.s2 if k not in spec.section2_keys
    ]
    out: dict[str, Any] = {}
    for key in keys:
        found = reader.s2[key]
        _, _, _, scalar = _width2(key, report.format)
        cands = found.candidates
        if len(cands) > 1:
            for col, value in constraints.get(key, []):
                narrowed = tuple(c for c in cands if c[col] == value)
                if narrowed:
                    cands = narrowed
        cells = list(cands[0]) if len(cands) == 1 else _agree(cands)
        if len(cands) > 1:
            report.ambiguous.append(
                {"cell": f"section2.{key}", "text": found.text, "candidates": [list(c) for c in cands]}
            )
        else:
            for i, v in enumerate(cells):
                if v is None:
                    report.blank_cells.append(f"section2.{key}" if scalar else f"section2.{key}.{i}")
        out[key] = cells[0] if scalar else cells
    report.section2 = out


def _fill_section3(report: Report, reader: _Reader, stated: list[Stated]) -> None:
    if not reader.s3:
        if reader.seen_s3:
            report.warnings.append("第三部分表格没有可读的数值")
        return
    options = _resolve_section3(reader.s3, stated)
    rows: dict[str, list[Number | None]] = {}
    for code in ALL_ROW_CODES:
        if code not in options:
            continue
        cands = options[code]
        if len(cands) > 1:
            rows[code] = _agree(cands)
            report.ambiguous.append(
                {
                    "cell": f"section3.{code}",
                    "text": reader.s3[code].text,
                    "candidates": [list(c) for c in cands],
                }
            )
        else:
            rows[code] = list(cands[0])
    _place_orphans(report, rows, reader.orphans)
    ambiguous_rows = {
        a["cell"].split(".", 1)[1] for a in report.ambiguous if a["cell"].startswith("section3.")
    }
    for code, cells in rows.items():
        if code in ambiguous_rows:
            continue
        for col, v in zip(COLUMNS, cells, strict=True):
            if v is None:
                report.blank_cells.append(f"section3.{code}.{col}")
    report.section3 = rows


def _place_orphans(report: Report, rows: dict[str, list[Number | None]], orphans: list[Item]) -> None:
    """Put a number printed outside its row back where the row identity and the balance need it."""
    values = [to_number(o.text) for o in orphans if o.kind == NUM]
    if not values:
        return
    for code, cells in rows.items():
        blanks = [i for i, v in enumerate(cells) if v is None]
        if len(blanks) != 1 or any(a["cell"] == f"section3.{code}" for a in report.ambiguous):
            continue
        col = blanks[0]
        parts = sum(v or 0 for i, v in enumerate(cells[:-1]) if i != col)
        need = parts if col == _WIDTH3 - 1 else (cells[-1] or 0) - parts
        if need < 0 or need not in values:
            continue
        balance = _balance_value(rows, code, col)
        if balance is not None and balance != need:
            continue
        cells[col] = need
        values.remove(need)
        report.warnings.append(
            f"第三部分 {code} 行 {COLUMNS[col]} 列的数值 {need} 印在表格别处，已按行列勾稽关系归位"
        )


def _balance_value(rows: dict[str, list[Number | None]], code: str, col: int) -> Number | None:
    """The value S3-BAL requires in ``code``'s column, when the other three rows are visible."""
    terms = {"R1": 1, "R2": 1, "R3.7": -1, "R4": -1}
    if code not in terms or not all(c in rows for c in terms):
        return None
    total = sum(sign * (rows[c][col] or 0) for c, sign in terms.items() if c != code)  # type: ignore[operator]
    return -total * terms[code]


def _fill_section4(report: Report, reader: _Reader, stated: list[Stated]) -> None:
    found = reader.section4()
    if found is None:
        return
    cands, text = found
    if len(cands) > 1:
        best = max(_section4_score(c, stated) for c in cands)
        cands = tuple(c for c in cands if _section4_score(c, stated) == best)
    cells = list(cands[0]) if len(cands) == 1 else _agree(cands)
    out: dict[str, list[Number | None]] = {}
    for g, (code, _) in enumerate(SECTION4_GROUPS):
        part = cells[g * 5 : g * 5 + 5]
        out[code] = part
        group_cands = list(dict.fromkeys(tuple(c[g * 5 : g * 5 + 5]) for c in cands))
        if len(group_cands) > 1:
            report.ambiguous.append(
                {"cell": f"section4.{code}", "text": text, "candidates": [list(c) for c in group_cands]}
            )
            continue
        for col, v in zip(SECTION4_COLUMNS, part, strict=True):
            if v is None:
                report.blank_cells.append(f"section4.{code}.{col}")
    report.section4 = out


def _fill_narrative(report: Report, reader: _Reader, lines: list[Line]) -> None:
    """Sections present, and each section's prose with table cells cut out."""
    present: list[str] = []
    for numeral, _ in reader.headings:
        if numeral not in present:
            present.append(numeral)
    report.sections_present = present
    if not reader.headings:
        return
    heads = {(it.line, it.start): it for line in lines for it in line.items if it.kind == HEAD}
    chunks: dict[str, list[str]] = {}
    current: str | None = None
    for line_no, line in enumerate(lines):
        if line.table:
            # Headings inside table rows (PDF, HTML) still switch sections.
            for it in line.items:
                if it.kind == HEAD:
                    current = it.section
            continue
        spans = sorted(reader.table_spans.get(line_no, []))
        pos = 0
        text = line.text
        for start, end in [*spans, (len(text), len(text))]:
            if start > pos:
                piece = text[pos:start]
                for h_start, h_end, numeral in _heads_in(heads, line_no, pos, start):
                    if current:
                        chunks.setdefault(current, []).append(piece[: h_start - pos])
                    current = numeral
                    piece = piece[h_end - pos :]
                    pos = h_end
                if current:
                    chunks.setdefault(current, []).append(piece)
            pos = max(pos, end)
        if current:
            chunks.setdefault(current, []).append("\n")
    for numeral in present:
        lines_of = [ln.strip() for ln in "".join(chunks.get(numeral, [])).split("\n") if ln.strip()]
        if numeral in _TABLE_SECTIONS:
            # Around the tables only sentences are narrative; captions and headers are not.
            lines_of = [ln for ln in lines_of if _PROSE_LINE_RE.search(ln)]
        body = chinese_punctuation(_unwrap(lines_of))
        if body:
            report.narrative[numeral] = body


def _unwrap(lines: list[str]) -> str:
    """Join lines a PDF or flipbook wrapped mid-sentence; keep paragraph and item breaks."""
    out: list[str] = []
    for line in lines:
        wrapped = out and len(out[-1]) >= _FULL_LINE and not out[-1].endswith(_PARAGRAPH_ENDS)
        if wrapped and not _ITEM_START_RE.match(line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _heads_in(
    heads: dict[tuple[int, int], Item], line_no: int, lo: int, hi: int
) -> list[tuple[int, int, str]]:
    return sorted(
        (it.start, it.end, it.section)
        for (ln, start), it in heads.items()
        if ln == line_no and lo <= start < hi
    )
