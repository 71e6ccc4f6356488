"""Section 四 of the annual report: appeals filed in the year, by result as known at its end.

An appeal counts in the year it was filed; its column is its result if decided by 31 December,
else 尚未审结. 总计 is the count of the group, so 总计 = 维持 + 纠正 + 其他 + 尚未审结 (S4-SUM)
holds by construction.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from gongkai.annual_report.formats import SECTION4_GROUPS
from gongkai.orgs.models import Agency

from .choices import AppealResult
from .models import Appeal

DECIDED = (AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER)


def section4(agency: Agency, year: int) -> dict[str, list[int]]:
    """{"RV"|"LD"|"LR": [维持, 纠正, 其他, 尚未审结, 总计]}."""
    end = date(year, 12, 31)
    decided = Q(decided_on__lte=end)
    annotations = {result: Count("pk", filter=decided & Q(result=result)) for result in DECIDED}
    annotations["pending"] = Count("pk", filter=Q(decided_on__isnull=True) | Q(decided_on__gt=end))
    annotations["total"] = Count("pk")
    rows = (
        Appeal.objects.filter(agency=agency, filed_on__gte=date(year, 1, 1), filed_on__lte=end)
        .order_by()
        .values("kind")
        .annotate(**annotations)
    )
    found = {row["kind"]: row for row in rows}
    keys = [*DECIDED, "pending", "total"]
    return {code: [found.get(code, {}).get(k, 0) for k in keys] for code, _ in SECTION4_GROUPS}
