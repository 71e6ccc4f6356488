from django_q.models import Schedule

from gongkai.core import jobs


def test_schedule_every_is_idempotent_and_updates(db):
    jobs.schedule_every("tick", "math.floor", minutes=1)
    first = Schedule.objects.get(name="tick")
    jobs.schedule_every("tick", "math.floor", minutes=1)
    jobs.schedule_every("tick", "math.ceil", minutes=5)
    schedule = Schedule.objects.get(name="tick")
    assert Schedule.objects.filter(name="tick").count() == 1
    assert (schedule.func, schedule.minutes, schedule.schedule_type) == ("math.ceil", 5, Schedule.MINUTES)
    assert schedule.next_run == first.next_run


def test_publication_schedule_is_registered_by_migrate(db):
    from gongkai.publications.apps import _schedule_jobs

    _schedule_jobs(sender=None)
    schedule = Schedule.objects.get(name="publications.publish_due")
    assert schedule.func == "gongkai.publications.jobs.publish_due" and schedule.minutes == 1
