"""Background jobs of the reports app (run by `gongkai worker`; by hand `gongkai report reminders`)."""

from __future__ import annotations

from datetime import time

REMINDERS = "reports.daily_reminders"
REMINDERS_FUNC = "gongkai.reports.jobs.daily_reminders"
REMINDERS_AT = time(7, 30)


def daily_reminders() -> int:
    """Deadline reminders for last year's reports not yet published (Art. 49)."""
    from .actions import raise_reminders

    return raise_reminders()


def process_import(pk: int) -> str:
    """Read one imported report file with the engine (queued by actions.import_reports)."""
    from .actions import process_import as process
    from .models import ImportedReport

    item = ImportedReport.objects.filter(pk=pk).first()
    if item is None:
        return "missing"
    return process(item).state


def ensure_schedule() -> None:
    from gongkai.core.jobs import schedule_daily

    schedule_daily(REMINDERS, REMINDERS_FUNC, REMINDERS_AT)
