"""迟报率 and 合规率 per agency and month, the dashboard, and section 二 counts."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from gongkai.core.workdays import get_index
from gongkai.credit import metrics
from gongkai.credit.models import CreditRecord

from .conftest import licences, penalties


def _reported_after(days: int, late_on: date | None = None, late_days: int = 0):
    def reported(decision: date) -> datetime:
        n = late_days if decision == late_on else days
        return timezone.make_aware(datetime.combine(get_index().add(decision, n), time(9)))

    return reported


def test_late_and_compliance_rates(sets, run_import, zone, staff, client):
    rows = licences(9, start=date(2025, 3, 3), end=date(2025, 3, 21))
    rows[8]["XK_JDRQ"] = rows[8]["XK_YXQZ"] = "2025-03-03"
    rows[8]["XK_WSH"] = "唐高审许〔2025〕999号"
    rows[7]["XK_XKLB"] = "临时"
    late_on = date(2025, 3, 3)
    for r in rows[:8]:
        if r["XK_JDRQ"] == late_on.isoformat():
            r["XK_JDRQ"] = r["XK_YXQZ"] = "2025-03-04"
    run_import(sets["xk"], rows, good_rows=True, reported_at=_reported_after(7, late_on, 8))
    late = CreditRecord.objects.get(doc_no="唐高审许〔2025〕999号")
    assert late.report_lag == 8 and late.is_late
    on_time = CreditRecord.objects.exclude(pk=late.pk).filter(is_valid=True).first()
    assert on_time.report_lag == 7 and not on_time.is_late  # the 7th working day is still on time
    months = metrics.monthly([zone["a"].pk], 2025)
    total = metrics.totals(months)
    assert (total.reported, total.late, total.valid) == (9, 1, 8)
    assert total.late_pct == "11.11%" and total.compliance_pct == "88.89%"
    client.force_login(staff["clerk"])
    page = client.get("/staff/credit/quality/", {"year": 2025}).content.decode()
    assert "11.11%" in page and "88.89%" in page and "echarts.min.js" in page and 'id="quality-data"' in page
    drill = client.get("/staff/credit/records/", {"month": "2025-03", "late": "1"}).content.decode()
    assert "唐高审许〔2025〕999号" in drill and rows[0]["XK_WSH"] not in drill
    invalid = client.get("/staff/credit/records/", {"month": "2025-03", "invalid": "1"}).content.decode()
    assert rows[7]["XK_WSH"] in invalid and "唐高审许〔2025〕999号" not in invalid


def test_section2_counts_decisions_of_the_year(sets, run_import, zone):
    run_import(sets["xk"], licences(7, start=date(2025, 1, 2), end=date(2025, 12, 30)))
    run_import(
        sets["xk"],
        licences(2, start=date(2024, 12, 2), end=date(2024, 12, 30), first_serial=500),
        name="b.csv",
    )
    run_import(sets["cf"], penalties(3, start=date(2025, 5, 6), end=date(2025, 6, 30)), name="c.csv")
    assert metrics.section2_counts(zone["a"], 2025) == {"licensing": 7, "penalty": 3, "coercion": 0}
    assert metrics.section2_counts(zone["a"], 2024) == {"licensing": 2, "penalty": 0, "coercion": 0}
    assert metrics.section2_counts(zone["b"], 2025) == {"licensing": 0, "penalty": 0, "coercion": 0}


def test_coercion_decisions_are_recorded_not_published(sets, run_import, zone):
    row = {
        "QZ_XDR_MC": "唐山某某物流有限公司",
        "QZ_XDR_LB": "法人及非法人组织",
        "QZ_XDR_SHXYM": "91350100M000100Y43",
        "QZ_WSH": "唐高审强〔2025〕1号",
        "QZ_QZLB": "行政强制措施",
        "QZ_NR": "查封场所",
        "QZ_JDRQ": "2025-06-01",
    }
    job, _ = run_import(sets["qz"], [row], cols=list(row))
    assert job.state == "done"
    assert CreditRecord.objects.get().status == "recorded"
    assert metrics.section2_counts(zone["a"], 2025)["coercion"] == 1


def test_custom_set_defined_imported_counted(zone, staff, run_import, client, tmp_path):
    from gongkai.credit import actions

    fields = [
        {"code": "HH", "name": "户号", "type": "text", "required": True},
        {"code": "HM", "name": "户名", "type": "text", "required": True},
        {"code": "JE", "name": "应缴金额（万元）", "type": "amount", "required": True},
    ]
    water = actions.define_set(
        acting_user=staff["admin"],
        agency=zone["a"],
        name="水费",
        fields=fields,
        roles={"doc_no": "HH", "subject_name": "HM"},
    )
    rows = [{"户号": f"SF{i}", "户名": f"唐山某某{i}号商铺", "应缴金额（万元）": "0.0123"} for i in range(5)]
    job, _ = run_import(water, rows, cols=["户号", "户名", "应缴金额（万元）"])
    assert (
        job.state == "done" and CreditRecord.objects.filter(record_set=water, status="recorded").count() == 5
    )
    client.force_login(staff["admin"])
    assert "水费" in client.get("/staff/credit/").content.decode()
    response = client.post(
        "/staff/credit/sets/new/",
        {
            "name": "燃气费",
            "fields_text": "HH,户号,文本,是\nJE,金额,金额（万元）,是\nLX,类型,代码（选项）,否,居民|非居民",
            "doc_no": "HH",
        },
    )
    assert response.status_code == 302
    gas = actions.RecordSet.objects.get(name="燃气费")
    assert gas.fields[2]["options"] == ["居民", "非居民"]
