"""Public pages: the zone home, each agency's home and its standard columns."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.orgs.models import Agency

from .columns import ARTICLE_20, COLUMNS


def zone_home(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.select_related("parent").order_by("path")
    return render(request, "portal/zone_home.html", {"agencies": agencies})


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency.objects.select_related("parent"), slug=slug)


def agency_home(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    return render(request, "portal/agency_home.html", {"agency": agency, "columns": COLUMNS})


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
