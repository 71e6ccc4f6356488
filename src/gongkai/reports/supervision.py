"""The supervising office's view: every agency below it for a year, totals, trends, XLSX export.

Everything here reads the stored reports (compiled snapshots and imported files), never the
underlying records: the overview shows what the agencies report, and it stays fast at any size
(three queries for a year, two more for the trends).
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from gongkai.annual_report.formats import (
    COLUMNS,
    FORMAT_2021,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
)
from gongkai.orgs.permissions import visible_agencies

from .choices import TREND_YEARS, ImportState, OverviewState, ReportStatus, deadline_for
from .compile import with_fees
from .models import AnnualReport, ImportedReport

RESULT_GROUPS = (
    ("R3.1", "予以公开"),
    ("R3.2", "部分公开"),
    ("R3.3", "不予公开"),
    ("R3.4", "无法提供"),
    ("R3.5", "不予处理"),
    ("R3.6", "其他处理"),
)


@dataclass
class Row:
    """One agency (on the system or not) for one year."""

    name: str
    level: str
    state: str
    deadline: date | None
    agency_id: int | None = None
    report: AnnualReport | None = None
    imported: ImportedReport | None = None
    published_on: date | None = None
    late: bool = False
    errors: int = 0
    warnings: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)
    tables: dict[str, Any] | None = None
    format: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def state_label(self) -> str:
        return OverviewState(self.state).label

    @property
    def external(self) -> bool:
        return self.agency_id is None


def _imported_tables(item: ImportedReport) -> tuple[dict[str, Any], str | None]:
    data = item.data or {}
    return {k: data.get(k) for k in ("section2", "section3", "section4")}, data.get("format")


def _is_late(deadline: date | None, published_on: date | None, today: date) -> bool:
    if deadline is None:
        return False
    return published_on > deadline if published_on else today > deadline


def _deadline(item: ImportedReport, year: int) -> date:
    month_day = (3, 31) if item.is_government else (1, 31)
    return date(year + 1, *month_day)


def _rows(agencies, reports, imports, year: int, today: date) -> list[Row]:
    compiled = {r.agency_id: r for r in reports if r.year == year}
    by_agency: dict[int, ImportedReport] = {}
    external: dict[str, ImportedReport] = {}
    for item in imports:  # newest first: keep the latest file per agency
        if item.year != year:
            continue
        if item.agency_id:
            by_agency.setdefault(item.agency_id, item)
        else:
            external.setdefault(item.external_name, item)
    rows = []
    for agency in agencies:
        deadline = deadline_for(agency, year)
        row = Row(agency.name, agency.get_level_display(), OverviewState.MISSING, deadline, agency.pk)
        report, item = compiled.get(agency.pk), by_agency.get(agency.pk)
        if (
            report is not None
            and (report.status == ReportStatus.PUBLISHED or item is None)
            and report.version
        ):
            row.report = report
            row.state = {
                ReportStatus.PUBLISHED: OverviewState.PUBLISHED,
                ReportStatus.IN_REVIEW: OverviewState.SUBMITTED,
                ReportStatus.APPROVED: OverviewState.SUBMITTED,
            }.get(report.status, OverviewState.COMPILED)
            row.published_on = report.published_on
            row.errors, row.warnings, row.findings = report.errors, report.warnings, report.findings
            row.tables, row.format = with_fees(report.tables, report.fees_amount), FORMAT_2021.name
            row.facts = report.facts or {}
        elif item is not None:
            row.imported, row.state = item, OverviewState.IMPORTED
            row.published_on = item.published_on
            row.errors, row.warnings, row.findings = item.errors, item.warnings, item.findings
            row.tables, row.format = _imported_tables(item)
        row.late = _is_late(deadline, row.published_on, today)
        rows.append(row)
    for name, item in sorted(external.items()):
        deadline = _deadline(item, year)
        tables, fmt = _imported_tables(item)
        rows.append(
            Row(
                name,
                item.get_external_level_display() or "—",
                OverviewState.IMPORTED,
                deadline,
                imported=item,
                published_on=item.published_on,
                late=_is_late(deadline, item.published_on, today) if item.published_on else False,
                errors=item.errors,
                warnings=item.warnings,
                findings=item.findings,
                tables=tables,
                format=fmt,
            )
        )
    return rows


def _add(total: list[Any], values: list[Any]) -> None:
    for i, v in enumerate(values):
        if isinstance(v, int | float):
            total[i] += v


def totals(rows: list[Row]) -> dict[str, Any]:
    """Sums of every table over the rows in the 2021 format (2019-format imports are counted apart)."""
    s2: dict[str, Any] = {}
    for item in FORMAT_2021.section2:
        s2[item.key] = [0] * item.width
    s3 = {code: [0] * len(COLUMNS) for code in FORMAT_2021.row_codes}
    s4 = {code: [0] * len(SECTION4_COLUMNS) for code, _ in SECTION4_GROUPS}
    counted = other_format = 0
    for row in rows:
        if row.tables is None:
            continue
        if row.format not in (None, FORMAT_2021.name):
            other_format += 1
            continue
        counted += 1
        for key, value in (row.tables.get("section2") or {}).items():
            if key in s2 and value is not None:
                _add(s2[key], value if isinstance(value, list) else [value])
        for code, cells in (row.tables.get("section3") or {}).items():
            if code in s3:
                _add(s3[code], cells)
        for code, cells in (row.tables.get("section4") or {}).items():
            if code in s4:
                _add(s4[code], cells)
    section2 = {
        k: (round(v[0], 4) if FORMAT_2021.section2_item(k).decimal else v[0])
        if FORMAT_2021.section2_item(k).is_scalar
        else v
        for k, v in s2.items()
    }
    return {
        "section2": section2,
        "section3": s3,
        "section4": s4,
        "counted": counted,
        "other_format": other_format,
    }


def _tot(tables: dict[str, Any], prefix: str) -> int:
    s3 = tables.get("section3") or {}
    return sum(
        int(cells[-1] or 0)
        for code, cells in s3.items()
        if (code == prefix or code.startswith(prefix + ".")) and code != "R3.7"
    )


def _decisions(tables: dict[str, Any], key: str) -> int:
    value = (tables.get("section2") or {}).get(key)
    if isinstance(value, list):  # 2019 format: [上一年项目数量, 本年增/减, 处理决定数量]
        value = value[2] if len(value) > 2 else None
    return int(value or 0)


@dataclass
class Overview:
    year: int
    rows: list[Row]
    totals: dict[str, Any]
    trends: dict[str, Any]
    counts: dict[str, int]


def overview(user, year: int, *, today: date | None = None, with_trends: bool = True) -> Overview:
    """Every agency in the user's subtree (and the external ones its office imported) for `year`."""
    today = today or timezone.localdate()
    agencies = list(visible_agencies(user).order_by("path"))
    years = list(range(year - TREND_YEARS + 1, year + 1)) if with_trends else [year]
    reports = list(
        AnnualReport.objects.filter(agency__in=[a.pk for a in agencies], year__in=years).only(
            "pk",
            "agency_id",
            "year",
            "status",
            "version",
            "tables",
            "fees_amount",
            "errors",
            "warnings",
            "findings",
            "facts",
            "published_on",
            "deadline",
        )
    )
    imports = list(
        ImportedReport.objects.filter(
            owner__path__startswith=user.agency.path, year__in=years, state=ImportState.DONE
        )
        .select_related("agency")
        .order_by("-created_at", "-pk")
    )
    by_year = {y: _rows(agencies, reports, imports, y, today) for y in years}
    rows = by_year[year]
    counts = defaultdict(int)
    for row in rows:
        counts[row.state] += 1
        counts["late"] += row.late
        counts["errors"] += row.errors
        counts["warnings"] += row.warnings
    counts["total"] = len(rows)
    trends = _trends(by_year) if with_trends else {}
    return Overview(year, rows, totals(rows), trends, dict(counts))


