"""The public catalog (政府信息公开目录): per agency and across agencies, item pages, search, feed."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.orgs.models import Agency
from gongkai.portal.columns import COLUMNS

from . import queries, search
from .choices import ARTICLE_20_CATEGORIES, Status, Validity, categories_for_level, category_label
from .content import TYPE_LABELS, display_html, html_to_text
from .forms import CatalogFilterForm, SearchForm
from .models import Attachment, Item
from .views import attachment_response

PAGE_SIZE = 20


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency.objects.select_related("parent"), slug=slug)


def _base(agency: Agency | None, column: str = "statutory") -> dict:
    return {"agency": agency, "columns": COLUMNS, "column": column}


def statutory(request: HttpRequest, slug: str) -> HttpResponse:
    """法定主动公开内容: the Art. 20/21 categories with their counts, and the latest items."""
    agency = _agency(slug)
    counts = queries.category_counts(agency)
    categories = [(code, label, counts.get(code, 0)) for code, label in categories_for_level(agency.level)]
    context = _base(agency) | {
        "categories": categories,
        "latest": queries.latest(agency, 10),
        "register_count": queries.register(agency).count(),
    }
    return render(request, "publications/catalog/statutory.html", context)


def rules_column(request: HttpRequest, slug: str) -> HttpResponse:
    """政府信息公开制度: the items the agency put in that column."""
    agency = _agency(slug)
    qs = queries.public_items(agency).filter(in_rules_column=True).order_by("-published_at", "-pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publications/catalog/rules.html", _base(agency, "rules") | {"page": page})


class KnownCountPaginator(Paginator):
    """A paginator that is told the count when the category counts already hold it."""

    def __init__(self, *args, count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # fills Paginator.count (a cached_property)


def _known_count(agency: Agency | None, catalog_filter: queries.CatalogFilter) -> int | None:
    """Unfiltered or category-only lists: the total is in the category counts, no COUNT(*) needed."""
    if catalog_filter.topic or catalog_filter.year or catalog_filter.validity or catalog_filter.kind:
        return None
    counts = queries.category_counts(agency)
    return counts.get(catalog_filter.category, 0) if catalog_filter.category else sum(counts.values())


def _list(request: HttpRequest, agency: Agency | None, template: str, extra: dict) -> HttpResponse:
    form = CatalogFilterForm(
        request.GET or None, level=agency.level if agency else None, years=queries.years(agency)
    )
    catalog_filter = form.catalog_filter()
    qs = catalog_filter.apply(queries.public_items(agency)).order_by("-published_at", "-pk")
    page = KnownCountPaginator(qs, PAGE_SIZE, count=_known_count(agency, catalog_filter)).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    title = category_label(catalog_filter.category) if catalog_filter.category else "全部信息"
    context = _base(agency) | {"form": form, "page": page, "query": query.urlencode(), "title": title} | extra
    return render(request, template, context)


def agency_list(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    return _list(request, agency, "publications/catalog/list.html", {})


def all_list(request: HttpRequest) -> HttpResponse:
    """The whole zone's catalog, with the Art. 20 categories and their counts."""
    counts = queries.category_counts()
    categories = [(code, label, counts.get(code, 0)) for code, label in ARTICLE_20_CATEGORIES]
    return _list(request, None, "publications/catalog/list.html", {"categories": categories})


def _register(request: HttpRequest, agency: Agency | None) -> HttpResponse:
    validity = request.GET.get("validity", "")
    qs = queries.register(agency).order_by("-published_at", "-pk")
    if validity in Validity.values:
        qs = qs.filter(validity=validity)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = f"validity={validity}" if validity in Validity.values else ""
    context = _base(agency) | {"page": page, "validity": validity, "query": query}
    return render(request, "publications/catalog/register.html", context)


def agency_register(request: HttpRequest, slug: str) -> HttpResponse:
    return _register(request, _agency(slug))


def all_register(request: HttpRequest) -> HttpResponse:
    return _register(request, None)


