"""Every number of the compiled tables, counted in the database, and the records behind each one.

The conditions sit next to the aggregates: each count of section 二 (documents, credit decisions,
the fee sum), 三 and 四 is a filtered COUNT over the same `Q` that the drill-down lists
(`records(agency, year, cell)`). The conditions restate those of the source apps
(`publications.queries.section2_documents`, `credit.metrics.section2_counts`,
`applications.report.section3`, `appeals.report.section4`); a test compares the tables with those
functions, and every cell's list with its cell, on generated data. Counts name an indexed, non-null
column rather than the primary key, so PostgreSQL answers them with index-only scans (COUNT(id)
would read every row from the table: 3–4 × slower over a million credit records).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from gongkai.annual_report.formats import (
    COLUMN_LABELS,
    COLUMNS,
    FORMAT_2021,
    SECTION4_COLUMN_LABELS,
    SECTION4_COLUMNS,
    SECTION4_GROUP_LABELS,
)

SECTION2_DOC_KEYS = ("rules", "normative_documents")
SECTION2_CREDIT_KEYS = {"licensing": "xk", "penalty": "cf", "coercion": "qz"}
DOC_COLUMNS = ("issued", "repealed", "valid")
_ROWS = FORMAT_2021.row_codes


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


# --- Section 二: 规章 and 行政规范性文件 (the register) ------------------------------------------------


def _doc_kind(key: str) -> str:
    from gongkai.publications.choices import ItemKind

    return ItemKind.RULE if key == "rules" else ItemKind.NORMATIVE


def _documents(agency) -> QuerySet:  # an Agency or its id
    """Published documents of the agency. Withdrawn items (taken down as published in error) do not
    count, as in `publications.queries.section2_documents`."""
    from gongkai.publications.choices import Status
    from gongkai.publications.models import Item

    return Item.objects.filter(agency=agency, status=Status.PUBLISHED)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _issued_from(start: date) -> Q:
    """Issued on or after `start`: the 成文日期, else the 发布日期 as a local date. Compared with the
    local midnight as an instant, not through a per-row date conversion, so indexes can serve it."""
    return Q(written_on__gte=start) | Q(written_on__isnull=True, published_at__gte=_local_midnight(start))


def _issued_by(end: date) -> Q:
    """Issued on or before `end` (same reading of the dates)."""
    return Q(written_on__lte=end) | Q(
        written_on__isnull=True, published_at__lt=_local_midnight(end + timedelta(days=1))
    )


def _doc_condition(column: str, year: int) -> Q:
    from gongkai.publications.choices import Validity

    start, end = _year(year)
    ended = Q(validity__in=(Validity.EXPIRED, Validity.REPEALED), invalid_on__isnull=False)
    if column == "issued":
        return _issued_from(start) & _issued_by(end)
    if column == "repealed":
        return ended & Q(invalid_on__gte=start, invalid_on__lte=end)
    return _issued_by(end) & ~(ended & Q(invalid_on__lte=end))


def _documents_query(agency_id: int, year: int) -> QuerySet:
    kinds = [_doc_kind(key) for key in SECTION2_DOC_KEYS]
    return (
        _documents(agency_id)
        .filter(kind__in=kinds)
        .order_by()
        .values("kind")
        .annotate(**{column: Count("pk", filter=_doc_condition(column, year)) for column in DOC_COLUMNS})
    )


def section2_documents(agency, year: int) -> dict[str, list[int]]:
    """[本年制发, 本年废止, 现行有效] for 规章 and 行政规范性文件: one aggregate query, grouped by kind."""
    kinds = {_doc_kind(key): key for key in SECTION2_DOC_KEYS}
    found = {kinds[r["kind"]]: [r[c] for c in DOC_COLUMNS] for r in _aggregate("documents", agency, year)}
    return {key: found.get(key, [0, 0, 0]) for key in SECTION2_DOC_KEYS}


# --- Section 二: 行政事业性收费 from a record set -----------------------------------------------------


def _fee_records(agency, year: int, source) -> QuerySet:
    from gongkai.credit.models import CreditRecord

    start, end = _year(year)
    return CreditRecord.objects.filter(
        agency=agency, record_set_id=source.record_set_id, decision_date__gte=start, decision_date__lte=end
    )


def fee_total(agency, year: int, source) -> Decimal:
    """The year's amount (万元) summed in the database from the source's amount field."""
    amount = Cast(KT(f"data__{source.amount_field}"), DecimalField(max_digits=20, decimal_places=6))
    total = _fee_records(agency, year, source).aggregate(total=Sum(amount))["total"]
    return Decimal(str(total or 0)).quantize(Decimal("0.0001"))


# --- Drill-down ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One number of the tables: section 二/三/四, its row (item key or row code) and column."""

    section: str
    row: str
    column: str

    @property
    def label(self) -> str:
        return cell_label(self.section, self.row, self.column)

    def as_query(self) -> str:
        return f"s={self.section}&row={self.row}&col={self.column}"


