"""Every consistency rule of ``specs/annual-report.md``, applied to a ``Report``.

Rules only judge what is visible: an identity that needs a row the input did not show is
skipped (a missing row is not zero), while a visible cell published empty counts as 0 and
is reported as S3-BLANK.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import pairwise
from typing import Any

from .formats import (
    COLUMN_LABELS,
    COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    SECTION4_COLUMN_LABELS,
    SECTION4_COLUMNS,
    SECTION4_GROUP_LABELS,
    SECTION_NUMERALS,
    SECTION_TITLES,
    Format,
    Section2Item,
    row_label,
)
from .model import CheckResult, Finding, Report
from .narrative import KINDS, Stated, stated_counts

ERROR = "error"
WARNING = "warning"
DUP_THRESHOLD = 0.9
_DUP_MIN_CHARS = 50
FEE_DUTY_YEAR = 2021

S2 = SECTION_TITLES["二"]
S3 = SECTION_TITLES["三"]
S4 = SECTION_TITLES["四"]

_BASE_RESULTS = tuple(c for c in FORMAT_2019.result_codes if c != "R3.6")
_OTHER_2021 = ("R3.6.1", "R3.6.2", "R3.6.3")


def check(
    report: Report,
    previous: Report | None = None,
    *,
    deadline_aware: bool = True,
    has_rule_power: bool | None = None,
) -> CheckResult:
    """Check a report, and against the previous year's when given.

    ``deadline_aware`` turns TX-PUB on (off for drafts not yet published);
    ``has_rule_power`` says whether the body may make 规章 (None: inferred from the name).
    """
    known = _known(report)
    stated = stated_counts(report.narrative.values())
    findings: list[Finding] = []
    findings += _s3_rows(report)
    findings += _s3_rowsum(known)
    findings += _s3_result(known)
    findings += _s3_balance(known)
    findings += _s3_blank(known)
    findings += _s4_sum(known)
    findings += _s2_negative(known)
    findings += _s2_fee_unit(known, previous)
    findings += _s2_regulations(known, has_rule_power)
    findings += _format_rules(report)
    findings += _sections(report)
    findings += _tx_apps(known, stated)
    findings += _tx_lit(known, stated)
    findings += _tx_docs(report, stated)
    findings += _tx_year(report)
    findings += _tx_fee(report)
    if deadline_aware:
        findings += _tx_pub(report)
    if previous is not None and _consecutive(previous, report):
        findings += _x_carry(known, _known(previous))
        findings += _x_valid(report, previous, stated)
        findings += _x_dup(report, previous)
    return CheckResult(_dedupe(findings))


def _split_cell(cell: str) -> tuple[str, str]:
    """``section3.R3.3.1.NP`` → (``section3``, ``R3.3.1``): ambiguity is handled per row."""
    section, _, rest = cell.partition(".")
    head, _, last = rest.rpartition(".")
    if head and last in COLUMNS:
        rest = head
    return section, rest


def _unresolved(report: Report) -> set[tuple[str, str]]:
    """Ambiguous rows or items the parser left open (a ``None`` in them): unknown, not empty."""
    tables = {"section2": report.section2, "section3": report.section3, "section4": report.section4}
    out = set()
    for entry in report.ambiguous:
        section, key = _split_cell(str(entry.get("cell", "")))
        value = (tables.get(section) or {}).get(key)
        if value is None or (isinstance(value, list) and None in value):
            out.add((section, key))
    return out


def _known(report: Report) -> Report:
    """The report without its unresolved ambiguous rows, which then count as invisible.

    A digit run that could not be split is not a row of zeros: the identities that need it
    are skipped rather than failed.
    """
    open_ = _unresolved(report)
    if not open_:
        return report

    def keep(section: str, table: dict[str, Any] | None) -> dict[str, Any] | None:
        if table is None:
            return None
        return {k: v for k, v in table.items() if (section, k) not in open_}

    return replace(
        report,
        section2=keep("section2", report.section2),
        section3=keep("section3", report.section3),
        section4=keep("section4", report.section4),
        blank_cells=[c for c in report.blank_cells if _split_cell(c) not in open_],
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """The same statement repeated in the text must not produce the same finding twice."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.section, f.row, f.column, repr(f.expected), repr(f.actual))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _v(value: Any) -> Any:
    """A published empty cell counts as 0."""
    return 0 if value is None else value


