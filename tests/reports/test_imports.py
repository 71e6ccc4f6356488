"""Published reports imported from files: one by one or in a batch (several files, zips), read by the
engine in a background job (called directly here), findings stored, agencies matched by name."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.annual_report import FORMAT_2021, Report, render
from gongkai.reports import actions, jobs
from gongkai.reports.choices import ImportState
from gongkai.reports.models import ImportedReport

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_4332fcb6fb30e709.txt"
SHIPPED = (
    Path(__file__).resolve().parents[2] / "src" / "gongkai" / "reports" / "data" / "seed-2023-gxq-xzspj.txt"
)


def report_text(name: str, year: int = 2025, *, broken: bool = False) -> bytes:
    s3 = {code: [0] * 7 for code in FORMAT_2021.row_codes}
    s3["R1"] = s3["R3.1"] = s3["R3.7"] = [1, 0, 0, 0, 0, 0, 1]
    if broken:
        s3["R4"] = [0, 0, 0, 0, 0, 0, 2]  # R1 + R2 = 1, R3.7 + R4 = 3; and the row does not add up
    report = Report(
        format="2021",
        year=year,
        agency=name,
        published=f"{year + 1}-01-15",
        sections_present=["一", "二", "三", "四", "五", "六"],
        section2={
            "rules": [0, 0, 0],
            "normative_documents": [0, 0, 0],
            "licensing": 5,
            "penalty": 1,
            "coercion": 0,
            "fees": 0,
        },
        section3=s3,
        section4={g: [0] * 5 for g in ("RV", "LD", "LR")},
        narrative={"一": f"{year}年收到政府信息公开申请1件。", "五": "无。", "六": "未收取信息处理费。"},
    )
    return render(report, "txt")


def run_jobs(items):
    return [ImportedReport.objects.get(pk=i.pk) for i in items if jobs.process_import(i.pk)]


def test_the_shipped_seed_is_the_seed():
    assert SHIPPED.read_bytes() == SEED.read_bytes()


def test_one_report_for_an_agency_on_the_system(zone, staff, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr("django_q.tasks.async_task", lambda func, *args, **kw: queued.append((func, args)))
    with django_capture_on_commit_callbacks(execute=True):
        (item,) = actions.import_reports(
            [("seed.txt", SEED.read_bytes())], acting_user=staff["clerk"], agency=zone["a"], year=2023
        )
    assert queued == [("gongkai.reports.jobs.process_import", (item.pk,))]  # queued once the upload commits
    assert item.state == ImportState.QUEUED
    (item,) = run_jobs([item])
    assert item.state == ImportState.DONE and item.year == 2023
    assert item.data["section2"]["licensing"] == 11741 and item.data["agency"] == zone["a"].name
    assert {f["rule"] for f in item.findings} == {"TX-SECT"} and item.errors == 2


def test_a_batch_of_files_and_zips_matches_agencies_by_name(zone, staff):
    gbk_name = "外部/龙泉街道.txt".encode("gbk")  # a Windows zip: GBK names without the UTF-8 flag
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("b.txt", report_text(zone["b"].name))
        archive.writestr("x" * len(gbk_name), report_text("唐山高新区龙泉街道办事处", broken=True))
        archive.writestr("__MACOSX/._b.txt", b"junk")
        archive.writestr("readme.xls", b"not a report")
    data = buffer.getvalue().replace(b"x" * len(gbk_name), gbk_name)
    items = actions.import_reports(
        [("reports.zip", data), ("c.txt", report_text("唐山高新区大庆道街道办事处"))],
        acting_user=staff["office"],
    )
    assert sorted(i.file_name for i in items) == ["b.txt", "c.txt", "龙泉街道.txt"]
    done = {i.file_name: i for i in run_jobs(items)}
    assert done["b.txt"].agency == zone["b"] and done["b.txt"].errors == 0
    broken = done["龙泉街道.txt"]
    assert broken.agency is None and broken.external_name == "唐山高新区龙泉街道办事处"
    assert "S3-BAL" in {f["rule"] for f in broken.findings} and broken.errors >= 1
    assert done["c.txt"].external_name == "唐山高新区大庆道街道办事处" and done["c.txt"].year == 2025


def test_an_unreadable_file_is_an_outcome_not_a_crash(zone, staff):
    (item,) = actions.import_reports(
        [("scan.pdf", b"%PDF-1.4 not really a pdf")], acting_user=staff["office"], external_name="某乡"
    )
    (item,) = run_jobs([item])
    assert item.state == ImportState.FAILED and item.problem


def test_upload_limits_and_permissions(zone, staff, settings):
    with pytest.raises(ValidationError):
        actions.import_reports([("x.exe", b"MZ")], acting_user=staff["office"], external_name="某乡")
    with pytest.raises(ValidationError):
        actions.import_reports([("x.zip", b"not a zip")], acting_user=staff["office"], external_name="某乡")
    with pytest.raises(PermissionDenied):  # a bureau cannot import for another bureau
        actions.import_reports([("b.txt", report_text("x"))], acting_user=staff["clerk"], agency=zone["b"])
    with pytest.raises(PermissionDenied):
        actions.import_reports(
            [("b.txt", report_text("x"))], acting_user=staff["reviewer"], external_name="某乡"
        )
    assert ImportedReport.objects.count() == 0


def test_the_job_of_a_deleted_import_does_nothing(db):
    assert jobs.process_import(999_999) == "missing"
