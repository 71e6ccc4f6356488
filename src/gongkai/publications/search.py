"""Full-text search of published items in Chinese, on SQLite and PostgreSQL, behind one module.

Chinese has no spaces, and a 2-character query ("公开") must work. Every text is turned into
overlapping character bigrams ("信息公开" → "信息 息公 公开"; a lone character stays a unigram;
ASCII words and numbers stay whole), stored in `SearchDoc.doc`. A query is the phrase of its own
bigrams, so "信息公开" matches exactly the texts containing those four characters in a row, and a
2-character query is a single token. Filters (agency, category, topic, year, validity, kind) are
extra tokens in the same document ("zzfa12"), so a filtered search is one index lookup.

The rowid / `sort_key` is (publication date ordinal × 10¹⁰ + item id): newest-first results come
straight from the index order, without sorting all matches.

- SQLite: an FTS5 table (`unicode61` tokenizer) with external content `publications_searchdoc`,
  kept in step by triggers (migration 0002).
- PostgreSQL: a stored generated column `tsv = to_tsvector('simple', doc)` with a GIN index; a
  phrase is `'信息' <-> '息公' <-> '公开'`.

Counts stop at COUNT_LIMIT ("1000 条以上"), so a very common word costs no more than a rare one.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

SORT_FACTOR = 10**10
COUNT_LIMIT = 1000
PAGE_SIZE = 20
MAX_PAGE = COUNT_LIMIT // PAGE_SIZE
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
FILTER_PREFIX = "zzf"
_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def tokens(text: str) -> list[str]:
    """Bigrams of every CJK run (a lone character stays as it is) and whole ASCII words."""
    out: list[str] = []
    for match in _RUN.finditer(_normalize(text)):
        run = match.group()
        if _IS_CJK.match(run) and len(run) > 1:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def filter_token(name: str, value: object) -> str:
    """`filter_token("a", 12)` → "zzfa12" (letters and digits only, so every tokenizer keeps it whole)."""
    clean = re.sub(r"[^0-9a-z]", "x", str(value).lower())
    return f"{FILTER_PREFIX}{name}{clean}"


def item_filters(item) -> dict[str, object]:
    published = timezone.localtime(item.published_at) if item.published_at else None
    return {
        "a": item.agency_id,
        "c": item.category,
        "t": item.topic_id or 0,
        "p": item.topic.parent_id or item.topic_id if item.topic_id else 0,
        "y": published.year if published else 0,
        "k": item.kind,
        "v": item.validity or "none",
    }


def document(item, body_text: str) -> str:
    parts = [item.title, item.summary, item.doc_no, item.index_no or "", item.publisher, body_text]
    words = tokens("\n".join(parts))
    words += [filter_token(k, v) for k, v in item_filters(item).items()]
    return " ".join(words)


_COLUMNS = {
    "a": "f_agency",
    "c": "f_category",
    "t": "f_topic",
    "p": "f_topic_parent",
    "k": "f_kind",
    "v": "f_validity",
}


def doc_fields(item, body_text: str) -> dict[str, object]:
    """Every column of an item's SearchDoc row."""
    filters = item_filters(item)
    return {
        "sort_key": sort_key(item.published_at, item.pk),
        "doc": document(item, body_text),
        **{column: filters[key] for key, column in _COLUMNS.items()},
    }


def sort_key(published_at: datetime, pk: int) -> int:
    return timezone.localtime(published_at).date().toordinal() * SORT_FACTOR + pk


def index_item(item, body_text: str) -> None:
    """Put a published item in the index (or refresh it). Runs in the caller's transaction."""
    from .models import SearchDoc

    SearchDoc.objects.update_or_create(item=item, defaults=doc_fields(item, body_text))


def unindex_item(item) -> None:
    from .models import SearchDoc

    SearchDoc.objects.filter(item=item).delete()


# --- Queries ---------------------------------------------------------------------------------------


@dataclass
class Query:
    text: str
    filters: dict[str, object] = field(default_factory=dict)

    @property
    def terms(self) -> list[str]:
        """The user's words (split on spaces), normalised; each is searched as a phrase."""
        return [t for t in _normalize(self.text).split() if tokens(t)][:8]

    @property
    def too_short(self) -> bool:
        """A single Chinese character is too common to search (and not indexed on its own)."""
        return any(len(tokens(t)) == 1 and len(t) == 1 and _IS_CJK.match(t) for t in self.terms)


@dataclass
class Result:
    ids: list[int]
    count: int
    more: bool  # True when the count stopped at COUNT_LIMIT


def _fts5_expression(query: Query) -> str:
    parts = ['"' + " ".join(tokens(term)) + '"' for term in query.terms]
    parts += [filter_token(k, v) for k, v in query.filters.items()]
    return " AND ".join(parts)


def _tsquery_expression(query: Query) -> str:
    parts = []
    for term in query.terms:
        parts.append("(" + " <-> ".join(f"'{t}'" for t in tokens(term)) + ")")
    parts += [f"'{filter_token(k, v)}'" for k, v in query.filters.items()]
    return " & ".join(parts)


