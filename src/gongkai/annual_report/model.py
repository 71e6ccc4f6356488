"""The report model, its JSON form (schema ``gongkai.annual-report/1``) and the check results.

One class for every report whatever its source, so parsers, checker and renderers agree on
what "not visible" (``None`` / missing key) and "published empty" (``None`` inside a list)
mean.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .formats import (
    ALL_ROW_CODES,
    COLUMNS,
    FORMATS,
    SCHEMA_ID,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
    SECTION_NUMERALS,
    Format,
)

Cells = list[int | None]


class ReportError(Exception):
    """Base error of the report engine; the message is Chinese and meant for the user."""


class ParseError(ReportError):
    """The input could not be read as a report."""


class ScannedPDFError(ParseError):
    """A PDF without a text layer: nothing to read without OCR."""

    def __init__(self, message: str = "扫描件，无法提取文字") -> None:
        super().__init__(message)


_SECTION2_KEYS: dict[str, None] = dict.fromkeys(k for f in FORMATS.values() for k in f.section2_keys)
_SECTION4_KEYS = tuple(code for code, _ in SECTION4_GROUPS)


@dataclass
class Report:
    """A parsed annual report.

    A row or table that was not visible is absent (or the section is ``None``); a visible
    cell published empty is ``None`` inside its list. ``blank_cells`` names cells published
    as "/", "—", "无" or empty (``section3.R3.1.CE``), which the checker reports as S3-BLANK.
    ``complete`` is False when the input visibly stops early (a web copy cut mid-table): the
    checker then skips what lies after the cut instead of calling it missing. ``units`` keeps
    a unit printed next to a number (``{"section2.fees": "元"}``) for S2-FEEUNIT.
    """

    format: str | None = None
    year: int | None = None
    agency: str | None = None
    published: str | None = None
    sections_present: list[str] = field(default_factory=list)
    section2: dict[str, Any] | None = None
    section3: dict[str, Cells] | None = None
    section4: dict[str, Cells] | None = None
    narrative: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    blank_cells: list[str] = field(default_factory=list)
    title: str | None = None
    source_name: str | None = None
    complete: bool = True
    units: dict[str, str] = field(default_factory=dict)

    @property
    def format_spec(self) -> Format | None:
        return FORMATS.get(self.format) if self.format else None

    def cell(self, code: str, column: str) -> int | None:
        """A section-三 cell, ``None`` when the row is invisible or the cell empty."""
        row = (self.section3 or {}).get(code)
        return None if row is None else row[COLUMNS.index(column)]

    def to_json(self) -> dict[str, Any]:
        """The schema form, plus ``ambiguous``, ``title``, ``complete`` (always) and
        ``blank_cells``/``units`` (when any)."""
        out: dict[str, Any] = {
            "schema": SCHEMA_ID,
            "format": self.format,
            "year": self.year,
            "agency": self.agency,
            "published": self.published,
            "sections_present": list(self.sections_present),
            "section2": _copy(self.section2),
            "section3": _copy(self.section3),
            "section4": _copy(self.section4),
            "narrative": dict(self.narrative),
            "warnings": list(self.warnings),
            "ambiguous": _copy(self.ambiguous),
            "title": self.title,
            "complete": self.complete,
        }
        if self.blank_cells:
            out["blank_cells"] = list(self.blank_cells)
        if self.units:
            out["units"] = dict(self.units)
        return out

    @classmethod
    def from_json(cls, data: Any) -> Report:
        """Validate and load; unknown keys (``notes``, ``arith_errors`` of truth files) are ignored."""
        if not isinstance(data, dict):
            raise ReportError("报告 JSON 必须是一个对象")
        schema = data.get("schema", SCHEMA_ID)
        if schema != SCHEMA_ID:
            raise ReportError(f"不支持的 schema：{schema!r}，应为 {SCHEMA_ID}")
        fmt = data.get("format")
        if fmt is not None and fmt not in FORMATS:
            raise ReportError(f'format 应为 "2021"、"2019" 或 null，实为 {fmt!r}')
        year = data.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise ReportError(f"year 应为整数或 null，实为 {year!r}")
        published = data.get("published")
        if published is not None:
            try:
                dt.date.fromisoformat(published)
            except (TypeError, ValueError):
                raise ReportError(f"published 应为 ISO 日期（如 2024-01-20），实为 {published!r}") from None
        return cls(
            format=fmt,
            year=year,
            agency=_opt_str(data, "agency"),
            published=published,
            sections_present=_sections(data.get("sections_present")),
            section2=_section2(data.get("section2"), fmt),
            section3=_table(data.get("section3"), "section3", ALL_ROW_CODES, len(COLUMNS)),
            section4=_table(data.get("section4"), "section4", _SECTION4_KEYS, len(SECTION4_COLUMNS)),
            narrative=_narrative(data.get("narrative")),
            warnings=_str_list(data.get("warnings"), "warnings"),
            ambiguous=_ambiguous(data.get("ambiguous")),
            blank_cells=_str_list(data.get("blank_cells"), "blank_cells"),
            title=_opt_str(data, "title"),
            complete=_complete(data.get("complete", True)),
            units=_units(data.get("units")),
        )


@dataclass
class Finding:
    """One rule violation; ``message`` says in Chinese what, where, expected and actual."""

    rule: str
    severity: str
    section: str | None
    row: str | None
    column: str | None
    expected: Any
    actual: Any
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "section": self.section,
            "row": self.row,
            "column": self.column,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """False as soon as one finding is an error; warnings do not fail a report."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def rules(self) -> list[str]:
        """Distinct rule IDs, in order of first appearance."""
        return list(dict.fromkeys(f.rule for f in self.findings))

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "findings": [f.to_json() for f in self.findings]}