def _fmt_num(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _consecutive(previous: Report, report: Report) -> bool:
    """Cross-year rules compare Y with Y−1 only; unknown years are taken as given."""
    if previous.year is None or report.year is None:
        return True
    return report.year - previous.year == 1


def _spec(report: Report) -> Format | None:
    """The declared format, or the one the 三(六) rows point to."""
    if report.format_spec is not None:
        return report.format_spec
    rows = report.section3 or {}
    if any(c in rows for c in _OTHER_2021):
        return FORMAT_2021
    if "R3.6" in rows:
        return FORMAT_2019
    return None


# --- Section 三 -------------------------------------------------------------------------


def _where(code: str, column: str | None = None) -> str:
    col = f" {COLUMN_LABELS[column]}" if column in COLUMN_LABELS else ""
    return f"{S3} {code} {row_label(code)}{col}"


def _s3_rows(report: Report) -> list[Finding]:
    rows = report.section3
    fmt = _spec(report)
    if not rows or fmt is None:
        return []
    out: list[Finding] = []
    expected = list(fmt.row_codes)
    present = list(rows)
    if fmt.name == "2021" and "R3.6" in rows and not any(c in rows for c in _OTHER_2021):
        out.append(
            Finding(
                "S3-ROWS",
                ERROR,
                "三",
                "R3.6",
                None,
                "R3.6.1、R3.6.2、R3.6.3",
                "R3.6",
                f"{S3}：（六）其他处理 只有一行（2019 格式），2021 格式应分为 3 行"
                "（逾期不补正、逾期未缴费、其他）",
            )
        )
        expected = [c for c in expected if c not in _OTHER_2021]
        expected.insert(expected.index("R3.7"), "R3.6")
    elif fmt.name == "2019" and "R3.6" not in rows and any(c in rows for c in _OTHER_2021):
        out.append(
            Finding(
                "S3-ROWS",
                ERROR,
                "三",
                "R3.6",
                None,
                "R3.6",
                "、".join(c for c in _OTHER_2021 if c in rows),
                f"{S3}：（六）其他处理 在 2019 格式中只有一行，表中分为多行（2021 格式）",
            )
        )
        expected = [c for c in expected if c != "R3.6"]
        expected[expected.index("R3.7") : expected.index("R3.7")] = list(_OTHER_2021)
    for code in present:
        if code not in expected:
            out.append(
                Finding(
                    "S3-ROWS",
                    ERROR,
                    "三",
                    code,
                    None,
                    None,
                    code,
                    f"{_where(code)}：{fmt.name} 格式没有这一行",
                )
            )
    known = [c for c in present if c in expected]
    last = max((expected.index(c) for c in known), default=-1)
    for i, code in enumerate(expected):
        if code in rows or (not report.complete and i > last):
            continue
        out.append(
            Finding(
                "S3-ROWS",
                ERROR,
                "三",
                code,
                None,
                code,
                None,
                f"{_where(code)}：{fmt.name} 格式应有这一行，表中缺失",
            )
        )
    for before, after in pairwise(known):
        if expected.index(after) < expected.index(before):
            out.append(
                Finding(
                    "S3-ROWS",
                    ERROR,
                    "三",
                    after,
                    None,
                    f"{after} 在 {before} 之前",
                    f"{after} 在 {before} 之后",
                    f"{_where(after)}：行序有误，应在 {before} 之前，表中排在其后",
                )
            )
    return out


def _s3_rowsum(report: Report) -> Iterator[Finding]:
    for code, cells in (report.section3 or {}).items():
        expected = sum(_v(c) for c in cells[:-1])
        actual = _v(cells[-1])
        if expected != actual:
            yield Finding(
                "S3-ROWSUM",
                ERROR,
                "三",
                code,
                "TOT",
                expected,
                actual,
                f"{_where(code, 'TOT')}：自然人至其他六列之和为 {expected}，"
                f"总计应为 {expected}，表中为 {_fmt_num(cells[-1])}",
            )


def _result_codes(rows: dict[str, Any]) -> tuple[str, ...] | None:
    """The visible rows whose sum is R3.7, or None when one of them is invisible."""
    if not all(c in rows for c in _BASE_RESULTS):
        return None
    if all(c in rows for c in _OTHER_2021):
        return _BASE_RESULTS + _OTHER_2021
    if "R3.6" in rows:
        return (*_BASE_RESULTS, "R3.6")
    return None


def _s3_result(report: Report) -> Iterator[Finding]:
    rows = report.section3 or {}
    codes = _result_codes(rows)
    if codes is None or "R3.7" not in rows:
        return
    for i, col in enumerate(COLUMNS):
        expected = sum(_v(rows[c][i]) for c in codes)
        actual = _v(rows["R3.7"][i])
        if expected != actual:
            yield Finding(
                "S3-RESULT",
                ERROR,
                "三",
                "R3.7",
                col,
                expected,
                actual,
                f"{_where('R3.7', col)}：办理结果各行（{codes[0]} 至 {codes[-1]}）之和为 {expected}，"
                f"总计应为 {expected}，表中为 {_fmt_num(rows['R3.7'][i])}",
            )


def _s3_balance(report: Report) -> Iterator[Finding]:
    rows = report.section3 or {}
    if not all(c in rows for c in ("R1", "R2", "R3.7", "R4")):
        return
    for i, col in enumerate(COLUMNS):
        r1, r2, r37, r4 = (_v(rows[c][i]) for c in ("R1", "R2", "R3.7", "R4"))
        if r1 + r2 != r37 + r4:
            expected = r1 + r2 - r4
            yield Finding(
                "S3-BAL",
                ERROR,
                "三",
                "R3.7",
                col,
                expected,
                r37,
                f"{_where('R3.7', col)}：新收 {r1} + 上年结转 {r2} − 结转下年度 {r4} = {expected}，"
                f"总计应为 {expected}，表中为 {r37}（第一项加第二项之和应等于第三项加第四项之和）",
            )


def _s3_blank(report: Report) -> Iterator[Finding]:
    rows = report.section3 or {}
    cells: dict[tuple[str, str], None] = {}
    for code, values in rows.items():
        for col, value in zip(COLUMNS, values, strict=True):
            if value is None:
                cells[(code, col)] = None
    for name in report.blank_cells:
        parts = name.split(".")
        if len(parts) >= 3 and parts[0] == "section3" and parts[-1] in COLUMNS:
            cells[(".".join(parts[1:-1]), parts[-1])] = None
    for code, col in cells:
        value = rows.get(code, [None] * len(COLUMNS))[COLUMNS.index(col)]
        yield Finding(
            "S3-BLANK",
            WARNING,
            "三",
            code,
            col,
            0,
            value,
            f"{_where(code, col)}：单元格空白（或为“/”“—”“无”），按 0 计；应填写数字 0",
        )


# --- Section 四 -------------------------------------------------------------------------


def _s4_sum(report: Report) -> Iterator[Finding]:
    for group, cells in (report.section4 or {}).items():
        expected = sum(_v(c) for c in cells[:-1])
        actual = _v(cells[-1])
        if expected != actual:
            parts = "+".join(SECTION4_COLUMN_LABELS[c] for c in SECTION4_COLUMNS[:-1])
            yield Finding(
                "S4-SUM",
                ERROR,
                "四",
                group,
                "TOT",
                expected,
                actual,
                f"{S4} {SECTION4_GROUP_LABELS[group]}：{parts} = {expected}，"
                f"总计应为 {expected}，表中为 {_fmt_num(cells[-1])}",
            )


# --- Section 二 -------------------------------------------------------------------------


def _item(report: Report, key: str, value: Any) -> Section2Item | None:
    """The item definition: from the declared format, else the format whose shape fits."""
    fmt = report.format_spec
    candidates = ([fmt] if fmt else []) + [FORMAT_2021, FORMAT_2019]
    for f in candidates:
        if key in f.section2_keys:
            item = f.section2_item(key)
            if item.is_scalar == (not isinstance(value, list)):
                return item
    return None


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _col_label(item: Section2Item, index: int) -> str:
    return item.columns[index] if item.columns else item.value_label


def _s2_negative(report: Report) -> Iterator[Finding]:
    for key, value in (report.section2 or {}).items():
        item = _item(report, key, value)
        for i, v in enumerate(_values(value)):
            if v is None or v >= 0:
                continue
            if item is not None and i in item.signed_columns:
                continue
            label = item.label if item else key
            column = _col_label(item, i) if item else str(i)
            yield Finding(
                "S2-NEG",
                ERROR,
                "二",
                key,
                column,
                ">= 0",
                v,
                f"{S2} {label} {column}：数量或金额不能为负数，表中为 {_fmt_num(v)}",
            )


def _fee(report: Report | None) -> float | None:
    """The 2021 收费金额 (万元), a scalar; the 2019 fee line counts items, not money."""
    if report is None or not report.section2:
        return None
    fee = report.section2.get("fees")
    return fee if isinstance(fee, int | float) and not isinstance(fee, bool) else None


def _s2_fee_unit(report: Report, previous: Report | None) -> Iterator[Finding]:
    fee = _fee(report)
    if fee is None:
        return
    unit = report.units.get("section2.fees")
    column = "本年收费金额（单位：万元）"
    if unit and unit.strip() == "元":
        yield Finding(
            "S2-FEEUNIT",
            WARNING,
            "二",
            "fees",
            column,
            "万元",
            unit,
            f"{S2} 行政事业性收费 收费金额：单位应为万元，表中数字后注“元”（{_fmt_num(fee)}元）",
        )
        return
    prev = _fee(previous) if previous is not None and _consecutive(previous, report) else None
    if prev and fee and 10**3.5 <= fee / prev <= 10**4.5:
        yield Finding(
            "S2-FEEUNIT",
            WARNING,
            "二",
            "fees",
            column,
            round(fee / 10000, 6),
            fee,
            f"{S2} 行政事业性收费 收费金额：为上一年（{_fmt_num(prev)} 万元）的约一万倍，"
            f"疑以元为单位填写；按万元应约为 {round(fee / 10000, 4)}，表中为 {_fmt_num(fee)}",
        )


_NO_POWER = re.compile(r"[乡镇](?:人民)?政府|街道|苏木|嘎查|村委会|居委会|社区")
_COUNTY = re.compile(r"[县区旗]")
_DEPARTMENT = re.compile(r"(?:局|委员会|委|办公室|办公厅|厅|中心|处|所|站|队|院|馆)$")
_LOCAL = re.compile(r"[省市州盟县区旗]")


def infer_rule_power(agency: str | None) -> bool | None:
    """Whether a body may make 规章, as far as its name tells (None: cannot tell).

    Under the 立法法 only the State Council's departments and the governments of provinces,
    设区的市 and 自治州 make 规章: townships, streets, county-level governments and every
    department of a local government do not.
    """
    if not agency:
        return None
    # 人民政府办公厅/办公室 compile the government's own report: judge the government.
    name = re.sub(r"(人民政府)办公[厅室]$", r"\1", agency.strip())
    if _NO_POWER.search(name):
        return False
    if _COUNTY.search(name.replace("自治区", "")):
        return False
    if _DEPARTMENT.search(name) and _LOCAL.search(name):
        return False
    return None


def _s2_regulations(report: Report, has_rule_power: bool | None) -> Iterator[Finding]:
    rules = (report.section2 or {}).get("rules")
    power = has_rule_power if has_rule_power is not None else infer_rule_power(report.agency)
    if power is not False or not isinstance(rules, list):
        return
    item = _item(report, "rules", rules)
    # 2019 新公开/对外公开总数量 may count rules of other bodies made public; only 新制作 is own work.
    own = rules[:1] if report.format == "2019" else rules
    for i, v in enumerate(own):
        if v is not None and v > 0:
            column = _col_label(item, i) if item else str(i)
            who = report.agency or "本机关"
            yield Finding(
                "S2-REG",
                WARNING,
                "二",
                "rules",
                column,
                0,
                v,
                f"{S2} 规章 {column}：{who}没有规章制定权，应为 0，表中为 {_fmt_num(v)}",
            )


# --- Format ------------------------------------------------------------------------------


def _format_rules(report: Report) -> Iterator[Finding]:
    fmt, year = report.format, report.year
    if fmt and year:
        wanted = "2021" if year >= 2021 else "2019"
        if fmt != wanted:
            yield Finding(
                "FMT-OLD",
                ERROR,
                None,
                None,
                None,
                wanted,
                fmt,
                f"{year} 年度报告应使用 {FORMATS[wanted].title} 格式（{wanted} 格式），"
                f"表格用的是 {FORMATS[fmt].title} 格式（{fmt} 格式）",
            )
    signals = _format_signals(report)
    if len(signals) > 1:
        detail = "；".join(f"{name} 格式：{'、'.join(why)}" for name, why in sorted(signals.items()))
        yield Finding(
            "FMT-MIXED",
            ERROR,
            None,
            None,
            None,
            report.format,
            "2019+2021",
            f"表格同时带有两种格式的特征（{detail}）",
        )


def _format_signals(report: Report) -> dict[str, list[str]]:
    """Evidence for each format in section 二 and in the split 三(六) rows.

    A lone R3.6 in a 2021 report is left to S3-ROWS (the hzq PDFs), so the same cause is
    not reported twice.
    """
    out: dict[str, list[str]] = {}
    rows = report.section3 or {}
    if "R3.6" in rows and any(c in rows for c in _OTHER_2021):
        out.setdefault("2019", []).append("三（六）单行")
        out.setdefault("2021", []).append("三（六）分三行")
    for key, value in (report.section2 or {}).items():
        if value is None:
            continue
        for name, fmt in FORMATS.items():
            if key not in fmt.section2_keys:
                continue
            item = fmt.section2_item(key)
            if item.is_scalar != isinstance(value, list) and (item.is_scalar or len(value) == item.width):
                # The shape fits this format; only shapes that differ between formats count.
                other = FORMATS["2019" if name == "2021" else "2021"]
                if key not in other.section2_keys or _shape(other.section2_item(key)) != _shape(item):
                    out.setdefault(name, []).append(f"二 {item.label}")
    if report.format and out and report.format not in out and len(out) == 1:
        # Declared one format, section 二 shows only the other: that is mixed too.
        out.setdefault(report.format, []).append("声明的格式")
    return out


def _shape(item: Section2Item) -> tuple[int, bool]:
    return (item.width, item.is_scalar)


# --- Text --------------------------------------------------------------------------------


def _sections(report: Report) -> Iterator[Finding]:
    present = [s for s in report.sections_present if s in SECTION_NUMERALS]
    order = [SECTION_NUMERALS.index(s) for s in present]
    last = max(order, default=-1)
    for i, numeral in enumerate(SECTION_NUMERALS):
        if numeral in present or (not report.complete and i > last):
            continue
        yield Finding(
            "TX-SECT",
            ERROR,
            numeral,
            None,
            None,
            SECTION_TITLES[numeral],
            None,
            f"缺少第{numeral}部分“{SECTION_TITLES[numeral]}”",
        )
    for a, b in pairwise(order):
        if b < a:
            yield Finding(
                "TX-SECT",
                ERROR,
                SECTION_NUMERALS[b],
                None,
                None,
                f"在第{SECTION_NUMERALS[a]}部分之前",
                f"在第{SECTION_NUMERALS[a]}部分之后",
                f"第{SECTION_NUMERALS[b]}部分“{SECTION_TITLES[SECTION_NUMERALS[b]]}”顺序有误，"
                f"应在第{SECTION_NUMERALS[a]}部分之前",
            )
    tables = {"二": report.section2, "三": report.section3, "四": report.section4}
    for numeral, table in tables.items():
        if numeral not in present or table:
            continue
        if not report.complete and SECTION_NUMERALS.index(numeral) == last:
            continue
        yield Finding(
            "TX-SECT",
            ERROR,
            numeral,
            None,
            None,
            "表格",
            None,
            f"第{numeral}部分“{SECTION_TITLES[numeral]}”只有标题，没有表格",
        )


def _row_total(rows: dict[str, list[Any]], codes: Iterable[str]) -> tuple[int, set[int]] | None:
    """A sum of visible rows: (the figure to show, every figure a text may fairly quote).

    The 总计 column is what the text should quote; the sum of the six applicant columns is
    accepted as well, since some publishers leave 总计 empty.
    """
    codes = list(codes)
    if not codes or not all(c in rows for c in codes):
        return None
    by_total = sum(_v(rows[c][-1]) for c in codes)
    by_parts = sum(_v(v) for c in codes for v in rows[c][:-1])
    blank_total = any(rows[c][-1] is None for c in codes)
    shown = by_parts if blank_total else by_total
    return shown, {by_total, by_parts}


_APPS_ROWS: dict[str, str] = {
    "closed": "R3.7",
    "carried_over": "R2",
    "carried_forward": "R4",
    "result_granted": "R3.1",
    "result_partial": "R3.2",
}
# The same leaf rows in both formats; （六） is either one row or three.
_RESULT_GROUPS: dict[str, tuple[str, ...]] = {
    prefix: tuple(c for c in FORMAT_2021.row_codes if c.startswith(prefix + "."))
    for prefix in ("R3.3", "R3.4", "R3.5")
}
_RESULT_KINDS: dict[str, str] = {
    "result_withheld": "R3.3",
    "result_unavailable": "R3.4",
    "result_not_handled": "R3.5",
    "result_other": "R3.6",
}


def _apps_target(report: Report, kind: str) -> tuple[str, int, set[int]] | None:
    """(row, figure, accepted figures) for an application count stated in the text."""
    rows = report.section3 or {}
    if kind in ("received", "processed"):
        r1 = _row_total(rows, ["R1"])
        if r1 is None:
            return None
        accepted = set(r1[1])
        r2 = _row_total(rows, ["R2"])
        if r2 is not None:
            accepted |= {a + b for a in r1[1] for b in r2[1]}
        r37 = _row_total(rows, ["R3.7"])
        if kind == "processed" and r37 is not None:
            accepted |= r37[1]
        return "R1", r1[0], accepted
    if kind in _APPS_ROWS:
        code = _APPS_ROWS[kind]
        codes: tuple[str, ...] = (code,)
    elif kind == "result_public":
        code, codes = "R3.1+R3.2", ("R3.1", "R3.2")
    elif kind in _RESULT_KINDS:
        code = _RESULT_KINDS[kind]
        if code != "R3.6":
            codes = _RESULT_GROUPS[code]
        elif all(c in rows for c in _OTHER_2021):
            codes = _OTHER_2021
        else:
            codes = ("R3.6",)
    else:
        return None
    total = _row_total(rows, codes)
    return None if total is None else (code, *total)


def _unmatched(stated: list[Stated], agrees: Callable[[Stated], bool | None]) -> list[Stated]:
    """Statements that contradict the table, judged kind by kind.

    ``agrees`` returns None when the table cannot tell. One agreeing statement of a kind
    clears the others of that kind: they are breakdowns ("收到网上申请30件"), not totals.
    A count of a part ("其中…", "…代表区政府受理…") never contradicts on its own.
    """
    by_kind: dict[str, list[tuple[Stated, bool]]] = {}
    for s in stated:
        verdict = agrees(s)
        if verdict is not None:
            by_kind.setdefault(s.kind, []).append((s, verdict))
    return [s for items in by_kind.values() if not any(ok for _, ok in items) for s, _ in items if not s.part]


def _tx_apps(report: Report, stated: list[Stated]) -> Iterator[Finding]:
    if not report.section3:
        return
    targets = {s.kind: _apps_target(report, s.kind) for s in stated}

    def agrees(s: Stated) -> bool | None:
        target = targets[s.kind]
        return None if target is None else s.value in target[2]

    for s in _unmatched(stated, agrees):
        target = targets[s.kind]
        assert target is not None  # _unmatched keeps only statements the table can judge
        code, shown, _ = target
        what = "称未收到申请" if s.none else f"称{KINDS[s.kind]} {s.value} 件（“{s.text}”）"
        yield Finding(
            "TX-APPS",
            ERROR,
            "三",
            code,
            "TOT",
            shown,
            s.value,
            f"正文{what}，与{S3} {code} 总计 {shown} 不符",
        )


_LIT_GROUPS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "reconsideration": ("RV", ("RV",), "行政复议"),
    "litigation": ("LD+LR", ("LD", "LR"), "行政诉讼"),
}


