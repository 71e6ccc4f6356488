"""Importing files: formats, templates, header mapping, errors and the error report, all-or-nothing,
good rows, dry run, re-import by 文书号, background jobs, progress, interruption."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.db import connection
from python_calamine import CalamineWorkbook

from gongkai.audit.models import AuditEvent
from gongkai.credit import actions, imports, jobs, progress
from gongkai.credit.choices import JobState, Status
from gongkai.credit.models import CreditRecord, HeaderMapping, ImportJob
from gongkai.credit.schema import builtin

from .conftest import columns, licences, penalties, write_rows


def test_a_clean_csv_is_imported_published_and_audited_once(staff, sets, run_import):
    rows = licences(30)
    job, _outcome = run_import(sets["xk"], rows, user=staff["clerk"])
    assert job.state == JobState.DONE and (job.total_rows, job.inserted, job.bad_rows) == (30, 30, 0)
    records = CreditRecord.objects.filter(record_set=sets["xk"])
    assert records.count() == 30 and set(records.values_list("status", flat=True)) == {Status.PUBLISHED}
    first = records.get(doc_no=rows[0]["XK_WSH"])
    assert first.report_lag > 7 and first.is_late  # decided weeks ago, reported today
    assert first.data["XK_XKJG"] == "测试高新区行政审批局"
    assert first.item_code == rows[0]["XK_SXBM"]
    events = AuditEvent.objects.filter(action="credit.import")
    assert events.count() == 1 and events.get().detail["inserted"] == 30


def test_gbk_csv_with_chinese_headers(staff, sets, run_import, tmp_path):
    rows = licences(5)
    schema = builtin("xk")
    path = tmp_path / "gbk.csv"
    with open(path, "w", encoding="gbk", newline="") as handle:
        import csv

        writer = csv.writer(handle)
        writer.writerow([f.name for f in schema.fields])
        for row in rows:
            writer.writerow([row.get(f.code, "") for f in schema.fields])
    job, _ = run_import(sets["xk"], path=path)
    assert job.state == JobState.DONE and job.encoding == "gb18030" and job.inserted == 5


def test_xlsx_with_a_title_row_and_date_cells(staff, sets, run_import, tmp_path):
    rows = penalties(4)
    path = tmp_path / "cf.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    cols = columns("cf")
    sheet.write(0, 0, "行政处罚信息（双公示）")
    sheet.write_row(1, 0, cols)
    for r, row in enumerate(rows, start=2):
        for c, code in enumerate(cols):
            value = row.get(code, "")
            if code == "CF_JDRQ":
                sheet.write_datetime(r, c, date.fromisoformat(value), dates)
            elif code == "CF_NR_FK" and value:
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, value)
    book.close()
    job, _ = run_import(sets["cf"], path=path)
    assert job.state == JobState.DONE and job.inserted == 4, job.errors
    rec = CreditRecord.objects.get(doc_no=rows[0]["CF_WSH"])
    assert rec.decision_date == date.fromisoformat(rows[0]["CF_JDRQ"]) and rec.public_until is not None


def test_the_2016_template(staff, sets, run_import, tmp_path):
    legacy_cols = [
        "行政许可决定书文号",
        "项目名称",
        "审批类别",
        "许可内容",
        "行政相对人名称",
        "行政相对人代码_1(统一社会信用代码)",
        "法定代表人姓名",
        "许可决定日期",
        "许可截止期",
        "许可机关",
        "当前状态",
        "地方编码",
    ]
    source = {
        "行政许可决定书文号": "XK_WSH",
        "项目名称": "XK_XKWS",
        "审批类别": "XK_XKLB",
        "许可内容": "XK_NR",
        "行政相对人名称": "XK_XDR_MC",
        "行政相对人代码_1(统一社会信用代码)": "XK_XDR_SHXYM",
        "法定代表人姓名": "XK_FRDB",
        "许可决定日期": "XK_JDRQ",
        "许可截止期": "XK_YXQZI",
    }
    rows = [r for r in licences(10) if r["XK_XDR_LB"] == "法人及非法人组织"]
    legacy = [{**{k: r[v] for k, v in source.items()}, "当前状态": "0", "地方编码": "130200"} for r in rows]
    job, _ = run_import(sets["xk"], legacy, cols=legacy_cols)
    assert job.state == JobState.DONE and job.template == "legacy" and job.inserted == len(rows), job.errors
    rec = CreditRecord.objects.get(doc_no=rows[0]["XK_WSH"])
    assert rec.data["XK_ZT"] == "1" and rec.valid_from == rec.decision_date


def test_own_headers_are_mapped_once_and_remembered(staff, sets, run_import):
    rows = licences(3)
    cols = columns("xk")
    renamed = ["单位名称" if c == "XK_XDR_MC" else c for c in cols]
    data = [{("单位名称" if k == "XK_XDR_MC" else k): v for k, v in r.items()} for r in rows]
    job, _outcome = run_import(sets["xk"], data, cols=renamed, user=staff["clerk"])
    assert job.state == JobState.NEEDS_MAPPING and job.unknown_headers == ["单位名称"]
    assert "缺少必填列：行政相对人名称" in job.message
    actions.save_mapping(
        acting_user=staff["clerk"],
        agency=job.agency,
        record_set=sets["xk"],
        mapping={"单位名称": "XK_XDR_MC"},
    )
    again = actions.rerun_import(job, acting_user=staff["clerk"])
    assert actions.run_import(again, acting_user=staff["clerk"]).state == JobState.DONE
    assert HeaderMapping.objects.count() == 1
    job2, _ = run_import(sets["xk"], data, cols=renamed, user=staff["clerk"], name="next.csv")
    assert job2.state == JobState.DONE and job2.template == "mapped" and job2.updated == 3


def test_bad_rows_refuse_the_whole_file_and_are_reported(staff, sets, run_import, settings):
    rows = licences(6)
    rows[1]["XK_XDR_SHXYM"] = "91350100M000100Y44"
    rows[1]["XK_XDR_LB"] = "法人及非法人组织"
    rows[3]["XK_JDRQ"] = "2099-01-01"
    rows[4]["XK_XKLB"] = "临时"
    job, _outcome = run_import(sets["xk"], rows)
    assert job.state == JobState.REFUSED and job.bad_rows == 3 and job.inserted == 0
    assert CreditRecord.objects.count() == 0
    first = job.errors[0]
    assert first == {
        "row": 3,
        "column": "XK_XDR_SHXYM",
        "field": "XK_XDR_SHXYM",
        "value": "91350100M000100Y44",
        "reason": "统一社会信用代码校验码错误：应为 3，实际为 4",
    }
    report = CalamineWorkbook.from_path(str(Path(settings.MEDIA_ROOT) / job.error_report))
    sheet = report.get_sheet_by_name("检查结果").to_python()
    assert sheet[0][0] == "原行号" and sheet[0][-1] == "错误说明"
    by_row = {int(r[0]): r[-1] for r in sheet[1:]}
    assert len(by_row) == 6  # every row of a small file, the bad ones explained
    assert "校验码错误" in by_row[3] and by_row[2] == ""
    assert "不得晚于今天" in by_row[5] and "不在代码表中" in by_row[6]
    listing = report.get_sheet_by_name("错误清单").to_python()
    assert listing[0] == ["行号", "列", "字段编码", "值", "原因"] and len(listing) == 4
    event = AuditEvent.objects.get(action="credit.import")
    assert event.result == "failure" and event.detail["bad_rows"] == 3


def test_the_corrected_error_report_can_be_imported_as_it_is(staff, sets, run_import, settings, tmp_path):
    rows = licences(4)
    rows[2]["XK_XKLB"] = "临时"
    job, _ = run_import(sets["xk"], rows)
    sheet = (
        CalamineWorkbook.from_path(str(Path(settings.MEDIA_ROOT) / job.error_report))
        .get_sheet_by_name("检查结果")
        .to_python()
    )
    fixed = tmp_path / "fixed.xlsx"
    book = xlsxwriter.Workbook(str(fixed))
    out = book.add_worksheet()
    for r, row in enumerate(sheet):
        out.write_row(r, 0, ["普通" if v == "临时" else v for v in row])
    book.close()
    job2, _ = run_import(sets["xk"], path=fixed)
    assert job2.state == JobState.DONE and job2.inserted == 4


def test_good_rows_on_request_bad_ones_kept_for_correction(staff, sets, run_import):
    rows = licences(5)
    rows[2]["XK_XKLB"] = "临时"
    job, _ = run_import(sets["xk"], rows, good_rows=True)
    assert job.state == JobState.DONE and (job.inserted, job.stored_invalid, job.bad_rows) == (5, 1, 1)
    bad = CreditRecord.objects.get(doc_no=rows[2]["XK_WSH"])
    assert bad.status == Status.PENDING and not bad.is_valid and bad.published_at is None
    assert bad.problems[0][0] == "XK_XKLB"
    rows[2]["XK_XKLB"] = "普通"
    job2, _ = run_import(sets["xk"], rows, name="fixed.csv")
    assert (job2.inserted, job2.updated) == (0, 5)
    bad.refresh_from_db()
    assert bad.status == Status.PUBLISHED and bad.is_valid and bad.published_at is not None
    assert CreditRecord.objects.count() == 5


def test_dry_run_writes_nothing(staff, sets, run_import):
    job, outcome = run_import(sets["xk"], licences(5), dry_run=True)
    assert job.state == JobState.CHECKED and outcome.inserted == 5 and job.inserted == 0
    assert CreditRecord.objects.count() == 0


def test_reimport_updates_by_document_number(staff, sets, run_import):
    rows = licences(5)
    run_import(sets["xk"], rows)
    first = CreditRecord.objects.get(doc_no=rows[0]["XK_WSH"])
    rows[0]["XK_NR"] = "变更后的许可内容"
    rows[0]["XK_WSH"] = rows[0]["XK_WSH"].replace("〔", "[").replace("〕", "]")  # another bracket spelling
    job, _ = run_import(sets["xk"], rows, name="again.csv")
    assert (job.inserted, job.updated) == (0, 5) and CreditRecord.objects.count() == 5
    again = CreditRecord.objects.get(pk=first.pk)
    assert again.data["XK_NR"] == "变更后的许可内容" and again.reported_at == first.reported_at


def test_duplicates_within_a_file_across_chunks(staff, sets, run_import, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 3)
    rows = licences(8)
    rows[6]["XK_WSH"] = rows[1]["XK_WSH"]
    rows[7]["XK_WSH"] = rows[6]["XK_WSH"]
    job, _ = run_import(sets["xk"], rows)
    assert job.state == JobState.REFUSED
    assert [e["reason"] for e in job.errors] == ["文书号与第 3 行重复", "文书号与第 3 行重复"]


def test_an_error_half_way_leaves_nothing_written(staff, sets, run_import, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 5)
    original = imports._Writer.write
    calls = []

    def failing(self, tuples, existing):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("磁盘已满")
        return original(self, tuples, existing)

    monkeypatch.setattr(imports._Writer, "write", failing)
    with pytest.raises(RuntimeError):
        run_import(sets["xk"], licences(20))
    assert CreditRecord.objects.count() == 0
    assert not AuditEvent.objects.filter(action="credit.import").exists()


def test_the_reader_process_gives_the_same_result(staff, sets, run_import, settings):
    settings.GONGKAI_CREDIT_IMPORT_PROCESS = True
    rows = licences(50)
    rows[10]["XK_XKLB"] = "临时"
    job, _ = run_import(sets["xk"], rows, good_rows=True)
    assert (job.inserted, job.bad_rows, job.errors[0]["row"]) == (50, 1, 12)


def test_background_job_and_progress(
    staff, sets, zone, client, tmp_path, settings, django_capture_on_commit_callbacks
):
    from django_q.models import OrmQ

    path = write_rows(tmp_path / "big.csv", licences(40), columns("xk"))
    client.force_login(staff["clerk"])
    import gongkai.credit.views as views

    limit = views.rules()["import_inline_max_bytes"]
    views.rules()["import_inline_max_bytes"] = 10
    try:
        with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as handle:
            response = client.post("/staff/credit/import/", {"record_set": sets["xk"].pk, "file": handle})
    finally:
        views.rules()["import_inline_max_bytes"] = limit
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.state == JobState.QUEUED and OrmQ.objects.count() == 1
    page = client.get(f"/staff/credit/jobs/{job.pk}/")
    assert b"<progress" in page.content and b'http-equiv="refresh"' in page.content
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    progress.write(job.pk, rows=20, fraction=0.5)
    data = client.get(f"/staff/credit/jobs/{job.pk}/progress.json").json()
    assert (data["percent"], data["rows"], data["finished"], data["interrupted"]) == (50, 20, False, False)
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.QUEUED)
    assert jobs.run_import_job(job.pk) == JobState.DONE
    assert CreditRecord.objects.count() == 40
    data = client.get(f"/staff/credit/jobs/{job.pk}/progress.json").json()
    assert data["finished"] and data["percent"] == 100


def test_stale_progress_means_interrupted(staff, sets, zone, client, tmp_path):
    path = write_rows(tmp_path / "x.csv", licences(2), columns("xk"))
    job = actions.create_import_job(
        acting_user=None, agency=zone["a"], record_set=sets["xk"], file_name="x.csv", source=path
    )
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    progress.write(job.pk, rows=10, fraction=0.2)
    client.force_login(staff["clerk"])
    old = time.time() - 1000
    progress_path = Path(progress._path(job.pk))
    progress_path.write_text(
        progress_path.read_text().replace('"at"', '"old"').rstrip("}") + f', "at": {old}}}'
    )
    page = client.get(f"/staff/credit/jobs/{job.pk}/")
    assert "已中断（未写入任何记录）".encode() in page.content and "重新导入".encode() in page.content


def test_permissions_and_scoping(staff, sets, zone, run_import, client):
    with pytest.raises(PermissionDenied):
        run_import(sets["xk"], licences(1), user=staff["reviewer"])
    job, _ = run_import(sets["xk"], licences(1), user=staff["clerk"])
    client.force_login(staff["clerk_b"])
    assert client.get(f"/staff/credit/jobs/{job.pk}/").status_code == 404
    rec = CreditRecord.objects.get()
    assert client.get(f"/staff/credit/records/{rec.pk}/").status_code == 404
    client.force_login(staff["reviewer"])
    assert client.get("/staff/credit/import/").status_code == 403


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_process_leaves_nothing_written(
    seeded_calendar, builtin_sets, zone, tmp_path, settings
):
    from gongkai.credit import samples

    path = tmp_path / "big.csv"
    samples.write_csv(
        path,
        samples.licensing_rows(60000, start=date(2023, 1, 1), end=date(2023, 12, 31)),
        columns("xk", ext=False),
    )
    env = dict(os.environ, GONGKAI_DATABASE_URL=_database_url(), GONGKAI_MEDIA_ROOT=str(settings.MEDIA_ROOT))
    command = [
        sys.executable,
        "-m",
        "gongkai",
        "credit",
        "import",
        str(path),
        "--agency",
        "bureau-a",
        "--set",
        "行政许可",
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    progress_dir = Path(settings.MEDIA_ROOT) / "credit" / "progress"
    deadline = time.monotonic() + 120
    killed = False
    while time.monotonic() < deadline and process.poll() is None:
        for file in progress_dir.glob("*.json") if progress_dir.exists() else []:
            try:
                if '"rows": 0' not in file.read_text():
                    os.killpg(process.pid, signal.SIGKILL)
                    killed = True
            except OSError:
                pass
        if killed:
            break
        time.sleep(0.05)
    process.wait(timeout=30)
    assert killed, process.stderr.read().decode()
    assert CreditRecord.objects.count() == 0
    job = ImportJob.objects.get()
    assert job.state == JobState.RUNNING  # never finished: the page shows it as interrupted
    # The database is usable afterwards (the dead writer's transaction was rolled back).
    rows = licences(3)
    write_rows(tmp_path / "after.csv", rows, columns("xk"))
    job2 = actions.create_import_job(
        acting_user=None,
        agency=zone["a"],
        record_set=job.record_set,
        file_name="after.csv",
        source=tmp_path / "after.csv",
    )
    assert actions.run_import(job2, acting_user=None).state == JobState.DONE
    assert CreditRecord.objects.count() == 3
