"""Public search of 双公示 records by name, 统一社会信用代码 or 文书号, on SQLite and PostgreSQL.

- 文书号: stored normalised (`normalize_doc_no`), so 〔2024〕, [2024], 【2024】 and (2024) are one
  key; equality or prefix on the unique index that leads with doc_no.
- 统一社会信用代码: equality on its index.
- Name containment over a million records: each public record's `search_tokens` holds the
  character bigrams of its subject name ("唐山建材" → "唐山 山建 建材"; ASCII words whole) plus a
  token for its agency and set, so "this agency's licensing records containing 建材" is one
  full-text lookup: FTS5 on SQLite (rowid order, so newest-first stops after a page), a GIN-indexed
  tsvector on PostgreSQL (migration 0002). Natural persons' names are not indexed: they are found
  by 文书号 only.
Counts stop at COUNT_LIMIT, so a common word costs no more than a rare one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from django.db import connection

from .choices import Status

COUNT_LIMIT = 1000
PAGE_SIZE = 20
MAX_PAGE = COUNT_LIMIT // PAGE_SIZE
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "]": "〕",
        "【": "〔",
        "】": "〕",
        "(": "〔",
        ")": "〕",
        "（": "〔",
        "）": "〕",
        "［": "〔",
        "］": "〕",
        "﹝": "〔",
        "﹞": "〕",
    }
)
_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")


def normalize_doc_no(text: str) -> str:
    """One key for the spellings of a 文号: full-width letters and digits folded, spaces dropped,
    the year's brackets made 〔〕."""
    value = unicodedata.normalize("NFKC", text)
    value = "".join(value.split())
    return value.translate(_BRACKETS)


_ALL_CJK = re.compile(rf"[{_CJK}]{{2,}}")


def tokens(text: str) -> list[str]:
    if _ALL_CJK.fullmatch(text):  # the common case, a Chinese name: bigrams without regex runs
        return [a + b for a, b in pairwise(text)]
    out: list[str] = []
    for match in _RUN.finditer(unicodedata.normalize("NFKC", text or "").lower()):
        run = match.group()
        if len(run) > 1 and _IS_CJK.match(run):
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def agency_token(agency_id: int) -> str:
    return f"zzfa{agency_id}"


def set_token(record_set_id: int) -> str:
    return f"zzfs{record_set_id}"


def document(name: str, agency_id: int, record_set_id: int) -> str:
    words = tokens(name)
    if not words:
        return ""
    return " ".join([*words, agency_token(agency_id), set_token(record_set_id)])


@dataclass
class Result:
    ids: list[int]
    count: int
    more: bool
    mode: str  # name | code | doc_no


def classify(q: str) -> str:
    text = unicodedata.normalize("NFKC", q).strip().upper()
    if _CREDIT_CODE.fullmatch(text):
        return "code"
    if re.search(r"\d", text) and ("号" in text or re.search(r"[〔〕\[\]【】()（）]", q)):
        return "doc_no"
    return "name"


def _public_filter(alias: str = "") -> tuple[str, list]:
    p = f"{alias}." if alias else ""
    return (
        f"{p}status = %s AND ({p}public_until IS NULL OR {p}public_until >= %s)",
        [Status.PUBLISHED.value, date.today()],
    )


def too_short(q: str) -> bool:
    words = tokens(q)
    return not words or (len(words) == 1 and len(words[0]) == 1)