def _tx_lit(report: Report, stated: list[Stated]) -> Iterator[Finding]:
    groups = report.section4 or {}

    def figures(kind: str) -> tuple[int, set[int]] | None:
        """(总计 to show, every figure the text may fairly quote) for a kind of case."""
        if kind not in _LIT_GROUPS or not all(c in groups for c in _LIT_GROUPS[kind][1]):
            return None
        codes = _LIT_GROUPS[kind][1]
        totals = [_v(groups[c][-1]) for c in codes]
        parts = [sum(_v(v) for v in groups[c][:-1]) for c in codes]
        return sum(totals) or sum(parts), {sum(totals), sum(parts), *totals, *parts}

    def agrees(s: Stated) -> bool | None:
        found = figures(s.kind)
        if found is None:
            return None
        shown, accepted = found
        return shown == 0 and max(accepted) == 0 if s.none else s.value in accepted

    for s in _unmatched(stated, agrees):
        row, _, label = _LIT_GROUPS[s.kind]
        found = figures(s.kind)
        assert found is not None
        shown = found[0]
        what = f"称没有{label}（“{s.text}”）" if s.none else f"称{label} {s.value} 件（“{s.text}”）"
        yield Finding(
            "TX-LIT",
            ERROR,
            "四",
            row,
            "TOT",
            shown,
            s.value,
            f"正文{what}，与{S4} {label} 总计 {shown} 不符",
        )


