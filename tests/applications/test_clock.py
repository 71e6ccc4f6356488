"""The answer clock as a pure function: law.md's worked examples, pauses, resets, provisional years."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.choices import DueKind, ReplyKind
from gongkai.applications.clock import ClockEvent, compute
from tests.applications.factories import TODAY, seeded_index

D = date


def E(kind: str, on: date, seq: int = 0, **data) -> ClockEvent:
    return ClockEvent(kind, on, data, seq)


def clock(*events: ClockEvent, today: date = TODAY, explain: bool = False):
    return compute(list(events), seeded_index(), today, explain=explain)


def test_not_received_has_no_dates():
    result = clock(E("submitted", D(2026, 9, 18)))
    assert result.start is None and result.answer_due is None and result.next_due == (None, "")


def test_worked_example_friday_before_the_national_day_holidays():
    """law.md: received Fri 2026-09-18 → 20 working days → Thu 2026-10-22 (not 10-16)."""
    result = clock(E("received", D(2026, 9, 18)))
    assert result.answer_due == D(2026, 10, 22)
    assert result.next_due == (D(2026, 10, 22), DueKind.ANSWER)
    assert not result.provisional


def test_worked_example_over_new_year_and_extension_to_a_working_saturday():
    """law.md: received 2025-12-19 → 2026-01-19; extended by 20 → Sat 2026-02-14, a working day."""
    assert clock(E("received", D(2025, 12, 19))).answer_due == D(2026, 1, 19)
    extended = clock(E("received", D(2025, 12, 19)), E("extension_approved", D(2026, 1, 12), days=20))
    assert extended.answer_due == D(2026, 2, 14)
    assert extended.extension_days == 20


def test_correction_notice_is_due_seven_working_days_after_receipt():
    # 09-20 is a make-up Sunday (counted), 09-25..27 holidays: the 7th working day is 09-29.
    assert clock(E("received", D(2026, 9, 18))).correction_notice_due == D(2026, 9, 29)


def test_correction_stops_the_clock_and_restarts_it_from_the_corrected_application():
    waiting = clock(
        E("received", D(2026, 9, 18)),
        E("correction_requested", D(2026, 9, 22), deadline="2026-10-20"),
        today=D(2026, 10, 1),
    )
    assert waiting.awaiting_correction and waiting.answer_due is None
    assert waiting.next_due == (D(2026, 10, 20), DueKind.CORRECTION)
    assert waiting.proposal is None
    corrected = clock(
        E("received", D(2026, 9, 18)),
        E("correction_requested", D(2026, 9, 22), deadline="2026-10-20"),
        E("correction_received", D(2026, 10, 9)),
    )
    # 10-10 is a make-up Saturday: day 1; the 20th working day after 10-09 is 11-05.
    assert corrected.start == D(2026, 10, 9) and corrected.answer_due == D(2026, 11, 5)
    assert not corrected.awaiting_correction


def test_lapsed_correction_period_proposes_r361():
    lapsed = clock(
        E("received", D(2026, 9, 18)),
        E("correction_requested", D(2026, 9, 22), deadline="2026-10-20"),
        today=D(2026, 10, 21),
    )
    assert lapsed.proposal == ReplyKind.NO_CORRECTION
    assert any("R3.6.1" in s.text for s in lapsed.steps)


def test_consultation_pause_from_sending_until_the_answer():
    result = clock(
        E("received", D(2026, 9, 18)),
        E("consultation_sent", D(2026, 9, 24), consultation=1, party="某公司"),
        E("consultation_delivered", D(2026, 9, 25), consultation=1),
        E("consultation_closed", D(2026, 10, 12), consultation=1),
        explain=True,
    )
    # Working days in (09-24, 10-12]: 09-28, 09-29, 09-30, 10-08, 10-09, 10-10 (make-up), 10-12.
    assert result.paused_days == 7 and not result.paused_now
    assert result.answer_due == D(2026, 11, 2)
    paused = [d.date for d in result.days if d.status == "paused"]
    assert paused == [
        D(2026, 9, 28),
        D(2026, 9, 29),
        D(2026, 9, 30),
        D(2026, 10, 8),
        D(2026, 10, 9),
        D(2026, 10, 10),
        D(2026, 10, 12),
    ]
    counted = [d for d in result.days if d.status == "counted"]
    assert len(counted) == 20 and counted[-1].date == D(2026, 11, 2) and counted[-1].number == 20
    assert counted[0].date == D(2026, 9, 20) and "调休上班" in counted[0].reason
    skipped = {d.date: d.reason for d in result.days if d.status == "skipped"}
    assert "法定节假日" in skipped[D(2026, 10, 1)] and "周末" in skipped[D(2026, 9, 19)]


def test_unanswered_consultation_ends_fifteen_working_days_after_their_receipt():
    events = (
        E("received", D(2026, 3, 2)),
        E("consultation_sent", D(2026, 3, 4), consultation=1, party="某公司"),
        E("consultation_delivered", D(2026, 3, 5), consultation=1),
    )
    running = clock(*events, today=D(2026, 3, 20))
    assert running.paused_now and running.consultation_ends == D(2026, 3, 26)
    lapsed = clock(*events, today=D(2026, 4, 10))
    assert not lapsed.paused_now
    # (03-04, 03-26] holds 16 working days; 20 + 16 = 36th working day after 03-02, over Qingming.
    assert lapsed.paused_days == 16 and lapsed.answer_due == D(2026, 4, 22)
    assert running.answer_due == lapsed.answer_due  # the projection is the upper bound


def test_consultation_not_yet_delivered_pauses_until_today():
    events = (
        E("received", D(2026, 3, 2)),
        E("consultation_sent", D(2026, 3, 4), consultation=1, party="某公司"),
    )
    first = clock(*events, today=D(2026, 3, 6))
    later = clock(*events, today=D(2026, 3, 9))
    assert first.paused_now and first.paused_days == 2
    assert later.paused_days == 3 and later.answer_due > first.answer_due


def test_overlapping_consultations_are_not_counted_twice():
    result = clock(
        E("received", D(2026, 3, 2)),
        E("consultation_sent", D(2026, 3, 4), 1, consultation=1, party="甲"),
        E("consultation_sent", D(2026, 3, 6), 2, consultation=2, party="乙"),
        E("consultation_closed", D(2026, 3, 10), 3, consultation=1),
        E("consultation_closed", D(2026, 3, 12), 4, consultation=2),
    )
    assert result.paused_days == 6 and result.answer_due == D(2026, 4, 8)


def test_a_pause_starting_after_the_due_date_does_not_move_it():
    result = clock(
        E("received", D(2026, 3, 2)),
        E("consultation_sent", D(2026, 4, 1), consultation=1, party="甲"),
        E("consultation_closed", D(2026, 4, 10), consultation=1),
    )
    assert result.answer_due == D(2026, 3, 30) and result.paused_days == 0


def test_fee_notice_pauses_until_payment_and_sets_the_payment_deadline():
    events = (
        E("received", D(2026, 3, 2)),
        E("fee_notice_sent", D(2026, 3, 3), amount=700),
        E("fee_notice_delivered", D(2026, 3, 5)),
    )
    waiting = clock(*events, today=D(2026, 3, 20))
    assert waiting.awaiting_fee and waiting.fee_payment_due == D(2026, 4, 2)
    assert waiting.next_due == (D(2026, 4, 2), DueKind.FEE)
    paid = clock(*events, E("fee_paid", D(2026, 3, 20)))
    assert not paid.awaiting_fee and paid.paused_days == 13 and paid.answer_due == D(2026, 4, 17)
    unpaid = clock(*events, today=D(2026, 4, 3))
    assert unpaid.proposal == ReplyKind.NO_FEE


def test_art35_later_date_replaces_the_due_date():
    result = clock(
        E("received", D(2026, 3, 2)), E("later_date", D(2026, 3, 10), date="2026-06-30", reasons="数量大")
    )
    assert result.answer_due == D(2026, 6, 30)
    assert any("第三十五条" in s.text for s in result.steps)


def test_reply_closes_the_clock():
    result = clock(E("received", D(2026, 3, 2)), E("replied", D(2026, 3, 20)))
    assert result.closed_on == D(2026, 3, 20) and result.next_due == (None, "")


def test_dates_in_a_year_without_a_schedule_are_provisional():
    result = clock(E("received", D(2026, 12, 15)))
    assert result.provisional and result.answer_due.year == 2027
    assert any("暂定" in s.text for s in result.steps)


def test_explanation_names_the_events_and_the_arithmetic():
    result = clock(
        E("received", D(2025, 12, 19), rule="当面提交的，以提交之日为收到申请之日"),
        E("extension_approved", D(2026, 1, 12), days=20),
    )
    texts = [s.text for s in result.steps]
    assert texts[0].startswith("收到申请（当面提交")
    assert any("延期 20" in t for t in texts)
    assert texts[-1].startswith("答复期限：2025-12-19 起第 40 个工作日 = 2026-02-14（星期六）")


@pytest.mark.parametrize("received", [D(2026, 1, 5), D(2026, 2, 13), D(2026, 4, 30), D(2026, 9, 30)])
def test_due_is_always_the_twentieth_counted_working_day(received):
    index = seeded_index()
    result = clock(E("received", received), explain=True)
    counted = [d.date for d in result.days if d.status == "counted"]
    assert len(counted) == 20 and counted[-1] == result.answer_due == index.add(received, 20)
    assert all(index.info(d).working for d in counted)
