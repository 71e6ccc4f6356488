"""The portal's 政府信息公开年报 column: each published report as HTML, DOCX and PDF (engine-rendered)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.annual_report.render import render_fragment, report_css
from gongkai.orgs.models import Agency
from gongkai.portal.columns import COLUMNS

from .choices import ReportStatus
from .compile import stored
from .models import AnnualReport
from .views import _file_response


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency.objects.select_related("parent"), slug=slug)


def published(agency: Agency):
    return AnnualReport.objects.filter(agency=agency, status=ReportStatus.PUBLISHED).order_by("-year")


def column(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    context = {
        "agency": agency,
        "columns": COLUMNS,
        "column": "annual",
        "title": dict(COLUMNS)["annual"],
        "reports": published(agency),
    }
    return render(request, "reports/public/column.html", context)


def _published(agency: Agency, year: int) -> AnnualReport:
    report = published(agency).filter(year=year).select_related("agency").first()
    if report is None:
        raise Http404("该年度报告尚未发布")
    return report


def report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    agency = _agency(slug)
    item = _published(agency, year)
    context = {
        "agency": agency,
        "columns": COLUMNS,
        "column": "annual",
        "report": item,
        "fragment": render_fragment(stored(item.published_json)),
        "report_css": report_css(),
    }
    return render(request, "reports/public/report.html", context)


def download(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    return _file_response(_published(_agency(slug), year), fmt, staff=False)
