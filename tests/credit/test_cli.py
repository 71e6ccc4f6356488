"""`gongkai credit import|expire|counts`: exit codes 0 / 1 / 2 and JSON output."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from gongkai.credit.models import CreditRecord

from .conftest import columns, licences, write_rows


def run(capsys, *args):
    with pytest.raises(SystemExit) as exit_info:
        call_command("credit", *args)
    return exit_info.value.code, capsys.readouterr()


def test_import_exit_codes_and_json(sets, zone, tmp_path, capsys):
    good = write_rows(tmp_path / "good.csv", licences(4), columns("xk"))
    code, out = run(capsys, "import", str(good), "--agency", "bureau-a", "--set", "行政许可")
    assert code == 0 and "已导入" in out.out and "新增 4 条" in out.out
    rows = licences(4)
    rows[2]["XK_XKLB"] = "临时"
    bad = write_rows(tmp_path / "bad.csv", rows, columns("xk"))
    code, out = run(capsys, "import", str(bad), "--agency", str(zone["a"].pk), "--set", "xk", "--json")
    payload = json.loads(out.out)
    assert code == 1 and payload["state"] == "refused" and payload["imported"] is False
    assert payload["errors"][0]["row"] == 4 and "不在代码表中" in payload["errors"][0]["reason"]
    code, out = run(capsys, "import", str(bad), "--agency", "bureau-a", "--set", "行政许可", "--good-rows")
    assert code == 0 and "第 4 行" in out.out
    code, out = run(
        capsys, "import", str(good), "--agency", "bureau-a", "--set", "行政许可", "--dry-run", "--json"
    )
    assert code == 0 and json.loads(out.out)["counts"]["updated"] == 4
    assert CreditRecord.objects.count() == 4


def test_unreadable_files_exit_2(sets, zone, tmp_path, capsys):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    code, out = run(capsys, "import", str(broken), "--agency", "bureau-a", "--set", "行政许可", "--json")
    assert code == 2 and "不是 Excel" in json.loads(out.out)["message"]
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(b"XK_XDR_MC,XK_WSH\n" + "甲公司,1号\n".encode() + "乙公司,2号\n".encode("gbk"))
    code, out = run(capsys, "import", str(mixed), "--agency", "bureau-a", "--set", "行政许可")
    assert code == 2
    unknown = write_rows(tmp_path / "own.csv", [{"单位": "甲"}], ["单位"])
    code, out = run(capsys, "import", str(unknown), "--agency", "bureau-a", "--set", "行政许可")
    assert code == 2 and "无法识别的表头：单位" in out.out
    code, out = run(
        capsys, "import", str(tmp_path / "missing.csv"), "--agency", "bureau-a", "--set", "行政许可"
    )
    assert code == 2
    txt = tmp_path / "x.txt"
    txt.write_text("x")
    code, out = run(capsys, "import", str(txt), "--agency", "bureau-a", "--set", "行政许可", "--json")
    assert code == 2


def test_counts_and_expire(sets, zone, tmp_path, capsys):
    call_command("credit", "counts", "--agency", "bureau-a", "--year", "2026", "--json")
    assert json.loads(capsys.readouterr().out) == {"licensing": 0, "penalty": 0, "coercion": 0}
    call_command("credit", "expire")
    assert "已下架 0 条" in capsys.readouterr().out
