"""Seed the calendar table with 2019–2026 from data/calendar.json (built from chinesecalendar)."""

import json
from datetime import date
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "calendar.json"


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    SpecialDay = apps.get_model("core", "SpecialDay")
    payload = json.loads(DATA.read_text(encoding="utf-8"))
    for year, spec in payload["years"].items():
        calendar_year, _ = CalendarYear.objects.get_or_create(year=int(year), defaults={"source": spec["source"]})
        if calendar_year.days.exists():
            continue
        SpecialDay.objects.bulk_create(
            [SpecialDay(year=calendar_year, date=date.fromisoformat(d), kind="holiday", name=n) for d, n in spec["holidays"]]
            + [SpecialDay(year=calendar_year, date=date.fromisoformat(d), kind="workday", name=n) for d, n in spec["workdays"]]
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
