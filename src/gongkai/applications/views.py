"""Back-office pages of 依申请公开: the queue, registration, the case page and its actions,
letters, notices, letter templates and the section 三/四 preview."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST, require_safe

from gongkai.annual_report.formats import (
    COLUMN_LABELS,
    COLUMNS,
    FORMAT_2021,
    SECTION4_COLUMN_LABELS,
    SECTION4_GROUPS,
)
from gongkai.audit.models import AuditEvent
from gongkai.core import workdays
from gongkai.core.web import add_errors, posted_version
from gongkai.orgs.models import User
from gongkai.orgs.permissions import get_visible_or_404, has_perm, require, visible_agencies

from . import actions, letters
from .choices import OPEN_STATUSES, EventKind, LetterKind, Status
from .forms import (
    ACTION_FORMS,
    ACTION_LABELS,
    AssignForm,
    CloseConsultationForm,
    ConsultationDeliveredForm,
    CorrectionForm,
    QueueFilterForm,
    RegisterForm,
    ReplyForm,
    SettingsForm,
    TemplateForm,
)
from .models import Application, Notice
from .report import section3
from .rules import rules_for

PAGE_SIZE = 50
STALE_PAGE = "页面缺少有效的案件版本号，可能已过期：请刷新页面，查看最新情况后重新操作"


# --- The queue --------------------------------------------------------------------------------


def scoped_cases(user: User):
    """Cases the user may see. The same rule as `scope_queryset` (the user's agency subtree), with
    the few agency ids resolved first so every queue filter is a plain indexed `agency_id IN (…)`."""
    agency_ids = list(visible_agencies(user).values_list("pk", flat=True))
    return Application.objects.filter(agency_id__in=agency_ids)


def queue_queryset(user: User, params: dict[str, str], today: date | None = None):
    """The filtered, ordered queue (what the page and the benchmark run)."""
    today = today or actions.today()
    cases = scoped_cases(user)
    status = params.get("status", "")
    if status == "":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status != "all":
        cases = cases.filter(status=status)
    due = params.get("due", "")
    if due == "overdue":
        cases = cases.filter(due_date__lt=today)
    elif due == "soon":
        limit = workdays.get_index().add(today, rules_for(today).due_soon_days)
        cases = cases.filter(due_date__gte=today, due_date__lte=limit)
    assignee = params.get("assignee", "")
    if assignee == "me":
        cases = cases.filter(assignee=user)
    elif assignee == "none":
        cases = cases.filter(assignee__isnull=True)
    elif assignee.isdigit():
        cases = cases.filter(assignee_id=int(assignee))
    for field in ("channel", "applicant_type"):
        if params.get(field):
            cases = cases.filter(**{field: params[field]})
    if params.get("q"):
        cases = cases.filter(number__contains=params["q"].strip())
    return cases.order_by(F("due_date").asc(nulls_last=True), "-pk")


def queue_counts(user: User, today: date) -> dict[str, Any]:
    cases = scoped_cases(user)
    by_status = dict(cases.order_by().values_list("status").annotate(n=Count("pk")))
    limit = workdays.get_index().add(today, rules_for(today).due_soon_days)
    open_cases = cases.filter(status__in=OPEN_STATUSES)
    dated = open_cases.aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=limit)),
    )
    return {
        "statuses": [(s.value, s.label, by_status.get(s.value, 0)) for s in Status],
        "open": sum(by_status.get(s, 0) for s in OPEN_STATUSES),
        **dated,
    }


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    today = actions.today()
    staff = User.objects.filter(agency=request.user.agency_id, is_active=True).order_by("username")
    form = QueueFilterForm(request.GET or None, staff=staff)
    params = form.cleaned_data if form.is_valid() else {}
    cases = queue_queryset(request.user, params, today).select_related("assignee", "agency")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "counts": queue_counts(request.user, today),
        "today": today,
        "soon_limit": workdays.get_index().add(today, rules_for(today).due_soon_days),
        "can_register": has_perm(request.user, actions.HANDLE, request.user.agency),
        "can_templates": has_perm(request.user, "applications.manage_templates", request.user.agency),
    }
    return render(request, "applications/queue.html", context)


# --- Registration -----------------------------------------------------------------------------


@login_required
def register(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    require(request.user, actions.HANDLE, agency)
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application, code = actions.register(
                acting_user=request.user,
                agency=agency,
                data=form.applicant_data(),
                channel=data["channel"],
                submitted_on=data["submitted_on"],
                received_on=data["received_on"],
                confirmation=data["confirmation"],
                attachments=data["attachments"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if application.status == Status.SUBMITTED:
                messages.success(request, f"已登记申请 {application.number}，待与申请人确认收到日期。")
            else:
                messages.success(
                    request,
                    f"已登记申请 {application.number}，已生成登记回执（查询码 {code}，请告知申请人）。",
                )
            return redirect("applications:case", pk=application.pk)
    return render(request, "applications/register.html", {"form": form, "agency": agency})


# --- The case page and its actions -------------------------------------------------------------


def _visible_case(request: HttpRequest, pk: int) -> Application:
    return get_visible_or_404(Application.objects.select_related("agency", "assignee"), request.user, pk=pk)


def _make_form(action: str, application: Application, clock, data=None):
    cls = ACTION_FORMS[action]
    today = actions.today()
    kwargs: dict[str, Any] = {"data": data, "prefix": action}
    if cls is AssignForm:
        kwargs["agency"] = application.agency
    elif cls in (ConsultationDeliveredForm, CloseConsultationForm):
        open_ones = application.consultations.filter(closed_on__isnull=True)
        if cls is ConsultationDeliveredForm:
            open_ones = open_ones.filter(delivered_on__isnull=True)
        kwargs["consultations"] = list(open_ones)
    elif cls is ReplyForm:
        kwargs["status"] = application.status
        kwargs["proposal"] = clock.proposal
    initial: dict[str, Any] = {"on": today, "received_on": today}
    if cls is CorrectionForm:
        days = rules_for(application.received_on).correction_default_days
        initial["deadline"] = workdays.get_index().add(today, days)
    kwargs["initial"] = initial
    return cls(**kwargs)


def _timeline(application: Application) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for event in application.events.select_related("actor"):
        rows.append(
            {
                "at": event.created_at,
                "on": event.on,
                "what": event.get_kind_display(),
                "text": event.note,
                "actor": (event.actor or "申请人（网上）")
                if event.kind == EventKind.SUBMITTED
                else event.actor,
                "kind": "event",
            }
        )
    for letter in application.letters.all():
        rows.append(
            {
                "at": letter.created_at,
                "on": letter.issued_on,
                "what": f"制作文书：{letter.title}",
                "text": letter.number,
                "actor": letter.created_by,
                "kind": "letter",
            }
        )
    return sorted(rows, key=lambda r: r["at"])


def _audit_entries(application: Application):
    return AuditEvent.objects.filter(
        object_type=Application._meta.label, object_id=str(application.pk)
    ).order_by("seq")


def _case_page(
    request: HttpRequest,
    application: Application,
    bound: tuple[str, Any] | None = None,
    status: int | None = None,
    **extra: Any,
) -> HttpResponse:
    """The case page. Every action form carries the `version` it was rendered with (the template's
    hidden input): `act` refuses it if the case has changed since (optimistic locking)."""
    clock = actions.compute_clock(application, explain=True)
    allowed = actions.allowed_actions(application, request.user)
    action_forms = []
    for action in allowed:
        form = bound[1] if bound and bound[0] == action else _make_form(action, application, clock)
        action_forms.append((action, ACTION_LABELS[action], form, bool(bound and bound[0] == action)))
    if bound and bound[0] not in allowed:
        # Refused (e.g. someone else moved the case on): keep the user's input and the error in view.
        action_forms.append((bound[0], ACTION_LABELS[bound[0]], bound[1], True))
    context = {
        "case": application,
        "clock": clock,
        "action_forms": action_forms,
        "timeline": _timeline(application),
        "letters": application.letters.all(),
        "attachments": application.attachments.all(),
        "consultations": application.consultations.all(),
        "extensions": application.extensions.select_related("requested_by", "decided_by"),
        "audit_entries": _audit_entries(application),
        "appeals": application.appeals.all(),
        "can_reveal": has_perm(request.user, "applications.reveal_id", application.agency),
        "can_appeal": has_perm(request.user, "appeals.manage", application.agency)
        and application.received_on is not None,
        "today": actions.today(),
        **extra,
    }
    return render(request, "applications/case.html", context, status=status or (400 if bound else 200))


@login_required
@require_safe
def case(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _visible_case(request, pk))


def _dispatch(action: str, application: Application, data: dict[str, Any], user: User) -> str:
    """Call the action for a valid form; return the message to show."""
    if action == "confirm_receipt":
        code = actions.confirm_receipt(
            application, acting_user=user, received_on=data["received_on"], confirmation=data["confirmation"]
        )
        return "已确认收到申请并生成登记回执" + (f"（查询码 {code}，请告知申请人）" if code else "") + "。"
    if action == "discard":
        actions.discard(application, acting_user=user, reason=data["reason"])
        return "已不予登记。"
    if action == "assign":
        actions.assign(application, acting_user=user, assignee=data["assignee"])
        return f"经办人已改为 {data['assignee']}。"
    if action == "request_correction":
        actions.request_correction(
            application, acting_user=user, items=data["items"], deadline=data["deadline"], on=data["on"]
        )
        return "已发出补正告知，并生成补正告知书。"
    if action == "receive_correction":
        actions.receive_correction(application, acting_user=user, on=data["on"], note=data["note"])
        return "已记录收到补正，答复期限重新计算。"
    if action == "start_consultation":
        actions.start_consultation(
            application,
            acting_user=user,
            kind=data["kind"],
            party=data["party"],
            party_address=data["party_address"],
            matter=data["matter"],
            on=data["on"],
        )
        return "已发出征求意见，并生成征求意见函；征求意见期间不计入答复期限。"
    if action in ("consultation_delivered", "close_consultation"):
        consultation = get_object_or_404(application.consultations, pk=data["consultation"])
        if action == "consultation_delivered":
            actions.consultation_delivered(consultation, acting_user=user, on=data["on"])
            return "已记录对方收到征求意见的日期。"
        actions.close_consultation(
            consultation, acting_user=user, on=data["on"], outcome=data["outcome"], opinion=data["opinion"]
        )
        return "征求意见已结束，答复期限恢复计算。"
    if action == "send_fee_notice":
        actions.send_fee_notice(
            application, acting_user=user, method=data["method"], pages=data["pages"], on=data["on"]
        )
        return "已发出收费通知，并生成收费通知书。"
    if action == "fee_notice_delivered":
        actions.fee_notice_delivered(application, acting_user=user, on=data["on"])
        return "已记录申请人收到收费通知的日期。"
    if action == "record_payment":
        actions.record_payment(application, acting_user=user, on=data["on"])
        return "已记录缴费，答复期限恢复计算。"
    if action == "request_extension":
        actions.request_extension(application, acting_user=user, days=data["days"], reasons=data["reasons"])
        return "延期申请已提交负责人审批。"
    if action == "decide_extension":
        pending = application.extensions.filter(approved__isnull=True).first()
        if pending is None:
            raise ValidationError("没有待审批的延期申请")
        actions.decide_extension(pending, acting_user=user, approve=data["approve"], opinion=data["opinion"])
        return "已同意延期，并生成延期答复告知书。" if data["approve"] else "已不同意延期。"
    if action == "set_later_date":
        actions.set_later_date(application, acting_user=user, later=data["later"], reasons=data["reasons"])
        return "已确定延迟答复期限，并生成告知书。"
    if action == "reply":
        letter = actions.reply(
            application,
            acting_user=user,
            kind=data["kind"],
            on=data["on"],
            text=data["text"],
            withheld_what=data["withheld_what"],
            withheld_ground=data["withheld_ground"],
            other_agency=data["other_agency"],
            other_agency_contact=data["other_agency_contact"],
            basis=data["basis"],
        )
        return f"已答复办结，并生成{letter.title}（{letter.number}）。"
    if action == "add_note":
        actions.add_note(application, acting_user=user, text=data["text"])
        return "已添加办理记录。"
    raise Http404("未知操作")


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One action form of the case page. The form's `version` must still be the case's: if anyone
    acted on the case since the page was rendered, nothing is changed and the page is shown again
    (409) with the current state, the conflict message and the user's input."""
    application = _visible_case(request, pk)
    if action not in ACTION_FORMS:
        raise Http404("未知操作")
    require(request.user, actions.PERMISSION_OF.get(action, actions.HANDLE), application.agency)
    clock = actions.compute_clock(application)
    form = _make_form(action, application, clock, data=request.POST)
    expected = posted_version(request.POST)
    form.is_valid()
    if expected is None:
        form.add_error(None, STALE_PAGE)
        messages.error(request, STALE_PAGE)
        return _case_page(request, application, bound=(action, form))
    try:
        actions.check_version(application, expected)  # a stale page first, even if the form is invalid
        if not form.is_valid():
            return _case_page(request, application, bound=(action, form))
        application.expected_version = expected  # checked again under the row lock by the action
        message = _dispatch(action, application, form.cleaned_data, request.user)
    except actions.ConflictError as exc:
        add_errors(form, exc)
        messages.error(request, "；".join(exc.messages))
        return _case_page(request, _visible_case(request, pk), bound=(action, form), status=409)
    except ValidationError as exc:
        add_errors(form, exc)
        return _case_page(request, _visible_case(request, pk), bound=(action, form))
    messages.success(request, message)
    return redirect("applications:case", pk=pk)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full ID number once, on this response only; the viewing is audited."""
    application = _visible_case(request, pk)
    number = actions.reveal_id_number(application, acting_user=request.user)
    return _case_page(request, application, revealed_id=number)


def letter_response(letter, fmt: str) -> HttpResponse:
    agency_name = letter.agency.name
    if fmt == "pdf":
        content, mime = letters.to_pdf(letter, agency_name), "application/pdf"
    elif fmt == "docx":
        content = letters.to_docx(letter, agency_name)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404("不支持的格式")
    filename = f"{letter.number}{letter.title}.{fmt}"
    return HttpResponse(
        content,
        content_type=mime,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@login_required
@require_safe
def letter(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> HttpResponse:
    application = _visible_case(request, pk)
    item = get_object_or_404(application.letters.select_related("agency"), pk=letter_id)
    response = letter_response(item, fmt)
    actions.record_download(application, acting_user=request.user, what=f"letter:{item.pk}:{fmt}")
    return response


@login_required
@require_safe
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    application = _visible_case(request, pk)
    item = get_object_or_404(application.attachments, pk=attachment_id)
    actions.record_download(application, acting_user=request.user, what=f"attachment:{item.pk}")
    with item.file.open("rb") as handle:
        content = handle.read()
    return HttpResponse(
        content,
        content_type="application/octet-stream",
        headers={"Content-Disposition": content_disposition_header(True, item.name)},
    )


# --- Notices ----------------------------------------------------------------------------------


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    items = Notice.objects.filter(recipient=request.user).select_related("application")[:200]
    return render(request, "applications/notices.html", {"notices": items})


@login_required
@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    actions.mark_notices_read(request.user)
    messages.success(request, "提醒已全部标记为已读。")
    return redirect("applications:notices")


# --- Letter templates and settings --------------------------------------------------------------


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    require(request.user, "applications.manage_templates", agency)
    current = actions.settings_for(agency)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        actions.update_settings(agency, acting_user=request.user, **form.cleaned_data)
        messages.success(request, "文书设置已保存。")
        return redirect("applications:templates")
    custom = set(agency.letter_templates.values_list("kind", flat=True))
    kinds = [(k.value, k.label, k.value in custom) for k in LetterKind]
    return render(request, "applications/templates.html", {"form": form, "kinds": kinds})


@login_required
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    agency = request.user.agency
    require(request.user, "applications.manage_templates", agency)
    if kind not in LetterKind.values:
        raise Http404("文书类型不存在")
    current = actions.template_for(agency, kind)
    form = TemplateForm(request.POST or None, initial={"title": current.title, "body": current.body})
    if request.method == "POST":
        if request.POST.get("reset"):
            actions.reset_template(agency, kind, acting_user=request.user)
            messages.success(request, "已恢复默认模板。")
            return redirect("applications:template_edit", kind=kind)
        if form.is_valid():
            actions.update_template(agency, kind, acting_user=request.user, **form.cleaned_data)
            messages.success(request, "模板已保存，此后制作的文书将使用新模板。")
            return redirect("applications:templates")
    context = {
        "form": form,
        "kind": kind,
        "label": LetterKind(kind).label,
        "placeholders": letters.PLACEHOLDERS,
    }
    return render(request, "applications/template_edit.html", context)


# --- Section 三/四 preview ------------------------------------------------------------------------


@login_required
def report(request: HttpRequest) -> HttpResponse:
    from gongkai.appeals.report import section4

    agencies = visible_agencies(request.user)
    agency_id = request.GET.get("agency") or request.user.agency_id
    agency = get_object_or_404(agencies, pk=agency_id) if str(agency_id).isdigit() else request.user.agency
    try:
        year = int(request.GET.get("year") or actions.today().year)
    except ValueError:
        year = actions.today().year
    year = min(max(year, 2008), 2100)
    s3 = section3(agency, year)
    rows = [(r, s3[r.code]) for r in FORMAT_2021.section3_rows]
    s4 = section4(agency, year)
    context = {
        "agency": agency,
        "agencies": agencies,
        "year": year,
        "rows": rows,
        "columns": [COLUMN_LABELS[c] for c in COLUMNS],
        "s4": [(code, label, s4[code]) for code, label in SECTION4_GROUPS],
        "s4_columns": list(SECTION4_COLUMN_LABELS.values()),
    }
    return render(request, "applications/report.html", context)