def item_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The item with the metadata block; a withdrawn item leaves a notice (410) at its address."""
    agency = _agency(slug)
    item = (
        Item.objects.filter(pk=pk, agency=agency)
        .select_related("topic__parent", "repealed_by__agency")
        .first()
    )
    if item is None or item.status not in (Status.PUBLISHED, Status.WITHDRAWN):
        raise Http404("信息不存在")
    if item.status == Status.WITHDRAWN:
        return render(
            request, "publications/catalog/withdrawn.html", _base(agency) | {"item": item}, status=410
        )
    context = _base(agency) | {
        "item": item,
        "body": display_html(item.body),
        "attachments": [(a, TYPE_LABELS.get(a.extension, a.extension)) for a in item.attachments.all()],
        "interpretations": item.interpretations.filter(status=Status.PUBLISHED).select_related("agency"),
        "interprets": item.interprets.filter(status=Status.PUBLISHED).select_related("agency"),
    }
    return render(request, "publications/catalog/item.html", context)


def attachment(request: HttpRequest, slug: str, pk: int, attachment_pk: int):
    found = Attachment.objects.filter(
        pk=attachment_pk, item_id=pk, item__agency__slug=slug, item__status=Status.PUBLISHED
    ).first()
    if found is None:
        raise Http404("附件不存在")
    return attachment_response(found)


def search_page(request: HttpRequest) -> HttpResponse:
    """`/search/?q=…&agency=…&category=…&topic=…&year=…&validity=…&kind=…&page=…`"""
    slug = request.GET.get("agency", "")
    agency = Agency.objects.filter(slug=slug).first() if slug else None
    form = SearchForm(
        request.GET or None, level=agency.level if agency else None, years=queries.years(agency)
    )
    q = form.cleaned_data.get("q", "").strip() if form.is_valid() else ""
    catalog_filter = form.catalog_filter()
    filters = catalog_filter.search_filters()
    if agency is not None:
        filters["a"] = agency.pk
    query = search.Query(q, filters)
    results, result, too_short = [], None, False
    try:
        page_number = int(request.GET.get("page", 1))
    except ValueError:
        page_number = 1
    page_number = max(1, min(page_number, search.MAX_PAGE))
    if q:
        too_short = query.too_short
        if not too_short:
            result = search.run(query, page_number)
            items = Item.objects.filter(pk__in=result.ids, status=Status.PUBLISHED).select_related(
                "agency", "topic"
            )
            by_id = {i.pk: i for i in items}
            terms = query.terms
            for pk in result.ids:
                item = by_id.get(pk)
                if item is not None:
                    results.append(
                        {
                            "item": item,
                            "title": search.highlight(item.title, terms),
                            "snippet": search.snippet(item.summary + " " + html_to_text(item.body), terms),
                        }
                    )
    params = request.GET.copy()
    params.pop("page", None)
    pages = 0
    if result is not None:
        pages = min(search.MAX_PAGE, (result.count + search.PAGE_SIZE - 1) // search.PAGE_SIZE)
    context = _base(agency) | {
        "form": form,
        "q": q,
        "results": results,
        "result": result,
        "too_short": too_short,
        "page_number": page_number,
        "pages": pages,
        "query": params.urlencode(),
    }
    return render(request, "publications/catalog/search.html", context)


class LatestFeed(Feed):
    """Atom feed of newly published items (`/feed/`, `?agency=<slug>` for one agency)."""

    feed_type = Atom1Feed
    title = "政府信息公开 · 最新信息"
    subtitle = "主动公开的最新政府信息"

    def get_object(self, request, *args, **kwargs):
        slug = request.GET.get("agency", "")
        return Agency.objects.filter(slug=slug).first() if slug else None

    def link(self, obj):
        return reverse("catalog:agency_list", args=[obj.slug]) if obj else reverse("catalog:all_list")

    def items(self, obj):
        return queries.public_items(obj).order_by("-published_at", "-pk")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or html_to_text(item.body)[:200]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher
