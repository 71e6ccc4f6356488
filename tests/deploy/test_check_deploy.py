"""`gongkai check-deploy` with the settings docs/deploy.md documents, in a fresh process."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GONGKAI = [sys.executable, "-m", "gongkai"]


def documented_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    """The environment of deploy/gongkai.env (docs/deploy.md), with local paths."""
    media = tmp_path / "shared" / "media"
    media.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the test process only (tests/conftest.py)
    env.update(
        {
            "GONGKAI_HOME": str(tmp_path / "app"),
            "GONGKAI_SECRET_KEY": secrets.token_urlsafe(64),
            "GONGKAI_ALLOWED_HOSTS": "gk.example.gov.cn",
            "GONGKAI_DATABASE_URL": database_url,
            "GONGKAI_MEDIA_ROOT": str(media),
            "GONGKAI_CACHE": "database",
            "GONGKAI_SSL_REDIRECT": "true",
            "GONGKAI_HSTS_PRELOAD": "true",
            "GONGKAI_AUDIT_RETENTION_DAYS": "365",
        }
    )
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*GONGKAI, *args], env=env, cwd=env["GONGKAI_HOME"], capture_output=True, text=True, timeout=120
    )


def test_documented_env_matches_deploy_files():
    text = (ROOT / "deploy" / "gongkai.env").read_text(encoding="utf-8")
    for name in ("GONGKAI_SECRET_KEY", "GONGKAI_ALLOWED_HOSTS", "GONGKAI_DATABASE_URL", "GONGKAI_MEDIA_ROOT"):
        assert f"{name}=" in text
    assert "GONGKAI_CACHE=database" in text and "GONGKAI_SSL_REDIRECT=true" in text
    assert "GONGKAI_HSTS_PRELOAD=true" in text
    assert "rotate 180" in (ROOT / "deploy" / "logrotate" / "gongkai").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_check_deploy(tmp_path):
    """On PostgreSQL the documented settings are clean; on SQLite the only finding is the database.

    The subprocess works on this run's test database (PostgreSQL) or a new SQLite file.
    """
    on_postgresql = connection.vendor == "postgresql"
    if on_postgresql:
        s = connection.settings_dict
        url = f"postgresql://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    else:
        url = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env = documented_env(tmp_path, url)
    (tmp_path / "app").mkdir()
    if not on_postgresql:
        assert run(env, "migrate", "--noinput").returncode == 0
    created = run(env, "createcachetable")
    assert created.returncode == 0, created.stderr
    result = run(env, "check-deploy")
    if on_postgresql:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "部署检查通过" in result.stdout
    else:
        assert result.returncode != 0
        findings = [line for line in result.stderr.splitlines() if line.startswith("✗")]
        expected = "✗ 生产环境应使用 PostgreSQL（GONGKAI_DATABASE_URL=postgresql://…），SQLite 只适合单机试用"
        assert findings == [expected], result.stdout + result.stderr


def test_check_deploy_names_each_problem(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update({"GONGKAI_HOME": str(tmp_path), "GONGKAI_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    result = run(env, "check-deploy")
    assert result.returncode != 0
    for text in (
        "GONGKAI_SECRET_KEY",
        "只有本机地址",
        "PostgreSQL",
        "附件目录",
        "进程内缓存",
        "check --deploy",
    ):
        assert text in result.stderr, text


def test_access_logs_keep_paths_not_query_strings():
    """What people type into a search box (a name, an ID number) stays out of the access logs."""
    from gongkai import gunicorn_conf

    fmt = gunicorn_conf.access_log_format
    assert "%(U)s" in fmt
    for atom in ("%(r)s", "%(q)s", "%(f)s"):
        assert atom not in fmt
    unit = (ROOT / "deploy" / "systemd" / "gongkai-web.service").read_text(encoding="utf-8")
    assert "--config python:gongkai.gunicorn_conf" in unit
    nginx = (ROOT / "deploy" / "nginx" / "gongkai.conf").read_text(encoding="utf-8")
    assert "access_log /var/log/nginx/gongkai.access.log gongkai_private;" in nginx
    log_format = nginx.split("log_format gongkai_private", 1)[1].split(";", 1)[0]
    assert "$uri" in log_format and "$request " not in log_format and "$http_referer" not in log_format
    assert "$request_uri" not in log_format and "$args" not in log_format
