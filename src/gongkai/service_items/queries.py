"""Read-only questions about service items: public lists and each item's approval results."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import ServiceItem


def public_items(agency=None) -> QuerySet[ServiceItem]:
    qs = ServiceItem.objects.filter(is_public=True).select_related("agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("agency__path", "pub_code", "pk")


def latest(agency=None, limit: int = 6) -> list[ServiceItem]:
    qs = ServiceItem.objects.filter(is_public=True).select_related("agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return list(qs.order_by("-published_at", "-pk")[:limit])


def approval_results(item: ServiceItem) -> QuerySet:
    """批准结果公示: the agency's licensing decisions (双公示, 公示中) that name this item's 事项编码
    (the licensing template's XK_SXBM, `CreditRecord.item_code`), newest first."""
    from gongkai.credit.choices import Status as CreditStatus
    from gongkai.credit.models import CreditRecord, RecordSet

    licensing = RecordSet.objects.filter(key="xk").values_list("pk", flat=True).first()
    if licensing is None or not item.pub_code:
        return CreditRecord.objects.none()
    return (
        CreditRecord.objects.filter(
            item_code=item.pub_code,
            agency_id=item.agency_id,
            record_set_id=licensing,
            status=CreditStatus.PUBLISHED,
        )
        .exclude(public_until__lt=timezone.localdate())
        .select_related("agency", "record_set")
        .order_by("-decision_date", "-pk")
    )


def approval_rows(records, agency) -> list[dict]:
    """What the item page shows of each decision: public fields only, names masked by the agency's rule."""
    from gongkai.credit.actions import name_mask_for
    from gongkai.credit.masking import display_name, scrub_text

    mask = name_mask_for(agency)
    rows = []
    for rec in records:
        rows.append(
            {
                "record": rec,
                "name": display_name(rec, mask),
                "doc_no": rec.original_doc_no,
                "content": scrub_text(str(rec.data.get("XK_NR", ""))),
                "decided": rec.decision_date,
                "valid_to": rec.valid_to,
            }
        )
    return rows