def run(query: Query, page: int = 1) -> Result:
    """Item ids of one page of results, newest first, and the (bounded) count."""
    if not query.terms and not query.filters:
        return Result([], 0, False)
    page = max(1, min(page, MAX_PAGE))
    offset = (page - 1) * PAGE_SIZE
    if connection.vendor == "postgresql":
        count, keys = _run_postgresql(_tsquery_expression(query), query.filters, offset)
    else:
        count, keys = _run_sqlite(_fts5_expression(query), offset)
    return Result([key % SORT_FACTOR for key in keys], min(count, COUNT_LIMIT), count > COUNT_LIMIT)


def _run_sqlite(expression: str, offset: int) -> tuple[int, list[int]]:
    """FTS5 returns rowids (= sort keys) in descending order straight from the index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM publications_fts WHERE publications_fts MATCH %s LIMIT %s)",
            [expression, COUNT_LIMIT + 1],
        )
        count = cursor.fetchone()[0]
        cursor.execute(
            "SELECT rowid FROM publications_fts WHERE publications_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
            [expression, PAGE_SIZE, offset],
        )
        return count, [row[0] for row in cursor.fetchall()]


def _column_conditions(filters: dict[str, object]) -> tuple[str, list[object]]:
    """The filters as conditions on SearchDoc's plain columns; a year is a range of sort keys."""
    sql, params = [], []
    for key, value in filters.items():
        if key == "y":
            sql.append("sort_key BETWEEN %s AND %s")
            params += [
                date(int(value), 1, 1).toordinal() * SORT_FACTOR,
                (date(int(value), 12, 31).toordinal() + 1) * SORT_FACTOR - 1,
            ]
        elif key in _COLUMNS:
            sql.append(f"{_COLUMNS[key]} = %s")
            params.append(value)
    return "".join(f" AND {c}" for c in sql), params


def _run_postgresql(expression: str, filters: dict[str, object], offset: int) -> tuple[int, list[int]]:
    """Count through the GIN index first (bounded); then pick the plan by that count, which the
    planner cannot estimate for phrases: a rare query takes its few matches from the GIN bitmap and
    sorts them; a common one walks the sort_key index backwards and stops after one page, checking
    the plain filter columns (and a year's key range) before each row's tsvector, instead of
    re-checking thousands of matches to sort them."""
    columns, params = _column_conditions(filters)
    where = f"tsv @@ to_tsquery('simple', %s){columns}"
    with transaction.atomic(), connection.cursor() as cursor:
        _plan(cursor, seqscan=False, indexscan=False, bitmapscan=True)
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM publications_searchdoc WHERE {where} LIMIT %s) s",
            [expression, *params, COUNT_LIMIT + 1],
        )
        count = cursor.fetchone()[0]
        common = count > COUNT_LIMIT
        _plan(cursor, seqscan=False, indexscan=common, bitmapscan=not common)
        cursor.execute(
            f"SELECT sort_key FROM publications_searchdoc WHERE {where} ORDER BY sort_key DESC LIMIT %s OFFSET %s",
            [expression, *params, PAGE_SIZE, offset],
        )
        keys = [row[0] for row in cursor.fetchall()]
        # SET LOCAL lasts until the outermost transaction ends: put the planner back as it was.
        _plan(cursor, seqscan=True, indexscan=True, bitmapscan=True)
        return count, keys


def _plan(cursor, *, seqscan: bool, indexscan: bool, bitmapscan: bool) -> None:
    cursor.execute(
        "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true), "
        "set_config('enable_bitmapscan', %s, true)",
        ["on" if seqscan else "off", "on" if indexscan else "off", "on" if bitmapscan else "off"],
    )


def rebuild() -> int:
    """Re-create every published item's document (after a tokeniser change or a restore)."""
    from .choices import Status
    from .content import html_to_text
    from .models import Item, SearchDoc

    SearchDoc.objects.all().delete()
    count = 0
    for item in Item.objects.filter(status=Status.PUBLISHED).select_related("topic").iterator(chunk_size=500):
        index_item(item, html_to_text(item.body))
        count += 1
    return count


# --- Highlighting ----------------------------------------------------------------------------------


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    escaped = sorted({html.escape(t) for t in terms if t}, key=len, reverse=True)
    if not escaped:
        return None
    return re.compile("|".join(re.escape(t) for t in escaped), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """HTML-escape `text` first, then wrap each occurrence of a term in <mark>."""
    escaped = html.escape(_normalize_display(text))
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escaped)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group()}</mark>", escaped))


def snippet(text: str, terms: list[str], width: int = 60) -> SafeString:
    """About 2×width characters of `text` around the first match, highlighted."""
    text = re.sub(r"\s+", " ", _normalize_display(text)).strip()
    lowered = text.lower()
    positions = [lowered.find(t) for t in terms if t and lowered.find(t) >= 0]
    start = max(0, min(positions) - width // 2) if positions else 0
    end = min(len(text), start + 2 * width)
    excerpt = text[start:end]
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + highlight(excerpt, terms) + suffix)


def _normalize_display(text: str) -> str:
    """Full-width letters and digits (Ａ, ２) shown as ASCII, so they highlight like the index matched them."""
    return _FULLWIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text or "")
