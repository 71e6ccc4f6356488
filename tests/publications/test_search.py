"""Chinese full-text search on either database: bigrams, 2-character queries, filters, highlighting."""

import pytest
from django.db import connection

from gongkai.publications import actions, search
from gongkai.publications.models import SearchDoc

pytestmark = pytest.mark.django_db


def test_tokens_are_bigrams_of_cjk_runs_and_whole_words():
    assert search.tokens("信息公开，GB/T 9704 省") == ["信息", "息公", "公开", "gb", "t", "9704", "省"]
    assert search.tokens("ＡＢＣ２０２４") == ["abc2024"]


def _run(text, **filters):
    return search.run(search.Query(text, filters)).ids


def test_two_three_and_four_character_queries(make_item, publish):
    a = publish(make_item("关于做好安全生产大检查的通知", summary="", body="开展安全生产检查。"))
    b = publish(make_item("财政预算公开说明", summary="", body="部门预算依法公开。"))
    assert _run("公开") == [b.pk]  # the title of a holds no 公开; its body neither
    assert _run("安全") == [a.pk]
    assert _run("安全生产") == [a.pk]
    assert _run("预算公") == [b.pk]
    assert _run("生产预算") == []


def test_phrase_does_not_match_across_punctuation_or_out_of_order(make_item, publish):
    item = publish(make_item("信息，公开", summary="", body="公开信息"))
    assert _run("信息公开") == []
    assert _run("公开信息") == [item.pk]
    assert _run("信息 公开") == [item.pk]  # two words: both must occur


def test_newest_first_and_filters(make_item, publish, zone):
    old = publish(make_item("政务公开工作要点", category="20.15"))
    new = publish(make_item("政务公开年度报告", category="20.4"))
    other = publish(make_item("政务公开制度", agency="b"))
    assert _run("政务") == [other.pk, new.pk, old.pk]
    assert _run("政务", c="20.4") == [new.pk]
    assert _run("政务", a=zone["b"].pk) == [other.pk]
    assert _run("政务", y=new.published_at.year, k="general") == [other.pk, new.pk, old.pk]


def test_unpublished_and_withdrawn_items_are_not_found(make_item, publish, staff):
    make_item("草稿中的采购公告")
    item = publish(make_item("已发布的采购公告"))
    assert _run("采购") == [item.pk]
    actions.withdraw_item(item, acting_user=staff["leader"], reason="内容有误需更正")
    assert _run("采购") == []
    assert not SearchDoc.objects.filter(item=item).exists()


def test_validity_change_updates_the_index(zone, make_item, publish, staff):
    doc = publish(make_item("某某管理办法", kind="normative", category="20.1", doc_no="高新发〔2024〕3号"))
    assert _run("管理", v="valid") == [doc.pk]
    actions.set_validity(
        doc, acting_user=staff["clerk"], validity="expired", invalid_on=doc.published_at.date()
    )
    assert _run("管理", v="valid") == [] and _run("管理", v="expired") == [doc.pk]
    assert _run("高新发〔2024〕3号") == [doc.pk]


def test_count_stops_at_the_limit(monkeypatch, make_item, publish):
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    for n in range(3):
        publish(make_item(f"第{n}号公告"))
    result = search.run(search.Query("公告"))
    assert result.count == 2 and result.more


def test_single_character_is_too_short():
    assert search.Query("公").too_short and not search.Query("公开").too_short


def test_highlight_escapes_before_marking():
    html = search.highlight('<script>alert("公开")</script>', ["公开"])
    assert html == "&lt;script&gt;alert(&quot;<mark>公开</mark>&quot;)&lt;/script&gt;"
    assert search.highlight("a<b", ["<b"]) == "a<mark>&lt;b</mark>"


def test_snippet_centres_on_the_match():
    text = "甲" * 200 + "政务公开" + "乙" * 200
    snippet = search.snippet(text, ["公开"], width=20)
    assert "<mark>公开</mark>" in snippet and snippet.startswith("…") and snippet.endswith("…")


def test_rebuild_recreates_every_document(make_item, publish):
    item = publish(make_item("重建索引测试"))
    SearchDoc.objects.all().delete()
    assert _run("重建") == []
    assert search.rebuild() == 1
    assert _run("重建") == [item.pk]


def test_index_structures_exist_for_this_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'publications_fts'")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = 'publications_searchdoc_tsv'")
        assert cursor.fetchone()
