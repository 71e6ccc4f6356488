"""Auditors browse, filter and export the trail (the export itself is audited)."""

from __future__ import annotations

import csv
from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.orgs.permissions import require

from . import trail
from .forms import AuditFilterForm
from .models import AuditEvent

CSV_COLUMNS = [
    "序号",
    "时间",
    "操作人",
    "角色",
    "机关",
    "IP",
    "操作",
    "对象类型",
    "对象编号",
    "结果",
    "详情",
    "哈希",
]


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    require(request.user, "audit.view", request.user.agency)
    form = AuditFilterForm(request.GET or None)
    # An auditor sees the events of their agency's subtree, and the system's own events.
    events = AuditEvent.objects.filter(
        Q(agency__path__startswith=request.user.agency.path) | Q(agency__isnull=True)
    ).select_related("agency")
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_name=data["actor"])
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["result"]:
            events = events.filter(result=data["result"])
        tz = timezone.get_current_timezone()
        if data["since"]:
            events = events.filter(created_at__gte=datetime.combine(data["since"], time.min, tz))
        if data["until"]:
            events = events.filter(
                created_at__lt=datetime.combine(data["until"] + timedelta(days=1), time.min, tz)
            )
    return form, events


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def verify_chain(request: HttpRequest) -> HttpResponse:
    require(request.user, "audit.view", request.user.agency)
    return render(request, "audit/verify.html", {"result": trail.verify()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    _, events = _filtered(request)
    with transaction.atomic():
        trail.record(
            "audit.export", actor=request.user, detail={"filters": request.GET.dict(), "rows": events.count()}
        )
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with a BOM
        yield writer.writerow(CSV_COLUMNS)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.seq,
                    timezone.localtime(e.created_at).isoformat(),
                    e.actor_name,
                    e.role,
                    e.agency.name if e.agency else "",
                    e.ip or "",
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.get_result_display(),
                    trail.canonical_json(e.detail),
                    e.hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.csv"'
    return response