def cell_label(section: str, row: str, column: str) -> str:
    """A cell in the report's own Chinese labels: 第三部分 （一）予以公开 · 自然人."""
    if section == "二":
        item = FORMAT_2021.section2_item(row)
        if item.is_scalar:
            return f"第二部分 {item.label} · {item.value_label}"
        return f"第二部分 {item.label} · {item.columns[DOC_COLUMNS.index(column)]}"
    if section == "三":
        return f"第三部分 {FORMAT_2021.row(row).full_label} · {COLUMN_LABELS[column]}"
    return f"第四部分 {SECTION4_GROUP_LABELS[row]} · {SECTION4_COLUMN_LABELS[column]}"


def all_cells() -> list[Cell]:
    """Every cell of a 2021-format report, in reading order."""
    cells: list[Cell] = []
    for item in FORMAT_2021.section2:
        columns = ("value",) if item.is_scalar else DOC_COLUMNS
        cells.extend(Cell("二", item.key, c) for c in columns)
    cells.extend(Cell("三", code, c) for code in FORMAT_2021.row_codes for c in COLUMNS)
    cells.extend(Cell("四", g, c) for g in SECTION4_GROUP_LABELS for c in SECTION4_COLUMNS)
    return cells


def parse_cell(section: str, row: str, column: str) -> Cell | None:
    """The cell named by a query string, or None when it does not exist."""
    cell = Cell(section, row, column)
    return cell if cell in set(all_cells()) else None


def _application_condition(code: str, year: int) -> Q:
    """The row conditions of `applications.report.section3` (its module docstring)."""
    start, end = _year(year)
    open_at = Q(closed_on__isnull=True)
    if code == "R1":
        return Q(received_on__gte=start, received_on__lte=end)
    if code == "R2":
        return Q(received_on__lt=start) & (open_at | Q(closed_on__gte=start))
    if code == "R4":
        return Q(received_on__lte=end) & (open_at | Q(closed_on__gt=end))
    closed = Q(closed_on__gte=start, closed_on__lte=end)
    return closed if code == "R3.7" else closed & Q(reply_row=code)


def _appeal_condition(column: str, year: int) -> Q:
    """The column conditions of `appeals.report.section4`: the result as known on 31 December."""
    _, end = _year(year)
    if column == "total":
        return Q()
    if column == "pending":
        return Q(decided_on__isnull=True) | Q(decided_on__gt=end)
    return Q(decided_on__lte=end, result=column)


def records(agency, year: int, cell: Cell, fee_source=None) -> QuerySet | None:
    """The records behind `cell` (None for an amount entered by hand)."""
    start, end = _year(year)
    if cell.section == "二":
        if cell.row in SECTION2_DOC_KEYS:
            return (
                _documents(agency).filter(kind=_doc_kind(cell.row)).filter(_doc_condition(cell.column, year))
            )
        if cell.row in SECTION2_CREDIT_KEYS:
            from gongkai.credit.models import CreditRecord

            return CreditRecord.objects.filter(
                agency=agency,
                record_set__key=SECTION2_CREDIT_KEYS[cell.row],
                decision_date__gte=start,
                decision_date__lte=end,
            )
        return _fee_records(agency, year, fee_source) if fee_source is not None else None
    if cell.section == "三":
        from gongkai.applications.models import Application

        qs = Application.objects.filter(agency=agency, received_on__isnull=False).filter(
            _application_condition(cell.row, year)
        )
        return qs if cell.column == "TOT" else qs.filter(applicant_type=cell.column)
    from gongkai.appeals.models import Appeal

    return Appeal.objects.filter(agency=agency, kind=cell.row, filed_on__gte=start, filed_on__lte=end).filter(
        _appeal_condition(cell.column, year)
    )


# --- The counts of sections 二 (credit), 三 and 四 --------------------------------------------------