def _copy(value: Any) -> Any:
    """Deep-copy plain JSON data so callers cannot mutate the report through its JSON."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _opt_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ReportError(f"{key} 应为字符串或 null，实为 {value!r}")
    return value


def _str_list(value: Any, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ReportError(f"{key} 应为字符串列表")
    return list(value)


def _complete(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ReportError(f"complete 应为 true 或 false，实为 {value!r}")
    return value


def _units(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ReportError("units 应为对象，值为单位字符串")
    return dict(value)


def _sections(value: Any) -> list[str]:
    items = _str_list(value, "sections_present")
    bad = [s for s in items if s not in SECTION_NUMERALS]
    if bad:
        raise ReportError(f"sections_present 含未知部分：{'、'.join(bad)}（应为 一 至 六）")
    return items


def _narrative(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ReportError("narrative 应为对象（键为 一 至 六）")
    for k, v in value.items():
        if k not in SECTION_NUMERALS:
            raise ReportError(f"narrative 含未知部分：{k}（应为 一 至 六）")
        if not isinstance(v, str):
            raise ReportError(f"narrative.{k} 应为字符串")
    return dict(value)


def _ambiguous(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ReportError("ambiguous 应为对象列表")
    for entry in value:
        if not isinstance(entry.get("cell"), str):
            raise ReportError("ambiguous 的每一项都应有字符串 cell")
    return _copy(value)


def _cells(value: Any, where: str, width: int, *, allow_float: bool = False) -> list[Any]:
    if not isinstance(value, list) or len(value) != width:
        raise ReportError(f"{where} 应为 {width} 个数的列表，实为 {value!r}")
    for v in value:
        if v is None:
            continue
        if not _is_number(v) or (not allow_float and not isinstance(v, int)):
            kind = "数" if allow_float else "整数"
            raise ReportError(f"{where} 中的 {v!r} 不是{kind}或 null")
    return list(value)


def _table(value: Any, name: str, codes: tuple[str, ...], width: int) -> dict[str, Cells] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ReportError(f"{name} 应为对象或 null")
    out: dict[str, Cells] = {}
    for code, cells in value.items():
        if code not in codes:
            raise ReportError(f"{name} 含未知行代码：{code}")
        out[code] = _cells(cells, f"{name}.{code}", width)
    # The published order is kept: S3-ROWS reports rows out of order.
    return out


def _section2(value: Any, fmt: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ReportError("section2 应为对象或 null")
    spec = FORMATS.get(fmt) if fmt else None
    out: dict[str, Any] = {}
    for key, v in value.items():
        if key not in _SECTION2_KEYS:
            raise ReportError(f"section2 含未知项：{key}")
        item = spec.section2_item(key) if spec and key in spec.section2_keys else None
        where = f"section2.{key}"
        if isinstance(v, list):
            if item is not None and item.is_scalar:
                raise ReportError(f"{where} 在 {fmt} 格式中是单个数，不应为列表")
            width = item.width if item is not None else len(v)
            out[key] = _cells(v, where, width, allow_float=True)
        elif v is None:
            out[key] = None  # the line was not visible
        elif _is_number(v):
            if item is not None and not item.is_scalar:
                raise ReportError(f"{where} 在 {fmt} 格式中应为 {item.width} 个数的列表")
            out[key] = v
        else:
            raise ReportError(f"{where} 应为数、列表或 null，实为 {v!r}")
    return out
