"""Publication periods of penalties: the three regimes at each boundary (law.md, 双公示)."""

from datetime import date

import pytest

from gongkai.credit.periods import add_months, penalty_period


@pytest.mark.parametrize(
    ("decided", "severity", "sector", "publish", "low", "high"),
    [
        # 发改办财金〔2019〕527号, before 2023-05-01: 一般 3–12 months, 严重 6–36.
        (date(2023, 4, 30), "一般", "", True, 3, 12),
        (date(2023, 4, 30), "严重", "", True, 6, 36),
        (date(2023, 4, 30), "一般", "食品", True, 3, 12),
        (date(2023, 4, 30), "轻微", "", True, 3, 12),
        # 发改委令第58号, from 2023-05-01: 3–36 months; at least 12 for food, drugs, special
        # equipment, work safety and fire.
        (date(2023, 5, 1), "一般", "", True, 3, 36),
        (date(2023, 5, 1), "严重", "", True, 3, 36),
        (date(2023, 5, 1), "一般", "食品", True, 12, 36),
        (date(2023, 5, 1), "一般", "药品", True, 12, 36),
        (date(2023, 5, 1), "一般", "特种设备", True, 12, 36),
        (date(2023, 5, 1), "一般", "安全生产", True, 12, 36),
        (date(2026, 3, 31), "一般", "消防", True, 12, 36),
        (date(2026, 3, 31), "轻微", "", True, 3, 36),
        # 发改委令2025年第36号, from 2026-04-01: 轻微 not published, 一般 3–12, 严重 12–36.
        (date(2026, 4, 1), "轻微", "", False, 0, 3),
        (date(2026, 4, 1), "一般", "", True, 3, 12),
        (date(2026, 4, 1), "严重", "", True, 12, 36),
        (date(2026, 4, 1), "一般", "食品", True, 3, 12),
    ],
)
def test_regimes_at_their_boundaries(decided, severity, sector, publish, low, high):
    period = penalty_period(decided, severity, sector)
    assert (period.publish, period.min_months, period.max_months) == (publish, low, high)


def test_basis_names_the_rule_in_force():
    assert "527" in penalty_period(date(2023, 4, 30)).basis
    assert "58" in penalty_period(date(2023, 5, 1)).basis
    assert "2025" in penalty_period(date(2026, 4, 1)).basis


def test_period_days_run_from_the_decision():
    period = penalty_period(date(2026, 5, 15), "一般")
    assert period.last_day(date(2026, 5, 15)) == date(2027, 5, 14)
    assert period.earliest_end(date(2026, 5, 15)) == date(2026, 8, 14)


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)


def test_unknown_severity_is_refused():
    with pytest.raises(ValueError, match="失信严重程度"):
        penalty_period(date(2026, 5, 1), "特别严重")
