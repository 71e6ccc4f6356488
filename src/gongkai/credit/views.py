"""Back-office pages of 双公示 and other credit record sets: import, records, quality, sets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from gongkai.core import jobs
from gongkai.core.validators import mask_id_number
from gongkai.orgs.permissions import get_visible_or_404, has_perm, require, scope_queryset, visible_agencies

from . import actions, export, metrics, progress
from .choices import FINISHED_STATES, JobState, SetKind, Status
from .forms import ImportForm, MappingForm, RepairForm, SetForm, SettingsForm, WithdrawForm, sets_for
from .masking import display_name
from .models import CreditRecord, ImportJob, RecordSet
from .schema import rules


def _messages_of(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _agency(request: HttpRequest):
    if request.user.agency is None:
        raise Http404("未归属机关的账户没有双公示数据")
    return request.user.agency


@login_required
def index(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    sets = []
    for record_set in sets_for(agency):
        qs = CreditRecord.objects.filter(agency=agency, record_set=record_set)
        sets.append(
            {
                "set": record_set,
                "total": qs.count(),
                "published": qs.filter(status=Status.PUBLISHED).count(),
                "pending": qs.filter(is_valid=False).count(),
            }
        )
    context = {
        "agency": agency,
        "sets": sets,
        "jobs": ImportJob.objects.filter(agency=agency).select_related("record_set", "created_by")[:10],
        "can_import": has_perm(request.user, "credit.import", agency),
        "can_define": has_perm(request.user, "credit.define_sets", agency),
        "can_settings": has_perm(request.user, "credit.settings", agency),
        "can_export": has_perm(request.user, "credit.export", agency),
        "year": timezone.localdate().year,
    }
    return render(request, "credit/index.html", context)


# --- Import ------------------------------------------------------------------------------------


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    require(request.user, "credit.import", agency)
    form = ImportForm(request.POST or None, request.FILES or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = actions.create_import_job(
                acting_user=request.user,
                agency=agency,
                record_set=form.cleaned_data["record_set"],
                file_name=upload.name,
                source=upload,
                good_rows=form.cleaned_data["good_rows"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
        else:
            _start(request, job)
            return redirect("credit:job", pk=job.pk)
    return render(request, "credit/import.html", {"form": form, "agency": agency})


def _start(request: HttpRequest, job: ImportJob) -> None:
    """Small files are imported at once; large ones go to the background worker."""
    if job.file_size <= rules()["import_inline_max_bytes"]:
        actions.run_import(job, acting_user=request.user)
    else:
        jobs.enqueue("gongkai.credit.jobs.run_import_job", job.pk)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_visible_or_404(
        ImportJob.objects.select_related("agency", "record_set", "created_by"), request.user, pk=pk
    )


def _job_progress(job: ImportJob) -> dict:
    data = progress.read(job.pk) if job.state in (JobState.QUEUED, JobState.RUNNING) else None
    interrupted = job.state == JobState.RUNNING and (data is None or data["stale"])
    return {
        "state": job.state,
        "label": "已中断（未写入任何记录）" if interrupted else job.get_state_display(),
        "finished": job.state in FINISHED_STATES or job.state == JobState.NEEDS_MAPPING,
        "interrupted": interrupted,
        "rows": (data or {}).get("rows", job.total_rows),
        "percent": round(100 * (data or {}).get("fraction", 1.0 if job.state in FINISHED_STATES else 0.0)),
        "phase": (data or {}).get("phase", ""),
    }


@login_required
@require_safe
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    state = _job_progress(job)
    mapping_form = None
    if job.state == JobState.NEEDS_MAPPING and job.unknown_headers:
        mapping_form = MappingForm(headers=job.unknown_headers, schema=job.record_set.schema())
    context = {
        "job": job,
        "progress": state,
        "mapping_form": mapping_form,
        "can_import": has_perm(request.user, "credit.import", job.agency),
        "refresh": not state["finished"] and not state["interrupted"],
    }
    return render(request, "credit/job.html", context)


@login_required
@require_safe
def job_progress(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(_job_progress(_job(request, pk)))


@login_required
@require_safe
def job_report(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if not job.error_report:
        raise Http404("该任务没有错误报告")
    path = Path(settings.MEDIA_ROOT) / job.error_report
    if not path.exists():
        raise Http404("错误报告已被清理")
    actions.record_report_download(job, acting_user=request.user)
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=f"错误报告-{job.pk}-{Path(job.file_name).stem}.xlsx"
    )


@login_required
@require_POST
def job_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    require(request.user, "credit.import", job.agency)
    form = MappingForm(request.POST, headers=job.unknown_headers, schema=job.record_set.schema())
    if form.is_valid():
        try:
            actions.save_mapping(
                acting_user=request.user, agency=job.agency, record_set=job.record_set, mapping=form.mapping()
            )
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
            return redirect("credit:job", pk=job.pk)
        new = actions.rerun_import(job, acting_user=request.user)
        messages.success(request, "表头对应已保存，以后导入同样的表头将自动识别。")
        _start(request, new)
        return redirect("credit:job", pk=new.pk)
    messages.error(request, "表头对应有误")
    return redirect("credit:job", pk=job.pk)


@login_required
@require_POST
def job_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    new = actions.rerun_import(job, acting_user=request.user)
    _start(request, new)
    return redirect("credit:job", pk=new.pk)


# --- Records -----------------------------------------------------------------------------------


def _month(value: str) -> int | None:
    try:
        year, month = (int(p) for p in value.split("-"))
    except ValueError:
        return None
    return year * 100 + month if 2000 <= year <= 2100 and 1 <= month <= 12 else None


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    qs = scope_queryset(CreditRecord.objects.select_related("agency", "record_set"), request.user)
    get = request.GET
    filters: dict[str, str] = {}
    if get.get("agency", "").isdigit():
        qs = qs.filter(agency_id=int(get["agency"]))
        filters["agency"] = get["agency"]
    if get.get("set", "").isdigit():
        qs = qs.filter(record_set_id=int(get["set"]))
        filters["set"] = get["set"]
    if get.get("status") in Status.values:
        qs = qs.filter(status=get["status"])
        filters["status"] = get["status"]
    month = _month(get.get("month", ""))
    if month:
        qs = qs.filter(report_month=month)
        filters["month"] = get["month"]
    if get.get("late") == "1":
        qs = qs.filter(is_late=True)
        filters["late"] = "1"
    if get.get("invalid") == "1":
        qs = qs.filter(is_valid=False)
        filters["invalid"] = "1"
    q = get.get("q", "").strip()[:100]
    if q:
        from .search import normalize_doc_no

        qs = (
            qs.filter(doc_no__startswith=normalize_doc_no(q))
            | qs.filter(subject_name__startswith=q)
            | qs.filter(subject_code=q.upper())
        )
        filters["q"] = q
    page = Paginator(qs.order_by("-pk"), 30).get_page(get.get("page"))
    mask = actions.name_mask_for(request.user.agency) if request.user.agency else "keep_surname"
    for rec in page:
        rec.shown_name = display_name(rec, mask)
    context = {
        "page": page,
        "filters": filters,
        "query": "&".join(f"{k}={v}" for k, v in filters.items()),
        "sets": sets_for(request.user.agency),
        "statuses": Status.choices,
        "agencies": visible_agencies(request.user),
    }
    return render(request, "credit/records.html", context)


def _record(request: HttpRequest, pk: int) -> CreditRecord:
    return get_visible_or_404(
        CreditRecord.objects.select_related("agency", "record_set", "import_job"), request.user, pk=pk
    )


@login_required
@require_safe
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    schema = rec.record_set.schema()
    rows = []
    for f in schema.fields:
        value = rec.data.get(f.code, "")
        if value and f.type == "id_number":
            value = mask_id_number(str(value))  # never shown in full, not even to staff
        rows.append((f, value))
    problems = [
        {
            "field": schema.by_code[p[0]].name if p[0] in schema.by_code else p[0],
            "value": p[1],
            "reason": p[2],
        }
        for p in rec.problems
    ]
    for p in problems:
        f = next((f for f in schema.fields if f.name == p["field"]), None)
        if f is not None and f.pii and p["value"]:
            p["value"] = mask_id_number(str(p["value"]))
    can_manage = has_perm(request.user, "credit.manage", rec.agency) and rec.kind == SetKind.PENALTY
    context = {
        "rec": rec,
        "rows": rows,
        "problems": problems,
        "can_withdraw": can_manage and rec.status != Status.WITHDRAWN,
        "can_repair": can_manage and rec.status == Status.PUBLISHED,
        "withdraw_form": WithdrawForm(initial={"changed_on": timezone.localdate()}),
        "repair_form": RepairForm(),
        "today": timezone.localdate(),
    }
    return render(request, "credit/record.html", context)


@login_required
@require_POST
def record_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    require(request.user, "credit.manage", rec.agency)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            actions.withdraw_record(rec, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(request, "已撤回，公示页面已不再显示该处罚决定，并公开撤回理由。")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("credit:record", pk=rec.pk)


@login_required
@require_POST
def record_repair(request: HttpRequest, pk: int) -> HttpResponse:
    rec = _record(request, pk)
    require(request.user, "credit.manage", rec.agency)
    form = RepairForm(request.POST)
    if form.is_valid():
        try:
            actions.repair_record(rec, acting_user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(request, "已登记信用修复，停止公示。")
    else:
        messages.error(request, "请填写信用修复记录")
    return redirect("credit:record", pk=rec.pk)


# --- Export ------------------------------------------------------------------------------------


@login_required
def export_records(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    require(request.user, "credit.export", agency)
    try:
        record_set = sets_for(agency).get(pk=int(request.GET.get("set", "0")))
    except (RecordSet.DoesNotExist, ValueError):
        raise Http404("没有该数据集") from None
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    qs = export.queryset_for(agency, record_set, year)
    actions.record_export(
        acting_user=request.user,
        agency=agency,
        record_set=record_set,
        fmt=fmt,
        count=qs.count(),
        filters={"year": year},
    )
    name = f"{agency.short_name}-{record_set.name}{f'-{year}' if year else ''}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            export.csv_chunks(qs, record_set), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}.csv"
        return response
    return FileResponse(export.xlsx_file(qs, record_set), as_attachment=True, filename=f"{name}.xlsx")


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


# --- Quality -----------------------------------------------------------------------------------


@login_required
def quality(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    agencies = list(visible_agencies(request.user))
    chosen = [a for a in agencies if str(a.pk) == request.GET.get("agency")] or agencies
    months = metrics.monthly([a.pk for a in chosen], year)
    names = {a.pk: a.short_name for a in agencies}
    by_agency: dict[int, list] = {}
    for m in months:
        m.agency_name = names.get(m.agency_id, "")
        by_agency.setdefault(m.agency_id, []).append(m)
    summary = [(names[a], metrics.totals(ms)) for a, ms in by_agency.items()]
    per_month: dict[int, list[int]] = {}
    for m in months:
        row = per_month.setdefault(m.month, [0, 0, 0])
        row[0] += m.reported
        row[1] += m.late
        row[2] += m.valid
    chart = {
        "months": [f"{k % 100}月" for k in sorted(per_month)],
        "reported": [per_month[k][0] for k in sorted(per_month)],
        "late_rate": [round(100 * per_month[k][1] / per_month[k][0], 2) for k in sorted(per_month)],
        "compliance": [round(100 * per_month[k][2] / per_month[k][0], 2) for k in sorted(per_month)],
        "links": [f"{k // 100}-{k % 100:02d}" for k in sorted(per_month)],
        "records_url": reverse("credit:records"),
    }
    counts = {a.pk: metrics.section2_counts(a, year) for a in chosen}
    context = {
        "year": year,
        "years": list(range(today.year, today.year - 6, -1)),
        "agencies": agencies,
        "agency_id": request.GET.get("agency", ""),
        "months": months,
        "names": names,
        "summary": summary,
        "total": metrics.totals(months),
        "chart": chart,
        "section2": [(names[a], c) for a, c in counts.items()],
        "limit": rules()["report_within_workdays"],
    }
    return render(request, "credit/quality.html", context)


# --- Agency-defined sets and settings --------------------------------------------------------------


@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    context = {
        "sets": sets_for(agency),
        "can_define": has_perm(request.user, "credit.define_sets", agency),
    }
    return render(request, "credit/sets.html", context)


@login_required
def set_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agency = _agency(request)
    require(request.user, "credit.define_sets", agency)
    record_set = None
    if pk is not None:
        record_set = get_visible_or_404(RecordSet.objects.filter(agency__isnull=False), request.user, pk=pk)
        require(request.user, "credit.define_sets", record_set.agency)
    initial = SetForm.initial_for(record_set) if record_set else None
    form = SetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if record_set is None:
                record_set = actions.define_set(
                    acting_user=request.user,
                    agency=agency,
                    name=data["name"],
                    fields=data["fields_text"],
                    roles=form.roles(),
                    description=data["description"],
                )
            else:
                actions.update_set(
                    record_set,
                    acting_user=request.user,
                    name=data["name"],
                    fields=data["fields_text"],
                    roles=form.roles(),
                    description=data["description"],
                )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"数据集“{record_set.name}”已保存。")
            return redirect("credit:sets")
    return render(request, "credit/set_form.html", {"form": form, "record_set": record_set})


@login_required
def credit_settings(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    require(request.user, "credit.settings", agency)
    form = SettingsForm(request.POST or None, initial={"name_mask": actions.name_mask_for(agency)})
    if request.method == "POST" and form.is_valid():
        actions.set_name_mask(agency, form.cleaned_data["name_mask"], acting_user=request.user)
        messages.success(request, "双公示设置已保存。")
        return redirect("credit:index")
    examples = [("张三", "张三丰", "欧阳娜娜")]
    return render(
        request, "credit/settings.html", {"form": form, "examples": examples, "today": date.today()}
    )
