"""The one door to background work, so the queue (django-q2 today) can be swapped.

`enqueue` defers the job until the surrounding transaction commits: a job never runs against a
change that was rolled back. `schedule_daily` and `schedule_every` register a recurring job
idempotently (by name); `gongkai worker` runs the workers (django-q2's qcluster). Job functions
are given by dotted path and must be plain module-level functions that take JSON-able arguments.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone


def enqueue(func: str, *args: Any, **kwargs: Any) -> None:
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(func, *args, **kwargs))


def schedule_daily(name: str, func: str, at: time) -> None:
    """Run `func` every day at local time `at` (created once; later calls update it)."""
    from django_q.models import Schedule

    now = timezone.localtime()
    first = timezone.make_aware(datetime.combine(now.date(), at))
    if first <= now:
        first += timedelta(days=1)
    Schedule.objects.update_or_create(
        name=name, defaults={"func": func, "schedule_type": Schedule.DAILY, "next_run": first, "repeats": -1}
    )


def schedule_every(name: str, func: str, minutes: int) -> None:
    """Run `func` every `minutes` minutes (created once; later calls update it, keeping its next run)."""
    from django_q.models import Schedule

    if minutes < 1:
        raise ValueError("间隔至少 1 分钟")
    schedule, created = Schedule.objects.get_or_create(
        name=name,
        defaults={
            "func": func,
            "schedule_type": Schedule.MINUTES,
            "minutes": minutes,
            "next_run": timezone.now(),
            "repeats": -1,
        },
    )
    if not created and (schedule.func, schedule.minutes, schedule.schedule_type) != (
        func,
        minutes,
        Schedule.MINUTES,
    ):
        schedule.func, schedule.minutes, schedule.schedule_type = func, minutes, Schedule.MINUTES
        schedule.save(update_fields=["func", "minutes", "schedule_type"])
