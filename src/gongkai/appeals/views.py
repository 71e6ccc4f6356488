"""Back-office pages of appeals: the list, registering one against a case, recording its result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.applications.models import Application
from gongkai.core.web import add_errors
from gongkai.orgs.permissions import get_visible_or_404, has_perm, require, scope_queryset

from . import actions
from .forms import AppealForm, ResultForm
from .models import Appeal


@login_required
def appeal_list(request: HttpRequest) -> HttpResponse:
    appeals = scope_queryset(Appeal.objects.select_related("application", "agency"), request.user)
    page = Paginator(appeals, 50).get_page(request.GET.get("page"))
    return render(request, "appeals/list.html", {"page": page})


@login_required
def create(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = get_visible_or_404(
        Application.objects.select_related("agency"), request.user, pk=application_pk
    )
    require(request.user, actions.MANAGE, application.agency)
    form = AppealForm(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = actions.create_appeal(application, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已登记{appeal.get_kind_display()}。")
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/form.html", {"form": form, "case": application})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_visible_or_404(
        Appeal.objects.select_related("application", "agency", "prior"), request.user, pk=pk
    )
    can_manage = has_perm(request.user, actions.MANAGE, appeal.agency)
    form = ResultForm(request.POST or None)
    if request.method == "POST":
        require(request.user, actions.MANAGE, appeal.agency)
        if form.is_valid():
            try:
                actions.record_result(appeal, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "已记录审结结果。")
                return redirect("appeals:detail", pk=appeal.pk)
    context = {"appeal": appeal, "form": form, "can_manage": can_manage and appeal.decided_on is None}
    return render(request, "appeals/detail.html", context)
