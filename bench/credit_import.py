"""Benchmark of the 双公示 import and public search, on SQLite (issue 6, "Measured").

  1. a 1,000,000-row licensing CSV (national template) validated and stored by the real import
     (`actions.run_import`: stream, validate, upsert by 文书号 in one transaction): ≤ 60 s, and
     ≤ 2 × a bare bulk insert of the same rows (the same table, indexes, full-text index and
     `executemany`, but no validation, no lookups, no publication rules);
  2. a 100,000-row XLSX import: ≤ 15 s;
  3. public name search over the 1,000,000 records: p95 ≤ 100 ms;
  and the peak memory (max RSS) of each import process, which streams: it does not grow with
  the file.

Each phase runs in its own process on a copy of a freshly migrated database, so timings and
memory are its own. Run: .venv/bin/python bench/credit_import.py [--rows N] [--xlsx-rows N]
(the test suite runs a 20,000-row version with --scale-bounds).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"import_seconds": 60.0, "ratio": 2.0, "xlsx_seconds": 15.0, "p95_ms": 100.0}


def _django(db: Path, media: Path) -> None:
    os.environ["GONGKAI_DATABASE_URL"] = os.environ.get("BENCH_POSTGRESQL") or f"sqlite:///{db}"
    os.environ["GONGKAI_MEDIA_ROOT"] = str(media)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_HOME", str(db.parent))
    import django

    django.setup()


def _maxrss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


# --- phases (each in its own process) -----------------------------------------------------------


def phase_setup(work: Path) -> dict:
    _django(work / "base.sqlite3", work / "media")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gongkai.orgs import demo

    demo.load()
    return {}


def _agency_and_set():
    from gongkai.credit.models import RecordSet
    from gongkai.orgs.models import Agency

    return Agency.objects.get(slug="gxq-xzspj"), RecordSet.objects.get(key="xk")


def phase_generate(work: Path, rows: int, xlsx_rows: int) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from gongkai.credit import samples
    from gongkai.credit.schema import builtin

    columns = [f.code for f in builtin("xk").fields if not f.ext]
    started = time.perf_counter()
    samples.write_csv(
        work / "licences.csv",
        samples.licensing_rows(rows, start=date(2023, 1, 1), end=date(2025, 12, 31)),
        columns,
    )
    import xlsxwriter

    book = xlsxwriter.Workbook(str(work / "licences.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [f.name for f in builtin("xk").fields if not f.ext])
    for r, row in enumerate(
        samples.licensing_rows(
            xlsx_rows, start=date(2024, 1, 1), end=date(2024, 12, 31), seed=7, doc_prefix="唐高审批"
        ),
        start=1,
    ):
        for c, code in enumerate(columns):
            value = row.get(code, "")
            if value:
                sheet.write_string(r, c, value)
    book.close()
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "csv_mb": round((work / "licences.csv").stat().st_size / 2**20, 1),
    }


def phase_bare(work: Path) -> dict:
    """The same rows into the same table, as directly as possible: no validation at all."""
    import csv

    _django(work / "bare.sqlite3", work / "media")
    import orjson
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.credit.imports import COLUMNS, insert_sql
    from gongkai.credit.search import document

    agency, record_set = _agency_and_set()
    sql = insert_sql("sqlite")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    today = timezone.localdate()
    month = today.year * 100 + today.month
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        open(work / "licences.csv", encoding="utf-8-sig", newline="") as handle,
    ):
        cursor.execute("PRAGMA cache_size = -131072")
        reader = csv.reader(handle)
        header = next(reader)
        name_i, doc_i, date_i = header.index("XK_XDR_MC"), header.index("XK_WSH"), header.index("XK_JDRQ")
        code_i, lb_i = header.index("XK_XDR_SHXYM"), header.index("XK_XDR_LB")
        from_i, to_i = header.index("XK_YXQZ"), header.index("XK_YXQZI")
        chunk, docs = [], []
        for n, row in enumerate(reader, start=2):
            data = {k: v for k, v in zip(header, row, strict=True) if v}
            tokens = document(row[name_i], agency.pk, record_set.pk)
            chunk.append(
                (
                    agency.pk,
                    record_set.pk,
                    "licensing",
                    row[doc_i],
                    row[name_i],
                    row[code_i],
                    row[lb_i],
                    row[date_i],
                    row[from_i],
                    row[to_i],
                    "",
                    "",
                    "",
                    orjson.dumps(data).decode(),
                    tokens,
                    "published",
                    True,
                    "[]",
                    "",
                    now,
                    today.isoformat(),
                    month,
                    None,
                    False,
                    now,
                    None,
                    None,
                    None,
                    "",
                    None,
                    None,
                    "",
                    "",
                    False,
                    None,
                    "",
                    None,
                    n,
                    now,
                )
            )
            docs.append(row[doc_i])
            if len(chunk) == 2000:
                _bare_write(cursor, sql, chunk, docs, agency.pk, record_set.pk)
                chunk, docs = [], []
        if chunk:
            _bare_write(cursor, sql, chunk, docs, agency.pk, record_set.pk)
        assert len(COLUMNS) == len(chunk[0]) if chunk else True
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": round(seconds, 2),
        "cpu": round(own.ru_utime + own.ru_stime, 1),
        "maxrss_mb": _maxrss_mb(),
    }


def _bare_write(cursor, sql, chunk, docs, agency_id, set_id) -> None:
    cursor.executemany(sql, chunk)
    marks = ",".join(["%s"] * len(docs))
    cursor.execute(
        "INSERT INTO credit_fts(rowid, search_tokens) SELECT id, search_tokens FROM credit_creditrecord "
        f"WHERE agency_id = %s AND record_set_id = %s AND doc_no IN ({marks})",
        [agency_id, set_id, *docs],
    )


def _import(work: Path, db: str, file_name: str) -> dict:
    _django(work / db, work / "media")
    from gongkai.credit import actions
    from gongkai.credit.models import CreditRecord

    agency, record_set = _agency_and_set()
    started = time.perf_counter()
    job = actions.create_import_job(
        acting_user=None, agency=agency, record_set=record_set, file_name=file_name, source=work / file_name
    )
    outcome = actions.run_import(job, acting_user=None)
    seconds = time.perf_counter() - started
    if os.environ.get("BENCH_POSTGRESQL"):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE credit_creditrecord")
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": round(seconds, 2),
        "cpu_writer": round(own.ru_utime + own.ru_stime, 1),
        "cpu_reader": round(children.ru_utime + children.ru_stime, 1),
        "state": outcome.state,
        "rows": outcome.total,
        "bad_rows": outcome.bad_rows,
        "stored": CreditRecord.objects.count(),
        "maxrss_mb": _maxrss_mb(),
        "messages": outcome.errors[:3],
    }


def phase_import(work: Path) -> dict:
    return _import(work, "import.sqlite3", "licences.csv")


def phase_xlsx(work: Path) -> dict:
    return _import(work, "xlsx.sqlite3", "licences.xlsx")


def phase_search(work: Path, queries: int) -> dict:
    _django(work / "import.sqlite3", work / "media")
    from gongkai.credit import search
    from gongkai.credit.models import CreditRecord

    _, record_set = _agency_and_set()
    rng = random.Random(1)
    top = CreditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    names, codes, docs = [], [], []
    while len(names) < queries:
        rec = (
            CreditRecord.objects.filter(pk__gte=rng.randint(1, max(top, 1)))
            .values("subject_name", "subject_code", "doc_no")
            .first()
        )
        if not rec or rec["subject_name"][:1] in ("", None):
            continue
        name = rec["subject_name"]
        size = rng.choice((2, 3, 4, 4, 6))
        start = rng.randrange(0, max(1, len(name) - size))
        names.append(name[start : start + size])
        codes.append(rec["subject_code"])
        docs.append(rec["doc_no"])
    timings = {"name": [], "code": [], "doc_no": []}
    for mode, values in (("name", names), ("code", codes), ("doc_no", docs)):
        for q in values:
            if not q:
                continue
            started = time.perf_counter()
            search.run(q, mode=mode, set_ids=[record_set.pk])
            timings[mode].append((time.perf_counter() - started) * 1000)

    def p95(values: list[float]) -> float:
        return (
            round(statistics.quantiles(values, n=20)[18], 2) if len(values) >= 20 else round(max(values), 2)
        )

    return {
        "records": CreditRecord.objects.count(),
        "p95_ms": {mode: p95(v) for mode, v in timings.items() if v},
        "median_ms": {mode: round(statistics.median(v), 2) for mode, v in timings.items() if v},
        "queries": len(names),
    }


PHASES = {
    "setup": lambda a, w: phase_setup(w),
    "generate": lambda a, w: phase_generate(w, a.rows, a.xlsx_rows),
    "bare": lambda a, w: phase_bare(w),
    "import": lambda a, w: phase_import(w),
    "xlsx": lambda a, w: phase_xlsx(w),
    "search": lambda a, w: phase_search(w, a.queries),
}


def _run_phase(name: str, args: argparse.Namespace, work: Path) -> dict:
    command = [
        sys.executable,
        __file__,
        "--phase",
        name,
        "--workdir",
        str(work),
        "--rows",
        str(args.rows),
        "--xlsx-rows",
        str(args.xlsx_rows),
        "--queries",
        str(args.queries),
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _copy_db(work: Path, name: str) -> None:
    shutil.copy(work / "base.sqlite3", work / name)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", default=None)
    parser.add_argument(
        "--scale-bounds",
        action="store_true",
        help="scale the time bounds to the row counts (×3, for small runs)",
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument(
        "--postgresql",
        metavar="URL",
        help="also import the CSV into this empty PostgreSQL database and measure the search there",
    )
    args = parser.parse_args()
    if args.phase:
        work = Path(args.workdir)
        print(json.dumps(PHASES[args.phase](args, work), ensure_ascii=False))
        return 0
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="credit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        _run_phase("setup", args, work)
        for name in ("bare.sqlite3", "import.sqlite3", "xlsx.sqlite3"):
            _copy_db(work, name)
        gen = _run_phase("generate", args, work)
        print(
            f"generated {args.rows:,} CSV rows ({gen['csv_mb']} MB) and {args.xlsx_rows:,} XLSX rows in {gen['seconds']} s (not timed below)"
        )
        bare = _run_phase("bare", args, work)
        imp = _run_phase("import", args, work)
        xlsx = _run_phase("xlsx", args, work)
        found = _run_phase("search", args, work)
        if args.postgresql:
            os.environ["BENCH_POSTGRESQL"] = args.postgresql
            _run_phase("setup", args, work)
            pg_import = _run_phase("import", args, work)
            pg_found = _run_phase("search", args, work)
            del os.environ["BENCH_POSTGRESQL"]
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    scale = args.rows / 1_000_000 if args.scale_bounds else 1.0
    xscale = args.xlsx_rows / 100_000 if args.scale_bounds else 1.0
    slack = 3.0 if args.scale_bounds else 1.0
    limit_import = TARGETS["import_seconds"] * scale * slack + (5 if args.scale_bounds else 0)
    limit_xlsx = TARGETS["xlsx_seconds"] * xscale * slack + (5 if args.scale_bounds else 0)
    limit_ratio = TARGETS["ratio"] * (1.5 if args.scale_bounds else 1.0)
    ratio = imp["seconds"] / bare["seconds"] if bare["seconds"] else float("inf")
    p95 = max(found["p95_ms"].values())
    checks = [
        (
            imp["state"] == "done" and imp["stored"] == args.rows,
            f"import stored {imp['stored']:,} of {args.rows:,} rows ({imp['state']}, {imp['bad_rows']} bad)",
        ),
        (
            imp["seconds"] <= limit_import,
            f"validate+store: {imp['seconds']} s for {args.rows:,} CSV rows ({args.rows / imp['seconds']:,.0f} rows/s), bound {limit_import:.0f} s; CPU {imp['cpu_writer']} s writing + {imp['cpu_reader']} s reading/validating (in parallel); peak memory {imp['maxrss_mb']} MB",
        ),
        (
            True,
            f"bare insert (no validation, one process): {bare['seconds']} s, CPU {bare['cpu']} s; peak memory {bare['maxrss_mb']} MB",
        ),
        (ratio <= limit_ratio, f"ratio validate+store / bare insert: {ratio:.2f} (bound {limit_ratio:.1f})"),
        (
            xlsx["state"] == "done" and xlsx["seconds"] <= limit_xlsx,
            f"XLSX: {xlsx['seconds']} s for {args.xlsx_rows:,} rows, bound {limit_xlsx:.0f} s; peak memory {xlsx['maxrss_mb']} MB",
        ),
        (
            p95 <= TARGETS["p95_ms"] * slack,
            f"public search over {found['records']:,} records, {found['queries']} queries each: p95 {found['p95_ms']} ms, median {found['median_ms']} ms (bound {TARGETS['p95_ms'] * slack:.0f} ms)",
        ),
    ]
    if args.postgresql:
        checks.append(
            (
                pg_import["state"] == "done",
                f"PostgreSQL: import {pg_import['seconds']} s for {pg_import['stored']:,} rows (not bound)",
            )
        )
        p95_pg = max(pg_found["p95_ms"].values())
        checks.append(
            (
                p95_pg <= TARGETS["p95_ms"] * slack,
                f"PostgreSQL search over {pg_found['records']:,} records: p95 {pg_found['p95_ms']} ms, median {pg_found['median_ms']} ms",
            )
        )
    ok = True
    for passed, line in checks:
        ok &= passed
        print(("OK   " if passed else "FAIL ") + line)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
