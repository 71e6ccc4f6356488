"""Back-office pages of the working-day calendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.orgs.permissions import require

from . import actions, workdays
from .choices import DayKind
from .forms import CalendarYearForm, WorkdayCalcForm
from .models import CalendarYear


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    require(request.user, "core.change_calendar")
    years = CalendarYear.objects.annotate(
        holidays=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
        makeup=Count("days", filter=Q(days__kind=DayKind.WORKDAY)),
    )
    return render(request, "core/calendar.html", {"years": years})


@login_required
def calendar_edit(request: HttpRequest, year: int | None = None) -> HttpResponse:
    require(request.user, "core.change_calendar")
    initial = {"year": year}
    existing = CalendarYear.objects.filter(year=year).first() if year else None
    if existing:
        days = list(existing.days.order_by("date"))
        initial |= {
            "source": existing.source,
            "holidays": "\n".join(f"{d.date} {d.name}" for d in days if d.kind == DayKind.HOLIDAY),
            "makeup_workdays": "\n".join(f"{d.date} {d.name}" for d in days if d.kind == DayKind.WORKDAY),
        }
    form = CalendarYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_calendar_year(
                data["year"],
                source=data["source"],
                holidays=data["holidays"],
                makeup_workdays=data["makeup_workdays"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{data['year']} 年节假日安排已保存，相关期限将据此重新计算。")
            return redirect("core:calendar")
    return render(request, "core/calendar_form.html", {"form": form, "year": year})


@login_required
def workday_calc(request: HttpRequest) -> HttpResponse:
    """Add N working days and show every day skipped and why, as the case pages will."""
    form = WorkdayCalcForm(request.GET or None)
    result = steps = None
    if form.is_bound and form.is_valid():
        try:
            result, steps = workdays.get_index().explain(
                form.cleaned_data["start"], form.cleaned_data["days"]
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
    return render(request, "core/workday_calc.html", {"form": form, "result": result, "steps": steps})
