"""``python -m gongkai.annual_report`` (= ``gongkai report``): outputs, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.annual_report import Report
from gongkai.annual_report.cli import main
from gongkai.annual_report.formats import SCHEMA_ID

from .test_check import good_report

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SEED = CORPUS.parent / "seed" / "000_4332fcb6fb30e709.txt"
HZQ_TRUTH = CORPUS / "files" / "hzq2023.truth.json"
SCHEMA_KEYS = {
    "schema",
    "format",
    "year",
    "agency",
    "published",
    "sections_present",
    "section2",
    "section3",
    "section4",
    "narrative",
    "warnings",
}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.annual_report", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def sound_json(tmp_path: Path) -> Path:
    path = tmp_path / "sound.json"
    path.write_text(json.dumps(good_report().to_json(), ensure_ascii=False), encoding="utf-8")
    return path


def test_parse_json_gives_the_schema(tmp_path: Path) -> None:
    done = run("parse", SEED, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= SCHEMA_KEYS
    assert data["schema"] == SCHEMA_ID
    assert data["format"] == "2021"
    assert data["section2"]["licensing"] == 11741
    assert data["section4"] is None
    assert Report.from_json(data).to_json() == data


def test_parse_without_json_is_a_readable_summary() -> None:
    done = run("parse", SEED)
    assert done.returncode == 0, done.stderr
    assert "格式：2021" in done.stdout
    assert "行政许可：11741" in done.stdout


def test_check_exit_code_1_with_error_findings() -> None:
    done = run("check", HZQ_TRUTH, "--json")
    assert done.returncode == 1, done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] is False
    s4 = [f for f in result["findings"] if f["rule"] == "S4-SUM"]
    assert {(f["row"], f["expected"], f["actual"]) for f in s4} == {("RV", 11, 0), ("LR", 5, 0)}
    assert set(s4[0]) == {"rule", "severity", "section", "row", "column", "expected", "actual", "message"}


def test_check_exit_code_0_and_previous(sound_json: Path, tmp_path: Path) -> None:
    previous = good_report(
        year=2022, published="2023-01-10", title=None, narrative={"六": "未收取信息处理费。"}
    )
    assert previous.section2 is not None
    previous.section2["normative_documents"] = [3, 0, 9]
    prev_path = tmp_path / "prev.json"
    prev_path.write_text(json.dumps(previous.to_json(), ensure_ascii=False), encoding="utf-8")
    done = run("check", sound_json, "--previous", prev_path, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout) == {"ok": True, "findings": []}
    text = run("check", sound_json)
    assert text.returncode == 0 and "通过：0 个错误，0 个警告" in text.stdout


def test_check_text_output_names_rules_and_verdict() -> None:
    done = run("check", SEED)
    assert done.returncode == 1
    assert "[错误] TX-SECT" in done.stdout
    assert "未通过" in done.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "找不到文件"),
        ("{not json", "JSON 格式错误"),
        ('{"schema": "gongkai.annual-report/1", "format": "2030"}', "format"),
        ("[1, 2]", "对象"),
    ],
)
def test_unreadable_input_exits_2_with_a_reason(tmp_path: Path, content: str | None, reason: str) -> None:
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = run("check", path, "--json")
    assert done.returncode == 2
    assert reason in done.stderr
    assert "Traceback" not in done.stderr
    answer = json.loads(done.stdout)
    assert answer["ok"] is False and reason in answer["error"]
    plain = run("check", path)
    assert plain.returncode == 2 and plain.stdout == "" and reason in plain.stderr


def test_a_file_that_is_not_a_report_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(b"%PDF-1.4 this is not really a pdf")
    done = run("check", path, "--json")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["ok"] is False


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    done = run("parse", tmp_path, "--json")
    assert done.returncode == 2 and "文件夹" in json.loads(done.stdout)["error"]


def test_usage_errors_exit_2_without_traceback() -> None:
    for args in (("chek", "x"), ("check",), ("render", "x.json", "--to", "odt", "-o", "y"), ()):
        done = run(*args)
        assert done.returncode == 2, args
        assert "命令有误" in done.stderr and "Traceback" not in done.stderr


def test_help_is_chinese() -> None:
    done = run("check", "--help")
    assert done.returncode == 0
    assert "上一年度报告" in done.stdout and "显示帮助并退出" in done.stdout


@pytest.mark.parametrize(("to", "magic"), [("txt", "一、总体情况".encode()), ("html", b"<"), ("docx", b"PK")])
def test_render_writes_the_file(sound_json: Path, tmp_path: Path, to: str, magic: bytes) -> None:
    out = tmp_path / f"out.{to}"
    done = run("render", sound_json, "--to", to, "-o", out)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert magic in data[:4000]


def test_render_then_parse_round_trips_the_numbers(sound_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    assert run("render", sound_json, "--to", "txt", "-o", out).returncode == 0
    again = json.loads(run("parse", out, "--json").stdout)
    original = good_report().to_json()
    assert again["section3"] == original["section3"]
    assert again["section4"] == original["section4"]


def test_main_in_process_returns_codes(sound_json: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(sound_json)]) == 0
    assert "通过" in capsys.readouterr().out
    assert main(["check", str(sound_json) + ".missing", "--json"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["ok"] is False
    assert "找不到文件" in captured.err
