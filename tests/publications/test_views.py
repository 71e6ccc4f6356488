"""Back-office pages (scoped to the agency) and the public catalog pages."""

import io
from datetime import date, timedelta

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.publications import actions
from gongkai.publications.models import Item


def _pk_routes() -> list[str]:
    resolver = get_resolver().namespace_dict["publications"][1]
    return [
        f"publications:{p.name}"
        for p in resolver.url_patterns
        if str(p.pattern).startswith("<int:pk>/") or "/<int:pk>/" in str(p.pattern)
    ]


def _target(name, item, attachment, hit):
    if name.startswith("publications:attachment"):
        return [attachment.pk]
    if name.startswith("publications:pii"):
        return [hit.pk]
    if name == "publications:round":
        return [item.pk, 1]
    if name == "publications:topic_edit":
        return None
    return [item.pk]


def test_agency_a_staff_get_404_for_every_item_route_of_agency_b(client, zone, staff, make_item):
    victim = make_item("财政局的草稿", agency="b", body="身份证11010519491231002X")
    attachment = actions.add_attachment(
        victim, acting_user=staff["clerk_b"], name="a.png", data=b"\x89PNG\r\n\x1a\n0000"
    )
    actions.submit_item(victim, acting_user=staff["clerk_b"])
    hit = victim.pii_hits.get()
    routes = _pk_routes()
    assert {
        "publications:detail",
        "publications:edit",
        "publications:review",
        "publications:pii_mask",
    } <= set(routes)
    changes = AuditEvent.objects.exclude(action__startswith="auth.")
    events = changes.count()
    for role in ("clerk", "leader", "admin", "secrecy"):
        client.force_login(staff[role])
        for name in routes:
            args = _target(name, victim, attachment, hit)
            if args is None:
                continue
            url = reverse(name, args=args)
            for response in (
                client.get(url),
                client.post(
                    url, {"opinion": "同意", "decision": "approve", "reason": "理由充分", "title": "x"}
                ),
            ):
                assert response.status_code in (404, 405), (role, name, response.status_code)
    assert changes.count() == events  # logins are recorded, nothing else
    assert Item.objects.get(pk=victim.pk).status == "in_review"


def test_list_shows_only_own_agency(client, staff, make_item):
    make_item("本局信息")
    make_item("外局信息", agency="b")
    client.force_login(staff["clerk"])
    page = client.get(reverse("publications:list")).content.decode()
    assert "本局信息" in page and "外局信息" not in page


def test_draft_review_publish_through_the_pages(client, zone, staff):
    client.force_login(staff["clerk"])
    response = client.post(
        reverse("publications:create"),
        {
            "kind": "general",
            "title": "页面新建的信息",
            "category": "20.2",
            "formed_on": "2026-09-18",
            "body": "正文",
            "doc_no": "高新发[2026]01号",
        },
    )
    item = Item.objects.get(title="页面新建的信息")
    assert response.status_code == 302 and item.doc_no == "高新发〔2026〕1号"
    client.post(reverse("publications:submit", args=[item.pk]))
    for role in ("reviewer", "secrecy", "leader"):
        client.force_login(staff[role])
        detail = client.get(reverse("publications:detail", args=[item.pk])).content.decode()
        assert "审核意见" in detail
        client.post(
            reverse("publications:review", args=[item.pk]), {"opinion": f"{role}同意", "decision": "approve"}
        )
    client.force_login(staff["clerk"])
    at = (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("publications:publish", args=[item.pk]), {"at": at})
    assert Item.objects.get(pk=item.pk).status == "scheduled"
    actions.publish_due_items(now=timezone.now() + timedelta(hours=2))
    item.refresh_from_db()
    assert item.status == "published"
    history = client.get(reverse("publications:detail", args=[item.pk])).content.decode()
    assert "reviewer同意" in history and "leader同意" in history
    snap = client.get(reverse("publications:round", args=[item.pk, 1])).content.decode()
    assert "页面新建的信息" in snap and "高新发〔2026〕1号" in snap


def test_form_errors_are_shown(client, staff):
    client.force_login(staff["clerk"])
    page = client.post(
        reverse("publications:create"),
        {"kind": "general", "title": "x", "category": "20.2", "formed_on": "2026-01-05", "doc_no": "乱"},
    ).content.decode()
    assert "格式不正确" in page


