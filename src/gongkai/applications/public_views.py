"""Public pages of 依申请公开 on each agency's portal: apply online, the receipt, track a case.

Tracking takes the case number and query code by POST (never in the URL); a match is
remembered in the session, which then opens the case page and its letters for download.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from gongkai.orgs.models import Agency
from gongkai.portal.columns import COLUMNS

from . import actions, antibot
from .choices import APPLICANT_LETTERS, RECEIPT_RULES, Channel
from .forms import PublicApplicationForm, TrackForm
from .models import Application
from .views import letter_response

SESSION_RECEIPT = "applications.receipt"
SESSION_TRACKED = "applications.tracked"


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def _context(agency: Agency, **extra) -> dict:
    return {"agency": agency, "columns": COLUMNS, "column": "apply", **extra}


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


@never_cache
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    form = PublicApplicationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not antibot.allow_submission(_ip(request)):
                form.add_error(None, "同一网络地址提交过于频繁，请稍后再试，或通过信函、传真等方式提交。")
                status = 429
            else:
                application, code = actions.submit_online(
                    agency=agency, data=form.applicant_data(), attachments=form.cleaned_data["attachments"]
                )
                request.session[SESSION_RECEIPT] = {
                    "number": application.number,
                    "code": code,
                    "agency": slug,
                }
                request.session.setdefault(SESSION_TRACKED, {})[slug] = application.pk
                request.session.modified = True
                return redirect("apply:done", slug=slug)
        else:
            status = 400
    fresh = PublicApplicationForm(initial={"token": antibot.issue_token()}) if not form.is_bound else form
    if form.is_bound:
        # A new token with every rendering, so a corrected form can be sent again.
        data = form.data.copy()
        data["token"] = antibot.issue_token()
        form.data = data
    context = _context(agency, form=fresh, receipt_rule=RECEIPT_RULES[Channel.ONLINE])
    return render(request, "applications/public/apply.html", context, status=status)


@never_cache
def done(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    receipt = request.session.pop(SESSION_RECEIPT, None)
    if not receipt or receipt.get("agency") != slug:
        return redirect("apply:track", slug=slug)
    return render(request, "applications/public/done.html", _context(agency, receipt=receipt))


@never_cache
def track(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if antibot.tracking_blocked(_ip(request)):
            form.add_error(None, "查询失败次数过多，请 15 分钟后再试。")
            status = 429
        elif form.is_valid():
            number = form.cleaned_data["number"].strip()
            application = Application.objects.filter(agency=agency, number=number).first()
            if application is not None and actions.check_query_code(application, form.cleaned_data["code"]):
                request.session.setdefault(SESSION_TRACKED, {})[slug] = application.pk
                request.session.modified = True
                return redirect("apply:case", slug=slug)
            antibot.record_tracking_failure(_ip(request))
            form.add_error(None, "申请编号或查询码不正确。")
            status = 400
    return render(request, "applications/public/track.html", _context(agency, form=form), status=status)


def _tracked(request: HttpRequest, agency: Agency) -> Application:
    pk = request.session.get(SESSION_TRACKED, {}).get(agency.slug)
    application = Application.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if application is None:
        raise Http404("请先输入申请编号和查询码")
    return application


@never_cache
def case(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    try:
        application = _tracked(request, agency)
    except Http404:
        messages.info(request, "请输入申请编号和查询码查询办理进度。")
        return redirect("apply:track", slug=slug)
    clock = actions.compute_clock(application, explain=True)
    letters = application.letters.filter(kind__in=APPLICANT_LETTERS)
    context = _context(agency, case=application, clock=clock, letters=letters, today=actions.today())
    return render(request, "applications/public/case.html", context)


@never_cache
def letter(request: HttpRequest, slug: str, letter_id: int, fmt: str) -> HttpResponse:
    agency = _agency(slug)
    application = _tracked(request, agency)
    item = get_object_or_404(
        application.letters.select_related("agency").filter(kind__in=APPLICANT_LETTERS), pk=letter_id
    )
    return letter_response(item, fmt)


def leave(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST":
        request.session.get(SESSION_TRACKED, {}).pop(slug, None)
        request.session.modified = True
    return redirect("apply:track", slug=slug)
