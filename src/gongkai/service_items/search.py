"""Full-text search of published service items, with publications.search's Chinese bigram tokens.

Each published item has one `ServiceSearchDoc`: the bigrams of its public text (name, code,
implementing body, basis, conditions, materials, procedure) plus filter tokens for its agency and
type. SQLite indexes it with FTS5 (external content, rowid = item id, triggers), PostgreSQL with a
generated tsvector column and a GIN index (migration 0002). A query is the phrase of each term's
bigrams, as in publications, so two characters are enough. Results come in 事项编码 order: a
zone has hundreds or a few thousand items, so sorting the matches is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from gongkai.publications.search import Query, filter_token, tokens

PAGE_SIZE = 20
COUNT_LIMIT = 1000


def document(data: dict) -> str:
    """The index text of a published snapshot (public fields only)."""
    parts = [
        data.get("name", ""),
        data.get("code", ""),
        data.get("implementer", ""),
        data.get("basis", ""),
        data.get("conditions", ""),
        data.get("procedure", ""),
        *(m.get("name", "") for m in data.get("materials", [])),
    ]
    return " ".join(tokens("\n".join(parts)))


def index_item(item) -> None:
    """Index the item's published version (runs in the caller's transaction)."""
    from .models import ServiceSearchDoc

    words = document(item.public_data or {})
    words += f" {filter_token('a', item.agency_id)} {filter_token('t', item.pub_type)}"
    ServiceSearchDoc.objects.update_or_create(item=item, defaults={"doc": words})


def unindex_item(item) -> None:
    from .models import ServiceSearchDoc

    ServiceSearchDoc.objects.filter(item=item).delete()


@dataclass
class Result:
    ids: list[int]
    count: int
    more: bool


def run(query: Query, *, agency_id: int | None = None, item_type: str = "", page: int = 1) -> Result:
    """Ids of one page of matching published items (事项编码 order) and the bounded count."""
    filters = []
    if agency_id is not None:
        filters.append(filter_token("a", agency_id))
    if item_type:
        filters.append(filter_token("t", item_type))
    terms = [tokens(t) for t in query.terms]
    terms = [t for t in terms if t]
    if not terms:
        return Result([], 0, False)
    page = max(1, min(page, COUNT_LIMIT // PAGE_SIZE))
    offset = (page - 1) * PAGE_SIZE
    if connection.vendor == "postgresql":
        expression = " & ".join(
            ["(" + " <-> ".join(f"'{w}'" for w in t) + ")" for t in terms] + [f"'{f}'" for f in filters]
        )
        base = (
            "FROM service_items_servicesearchdoc d JOIN service_items_serviceitem i ON i.id = d.item_id "
            "WHERE d.tsv @@ to_tsquery('simple', %s) AND i.is_public"
        )
    else:
        expression = " AND ".join(['"' + " ".join(t) + '"' for t in terms] + filters)
        base = (
            "FROM service_items_fts f JOIN service_items_serviceitem i ON i.id = f.rowid "
            "WHERE service_items_fts MATCH %s AND i.is_public"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT %s) s", [expression, COUNT_LIMIT + 1])
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT i.id {base} ORDER BY i.pub_code, i.id LIMIT %s OFFSET %s",
            [expression, PAGE_SIZE, offset],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return Result(ids, min(count, COUNT_LIMIT), count > COUNT_LIMIT)


def rebuild() -> int:
    """Re-create every published item's document (after a tokeniser change or a restore)."""
    from .models import ServiceItem, ServiceSearchDoc

    ServiceSearchDoc.objects.all().delete()
    count = 0
    for item in ServiceItem.objects.filter(is_public=True).iterator(chunk_size=500):
        index_item(item)
        count += 1
    return count