_DOC_KINDS: dict[str, tuple[str, int]] = {
    "docs_issued": ("normative_documents", 0),
    "docs_repealed": ("normative_documents", 1),
    "docs_valid": ("normative_documents", 2),
    "rules_issued": ("rules", 0),
    "rules_repealed": ("rules", 1),
    "rules_valid": ("rules", 2),
}


def candidates(report: Report, key: str, stated: list[Stated]) -> list[list[Any]]:
    """Readings of a three-column section-二 item, the most plausible first.

    A visible item has one reading. An item whose digits ran together (``ambiguous``) has
    the parser's candidates, narrowed by what the text states ("制发…77件") and by
    现行有效 ≥ 本年制发, then ordered by the smallest largest number: "77132470" reads
    77|132|470 before 77|13|2470. Empty when nothing is known.
    """
    value = (report.section2 or {}).get(key)
    entry = next(
        (e for e in report.ambiguous if _split_cell(str(e.get("cell", ""))) == ("section2", key)), None
    )
    if isinstance(value, list) and (entry is None or None not in value):
        return [value]
    if entry is None:
        return []
    found = [list(c) for c in entry.get("candidates", []) if isinstance(c, list) and len(c) == 3]
    filters = [
        lambda c, i=i, v=s.value: c[i] == v
        for s in stated
        for k, i in [_DOC_KINDS.get(s.kind, ("", 0))]
        if k == key
    ]
    filters.append(lambda c: _v(c[2]) >= _v(c[0]))
    for keep in filters:
        narrowed = [c for c in found if keep(c)]
        found = narrowed or found
    return sorted(found, key=lambda c: (max(_v(x) for x in c), sum(_v(x) for x in c)))


