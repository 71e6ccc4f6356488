"""``gongkai report batch``: files and folders, one CSV row each, bad files do not stop it."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.annual_report import batch

from .test_check import good_report

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SEED = CORPUS.parent / "seed" / "000_4332fcb6fb30e709.txt"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder with a sound report, a broken one, a parseable text and a nested text."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sound.json").write_text(
        json.dumps(good_report().to_json(), ensure_ascii=False), encoding="utf-8"
    )
    (folder / "broken.json").write_text("{", encoding="utf-8")
    (folder / "notes.md").write_text("不是报告", encoding="utf-8")  # not a report suffix: ignored
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(CORPUS / "files" / "pingtan2020.txt", folder / "sub" / "pingtan2020.txt")
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must be UTF-8 with BOM"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_collect_walks_folders_and_keeps_missing_paths(inputs: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.pdf"
    found = batch.collect([inputs, missing, inputs / "seed.txt"])
    names = [p.name for p in found]
    assert names == ["broken.json", "seed.txt", "sound.json", "pingtan2020.txt", "nope.pdf"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_rows_and_summary(inputs: Path, tmp_path: Path, jobs: int) -> None:
    out = tmp_path / "results.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gongkai.annual_report",
            "batch",
            str(inputs),
            str(tmp_path / "missing.txt"),
            "--out",
            str(out),
            "--jobs",
            str(jobs),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr  # some reports have errors
    assert "Traceback" not in done.stderr
    assert "份" in done.stderr  # the progress bar
    rows = {Path(r["file"]).name: r for r in read_csv(out)}
    assert list(next(iter(rows.values()))) == list(batch.CSV_FIELDS)
    assert set(rows) == {"broken.json", "seed.txt", "sound.json", "pingtan2020.txt", "missing.txt"}
    assert rows["sound.json"]["errors"] == "0" and rows["sound.json"]["problem"] == ""
    assert rows["sound.json"]["agency"] == "某市生态环境局"
    assert "JSON 格式错误" in rows["broken.json"]["problem"] and rows["broken.json"]["errors"] == ""
    assert "找不到文件" in rows["missing.txt"]["problem"]
    assert rows["seed.txt"]["format"] == "2021" and rows["seed.txt"]["year"] == "2023"
    assert "TX-SECT" in rows["seed.txt"]["rules"].split()
    assert "S3-RESULT" in rows["pingtan2020.txt"]["rules"].split()
    assert "共 5 份：通过 1 份，有错误 2 份，无法读取 2 份" in done.stdout
    assert f"结果已写入 {out}" in done.stdout


def test_batch_without_reports_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gongkai.annual_report",
            "batch",
            str(tmp_path),
            "--out",
            str(tmp_path / "r.csv"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "没有找到报告文件" in done.stderr


def test_process_never_raises(tmp_path: Path) -> None:
    odd = tmp_path / "odd.docx"
    odd.write_bytes(b"not a zip")
    row = batch.process(odd)
    assert row.problem and row.errors is None


def test_run_in_process_matches_pool(inputs: Path) -> None:
    paths = batch.collect([inputs])
    one = batch.run(paths, 1, progress=False)
    two = batch.run(paths, 2, progress=False)
    assert one == two
    assert [r.file for r in one] == [str(p) for p in paths]


def test_summary_counts_rules_by_report() -> None:
    rows = [
        batch.BatchRow("a", errors=1, warnings=0, rules="S3-BAL TX-SECT"),
        batch.BatchRow("b", errors=0, warnings=1, rules="TX-FEE"),
        batch.BatchRow("c", problem="扫描件，无法提取文字"),
    ]
    lines = batch.summary(rows)
    assert lines[0] == "共 3 份：通过 1 份，有错误 1 份，无法读取 1 份"
    assert "S3-BAL 1 份" in lines[1]


def test_unwritable_csv_fails_before_the_work(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "r.csv"
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.annual_report", "batch", str(inputs), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "无法写入结果文件" in done.stderr
    assert "检查报告" not in done.stderr  # no progress bar: nothing was processed
