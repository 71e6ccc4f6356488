"""Background jobs of the applications app (run by `gongkai worker`, or by hand with
`gongkai applications notify` / `gongkai applications recompute`)."""

from __future__ import annotations

from datetime import time

DAILY_NOTICES = "applications.daily_notices"
DAILY_NOTICES_FUNC = "gongkai.applications.jobs.daily_notices"
DAILY_NOTICES_AT = time(7, 0)


def daily_notices() -> int:
    """Recompute running pauses and raise today's due-soon, overdue and proposal notices."""
    from .actions import raise_notices

    return raise_notices()


def recompute_after_calendar_change(year: int) -> int:
    """Queued by core.actions.set_calendar_year (settings.GONGKAI_CALENDAR_CHANGE_JOBS)."""
    from .actions import recompute_after_calendar_change as recompute

    return recompute(year)


def ensure_schedule() -> None:
    from gongkai.core.jobs import schedule_daily

    schedule_daily(DAILY_NOTICES, DAILY_NOTICES_FUNC, DAILY_NOTICES_AT)
