"""The demo loader (the seed bureau's 2023 volumes, quickly) and a small run of the benchmark."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from gongkai.credit import demo, metrics
from gongkai.credit.models import CreditRecord
from gongkai.orgs import demo as orgs_demo
from gongkai.orgs.models import Agency

ROOT = Path(__file__).resolve().parents[2]


def test_demo_loads_the_seed_bureau_quickly_and_idempotently(db, seeded_calendar, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    orgs_demo.load()
    started = time.perf_counter()
    lines = demo.load()
    elapsed = time.perf_counter() - started
    assert elapsed < 15, elapsed  # a few seconds on a quiet machine
    bureau = Agency.objects.get(slug="gxq-xzspj")
    assert metrics.section2_counts(bureau, 2023) == {"licensing": 11741, "penalty": 61, "coercion": 0}
    year = metrics.totals(metrics.monthly([bureau.pk], 2023))
    assert (year.late_pct, year.compliance_pct) == ("0%", "100%")
    today = metrics.totals(metrics.monthly([bureau.pk], __import__("datetime").date.today().year))
    assert today.late == 1 and today.invalid == 1
    statuses = set(CreditRecord.objects.filter(agency=bureau).values_list("status", flat=True))
    assert {"published", "pending", "not_public", "withdrawn", "expired", "recorded"} <= statuses
    assert "11741" in lines[0]
    count = CreditRecord.objects.count()
    assert demo.load()[0].startswith("双公示演示数据已存在") and CreditRecord.objects.count() == count


def test_small_benchmark(tmp_path):
    """bench/credit_import.py at 20,000 rows, with generous bounds (the full run is 1,000,000)."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "credit_import.py"),
            "--rows",
            "20000",
            "--xlsx-rows",
            "5000",
            "--queries",
            "50",
            "--workdir",
            str(tmp_path),
            "--scale-bounds",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validate+store" in result.stdout and "bare insert" in result.stdout and "p95" in result.stdout