def _tx_docs(report: Report, stated: list[Stated]) -> Iterator[Finding]:
    readings = {key: candidates(report, key, stated) for key in ("rules", "normative_documents")}

    def agrees(s: Stated) -> bool | None:
        if s.kind not in _DOC_KINDS:
            return None
        key, index = _DOC_KINDS[s.kind]
        # 2019 columns are 新制作/新公开/对外公开总数量: only 新制作 means "issued".
        if not readings[key] or (report.format == "2019" and index != 0):
            return None
        return s.value in {_v(c[index]) for c in readings[key]}

    for s in _unmatched(stated, agrees):
        key, index = _DOC_KINDS[s.kind]
        best = readings[key][0]
        item = _item(report, key, best)
        table = _v(best[index])
        column = _col_label(item, index) if item else str(index)
        label = item.label if item else key
        yield Finding(
            "TX-DOCS",
            WARNING,
            "二",
            key,
            column,
            table,
            s.value,
            f"正文称{KINDS[s.kind]} {s.value} 件（“{s.text}”），与{S2} {label} {column} {table} 不符",
        )


_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年")
_PERIOD = re.compile(
    r"统计(?:期限|时限|期间|时间|周期|区间)[^。；]{0,12}?(20\d{2})\s*年\s*1\s*月\s*1\s*日"
    r"[^。；]{0,8}?(?:至|到|—|-)\s*(?:(20\d{2})\s*年\s*)?12\s*月\s*31\s*日"
)
_OPENING_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年(?:度)?(?:[，,]|以来全|全年|我)")