def run(
    q: str,
    *,
    mode: str = "",
    agency_id: int | None = None,
    set_ids: list[int],
    page: int = 1,
    today: date | None = None,
) -> Result:
    """Ids of one page of public records matching `q`, newest first, and the bounded count."""
    mode = mode or classify(q)
    page = max(1, min(page, MAX_PAGE))
    offset = (page - 1) * PAGE_SIZE
    where, params = _public_filter("r")
    params[1] = today or date.today()
    sets = ",".join(str(int(s)) for s in set_ids) or "0"
    where += f" AND r.record_set_id IN ({sets})"
    if agency_id is not None:
        where += " AND r.agency_id = %s"
        params.append(agency_id)
    table = "credit_creditrecord"
    if mode in ("code", "doc_no"):
        if mode == "code":
            key_sql, key_params = "r.subject_code = %s", [unicodedata.normalize("NFKC", q).strip().upper()]
        else:
            key = normalize_doc_no(q)
            key_sql, key_params = "r.doc_no >= %s AND r.doc_no < %s", [key, key + "\uffff"]
        base = f"FROM {table} r WHERE {key_sql} AND {where}"
        sql_page = f"SELECT r.id {base} ORDER BY r.id DESC LIMIT %s OFFSET %s"
        sql_count = f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) s"
        args = key_params + params
    else:
        words = tokens(q)
        if not words:
            return Result([], 0, False, mode)
        filters = [set_token(s) for s in set_ids[:1]] if len(set_ids) == 1 else []
        if agency_id is not None:
            filters.append(agency_token(agency_id))
        if connection.vendor == "postgresql":
            expression = "(" + " <-> ".join(f"'{w}'" for w in words) + ")"
            expression = " & ".join([expression, *(f"'{f}'" for f in filters)])
            base = (
                f"FROM {table} r WHERE r.search_tokens <> '' AND r.search_tsv @@ to_tsquery('simple', %s) "
                f"AND {where}"
            )
        else:
            expression = " AND ".join(['"' + " ".join(words) + '"', *filters])
            base = f"FROM credit_fts f JOIN {table} r ON r.id = f.rowid WHERE credit_fts MATCH %s AND {where}"
        order = "r.id" if connection.vendor == "postgresql" else "f.rowid"
        sql_page = f"SELECT r.id {base} ORDER BY {order} DESC LIMIT %s OFFSET %s"
        sql_count = f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) s"
        args = [expression, *params]
    with connection.cursor() as cursor:
        count = None
        if mode == "name" and connection.vendor == "postgresql":
            ids = _pg_newest(cursor, base, args, offset)
            # A common word reaches the count limit among the newest records already.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {_newest(base)} LIMIT %s) s", [*args, COUNT_LIMIT + 1]
            )
            count = cursor.fetchone()[0]
            if count <= COUNT_LIMIT:
                count = None
        else:
            cursor.execute(sql_page, [*args, PAGE_SIZE, offset])
            ids = [row[0] for row in cursor.fetchall()]
        if count is None:
            cursor.execute(sql_count, [*args, COUNT_LIMIT + 1])
            count = cursor.fetchone()[0]
    return Result(ids, min(count, COUNT_LIMIT), count > COUNT_LIMIT, mode)


PG_NEWEST = 20_000


def _newest(base: str) -> str:
    return base.replace(
        "FROM credit_creditrecord r WHERE",
        f"FROM (SELECT * FROM credit_creditrecord ORDER BY id DESC LIMIT {PG_NEWEST}) r WHERE",
        1,
    )


def _pg_newest(cursor, base: str, args: list, offset: int) -> list[int]:
    """Newest matches first on PostgreSQL. GIN gives matches unordered and a phrase is rechecked
    on each heap row, so "ORDER BY id DESC LIMIT 20" over a word found in 5 % of a million names
    rechecks 50,000 rows. First look among the newest PG_NEWEST records, walking the primary key
    backwards (the LIMIT in the subquery keeps the planner on that path, and the scan stops at
    the 20th match); a rarer word, with few matches in all, then takes the GIN index."""
    wanted = offset + PAGE_SIZE
    newest = _newest(base)
    cursor.execute(f"SELECT r.id {newest} ORDER BY r.id DESC LIMIT %s", [*args, wanted])
    ids = [row[0] for row in cursor.fetchall()]
    if len(ids) < wanted:
        cursor.execute(f"SELECT r.id {base} ORDER BY r.id DESC LIMIT %s", [*args, wanted])
        ids = [row[0] for row in cursor.fetchall()]
    return ids[offset:]


def rebuild_index() -> int:
    """Re-create the SQLite full-text index from the records (after a restore or a tokeniser
    change); PostgreSQL's column is generated by the database and needs nothing."""
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO credit_fts(credit_fts) VALUES ('rebuild')")
        cursor.execute("SELECT count(*) FROM credit_creditrecord WHERE search_tokens <> ''")
        return cursor.fetchone()[0]
