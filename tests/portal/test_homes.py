"""The zone home and each agency's home: every section the law promises, in the usual places."""

from __future__ import annotations

from tests.portal import data


def test_agency_home_has_every_section(client, zone, staff):
    data.published_item(zone["a"], staff["clerk"], staff["leader"], "关于公布行政审批事项目录的通知")
    data.published_item(
        zone["a"],
        staff["clerk"],
        staff["leader"],
        "行政审批局政府信息公开工作制度",
        category="20.15",
        in_rules_column=True,
    )
    data.service_item(zone["a"], staff["clerk"], staff["leader"], code="AB0001", name="食品经营许可")
    page = client.get("/gk/bureau-a/").content.decode()
    for text in (
        "政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报",
        "依申请公开", "/gk/bureau-a/apply/", "/gk/bureau-a/apply/track/",
        "双公示", "/gk/bureau-a/sgs/", "政务服务事项", "食品经营许可", "全部 1 个事项",
        "监督", "/gk/bureau-a/supervision/complaint/", "/supervision/track/",
        "关于公布行政审批事项目录的通知", "行政审批局政府信息公开工作制度",
        'action="/search/all/"', 'name="agency" value="bureau-a"',
        "行政事业性收费项目及其依据、标准", "/gk/bureau-a/list/?category=20.5",
    ):  # fmt: skip
        assert text in page, text
    # The main navigation reaches every section.
    nav = page.split('aria-label="公开栏目"', 1)[1].split("</nav>", 1)[0]
    for href in ("/gk/bureau-a/guide/", "/gk/bureau-a/rules/", "/gk/bureau-a/statutory/", "/gk/bureau-a/annual/",
                 "/gk/bureau-a/apply/", "/gk/bureau-a/sgs/", "/gk/bureau-a/services/", "/gk/bureau-a/supervision/"):  # fmt: skip
        assert href in nav, href
    assert 'aria-current="page">首页' in nav


def test_zone_home_has_every_section(client, zone, staff):
    data.published_item(zone["a"], staff["clerk"], staff["leader"], "全区最新的一条信息")
    data.service_item(zone["a"], staff["clerk"], staff["leader"], code="AB0001", name="食品经营许可")
    page = client.get("/").content.decode()
    for text in (
        "/gk/top/guide/", "/gk/top/rules/", "/catalog/", "/gk/top/annual/", "/catalog/?category=20.8",
        "全区最新的一条信息", 'action="/go/"', "在线申请", "办理进度查询", "/sgs/", "食品经营许可",
        "/services/", "/supervision/", 'action="/search/all/"',
    ):  # fmt: skip
        assert text in page, text
    assert all(zone[k].name in page for k in ("top", "a", "b"))


def test_choose_an_agency_without_script(client, zone):
    assert client.get("/go/", {"agency": "bureau-a", "to": "apply"})["Location"] == "/gk/bureau-a/apply/"
    assert (
        client.get("/go/", {"agency": "bureau-a", "to": "track"})["Location"] == "/gk/bureau-a/apply/track/"
    )
    assert client.get("/go/", {"agency": "bureau-a", "to": "x"})["Location"] == "/gk/bureau-a/"
    assert client.get("/go/", {"agency": "nope"})["Location"] == "/"


def test_healthz_is_a_plain_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
