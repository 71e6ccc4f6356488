"""Back-office pages of the complaints channel, mounted at staff/complaints/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.web import error_text
from gongkai.orgs.models import Agency
from gongkai.orgs.permissions import get_visible_or_404, has_perm, require, scope_queryset

from . import actions
from .choices import OPEN, Status
from .forms import RegisterForm, RejectForm, ReplyForm
from .models import Complaint


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    return get_visible_or_404(
        Complaint.objects.select_related("agency", "handler", "accepted_by", "closed_by"),
        request.user,
        "handler",
        pk=pk,
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    qs = scope_queryset(Complaint.objects.select_related("agency", "handler"), request.user, "handler")
    status = request.GET.get("status", "open")
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status in Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs.order_by("-submitted_at", "-pk"), 30).get_page(request.GET.get("page"))
    agency = request.user.agency
    context = {
        "page": page,
        "status": status,
        "statuses": [("open", "未办结"), *Status.choices, ("", "全部")],
        "query": f"status={status}",
        "can_register": agency is not None
        and has_perm(request.user, actions.HANDLE, agency)
        and bool(_registrable(request.user)),
    }
    return render(request, "complaints/queue.html", context)


def _registrable(user) -> list[int]:
    """Agencies whose complaints this user's agency handles: itself if at the top, and its children."""
    agency = user.agency
    candidates = Agency.objects.filter(path__startswith=agency.path).select_related("parent")
    return [a.pk for a in candidates if actions.handler_for(a).pk == agency.pk]


@login_required
def register(request: HttpRequest) -> HttpResponse:
    require(request.user, actions.HANDLE, request.user.agency)
    agencies = Agency.objects.filter(pk__in=_registrable(request.user)).order_by("path")
    if not agencies.exists():
        raise PermissionDenied("本机关不办理投诉举报（由上一级机关办理）")
    form = RegisterForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            complaint, code = actions.submit_complaint(
                agency=form.cleaned_data["agency"],
                data=form.complaint_data(),
                acting_user=request.user,
                channel=form.cleaned_data["channel"],
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request,
                f"已登记，受理编号 {complaint.number}，查询码 {code}（只显示这一次，请告知投诉举报人）。",
            )
            return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/register.html", {"form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    can_handle = has_perm(request.user, actions.HANDLE, complaint.handler) and complaint.is_open
    context = {
        "complaint": complaint,
        "can_handle": can_handle,
        "reject_form": RejectForm(),
        "reply_form": ReplyForm(),
    }
    return render(request, "complaints/detail.html", context)


def _act(request: HttpRequest, complaint: Complaint, func, success: str, **kwargs) -> HttpResponse:
    try:
        func(complaint, acting_user=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect("complaints:detail", pk=complaint.pk)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    require(request.user, actions.HANDLE, complaint.handler)
    return _act(request, complaint, actions.accept_complaint, "已受理。")


@login_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    require(request.user, actions.HANDLE, complaint.handler)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写不予受理理由。")
        return redirect("complaints:detail", pk=complaint.pk)
    return _act(
        request, complaint, actions.reject_complaint, "已决定不予受理。", reason=form.cleaned_data["reason"]
    )


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    require(request.user, actions.HANDLE, complaint.handler)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择核查结论并填写答复意见。")
        return redirect("complaints:detail", pk=complaint.pk)
    return _act(
        request,
        complaint,
        actions.reply_complaint,
        "已答复并办结。",
        finding=form.cleaned_data["finding"],
        reply=form.cleaned_data["reply"],
    )
