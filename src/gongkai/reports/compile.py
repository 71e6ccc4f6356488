"""Compiling an agency's annual report in the 2021 format from what the other apps recorded.

`compile_tables` is a handful of aggregate queries (`sources`: documents, credit counts, section 三,
section 四, and the fee sum when a record set holds it): no loop over rows in Python. `year_facts` gathers what
the narrative draft states (timeliness, inspections, complaints…), a few more aggregates.
`engine_report` turns a stored report into the engine's `Report`, which checks and renders it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate

from gongkai.annual_report import FORMAT_2021, CheckResult, Report, check
from gongkai.annual_report.formats import ALL_ROW_CODES, SECTION4_GROUPS, SECTION_NUMERALS

from . import sources
from .choices import ReportStatus

if TYPE_CHECKING:
    from gongkai.orgs.models import Agency

    from .models import AnnualReport

NARRATIVE_SECTIONS = ("一", "五", "六")


@dataclass
class Compiled:
    """The tables, and where the fee amount came from (None: to be entered by the agency)."""

    tables: dict[str, Any]
    fees_source: str | None


def _fee(agency: Agency, year: int) -> tuple[Decimal | None, str | None]:
    from .models import FeeSource

    source = FeeSource.objects.filter(agency=agency).select_related("record_set").first()
    if source is None:
        return None, None
    total = sources.fee_total(agency, year, source)
    return total, f"数据集“{source.record_set.name}”字段 {source.amount_field} 的本年合计"


def compile_tables(agency: Agency, year: int) -> Compiled:
    """Sections 二, 三 and 四 from live data. Without a fee source, `fees` is None: the agency
    enters the amount with its source (`actions.set_fees`)."""
    documents = sources.section2_documents(agency, year)
    credit = sources.section2_credit(agency, year)
    fee, fee_source = _fee(agency, year)
    section2 = {
        "rules": documents["rules"],
        "normative_documents": documents["normative_documents"],
        "licensing": credit["licensing"],
        "penalty": credit["penalty"],
        "coercion": credit["coercion"],
        "fees": None if fee is None else _number(fee),
    }
    tables = {
        "section2": section2,
        "section3": sources.section3(agency, year),
        "section4": sources.section4(agency, year),
    }
    return Compiled(tables, fee_source)


def _number(amount: Decimal | int) -> int | float:
    """An amount as the engine's JSON holds it: an integer when whole, else a float."""
    amount = Decimal(str(amount))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def with_fees(tables: dict[str, Any], amount: Decimal | None) -> dict[str, Any]:
    """The tables with the fee amount entered by hand (when no record set holds it)."""
    section2 = dict(tables.get("section2") or {})
    if section2.get("fees") is None and amount is not None:
        section2["fees"] = _number(amount)
    return {**tables, "section2": section2}


def ordered(tables: dict[str, Any]) -> dict[str, Any]:
    """The tables with rows and items in the official order. PostgreSQL's jsonb does not keep the order
    of keys, and the engine reads the order of section 三's rows (S3-ROWS)."""

    def sort(table: dict[str, Any] | None, order: tuple[str, ...]) -> dict[str, Any] | None:
        if table is None:
            return None
        rank = {key: i for i, key in enumerate(order)}
        return dict(sorted(table.items(), key=lambda kv: rank.get(kv[0], len(rank))))

    return {
        **tables,
        "section2": sort(tables.get("section2"), FORMAT_2021.section2_keys),
        "section3": sort(tables.get("section3"), ALL_ROW_CODES),
        "section4": sort(tables.get("section4"), tuple(code for code, _ in SECTION4_GROUPS)),
    }


def engine_report(report: AnnualReport, *, published: dt.date | None = None) -> Report:
    """The stored report as the engine's model (schema gongkai.annual-report/1)."""
    tables = ordered(with_fees(report.tables, report.fees_amount))
    narrative = {k: v for k, v in (report.narrative or {}).items() if v and v.strip()}
    published = published or report.published_on
    return Report(
        format=FORMAT_2021.name,
        year=report.year,
        agency=report.agency.name,
        published=published.isoformat() if published else None,
        sections_present=list(SECTION_NUMERALS),
        section2=tables.get("section2"),
        section3=tables.get("section3"),
        section4=tables.get("section4"),
        narrative=narrative,
        title=f"{report.agency.name}{report.year}年政府信息公开工作年度报告",
    )


def stored(data: dict[str, Any]) -> Report:
    """A report kept as JSON (published or imported) back as the engine's model, rows in order."""
    return Report.from_json({**data, **ordered(data)})


def report_json(report: AnnualReport) -> dict[str, Any]:
    """The spec's JSON of a stored report (the published version once published)."""
    if report.status == ReportStatus.PUBLISHED and report.published_json:
        return stored(report.published_json).to_json()
    return engine_report(report).to_json()


