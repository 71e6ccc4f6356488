"""A small run of bench/publications_search.py (3,000 items) with generous bounds, on this database."""

from bench.publications_search import build_corpus, measure


def test_search_and_list_pages_stay_fast_on_a_small_corpus(db, settings):
    settings.DEBUG = False
    agencies = build_corpus(3000, agencies=5)
    figures = measure(agencies, repeat=1)
    assert figures["search_queries"] >= 50
    assert figures["search_p95"] < 400, figures
    assert figures["list_max"] < 800, figures


def test_every_benchmark_query_finds_something(db):
    from bench.publications_search import QUERIES_2, QUERIES_3, QUERIES_4

    from gongkai.publications import search

    build_corpus(1500, agencies=3)
    empty = [q for q in QUERIES_2 + QUERIES_3 + QUERIES_4 if not search.run(search.Query(q)).ids]
    assert empty == []