def _trends(by_year: dict[int, list[Row]]) -> dict[str, Any]:
    years = sorted(by_year)
    replies: dict[str, list[int]] = {label: [] for _, label in RESULT_GROUPS}
    received, licensing, penalty = [], [], []
    on_time, late, unknown, missing, replied, replied_late = [], [], [], [], [], []
    for y in years:
        rows = [r for r in by_year[y] if r.tables is not None]
        for prefix, label in RESULT_GROUPS:
            replies[label].append(sum(_tot(r.tables, prefix) for r in rows))
        received.append(sum(int(((r.tables.get("section3") or {}).get("R1") or [0])[-1] or 0) for r in rows))
        licensing.append(sum(_decisions(r.tables, "licensing") for r in rows))
        penalty.append(sum(_decisions(r.tables, "penalty") for r in rows))
        published = [r for r in by_year[y] if r.state in (OverviewState.PUBLISHED, OverviewState.IMPORTED)]
        on_time.append(sum(1 for r in published if r.published_on and not r.late))
        late.append(sum(1 for r in published if r.published_on and r.late))
        unknown.append(sum(1 for r in published if r.published_on is None))
        missing.append(len(by_year[y]) - len(published))
        replied.append(sum(int(r.facts.get("apps_replied", 0)) for r in by_year[y]))
        replied_late.append(sum(int(r.facts.get("apps_late", 0)) for r in by_year[y]))
    rate = [round(100 * (n - m) / n, 1) if n else None for n, m in zip(replied, replied_late, strict=True)]
    return {
        "years": years,
        "replies": replies,
        "received": received,
        "licensing": licensing,
        "penalty": penalty,
        "on_time": on_time,
        "late": late,
        "unknown": unknown,
        "missing": missing,
        "replied": replied,
        "replied_late": replied_late,
        "reply_rate": rate,
    }


