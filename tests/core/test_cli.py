"""The `gongkai` command as users type it: a real process on a real migrated database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command


def gongkai(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.sqlite3'}"
    env = {"GONGKAI_DATABASE_URL": url}
    result = gongkai("migrate", "--no-input", "-v0", env=env)
    assert result.returncode == 0, result.stderr
    return env


def test_workdays_add_prints_the_deadline(migrated_db):
    result = gongkai("workdays", "add", "2026-09-18", "20", env=migrated_db)
    assert result.stdout.strip() == "2026-10-22"
    provisional = gongkai("workdays", "add", "2027-03-01", "5", env=migrated_db)
    assert provisional.stdout.strip() == "2027-03-08 (provisional)"


def test_workdays_check_and_explain(migrated_db):
    assert gongkai("workdays", "check", "2026-02-14", env=migrated_db).stdout.startswith("工作日（调休上班")
    assert gongkai("workdays", "check", "2026-10-01", env=migrated_db).stdout.startswith(
        "休息日（法定节假日（国庆节）"
    )
    out = gongkai("workdays", "explain", "2026-09-28", "3", env=migrated_db).stdout
    assert "跳过：法定节假日（国庆节）" in out
    assert out.strip().endswith("结果：2026-10-08")


@pytest.mark.parametrize(
    "args",
    [
        ("add", "2026-02-30", "3"),
        ("add", "2026-01-01", "x"),
        ("add", "2026-01-01", "-2"),
        ("check", "tomorrow"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(migrated_db, args):
    result = gongkai("workdays", *args, env=migrated_db)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("错误：") and len(result.stderr.strip().splitlines()) == 1


def test_load_demo_twice_and_agencies_json(migrated_db):
    first = gongkai("load-demo", env=migrated_db)
    assert first.returncode == 0, first.stderr
    assert "xitong" in first.stdout and "Gongkai-Demo-2026" in first.stdout
    assert gongkai("load-demo", env=migrated_db).returncode == 0
    agencies = json.loads(gongkai("agencies", "--json", env=migrated_db).stdout)
    assert len(agencies) == 5
    top = next(a for a in agencies if a["parent"] is None)
    assert set(top) == {"id", "name", "short_name", "credit_code", "level", "level_label", "parent"}
    assert all(a["parent"] == top["id"] for a in agencies if a is not top)
    verify = gongkai("audit", "verify", env=migrated_db)
    assert verify.returncode == 0 and "审计链完整" in verify.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GONGKAI_DEBUG": "maybe"}, "GONGKAI_DEBUG"),
        ({"GONGKAI_DATABASE_URL": "mysql://x/y"}, "GONGKAI_DATABASE_URL"),
        ({"GONGKAI_SECRET_KEY": "short"}, "GONGKAI_SECRET_KEY"),
        ({"GONGKAI_ALLOWED_HOSTS": "good.example.cn,bad host"}, "GONGKAI_ALLOWED_HOSTS"),
        ({"GONGKAI_AUDIT_RETENTION_DAYS": "90"}, "180"),
    ],
)
def test_malformed_settings_stop_startup_with_a_clear_message(env, message):
    result = gongkai("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr and "配置有误" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_workdays_command_in_process(seeded_calendar, capsys):
    call_command("workdays", "add", "2025-12-19", "40")
    assert capsys.readouterr().out.strip() == "2026-02-14"
