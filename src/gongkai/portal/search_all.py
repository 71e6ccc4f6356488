"""Search everything from one box: published items (publications.search), published service items
(service_items.search) and 双公示 records (credit.search; public fields only, natural persons' names
masked as on the 双公示 pages). The overview shows the first few of each kind with its count; `type`
shows one kind with pages. Every shown text is HTML-escaped before matches are highlighted."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from gongkai.publications import search as pub_search

OVERVIEW = 5
KINDS = (("info", "政府信息"), ("services", "政务服务事项"), ("sgs", "双公示"))
MAX_QUERY = 100


def _page(params: QueryDict) -> int:
    try:
        return max(1, min(int(params.get("page", 1)), pub_search.MAX_PAGE))
    except ValueError:
        return 1


def _info(query: pub_search.Query, agency, page: int) -> dict:
    from gongkai.publications.choices import Status
    from gongkai.publications.content import html_to_text
    from gongkai.publications.models import Item

    filters = {"a": agency.pk} if agency is not None else {}
    result = pub_search.run(pub_search.Query(query.text, filters), page)
    by_id = Item.objects.filter(pk__in=result.ids, status=Status.PUBLISHED).select_related("agency").in_bulk()
    rows = []
    for pk in result.ids:
        item = by_id.get(pk)
        if item is not None:
            rows.append(
                {
                    "url": item.get_absolute_url(),
                    "title": pub_search.highlight(item.title, query.terms),
                    "snippet": pub_search.snippet(item.summary + " " + html_to_text(item.body), query.terms),
                    "meta": [
                        item.agency.name,
                        item.index_no or "",
                        timezone.localtime(item.published_at).date().isoformat(),
                    ],
                }
            )
    return {"rows": rows, "count": result.count, "more": result.more, "page_size": pub_search.PAGE_SIZE}


def _services(query: pub_search.Query, agency, page: int) -> dict:
    from gongkai.service_items import search
    from gongkai.service_items.choices import ItemType
    from gongkai.service_items.models import ServiceItem

    result = search.run(query, agency_id=agency.pk if agency else None, page=page)
    by_id = ServiceItem.objects.select_related("agency").in_bulk(result.ids)
    labels = dict(ItemType.choices)
    rows = []
    for pk in result.ids:
        item = by_id.get(pk)
        if item is None or not item.is_public:
            continue
        data = item.public_data
        text = " ".join([data["conditions"], *(m["name"] for m in data["materials"])])
        rows.append(
            {
                "url": item.get_absolute_url(),
                "title": pub_search.highlight(data["name"], query.terms),
                "snippet": pub_search.snippet(text, query.terms),
                "meta": [item.agency.name, data["code"], labels.get(data["item_type"], "")],
            }
        )
    return {"rows": rows, "count": result.count, "more": result.more, "page_size": search.PAGE_SIZE}


def _sgs(text: str, terms: list[str], agency, page: int) -> dict:
    from gongkai.credit import search
    from gongkai.credit.actions import name_mask_for
    from gongkai.credit.masking import display_name
    from gongkai.credit.models import CreditRecord, RecordSet

    sets = list(RecordSet.objects.filter(key__in=("xk", "cf")).values_list("pk", flat=True))
    mode = search.classify(text)
    if not sets or (mode == "name" and search.too_short(text)):
        return {"rows": [], "count": 0, "more": False, "page_size": search.PAGE_SIZE}
    result = search.run(
        text,
        mode=mode,
        agency_id=agency.pk if agency else None,
        set_ids=sets,
        page=page,
        today=timezone.localdate(),
    )
    by_id = CreditRecord.objects.select_related("agency", "record_set").in_bulk(result.ids)
    masks: dict[int, str] = {}
    rows = []
    for pk in result.ids:
        rec = by_id.get(pk)
        if rec is None:
            continue
        if rec.agency_id not in masks:
            masks[rec.agency_id] = name_mask_for(rec.agency)
        name = display_name(rec, masks[rec.agency_id])
        rows.append(
            {
                "url": reverse("sgs:record", args=[rec.agency.slug, rec.pk]),
                "title": pub_search.highlight(f"{rec.record_set.name}：{name}", terms),
                "snippet": pub_search.highlight(rec.original_doc_no, terms),
                "meta": [rec.agency.name, rec.decision_date.isoformat() if rec.decision_date else ""],
            }
        )
    return {"rows": rows, "count": result.count, "more": result.more, "page_size": search.PAGE_SIZE}


def search(params: QueryDict, agency) -> dict:
    """The context of the search page for `q`, `type` and `page` (bounded, escaped, highlighted)."""
    q = (params.get("q") or "").strip()[:MAX_QUERY]
    kind = params.get("type", "")
    kind = kind if kind in dict(KINDS) else ""
    page = _page(params) if kind else 1
    query = pub_search.Query(q)
    sections, too_short = [], False
    if q:
        too_short = query.too_short or not query.terms
        if not too_short:
            for key, label in KINDS:
                if kind and key != kind:
                    continue
                if key == "info":
                    found = _info(query, agency, page)
                elif key == "services":
                    found = _services(query, agency, page)
                else:
                    found = _sgs(q, query.terms, agency, page)
                if not kind:
                    found["rows"] = found["rows"][:OVERVIEW]
                pages = (found["count"] + found["page_size"] - 1) // found["page_size"]
                sections.append(
                    {"key": key, "label": label, "pages": min(pages, pub_search.MAX_PAGE)} | found
                )
    base = QueryDict(mutable=True)
    base["q"] = q
    if agency is not None:
        base["agency"] = agency.slug
    return {
        "q": q,
        "type": kind,
        "kinds": KINDS,
        "page_number": page,
        "sections": sections,
        "too_short": too_short,
        "base_query": base.urlencode(),
        "total": sum(s["count"] for s in sections),
    }
