"""Back-office pages of the annual report, mounted at staff/reports/."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from gongkai.annual_report import render as render_report
from gongkai.annual_report.formats import (
    COLUMN_LABELS,
    COLUMNS,
    FORMAT_2021,
    LEGAL_PERSON_COLUMNS,
    SECTION4_COLUMN_LABELS,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
)
from gongkai.annual_report.render import render_fragment, report_css
from gongkai.core import review
from gongkai.core.web import act_and_redirect, add_errors, error_text
from gongkai.orgs.permissions import get_visible_or_404, has_perm, require, scope_queryset, visible_agencies

from . import actions, diff, sources
from . import compile as compiler
from . import supervision as overview_data
from .choices import (
    EDITABLE,
    REVIEW_KIND,
    TREND_YEARS,
    FindingStatus,
    ImportState,
    ReportStatus,
)
from .forms import (
    CompileForm,
    FeesForm,
    FeeSourceForm,
    ImportForm,
    InspectionForm,
    NarrativeForm,
    RectifyForm,
    ReviewForm,
)
from .models import (
    AnnualReport,
    FeeSource,
    ImportedReport,
    Inspection,
    InspectionFinding,
    Reminder,
)

SIX_ITEMS = (
    "信息处理费的收取情况（国办函〔2020〕109号）",
    "落实上级年度政务公开工作要点的情况",
    "人大代表建议和政协提案办理结果公开情况",
    "政务公开工作创新情况；没有的写“无”",
)


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    return get_visible_or_404(
        AnnualReport.objects.select_related("agency", "compiled_by"), request.user, pk=pk
    )


# --- The agency's reports ----------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    if agency is None:
        raise Http404("未归属机关的账户没有年度报告")
    reports = AnnualReport.objects.filter(agency=agency).order_by("-year")
    reminders = Reminder.objects.filter(recipient=request.user, read=False).select_related("agency")[:20]
    children = visible_agencies(request.user).exclude(pk=agency.pk).exists()
    context = {
        "agency": agency,
        "reports": reports,
        "form": CompileForm(),
        "can_compile": has_perm(request.user, "reports.compile", agency),
        "can_configure": has_perm(request.user, "reports.configure", agency),
        "can_configure_review": has_perm(request.user, "core.configure_review", agency),
        "reminders": reminders,
        "supervises": children,
        "queue": review.pending_for(request.user, REVIEW_KIND),
        "open_findings": InspectionFinding.objects.filter(
            inspection__agency=agency, status=FindingStatus.OPEN
        ).count(),
    }
    return render(request, "reports/index.html", context)


@login_required
@require_POST
def compile_new(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    form = CompileForm(request.POST)
    if agency is None or not form.is_valid():
        messages.error(request, "请选择报告年度")
        return redirect("reports:index")
    try:
        outcome = actions.compile_report(agency, form.cleaned_data["year"], acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("reports:index")
    messages.success(request, f"已编制 {outcome.report.year} 年度报告（第 {outcome.report.version} 版）")
    return redirect(outcome.report)


@login_required
@require_POST
def recompile(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        outcome = actions.compile_report(report.agency, report.year, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(report)
    if outcome.changes:
        lines = "；".join(diff.describe(c) for c in outcome.changes[:10])
        more = f"等 {len(outcome.changes)} 项" if len(outcome.changes) > 10 else ""
        messages.warning(request, f"重新编制为第 {outcome.report.version} 版，数据有变化：{lines}{more}")
    elif outcome.new_version:
        messages.success(request, f"重新编制为第 {outcome.report.version} 版")
    else:
        messages.success(request, "已重新编制：统计数据没有变化")
    return redirect(report)


def _section2_rows(tables: dict, report_pk: int, links: bool) -> list[dict]:
    rows = []
    section2 = tables.get("section2") or {}
    for item in FORMAT_2021.section2:
        value = section2.get(item.key)
        columns = ("value",) if item.is_scalar else sources.DOC_COLUMNS
        values = [value] if item.is_scalar else (value or [None] * 3)
        rows.append(
            {
                "article": item.article,
                "label": item.label,
                "headers": [item.value_label] if item.is_scalar else list(item.columns),
                "cells": [
                    {"value": v, "query": sources.Cell("二", item.key, c).as_query() if links else ""}
                    for v, c in zip(values, columns, strict=True)
                ],
            }
        )
    return rows


def _tables_context(report: AnnualReport, tables: dict, links: bool = True) -> dict:
    section3 = tables.get("section3") or {}
    section4 = tables.get("section4") or {}
    return {
        "section2_rows": _section2_rows(tables, report.pk, links),
        "section3_rows": [
            {
                "code": row.code,
                "label": row.full_label,
                "cells": [
                    {"value": v, "query": sources.Cell("三", row.code, c).as_query() if links else ""}
                    for v, c in zip(section3.get(row.code) or [None] * 7, COLUMNS, strict=True)
                ],
            }
            for row in FORMAT_2021.section3_rows
        ],
        "section3_columns": [COLUMN_LABELS[c] for c in COLUMNS],
        "legal_person_columns": [COLUMN_LABELS[c] for c in LEGAL_PERSON_COLUMNS],
        "section4_rows": [
            {
                "label": label,
                "cells": [
                    {"value": v, "query": sources.Cell("四", code, c).as_query() if links else ""}
                    for v, c in zip(section4.get(code) or [None] * 5, SECTION4_COLUMNS, strict=True)
                ],
            }
            for code, label in SECTION4_GROUPS
        ],
        "section4_columns": [SECTION4_COLUMN_LABELS[c] for c in SECTION4_COLUMNS],
    }


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    user, agency = request.user, report.agency
    latest = review.current_round(report)
    editable = report.status in EDITABLE
    can_compile = has_perm(user, "reports.compile", agency)
    acknowledged = {a["key"]: a for a in report.acknowledged or []}
    findings = [
        {**f, "key": compiler.finding_key(f), "ack": acknowledged.get(compiler.finding_key(f))}
        for f in sorted(report.findings, key=lambda f: f["severity"] != "error")
    ]
    tables = compiler.with_fees(report.tables, report.fees_amount)
    fee_from_set = (report.tables.get("section2") or {}).get("fees") is not None
    _, previous_source = compiler.previous_report(agency, report.year)
    context = {
        "report": report,
        "findings": findings,
        "blockers": actions.submission_blockers(report) if editable else [],
        "editable": editable,
        "can_compile": can_compile and editable,
        "can_submit": can_compile and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED),
        "can_publish": report.status == ReportStatus.APPROVED and has_perm(user, "reports.publish", agency),
        "can_decide": report.status == ReportStatus.IN_REVIEW and review.can_decide(user, latest),
        "round": latest,
        "rounds": review.history([report]).order_by("-number"),
        "review_form": ReviewForm(),
        "fees_form": FeesForm(
            initial={"amount": report.fees_amount, "source": report.fees_source}
            if report.fees_amount is not None
            else None
        ),
        "fee_from_set": fee_from_set,
        "versions": report.versions.select_related("created_by")[:20],
        "previous_source": previous_source,
        "narrative": [(n, (report.narrative or {}).get(n, "")) for n in compiler.NARRATIVE_SECTIONS],
        "today": timezone.localdate(),
        **_tables_context(report, tables),
    }
    if context["can_decide"]:
        context["review_blockers"] = review.blockers(report, latest)
    return render(request, "reports/detail.html", context)


@login_required
def narrative(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if not has_perm(request.user, "reports.compile", report.agency):
        raise PermissionDenied
    if report.status not in EDITABLE:
        messages.error(request, "已发布的年度报告不能修改")
        return redirect(report)
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                report = actions.save_narrative(report, acting_user=request.user, narrative=form.narrative())
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                if report.errors:
                    messages.error(request, f"已保存。检查发现 {report.errors} 个错误，须改正后才能送审")
                else:
                    messages.success(request, "已保存")
                return redirect(report)
    else:
        form = NarrativeForm(initial=NarrativeForm.initial_from(report.narrative))
    previous, previous_source = compiler.previous_report(report.agency, report.year)
    context = {
        "report": report,
        "form": form,
        "previous_five": (previous.narrative.get("五") if previous else "") or "",
        "previous_source": previous_source,
        "six_items": SIX_ITEMS,
        "facts": report.facts,
    }
    return render(request, "reports/narrative.html", context)


@login_required
@require_POST
def redraft(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        actions.redraft(report, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(report)
    messages.success(request, "已按本年数据重新生成正文草稿")
    return redirect("reports:narrative", report.pk)


@login_required
@require_POST
def fees(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require(request.user, "reports.compile", report.agency)
    form = FeesForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label if field in form.fields else ''}：{'；'.join(errors)}"
            )
        return redirect(report)
    return act_and_redirect(
        request,
        report,
        actions.set_fees,
        report,
        "已保存行政事业性收费金额",
        amount=form.cleaned_data["amount"],
        source=form.cleaned_data["source"],
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    keys = request.POST.getlist("key")
    note = request.POST.get("note", "")
    return act_and_redirect(
        request, report, actions.acknowledge, report, "已确认所选警告", keys=keys, note=note
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return act_and_redirect(request, report, actions.submit_report, report, "已送审")


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    require(request.user, "core.review", report.agency)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写审核意见")
        return redirect(report)
    approve = request.POST.get("decision") == "approve"
    return act_and_redirect(
        request,
        report,
        actions.review_report,
        report,
        "已审核通过" if approve else "已退回",
        approve=approve,
        opinion=form.cleaned_data["opinion"],
    )


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return act_and_redirect(request, report, actions.publish_report, report, "已发布到政府信息公开年报栏目")


@login_required
def cell(request: HttpRequest, pk: int) -> HttpResponse:
    """The records behind one number of the report (the live data, with the same conditions)."""
    report = _report(request, pk)
    target = sources.parse_cell(
        request.GET.get("s", ""), request.GET.get("row", ""), request.GET.get("col", "")
    )
    if target is None:
        raise Http404("统计项不存在")
    tables = compiler.with_fees(report.tables, report.fees_amount)
    shown = sources.value(tables, target)
    source = FeeSource.objects.filter(agency=report.agency).first()
    qs = sources.records(report.agency, report.year, target, fee_source=source)
    kind = ""
    page = None
    live = None
    if qs is not None:
        kind = qs.model._meta.label
        order = {
            "publications.Item": ("-published_at", "-pk"),
            "credit.CreditRecord": ("decision_date", "pk"),
            "applications.Application": ("received_on", "pk"),
            "appeals.Appeal": ("filed_on", "pk"),
        }[kind]
        live = qs.count()
        page = Paginator(qs.order_by(*order), 50).get_page(request.GET.get("page"))
    rule = ""
    if kind == "credit.CreditRecord":
        from gongkai.credit.actions import name_mask_for
        from gongkai.credit.masking import display_name

        rule = name_mask_for(report.agency)
        for rec in page.object_list if page else []:
            rec.shown_name = display_name(rec, rule)
    context = {
        "report": report,
        "cell": target,
        "shown": shown,
        "live": live,
        "page": page,
        "kind": kind,
        "fee_source": report.fees_source,
        "query": target.as_query(),
    }
    return render(request, "reports/cell.html", context)


@login_required
@require_safe
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """What the report would show if compiled now (nothing is saved)."""
    report = _report(request, pk)
    live = compiler.compile_tables(report.agency, report.year)
    changes = diff.changes(report.tables or {}, live.tables) if report.version else []
    return render(request, "reports/compare.html", {"report": report, "changes": changes})


@login_required
@require_safe
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    engine = compiler.engine_report(report)
    return render(
        request,
        "reports/preview.html",
        {"report": report, "fragment": render_fragment(engine), "report_css": report_css()},
    )


@login_required
@require_safe
def report_json(request: HttpRequest, pk: int) -> JsonResponse:
    report = _report(request, pk)
    return JsonResponse(compiler.report_json(report), json_dumps_params={"ensure_ascii": False, "indent": 2})


@login_required
@require_safe
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    return _file_response(report, fmt, staff=True)


_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _file_response(report: AnnualReport, fmt: str, *, staff: bool) -> HttpResponse:
    if fmt not in _TYPES:
        raise Http404("不支持的格式")
    if report.status == ReportStatus.PUBLISHED:
        path = Path(settings.MEDIA_ROOT) / (report.docx_path if fmt == "docx" else report.pdf_path)
        if not path.is_file():
            raise Http404("文件不存在")
        response: HttpResponse = FileResponse(open(path, "rb"), content_type=_TYPES[fmt])  # noqa: SIM115
    elif staff:
        response = HttpResponse(render_report(compiler.engine_report(report), fmt), content_type=_TYPES[fmt])
    else:
        raise Http404("报告尚未发布")
    name = f"{report.agency.name}{report.year}年政府信息公开工作年度报告.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


# --- Reminders and settings ---------------------------------------------------------------------------


@login_required
@require_POST
def reminders_read(request: HttpRequest) -> HttpResponse:
    actions.mark_reminders_read(acting_user=request.user)
    return redirect("reports:index")


@login_required
def fee_source(request: HttpRequest) -> HttpResponse:
    from gongkai.credit.models import RecordSet

    agency = request.user.agency
    if agency is None or not has_perm(request.user, "reports.configure", agency):
        raise PermissionDenied
    sets = RecordSet.objects.filter(agency=agency).order_by("name")
    current = FeeSource.objects.filter(agency=agency).first()
    if request.method == "POST":
        form = FeeSourceForm(request.POST, sets=sets)
        if form.is_valid():
            chosen = (
                sets.filter(pk=form.cleaned_data["record_set"]).first()
                if form.cleaned_data["record_set"]
                else None
            )
            try:
                actions.set_fee_source(
                    agency,
                    acting_user=request.user,
                    record_set=chosen,
                    amount_field=form.cleaned_data["amount_field"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "已保存行政事业性收费的数据来源")
                return redirect("reports:index")
    else:
        initial = (
            {"record_set": str(current.record_set_id), "amount_field": current.amount_field}
            if current
            else None
        )
        form = FeeSourceForm(initial=initial, sets=sets)
    return render(request, "reports/fee_source.html", {"form": form, "current": current})


# --- Supervision ---------------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    default = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2008 <= year <= timezone.localdate().year else default


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    if request.user.agency is None:
        raise Http404
    year = _year(request)
    data = overview_data.overview(request.user, year)
    chart = {
        "years": data.trends["years"],
        "replies": data.trends["replies"],
        "licensing": data.trends["licensing"],
        "penalty": data.trends["penalty"],
        "on_time": data.trends["on_time"],
        "late": data.trends["late"],
        "unknown": data.trends["unknown"],
        "missing": data.trends["missing"],
        "reply_rate": data.trends["reply_rate"],
    }
    context = {
        "data": data,
        "year": year,
        "years": list(range(timezone.localdate().year, 2018, -1)),
        "chart": chart,
        "trend_rows": _trend_rows(data.trends),
        "can_export": has_perm(request.user, "reports.export", request.user.agency),
        "can_import": has_perm(request.user, "reports.import", request.user.agency),
        "trend_span": TREND_YEARS,
        **_totals_context(data.totals),
    }
    return render(request, "reports/supervision.html", context)


def _trend_rows(trends: dict) -> list[tuple[str, list]]:
    return [
        ("新收申请", trends["received"]),
        *((f"办理结果：{label}", values) for label, values in trends["replies"].items()),
        ("行政许可决定", trends["licensing"]),
        ("行政处罚决定", trends["penalty"]),
        ("按期发布年报的机关", trends["on_time"]),
        ("逾期发布年报的机关", trends["late"]),
        ("已发布、发布日期未知的机关", trends["unknown"]),
        ("未发布年报的机关", trends["missing"]),
        ("依申请按期答复率（%）", trends["reply_rate"]),
    ]


def _totals_context(totals: dict) -> dict:
    fake = AnnualReport(pk=0)
    ctx = _tables_context(fake, totals, links=False)
    return {f"total_{k}": v for k, v in ctx.items()} | {"totals": totals}


@login_required
def supervision_export(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    if agency is None:
        raise Http404
    year = _year(request)
    data = overview_data.overview(request.user, year)
    actions.record_export(
        acting_user=request.user, agency=agency, what="supervision.xlsx", year=year, rows=len(data.rows)
    )
    response = HttpResponse(
        overview_data.to_xlsx(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{agency.short_name}{year}年度政府信息公开工作年度报告汇总.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


# --- Imported reports ---------------------------------------------------------------------------------


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    if agency is None:
        raise Http404
    agencies = visible_agencies(request.user).order_by("path")
    can_import = has_perm(request.user, "reports.import", agency)
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                files = [(f.name, f.read()) for f in data["files"]]
                created = actions.import_reports(
                    files,
                    acting_user=request.user,
                    agency=data["agency"],
                    external_name=data["external_name"],
                    external_level=data["external_level"],
                    external_government=data["external_government"],
                    year=data["year"],
                    published_on=data["published_on"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"已接收 {len(created)} 份报告，正在后台读取和检查")
                return redirect("reports:imports")
    else:
        form = ImportForm(agencies=agencies)
    qs = ImportedReport.objects.filter(owner__path__startswith=agency.path).select_related("agency", "owner")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "reports/imports.html", {"form": form, "page": page, "can_import": can_import})


@login_required
@require_safe
def imported_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = request.user.agency
    if agency is None:
        raise Http404
    item = get_visible_or_404(
        ImportedReport.objects.select_related("agency", "owner"), request.user, "owner", pk=pk
    )
    fragment = ""
    if item.state == ImportState.DONE and item.data:
        fragment = render_fragment(compiler.stored(item.data))
    return render(
        request,
        "reports/imported.html",
        {"item": item, "fragment": fragment, "report_css": report_css() if fragment else ""},
    )


# --- Inspections ---------------------------------------------------------------------------------------


@login_required
def inspections(request: HttpRequest) -> HttpResponse:
    user, agency = request.user, request.user.agency
    if agency is None:
        raise Http404
    subordinates = visible_agencies(user).exclude(pk=agency.pk).order_by("path")
    can_inspect = subordinates.exists() and has_perm(user, "reports.supervise", agency)
    form = InspectionForm(agencies=subordinates)
    if request.method == "POST":
        form = InspectionForm(request.POST, agencies=subordinates)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.record_inspection(
                    acting_user=user,
                    agency=data["agency"],
                    kind=data["kind"],
                    inspected_on=data["inspected_on"],
                    scope=data["scope"],
                    inspectors=data["inspectors"],
                    findings=form.finding_lines(),
                    due_on=data["due_on"],
                )
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    raise
                add_errors(form, exc)
            else:
                messages.success(request, "已登记检查")
                return redirect("reports:inspections")
    items = (
        scope_queryset(Inspection.objects.select_related("agency", "office", "created_by"), user)
        .prefetch_related("findings")
        .order_by("-inspected_on", "-pk")[:100]
    )
    open_findings = (
        scope_queryset(InspectionFinding.objects.all(), user, "inspection__agency")
        .filter(status=FindingStatus.OPEN)
        .select_related("inspection__agency", "inspection__office")
        .order_by("due_on", "inspection__inspected_on", "number")
    )
    for finding in open_findings:
        finding.can_rectify = has_perm(user, "reports.rectify", finding.inspection.agency)
        finding.overdue = finding.due_on is not None and finding.due_on < timezone.localdate()
    context = {
        "form": form,
        "can_inspect": can_inspect,
        "inspections": items,
        "open_findings": open_findings,
        "rectify_form": RectifyForm(initial={"rectified_on": timezone.localdate()}),
    }
    return render(request, "reports/inspections.html", context)


@login_required
@require_POST
def rectify(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_visible_or_404(
        InspectionFinding.objects.select_related("inspection__agency"),
        request.user,
        "inspection__agency",
        pk=pk,
    )
    require(request.user, "reports.rectify", finding.inspection.agency)
    form = RectifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写整改情况和整改完成日期")
        return redirect("reports:inspections")
    try:
        actions.rectify_finding(
            finding,
            acting_user=request.user,
            rectification=form.cleaned_data["rectification"],
            rectified_on=form.cleaned_data["rectified_on"],
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "已登记整改情况")
    return redirect("reports:inspections")


@login_required
def chain(request: HttpRequest) -> HttpResponse:
    """The agency's review chain for its annual report (a chain of its own, like publications')."""
    from gongkai.publications.forms import ChainForm

    agency = request.user.agency
    if agency is None:
        raise Http404
    require(request.user, "core.configure_review", agency)
    steps = review.steps_for(agency, REVIEW_KIND)
    form = ChainForm(request.POST or None, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            review.set_chain(agency, REVIEW_KIND, form.steps(), acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "审核流程已保存，新送审的年度报告按此流程审核。")
            return redirect("reports:chain")
    return render(request, "reports/chain.html", {"form": form, "steps": steps, "agency": agency})
