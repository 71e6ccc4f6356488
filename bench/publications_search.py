"""Benchmark: Chinese full-text search and the category list page over 200,000 published items.

Targets (issue 5): search p95 ≤ 100 ms for 2–4 character queries, category list page ≤ 100 ms
(judged at p95 too; the maximum is printed), on SQLite and on PostgreSQL. Times are whole requests through Django (URL routing, queries,
template rendering), measured with the test client after a warm-up.

Run:  .venv/bin/python bench/publications_search.py [--items 200000] [--keep]
On PostgreSQL: GONGKAI_DATABASE_URL=postgresql://… .venv/bin/python bench/publications_search.py
(The database must be a throwaway one: the corpus is loaded into it.) Without GONGKAI_DATABASE_URL
a temporary SQLite file is used and removed afterwards unless --keep is given.

The corpus is bulk-inserted (items and their search documents in batches, as a migration from an
old site would) rather than through the actions, which would take hours for 200,000 items; the
search documents are built by the same `search.document` the actions use.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

TARGET_MS = 100.0
QUERIES_2 = (
    "公开",
    "安全",
    "预算",
    "采购",
    "教育",
    "医疗",
    "审批",
    "统计",
    "消防",
    "就业",
    "养老",
    "防汛",
    "食品",
    "收费",
    "招录",
    "满意",
)
QUERIES_3 = ("营商环", "数字经", "政务公", "住房保", "安全生", "市场监", "检查中", "公务员")
QUERIES_4 = (
    "环境保护",
    "安全生产",
    "政务公开",
    "营商环境",
    "乡村振兴",
    "市场监管",
    "行政审批",
    "社会保障",
    "科技创新",
    "公共资源",
    "义务教育",
    "统计信息",
)


def setup_django(database_url: str | None) -> str | None:
    temp = None
    if not database_url:
        temp = str(Path(tempfile.gettempdir()) / f"gongkai-bench-{os.getpid()}.sqlite3")
        database_url = f"sqlite:///{temp}"
    os.environ["GONGKAI_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_DEBUG", "true")
    import django

    django.setup()
    return temp


def ensure_schema() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_corpus(total: int, *, agencies: int = 20, seed: int = 2026, progress: bool = False) -> list:
    """Create `agencies` agencies and `total` published items with their search documents."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.orgs import actions as org_actions
    from gongkai.orgs.models import Agency
    from gongkai.publications import search
    from gongkai.publications.content import sanitize_html
    from gongkai.publications.models import Item, SearchDoc, Topic
    from gongkai.publications.textgen import generate

    rng = random.Random(seed)
    created = []
    with transaction.atomic():
        top = Agency.objects.filter(slug="bench-top").first()
        if top is None:
            top = org_actions.create_agency(
                acting_user=None, parent=None, **_agency_fields("基准测试区管理委员会", "bench-top", 90000000)
            )
        for n in range(agencies):
            slug = f"bench-{n:02d}"
            agency = Agency.objects.filter(slug=slug).first() or org_actions.create_agency(
                acting_user=None,
                parent=top,
                **_agency_fields(f"基准测试区第{n + 1}局", slug, 90000001 + n),
            )
            created.append(agency)
    existing = Item.objects.filter(agency__slug__startswith="bench-").count()
    topics = {t.code: t for t in Topic.objects.all()}
    start = date(2019, 1, 1)
    span = (date(2026, 10, 31) - start).days
    batch = 2000
    made = existing
    serials: dict[tuple[int, int], int] = {}
    began = time.perf_counter()
    while made < total:
        size = min(batch, total - made)
        items, texts = [], []
        for _ in range(size):
            agency = created[rng.randrange(len(created))]
            day = start + timedelta(days=rng.randrange(span))
            g = generate(rng, agency.short_name, "基测", day)
            body = sanitize_html("\n".join(g.body_paragraphs))
            published_at = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))
            kind = {"normative": "normative", "interpretation": "interpretation"}.get(g.kind, "general")
            made += 1
            serial = serials[(agency.pk, day.year)] = serials.get((agency.pk, day.year), existing) + 1
            items.append(
                Item(
                    agency=agency,
                    kind=kind,
                    status="published",
                    index_no=f"{agency.credit_code}/{day.year}-{serial:05d}",
                    title=g.title,
                    summary=g.summary,
                    publisher=agency.name,
                    written_on=g.written_on,
                    formed_on=g.written_on,
                    due_on=g.written_on + timedelta(days=28),
                    published_at=published_at,
                    doc_no=g.doc_no,
                    topic=topics.get(g.topic_code),
                    category=g.category,
                    body=body,
                    validity="valid" if kind == "normative" else "",
                    imported=True,
                )
            )
            texts.append("\n".join(g.body_paragraphs))
        with transaction.atomic():
            Item.objects.bulk_create(items)
            SearchDoc.objects.bulk_create(
                SearchDoc(
                    item=item,
                    **search.doc_fields(item, text),
                )
                for item, text in zip(items, texts, strict=True)
            )
        if progress and made % 20000 < batch:
            rate = (made - existing) / (time.perf_counter() - began)
            print(f"  {made:,} items ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO publications_fts(publications_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        elif connection.in_atomic_block:  # inside a test's transaction VACUUM is not allowed
            cursor.execute("ANALYZE")
        else:  # what autovacuum does soon after a bulk load: GIN pending list merged, statistics
            cursor.execute("VACUUM ANALYZE publications_searchdoc")
            cursor.execute("VACUUM ANALYZE publications_item")
    return created


def _agency_fields(name: str, slug: str, body: int) -> dict:
    from gongkai.core.validators import credit_code_check_char, org_code_check_char

    org = str(body) + org_code_check_char(str(body))
    code17 = "11130200" + org
    return {
        "name": name,
        "short_name": name[-4:],
        "slug": slug,
        "credit_code": code17 + credit_code_check_char(code17),
        "level": "county",
    }


def _time(client, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} → HTTP {response.status_code}")
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(agencies: list, *, repeat: int = 3, seed: int = 7) -> dict:
    """Search and list-page timings (ms) through the Django test client."""
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    rng = random.Random(seed)
    urls = []
    for q in QUERIES_2 + QUERIES_3 + QUERIES_4:
        urls.append(f"/search/?q={q}")
    for q in rng.sample(QUERIES_2 + QUERIES_4, 10):
        urls.append(f"/search/?q={q}&agency={rng.choice(agencies).slug}")
    for q in rng.sample(QUERIES_2 + QUERIES_4, 6):
        urls.append(f"/search/?q={q}&category=20.{rng.randint(1, 15)}")
    for q in rng.sample(QUERIES_2, 4):
        urls.append(f"/search/?q={q}&year={rng.randint(2019, 2026)}&page=2")
    for url in urls[:5]:
        client.get(url)  # warm-up: templates, connections, caches
    search_times: list[float] = []
    slowest: list[tuple[float, str]] = []
    for url in urls:
        times = _time(client, url, repeat)
        search_times += times
        slowest.append((max(times), url))
    list_urls = [f"/gk/{agencies[0].slug}/list/?category=20.{n}" for n in (1, 5, 11, 13)]
    list_urls += [f"/catalog/?category=20.{n}" for n in (1, 3, 11, 13)]
    list_urls += [f"/gk/{agencies[1].slug}/statutory/", "/catalog/", "/catalog/?category=20.11&page=40"]
    client.get(list_urls[0])
    list_times: list[float] = []
    for url in list_urls:
        times = _time(client, url, repeat)
        list_times += times
        slowest.append((max(times), url))
    return {
        "search_queries": len(urls),
        "search_p50": statistics.median(search_times),
        "search_p95": p95(search_times),
        "search_max": max(search_times),
        "list_p50": statistics.median(list_times),
        "list_p95": p95(list_times),
        "list_max": max(list_times),
        "slowest": sorted(slowest, reverse=True)[:8],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    args = parser.parse_args()
    temp = setup_django(os.environ.get("GONGKAI_DATABASE_URL"))
    try:
        from django.db import connection

        ensure_schema()
        began = time.perf_counter()
        agencies = build_corpus(args.items, progress=True)
        load_s = time.perf_counter() - began
        from gongkai.publications.models import Item

        count = Item.objects.filter(status="published").count()
        figures = measure(agencies, repeat=args.repeat)
        vendor = connection.vendor
        ok = figures["search_p95"] <= TARGET_MS and figures["list_p95"] <= TARGET_MS
        print(
            f"publications search on {vendor}: {count:,} published items (loaded in {load_s:,.0f} s); "
            f"search {figures['search_queries']} queries × {args.repeat}: p50 {figures['search_p50']:.1f} ms, "
            f"p95 {figures['search_p95']:.1f} ms, max {figures['search_max']:.1f} ms; "
            f"category list pages: p50 {figures['list_p50']:.1f} ms, p95 {figures['list_p95']:.1f} ms, "
            f"max {figures['list_max']:.1f} ms — "
            f"target ≤ {TARGET_MS:.0f} ms: {'OK' if ok else 'SLOWER THAN TARGET'}"
        )
        for ms, url in figures["slowest"]:
            print(f"  slowest: {ms:7.1f} ms  {url}")
        return 0 if ok else 1
    finally:
        if temp and not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(temp + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())
