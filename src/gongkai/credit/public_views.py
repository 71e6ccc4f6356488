"""Public 双公示 pages: per agency and across agencies, search by name, 统一社会信用代码 or 文书号.

Only records whose status is 公示中 and whose period has not ended are shown (the daily job also
marks them expired). Natural persons' names are masked by the agency's rule and their ID numbers
never reach the page: the detail is built from the template's public fields only.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gongkai.orgs.models import Agency
from gongkai.portal.columns import COLUMNS

from . import search
from .actions import name_mask_for
from .choices import Status
from .masking import display_name, public_fields
from .models import CreditRecord, CreditSettings, RecordSet

KINDS = (("xk", "行政许可"), ("cf", "行政处罚"))


def _public_sets(kind: str) -> tuple[list[int], str]:
    sets = dict(RecordSet.objects.filter(key__in=("xk", "cf")).values_list("key", "pk"))
    if kind in sets:
        return [sets[kind]], kind
    return list(sets.values()), ""


def _masks(records) -> dict[int, str]:
    agency_ids = {r.agency_id for r in records}
    rules = dict(
        CreditSettings.objects.filter(agency_id__in=agency_ids).values_list("agency_id", "name_mask")
    )
    return {a: rules.get(a) or name_mask_for_default() for a in agency_ids}


def name_mask_for_default() -> str:
    from django.conf import settings

    from .schema import rules

    return getattr(settings, "GONGKAI_CREDIT_NAME_MASK", rules()["name_mask_default"])


def _search(request: HttpRequest, agency: Agency | None) -> dict:
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    set_ids, kind = _public_sets(kind)
    mode = request.GET.get("by", "")
    mode = mode if mode in ("name", "code", "doc_no") else ""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    records, result, short = [], None, False
    today = timezone.localdate()
    if q:
        effective = mode or search.classify(q)
        if effective == "name" and search.too_short(q):
            short = True
        else:
            scope = {
                "agency_id": agency.pk if agency else None,
                "set_ids": set_ids,
                "page": page,
                "today": today,
            }
            result = search.run(q, mode=effective, **scope)
            if not mode and effective == "name" and not result.count:
                result = search.run(q, mode="doc_no", **scope)  # the start of a 文书号 without its number
            by_id = CreditRecord.objects.select_related("agency", "record_set").in_bulk(result.ids)
            records = [by_id[i] for i in result.ids if i in by_id]
    elif agency is not None:
        # The newest 20 of each set straight from the (agency, set, decision_date) index, merged.
        for set_id in set_ids:
            records += list(
                CreditRecord.objects.filter(agency=agency, record_set_id=set_id, status=Status.PUBLISHED)
                .exclude(public_until__lt=today)
                .select_related("agency", "record_set")
                .order_by("-decision_date", "-pk")[:20]
            )
        records = sorted(records, key=lambda r: (r.decision_date, r.pk), reverse=True)[:20]
    masks = _masks(records)
    for rec in records:
        rec.shown_name = display_name(rec, masks[rec.agency_id])
    return {
        "q": q,
        "kind": kind,
        "by": mode,
        "kinds": KINDS,
        "records": records,
        "result": result,
        "too_short": short,
        "page": page,
        "has_next": result is not None and page * search.PAGE_SIZE < result.count,
    }


def zone_search(request: HttpRequest) -> HttpResponse:
    context = _search(request, None)
    context["agencies"] = Agency.objects.order_by("path")
    return render(request, "credit/public/search.html", context)


def agency_page(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    context = _search(request, agency)
    context.update({"agency": agency, "columns": COLUMNS, "column": "sgs"})
    context["withdrawn"] = (
        CreditRecord.objects.filter(agency=agency, status=Status.WITHDRAWN)
        .select_related("agency")
        .order_by("-withdrawn_at")[:10]
    )
    return render(request, "credit/public/search.html", context)


def record_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    rec = get_object_or_404(CreditRecord.objects.select_related("record_set", "agency"), pk=pk, agency=agency)
    today = timezone.localdate()
    withdrawn = rec.status == Status.WITHDRAWN
    shown = rec.status == Status.PUBLISHED and (rec.public_until is None or rec.public_until >= today)
    if not (shown or withdrawn) or rec.record_set.key not in ("xk", "cf"):
        raise Http404("该信息未公示或公示期已满")
    mask = name_mask_for(agency)
    context = {
        "agency": agency,
        "columns": COLUMNS,
        "column": "sgs",
        "rec": rec,
        "withdrawn": withdrawn,
        "name": display_name(rec, mask),
        "fields": [] if withdrawn else public_fields(rec, rec.record_set.schema(), mask),
    }
    return render(request, "credit/public/record.html", context)