def _tx_year(report: Report) -> Iterator[Finding]:
    year = report.year
    if year is None:
        return

    def finding(where: str, found: int, text: str) -> Finding:
        return Finding(
            "TX-YEAR",
            WARNING,
            None,
            None,
            None,
            year,
            found,
            f"{where}（“{text}”）指向 {found} 年，而报告年度为 {year} 年",
        )

    if report.title:
        years = {int(y) for y in _YEAR.findall(report.title)}
        if years and year not in years:
            yield finding("标题", min(years), report.title.strip())
    text = "\n".join(report.narrative.values())
    for m in _PERIOD.finditer(text):
        for y in filter(None, m.groups()):
            if int(y) != year:
                yield finding("统计期限", int(y), m.group(0))
                break
    opening = report.narrative.get("一", "")[:200]
    m = _OPENING_YEAR.search(opening)
    if m and int(m.group(1)) != year:
        yield finding("第一部分开头", int(m.group(1)), m.group(0))
    if report.published:
        published = dt.date.fromisoformat(report.published)
        if published.year <= year:
            yield finding("发布日期", published.year, report.published)


_FEE_WORDS = re.compile(r"处理费|收费|收取.{0,6}费用?|费用")


def _tx_fee(report: Report) -> Iterator[Finding]:
    if "六" not in report.sections_present and "六" not in report.narrative:
        return  # invisible: TX-SECT reports a missing section
    # The duty comes with 国办函〔2020〕109号, in force 2021-01-01: reports on 2021 onwards.
    if (report.year or 0) < FEE_DUTY_YEAR and (report.year is not None or report.format == "2019"):
        return
    text = report.narrative.get("六", "")
    if _FEE_WORDS.search(text):
        return
    yield Finding(
        "TX-FEE",
        WARNING,
        "六",
        None,
        None,
        "信息处理费收取情况",
        None,
        f"{SECTION_TITLES['六']} 未说明信息处理费的收取情况（国办函〔2020〕109号）",
    )


