"""`gongkai report compile YEAR [--agency ID] [--json] [--check]`, and the engine's verbs still
reaching the engine without Django."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from gongkai.annual_report import Report
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport
from tests.reports.factories import populate
from tests.reports.test_imports import SEED


@pytest.fixture
def data(zone, builtin_sets):
    populate(zone["a"])
    return zone


def run(capsys, *args):
    """In process (call_command: the test's connection stays open); exit code as the command sets it."""
    try:
        call_command("report", "compile", *args)
        code = 0
    except SystemExit as exited:
        code = exited.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_compile_one_agency_as_json_with_its_findings(data, capsys):
    code, out, _ = run(capsys, "2024", "--agency", "bureau-a", "--json", "--check")
    result = json.loads(out)
    report = Report.from_json(result)  # the spec's JSON (the extra "check" key is ignored)
    assert report.agency == data["a"].name and report.year == 2024 and report.format == "2021"
    assert report.section2["licensing"] > 0 and report.section3["R1"][-1] > 0
    assert set(report.narrative) == {"一", "五", "六"}
    assert result["check"]["ok"] is True and code == 0
    assert AnnualReport.objects.count() == 0  # nothing is saved


def test_compile_all_agencies_is_a_list(data, capsys):
    code, out, _ = run(capsys, "2024", "--json")
    result = json.loads(out)
    assert [r["agency"] for r in result] == [data["top"].name, data["a"].name, data["b"].name]
    assert code == 0 and all("check" not in r for r in result)


def test_compile_uses_the_stored_narrative_and_reports_errors(data, capsys, make_staff):
    clerk = make_staff("clerk-cli", "a", "clerk")
    report = actions.compile_report(data["a"], 2024, acting_user=clerk).report
    actions.save_narrative(
        report,
        acting_user=clerk,
        narrative={"一": "2024年共收到政府信息公开申请99999件。", "五": "无", "六": "未收取信息处理费。"},
    )
    code, out, _ = run(capsys, "2024", "--agency", str(data["a"].pk), "--json", "--check")
    result = json.loads(out)
    assert result["narrative"]["一"].startswith("2024年共收到")
    assert code == 1 and "TX-APPS" in {f["rule"] for f in result["check"]["findings"]}


def test_compile_as_text(data, capsys):
    code, out, _ = run(capsys, "2024", "--agency", "bureau-b", "--check")
    assert "机关：测试高新区财政局" in out and "年度：2024" in out and code == 0


def test_bad_arguments(data, capsys):
    assert run(capsys, "2024", "--agency", "nowhere")[0] == 2
    assert run(capsys, "2019", "--agency", "bureau-a")[0] == 2


def test_reminders_command(data, capsys):
    call_command("report", "reminders", "--date", "2026-01-17")
    assert "条年报期限提醒" in capsys.readouterr().out


def test_the_gongkai_command_routes_compile_to_django(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "GONGKAI_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "GONGKAI_HOME": str(tmp_path),
    }
    migrate = subprocess.run(
        [sys.executable, "-m", "gongkai", "migrate", "-v0"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "report", "compile", "2024", "--agency", "nowhere", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2 and "找不到机关：nowhere" in result.stderr


def test_engine_verbs_still_need_no_database(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "report", "parse", str(SEED), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "GONGKAI_DATABASE_URL": "mysql://nowhere/x"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["section2"]["licensing"] == 11741
