"""A short run of bench/portal_load.py against this test database: gunicorn with 2 workers on
loopback, wrk for 2 s per page, low thresholds (the full run is 10 s per page with 200 req/s and
half the minimal view's throughput)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.db import connection

from gongkai.portal import cache as portal_cache
from tests.conftest import require_tool
from tests.portal import data

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("portal_load", ROOT / "bench" / "portal_load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("portal_load", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_short_load_run(zone, make_staff, seeded_calendar, settings, tmp_path):
    require_tool("wrk")
    settings.MEDIA_ROOT = tmp_path / "media"
    clerk, leader = make_staff("clerk", "a", "clerk"), make_staff("leader", "a", "leader")
    data.one_step_chains(zone["a"])
    for n in range(12):
        data.published_item(zone["a"], clerk, leader, f"第 {n + 1} 条公开信息")
    assert portal_cache.version() is not None  # the publications started the page cache
    bench = _bench()
    env = bench.environment(tmp_path, _database_url())
    lines, ok = bench.run(
        env,
        seconds=2,
        connections=4,
        threads=1,
        min_rps=20,
        min_ratio=0.2,
        targets={"zone home": "/", "agency home": "/gk/bureau-a/", "catalog page": "/gk/bureau-a/list/"},
    )
    text = "\n".join(lines)
    assert ok, text
    assert "minimal view" in text and "catalog page" in text and "targets:" in text


def test_only_loopback_is_ever_loaded():
    bench = _bench()
    with pytest.raises(ValueError):
        bench.run_wrk("x", "http://example.com/", seconds=1, connections=1, threads=1)
    lines, ok = bench.judge(
        [
            bench.Measure("minimal view", "/healthz", 1000, 1000, 0, 0, 1.0),
            bench.Measure("zone home", "/", 400, 400, 0, 0, 2.0),
        ],
        min_rps=200,
        min_ratio=0.5,
    )
    assert not ok and "0.40" in lines[-1]