def test_import_page_all_or_nothing(client, staff):
    client.force_login(staff["clerk"])
    content = "名称,发布日期,公开类别\n好的一行,2024-01-02,1\n,2024-01-02,1\n".encode("utf-8-sig")
    upload = io.BytesIO(content)
    upload.name = "目录.csv"
    page = client.post(reverse("publications:import"), {"file": upload}).content.decode()
    assert "第 3 行「名称」：不能为空" in page and not Item.objects.exists()
    upload = io.BytesIO(content)
    upload.name = "目录.csv"
    client.post(reverse("publications:import"), {"file": upload, "partial": "on"})
    assert list(Item.objects.values_list("title", flat=True)) == ["好的一行"]


def test_chain_configuration_page(client, zone, staff):
    client.force_login(staff["admin"])
    client.post(
        reverse("publications:chain"),
        {"name_0": "初审", "role_0": "reviewer", "name_1": "负责人签发", "role_1": "leader"},
    )
    from gongkai.core import review

    assert [s.name for s in review.steps_for(zone["a"], "publications.item")] == ["初审", "负责人签发"]
    client.force_login(staff["clerk"])
    assert client.get(reverse("publications:chain")).status_code == 403


def test_timeliness_and_register_pages(client, staff, make_item, publish):
    make_item("超期的信息", formed_on=timezone.localdate() - timedelta(days=60))
    publish(make_item("某办法", kind="normative", category="20.1", doc_no="高新发〔2026〕2号"))
    client.force_login(staff["clerk"])
    assert "超期的信息" in client.get(reverse("publications:timeliness")).content.decode()
    page = client.get(reverse("publications:register")).content.decode()
    assert "某办法" in page and "现行有效件数" in page


# --- Public catalog -------------------------------------------------------------------------------


def test_item_page_shows_the_metadata_block(client, zone, make_item, publish):
    item = publish(
        make_item(
            "关于印发某某办法的通知",
            kind="normative",
            category="20.1",
            doc_no="高新发〔2026〕5号",
            written_on=date(2026, 9, 1),
        )
    )
    page = client.get(item.get_absolute_url()).content.decode()
    for value in (
        "索引号",
        item.index_no,
        "发布机构",
        zone["a"].name,
        "成文日期",
        "2026年09月01日",
        "文　　号",
        "高新发〔2026〕5号",
        "有 效 性",
        "有效",
        "主题分类",
    ):
        assert value in page, value


def test_drafts_are_not_public(client, make_item):
    item = make_item()
    assert client.get(reverse("catalog:item", args=["bureau-a", item.pk])).status_code == 404


def test_withdrawn_item_leaves_a_notice(client, make_item, publish, staff):
    item = publish(make_item("将被撤回的信息"))
    url = item.get_absolute_url()
    actions.withdraw_item(item, acting_user=staff["leader"], reason="信息有误需要更正")
    response = client.get(url)
    page = response.content.decode()
    assert (
        response.status_code == 410
        and "该信息已撤回" in page
        and "信息有误需要更正" in page
        and item.index_no in page
    )


def test_attachments_are_served_as_downloads(client, make_item, sign_off, staff):
    item = make_item()
    attachment = actions.add_attachment(
        item, acting_user=staff["clerk"], name="附件 一.png", data=b"\x89PNG\r\n\x1a\n0000"
    )
    url = reverse("catalog:attachment", args=["bureau-a", item.pk, attachment.pk])
    assert client.get(url).status_code == 404  # not yet published
    sign_off(item)
    actions.publish_item(item, acting_user=staff["clerk"])
    response = client.get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "filename*=utf-8''" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_statutory_column_lists_categories_with_counts_and_latest(client, make_item, publish):
    publish(make_item("公务员招考公告", category="20.14"))
    page = client.get("/gk/bureau-a/statutory/").content.decode()
    assert (
        "公务员招考的职位、名额、报考条件等事项以及录用结果" in page
        and "（1）" in page
        and "公务员招考公告" in page
    )
    assert "市政建设" in page  # Art. 21 categories for a county-level agency
    home = client.get("/gk/bureau-a/").content.decode()
    assert "公务员招考公告" in home


