"""A small run of bench/report_compile.py with generous bounds, on this database (the full run loads
1,000,000 credit records, 100,000 cases, 20,000 publications and 200 agencies)."""

from __future__ import annotations

from bench.report_compile import run


def test_compile_and_overview_stay_fast_on_a_small_data_set(db, builtin_sets, settings):
    settings.DEBUG = False
    figures = run(credit=30_000, cases=5_000, publications=2_000, agencies=30, repeat=3)
    assert figures["licensing"] > 3000 and figures["r1"] > 500
    assert figures["compile_s"] < 1.0, figures
    assert figures["ratio"] < 4.0, figures  # small tables: fixed costs weigh more than at full size
    assert figures["overview_s"] < 3.0, figures
