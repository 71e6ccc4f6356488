"""`/api/v1`: the staff API (per-user tokens) and the public API (rate-limited), one NinjaAPI.

Every state change goes through the same `actions.py` function as the web pages, with the
token's user as `acting_user`, so permissions, scoping and audit are those of the UI. Objects
outside the user's agency subtree are 404; visible but not allowed is 403. Every error is JSON
with a Chinese `detail`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, NinjaAPI, Path, Query, Router, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer
from pydantic import Field

from gongkai.orgs.models import Agency
from gongkai.orgs.permissions import get_visible_or_404, scope_queryset

from . import actions as token_actions
from . import schemas as s
from .errors import ApiError, install

MAX_SIZE = 100
MAX_PAGE = 1000
MAX_ID = 2**31 - 1

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="编号")]
SLUG = r"^[-A-Za-z0-9_]+$"
Slug = Annotated[str, Path(min_length=1, max_length=60, pattern=SLUG, description="机关代号")]
Year = Annotated[int, Path(ge=2000, le=2100, description="年度")]


class TokenAuth(HttpBearer):
    openapi_description = "个人接口令牌：在“接口令牌”页面创建，只显示一次"

    def authenticate(self, request: HttpRequest, token: str):
        found = token_actions.authenticate(token)
        if found is None:
            return None
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="政府信息公开工作系统接口",
    version="1",
    description="工作人员接口使用个人令牌（Bearer）；公众接口无需登录，按网络地址限制频率。错误均以 JSON 返回，`detail` 为中文说明。",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install(api)

staff = Router(auth=TokenAuth(), tags=["工作人员"])
public = Router(tags=["公众"])


class PageQuery(s.Schema):
    page: int = Field(default=1, ge=1, le=MAX_PAGE, description="页码（1–1000）")
    size: int = Field(default=20, ge=1, le=MAX_SIZE, description="每页条数（1–100）")


def _paged(qs, q: PageQuery):
    count = qs.count()
    start = (q.page - 1) * q.size
    return count, list(qs[start : start + q.size])


def _agency_for(user, slug: str | None) -> Agency:
    if not slug:
        return user.agency
    return get_visible_or_404(Agency.objects.all(), user, None, slug=slug)


def _ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limit(request: HttpRequest, bucket: str, per_minute: int) -> None:
    """Count one request of this address in `bucket`; 429 past `per_minute` in the minute."""
    key = f"gongkai:api-rate:{bucket}:{_ip(request)}"
    cache.add(key, 0, 60)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 60)
        count = 1
    if count > per_minute:
        raise ApiError(429, "请求过于频繁，请稍后再试")


def _public_reads() -> int:
    return int(getattr(settings, "GONGKAI_API_PUBLIC_PER_MINUTE", 60))


# --- Workdays and fees -----------------------------------------------------------------------


def _workdays(start: date, n: int, explain: bool):
    from gongkai.core.workdays import CalendarRangeError, get_index

    index = get_index()
    try:
        if explain:
            result, days = index.explain(start, n)
        else:
            result, days = index.add_checked(start, n), []
    except (CalendarRangeError, ValueError, OverflowError) as exc:
        raise ApiError(400, str(exc) or "日期超出日历范围（2000–2100 年）") from None
    text = f"{start.isoformat()} 起第 {n} 个工作日为 {result.date.isoformat()}（起算日当天不计）"
    if result.provisional:
        text += "；所涉年度节假日安排尚未录入，按周一至周五推定"
    out = {
        "start": start,
        "n": n,
        "date": result.date,
        "provisional": result.provisional,
        "explanation": text,
    }
    if explain:
        out["days"] = [
            {"date": d.date, "working": d.working, "reason": d.reason, "provisional": d.provisional}
            for d in days
        ]
    return out


@staff.get("/workdays/add", response=s.staff(s.WorkdaysOut), summary="加 N 个工作日")
def workdays_add(request, date: date, n: int = Query(..., ge=0, le=3650, description="工作日数（0–3650）")):
    return _workdays(date, n, explain=False)


@staff.get("/workdays/explain", response=s.staff(s.WorkdaysExplainOut), summary="加 N 个工作日，逐日说明")
def workdays_explain(request, date: date, n: int = Query(..., ge=0, le=366, description="工作日数（0–366）")):
    return _workdays(date, n, explain=True)


@staff.get("/fees", response=s.staff(s.FeeOut), summary="信息处理费（按量或按件）")
def fees(
    request,
    pages: int | None = Query(None, ge=0, le=1_000_000, description="按量：页数"),
    count: int | None = Query(None, ge=0, le=10_000, description="按件：本月第几件（件数）"),
):
    from gongkai.applications import fees as feemod

    if (pages is None) == (count is None):
        raise ApiError(400, "请只提供 pages（按量）或 count（按件）之一")
    if pages is not None:
        lines, method, units, unit = feemod.volume_breakdown(pages), "volume", pages, "页"
    else:
        lines, method, units, unit = feemod.count_breakdown(count), "count", count, "件"
    return {
        "method": method,
        "units": units,
        "amount": sum(line.amount for line in lines),
        "lines": [
            {"first": x.first, "last": x.last, "price": x.price, "units": x.units, "amount": x.amount}
            for x in lines
        ],
        "explanation": feemod.explain(lines, unit) if lines else "免费",
    }


# --- Applications ----------------------------------------------------------------------------


def _application_out(a) -> dict:
    from gongkai.core.validators import mask_id_number

    return {
        "id": a.pk,
        "agency": a.agency.slug,
        "number": a.number,
        "status": a.status,
        "status_label": a.get_status_display(),
        "channel": a.channel,
        "submitted_on": a.submitted_on,
        "received_on": a.received_on,
        "applicant_type": a.applicant_type,
        "applicant_name": a.applicant_name,
        "id_number_masked": mask_id_number(a.id_number),
        "info_title": a.info_title,
        "due_date": a.due_date,
        "due_kind": a.due_kind,
        "due_provisional": a.due_provisional,
        "closed_on": a.closed_on,
        "reply_kind": a.reply_kind,
        "version": a.version,
    }


def _clock_out(clock) -> dict:
    fields = [
        "received_on",
        "start",
        "answer_due",
        "answer_days",
        "extension_days",
        "paused_days",
        "later_date",
        "correction_notice_due",
        "correction_deadline",
        "consultation_ends",
        "fee_payment_due",
        "closed_on",
        "provisional",
        "proposal",
    ]
    out = {f: getattr(clock, f) for f in fields}
    out["steps"] = [{"on": step.on, "text": step.text} for step in clock.steps]
    out["days"] = [
        {"date": d.date, "status": d.status, "number": d.number, "reason": d.reason} for d in clock.days
    ]
    return out


def _application(request, pk: Id):
    from gongkai.applications.models import Application

    return get_visible_or_404(Application.objects.select_related("agency"), request.auth, pk=pk)


def _detail(application) -> dict:
    from gongkai.applications import actions

    out = _application_out(application)
    out["info_description"] = application.info_description
    out["clock"] = _clock_out(actions.compute_clock(application, explain=True))
    return out


class ApplicationFilters(PageQuery):
    status: str | None = Field(default=None, max_length=20, description="状态")
    agency: str | None = Field(default=None, max_length=60, description="机关代号")
    channel: str | None = Field(default=None, max_length=20)
    due_before: date | None = Field(default=None, description="当前期限不晚于")
    q: str | None = Field(default=None, max_length=50, description="申请编号或所需信息名称")


@staff.get("/applications", response=s.staff(s.ApplicationPage), summary="依申请公开案件列表")
def applications_list(request, filters: Query[ApplicationFilters]):
    from django.db.models import Q

    from gongkai.applications.models import Application

    qs = scope_queryset(Application.objects.select_related("agency"), request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.agency:
        qs = qs.filter(agency=_agency_for(request.auth, filters.agency))
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.due_before:
        qs = qs.filter(due_date__lte=filters.due_before)
    if filters.q:
        qs = qs.filter(Q(number=filters.q.strip()) | Q(info_title__contains=filters.q.strip()))
    count, rows = _paged(qs.order_by("-pk"), filters)
    return {
        "count": count,
        "page": filters.page,
        "size": filters.size,
        "items": [_application_out(a) for a in rows],
    }


@staff.post("/applications", response=s.staff(s.RegisterOut, status=201), summary="登记申请")
def applications_register(request, payload: s.RegisterIn):
    from gongkai.applications import actions

    agency = _agency_for(request.auth, payload.agency)
    application, code = actions.register(
        acting_user=request.auth,
        agency=agency,
        data=payload.applicant.dict(),
        channel=payload.channel,
        submitted_on=payload.submitted_on,
        received_on=payload.received_on,
        confirmation=payload.confirmation,
    )
    return Status(201, {"id": application.pk, "number": application.number, "query_code": code})


@staff.get(
    "/applications/{pk}", response=s.staff(s.ApplicationDetailOut), summary="案件详情（期限及计算过程）"
)
def applications_get(request, pk: Id):
    return _detail(_application(request, pk))


@staff.post(
    "/applications/{pk}/events", response=s.staff(s.ApplicationDetailOut, 409), summary="记录办理节点"
)
def applications_event(request, pk: Id, payload: s.ClockEventIn):
    from gongkai.applications import actions

    application = _application(request, pk)
    if payload.version is not None:
        application.expected_version = payload.version
    kind, on = payload.kind, payload.on
    if kind == "confirm_receipt":
        actions.confirm_receipt(
            application, acting_user=request.auth, received_on=on, confirmation=payload.confirmation
        )
    elif kind == "request_correction":
        if payload.deadline is None:
            raise ApiError(400, "请填写补正期限（deadline）", {"deadline": ["请填写补正期限"]})
        actions.request_correction(
            application, acting_user=request.auth, items=payload.items, deadline=payload.deadline, on=on
        )
    elif kind == "receive_correction":
        actions.receive_correction(application, acting_user=request.auth, on=on, note=payload.note)
    elif kind == "fee_notice_delivered":
        actions.fee_notice_delivered(application, acting_user=request.auth, on=on)
    else:
        actions.record_payment(application, acting_user=request.auth, on=on)
    application.refresh_from_db()
    return _detail(application)


@staff.post("/applications/{pk}/reply", response=s.staff(s.ApplicationDetailOut, 409), summary="答复办结")
def applications_reply(request, pk: Id, payload: s.ReplyIn):
    from gongkai.applications import actions

    application = _application(request, pk)
    if payload.version is not None:
        application.expected_version = payload.version
    data = payload.dict(exclude={"version"})
    actions.reply(application, acting_user=request.auth, **data)
    application.refresh_from_db()
    return _detail(application)


# --- Publications ----------------------------------------------------------------------------


def _item_out(item) -> dict:
    return {
        "id": item.pk,
        "agency": item.agency.slug,
        "kind": item.kind,
        "status": item.status,
        "status_label": item.get_status_display(),
        "index_no": item.index_no,
        "title": item.title,
        "summary": item.summary,
        "publisher": item.publisher,
        "doc_no": item.doc_no,
        "category": item.category,
        "formed_on": item.formed_on,
        "due_on": item.due_on,
        "published_at": item.published_at,
    }


class ItemFilters(PageQuery):
    status: str | None = Field(default=None, max_length=12)
    agency: str | None = Field(default=None, max_length=60)
    category: str | None = Field(default=None, max_length=8)


@staff.get("/publications", response=s.staff(s.ItemPage), summary="主动公开信息列表")
def publications_list(request, filters: Query[ItemFilters]):
    from gongkai.publications.models import Item

    qs = scope_queryset(Item.objects.select_related("agency"), request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.agency:
        qs = qs.filter(agency=_agency_for(request.auth, filters.agency))
    if filters.category:
        qs = qs.filter(category=filters.category)
    count, rows = _paged(qs.order_by("-pk"), filters)
    return {"count": count, "page": filters.page, "size": filters.size, "items": [_item_out(i) for i in rows]}


@staff.post("/publications", response=s.staff(s.ItemOut, status=201), summary="新建主动公开信息（草稿）")
def publications_create(request, payload: s.ItemIn):
    from gongkai.publications import actions

    agency = _agency_for(request.auth, payload.agency)
    fields = payload.dict(exclude={"agency"})
    item = actions.create_item(acting_user=request.auth, agency=agency, **fields)
    return Status(201, _item_out(item))


class SearchQuery(s.Schema):
    q: str = Field(min_length=1, max_length=100, description="检索词")
    agency: str | None = Field(default=None, max_length=60, description="机关代号")
    page: int = Field(default=1, ge=1, le=50, description="页码（1–50）")


def _catalog_search(params: SearchQuery, agency: Agency | None) -> dict:
    from gongkai.publications import search
    from gongkai.publications.models import Item

    query = search.Query(params.q, {"a": agency.pk} if agency else {})
    if not query.terms and not query.filters:
        return {"count": 0, "more": False, "page": params.page, "items": []}
    if query.too_short:
        raise ApiError(400, "检索词过短：单个汉字无法检索，请至少输入两个字")
    result = search.run(query, page=params.page)
    by_id = Item.objects.public().select_related("agency").in_bulk(result.ids)
    items = [by_id[i] for i in result.ids if i in by_id]
    return {
        "count": result.count,
        "more": result.more,
        "page": params.page,
        "items": [
            {
                "id": i.pk,
                "title": i.title,
                "agency": i.agency.slug,
                "index_no": i.index_no,
                "published_at": i.published_at,
                "url": i.get_absolute_url(),
            }
            for i in items
        ],
    }


@staff.get("/publications/search", response=s.staff(s.SearchOut), summary="检索已发布信息")
def publications_search(request, params: Query[SearchQuery]):
    agency = _agency_for(request.auth, params.agency) if params.agency else None
    return _catalog_search(params, agency)


def _item(request, pk: Id):
    from gongkai.publications.models import Item

    return get_visible_or_404(Item.objects.select_related("agency"), request.auth, pk=pk)


@staff.get("/publications/{pk}", response=s.staff(s.ItemOut), summary="主动公开信息详情")
def publications_get(request, pk: Id):
    return _item_out(_item(request, pk))


@staff.post("/publications/{pk}/submit", response=s.staff(s.ItemOut), summary="送审")
def publications_submit(request, pk: Id):
    from gongkai.publications import actions

    return _item_out(actions.submit_item(_item(request, pk), acting_user=request.auth))


# --- Credit records (双公示) ------------------------------------------------------------------


def _record_out(rec, name: str | None = None) -> dict:
    return {
        "id": rec.pk,
        "agency": rec.agency.slug,
        "kind": rec.kind,
        "record_set": rec.record_set.name,
        "doc_no": rec.doc_no,
        "subject_name": rec.subject_name if name is None else name,
        "decision_date": rec.decision_date,
        "status": rec.status,
        "public_until": rec.public_until,
    }


class CreditFilters(PageQuery):
    status: str | None = Field(default=None, max_length=12)
    agency: str | None = Field(default=None, max_length=60)
    kind: str | None = Field(default=None, max_length=10)


@staff.get("/credit/records", response=s.staff(s.CreditPage), summary="信用记录列表")
def credit_list(request, filters: Query[CreditFilters]):
    from gongkai.credit.models import CreditRecord

    qs = scope_queryset(CreditRecord.objects.select_related("agency", "record_set"), request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.agency:
        qs = qs.filter(agency=_agency_for(request.auth, filters.agency))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    count, rows = _paged(qs.order_by("-pk"), filters)
    return {
        "count": count,
        "page": filters.page,
        "size": filters.size,
        "items": [_record_out(r) for r in rows],
    }


@staff.get("/credit/records/{pk}", response=s.staff(s.CreditRecordOut), summary="信用记录详情")
def credit_get(request, pk: Id):
    from gongkai.credit.models import CreditRecord

    rec = get_visible_or_404(CreditRecord.objects.select_related("agency", "record_set"), request.auth, pk=pk)
    return _record_out(rec)


def _job_out(job) -> dict:
    from gongkai.credit import progress

    data = progress.read(job.pk) if job.state in ("queued", "running") else None
    return {
        "id": job.pk,
        "status": job.state,
        "status_label": job.get_state_display(),
        "file_name": job.file_name,
        "progress": {
            "total_rows": job.total_rows,
            "bad_rows": job.bad_rows,
            "inserted": job.inserted,
            "updated": job.updated,
            "error_count": job.error_count,
            "live": data,
            "message": job.message,
        },
        "errors": list(job.errors or [])[:200],
    }


def _max_upload() -> int:
    return int(getattr(settings, "GONGKAI_API_UPLOAD_MAX_MB", 20)) * 1024 * 1024


@staff.post(
    "/credit/imports", response=s.staff(s.ImportJobOut, 413, status=202), summary="上传文件，开始导入"
)
def credit_import(
    request,
    file: File[UploadedFile],
    record_set: int = Query(..., ge=1, le=2**31 - 1, description="数据集编号"),
    agency: str | None = Query(None, max_length=60, pattern=SLUG),
    good_rows: bool = False,
    dry_run: bool = False,
):
    from gongkai.core import jobs
    from gongkai.credit import actions
    from gongkai.credit.models import RecordSet
    from gongkai.credit.schema import rules

    if file.size > _max_upload():
        raise ApiError(413, "上传的文件过大")
    target = _agency_for(request.auth, agency)
    record_set_obj = RecordSet.objects.filter(pk=record_set).first()
    if record_set_obj is None:
        raise Http404
    job = actions.create_import_job(
        acting_user=request.auth,
        agency=target,
        record_set=record_set_obj,
        file_name=(file.name or "upload")[:200],
        source=file,
        good_rows=good_rows,
        dry_run=dry_run,
    )
    if job.file_size <= rules()["import_inline_max_bytes"]:
        actions.run_import(job, acting_user=request.auth)
        job.refresh_from_db()
    else:
        jobs.enqueue("gongkai.credit.jobs.run_import_job", job.pk)
    return Status(202, _job_out(job))


@staff.get("/credit/imports/{pk}", response=s.staff(s.ImportJobOut), summary="导入进度与错误")
def credit_import_get(request, pk: Id):
    from gongkai.credit.models import ImportJob

    return _job_out(get_visible_or_404(ImportJob.objects.all(), request.auth, pk=pk))


# --- Annual reports --------------------------------------------------------------------------


@staff.get(
    "/annual-reports/{agency}/{year}",
    response=s.staff(s.AnnualReportOut),
    summary="年度报告（规范 JSON）及检查结果",
)
def annual_report(request, agency: Slug, year: Year):
    from gongkai.reports import compile as compiler
    from gongkai.reports.models import AnnualReport

    target = get_visible_or_404(Agency.objects.all(), request.auth, None, slug=agency)
    report = AnnualReport.objects.filter(agency=target, year=year).first()
    if report is None:
        raise ApiError(404, "该机关该年度的年度报告尚未编制")
    if report.published_json:
        data, source = report.published_json, "published"
    else:
        data, source = compiler.engine_report(report).to_json(), "compiled"
    return {
        "agency": target.slug,
        "year": year,
        "status": report.status,
        "source": source,
        "report": data,
        "findings": list(report.findings or []),
    }


# --- Public ----------------------------------------------------------------------------------


@public.post(
    "/public/{slug}/applications",
    response=s.responses(s.ApplyOut, 400, 404, 429, status=201),
    summary="网上提交申请",
)
def public_apply(request, slug: Slug, payload: s.ApplicantIn):
    from gongkai.applications import actions, antibot

    agency = get_object_or_404(Agency, slug=slug)
    if not antibot.allow_submission(request.META.get("REMOTE_ADDR")):
        raise ApiError(429, "同一网络地址提交过于频繁，请稍后再试，或通过信函、传真等方式提交。")
    application, code = actions.submit_online(agency=agency, data=payload.dict())
    return Status(201, {"number": application.number, "query_code": code})


@public.post(
    "/public/{slug}/applications/track",
    response=s.responses(s.TrackOut, 400, 404, 429),
    summary="查询办理进度",
)
def public_track(request, slug: Slug, payload: s.TrackIn):
    from gongkai.applications import actions, antibot
    from gongkai.applications.models import Application

    agency = get_object_or_404(Agency, slug=slug)
    ip = request.META.get("REMOTE_ADDR")
    if antibot.tracking_blocked(ip):
        raise ApiError(429, "查询失败次数过多，请 15 分钟后再试。")
    application = Application.objects.filter(agency=agency, number=payload.number.strip()).first()
    if application is None or not actions.check_query_code(application, payload.code):
        antibot.record_tracking_failure(ip)
        raise ApiError(404, "申请编号或查询码不正确。")
    clock = actions.compute_clock(application, explain=True)
    return {
        "number": application.number,
        "status": application.status,
        "status_label": application.get_status_display(),
        "submitted_on": application.submitted_on,
        "received_on": application.received_on,
        "answer_due": clock.answer_due,
        "provisional": clock.provisional,
        "closed_on": application.closed_on,
        "steps": [{"on": step.on, "text": step.text} for step in clock.steps],
    }


@public.get(
    "/public/catalog/search", response=s.responses(s.SearchOut, 400, 404, 429), summary="检索公开目录"
)
def public_catalog_search(request, params: Query[SearchQuery]):
    rate_limit(request, "catalog", _public_reads())
    agency = get_object_or_404(Agency, slug=params.agency) if params.agency else None
    return _catalog_search(params, agency)


class CreditSearchQuery(s.Schema):
    q: str = Field(min_length=1, max_length=100)
    kind: str = Field(default="", max_length=2, description="xk 行政许可，cf 行政处罚，空为全部")
    agency: str | None = Field(default=None, max_length=60)
    page: int = Field(default=1, ge=1, le=50)


@public.get(
    "/public/credit/search", response=s.responses(s.CreditSearchOut, 400, 404, 429), summary="检索双公示信息"
)
def public_credit_search(request, params: Query[CreditSearchQuery]):
    from django.utils import timezone

    from gongkai.credit import public_views, search
    from gongkai.credit.masking import display_name
    from gongkai.credit.models import CreditRecord

    rate_limit(request, "credit", _public_reads())
    agency = get_object_or_404(Agency, slug=params.agency) if params.agency else None
    set_ids, _kind = public_views._public_sets(params.kind)
    mode = search.classify(params.q)
    if mode == "name" and search.too_short(params.q):
        raise ApiError(400, "检索词过短，请至少输入两个字")
    if not set_ids:
        return {"count": 0, "more": False, "page": params.page, "items": []}
    scope = {
        "agency_id": agency.pk if agency else None,
        "set_ids": set_ids,
        "page": params.page,
        "today": timezone.localdate(),
    }
    result = search.run(params.q, mode=mode, **scope)
    by_id = CreditRecord.objects.select_related("agency", "record_set").in_bulk(result.ids)
    records = [by_id[i] for i in result.ids if i in by_id]
    masks = public_views._masks(records)
    return {
        "count": result.count,
        "more": result.more,
        "page": params.page,
        "items": [_record_out(r, display_name(r, masks[r.agency_id])) for r in records],
    }


def _check_max() -> int:
    return int(getattr(settings, "GONGKAI_API_CHECK_MAX_KB", 2048)) * 1024


@public.post(
    "/public/annual-reports/check",
    response=s.responses(s.CheckOut, 400, 413, 429),
    summary="检查一份年度报告",
)
def public_report_check(request, file: File[UploadedFile]):
    import gongkai.annual_report as engine

    rate_limit(request, "check", int(getattr(settings, "GONGKAI_API_CHECK_PER_MINUTE", 10)))
    if file.size > _check_max():
        raise ApiError(413, f"文件过大：不能超过 {_check_max() // 1024} KB")
    data = file.read(_check_max() + 1)
    try:
        report = engine.parse(data, filename=(file.name or "report.txt")[-100:])
    except Exception as exc:  # the engine's parse errors, and anything a malformed file provokes
        raise ApiError(400, f"无法读取该文件：{str(exc)[:200] or '格式不受支持'}") from None
    result = engine.check(report)
    return {"ok": result.ok, "report": report.to_json(), "findings": [f.to_json() for f in result.findings]}


api.add_router("", staff)
api.add_router("", public)
