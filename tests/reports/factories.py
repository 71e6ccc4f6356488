"""Small generated data sets for the report tests (the benchmark's loaders at a small scale, plus
the edge cases the conditions must get right)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bench.report_compile import load_cases, load_credit, load_publications


def populate(agency, *, credit: int = 600, cases: int = 400, publications: int = 300, seed: int = 0) -> None:
    load_credit(agency, credit, seed=seed + 1)
    load_cases(agency, cases, seed=seed + 2)
    load_publications(agency, publications, seed=seed + 3)
    edge_documents(agency)


def edge_documents(agency) -> None:
    """Documents the register conditions must classify right: no 成文日期 (the local 发布日期 counts,
    here 1 January in Beijing while still 31 December in UTC), ended without a date, withdrawn."""
    from gongkai.publications.models import Item

    def item(kind, written, published, **extra):
        return Item(
            agency=agency,
            kind=kind,
            status=extra.pop("status", "published"),
            title="边界文件",
            publisher=agency.name,
            written_on=written,
            formed_on=written or published.date(),
            published_at=published,
            category="20.1",
            validity=extra.pop("validity", "valid"),
            **extra,
        )

    new_year_eve_utc = datetime(2023, 12, 31, 17, 0, tzinfo=UTC)  # 2024-01-01 01:00 in Beijing
    Item.objects.bulk_create(
        [
            item("normative", None, new_year_eve_utc),
            item("normative", date(2023, 5, 1), datetime(2023, 5, 3, tzinfo=UTC), validity="expired"),
            item("normative", date(2023, 6, 1), datetime(2023, 6, 3, tzinfo=UTC), status="withdrawn"),
            item(
                "normative",
                date(2022, 6, 1),
                datetime(2022, 6, 3, tzinfo=UTC),
                validity="repealed",
                invalid_on=date(2024, 1, 1),
            ),
            item("rule", date(2024, 2, 1), datetime(2024, 2, 3, tzinfo=UTC) + timedelta(hours=1)),
        ]
    )


def fee_set(agency, amounts: list[tuple[date, str]]):
    """An agency-defined set holding its 行政事业性收费 (amount in 万元, dated), with records."""
    from django.utils import timezone

    from gongkai.credit import actions
    from gongkai.credit.models import CreditRecord

    record_set = actions.define_set(
        acting_user=None,
        agency=agency,
        name="行政事业性收费",
        fields=[
            {"code": "PJH", "name": "票据号", "type": "text", "required": True},
            {"code": "JE", "name": "收费金额（万元）", "type": "amount", "required": True},
            {"code": "SFRQ", "name": "收费日期", "type": "date", "required": True},
        ],
        roles={"doc_no": "PJH", "decision_date": "SFRQ"},
    )
    now = timezone.now()
    CreditRecord.objects.bulk_create(
        CreditRecord(
            agency=agency,
            record_set=record_set,
            kind="custom",
            doc_no=f"PJ{n:05d}",
            decision_date=day,
            data={"PJH": f"PJ{n:05d}", "JE": amount, "SFRQ": day.isoformat()},
            status="recorded",
            reported_at=now,
            reported_on=now.date(),
            report_month=now.year * 100 + now.month,
            updated_at=now,
        )
        for n, (day, amount) in enumerate(amounts)
    )
    return record_set, sum(Decimal(a) for d, a in amounts if d.year == 2024)