_DEPARTMENT_WORDS = re.compile(r"办公室|办公厅|局|委员会|[乡镇]人民政府|街道")
_REGION = re.compile(r"[省市县区州盟旗]$")


def is_government(agency: str | None) -> bool:
    """A county-or-higher government's own report (31 March deadline), judged by its name.

    "…人民政府" without 办公室/局, or a bare place name such as 平潭综合实验区 (a zone-wide
    report published by its 管委会 like a government's).
    """
    if not agency:
        return False
    name = agency.strip()
    if _DEPARTMENT_WORDS.search(name):
        return False
    return "人民政府" in name or bool(_REGION.search(name))


def publication_deadline(year: int, agency: str | None) -> dt.date:
    """Art. 49: departments by 31 January of Y+1; a county-or-higher government by 31 March."""
    return dt.date(year + 1, 3, 31) if is_government(agency) else dt.date(year + 1, 1, 31)


def _tx_pub(report: Report) -> Iterator[Finding]:
    if not report.published or report.year is None:
        return
    published = dt.date.fromisoformat(report.published)
    deadline = publication_deadline(report.year, report.agency)
    if published > deadline:
        kind = "县级以上人民政府年度报告" if is_government(report.agency) else "部门年度报告"
        yield Finding(
            "TX-PUB",
            WARNING,
            None,
            None,
            None,
            deadline.isoformat(),
            report.published,
            f"发布日期 {report.published} 晚于法定期限 {deadline.isoformat()}"
            f"（条例第四十九条，{kind}），逾期 {(published - deadline).days} 天",
        )


