"""The import pipeline: read a file as a stream, validate in chunks, upsert by 文书号.

Called by `actions.run_import`, inside ONE transaction: either every good row is written (and,
on request, the bad ones registered as 待更正) or nothing is. Memory stays bounded: rows are
handled CHUNK at a time, duplicates across chunks are found in the database (a row whose
`import_job_id` is this job was written by an earlier row of this file), and the error list
kept in memory is capped; the XLSX error report is written afterwards by re-reading the file.

Writing uses one `INSERT … ON CONFLICT (doc_no, agency_id, record_set_id) DO UPDATE` through
`executemany` (the same statement on SQLite and PostgreSQL) instead of model instances: a
million rows is then dominated by the database's own index work, not by Python objects.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings
from django.db import connection
from django.utils import timezone

from gongkai.core.validators import mask_id_number
from gongkai.core.workdays import FIRST_YEAR, get_index

from . import periods, progress
from .choices import STICKY, JobState, Status
from .readers import FileError, Table, open_table
from .schema import HeaderMatch, Schema, rules
from .search import document, normalize_doc_no
from .validation import Problem, Validator

CHUNK = 2000
HEADER_SCAN_ROWS = 10
PROGRESS_EVERY_SECONDS = 0.5
PROCESS_MIN_BYTES = 4 << 20

# Every column of credit_creditrecord but id, in the order of the tuples built below.
COLUMNS = (
    "agency_id",
    "record_set_id",
    "kind",
    "doc_no",
    "subject_name",
    "subject_code",
    "subject_category",
    "decision_date",
    "valid_from",
    "valid_to",
    "item_code",
    "severity",
    "sector",
    "data",
    "search_tokens",
    "status",
    "is_valid",
    "problems",
    "not_public_reason",
    "reported_at",
    "reported_on",
    "report_month",
    "report_lag",
    "is_late",
    "published_at",
    "publish_lag",
    "public_until",
    "repairable_from",
    "period_basis",
    "changed_on",
    "withdrawn_at",
    "withdraw_kind",
    "withdraw_reason",
    "withdraw_late",
    "repaired_at",
    "repair_note",
    "import_job_id",
    "source_row",
    "updated_at",
)
# Set by decisions about the record (withdrawal, repair): an import never overwrites them.
_KEEP_ON_UPDATE = frozenset(
    {
        "agency_id",
        "record_set_id",
        "doc_no",
        "changed_on",
        "withdrawn_at",
        "withdraw_kind",
        "withdraw_reason",
        "withdraw_late",
        "repaired_at",
        "repair_note",
    }
)
_EXISTING = (
    "doc_no",
    "id",
    "import_job_id",
    "source_row",
    "status",
    "is_valid",
    "reported_at",
    "reported_on",
    "published_at",
    "publish_lag",
    "search_tokens",
)
_DOC_NO, _TOKENS = COLUMNS.index("doc_no"), COLUMNS.index("search_tokens")


_PG_CASTS = {"data": "jsonb", "problems": "jsonb"} | dict.fromkeys(
    (
        "decision_date",
        "valid_from",
        "valid_to",
        "reported_on",
        "public_until",
        "repairable_from",
        "changed_on",
    ),
    "date",
)


def upsert_sql(vendor: str) -> str:
    casts = _PG_CASTS if vendor == "postgresql" else {}
    values = ", ".join(f"%s::{casts[c]}" if c in casts else "%s" for c in COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c not in _KEEP_ON_UPDATE)
    return (
        f"INSERT INTO credit_creditrecord ({', '.join(COLUMNS)}) VALUES ({values}) "
        f"ON CONFLICT (doc_no, agency_id, record_set_id) DO UPDATE SET {updates}"
    )


def insert_sql(vendor: str) -> str:
    """For rows the chunk's lookup found new. On SQLite a plain INSERT needs no statement
    savepoint, which (once the full-text table has pending writes) an upsert costs per row."""
    return upsert_sql(vendor).split(" ON CONFLICT")[0]


@dataclass
class Options:
    good_rows: bool = False
    dry_run: bool = False
    # Only for loading history from an older system (demo, migration): the reporting time to
    # record, or a function of the decision date giving it per record.
    reported_at: datetime | Callable[[date], datetime] | None = None


@dataclass
class Outcome:
    state: str = JobState.DONE
    template: str = ""
    encoding: str = ""
    total: int = 0
    bad_rows: int = 0
    inserted: int = 0
    updated: int = 0
    stored_invalid: int = 0
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0
    header_row: int = 1
    headers: list[Any] = field(default_factory=list)
    bad_row_numbers: array = field(default_factory=lambda: array("I"))
    # row → [(column index or None, reason)], for the error report (capped)
    reasons: dict[int, list[tuple[int | None, str]]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "total": self.total,
            "bad_rows": self.bad_rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "stored_invalid": self.stored_invalid,
            "errors": self.error_count,
        }


def _find_header(table_rows: Iterator[tuple[int, list[Any]]], schema: Schema, remembered: dict) -> tuple:
    """The header row: the first of the top rows where at least three columns are recognised
    (templates often carry a title row above it); else the first non-empty row."""
    first = None
    scanned = 0
    for number, cells in table_rows:
        if not any(c != "" for c in cells):
            continue
        scanned += 1
        match = schema.match_headers(cells, remembered)
        if first is None:
            first = (number, cells, match)
        if len(match.columns) >= min(3, len(schema.fields)):
            return number, cells, match
        if scanned >= HEADER_SCAN_ROWS:
            break
    return first or (0, [], HeaderMatch())


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


class Preparer:
    """Stage one, pure Python (it may run in a separate process): a file row → the validated,
    serialised item the writer needs. Nothing here touches the database."""

    def __init__(
        self,
        *,
        schema: Schema,
        validator: Validator,
        match: HeaderMatch,
        agency_id: int,
        set_id: int,
        public: bool,
        adult_age: int,
    ):
        roles = schema.roles
        self.check = validator.check
        self.plan, self.appends = match.columns, match.appends
        self.width = max([i for i, _ in self.plan] + [i for i, _ in self.appends]) + 1
        self.doc_code = roles["doc_no"]
        self.role_codes = tuple(
            roles.get(r) or ""
            for r in (
                "subject_name",
                "subject_code",
                "subject_category",
                "decision_date",
                "valid_from",
                "valid_to",
                "item_code",
                "severity",
                "sector",
                "public_until",
            )
        )
        self.id_code, self.id_type_code = roles.get("id_number") or "", roles.get("id_type") or ""
        self.agency_id, self.set_id, self.public, self.adult = agency_id, set_id, public, adult_age

    def _minor(self, values: dict, decision: str | None) -> bool:
        number = values.get(self.id_code)
        if not number or values.get(self.id_type_code) not in ("身份证", None) or len(number) != 18:
            return False
        try:
            birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return False
        on = date.fromisoformat(decision) if decision else date.today()
        try:
            adult_on = birth.replace(year=birth.year + self.adult)
        except ValueError:  # born on 29 February
            adult_on = birth.replace(year=birth.year + self.adult, day=28) + timedelta(days=1)
        return on < adult_on

    def prepare(self, number: int, cells: list[Any]) -> tuple | None:
        if len(cells) < self.width:
            if not any(c != "" for c in cells):
                return None
            cells = cells + [""] * (self.width - len(cells))
        raw = {code: cells[i] for i, code in self.plan}
        for i, code in self.appends:
            if cells[i] != "":
                raw[code] = f"{raw.get(code, '')};{cells[i]}" if raw.get(code) else cells[i]
        if not any(v != "" for v in raw.values()):
            return None
        values, problems = self.check(raw)
        get = values.get
        doc = get(self.doc_code, "")
        roles = tuple(get(code, "") if code else "" for code in self.role_codes)
        natural = roles[2] == "自然人"
        minor = natural and not problems and self._minor(values, roles[3] or None)
        tokens = document(roles[0], self.agency_id, self.set_id) if self.public and not natural else ""
        return (
            number,
            normalize_doc_no(doc) if doc else "",
            doc,
            problems,
            _dumps(values),
            tokens,
            minor,
            *roles,
        )


class RowBuilder:
    """Stage two, with the database's answer at hand: a prepared item and the record it replaces
    (if any) → the tuple of COLUMNS, with reporting lag and publication decision."""

    def __init__(self, *, agency, record_set, schema: Schema, job_id: int | None, now: datetime, reported_at):
        self.agency_id, self.set_id, self.kind = agency.pk, record_set.pk, record_set.kind
        self.public = record_set.is_public
        self.job_id = job_id
        self.is_penalty = schema.kind == "penalty"
        ops = connection.ops
        self.now_db = ops.adapt_datetimefield_value(now)
        self.today = timezone.localtime(now).date()
        self.today_iso = self.today.isoformat()
        # History from an older system may give the reporting time per record, as a function of
        # the decision date (system loads only; see actions.run_import).
        self.reported_fn = reported_at if callable(reported_at) else None
        if self.reported_fn is not None:
            reported_at = None
        reported = timezone.localtime(reported_at or now)
        self.reported_db = ops.adapt_datetimefield_value(reported_at or now)
        self.reported_on = reported.date()
        self.report_month = reported.year * 100 + reported.month
        self.index = get_index()
        self.limit = rules()["report_within_workdays"]
        self.first_day = date(FIRST_YEAR, 1, 1)

    def lag(self, decision: date, until: date) -> int:
        return max(0, self.index.count(max(decision, self.first_day), until))

    def build(self, item: tuple, key: str, problems: list[Problem], existing) -> tuple:
        (
            number,
            _,
            _,
            _,
            data_json,
            tokens,
            minor,
            name,
            code,
            category,
            decision_iso,
            valid_from,
            valid_to,
            item_code,
            severity,
            sector,
            until_given,
        ) = item
        decision = date.fromisoformat(decision_iso) if decision_iso else None
        if existing is not None:
            reported_db, reported_on = existing[6], existing[7]
            if not isinstance(reported_on, date):
                reported_on = date.fromisoformat(reported_on)
            month = reported_on.year * 100 + reported_on.month
        elif self.reported_fn is not None and decision is not None:
            moment = self.reported_fn(decision)
            reported_db = connection.ops.adapt_datetimefield_value(moment)
            reported_on = timezone.localtime(moment).date()
            month = reported_on.year * 100 + reported_on.month
        else:
            reported_db, reported_on, month = self.reported_db, self.reported_on, self.report_month
        report_lag = self.lag(decision, reported_on) if decision else None
        until = repairable = None
        basis = reason = ""
        if problems:
            status = Status.PENDING
            reason = "未通过校验，更正后重新导入即公示"
        elif not self.public:
            status = Status.RECORDED
        elif minor:
            status, reason = Status.NOT_PUBLIC, "行政相对人为未成年人，不予公示"
        elif self.is_penalty and decision is not None:
            period = periods.penalty_period(decision, severity or "一般", sector)
            basis = period.basis
            if not period.publish:
                status, reason = Status.NOT_PUBLIC, f"{severity}失信行为，依{period.basis}不予公示"
            else:
                until = until_given or period.last_day(decision).isoformat()
                repairable = (period.earliest_end(decision) + timedelta(days=1)).isoformat()
                status = Status.EXPIRED if until < self.today_iso else Status.PUBLISHED
        else:
            status = Status.PUBLISHED
        published_db, publish_lag = None, None
        if existing is not None:
            if existing[4] in STICKY:
                status = existing[4]
            if existing[8] is not None:
                published_db, publish_lag = existing[8], existing[9]
        if published_db is None and status == Status.PUBLISHED:
            published_db = self.now_db
            if decision is not None:
                publish_lag = report_lag if reported_on == self.today else self.lag(decision, self.today)
        return (
            self.agency_id,
            self.set_id,
            self.kind,
            key,
            name[:200],
            code[:18],
            category,
            decision_iso or None,
            valid_from or None,
            valid_to or None,
            item_code[:64],
            severity,
            sector,
            data_json,
            tokens if not problems else "",
            status,
            not problems,
            _dumps([list(p) for p in problems]) if problems else "[]",
            reason,
            reported_db,
            reported_on.isoformat(),
            month,
            report_lag,
            report_lag is not None and report_lag > self.limit,
            published_db,
            publish_lag,
            until,
            repairable,
            basis,
            None,
            None,
            "",
            "",
            False,
            None,
            "",
            self.job_id,
            number,
            self.now_db,
        )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _child(conn, path: Path, file_name: str, header_row: int, preparer: Preparer) -> None:
    try:
        table = open_table(path, file_name)
        try:
            for chunk, fraction in _chunks_inline(table, header_row, preparer):
                # marshal is several times cheaper than pickle for tuples of strings; the only
                # other values (dates from XLSX cells in error messages) are made strings first.
                for item in chunk:
                    if item[3]:
                        item[3][:] = [(c, _plain(v), r) for c, v, r in item[3]]
                conn.send_bytes(marshal.dumps((chunk, fraction)))
        finally:
            table.close()
        conn.send_bytes(marshal.dumps(None))
    except FileError as exc:
        conn.send_bytes(marshal.dumps(("error", str(exc))))
    except BaseException as exc:  # reported to the parent, which fails the import
        conn.send_bytes(marshal.dumps(("error", f"读取文件时出错：{exc!r}")))
    finally:
        conn.close()


def _chunks_in_process(
    path: Path, file_name: str, header_row: int, preparer: Preparer
) -> Iterator[tuple[list, float]]:
    """Run stage one in a forked process while this one writes: on two cores a large import then
    takes the longer of the two stages instead of their sum. The pipe holds at most a chunk or
    two, so memory stays bounded."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(sender, path, file_name, header_row, preparer), daemon=True
    )
    process.start()
    sender.close()
    try:
        while True:
            try:
                message = marshal.loads(receiver.recv_bytes())
            except EOFError:
                raise FileError("读取文件的子进程意外退出") from None
            if message is None:
                break
            if message[0] == "error":
                raise FileError(message[1])
            yield message
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()