def previous_report(agency: Agency, year: int) -> tuple[Report | None, str]:
    """Last year's report for the cross-year rules: the one published here, else a published one
    imported from a file, else last year's compiled draft. Returns (report, where it came from)."""
    from .choices import ImportState
    from .models import AnnualReport, ImportedReport

    compiled = AnnualReport.objects.filter(agency=agency, year=year - 1).select_related("agency").first()
    if compiled is not None and compiled.status == ReportStatus.PUBLISHED:
        return stored(report_json(compiled)), "本系统发布的上一年度报告"
    imported = (
        ImportedReport.objects.filter(agency=agency, year=year - 1, state=ImportState.DONE)
        .exclude(data=None)
        .order_by("-created_at")
        .first()
    )
    if imported is not None:
        return stored(imported.data), f"导入的上一年度报告（{imported.file_name}）"
    if compiled is not None and compiled.version:
        return engine_report(compiled), "本系统编制的上一年度报告（尚未发布）"
    return None, ""


def check_report(report: AnnualReport, *, published: dt.date | None = None) -> CheckResult:
    """Every rule of the spec, cross-year ones against last year's report; TX-PUB once published."""
    previous, _ = previous_report(report.agency, report.year)
    when = published or report.published_on
    return check(
        engine_report(report, published=when),
        previous,
        deadline_aware=when is not None,
        has_rule_power=report.agency.has_rule_power,
    )


def finding_key(finding: dict[str, Any]) -> str:
    """Identifies a warning for its acknowledgement: a changed value needs a new acknowledgement."""
    parts = (finding.get(k) for k in ("rule", "section", "row", "column", "expected", "actual"))
    return "|".join("" if p is None else str(p) for p in parts)


# --- Facts for the narrative draft -----------------------------------------------------------------


def year_facts(agency: Agency, year: int, tables: dict[str, Any]) -> dict[str, Any]:
    """What the year's records say beyond the tables: a few aggregates, JSON-able."""
    from gongkai.applications.choices import EventKind
    from gongkai.applications.models import CaseEvent
    from gongkai.complaints.report import complaint_counts
    from gongkai.core import review
    from gongkai.credit.metrics import monthly, totals
    from gongkai.publications.choices import Status as ItemStatus
    from gongkai.publications.models import Item

    from .models import Inspection, InspectionFinding

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    items = (
        Item.objects.filter(agency=agency, status__in=(ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN))
        .alias(published_on=TruncDate("published_at"))
        .filter(published_on__gte=start, published_on__lte=end)
        .aggregate(
            published=Count("pk"),
            late=Count("pk", filter=Q(imported=False, due_on__isnull=False, published_on__gt=F("due_on"))),
            imported=Count("pk", filter=Q(imported=True)),
        )
    )
    replies = CaseEvent.objects.filter(
        application__agency=agency, kind=EventKind.REPLIED, on__gte=start, on__lte=end
    ).aggregate(replied=Count("pk"), late=Count("pk", filter=Q(data__late=True)))
    fees = CaseEvent.objects.filter(
        application__agency=agency, kind=EventKind.FEE_PAID, on__gte=start, on__lte=end
    ).aggregate(count=Count("application", distinct=True), amount=Sum("application__fee_amount"))
    credit = totals(monthly([agency.pk], year))
    findings = InspectionFinding.objects.filter(
        inspection__agency=agency, inspection__inspected_on__gte=start, inspection__inspected_on__lte=end
    )
    inspections = Inspection.objects.filter(agency=agency, inspected_on__gte=start, inspected_on__lte=end)
    complaints = complaint_counts(agency, year)
    s3 = tables.get("section3") or {}
    return {
        "items_published": items["published"],
        "items_late": items["late"],
        "apps_replied": replies["replied"],
        "apps_late": replies["late"],
        "fee_cases": fees["count"] or 0,
        "fee_amount": int(fees["amount"] or 0),
        "credit_reported": credit.reported,
        "credit_late_pct": credit.late_pct,
        "credit_compliance_pct": credit.compliance_pct,
        "inspections": inspections.count(),
        "inspection_kinds": sorted(set(inspections.values_list("kind", flat=True))),
        "findings": findings.count(),
        "findings_rectified": findings.filter(status="rectified").count(),
        "complaints": complaints["received"],
        "complaints_closed": complaints["closed"] + complaints["rejected"],
        "review_steps": [s.name for s in review.steps_for(agency, "reports.annual")],
        "publication_steps": [s.name for s in review.steps_for(agency, "publications.item")],
        "received": (s3.get("R1") or [0])[-1],
    }
