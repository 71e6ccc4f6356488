"""Public and staff pages of service items: the list with search, the item page with materials,
样表 downloads and 批准结果公示 (from 双公示), withdrawal notices, and the back office."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.service_items import actions
from gongkai.service_items.models import ServiceItem
from tests.portal import data


def test_public_list_search_and_filters(client, staff, make_item, zone):
    make_item(code="AB0001", name="食品经营许可")
    make_item(code="AB0002", name="公共场所卫生许可", item_type="confirmation")
    make_item(code="AB0003", name="户外广告设置审批", publish=False)
    page = client.get("/gk/bureau-a/services/").content.decode()
    assert "食品经营许可" in page and "公共场所卫生许可" in page and "户外广告" not in page
    assert "事项目录（共 2 个）" in page
    page = client.get("/gk/bureau-a/services/", {"type": "confirmation"}).content.decode()
    assert "公共场所卫生许可" in page and "食品经营许可" not in page
    page = client.get("/gk/bureau-a/services/", {"q": "卫生"}).content.decode()
    assert "<mark>卫生</mark>" in page and "食品经营许可" not in page
    page = client.get("/services/", {"q": "营业执照"}).content.decode()  # a material's name is indexed
    assert "2 个事项" in page
    assert "请至少输入两个字" in client.get("/services/", {"q": "证"}).content.decode()
    assert "暂无公开" in client.get("/gk/bureau-b/services/").content.decode()


def test_item_page_shows_the_published_version_and_samples(client, staff, make_item):
    item = make_item()
    actions.update_item(item, acting_user=staff["clerk"], name="修订中的名称")
    page = client.get(item.get_absolute_url()).content.decode()
    assert "食品经营许可" in page and "修订中的名称" not in page
    for text in ("申请材料", "办理流程", "法定办结时限", "20 个工作日", "5 个工作日", "监督投诉电话", "0315-12345",
                 "营业执照复印件", "不收费", "批准结果公示", "暂无批准结果公示信息"):  # fmt: skip
        assert text in page, text
    sample = item.public_data["materials"][0]["sample"]
    url = f"/gk/bureau-a/services/{item.pk}/samples/{sample['sha256']}/"
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert client.get(f"/gk/bureau-a/services/{item.pk}/samples/{'0' * 64}/").status_code == 404
    assert client.get(f"/gk/bureau-b/services/{item.pk}/").status_code == 404


def test_unpublished_and_withdrawn(client, staff, make_item):
    draft = make_item(code="AB0009", publish=False)
    assert client.get(f"/gk/bureau-a/services/{draft.pk}/").status_code == 404
    item = make_item()
    sample = item.public_data["materials"][0]["sample"]
    actions.withdraw_item(item, acting_user=staff["leader"], reason="该事项已依法取消")
    response = client.get(item.get_absolute_url())
    assert response.status_code == 410 and "该事项已依法取消" in response.content.decode()
    assert client.get(f"/gk/bureau-a/services/{item.pk}/samples/{sample['sha256']}/").status_code == 404


def test_approval_results_come_from_licensing_records(client, staff, make_item, zone):
    item = make_item(code="AB0001")
    other = make_item(code="AB0002", name="卫生许可")
    rows = data.licences(zone["a"], "AB0001", 3, seed=5)
    data.licences(zone["a"], "AB0002", 2, seed=6, first_serial=100)
    data.licences(zone["b"], "AB0001", 2, seed=7, first_serial=200)  # another agency's records
    page = client.get(item.get_absolute_url()).content.decode()
    assert len(re.findall(r'href="/gk/bureau-a/sgs/\d+/"', page)) == 3
    assert "共 3 条" in page
    for row in rows:
        assert row["XK_WSH"] in page
        if row["XK_XDR_LB"] == "自然人":
            assert row["XK_XDR_MC"] not in page  # masked as on the 双公示 pages
            assert row["XK_XDR_ZJHM"] not in page
    assert "共 2 条" in client.get(other.get_absolute_url()).content.decode()


def test_staff_flow_through_the_pages(client, staff, zone):
    client.force_login(staff["clerk"])
    form = data.SERVICE_FIELDS | {"code": "AB0007", "name": "排水许可", "implementer": ""}
    response = client.post("/staff/service-items/new/", {k: v for k, v in form.items() if v is not False})
    assert response.status_code == 302
    item = ServiceItem.objects.get(code="AB0007")
    detail = response["Location"]
    assert client.get(detail).status_code == 200
    client.post(f"/staff/service-items/{item.pk}/materials/", {"new-name": "排水许可申请表", "new-copies": 1,
                                                                "new-medium": "paper", "new-required": "on"})  # fmt: skip
    material = item.materials.get()
    upload = SimpleUploadedFile("排水许可申请表.docx", data.docx_bytes("申请表"))
    client.post(f"/staff/service-items/materials/{material.pk}/sample/", {"file": upload})
    material.refresh_from_db()
    assert material.sample_name == "排水许可申请表.docx"
    assert client.get(f"/staff/service-items/materials/{material.pk}/sample/download/")[
        "Content-Disposition"
    ].startswith("attachment")
    client.post(f"/staff/service-items/{item.pk}/submit/")
    client.force_login(staff["leader"])
    page = client.get(detail).content.decode()
    assert "审核意见" in page
    client.post(f"/staff/service-items/{item.pk}/review/", {"opinion": "同意。", "decision": "approve"})
    client.post(f"/staff/service-items/{item.pk}/publish/")
    item.refresh_from_db()
    assert item.is_public
    assert "排水许可" in client.get("/gk/bureau-a/services/").content.decode()
    client.post(f"/staff/service-items/{item.pk}/withdraw/", {"reason": "职能划转，停止办理"})
    item.refresh_from_db()
    assert not item.is_public


def test_staff_form_shows_errors(client, staff):
    client.force_login(staff["clerk"])
    form = data.SERVICE_FIELDS | {"code": "AB0007", "name": "排水许可", "promised_days": 40, "charges": ""}
    page = client.post("/staff/service-items/new/", form).content.decode()
    assert "承诺办结时限不得超过法定办结时限" in page


def test_staff_scoping(client, staff, make_item):
    item = make_item()
    client.force_login(staff["clerk_b"])
    assert client.get(f"/staff/service-items/{item.pk}/").status_code == 404
    assert "食品经营许可" not in client.get("/staff/service-items/").content.decode()
    client.force_login(staff["reviewer"])
    assert client.get(f"/staff/service-items/{item.pk}/").status_code == 200
    assert client.get(f"/staff/service-items/{item.pk}/edit/").status_code == 403
    assert (
        client.post(f"/staff/service-items/{item.pk}/withdraw/", {"reason": "随便撤下看看"}).status_code
        == 403
    )
    client.logout()
    assert client.get("/staff/service-items/").status_code == 302
