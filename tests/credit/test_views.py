"""Back-office pages: overview, upload, header mapping, records, withdrawal and repair forms,
sets and settings; each scoped to the user's agency."""

from __future__ import annotations

from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.credit.models import CreditRecord, CreditSettings, HeaderMapping, ImportJob

from .conftest import columns, licences, penalties, write_rows


def test_upload_small_file_runs_at_once(staff, sets, client, tmp_path):
    path = write_rows(tmp_path / "xk.csv", licences(3), columns("xk"))
    client.force_login(staff["clerk"])
    assert "上传并导入" in client.get("/staff/credit/import/").content.decode()
    with open(path, "rb") as handle:
        response = client.post("/staff/credit/import/", {"record_set": sets["xk"].pk, "file": handle})
    job = ImportJob.objects.get()
    assert response.url == f"/staff/credit/jobs/{job.pk}/" and job.state == "done"
    page = client.get(response.url).content.decode()
    assert "已导入" in page and "新增 3 条" in page and 'http-equiv="refresh"' not in page
    overview = client.get("/staff/credit/").content.decode()
    assert "行政许可" in overview and "xk.csv" in overview
    with open(tmp_path / "x.txt", "w") as handle:
        handle.write("x")
    with open(tmp_path / "x.txt", "rb") as handle:
        response = client.post("/staff/credit/import/", {"record_set": sets["xk"].pk, "file": handle})
    assert "只支持 .csv 或 .xlsx 文件" in response.content.decode()


def test_error_report_download_is_restricted_and_audited(staff, sets, client, run_import, make_staff):
    rows = licences(3)
    rows[1]["XK_XKLB"] = "临时"
    job, _ = run_import(sets["xk"], rows, user=staff["clerk"])
    client.force_login(staff["clerk"])
    response = client.get(f"/staff/credit/jobs/{job.pk}/report.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="credit.download_error_report").count() == 1
    client.force_login(staff["leader"])  # may see the job, not download the uploaded personal data
    assert "下载错误报告" not in client.get(f"/staff/credit/jobs/{job.pk}/").content.decode()
    assert client.get(f"/staff/credit/jobs/{job.pk}/report.xlsx").status_code == 403


def test_header_mapping_on_the_job_page(staff, sets, client, tmp_path):
    rows = licences(2)
    cols = ["单位名称" if c == "XK_XDR_MC" else c for c in columns("xk")]
    data = [{("单位名称" if k == "XK_XDR_MC" else k): v for k, v in r.items()} for r in rows]
    path = write_rows(tmp_path / "own.csv", data, cols)
    client.force_login(staff["clerk"])
    with open(path, "rb") as handle:
        response = client.post("/staff/credit/import/", {"record_set": sets["xk"].pk, "file": handle})
    page = client.get(response.url).content.decode()
    assert "对应表头" in page and "单位名称" in page
    response = client.post(f"{response.url}mapping/", {"h0": "XK_XDR_MC"})
    new = ImportJob.objects.order_by("-pk").first()
    assert response.url == f"/staff/credit/jobs/{new.pk}/" and new.state == "done" and new.inserted == 2
    assert HeaderMapping.objects.get().field_code == "XK_XDR_MC"


def test_records_detail_withdraw_and_repair_forms(staff, sets, client, run_import):
    run_import(sets["cf"], penalties(2))
    rec = CreditRecord.objects.order_by("pk").first()
    client.force_login(staff["clerk"])
    listing = client.get(
        "/staff/credit/records/", {"set": sets["cf"].pk, "status": "published"}
    ).content.decode()
    assert rec.doc_no in listing
    page = client.get(f"/staff/credit/records/{rec.pk}/").content.decode()
    assert "撤回（处罚决定被变更、撤销、确认违法或无效）" in page and "信用修复" in page
    response = client.post(f"/staff/credit/records/{rec.pk}/repair/", {"note": "已履行"}, follow=True)
    assert "最短公示期未满" in response.content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(
        f"/staff/credit/records/{rec.pk}/withdraw/",
        {"kind": "revoked", "changed_on": today, "reason": "复议撤销"},
        follow=True,
    )
    assert "已撤回" in response.content.decode()
    rec.refresh_from_db()
    assert rec.status == "withdrawn"
    client.force_login(staff["reviewer"])
    assert client.post(f"/staff/credit/records/{rec.pk}/withdraw/", {}).status_code == 403


def test_sets_settings_and_scoping(staff, sets, client, zone):
    client.force_login(staff["admin"])
    assert "全国模板" in client.get("/staff/credit/sets/").content.decode()
    response = client.post(
        "/staff/credit/sets/new/", {"name": "行政许可", "fields_text": "A,甲,文本,是", "doc_no": "A"}
    )
    assert "内置数据集的名称" in response.content.decode()
    response = client.post("/staff/credit/settings/", {"name_mask": "surname_title"})
    assert response.status_code == 302
    assert CreditSettings.objects.get(agency=zone["a"]).name_mask == "surname_title"
    assert AuditEvent.objects.filter(action="credit.set_name_mask").exists()
    client.force_login(staff["clerk"])
    assert client.get("/staff/credit/settings/").status_code == 403
    assert client.get("/staff/credit/sets/new/").status_code == 403
    assert client.get("/staff/credit/quality/").status_code == 200


def test_public_zone_page_lists_agencies(client, zone, sets):
    page = client.get("/sgs/").content.decode()
    assert "测试高新区行政审批局" in page and "行政许可和行政处罚信息公示" in page
    assert client.get("/gk/no-such/sgs/").status_code == 404