def _chunks_inline(table: Table, header_row: int, preparer: Preparer) -> Iterator[tuple[list, float]]:
    rows = table.rows()
    chunk: list[tuple] = []
    prepare = preparer.prepare
    for number, cells in rows:
        if number <= header_row:
            continue
        item = prepare(number, cells)
        if item is not None:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                yield chunk, table.fraction()
                chunk = []
    if chunk:
        yield chunk, table.fraction()


def use_process(size: int) -> bool:
    """Fork a reader for files worth it, where forking is allowed (not inside a daemon worker)."""
    setting = getattr(settings, "GONGKAI_CREDIT_IMPORT_PROCESS", None)
    if setting is not None:
        return bool(setting)
    if (os.cpu_count() or 1) < 2 or size < PROCESS_MIN_BYTES:
        return False
    return not multiprocessing.current_process().daemon


class Pipeline:
    def __init__(
        self, *, agency, record_set, path: Path, file_name: str, job_id: int | None, options: Options
    ):
        self.agency, self.record_set, self.path, self.file_name = agency, record_set, path, file_name
        self.job_id, self.options = job_id, options
        self.schema = record_set.schema()
        self.outcome = Outcome()
        self.max_errors = rules()["stored_errors_max"]
        self.max_reasons = rules()["error_report_all_rows_max"]
        self.on_progress: Callable[[int, float], None] | None = None

    # -- errors ------------------------------------------------------------------------------------

    def _error(self, row: int, code: str, value: Any, reason: str) -> None:
        out = self.outcome
        out.error_count += 1
        column = self.column_of.get(code)
        if len(out.errors) < self.max_errors:
            f = self.schema.by_code.get(code)
            shown = value.isoformat() if isinstance(value, date) else str(value)
            if f is not None and f.pii and shown:
                shown = mask_id_number(shown)
            header = self.headers[column] if column is not None else (f.name if f else code)
            out.errors.append(
                {"row": row, "column": str(header), "field": code, "value": shown, "reason": reason}
            )
        if len(out.reasons) < self.max_reasons or row in out.reasons:
            label = self.schema.by_code[code].name if code in self.schema.by_code else code
            out.reasons.setdefault(row, []).append((column, f"{label}：{reason}"))

    # -- the run -----------------------------------------------------------------------------------

    def run(self, remembered: dict[str, str], now: datetime) -> Outcome:
        started = time.perf_counter()
        out = self.outcome
        try:
            table = open_table(self.path, self.file_name)
        except FileError as exc:
            out.state, out.message = JobState.FAILED, str(exc)
            return out
        cache = _CacheSize()
        try:
            self._run(table, remembered, now)
        except FileError as exc:
            out.state, out.message = JobState.FAILED, str(exc)
        finally:
            cache.restore()
            table.close()
            out.seconds = round(time.perf_counter() - started, 3)
        return out

    def _run(self, table: Table, remembered: dict[str, str], now: datetime) -> None:
        out = self.outcome
        out.encoding = table.encoding
        rows = table.rows()
        header_row, headers, match = _find_header(rows, self.schema, remembered)
        out.header_row, out.headers = header_row, headers
        if not headers:
            out.state, out.message = JobState.FAILED, "文件中没有数据（第一行应为表头）"
            return
        out.template = match.template
        if not match.ok:
            out.state = JobState.NEEDS_MAPPING
            out.unknown_headers = match.unknown
            parts = []
            if match.unknown:
                parts.append(f"无法识别的表头：{'、'.join(match.unknown)}")
            if match.missing:
                names = "、".join(self.schema.by_code[c].name for c in match.missing)
                parts.append(f"缺少必填列：{names}")
            if match.duplicated:
                parts.append(f"重复的列：{'、'.join(match.duplicated)}")
            out.message = "；".join(parts)
            return
        self.headers = headers
        self.column_of = {code: index for index, code in match.columns}
        today = timezone.localtime(now).date()
        validator = Validator(
            self.schema,
            today=today,
            agency_name=self.agency.name,
            agency_code=self.agency.credit_code,
            legacy=match.template == "legacy",
        )
        preparer = Preparer(
            schema=self.schema,
            validator=validator,
            match=match,
            agency_id=self.agency.pk,
            set_id=self.record_set.pk,
            public=self.record_set.is_public,
            adult_age=rules()["adult_age"],
        )
        builder = RowBuilder(
            agency=self.agency,
            record_set=self.record_set,
            schema=self.schema,
            job_id=self.job_id,
            now=now,
            reported_at=self.options.reported_at,
        )
        writer = _Writer(self.agency.pk, self.record_set.pk, self.job_id)
        rows.close()
        if use_process(self.path.stat().st_size):
            chunks = _chunks_in_process(self.path, self.file_name, header_row, preparer)
        else:
            table.restart()
            chunks = _chunks_inline(table, header_row, preparer)
        last_progress = time.monotonic()
        for chunk, fraction in chunks:
            self._flush(chunk, writer, builder)
            if self.on_progress and time.monotonic() - last_progress > PROGRESS_EVERY_SECONDS:
                self.on_progress(out.total, fraction)
                last_progress = time.monotonic()
        if out.total == 0:
            out.state, out.message = JobState.FAILED, "文件中没有数据行"
        elif out.bad_rows and not self.options.good_rows:
            out.state = JobState.REFUSED
            out.message = f"{out.total} 行中有 {out.bad_rows} 行未通过校验，未导入任何记录"
        elif self.options.dry_run:
            out.state = JobState.CHECKED
            out.message = f"检查完毕：{out.total} 行，{out.bad_rows} 行有误（仅检查，未导入）"
        else:
            out.state = JobState.DONE

    def _flush(self, chunk: list[tuple], writer: _Writer, builder: RowBuilder) -> None:
        out = self.outcome
        existing = writer.existing([item[1] for item in chunk if item[1]])
        seen: dict[str, int] = {}
        tuples = []
        good_rows = self.options.good_rows
        doc_code = self.schema.roles["doc_no"]
        job_id = self.job_id
        for item in chunk:
            number, key, doc, problems = item[0], item[1], item[2], item[3]
            out.total += 1
            before = existing.get(key) if key else None
            if key:
                first = seen.get(key)
                if first is None and before is not None and job_id is not None and before[2] == job_id:
                    first = before[3]
                if first is not None:
                    problems.append((doc_code, doc, f"文书号与第 {first} 行重复"))
                    key = ""  # never overwrite the earlier row
                else:
                    seen[key] = number
            if problems:
                out.bad_rows += 1
                out.bad_row_numbers.append(number)
                for code, value, reason in problems:
                    self._error(number, code, value, reason)
                # On request, a bad row is registered as 待更正 (not public) — unless a good
                # record already holds its 文书号, which an invalid row must not replace.
                if good_rows and key and (before is None or not before[5]):
                    tuples.append(builder.build(item, key, problems, before))
                    out.stored_invalid += 1
                    out.inserted += before is None
                    out.updated += before is not None
                continue
            tuples.append(builder.build(item, key, problems, before))
            if before is None:
                out.inserted += 1
            else:
                out.updated += 1
        # Good rows are written even once the import is bound to be refused (its transaction is
        # then rolled back): later duplicates of them are still found, so the report is complete.
        if tuples:
            writer.write(tuples, existing)


