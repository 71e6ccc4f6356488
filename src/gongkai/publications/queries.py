"""Read-only questions about the catalog: public lists, the register, Art. 26 timeliness, report figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.core.workdays import get_index

from .choices import DUE_SOON_WORKDAYS, UNPUBLISHED, ItemKind, Status, Validity
from .models import Item, Topic


def _year_range(year: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))
    return start, end


@dataclass
class CatalogFilter:
    """The browse filters of the public catalog (all optional)."""

    category: str = ""
    topic: Topic | None = None
    year: int | None = None
    validity: str = ""
    kind: str = ""

    def apply(self, qs: QuerySet[Item]) -> QuerySet[Item]:
        if self.category:
            qs = qs.filter(category=self.category)
        if self.topic is not None:
            qs = (
                qs.filter(topic=self.topic)
                if self.topic.parent_id
                else qs.filter(Q(topic=self.topic) | Q(topic__parent=self.topic))
            )
        if self.year:
            start, end = _year_range(self.year)
            qs = qs.filter(published_at__gte=start, published_at__lt=end)
        if self.validity:
            qs = qs.filter(validity=self.validity)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        return qs

    def search_filters(self) -> dict[str, object]:
        """The same filters as tokens of the search index (search.item_filters)."""
        filters: dict[str, object] = {}
        if self.category:
            filters["c"] = self.category
        if self.topic is not None:
            filters["t" if self.topic.parent_id else "p"] = self.topic.pk
        if self.year:
            filters["y"] = self.year
        if self.validity:
            filters["v"] = self.validity
        if self.kind:
            filters["k"] = self.kind
        return filters


def public_items(agency=None) -> QuerySet[Item]:
    qs = Item.objects.public().select_related("agency", "topic")
    return qs.filter(agency=agency) if agency is not None else qs


ALL_COUNTS_CACHE_SECONDS = 60


def category_counts(agency=None) -> dict[str, int]:
    """Published items per category. One agency: an index-only count. All agencies (a GROUP BY over
    every published item): cached for a minute, so the zone catalog page stays fast at any size."""
    qs = Item.objects.public()
    if agency is not None:
        return dict(qs.filter(agency=agency).order_by().values_list("category").annotate(n=Count("*")))
    return cache.get_or_set(
        "publications:category_counts",
        lambda: dict(qs.order_by().values_list("category").annotate(n=Count("*"))),
        ALL_COUNTS_CACHE_SECONDS,
    )


def latest(agency=None, limit: int = 8) -> list[Item]:
    return list(public_items(agency).order_by("-published_at", "-pk")[:limit])


def years(agency=None) -> list[int]:
    qs = Item.objects.public()
    if agency is not None:
        qs = qs.filter(agency=agency)
    first = qs.order_by("published_at").values_list("published_at", flat=True).first()
    if first is None:
        return []
    return list(range(timezone.localdate().year, timezone.localtime(first).year - 1, -1))


def register(agency=None) -> QuerySet[Item]:
    """规章 and 行政规范性文件 with their 有效性, newest first."""
    return (
        public_items(agency)
        .filter(kind__in=(ItemKind.RULE, ItemKind.NORMATIVE))
        .select_related("repealed_by__agency")
    )


# --- Annual report, section 二 ---------------------------------------------------------------------


def section2_documents(agency, year: int) -> dict[str, list[int]]:
    """第二十条第（一）项 for the annual report: [本年制发, 本年废止, 现行有效] for 规章 and 规范性文件.

    本年制发 = documents with a 成文日期 (else 发布日期) in the year; 本年废止 = documents whose
    validity ended (失效 or 废止) in the year; 现行有效 = issued by the year's end and not ended by then.
    So 现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y), the identity the report checker tests.
    Withdrawn items (taken down as published in error) do not count."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    result = {}
    for key, kind in (("rules", ItemKind.RULE), ("normative_documents", ItemKind.NORMATIVE)):
        docs = Item.objects.filter(agency=agency, kind=kind, status=Status.PUBLISHED)
        made = ended = in_force = 0
        for written_on, published_at, validity, invalid_on in docs.values_list(
            "written_on", "published_at", "validity", "invalid_on"
        ):
            issued = written_on or timezone.localtime(published_at).date()
            ended_on = invalid_on if validity in (Validity.EXPIRED, Validity.REPEALED) else None
            if start <= issued <= end:
                made += 1
            if ended_on and start <= ended_on <= end:
                ended += 1
            if issued <= end and not (ended_on and ended_on <= end):
                in_force += 1
        result[key] = [made, ended, in_force]
    return result


# --- Art. 26 timeliness ----------------------------------------------------------------------------


@dataclass
class Timeliness:
    overdue: list[Item]
    due_soon: list[Item]
    published_late: list[Item]


def timeliness(
    agencies_qs: QuerySet[Item], today: date | None = None, late_year: int | None = None
) -> Timeliness:
    """Unpublished items past their Art. 26 due date, due within DUE_SOON_WORKDAYS, and items of the
    year that were published after their due date."""
    today = today or timezone.localdate()
    soon = get_index().add(today, DUE_SOON_WORKDAYS)
    pending = agencies_qs.filter(status__in=UNPUBLISHED).select_related("agency").order_by("due_on", "pk")
    overdue = list(pending.filter(due_on__lt=today))
    due_soon = list(pending.filter(due_on__gte=today, due_on__lte=soon))
    start, end = _year_range(late_year or today.year)
    published = agencies_qs.filter(
        status__in=(Status.PUBLISHED, Status.WITHDRAWN),
        published_at__gte=start,
        published_at__lt=end,
        imported=False,
    ).select_related("agency")
    late = [
        i
        for i in published.order_by("-published_at")
        if i.due_on and timezone.localtime(i.published_at).date() > i.due_on
    ]
    return Timeliness(overdue, due_soon, late)
