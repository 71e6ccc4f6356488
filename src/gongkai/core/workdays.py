"""China's working-day arithmetic (law.md, Working days), answered in O(1) from a precomputed index.

A day is a working day iff it is a make-up working day, or Mon–Fri and not a public holiday.
The day of receipt is not counted: N working days after D is the N-th working day after D.
Years with no entered schedule fall back to Mon–Fri and every result touching them is marked
provisional, so a deadline computed before the State Council notice is recomputed later.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_YEAR = 2000
LAST_YEAR = 2100
WEEKDAY_NAMES = "一二三四五六日"
_START = date(FIRST_YEAR, 1, 1).toordinal()
_END = date(LAST_YEAR, 12, 31).toordinal()


class CalendarRangeError(ValueError):
    """A date outside the years the index covers."""


@dataclass(frozen=True)
class Deadline:
    date: date
    provisional: bool

    def __str__(self) -> str:
        return f"{self.date.isoformat()} (provisional)" if self.provisional else self.date.isoformat()


@dataclass(frozen=True)
class DayInfo:
    date: date
    working: bool
    reason: str
    provisional: bool

    @property
    def label(self) -> str:
        return "工作日" if self.working else "休息日"


class WorkdayIndex:
    """Arrays over every day 2000–2100: working flag, prefix counts and the working days in order."""

    def __init__(self, known_years: Iterable[int], special_days: Iterable[tuple[date, bool, str]]):
        self.known_years = frozenset(known_years)
        self.special: dict[int, tuple[bool, str]] = {
            d.toordinal(): (working, name) for d, working, name in special_days
        }
        size = _END - _START + 1
        self.prefix = array("i", bytes(4 * size))  # working days in [start, day]
        self.unknown_prefix = array("i", bytes(4 * size))  # days of unknown years in [start, day]
        self.working_ordinals = array("i")
        count = unknown = 0
        for i in range(size):
            ordinal = _START + i
            day = date.fromordinal(ordinal)
            if day.year not in self.known_years:
                unknown += 1
            if self._is_working(ordinal, day):
                count += 1
                self.working_ordinals.append(ordinal)
            self.prefix[i] = count
            self.unknown_prefix[i] = unknown

    def _is_working(self, ordinal: int, day: date) -> bool:
        special = self.special.get(ordinal)
        if special is not None:
            return special[0]
        return day.weekday() < 5

    def _offset(self, day: date) -> int:
        offset = day.toordinal() - _START
        if not 0 <= offset < len(self.prefix):
            raise CalendarRangeError(
                f"日期 {day.isoformat()} 超出工作日历范围（{FIRST_YEAR}–{LAST_YEAR} 年）"
            )
        return offset

    def add(self, day: date, n: int) -> date:
        """The N-th working day after `day` (the hot path: no allocation beyond the result)."""
        if n < 0:
            raise ValueError("工作日天数不能为负数")
        if n == 0:
            return day
        try:
            return date.fromordinal(self.working_ordinals[self.prefix[self._offset(day)] + n - 1])
        except IndexError:
            raise CalendarRangeError(f"结果超出工作日历范围（{LAST_YEAR} 年以后）") from None

    def add_checked(self, day: date, n: int) -> Deadline:
        result = self.add(day, n)
        return Deadline(result, self.is_provisional(day, result))

    def count(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many have passed since `start` by the end of `end`."""
        return self.prefix[self._offset(end)] - self.prefix[self._offset(start)]

    def is_provisional(self, start: date, end: date) -> bool:
        """True when any day in [start, end] lies in a year with no entered schedule."""
        lo, hi = sorted((self._offset(start), self._offset(end)))
        before = self.unknown_prefix[lo - 1] if lo else 0
        return self.unknown_prefix[hi] - before > 0

    def info(self, day: date) -> DayInfo:
        ordinal = day.toordinal()
        self._offset(day)
        provisional = day.year not in self.known_years
        weekday = f"星期{WEEKDAY_NAMES[day.weekday()]}"
        special = self.special.get(ordinal)
        if special is not None:
            working, name = special
            reason = f"调休上班（{name}）" if working else f"法定节假日（{name}）"
            return DayInfo(day, working, f"{reason}，{weekday}", provisional)
        working = day.weekday() < 5
        reason = weekday + ("" if working else "，周末")
        if provisional:
            reason += f"；{day.year}年节假日安排尚未录入，按周一至周五推定"
        return DayInfo(day, working, reason, provisional)

    def explain(self, day: date, n: int) -> tuple[Deadline, list[DayInfo]]:
        """The result and every day between `day` and it, with why each counted or not."""
        result = self.add_checked(day, n)
        steps = []
        current = day + timedelta(days=1)
        while current <= result.date:
            steps.append(self.info(current))
            current += timedelta(days=1)
        return result, steps


_lock = threading.Lock()
_cache: dict[str, object] = {"index": None, "stamp": None, "checked": 0.0}
STALE_AFTER_SECONDS = 60.0


def _stamp() -> tuple:
    from django.db.models import Count, Max

    from .models import CalendarYear

    return tuple(CalendarYear.objects.aggregate(n=Count("year"), at=Max("updated_at")).values())


def _load() -> WorkdayIndex:
    from .models import CalendarYear, SpecialDay

    return WorkdayIndex(
        CalendarYear.objects.values_list("year", flat=True),
        (
            (d, kind == "workday", name)
            for d, kind, name in SpecialDay.objects.values_list("date", "kind", "name")
        ),
    )


def get_index() -> WorkdayIndex:
    """The process-wide index, rebuilt when the calendar table changed (checked once a minute)."""
    now = time.monotonic()
    index = _cache["index"]
    if index is not None and now - _cache["checked"] < STALE_AFTER_SECONDS:
        return index  # type: ignore[return-value]
    with _lock:
        stamp = _stamp()
        if _cache["index"] is None or stamp != _cache["stamp"]:
            _cache["index"] = _load()
            _cache["stamp"] = stamp
        _cache["checked"] = now
        return _cache["index"]  # type: ignore[return-value]


def invalidate() -> None:
    """Forget the index; the calendar actions call this after their transaction commits."""
    with _lock:
        _cache["index"] = None


def add_workdays(day: date, n: int) -> Deadline:
    return get_index().add_checked(day, n)


def count_workdays(start: date, end: date) -> int:
    return get_index().count(start, end)
