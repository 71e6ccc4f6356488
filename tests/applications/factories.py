"""Test data: valid applicants, a fixed today, and the seeded calendar as a pure index."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from gongkai.core.validators import credit_code_check_char, org_code_check_char
from gongkai.core.workdays import WorkdayIndex

TODAY = date(2026, 11, 27)  # a Friday; 2026 has its holiday schedule, 2027 has none in the seed
ID_NUMBER = "11010519491231002X"  # law.md's valid example
CALENDAR = Path(__file__).resolve().parents[2] / "src" / "gongkai" / "core" / "data" / "calendar.json"


def credit_code(org_body: str = "MA0E1B2C") -> str:
    code17 = "91130200" + org_body + org_code_check_char(org_body)
    return code17 + credit_code_check_char(code17)


def applicant(**overrides: Any) -> dict[str, Any]:
    data = {
        "applicant_type": "NP",
        "applicant_name": "张伟",
        "id_type": "id_card",
        "id_number": ID_NUMBER,
        "contact_person": "",
        "phone": "13903150001",
        "email": "zhang@example.cn",
        "address": "河北省唐山市示例路 1 号",
        "postal_code": "063000",
        "info_title": "2025年度建设工程规划许可证发放目录",
        "info_number": "唐高审批〔2025〕12号",
        "info_description": "请提供2025年核发的建设工程规划许可证目录。",
        "delivery_form": "electronic",
        "delivery_channel": "email",
    }
    if overrides.get("applicant_type", "NP") != "NP":
        data |= {"id_type": "credit_code", "id_number": credit_code(), "contact_person": "赵联系"}
    data.update(overrides)
    return data


@cache
def seeded_index() -> WorkdayIndex:
    """The index the app builds from its seeded table, built from the seed file (no database)."""
    years = json.loads(CALENDAR.read_text(encoding="utf-8"))["years"]
    special = [
        (date.fromisoformat(d), kind == "workdays", name)
        for spec in years.values()
        for kind in ("holidays", "workdays")
        for d, name in spec[kind]
    ]
    return WorkdayIndex((int(y) for y in years), special)


def bulk_cases(agency, specs) -> None:
    """Create cases straight in the table: (received_on, closed_on, reply_row, applicant_type) each.

    For the report tests, which need many cases across years faster than the actions make them;
    the database constraint still holds every row to "closed ⇒ received, on or after, one row".
    """
    from gongkai.applications.models import Application

    rows = []
    for serial, (received, closed, row, kind) in enumerate(specs, start=1):
        rows.append(
            Application(
                agency=agency,
                year=received.year,
                serial=serial,
                number=f"{received.year}-{serial:05d}",
                query_code_hash="x",
                status="closed" if closed else "in_progress",
                channel="in_person",
                submitted_on=received,
                received_on=received,
                applicant_type=kind,
                applicant_name="测试",
                id_type="id_card",
                id_number=ID_NUMBER,
                phone="1",
                address="1",
                info_title="1",
                info_description="1",
                delivery_form="paper",
                delivery_channel="post",
                closed_on=closed,
                reply_row=row if closed else "",
            )
        )
    Application.objects.bulk_create(rows)
