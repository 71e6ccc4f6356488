from datetime import date, timedelta

import chinese_calendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import actions, workdays
from gongkai.core.workdays import CalendarRangeError, WorkdayIndex


@pytest.fixture
def index(seeded_calendar):
    return workdays.get_index()


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 9, 18), 20, date(2026, 10, 22)),  # law.md: plain weekdays would give 10-16
        (date(2025, 12, 19), 20, date(2026, 1, 19)),
        (date(2026, 1, 19), 20, date(2026, 2, 14)),  # a Saturday that is a make-up working day
        (date(2026, 9, 28), 3, date(2026, 10, 8)),
        (date(2026, 9, 18), 0, date(2026, 9, 18)),
    ],
)
def test_law_md_worked_examples(index, start, n, expected):
    result = index.add_checked(start, n)
    assert result.date == expected
    assert not result.provisional


def test_working_day_rule_matches_chinesecalendar_for_every_seeded_day(index):
    day = date(2019, 1, 1)
    while day.year <= 2026:
        assert index.info(day).working == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_year_without_data_is_provisional_mon_to_fri(index):
    result = index.add_checked(date(2026, 12, 30), 5)
    assert result.provisional
    assert result.date == date(2027, 1, 6)  # Thu 31, then Fri 1, Mon 4, Tue 5, Wed 6 (no 元旦 known)
    assert str(result) == "2027-01-06 (provisional)"
    assert not index.add_checked(date(2026, 12, 1), 5).provisional


def test_count_is_the_inverse_of_add(index):
    start = date(2025, 12, 19)
    for n in (1, 7, 20, 40, 250):
        assert index.count(start, index.add(start, n)) == n


def test_explain_lists_every_day_and_why(index):
    _, steps = index.explain(date(2026, 9, 28), 3)
    assert [s.date for s in steps] == [date(2026, 9, 29) + timedelta(days=i) for i in range(10)]
    assert sum(s.working for s in steps) == 3
    assert "国庆节" in steps[2].reason
    assert "调休上班（春节）" in index.info(date(2026, 2, 14)).reason


def test_out_of_range_and_negative(index):
    with pytest.raises(CalendarRangeError):
        index.add(date(1999, 12, 31), 1)
    with pytest.raises(ValueError):
        index.add(date(2026, 1, 5), -1)


def test_index_is_pure_and_constant_time_per_call():
    index = WorkdayIndex([2030], [(date(2030, 1, 1), False, "元旦"), (date(2030, 1, 5), True, "调休")])
    assert index.add(date(2029, 12, 31), 1) == date(2030, 1, 2)
    assert index.add(date(2030, 1, 4), 1) == date(2030, 1, 5)
    # O(1): the same cost for 1 day and 10,000 days (no loop over the days in between).
    assert index.add(date(2030, 1, 4), 10_000) > date(2060, 1, 1)


def test_sysadmin_enters_a_new_year_and_deadlines_are_recomputed(
    seeded_calendar, make_staff, django_capture_on_commit_callbacks
):
    admin = make_staff("sys", "top", "sysadmin")
    before = workdays.add_workdays(date(2026, 12, 30), 5)
    assert before.provisional
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_calendar_year(
            2027,
            source="国办发明电〔2026〕1号",
            acting_user=admin,
            holidays=[(date(2027, 1, 1), "元旦"), (date(2027, 1, 4), "元旦")],
            makeup_workdays=[],
        )
    after = workdays.add_workdays(date(2026, 12, 30), 5)
    assert not after.provisional
    assert after.date == date(2027, 1, 8)


def test_calendar_edits_are_permission_checked_and_validated(seeded_calendar, make_staff):
    clerk = make_staff("clerk", "a", "clerk")
    with pytest.raises(PermissionDenied):
        actions.set_calendar_year(2027, source="x", holidays=[], makeup_workdays=[], acting_user=clerk)
    admin = make_staff("sys", "top", "sysadmin")
    with pytest.raises(ValidationError, match="不属于 2027 年"):
        actions.set_calendar_year(
            2027, source="x", holidays=[(date(2026, 1, 1), "元旦")], makeup_workdays=[], acting_user=admin
        )


def test_small_benchmark_100k_calls_well_under_budget():
    """A tenth of bench/workdays_add.py: the full benchmark's 2 s per million, with room to spare."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "bench_workdays", Path(__file__).parents[2] / "bench" / "workdays_add.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.run(100_000) < 0.4