class _CacheSize:
    """A larger SQLite page cache while importing (a fixed bound, whatever the file's size): the
    seven B-trees of a big import then stay in memory instead of re-reading pages."""

    PAGES_KIB = 131072

    def __init__(self) -> None:
        self.previous = None
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self.previous = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA cache_size = -{self.PAGES_KIB}")

    def restore(self) -> None:
        if self.previous is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.previous)}")


class _Writer:
    """Reads the chunk's existing rows, upserts it, and keeps the SQLite full-text index in step
    (one statement per chunk; PostgreSQL's tsvector column is generated by the database)."""

    def __init__(self, agency_id: int, set_id: int, job_id: int | None):
        self.agency_id, self.set_id, self.job_id = agency_id, set_id, job_id
        self.sql = upsert_sql(connection.vendor)
        self.insert = insert_sql(connection.vendor)
        self.fts = connection.vendor == "sqlite"
        self.cursor = connection.cursor()

    def existing(self, keys: list[str]) -> dict[str, tuple]:
        if not keys:
            return {}
        marks = ",".join(["%s"] * len(keys))
        self.cursor.execute(
            f"SELECT {', '.join(_EXISTING)} FROM credit_creditrecord "
            f"WHERE agency_id = %s AND record_set_id = %s AND doc_no IN ({marks})",
            [self.agency_id, self.set_id, *keys],
        )
        return {row[0]: row for row in self.cursor.fetchall()}

    def write(self, tuples: list[tuple], existing: dict[str, tuple]) -> None:
        if not self.fts:
            self.cursor.executemany(self.sql, tuples)
            return
        stale, fresh = [], []
        for row in tuples:
            tokens, before = row[_TOKENS], existing.get(row[_DOC_NO])
            old = before[10] if before is not None else ""
            if old == tokens:
                continue
            if old:
                stale.append((before[1], old))
            if tokens:
                fresh.append(row[_DOC_NO])
        if stale:
            self.cursor.executemany(
                "INSERT INTO credit_fts(credit_fts, rowid, search_tokens) VALUES ('delete', %s, %s)", stale
            )
        new = [row for row in tuples if row[_DOC_NO] not in existing]
        if new:
            self.cursor.executemany(self.insert, new)
        if len(new) < len(tuples):
            self.cursor.executemany(self.sql, [row for row in tuples if row[_DOC_NO] in existing])
        if fresh:
            marks = ",".join(["%s"] * len(fresh))
            self.cursor.execute(
                "INSERT INTO credit_fts(rowid, search_tokens) SELECT id, search_tokens FROM credit_creditrecord "
                f"WHERE agency_id = %s AND record_set_id = %s AND doc_no IN ({marks})",
                [self.agency_id, self.set_id, *fresh],
            )


def write_progress(job_id: int | None) -> Callable[[int, float], None] | None:
    if job_id is None:
        return None

    def report(rows: int, fraction: float) -> None:
        progress.write(job_id, rows=rows, fraction=fraction)

    return report
