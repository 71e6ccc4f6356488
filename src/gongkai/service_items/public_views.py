"""Public pages of 政务服务事项: the lists (zone and agency), each item's page with its 申请材料,
样表 downloads and 批准结果公示. Pages show only the published version (`public_data`)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.orgs.models import Agency
from gongkai.portal.columns import COLUMNS
from gongkai.publications.search import Query, highlight

from . import queries, search
from .choices import ItemType, Medium
from .forms import PublicFilterForm
from .models import SampleFile, ServiceItem
from .views import sample_response

PAGE_SIZE = 20
APPROVALS_PAGE_SIZE = 20
TYPE_LABELS = dict(ItemType.choices)
MEDIUM_LABELS = dict(Medium.choices)


def _base(agency: Agency | None) -> dict:
    return {"agency": agency, "columns": COLUMNS, "column": "services"}


def _row(item: ServiceItem, name: str) -> dict:
    return {"item": item, "name": name, "type": TYPE_LABELS.get(item.pub_type, item.pub_type)}


def _list(request: HttpRequest, agency: Agency | None) -> HttpResponse:
    form = PublicFilterForm(request.GET or None)
    q, item_type = "", ""
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        item_type = form.cleaned_data["type"]
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    query = Query(q)
    rows, count, too_short = [], 0, False
    if q:
        too_short = query.too_short
        if not too_short:
            result = search.run(
                query, agency_id=agency.pk if agency else None, item_type=item_type, page=number
            )
            by_id = ServiceItem.objects.select_related("agency").in_bulk(result.ids)
            items = [by_id[i] for i in result.ids if i in by_id]
            count = result.count
            rows = [_row(i, highlight(i.pub_name, query.terms)) for i in items]
        pages = (count + PAGE_SIZE - 1) // PAGE_SIZE
        page = None
    else:
        qs = queries.public_items(agency)
        if item_type:
            qs = qs.filter(pub_type=item_type)
        page = Paginator(qs, PAGE_SIZE).get_page(number)
        rows = [_row(i, i.pub_name) for i in page]
        count, pages = page.paginator.count, page.paginator.num_pages
    params = request.GET.copy()
    params.pop("page", None)
    context = _base(agency) | {
        "form": form,
        "q": q,
        "rows": rows,
        "count": count,
        "page": page,
        "page_number": number,
        "pages": pages,
        "too_short": too_short,
        "query": params.urlencode(),
    }
    return render(request, "service_items/public/list.html", context)


def zone_list(request: HttpRequest) -> HttpResponse:
    return _list(request, None)


def agency_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _list(request, get_object_or_404(Agency, slug=slug))


def _public_item(slug: str, pk: int) -> ServiceItem:
    item = ServiceItem.objects.select_related("agency").filter(pk=pk, agency__slug=slug).first()
    if item is None or item.public_data is None:
        raise Http404("事项不存在")
    return item


def item_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _public_item(slug, pk)
    agency = item.agency
    if not item.is_public:
        context = _base(agency) | {"item": item, "data": item.public_data}
        return render(request, "service_items/public/withdrawn.html", context, status=410)
    data = item.public_data
    materials = [
        m | {"medium_label": MEDIUM_LABELS.get(m["medium"], m["medium"]), "number": n}
        for n, m in enumerate(data["materials"], 1)
    ]
    approvals = Paginator(queries.approval_results(item), APPROVALS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = _base(agency) | {
        "item": item,
        "data": data,
        "type_label": TYPE_LABELS.get(data["item_type"], data["item_type"]),
        "steps": [s for s in data["procedure"].split("\n") if s.strip()],
        "materials": materials,
        "approvals": approvals,
        "approval_rows": queries.approval_rows(approvals, agency),
    }
    return render(request, "service_items/public/item.html", context)


def sample_download(request: HttpRequest, slug: str, pk: int, sha256: str) -> HttpResponse:
    """A 样表 of the published version, always as a download."""
    item = _public_item(slug, pk)
    if not item.is_public:
        raise Http404("事项已撤下")
    named = next(
        (
            m["sample"]
            for m in item.public_data["materials"]
            if m["sample"] and m["sample"]["sha256"] == sha256
        ),
        None,
    )
    sample = SampleFile.objects.filter(agency=item.agency, sha256=sha256).first() if named else None
    if sample is None:
        raise Http404("样表不存在")
    return sample_response(sample, named["name"])
