"""Benchmark of the annual report (issue 7, "Measured"), on SQLite and PostgreSQL.

  1. compile one agency-year (`reports.compile.compile_tables`: section 二's documents, credit counts
     and fee, section 三, section 四) over 1,000,000 credit records, 100,000 cases (and 2,000 appeals)
     and 20,000 publications of that agency, spread over five years: ≤ 1 s, and ≤ 1.5 × the same
     aggregates written by hand in SQL (run here too, on the same data; both results must agree);
  2. the supervising office's overview page (the real view, rendered, with six years of trends)
     over 200 agencies: ≤ 2 s.

Data is bulk-loaded (executemany / bulk_create), not through the actions. A throwaway test database
is created (a temp SQLite file by default) and dropped afterwards.

Run: .venv/bin/python bench/report_compile.py [--credit N] [--cases N] [--publications N] [--agencies N]
     GONGKAI_DATABASE_URL=postgresql://… .venv/bin/python bench/report_compile.py
(the test suite runs a small version with generous bounds).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TARGETS = {"compile_seconds": 1.0, "ratio": 1.5, "overview_seconds": 2.0}
YEARS = (2021, 2022, 2023, 2024, 2025)
YEAR = 2024  # the compiled year: a full year with history before and after it
LEAF_ROWS = (
    ["R3.1"] * 30
    + ["R3.2"] * 8
    + [f"R3.3.{i}" for i in range(1, 9)]
    + [f"R3.4.{i}" for i in range(1, 4)] * 3
    + [f"R3.5.{i}" for i in range(1, 6)]
    + [f"R3.6.{i}" for i in range(1, 4)]
)


def _code(body: str) -> str:
    from gongkai.core.validators import credit_code_check_char, org_code_check_char

    org = body + org_code_check_char(body)
    code17 = "11130200" + org
    return code17 + credit_code_check_char(code17)


def make_agency(name: str, slug: str, body: str, parent=None, **extra):
    from gongkai.orgs import actions

    return actions.create_agency(
        acting_user=None,
        parent=parent,
        name=name,
        short_name=name[-6:],
        slug=slug,
        credit_code=_code(body),
        level=extra.pop("level", "county"),
        **extra,
    )


def _day(rng: random.Random) -> date:
    start = date(YEARS[0], 1, 1)
    return start + timedelta(days=rng.randrange((date(YEARS[-1], 12, 31) - start).days + 1))


# --- Loading --------------------------------------------------------------------------------------


def load_credit(agency, count: int, seed: int = 1) -> None:
    """`count` records of the three built-in sets (80 % 许可, 18 % 处罚, 2 % 强制), dates over five years."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.credit.models import CreditRecord, RecordSet

    rng = random.Random(seed)
    sets = dict(RecordSet.objects.filter(key__in=("xk", "cf", "qz")).values_list("key", "pk"))
    kinds = {"xk": "licensing", "cf": "penalty", "qz": "coercion"}
    fields = [f for f in CreditRecord._meta.concrete_fields if f.name != "id"]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {CreditRecord._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    defaults = {
        "subject_name": "",
        "subject_code": "",
        "subject_category": "法人及非法人组织",
        "valid_from": None,
        "valid_to": None,
        "item_code": "",
        "severity": "",
        "sector": "",
        "data": "{}",
        "search_tokens": "",
        "status": "recorded",
        "is_valid": True,
        "problems": "[]",
        "not_public_reason": "",
        "report_lag": 2,
        "is_late": False,
        "published_at": None,
        "publish_lag": None,
        "public_until": None,
        "repairable_from": None,
        "period_basis": "",
        "changed_on": None,
        "withdrawn_at": None,
        "withdraw_kind": "",
        "withdraw_reason": "",
        "withdraw_late": False,
        "repaired_at": None,
        "repair_note": "",
        "import_job": None,
        "source_row": 0,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        chunk = []
        for n in range(count):
            roll = rng.random()
            key = "xk" if roll < 0.8 else ("cf" if roll < 0.98 else "qz")
            day = _day(rng)
            values = {
                **defaults,
                "agency": agency.pk,
                "record_set": sets[key],
                "kind": kinds[key],
                "doc_no": f"{key}{n:08d}",
                "subject_name": f"企业{n % 5000}",
                "decision_date": day.isoformat(),
                "reported_at": now,
                "reported_on": day.isoformat(),
                "report_month": day.year * 100 + day.month,
                "updated_at": now,
            }
            chunk.append([values[f.name] for f in fields])
            if len(chunk) == 5000:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def load_cases(agency, count: int, seed: int = 2) -> None:
    """`count` cases received over five years (a fifth still open at their year's end) and 2 % appeals."""
    from gongkai.appeals.choices import AppealResult
    from gongkai.appeals.models import Appeal
    from gongkai.applications.choices import ApplicantType
    from gongkai.applications.models import Application

    rng = random.Random(seed)
    types = [t.value for t in ApplicantType]
    serials: dict[int, int] = {}
    batch = []
    for _ in range(count):
        received = _day(rng)
        serials[received.year] = serials.get(received.year, 0) + 1
        closed = received + timedelta(days=rng.randrange(0, 80)) if rng.random() < 0.9 else None
        if closed and closed > date(YEARS[-1], 12, 31):
            closed = None
        batch.append(
            Application(
                agency=agency,
                year=received.year,
                serial=serials[received.year],
                number=f"{received.year}-{serials[received.year]:06d}",
                query_code_hash="x",
                status="closed" if closed else "in_progress",
                channel="online",
                submitted_on=received,
                received_on=received,
                applicant_type=rng.choice(types),
                applicant_name="申请人",
                id_type="id_card",
                id_number="11010519491231002X",
                phone="13900000000",
                address="示例路 1 号",
                info_title="所需信息",
                info_description="内容描述",
                delivery_form="electronic",
                delivery_channel="email",
                closed_on=closed,
                reply_row=rng.choice(LEAF_ROWS) if closed else "",
                reply_kind="disclose" if closed else "",
            )
        )
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    appeals = []
    closed_cases = list(
        Application.objects.filter(agency=agency, closed_on__isnull=False)
        .order_by("pk")
        .values_list("pk", "closed_on")
    )
    for pk, closed in rng.sample(closed_cases, min(len(closed_cases), max(20, count // 50))):
        decided = rng.random() < 0.7
        appeals.append(
            Appeal(
                agency=agency,
                application_id=pk,
                kind=rng.choice(["RV", "LD", "LR"]),
                body="某复议机关",
                filed_on=closed + timedelta(days=5),
                decided_on=closed + timedelta(days=rng.randrange(10, 400)) if decided else None,
                result=rng.choice([AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER])
                if decided
                else AppealResult.PENDING,
            )
        )
    Appeal.objects.bulk_create(appeals, batch_size=2000)


def load_publications(agency, count: int, seed: int = 3) -> None:
    """`count` published items: 84 % general, 15 % 规范性文件, 1 % 规章; a fifth of the documents ended."""
    from django.utils import timezone

    from gongkai.publications.models import Item

    rng = random.Random(seed)
    batch = []
    for n in range(count):
        roll = rng.random()
        kind = "general" if roll < 0.84 else ("normative" if roll < 0.99 else "rule")
        day = _day(rng)
        published = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(
            hours=rng.randrange(0, 24)
        )
        written = day - timedelta(days=rng.randrange(0, 20)) if rng.random() < 0.8 else None
        validity, invalid_on = "", None
        if kind != "general":
            validity = "valid"
            if rng.random() < 0.2:
                validity = rng.choice(["expired", "repealed"])
                invalid_on = day + timedelta(days=rng.randrange(1, 900))
        batch.append(
            Item(
                agency=agency,
                kind=kind,
                status="published" if rng.random() < 0.97 else "withdrawn",
                title=f"信息 {n}",
                publisher=agency.name,
                written_on=written,
                formed_on=written or day,
                due_on=day + timedelta(days=20),
                published_at=published,
                category="20.1" if kind != "general" else "20.15",
                validity=validity,
                invalid_on=invalid_on,
                imported=True,
                created_at=timezone.now(),
            )
        )
        if len(batch) == 5000:
            Item.objects.bulk_create(batch)
            batch = []
    Item.objects.bulk_create(batch)


# --- The same aggregates by hand ---------------------------------------------------------------------


def _local_date(column: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"({column} AT TIME ZONE 'Asia/Shanghai')::date"
    return f"date({column}, '+8 hours')"  # Asia/Shanghai has no daylight saving time


def hand_sql(agency_id: int, year: int) -> dict:
    """Sections 二 (documents, credit counts), 三 and 四 in four hand-written statements, as an expert
    would write them: one pass each, conditional counts with FILTER, the credit sets by subquery."""
    from django.db import connection

    from gongkai.annual_report.formats import COLUMNS, FORMAT_2021

    start, end = date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    vendor = connection.vendor
    issued = f"COALESCE(written_on, {_local_date('published_at', vendor)})"
    ended = "validity IN ('expired', 'repealed') AND invalid_on IS NOT NULL"
    out: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT kind,
                COUNT(*) FILTER (WHERE {issued} BETWEEN %s AND %s),
                COUNT(*) FILTER (WHERE {ended} AND invalid_on BETWEEN %s AND %s),
                COUNT(*) FILTER (WHERE {issued} <= %s AND NOT ({ended} AND invalid_on <= %s))
            FROM publications_item WHERE agency_id = %s AND status = 'published'
              AND kind IN ('rule', 'normative') GROUP BY kind""",
            [start, end, start, end, end, end, agency_id],
        )
        docs = {kind: list(rest) for kind, *rest in cursor.fetchall()}
        out["rules"] = docs.get("rule", [0, 0, 0])
        out["normative_documents"] = docs.get("normative", [0, 0, 0])
        cursor.execute(
            """SELECT s.key, c.n FROM (
                SELECT record_set_id, COUNT(*) AS n FROM credit_creditrecord
                WHERE agency_id = %s AND decision_date BETWEEN %s AND %s
                  AND record_set_id IN (SELECT id FROM credit_recordset WHERE key IN ('xk', 'cf', 'qz'))
                GROUP BY record_set_id
            ) c JOIN credit_recordset s ON s.id = c.record_set_id""",
            [agency_id, start, end],
        )
        credit = dict(cursor.fetchall())
        out |= {
            "licensing": credit.get("xk", 0),
            "penalty": credit.get("cf", 0),
            "coercion": credit.get("qz", 0),
        }
        closed_in = "closed_on BETWEEN %s AND %s"
        conditions = {
            "R1": ("received_on BETWEEN %s AND %s", [start, end]),
            "R2": ("received_on < %s AND (closed_on IS NULL OR closed_on >= %s)", [start, start]),
            **{
                code: (f"{closed_in} AND reply_row = %s", [start, end, code])
                for code in FORMAT_2021.result_codes
            },
            "R3.7": (closed_in, [start, end]),
            "R4": ("received_on <= %s AND (closed_on IS NULL OR closed_on > %s)", [end, end]),
        }
        select = ", ".join(f"COUNT(*) FILTER (WHERE {sql})" for sql, _ in conditions.values())
        params = [p for _, ps in conditions.values() for p in ps]
        cursor.execute(
            f"""SELECT applicant_type, {select} FROM applications_application
            WHERE agency_id = %s AND received_on IS NOT NULL AND received_on <= %s
              AND (closed_on IS NULL OR closed_on >= %s) GROUP BY applicant_type""",
            [*params, agency_id, end, start],
        )
        by_type = {row[0]: list(row[1:]) for row in cursor.fetchall()}
        types = [c for c in COLUMNS if c != "TOT"]
        section3 = {}
        for i, code in enumerate(conditions):
            row = [by_type.get(t, [0] * len(conditions))[i] for t in types]
            section3[code] = [*row, sum(row)]
        out["section3"] = {code: section3[code] for code in FORMAT_2021.row_codes}
        cursor.execute(
            """SELECT kind,
                COUNT(*) FILTER (WHERE decided_on <= %s AND result = 'upheld'),
                COUNT(*) FILTER (WHERE decided_on <= %s AND result = 'corrected'),
                COUNT(*) FILTER (WHERE decided_on <= %s AND result = 'other'),
                COUNT(*) FILTER (WHERE decided_on IS NULL OR decided_on > %s),
                COUNT(*)
            FROM appeals_appeal WHERE agency_id = %s AND filed_on BETWEEN %s AND %s GROUP BY kind""",
            [end, end, end, end, agency_id, start, end],
        )
        found = {kind: list(rest) for kind, *rest in cursor.fetchall()}
        out["section4"] = {code: found.get(code, [0] * 5) for code in ("RV", "LD", "LR")}
    return out


def as_hand_shape(tables: dict) -> dict:
    """The compiled tables in hand_sql's shape, to compare the two results."""
    s2 = tables["section2"]
    return {
        "rules": s2["rules"],
        "normative_documents": s2["normative_documents"],
        "licensing": s2["licensing"],
        "penalty": s2["penalty"],
        "coercion": s2["coercion"],
        "section3": tables["section3"],
        "section4": tables["section4"],
    }


def _median(func, repeat: int) -> float:
    func()  # warm the caches
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def _paired(first, second, repeat: int) -> tuple[float, float]:
    """Medians of two functions run alternately, so that a busy machine slows both alike."""
    first(), second()
    a, b = [], []
    for _ in range(repeat):
        for func, times in ((first, a), (second, b)):
            began = time.perf_counter()
            func()
            times.append(time.perf_counter() - began)
    return statistics.median(a), statistics.median(b)


# --- The supervising overview -------------------------------------------------------------------------


def load_overview(count: int, seed: int = 4):
    """A 管委会 over `count` agencies, each with compiled reports for six years (stored as compiled)."""
    from gongkai.annual_report.formats import FORMAT_2021
    from gongkai.orgs import actions as org_actions
    from gongkai.reports.choices import ReportStatus
    from gongkai.reports.models import AnnualReport, ImportedReport

    rng = random.Random(seed)
    top = make_agency("基准测试区管理委员会", "bench-top", "30000001", is_government=True)
    agencies = [
        make_agency(f"基准测试区第{i}局", f"bench-{i}", f"3{i + 2:07d}", parent=top) for i in range(count)
    ]
    user = org_actions.create_staff(
        acting_user=None,
        agency=top,
        username="bench-office",
        full_name="监管",
        password="Bench-Password-2026",
        roles=["agency_admin", "reviewer"],
    )
    reports = []
    for agency in agencies:
        for year in range(YEAR - 5, YEAR + 1):
            s3 = {code: [rng.randrange(0, 5) for _ in range(6)] for code in FORMAT_2021.row_codes}
            s3 = {code: [*v, sum(v)] for code, v in s3.items()}
            published = rng.random() < 0.8
            reports.append(
                AnnualReport(
                    agency=agency,
                    year=year,
                    status=ReportStatus.PUBLISHED if published else ReportStatus.DRAFT,
                    deadline=date(year + 1, 1, 31),
                    version=1,
                    tables={
                        "section2": {
                            "rules": [0, 0, 0],
                            "normative_documents": [rng.randrange(5), 0, rng.randrange(30)],
                            "licensing": rng.randrange(20000),
                            "penalty": rng.randrange(300),
                            "coercion": rng.randrange(10),
                            "fees": 0,
                        },
                        "section3": s3,
                        "section4": {g: [1, 0, 0, 1, 2] for g in ("RV", "LD", "LR")},
                    },
                    findings=[
                        {
                            "rule": "S3-BAL",
                            "severity": "error",
                            "section": "三",
                            "row": "R4",
                            "column": "TOT",
                            "expected": 1,
                            "actual": 2,
                            "message": "第三部分 R1+R2 与 R3.7+R4 不等",
                        }
                    ]
                    * rng.randrange(0, 3),
                    errors=rng.randrange(0, 3),
                    warnings=rng.randrange(0, 4),
                    facts={"apps_replied": 20, "apps_late": rng.randrange(3)},
                    published_on=date(year + 1, 1, rng.randrange(10, 40) % 31 + 1) if published else None,
                )
            )
    AnnualReport.objects.bulk_create(reports, batch_size=500)
    ImportedReport.objects.bulk_create(
        [
            ImportedReport(
                owner=top,
                external_name=f"未接入系统的第{i}街道",
                external_level="township",
                year=YEAR,
                file_name=f"{i}.txt",
                file_path=f"reports/imports/{i}.txt",
                sha256="0" * 64,
                state="done",
                data={"format": "2021", "section2": {"licensing": 3}, "section3": {}, "section4": {}},
                published_on=date(YEAR + 1, 1, 20),
            )
            for i in range(20)
        ]
    )
    return top, user


# --- Running ------------------------------------------------------------------------------------------


def measure_compile(agency, repeat: int = 7) -> dict:
    from gongkai.reports.compile import compile_tables

    compiled = compile_tables(agency, YEAR).tables
    by_hand = hand_sql(agency.pk, YEAR)
    if as_hand_shape(compiled) != by_hand:
        raise AssertionError(f"编制结果与手写 SQL 不一致：{as_hand_shape(compiled)} != {by_hand}")
    compile_s, sql_s = _paired(
        lambda: compile_tables(agency, YEAR), lambda: hand_sql(agency.pk, YEAR), repeat
    )
    return {
        "compile_s": compile_s,
        "sql_s": sql_s,
        "ratio": compile_s / sql_s if sql_s else float("inf"),
        "licensing": compiled["section2"]["licensing"],
        "r1": compiled["section3"]["R1"][-1],
    }


def measure_overview(user, repeat: int = 3) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(user)

    def page():
        response = client.get(f"/staff/reports/supervision/?year={YEAR}")
        assert response.status_code == 200, response.status_code

    return {"overview_s": _median(page, repeat)}


def run(credit: int, cases: int, publications: int, agencies: int, repeat: int = 7) -> dict:
    """Load, measure and return the figures (the caller owns the database)."""
    from django.db import connection

    began = time.perf_counter()
    agency = make_agency("基准测试局", "bench", "20000001", has_rule_power=True)
    load_credit(agency, credit)
    load_cases(agency, cases)
    load_publications(agency, publications)
    _, user = load_overview(agencies)
    with connection.cursor() as cursor:  # what autovacuum keeps current: statistics, visibility map
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # not in a test
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    figures = {"load_s": time.perf_counter() - began, "vendor": connection.vendor}
    figures |= measure_compile(agency, repeat)
    figures |= measure_overview(user)
    return figures


def report(figures: dict, args, scale: float = 1.0) -> list[tuple[bool, str]]:
    return [
        (
            figures["compile_s"] <= TARGETS["compile_seconds"] * scale,
            f"compile one agency-year: {figures['compile_s'] * 1000:.1f} ms (target ≤ {TARGETS['compile_seconds'] * scale:.1f} s)",
        ),
        (True, f"the same aggregates as hand-written SQL: {figures['sql_s'] * 1000:.1f} ms"),
        (
            figures["ratio"] <= TARGETS["ratio"] * scale,
            f"ratio compile / hand-written SQL: {figures['ratio']:.2f} (target ≤ {TARGETS['ratio'] * scale:.2f})",
        ),
        (
            figures["overview_s"] <= TARGETS["overview_seconds"] * scale,
            f"supervising overview page, {args.agencies} agencies × 6 years: {figures['overview_s'] * 1000:.1f} ms "
            f"(target ≤ {TARGETS['overview_seconds'] * scale:.1f} s)",
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--credit", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--publications", type=int, default=20_000)
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument(
        "--scale-bounds", type=float, default=1.0, help="multiply the bounds (small runs in the test suite)"
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = False
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        figures = run(args.credit, args.cases, args.publications, args.agencies, args.repeat)
        print(
            f"report bench on {figures['vendor']}: {args.credit:,} credit records, {args.cases:,} cases, "
            f"{args.publications:,} publications in one agency over {YEARS[0]}–{YEARS[-1]}; compiled year {YEAR} "
            f"({figures['licensing']:,} licences, {figures['r1']:,} applications); loaded in {figures['load_s']:.1f} s"
        )
        ok = True
        for passed, line in report(figures, args, args.scale_bounds):
            ok &= passed
            print(f"  {'OK ' if passed else 'SLOW'} {line}")
        return 0 if ok else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    raise SystemExit(main())
