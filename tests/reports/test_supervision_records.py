"""Inspections (the seed's 不定期检查), rectification, complaints, and how they feed the draft;
deadline reminders raised by the daily job."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.reports import actions, jobs
from gongkai.reports.choices import FindingStatus, ReminderKind
from gongkai.reports.models import InspectionFinding, Reminder


def inspect(zone, staff, on=date(2024, 9, 12), due=date(2024, 11, 30)):
    return actions.record_inspection(
        acting_user=staff["office"],
        agency=zone["a"],
        kind="irregular",
        inspected_on=on,
        scope="栏目设置与公开时效",
        findings=["审批结果更新不及时", "", "答复书未载明救济途径"],
        due_on=max(due, on),
    )


def test_the_office_records_an_inspection_and_the_agency_its_rectification(zone, staff):
    inspection = inspect(zone, staff)
    first, second = inspection.findings.order_by("number")
    assert (first.number, second.number, inspection.office) == (1, 2, zone["top"])
    with pytest.raises(PermissionDenied):  # the office does not rectify for the agency
        actions.rectify_finding(
            first, acting_user=staff["office"], rectification="x", rectified_on=date(2024, 10, 1)
        )
    actions.rectify_finding(
        first, acting_user=staff["clerk"], rectification="已补充公开", rectified_on=date(2024, 10, 1)
    )
    with pytest.raises(ValidationError):
        actions.rectify_finding(
            first, acting_user=staff["clerk"], rectification="再次", rectified_on=date(2024, 10, 2)
        )
    with pytest.raises(ValidationError):
        actions.rectify_finding(
            second, acting_user=staff["clerk"], rectification="早于检查", rectified_on=date(2024, 1, 1)
        )
    assert list(InspectionFinding.objects.filter(status=FindingStatus.OPEN)) == [second]


def test_only_a_higher_office_inspects(zone, staff):
    with pytest.raises(PermissionDenied):
        actions.record_inspection(
            acting_user=staff["admin"],
            agency=zone["a"],
            kind="irregular",
            inspected_on=date(2024, 1, 5),
            scope="自查",
            findings=[],
        )
    with pytest.raises(PermissionDenied):
        actions.record_inspection(
            acting_user=staff["clerk"],
            agency=zone["b"],
            kind="irregular",
            inspected_on=date(2024, 1, 5),
            scope="x",
            findings=[],
        )


def test_inspections_and_complaints_feed_the_oversight_part_of_the_draft(zone, staff):
    from django.utils import timezone

    from gongkai.complaints import actions as complaint_actions

    year = timezone.localdate().year  # complaints are dated when they arrive
    inspection = inspect(zone, staff, on=date(year, 1, 5))
    actions.rectify_finding(
        inspection.findings.get(number=1),
        acting_user=staff["clerk"],
        rectification="已改",
        rectified_on=date(year, 1, 6),
    )
    complaint, _code = complaint_actions.submit_complaint(
        agency=zone["a"],
        data={
            "kind": "report",
            "title": "许可结果查询不到",
            "content": "网站上部分行政许可结果查询不到，请核查。",
        },
    )
    complaint_actions.reply_complaint(
        complaint,
        acting_user=staff["office"],
        finding="partly",
        reply="经核查系数据同步延迟，已督促补充公开。",
    )
    complaint_actions.submit_complaint(
        agency=zone["a"],
        data={"kind": "report", "title": "目录不全", "content": "政府信息公开目录内容概述不完整。"},
    )
    report = actions.compile_report(zone["a"], year, acting_user=staff["clerk"]).report
    assert report.facts["inspections"] == 1 and report.facts["findings"] == 2
    assert report.facts["findings_rectified"] == 1
    assert (report.facts["complaints"], report.facts["complaints_closed"]) == (2, 1)
    oversight = report.narrative["一"].split("（五）监督保障情况。")[1]
    assert "检查1次，发现问题2个，已整改1个，1个正在整改" in oversight
    assert "投诉举报2件，已办结1件" in oversight
    assert "检查发现的问题尚有1个未整改完毕" in report.narrative["五"]


def test_reminders_before_and_after_the_deadline(zone, staff):
    # 2025 reports: departments by 31 January 2026, the 管委会 (a government) by 31 March 2026.
    assert actions.raise_reminders(today=date(2026, 1, 16)) == 0  # 15 days before: no milestone
    created = actions.raise_reminders(today=date(2026, 1, 17))  # 14 days before
    due = Reminder.objects.filter(created_on=date(2026, 1, 17))
    assert created == due.count() > 0 and {r.kind for r in due} == {ReminderKind.DUE_SOON}
    assert {r.agency for r in due} == {zone["a"], zone["b"]}  # the 管委会's deadline is 31 March
    assert {r.recipient.username for r in due if r.agency == zone["a"]} == {"clerk-a", "leader-a", "admin-a"}
    assert "还有 14 天" in due.filter(agency=zone["a"]).first().message
    assert actions.raise_reminders(today=date(2026, 1, 17)) == 0  # once a day
    overdue = actions.raise_reminders(today=date(2026, 2, 1))
    late = Reminder.objects.filter(created_on=date(2026, 2, 1))
    assert overdue == late.count() and {r.kind for r in late} == {ReminderKind.OVERDUE}
    # Once overdue, the supervising office is told as well.
    assert {"office", "office-leader"} <= {r.recipient.username for r in late if r.agency == zone["b"]}
    assert actions.raise_reminders(today=date(2026, 2, 2)) == 0
    assert actions.raise_reminders(today=date(2026, 2, 8)) > 0  # weekly after the deadline


def test_published_reports_are_not_reminded(zone, staff):
    from gongkai.reports.models import AnnualReport

    actions.compile_report(zone["a"], 2025, acting_user=staff["clerk"])
    AnnualReport.objects.filter(agency=zone["a"]).update(status="published", published_on=date(2026, 1, 20))
    actions.raise_reminders(today=date(2026, 1, 17))
    assert not Reminder.objects.filter(agency=zone["a"]).exists()


def test_the_daily_job_is_scheduled_and_runs(zone, staff, monkeypatch):
    from django_q.models import Schedule

    from gongkai.reports import actions as report_actions

    jobs.ensure_schedule()
    schedule = Schedule.objects.get(name=jobs.REMINDERS)
    assert (
        schedule.func == "gongkai.reports.jobs.daily_reminders" and schedule.schedule_type == Schedule.DAILY
    )
    monkeypatch.setattr(report_actions.timezone, "localdate", lambda: date(2026, 1, 30))
    assert jobs.daily_reminders() > 0


def test_reminders_are_marked_read(zone, staff):
    actions.raise_reminders(today=date(2026, 1, 17))
    assert actions.mark_reminders_read(acting_user=staff["clerk"]) == 1
    assert not Reminder.objects.filter(recipient=staff["clerk"], read=False).exists()