# --- XLSX export ---------------------------------------------------------------------------------------


def to_xlsx(data: Overview) -> bytes:
    """The overview as a workbook: 概况, 问题, 合计 (three tables), 趋势."""
    import xlsxwriter

    from .sources import DOC_COLUMNS, cell_label

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#E8EEF6", "border": 1})
    cell = book.add_format({"border": 1})

    def sheet(name: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
        ws = book.add_worksheet(name)
        ws.write_row(0, 0, header, head)
        for r, values in enumerate(rows, 1):
            ws.write_row(r, 0, values, cell)
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        ws.freeze_panes(1, 0)

    sheet(
        "概况",
        ["机关", "层级", "状态", "公布期限", "发布日期", "是否逾期", "错误", "警告"],
        [
            [
                r.name,
                r.level,
                r.state_label,
                r.deadline.isoformat() if r.deadline else "",
                r.published_on.isoformat() if r.published_on else "",
                "逾期" if r.late else "",
                r.errors,
                r.warnings,
            ]
            for r in data.rows
        ],
        [40, 8, 14, 12, 12, 8, 6, 6],
    )
    sheet(
        "问题",
        ["机关", "规则", "级别", "说明"],
        [
            [r.name, f["rule"], "错误" if f["severity"] == "error" else "警告", f["message"]]
            for r in data.rows
            for f in r.findings
        ],
        [40, 12, 6, 100],
    )
    t = data.totals
    total_rows: list[list[Any]] = []
    for item in FORMAT_2021.section2:
        value = t["section2"][item.key]
        if item.is_scalar:
            total_rows.append([cell_label("二", item.key, "value"), value])
        else:
            total_rows += [[cell_label("二", item.key, c), value[i]] for i, c in enumerate(DOC_COLUMNS)]
    total_rows += [
        [cell_label("三", code, col), t["section3"][code][i]]
        for code in FORMAT_2021.row_codes
        for i, col in enumerate(COLUMNS)
    ]
    total_rows += [
        [cell_label("四", code, col), t["section4"][code][i]]
        for code, _ in SECTION4_GROUPS
        for i, col in enumerate(SECTION4_COLUMNS)
    ]
    sheet("合计", ["统计项", f"{data.year}年合计（{t['counted']} 份报告）"], total_rows, [70, 24])
    if data.trends:
        tr = data.trends
        series = [
            ("新收申请", tr["received"]),
            *((f"办理结果：{label}", values) for label, values in tr["replies"].items()),
            ("行政许可决定", tr["licensing"]),
            ("行政处罚决定", tr["penalty"]),
            ("按期发布年报的机关", tr["on_time"]),
            ("逾期发布年报的机关", tr["late"]),
            ("已发布、发布日期未知的机关", tr["unknown"]),
            ("未发布年报的机关", tr["missing"]),
            ("依申请按期答复率（%）", tr["reply_rate"]),
        ]
        sheet(
            "趋势",
            ["项目", *(f"{y}年" for y in tr["years"])],
            [[name, *("" if v is None else v for v in values)] for name, values in series],
            [24, *([10] * len(tr["years"]))],
        )
    book.close()
    return buffer.getvalue()
