"""The daily notices job, the recomputation after a calendar change, and the small benchmark."""

from __future__ import annotations

import importlib.util
import time
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django_q.models import OrmQ, Schedule

from gongkai.applications import actions
from gongkai.applications.jobs import (
    DAILY_NOTICES,
    DAILY_NOTICES_FUNC,
    daily_notices,
    recompute_after_calendar_change,
)
from gongkai.applications.models import Application, Notice
from gongkai.core import actions as core_actions
from gongkai.orgs.models import Agency

D = date


def test_the_daily_job_is_scheduled_by_the_migrations(db):
    schedule = Schedule.objects.get(name=DAILY_NOTICES)
    assert schedule.func == DAILY_NOTICES_FUNC and schedule.schedule_type == Schedule.DAILY


def test_notices_go_to_the_assignee_and_the_leader_once_a_day(make_case, staff):
    overdue = make_case(D(2026, 9, 18))  # due 2026-10-22
    soon = make_case(D(2026, 10, 30))  # due today, 2026-11-27
    make_case(D(2026, 11, 20))  # due 2026-12-18: nothing yet
    lapsed = make_case(D(2026, 9, 18))
    actions.request_correction(
        lapsed, acting_user=staff["clerk"], items="x", deadline=D(2026, 10, 20), on=D(2026, 9, 22)
    )
    make_case(D(2026, 9, 18), agency="b")  # overdue at B: B has no leader, goes to its clerk only
    assert daily_notices() == 7
    by_case = {
        (n.application.number, n.application.agency.slug, n.recipient.username, n.kind)
        for n in Notice.objects.select_related("application__agency", "recipient")
    }
    assert by_case == {
        (overdue.number, "bureau-a", "clerk-a", "overdue"),
        (overdue.number, "bureau-a", "leader-a", "overdue"),
        (soon.number, "bureau-a", "clerk-a", "due_soon"),
        (soon.number, "bureau-a", "leader-a", "due_soon"),
        (lapsed.number, "bureau-a", "clerk-a", "proposal"),
        (lapsed.number, "bureau-a", "leader-a", "proposal"),
        ("2026-00001", "bureau-b", "clerk-b", "overdue"),
    }
    assert "R3.6.1" in Notice.objects.get(kind="proposal", recipient=staff["leader"]).message
    assert daily_notices() == 0  # idempotent within the day
    out = StringIO()
    call_command("applications", "notify", "--date", "2026-11-30", stdout=out)
    assert out.getvalue().strip() == "已生成 7 条提醒"


def test_marking_notices_read(make_case, staff):
    make_case(D(2026, 9, 18))
    daily_notices()
    assert actions.mark_notices_read(staff["clerk"]) == 1
    assert not Notice.objects.filter(recipient=staff["clerk"], read=False).exists()
    assert Notice.objects.filter(recipient=staff["leader"], read=False).count() == 1


def test_provisional_dates_are_recomputed_when_the_year_is_loaded(
    make_case, staff, django_capture_on_commit_callbacks
):
    case = make_case(D(2026, 11, 20))
    actions.request_extension(case, acting_user=staff["clerk"], days=20, reasons="档案量大")
    actions.decide_extension(case.extensions.get(), acting_user=staff["leader"], approve=True)
    case.refresh_from_db()
    assert case.due_provisional and case.due_date == D(2027, 1, 15)  # Mon–Fri guess for 2027
    # The State Council's 2027 schedule arrives: New Year off 1–3 Jan, 8–10 Jan off (a made-up test year).
    with django_capture_on_commit_callbacks(execute=True):
        core_actions.set_calendar_year(
            2027,
            source="国办发明电〔2026〕测试号",
            holidays=[(D(2027, 1, 1), "元旦"), (D(2027, 1, 11), "测试假日"), (D(2027, 1, 12), "测试假日")],
            makeup_workdays=[],
            acting_user=None,
        )
    queued = [(q.func(), tuple(q.args())) for q in OrmQ.objects.all()]
    assert ("gongkai.applications.jobs.recompute_after_calendar_change", (2027,)) in queued
    assert recompute_after_calendar_change(2027) >= 1  # what the queued job runs
    case.refresh_from_db()
    assert not case.due_provisional and case.due_date == D(2027, 1, 20)


def test_recompute_command_dry_run_changes_nothing(make_case):
    case = make_case(D(2026, 11, 20))
    Application.objects.filter(pk=case.pk).update(due_date=D(2030, 1, 1))
    out = StringIO()
    call_command("applications", "recompute", "--dry-run", stdout=out)
    assert "其中 1 件" in out.getvalue()
    assert Application.objects.get(pk=case.pk).due_date == D(2030, 1, 1)
    call_command("applications", "recompute", stdout=StringIO())
    assert Application.objects.get(pk=case.pk).due_date == D(2026, 12, 18)


def test_small_benchmark_queue_and_report_are_fast(client, zone, staff):
    """A fiftieth of bench/applications_queue.py, with a generous bound."""
    spec = importlib.util.spec_from_file_location(
        "bench_apps", Path(__file__).parents[2] / "bench" / "applications_queue.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    agency = Agency.objects.get(pk=zone["a"].pk)
    bench.populate(agency, [staff["clerk"], staff["leader"]], 2000, today=D(2026, 11, 27))
    assert Application.objects.filter(agency=agency).count() == 2000
    started = time.perf_counter()
    results = bench.measure(agency, staff["clerk"], 2026, repeat=2)
    assert time.perf_counter() - started < 20
    for name, (_first, median) in results.items():
        assert median < 2.0, name
