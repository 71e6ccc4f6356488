"""State changes of the core app: the holiday calendar."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.audit.trail import record
from gongkai.orgs.permissions import require

from . import jobs, workdays
from .choices import DayKind
from .models import CalendarYear, SpecialDay


@transaction.atomic
def set_calendar_year(
    year: int,
    *,
    source: str,
    holidays: list[tuple[date, str]],
    makeup_workdays: list[tuple[date, str]],
    acting_user,
) -> CalendarYear:
    """Replace one year's schedule as a whole (the State Council publishes it as a whole)."""
    if acting_user is not None:
        require(acting_user, "core.change_calendar")
    if not source.strip():
        raise ValidationError("请填写依据（通知文号）")
    seen: set[date] = set()
    for day, name in [*holidays, *makeup_workdays]:
        if day.year != year:
            raise ValidationError(f"{day.isoformat()}（{name}）不属于 {year} 年")
        if day in seen:
            raise ValidationError(f"{day.isoformat()} 重复出现")
        seen.add(day)
    calendar_year, created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": source.strip()}
    )
    calendar_year.days.all().delete()
    SpecialDay.objects.bulk_create(
        [SpecialDay(year=calendar_year, date=d, kind=DayKind.HOLIDAY, name=n) for d, n in holidays]
        + [SpecialDay(year=calendar_year, date=d, kind=DayKind.WORKDAY, name=n) for d, n in makeup_workdays]
    )
    record(
        "core.set_calendar_year",
        actor=acting_user,
        actor_name="system",
        obj=calendar_year,
        detail={
            "year": year,
            "source": source,
            "holidays": len(holidays),
            "workdays": len(makeup_workdays),
            "created": created,
        },
    )
    transaction.on_commit(workdays.invalidate)
    # Dates derived from the calendar elsewhere (case deadlines, …) are recomputed in the background.
    for job in settings.GONGKAI_CALENDAR_CHANGE_JOBS:
        jobs.enqueue(job, year)
    return calendar_year