# --- Cross-year --------------------------------------------------------------------------


def _x_carry(report: Report, previous: Report) -> Iterator[Finding]:
    now = (report.section3 or {}).get("R2")
    before = (previous.section3 or {}).get("R4")
    if now is None or before is None:
        return
    for col, carried, forward in zip(COLUMNS, now, before, strict=True):
        if _v(carried) != _v(forward):
            yield Finding(
                "X-CARRY",
                ERROR,
                "三",
                "R2",
                col,
                _v(forward),
                _v(carried),
                f"{_where('R2', col)}：应等于上一年报告的结转下年度继续办理 {_v(forward)}，"
                f"表中为 {_v(carried)}",
            )


def _x_valid(report: Report, previous: Report, stated: list[Stated]) -> Iterator[Finding]:
    """现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y).

    With ambiguous digit runs on either side, a finding needs every reading to break the
    chain; it then shows the most plausible reading.
    """
    if report.format != "2021" or previous.format != "2021":
        return
    stated_before = stated_counts(previous.narrative.values())
    for key in ("rules", "normative_documents"):
        now = candidates(report, key, stated)
        before = candidates(previous, key, stated_before)
        if not now or not before:
            continue
        if any(_v(p[2]) + _v(c[0]) - _v(c[1]) == _v(c[2]) for p in before for c in now):
            continue
        issued, repealed, valid = (_v(x) for x in now[0])
        prev_valid = _v(before[0][2])
        expected = prev_valid + issued - repealed
        label = FORMAT_2021.section2_item(key).label
        note = ""
        if len(now) > 1 or len(before) > 1:
            note = f"；数字连在一起有多种拆分，任何一种都不满足，按最可能的 {issued}|{repealed}|{valid} 计"
        yield Finding(
            "X-VALID",
            WARNING,
            "二",
            key,
            "现行有效件数",
            expected,
            valid,
            f"{S2} {label} 现行有效件数：按上一年报告推算应为 {expected}"
            f"（{prev_valid}+{issued}−{repealed}），表中为 {valid}{note}",
        )


def shingles(text: str, size: int = 4) -> set[str]:
    """Character n-grams of a text with digits and spaces neutralised.

    A report copied from last year with only the figures and the year changed must still
    count as the same text.
    """
    norm = re.sub(r"\s+", "", re.sub(r"\d+", "0", text))
    return {norm[i : i + size] for i in range(max(len(norm) - size + 1, 1))}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the shingle sets: linear time, so batch runs stay fast."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def _x_dup(report: Report, previous: Report) -> Iterator[Finding]:
    for numeral in ("一", "五"):
        now = report.narrative.get(numeral, "")
        before = previous.narrative.get(numeral, "")
        if len(now.strip()) < _DUP_MIN_CHARS or len(before.strip()) < _DUP_MIN_CHARS:
            continue
        score = similarity(now, before)
        if score >= DUP_THRESHOLD:
            yield Finding(
                "X-DUP",
                WARNING,
                numeral,
                None,
                None,
                f"< {DUP_THRESHOLD}",
                round(score, 2),
                f"第{numeral}部分“{SECTION_TITLES[numeral]}”与上一年报告基本相同"
                f"（相似度 {score:.0%}），疑为照搬",
            )
