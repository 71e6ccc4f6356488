"""The demo loaders of service items and complaints, through the actions, idempotently."""

from __future__ import annotations

from gongkai.complaints import demo as complaints_demo
from gongkai.complaints.models import Complaint
from gongkai.credit.models import CreditRecord
from gongkai.orgs import demo as orgs_demo
from gongkai.service_items import demo
from gongkai.service_items.choices import Status
from gongkai.service_items.models import ServiceItem
from gongkai.service_items.queries import approval_results
from tests.portal import data


def test_demo_items_results_and_complaints(db, client):
    data.credit_sets()
    orgs_demo.load()
    lines = demo.load()
    assert "发布 6 个事项" in lines[0]
    items = ServiceItem.objects.filter(agency__slug="gxq-xzspj")
    assert items.filter(is_public=True).count() == 6
    assert items.filter(status=Status.IN_REVIEW, is_public=True).count() == 1  # a revision under review
    assert items.filter(status=Status.DRAFT, is_public=False).count() == 1
    food = items.get(name="食品经营许可（新办）")
    assert approval_results(food).count() == 24
    assert CreditRecord.objects.filter(item_code=food.code).count() == 24
    assert any(m["sample"] for m in food.public_data["materials"])
    fee = items.get(name="城市道路挖掘许可")
    assert fee.charges and "第三十三条" in fee.fee_basis
    page = client.get(food.get_absolute_url()).content.decode()
    assert "批准结果公示" in page and "共 24 条" in page
    assert demo.load()[0].startswith("政务服务事项：演示数据已存在")

    lines = complaints_demo.load()
    assert "JD" in lines[0]
    assert Complaint.objects.count() == 4
    assert set(Complaint.objects.values_list("status", flat=True)) == {
        "closed",
        "accepted",
        "rejected",
        "received",
    }
    assert complaints_demo.load()[0].startswith("投诉举报：演示数据已存在")
