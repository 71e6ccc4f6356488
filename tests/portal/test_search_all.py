"""Search everything: publications, service items and 双公示 from one box, escaped and highlighted."""

from __future__ import annotations

from tests.portal import data


def test_one_box_finds_all_three_kinds(client, zone, staff):
    data.published_item(zone["a"], staff["clerk"], staff["leader"], "食品经营许可办理指南解读")
    data.service_item(zone["a"], staff["clerk"], staff["leader"], code="AB0001", name="食品经营许可")
    data.licences(zone["a"], "AB0001", 2, XK_XDR_MC="唐山食品经营有限公司", XK_XDR_LB="法人及非法人组织")
    page = client.get("/search/all/", {"q": "食品经营"}).content.decode()
    assert "政府信息（1 条）" in page and "政务服务事项（1 条）" in page and "双公示（2 条）" in page
    assert "<mark>食品经营</mark>许可办理指南解读" in page
    assert "/gk/bureau-a/services/" in page and "/gk/bureau-a/sgs/" in page
    one = client.get("/search/all/", {"q": "食品经营", "type": "services"}).content.decode()
    assert "政务服务事项（1 条）" in one and "政府信息（" not in one


def test_agency_scope_and_code_search(client, zone, staff):
    data.service_item(zone["a"], staff["clerk"], staff["leader"], code="AB0001", name="食品经营许可")
    rows = data.licences(zone["a"], "AB0001", 1)
    assert (
        "政务服务事项（0 条）"
        in client.get("/search/all/", {"q": "食品", "agency": "bureau-b"}).content.decode()
    )
    page = client.get("/search/all/", {"q": rows[0]["XK_WSH"]}).content.decode()
    assert "双公示（1 条）" in page


def test_natural_persons_are_masked_and_ids_never_shown(client, zone, staff):
    person = {
        "XK_XDR_MC": "张三丰",
        "XK_XDR_LB": "自然人",
        "XK_XDR_ZJLX": "身份证",
        "XK_XDR_ZJHM": "11010519491231002X",
    }
    rows = data.licences(zone["a"], "AB0001", 1, XK_XDR_SHXYM=None, XK_FRDB=None, **person)
    page = client.get("/search/all/", {"q": rows[0]["XK_WSH"]}).content.decode()
    assert "双公示（1 条）" in page and "张**" in page
    assert "张三丰" not in page and "11010519491231002X" not in page


def test_queries_and_content_are_escaped(client, zone, staff):
    data.published_item(zone["a"], staff["clerk"], staff["leader"], "关于<script>标签</script>的说明")
    page = client.get("/search/all/", {"q": "<script>标签"}).content.decode()
    assert "<script>" not in page.split("<main", 1)[1]
    assert "&lt;script&gt;" in page


def test_short_and_empty_queries(client, zone):
    assert "请至少输入两个字" in client.get("/search/all/", {"q": "证"}).content.decode()
    assert "请输入关键词" in client.get("/search/all/").content.decode()
    assert client.get("/search/all/", {"q": "公开", "page": "x", "type": "info"}).status_code == 200
