"""Timeliness and quality figures (law.md, 双公示), and the counts for the annual report.

- 迟报率 = records reported more than 7 working days after the decision / records reported;
- 合规率 = records passing validation / records reported;
both per agency and month of reporting, read from what the import stored per record (`is_late`,
`is_valid`, `report_month`): one GROUP BY over a covering index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from .models import CreditRecord, RecordSet


@dataclass
class Month:
    agency_id: int
    month: int  # YYYYMM
    reported: int
    late: int
    valid: int
    avg_publish_lag: float | None = None

    @property
    def label(self) -> str:
        return f"{self.month // 100}-{self.month % 100:02d}"

    @property
    def late_rate(self) -> float:
        return self.late / self.reported if self.reported else 0.0

    @property
    def compliance_rate(self) -> float:
        return self.valid / self.reported if self.reported else 0.0

    @property
    def invalid(self) -> int:
        return self.reported - self.valid

    @staticmethod
    def _pct(value: float) -> str:
        text = f"{100 * value:.2f}".rstrip("0").rstrip(".")
        return f"{text}%"

    @property
    def late_pct(self) -> str:
        return self._pct(self.late_rate) if self.reported else "—"

    @property
    def compliance_pct(self) -> str:
        return self._pct(self.compliance_rate) if self.reported else "—"


def shuanggongshi_sets() -> list[int]:
    return list(RecordSet.objects.filter(key__in=("xk", "cf")).values_list("pk", flat=True))


def monthly(agency_ids: Iterable[int], year: int, set_ids: Iterable[int] | None = None) -> list[Month]:
    set_ids = list(set_ids) if set_ids is not None else shuanggongshi_sets()
    rows = (
        CreditRecord.objects.filter(
            agency_id__in=list(agency_ids),
            report_month__gte=year * 100 + 1,
            report_month__lte=year * 100 + 12,
            record_set_id__in=set_ids,
        )
        .values("agency_id", "report_month")
        .annotate(
            reported=Count("id"),
            late=Count("id", filter=Q(is_late=True)),
            valid=Count("id", filter=Q(is_valid=True)),
            lag=Avg("publish_lag"),
        )
        .order_by("agency_id", "report_month")
    )
    return [
        Month(r["agency_id"], r["report_month"], r["reported"], r["late"], r["valid"], r["lag"]) for r in rows
    ]


def totals(months: list[Month]) -> Month:
    return Month(
        0,
        0,
        sum(m.reported for m in months),
        sum(m.late for m in months),
        sum(m.valid for m in months),
    )


def section2_counts(agency, year: int) -> dict[str, int]:
    """Section 二 of the annual report: decisions made in `year` by `agency` (not its subordinates),
    counted in the database: {"licensing": …, "penalty": …, "coercion": …}."""
    sets = dict(RecordSet.objects.filter(key__in=("xk", "cf", "qz")).values_list("pk", "key"))
    rows = (
        CreditRecord.objects.filter(
            agency=agency,
            record_set_id__in=list(sets),
            decision_date__gte=f"{year}-01-01",
            decision_date__lte=f"{year}-12-31",
        )
        .order_by()
        .values("record_set_id")
        .annotate(n=Count("decision_date"))  # non-null here; an index-only scan on PostgreSQL
    )
    found = {sets[r["record_set_id"]]: r["n"] for r in rows}
    return {"licensing": found.get("xk", 0), "penalty": found.get("cf", 0), "coercion": found.get("qz", 0)}
