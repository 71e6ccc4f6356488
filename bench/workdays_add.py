"""Benchmark: one million add-N-working-days calls on the precomputed index (target ≤ 2 s).

Run: make bench   (or .venv/bin/python bench/workdays_add.py [--calls N])
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta
from pathlib import Path

from gongkai.core.workdays import WorkdayIndex

CALENDAR = Path(__file__).resolve().parents[1] / "src" / "gongkai" / "core" / "data" / "calendar.json"
TARGET_SECONDS = 2.0


def seeded_index() -> WorkdayIndex:
    """The same index the app builds from its table, built from the seed file (no database needed)."""
    years = json.loads(CALENDAR.read_text(encoding="utf-8"))["years"]
    special = [
        (date.fromisoformat(d), kind == "workdays", name)
        for spec in years.values()
        for kind in ("holidays", "workdays")
        for d, name in spec[kind]
    ]
    return WorkdayIndex((int(y) for y in years), special)


def run(calls: int) -> float:
    index = seeded_index()
    rng = random.Random(2026)
    base = date(2019, 1, 1)
    starts = [base + timedelta(days=rng.randrange(0, 8 * 365)) for _ in range(calls)]
    counts = [rng.choice((7, 15, 20, 40)) for _ in range(calls)]
    add = index.add
    began = time.perf_counter()
    for start, n in zip(starts, counts, strict=True):
        add(start, n)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=1_000_000)
    args = parser.parse_args()
    elapsed = run(args.calls)
    rate = args.calls / elapsed
    verdict = "OK" if elapsed <= TARGET_SECONDS * args.calls / 1_000_000 else "SLOWER THAN TARGET"
    print(
        f"workdays add: {args.calls:,} calls in {elapsed:.3f} s ({rate:,.0f}/s) — target ≤ {TARGET_SECONDS} s per million: {verdict}"
    )
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    raise SystemExit(main())
