"""Register the daily deadline-reminder job (django-q2 schedule), as core.jobs.schedule_daily would."""

from datetime import datetime, time, timedelta

from django.db import migrations
from django.utils import timezone


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    now = timezone.localtime()
    first = timezone.make_aware(datetime.combine(now.date(), time(7, 30)))
    if first <= now:
        first += timedelta(days=1)
    Schedule.objects.update_or_create(
        name="reports.daily_reminders",
        defaults={"func": "gongkai.reports.jobs.daily_reminders", "schedule_type": "D", "next_run": first, "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="reports.daily_reminders").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
