"""Complaint figures for the annual report's 监督保障 narrative (section 一(四))."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from .choices import Finding, Kind, Status
from .models import Complaint


def _year_range(year: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    return start, end


def complaint_counts(agency, year: int) -> dict[str, int]:
    """Complaints and reports about `agency`'s disclosure work (条例 Art. 51) received in `year`
    (by submission time, Asia/Shanghai), with their state at the time of the call.

    Keys:
    - ``received``: all cases received in the year (= ``as_complaint`` + ``as_report``);
    - ``as_complaint`` / ``as_report``: 投诉 / 举报;
    - ``online``: of those, filed on the portal (the rest registered by staff from phone, letter, visit);
    - ``closed``: 已办结 with a reply; ``rejected``: 不予受理; ``open``: still 待受理 or 办理中;
    - ``substantiated``: closed as 属实 or 部分属实;
    - ``handled``: cases the agency handled in the year as the body one level up (about its
      subordinate agencies), for a supervising office's own narrative.

    The annual report's 监督保障 draft can say, e.g., "本年度收到涉及本机关政府信息公开工作的投诉举报
    {received} 件（投诉 {as_complaint} 件、举报 {as_report} 件），已办结 {closed + rejected} 件……"; in
    `reports.compile` terms: ``facts["complaints"] += received`` and ``facts["complaints_closed"] +=
    closed + rejected``. One grouped query for the agency's own cases, one count for those it handled.
    """
    start, end = _year_range(year)
    about = Complaint.objects.filter(agency=agency, submitted_at__gte=start, submitted_at__lt=end)
    figures = about.aggregate(
        received=Count("pk"),
        as_complaint=Count("pk", filter=Q(kind=Kind.COMPLAINT)),
        as_report=Count("pk", filter=Q(kind=Kind.REPORT)),
        online=Count("pk", filter=Q(channel="online")),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        open=Count("pk", filter=Q(status__in=(Status.RECEIVED, Status.ACCEPTED))),
        substantiated=Count(
            "pk", filter=Q(status=Status.CLOSED, finding__in=(Finding.SUBSTANTIATED, Finding.PARTLY))
        ),
    )
    figures["handled"] = (
        Complaint.objects.filter(handler=agency, submitted_at__gte=start, submitted_at__lt=end)
        .exclude(agency=agency)
        .count()
    )
    return {key: int(value or 0) for key, value in figures.items()}