def section2_credit(agency, year: int) -> dict[str, int]:
    """行政许可 / 行政处罚 / 行政强制 decisions dated in the year (the built-in sets): one grouped count
    over the (agency, set, decision date) index."""
    from gongkai.credit.models import CreditRecord, RecordSet

    start, end = _year(year)
    keys = dict(RecordSet.objects.filter(key__in=SECTION2_CREDIT_KEYS.values()).values_list("pk", "key"))
    rows = (
        CreditRecord.objects.filter(
            agency=agency, record_set_id__in=list(keys), decision_date__gte=start, decision_date__lte=end
        )
        .order_by()
        .values_list("record_set_id")
        .annotate(n=Count("decision_date"))
    )
    found = {keys[set_id]: n for set_id, n in rows}
    return {item: found.get(key, 0) for item, key in SECTION2_CREDIT_KEYS.items()}


def _section3_query(agency_id: int, year: int) -> QuerySet:
    from gongkai.applications.models import Application

    start, end = _year(year)
    return (
        Application.objects.filter(agency=agency_id, received_on__isnull=False, received_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .order_by()
        .values("applicant_type")
        .annotate(
            **{
                f"c{i}": Count("received_on", filter=_application_condition(c, year))
                for i, c in enumerate(_ROWS)
            }
        )
    )


def section3(agency, year: int) -> dict[str, list[int]]:
    """{row code: [NP, CE, RI, SW, LS, OT, TOT]} in the 2021 format: one grouped query over the
    applications' report index (agency, received_on, closed_on, applicant_type, reply_row)."""
    by_type = {g["applicant_type"]: g for g in _aggregate("section3", agency, year)}
    types = [c for c in COLUMNS if c != "TOT"]
    result = {}
    for i, code in enumerate(_ROWS):
        row = [by_type[t][f"c{i}"] if t in by_type else 0 for t in types]
        result[code] = [*row, sum(row)]
    return result


def _section4_query(agency_id: int, year: int) -> QuerySet:
    from gongkai.appeals.models import Appeal

    start, end = _year(year)
    return (
        Appeal.objects.filter(agency=agency_id, filed_on__gte=start, filed_on__lte=end)
        .order_by()
        .values("kind")
        .annotate(**{c: Count("filed_on", filter=_appeal_condition(c, year)) for c in SECTION4_COLUMNS})
    )


def section4(agency, year: int) -> dict[str, list[int]]:
    """{"RV"|"LD"|"LR": [维持, 纠正, 其他, 尚未审结, 总计]}: appeals filed in the year, by result at its end."""
    found = {r["kind"]: r for r in _aggregate("section4", agency, year)}
    return {
        code: [found[code][c] if code in found else 0 for c in SECTION4_COLUMNS]
        for code in SECTION4_GROUP_LABELS
    }


# The ORM builds a 25-count query in several milliseconds, more than PostgreSQL takes to answer it for a
# small agency: each aggregate's SQL is built once per year and database, with a placeholder for the
# agency, then run for any agency. The SQL is the ORM's own; only its construction is reused.
_QUERIES = {"documents": _documents_query, "section3": _section3_query, "section4": _section4_query}
_PLACEHOLDER = 9_007_199_254_740_881  # an agency id no row has


@lru_cache(maxsize=256)
def _compiled(
    name: str, year: int, alias: str, vendor: str
) -> tuple[str, tuple[Any, ...], int, tuple[str, ...]]:
    query = _QUERIES[name](_PLACEHOLDER, year).query
    sql, params = query.get_compiler(using=alias).as_sql()
    slots = [i for i, p in enumerate(params) if isinstance(p, int) and p == _PLACEHOLDER]
    if len(slots) != 1:
        raise RuntimeError(f"{name}: the agency must appear once in the query")
    return sql, tuple(params), slots[0], (*query.values_select, *query.annotation_select)


def _aggregate(name: str, agency, year: int) -> list[dict[str, Any]]:
    sql, params, slot, columns = _compiled(name, year, connection.alias, connection.vendor)
    values = list(params)
    values[slot] = agency if isinstance(agency, int) else agency.pk
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def value(tables: dict[str, Any], cell: Cell) -> Any:
    """The number a stored report shows in `cell`."""
    if cell.section == "二":
        v = (tables.get("section2") or {}).get(cell.row)
        return v[DOC_COLUMNS.index(cell.column)] if isinstance(v, list) else v
    if cell.section == "三":
        row = (tables.get("section3") or {}).get(cell.row)
        return None if row is None else row[COLUMNS.index(cell.column)]
    row = (tables.get("section4") or {}).get(cell.row)
    return None if row is None else row[SECTION4_COLUMNS.index(cell.column)]
