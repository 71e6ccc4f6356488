"""Benchmark: 100,000 依申请公开 cases in one agency — the queue's first page (the real view,
rendered) and the section 三/四 queries, each well under 0.5 s on SQLite and PostgreSQL.

Run: .venv/bin/python bench/applications_queue.py [--cases N]
     GONGKAI_DATABASE_URL=postgresql://… .venv/bin/python bench/applications_queue.py
A throwaway test database is created (a temp SQLite file by default) and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
TARGET_SECONDS = 0.5
LEAF_ROWS = (
    ["R3.1"] * 30
    + ["R3.2"] * 8
    + [f"R3.3.{i}" for i in range(1, 9)]
    + [f"R3.4.{i}" for i in range(1, 4)] * 3
    + [f"R3.5.{i}" for i in range(1, 6)]
    + [f"R3.6.{i}" for i in range(1, 4)]
)


def populate(agency, users, count: int, *, today: date, seed: int = 2026) -> None:
    """Bulk-create `count` cases (about a third open, due dates around today) and some appeals."""
    from gongkai.appeals.models import Appeal
    from gongkai.applications.actions import hash_query_code
    from gongkai.applications.choices import ApplicantType, Channel, Status
    from gongkai.applications.models import Application

    rng = random.Random(seed)
    code_hash = hash_query_code("ABCDEFGH")
    types = [t.value for t in ApplicantType]
    channels = [c.value for c in Channel]
    open_statuses = [Status.IN_PROGRESS] * 6 + [
        Status.AWAITING_CORRECTION,
        Status.CONSULTING,
        Status.AWAITING_FEE,
        Status.SUBMITTED,
    ]
    batch: list[Application] = []
    serials: dict[int, int] = {}
    for _ in range(count):
        received = today - timedelta(days=rng.randrange(0, 3 * 365))
        serials[received.year] = serials.get(received.year, 0) + 1
        serial = serials[received.year]
        is_open = rng.random() < 0.3
        status = rng.choice(open_statuses) if is_open else Status.CLOSED
        closed = None if is_open else min(today, received + timedelta(days=rng.randrange(0, 60)))
        batch.append(
            Application(
                agency=agency,
                year=received.year,
                serial=serial,
                number=f"{received.year}-{serial:05d}",
                query_code_hash=code_hash,
                status=status,
                channel=rng.choice(channels),
                submitted_on=received,
                received_on=None if status == Status.SUBMITTED else received,
                applicant_type=rng.choice(types),
                applicant_name=f"申请人{serial}",
                id_type="id_card",
                id_number="11010519491231002X",
                phone="13900000000",
                address="示例路 1 号",
                info_title=f"所需信息 {serial}",
                info_description="内容描述",
                delivery_form="electronic",
                delivery_channel="email",
                assignee=rng.choice(users),
                due_date=today + timedelta(days=rng.randrange(-30, 40))
                if is_open and status != Status.SUBMITTED
                else None,
                due_kind="answer" if is_open and status != Status.SUBMITTED else "",
                closed_on=closed,
                reply_row="" if is_open else rng.choice(LEAF_ROWS),
                reply_kind="" if is_open else "disclose",
            )
        )
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    from gongkai.appeals.choices import AppealResult

    closed_cases = Application.objects.filter(agency=agency, closed_on__isnull=False)
    appeals = []
    for pk, closed in closed_cases.values_list("pk", "closed_on")[:2000]:
        decided = rng.random() < 0.7
        appeals.append(
            Appeal(
                agency=agency,
                application_id=pk,
                kind=rng.choice(["RV", "LD", "LR"]),
                body="某复议机关",
                filed_on=closed + timedelta(days=5),
                decided_on=closed + timedelta(days=40) if decided else None,
                result=rng.choice([AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER])
                if decided
                else AppealResult.PENDING,
            )
        )
    Appeal.objects.bulk_create(appeals)


def _timed(func, repeat: int) -> tuple[float, float]:
    """(first call, median of the following calls) in seconds."""
    times = []
    for _ in range(repeat + 1):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return times[0], statistics.median(times[1:])


def measure(agency, user, year: int, repeat: int = 5) -> dict[str, tuple[float, float]]:
    from django.test import Client

    from gongkai.appeals.report import section4
    from gongkai.applications.report import section3

    client = Client()
    client.force_login(user)

    def page(url: str):
        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    return {
        "queue first page (open cases, by due date)": _timed(page("/staff/applications/"), repeat),
        "queue filtered (overdue)": _timed(page("/staff/applications/?due=overdue"), repeat),
        "queue filtered (channel + applicant type)": _timed(
            page("/staff/applications/?channel=online&applicant_type=CE&status=all"), repeat
        ),
        "section 三 (25 rows × 7 columns)": _timed(lambda: section3(agency, year), repeat),
        "section 四 (3 groups × 5)": _timed(lambda: section4(agency, year), repeat),
    }


def setup_data(cases: int, today: date):
    from gongkai.core.validators import credit_code_check_char, org_code_check_char
    from gongkai.orgs import actions as org_actions

    def code(body: str) -> str:
        org = body + org_code_check_char(body)
        code17 = "11130200" + org
        return code17 + credit_code_check_char(code17)

    agency = org_actions.create_agency(
        acting_user=None,
        parent=None,
        name="基准测试局",
        short_name="基准局",
        slug="bench",
        credit_code=code("20000001"),
        level="county",
    )
    users = [
        org_actions.create_staff(
            acting_user=None,
            agency=agency,
            username=f"bench{i}",
            full_name=f"经办{i}",
            password="Bench-Password-2026",
            roles=["clerk"],
        )
        for i in range(5)
    ]
    populate(agency, users, cases, today=today)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum / a routine ANALYZE keeps current
        cursor.execute("ANALYZE")
    return agency, users[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        today = timezone.localdate()
        began = time.perf_counter()
        agency, user = setup_data(args.cases, today)
        built = time.perf_counter() - began
        print(
            f"applications bench on {connection.vendor}: {args.cases:,} cases in one agency (built in {built:.1f} s)"
        )
        worst = 0.0
        for name, (first, median) in measure(agency, user, today.year).items():
            worst = max(worst, median)
            print(f"  {name:<46} first {first * 1000:7.1f} ms   median {median * 1000:7.1f} ms")
        verdict = "OK" if worst < TARGET_SECONDS else "SLOWER THAN TARGET"
        print(f"  slowest median {worst * 1000:.1f} ms — target < {TARGET_SECONDS * 1000:.0f} ms: {verdict}")
        return 0 if verdict == "OK" else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    raise SystemExit(main())
