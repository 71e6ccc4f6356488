"""`gongkai load-demo` brings a few hundred items at every stage, and is idempotent."""

from gongkai.orgs import demo as orgs_demo
from gongkai.publications import demo, search
from gongkai.publications.models import Item


def test_demo_catalog(db, seeded_calendar):
    orgs_demo.load()
    lines = demo.load()
    assert any("导入原有目录" in line for line in lines)
    statuses = set(Item.objects.values_list("status", flat=True))
    assert {"draft", "in_review", "returned", "scheduled", "published", "withdrawn"} <= statuses
    assert Item.objects.filter(status="published").count() >= 300
    assert Item.objects.filter(kind="normative", validity="repealed").exclude(repealed_by=None).exists()
    assert Item.objects.filter(kind="normative", validity="expired").exists()
    assert Item.objects.filter(pii_hits__status="open").exists()
    assert search.run(search.Query("公开")).ids
    assert demo.load() == ["主动公开：演示数据已存在，跳过。"]
