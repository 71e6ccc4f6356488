"""Public pages of 监督 (Art. 51): the channel's page per agency and for the zone, the complaint
form with its receipt, and tracking by 受理编号 and 查询码 (a POST; the match is kept in the session,
never in the URL)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.applications import antibot
from gongkai.orgs.models import Agency
from gongkai.portal.columns import COLUMNS

from . import actions
from .forms import PublicComplaintForm, TrackForm
from .models import Complaint

SESSION_RECEIPT = "complaints.receipt"
SESSION_TRACKED = "complaints.tracked"


def _context(agency: Agency | None, **extra) -> dict:
    return {"agency": agency, "columns": COLUMNS, "column": "supervision", **extra}


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def allow_submission(ip: str | None) -> bool:
    """At most GONGKAI_COMPLAINTS_PER_HOUR complaints per address and hour (Django's cache)."""
    key = f"gongkai:complaint:{ip or 'unknown'}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count <= int(getattr(settings, "GONGKAI_COMPLAINTS_PER_HOUR", 5))


def zone(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.select_related("parent").order_by("path")
    return render(request, "complaints/public/zone.html", _context(None, agencies=agencies))


def agency_page(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("parent"), slug=slug)
    handler = actions.handler_for(agency)
    return render(request, "complaints/public/agency.html", _context(agency, handler=handler))


@never_cache
def complaint_form(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("parent"), slug=slug)
    form = PublicComplaintForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not allow_submission(_ip(request)):
                form.add_error(None, "同一网络地址提交过于频繁，请稍后再试，或拨打监督电话反映。")
                status = 429
            else:
                complaint, code = actions.submit_complaint(agency=agency, data=form.complaint_data())
                request.session[SESSION_RECEIPT] = {"number": complaint.number, "code": code, "agency": slug}
                request.session[SESSION_TRACKED] = complaint.pk
                return redirect("supervision:done", slug=slug)
        else:
            status = 400
        data = form.data.copy()
        data["token"] = antibot.issue_token()  # a fresh token, so the corrected form can be sent
        form.data = data
    else:
        form = PublicComplaintForm(initial={"token": antibot.issue_token()})
    context = _context(agency, form=form, handler=actions.handler_for(agency))
    return render(request, "complaints/public/form.html", context, status=status)


@never_cache
def done(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    receipt = request.session.pop(SESSION_RECEIPT, None)
    if not receipt or receipt.get("agency") != slug:
        return redirect("supervision:track")
    return render(request, "complaints/public/done.html", _context(agency, receipt=receipt))


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if antibot.tracking_blocked(_ip(request)):
            form.add_error(None, "查询失败次数过多，请 15 分钟后再试。")
            status = 429
        elif form.is_valid():
            number = form.cleaned_data["number"].strip().upper()
            complaint = Complaint.objects.filter(number=number).first()
            if complaint is not None and actions.check_query_code(complaint, form.cleaned_data["code"]):
                request.session[SESSION_TRACKED] = complaint.pk
                return redirect("supervision:case")
            antibot.record_tracking_failure(_ip(request))
            form.add_error(None, "受理编号或查询码不正确。")
            status = 400
        else:
            status = 400
    return render(request, "complaints/public/track.html", _context(None, form=form), status=status)


@never_cache
def case(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(SESSION_TRACKED)
    complaint = Complaint.objects.select_related("agency", "handler").filter(pk=pk).first() if pk else None
    if complaint is None:
        messages.info(request, "请输入受理编号和查询码查询办理情况。")
        return redirect("supervision:track")
    return render(request, "complaints/public/case.html", _context(complaint.agency, complaint=complaint))


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_TRACKED, None)
    return redirect("supervision:track")
