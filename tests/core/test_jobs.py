from datetime import time

from django.db import transaction
from django_q.models import OrmQ, Schedule

from gongkai.core import jobs


def test_enqueue_waits_for_commit_and_is_dropped_on_rollback(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("math.floor", 1.5)
        assert OrmQ.objects.count() == 0  # not before the commit
    assert OrmQ.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                jobs.enqueue("math.floor", 2.5)
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and OrmQ.objects.count() == 1


def test_schedule_daily_is_idempotent(db):
    jobs.schedule_daily("notices", "math.floor", time(7, 0))
    jobs.schedule_daily("notices", "math.ceil", time(7, 0))
    schedule = Schedule.objects.get(name="notices")
    assert schedule.func == "math.ceil" and schedule.schedule_type == Schedule.DAILY