def test_rules_column(client, make_item, publish):
    publish(make_item("政府信息公开工作制度", in_rules_column=True))
    publish(make_item("普通通知"))
    page = client.get("/gk/bureau-a/rules/").content.decode()
    assert "政府信息公开工作制度" in page and "普通通知" not in page


def test_browse_by_category_topic_year_validity(client, zone, make_item, publish, staff):
    from gongkai.publications.models import Topic

    topic = Topic.objects.get(code="0301")
    a = publish(make_item("财政信息", category="20.7", topic=topic))
    b = publish(make_item("规范性文件甲", kind="normative", category="20.1"))
    actions.set_validity(b, acting_user=staff["clerk"], validity="repealed", invalid_on=timezone.localdate())
    year = timezone.localdate().year

    def titles(url):
        page = client.get(url).content.decode()
        return {t for t in ("财政信息", "规范性文件甲") if t in page}

    assert titles("/gk/bureau-a/list/?category=20.7") == {"财政信息"}
    assert titles(f"/gk/bureau-a/list/?topic={topic.parent_id}") == {"财政信息"}
    assert titles(f"/catalog/?topic={topic.pk}") == {"财政信息"}
    assert titles(f"/catalog/?year={year}") == {"财政信息", "规范性文件甲"}
    assert titles("/catalog/?validity=repealed") == {"规范性文件甲"}
    assert titles("/catalog/register/?validity=repealed") == {"规范性文件甲"}
    assert titles("/gk/bureau-a/register/") == {"规范性文件甲"}
    assert a.pk


def test_search_page_highlights_and_filters(client, zone, make_item, publish):
    publish(make_item("<b>政务</b>公开工作要点", summary="", body="认真做好公开工作"))
    publish(make_item("财政局公开目录", agency="b", summary="", body="目录"))
    page = client.get("/search/", {"q": "公开"}).content.decode()
    assert "共找到 2 条结果" in page
    assert "&lt;b&gt;政务&lt;/b&gt;<mark>公开</mark>工作要点" in page and "<b>政务" not in page
    page = client.get("/search/", {"q": "公开", "agency": "bureau-b"}).content.decode()
    assert "共找到 1 条结果" in page and "财政局<mark>公开</mark>目录" in page
    page = client.get("/search/", {"q": "公开", "category": "20.7"}).content.decode()
    assert "共找到 0 条结果" in page
    assert "请至少输入两个字" in client.get("/search/", {"q": "公"}).content.decode()


def test_feed_and_sitemap(client, make_item, publish):
    item = publish(make_item("订阅测试信息"))
    feed = client.get("/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "订阅测试信息" in feed.content.decode() and item.get_absolute_url() in feed.content.decode()
    assert "订阅测试信息" not in client.get("/feed/", {"agency": "bureau-b"}).content.decode()
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-items.xml" in index
    assert item.get_absolute_url() in client.get("/sitemap-items.xml").content.decode()


@pytest.mark.parametrize("url", ["/gk/nope/statutory/", "/gk/bureau-a/item/999999/"])
def test_unknown_is_404(client, zone, url):
    assert client.get(url).status_code == 404


def test_staff_detail_shows_personal_data_masked(client, staff, make_item):
    item = make_item(body="申请人身份证11010519491231002X。")
    client.force_login(staff["reviewer"])
    page = client.get(reverse("publications:detail", args=[item.pk])).content.decode()
    assert "11010519491231002X" not in page and "110105********002X" in page


def test_topics_page_for_the_system_administrator_only(client, zone, staff, make_staff):
    from gongkai.publications.models import Topic

    client.force_login(staff["admin"])
    assert client.get(reverse("publications:topics")).status_code == 403
    client.force_login(make_staff("sys", "top", "sysadmin"))
    assert "主题分类" in client.get(reverse("orgs:home")).content.decode()
    parent = Topic.objects.get(code="01")
    client.post(reverse("publications:topics"), {"name": "政务数据", "parent": parent.pk, "active": "on"})
    topic = Topic.objects.get(name="政务数据")
    assert topic.parent == parent
    client.post(
        reverse("publications:topic_edit", args=[topic.pk]), {"name": "政务数据共享", "parent": parent.pk}
    )
    topic.refresh_from_db()
    assert topic.name == "政务数据共享" and not topic.active
