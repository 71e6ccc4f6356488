"""Public pages: the zone home, each agency's home and its standard columns, search everything.

The homes bring together what the law promises and where Chinese government sites put it: the four
standard columns (指南, 制度, 法定主动公开内容 by Art. 20 category, 年报), 依申请公开, 双公示, 政务服务事项
and 监督, the latest items and one search box over everything.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from gongkai.orgs.models import Agency

from . import search_all
from .columns import ARTICLE_20, COLUMNS


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for the load balancer (no database): also the benchmark's minimal view."""
    return HttpResponse("ok", content_type="text/plain")


def _zone_root() -> Agency | None:
    """The zone's own government (the top of the tree), whose columns the zone home shows."""
    return Agency.objects.filter(parent__isnull=True).order_by("path").first()


def zone_home(request: HttpRequest) -> HttpResponse:
    from gongkai.publications.choices import ARTICLE_20_CATEGORIES
    from gongkai.publications.models import Item
    from gongkai.publications.queries import latest
    from gongkai.service_items.queries import latest as latest_services

    agencies = list(Agency.objects.select_related("parent").order_by("path"))
    # Counted here rather than through publications' minute-long cache: the page itself is cached
    # until the next change, and must show that change at once.
    counts = dict(Item.objects.public().order_by().values_list("category").annotate(n=Count("*")))
    context = {
        "agencies": agencies,
        "root": _zone_root(),
        "categories": [(code, label, counts.get(code, 0)) for code, label in ARTICLE_20_CATEGORIES],
        "latest": latest(None, 8),
        "services": latest_services(None, 6),
    }
    return render(request, "portal/zone_home.html", context)


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency.objects.select_related("parent"), slug=slug)


def agency_home(request: HttpRequest, slug: str) -> HttpResponse:
    from gongkai.complaints.actions import handler_for
    from gongkai.publications.choices import categories_for_level
    from gongkai.publications.queries import category_counts, latest, public_items
    from gongkai.service_items.models import ServiceItem
    from gongkai.service_items.queries import latest as latest_services

    agency = _agency(slug)
    counts = category_counts(agency)
    context = {
        "agency": agency,
        "columns": COLUMNS,
        "column": "home",
        "latest": latest(agency, 8),
        "categories": [
            (code, label, counts.get(code, 0)) for code, label in categories_for_level(agency.level)
        ],
        "rules": list(public_items(agency).filter(in_rules_column=True).order_by("-published_at", "-pk")[:5]),
        "services": latest_services(agency, 6),
        "service_count": ServiceItem.objects.filter(agency=agency, is_public=True).count(),
        "handler": handler_for(agency),
    }
    return render(request, "portal/agency_home.html", context)


def guide(request: HttpRequest, slug: str) -> HttpResponse:
    """政府信息公开指南 (Art. 12), generated from the agency's own settings so it is never stale."""
    agency = _agency(slug)
    return render(request, "portal/guide.html", {"agency": agency, "columns": COLUMNS, "column": "guide"})


def column(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    agency = _agency(slug)
    titles = dict(COLUMNS)
    if key not in titles:
        raise Http404("栏目不存在")
    context = {
        "agency": agency,
        "columns": COLUMNS,
        "column": key,
        "title": titles[key],
        "article_20": ARTICLE_20,
    }
    return render(request, "portal/column.html", context)


@never_cache
def go(request: HttpRequest) -> HttpResponse:
    """The zone home's "choose an agency" forms (no script needed): to its application form, its
    tracking page or its home."""
    agency = Agency.objects.filter(slug=request.GET.get("agency", "")).first()
    if agency is None:
        return redirect("portal:zone_home")
    targets = {"apply": "apply:form", "track": "apply:track", "home": "portal:agency_home"}
    try:
        return redirect(
            reverse(targets.get(request.GET.get("to", ""), "portal:agency_home"), args=[agency.slug])
        )
    except NoReverseMatch:
        raise Http404("页面不存在") from None


def search(request: HttpRequest) -> HttpResponse:
    """`search/all/?q=&agency=&type=&page=`: one box over publications, service items and 双公示."""
    slug = request.GET.get("agency", "")
    agency = Agency.objects.filter(slug=slug).select_related("parent").first() if slug else None
    context = search_all.search(request.GET, agency)
    context |= {"agency": agency, "columns": COLUMNS, "column": "search"}
    return render(request, "portal/search.html", context)
