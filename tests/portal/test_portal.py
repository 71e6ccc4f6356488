from django.urls import reverse


def test_guide_is_generated_from_the_agency_settings(client, zone):
    page = client.get(reverse("portal:guide", args=["bureau-a"])).content.decode()
    for value in (
        "行政审批局综合科",
        "测试路 1 号",
        "工作日 8:30—17:30",
        "0315-1234567",
        "0315-7654321",
        "a@example.gov.cn",
        "https://a.example.gov.cn/",
        "20 个工作日",
    ):
        assert value in page
    assert "测试高新区管理委员会" in page  # the supervising body for complaints


def test_agency_home_has_the_standard_columns(client, zone):
    page = client.get(reverse("portal:agency_home", args=["bureau-b"])).content.decode()
    for column in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert column in page


def test_statutory_column_lists_article_20(client, zone):
    page = client.get(reverse("portal:column", args=["bureau-b", "statutory"])).content.decode()
    assert page.count("<li>") >= 15 and "行政事业性收费项目及其依据、标准" in page


def test_unknown_agency_or_column_is_404(client, zone):
    assert client.get("/gk/nope/").status_code == 404
    assert client.get("/gk/bureau-a/nope/").status_code == 404


def test_zone_home_lists_agencies(client, zone):
    page = client.get("/").content.decode()
    assert all(zone[k].name in page for k in ("top", "a", "b"))


def test_stylesheet_is_served_without_collectstatic(client, db):
    page = client.get("/").content.decode()
    assert 'href="/static/gongkai/site.css"' in page
    assert client.get("/static/gongkai/site.css").status_code == 200
