"""Publication: public pages and search, natural persons and minors, periods and expiry,
withdrawal (Art. 48), credit repair, export in the national template."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gongkai.audit.models import AuditEvent
from gongkai.credit import actions, search
from gongkai.credit.choices import Status
from gongkai.credit.masking import mask_name
from gongkai.credit.models import CreditRecord

from .conftest import licences, penalties

ID_NUMBER = "11010519491231002X"


def person_penalty(**extra):
    row = penalties(1)[0]
    for key in ("CF_XDR_SHXYM", "CF_FRDB"):
        row.pop(key, None)
    row.update(
        {"CF_XDR_MC": "张三丰", "CF_XDR_LB": "自然人", "CF_XDR_ZJLX": "身份证", "CF_XDR_ZJHM": ID_NUMBER}
    )
    row["CF_WSH"] = "唐高审罚〔2026〕701号"
    row.update(extra)
    return row


@pytest.mark.parametrize(
    ("name", "rule", "shown"),
    [
        ("张三", "keep_surname", "张*"),
        ("张三丰", "keep_surname", "张**"),
        ("张三丰", "keep_first_last", "张*丰"),
        ("欧阳娜娜", "keep_surname", "欧阳**"),
        ("欧阳娜娜", "keep_first_last", "欧阳*娜"),
        ("张三丰", "surname_title", "张某某"),
        ("王五", "surname_title", "王某"),
    ],
)
def test_name_masks(name, rule, shown):
    assert mask_name(name, rule) == shown


def test_natural_person_public_page_shows_no_id_number(sets, run_import, client, zone, staff):
    run_import(sets["cf"], [person_penalty()])
    rec = CreditRecord.objects.get()
    assert rec.status == Status.PUBLISHED and rec.search_tokens == ""
    html = client.get(f"/gk/bureau-a/sgs/{rec.pk}/").content.decode()
    assert "张**" in html and "张三丰" not in html
    for secret in (ID_NUMBER, ID_NUMBER[:6], "身份证", "证件号码"):
        assert secret not in html
    actions.set_name_mask(zone["a"], "keep_first_last", acting_user=staff["admin"])
    assert "张*丰" in client.get(f"/gk/bureau-a/sgs/{rec.pk}/").content.decode()
    listing = client.get("/gk/bureau-a/sgs/", {"q": rec.data["CF_WSH"]}).content.decode()
    assert "张*丰" in listing and ID_NUMBER not in listing
    by_name = client.get("/gk/bureau-a/sgs/", {"q": "张三丰"}).content.decode()
    assert (
        "没有找到符合条件的公示信息" in by_name and "张*丰" not in by_name
    )  # people are found by 文书号 only


def test_free_text_is_scrubbed_of_id_numbers_and_phones(sets, run_import, client):
    row = penalties(1)[0]
    row["CF_SY"] = f"当事人王某（身份证号码 {ID_NUMBER}，电话 13912345678）无证经营"
    run_import(sets["cf"], [row])
    rec = CreditRecord.objects.get()
    html = client.get(f"/gk/bureau-a/sgs/{rec.pk}/").content.decode()
    assert ID_NUMBER not in html and "13912345678" not in html
    assert "110105********002X" in html and "139****5678" in html


def test_minors_are_not_published(sets, run_import, client):
    birth = date.today().replace(year=date.today().year - 15)
    from gongkai.credit import samples

    minor = person_penalty(CF_XDR_MC="李小明", CF_XDR_ZJHM=samples.id_number(samples.random.Random(1), birth))
    run_import(sets["cf"], [minor])
    rec = CreditRecord.objects.get()
    assert rec.status == Status.NOT_PUBLIC and "未成年人" in rec.not_public_reason
    assert client.get(f"/gk/bureau-a/sgs/{rec.pk}/").status_code == 404


def test_public_search_by_name_code_and_document_number(sets, run_import, client):
    rows = [r for r in licences(12) if r["XK_XDR_LB"] != "自然人"]
    rows[0]["XK_XDR_MC"] = "唐山市凤凰山建材有限公司"
    run_import(sets["xk"], rows)
    ids = search.run("凤凰山建材", set_ids=[sets["xk"].pk]).ids
    assert CreditRecord.objects.get(pk=ids[0]).subject_name == "唐山市凤凰山建材有限公司" and len(ids) == 1
    assert search.run("建材有限", set_ids=[sets["xk"].pk], agency_id=99999).ids == []
    code = rows[0]["XK_XDR_SHXYM"]
    assert search.run(code, set_ids=[sets["xk"].pk]).mode == "code"
    response = client.get("/sgs/", {"q": code}).content.decode()
    assert "唐山市凤凰山建材有限公司" in response
    doc = rows[0]["XK_WSH"].replace("〔", "(").replace("〕", ")")
    assert search.classify(doc) == "doc_no"
    assert "唐山市凤凰山建材有限公司" in client.get("/gk/bureau-a/sgs/", {"q": doc}).content.decode()
    assert "请至少输入两个字" in client.get("/sgs/", {"q": "凤"}).content.decode()
    assert (
        "唐山市凤凰山建材有限公司" in client.get("/sgs/", {"q": "唐高审许"}).content.decode()
    )  # a 文书号's start
    assert "bureau-a/sgs/" in client.get("/gk/bureau-a/").content.decode()


def test_penalty_periods_expire_and_the_daily_job_takes_them_down(sets, run_import, client):
    today = timezone.localdate()
    old = penalties(1, start=today - timedelta(days=400), end=today - timedelta(days=400))[
        0
    ]  # 一般, 2025: 3–36 months
    recent = penalties(1, start=today - timedelta(days=30), end=today - timedelta(days=30), seed=9)[0]
    recent["CF_WSH"] = "唐高审罚〔2026〕900号"
    recent["CF_GSJZQ"] = (today - timedelta(days=30) + timedelta(days=95)).isoformat()
    run_import(sets["cf"], [old, recent])
    rec = CreditRecord.objects.get(doc_no=recent["CF_WSH"])
    assert rec.status == Status.PUBLISHED and rec.public_until == date.fromisoformat(recent["CF_GSJZQ"])
    assert client.get(f"/gk/bureau-a/sgs/{rec.pk}/").status_code == 200
    # The day after the period ends the page no longer shows it, even before the job runs ...
    CreditRecord.objects.filter(pk=rec.pk).update(public_until=today - timedelta(days=1))
    assert client.get(f"/gk/bureau-a/sgs/{rec.pk}/").status_code == 404
    # ... and the daily job marks it expired, with one audit event.
    assert actions.expire_due(acting_user=None) == 1
    rec.refresh_from_db()
    assert rec.status == Status.EXPIRED
    assert AuditEvent.objects.get(action="credit.expire").detail["expired"] == 1


def test_minor_offences_are_not_published_under_the_2026_rules(sets, run_import):
    row = penalties(1, start=date(2026, 4, 1), end=date(2026, 4, 1))[0]
    row.update({"CF_YZCD": "轻微", "CF_CFLB": "警告", "CF_NR": "警告"})
    row.pop("CF_NR_FK", None)
    row.pop("CF_NR_WFFF", None)
    run_import(sets["cf"], [row])
    rec = CreditRecord.objects.get()
    assert rec.status == Status.NOT_PUBLIC and "不予公示" in rec.not_public_reason


def test_withdrawal_within_three_days_with_its_reason(sets, run_import, client, staff):
    run_import(sets["cf"], penalties(2))
    rec, other = CreditRecord.objects.order_by("pk")
    today = timezone.localdate()
    actions.withdraw_record(
        rec,
        acting_user=staff["clerk"],
        kind="revoked",
        reason="经行政复议撤销",
        changed_on=today - timedelta(days=2),
    )
    rec.refresh_from_db()
    assert rec.status == Status.WITHDRAWN and not rec.withdraw_late
    page = client.get(f"/gk/bureau-a/sgs/{rec.pk}/").content.decode()
    assert (
        "已撤回" in page and "经行政复议撤销" in page and rec.data["CF_WSH"] not in page.split("撤回")[0][-5:]
    )
    assert "经行政复议撤销" in client.get("/gk/bureau-a/sgs/").content.decode()
    actions.withdraw_record(
        other,
        acting_user=staff["clerk"],
        kind="changed",
        reason="依法变更",
        changed_on=today - timedelta(days=5),
    )
    other.refresh_from_db()
    assert other.withdraw_late
    with pytest.raises(ValidationError, match="已撤回"):
        actions.withdraw_record(rec, acting_user=staff["clerk"], kind="revoked", reason="x", changed_on=today)
    # A later import of the same file does not bring it back.
    run_import(sets["cf"], [dict(penalties(2)[0])], name="again.csv")
    rec.refresh_from_db()
    assert rec.status == Status.WITHDRAWN


def test_credit_repair_ends_publication_early_after_the_minimum(sets, run_import, staff, client):
    today = timezone.localdate()
    run_import(sets["cf"], penalties(1, start=today - timedelta(days=10), end=today - timedelta(days=10)))
    rec = CreditRecord.objects.get()
    with pytest.raises(ValidationError, match="最短公示期未满"):
        actions.repair_record(rec, acting_user=staff["clerk"], note="已履行")
    CreditRecord.objects.filter(pk=rec.pk).update(repairable_from=today)
    actions.repair_record(rec, acting_user=staff["clerk"], note="唐高审修〔2026〕1号")
    rec.refresh_from_db()
    assert rec.status == Status.REPAIRED and rec.repair_note and rec.repaired_at
    assert client.get(f"/gk/bureau-a/sgs/{rec.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="credit.repair").count() == 1


def test_export_in_the_national_template(sets, run_import, staff, client):
    job, _ = run_import(sets["cf"], [person_penalty(), *penalties(2, seed=3)])
    assert job.state == "done", job.errors
    client.force_login(staff["clerk"])
    response = client.get("/staff/credit/export/", {"set": sets["cf"].pk, "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "CF_XDR_MC" and "CF_YZCD" not in table[0] and len(table) == 4
    assert ID_NUMBER in text  # the platform needs it; the export is audited
    xlsx = client.get("/staff/credit/export/", {"set": sets["cf"].pk, "format": "xlsx"})
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert book.get_sheet_by_index(0).to_python()[0][:2] == ["CF_XDR_MC", "CF_XDR_LB"]
    assert AuditEvent.objects.filter(action="credit.export").count() == 2
    client.force_login(staff["reviewer"])
    assert client.get("/staff/credit/export/", {"set": sets["cf"].pk}).status_code == 403


def test_staff_pages_mask_id_numbers(sets, run_import, staff, client):
    run_import(sets["cf"], [person_penalty()])
    rec = CreditRecord.objects.get()
    client.force_login(staff["clerk"])
    page = client.get(f"/staff/credit/records/{rec.pk}/").content.decode()
    assert "110105********002X" in page and ID_NUMBER not in page
    assert "张**" in client.get("/staff/credit/records/").content.decode()
