"""The answer clock of a 依申请公开 case: a pure function from its events to every date (law.md).

Nothing here reads the database or the real date: `compute(events, index, today)` is given the
case's events, a `WorkdayIndex` and "today", and returns a `Clock` with the answer due date,
the 补正 dates, the consultation and fee pauses, the payment deadline, whether any of it rests
on a year without an entered holiday schedule (provisional), a proposal when the applicant let a
period lapse, and the explanation shown when a due date is expanded.

Counting conventions (law.md, Working days; Art. 30, 31, 33):
- the day of receipt is not counted; N working days after D is the N-th working day after D;
- 补正 resets the clock: the answer is due N working days after the corrected application came;
- a pause (consultation, fee notice) excludes the working days in (start, end]: the day a letter
  is sent is a day the office had, the day the answer comes back is, like a receipt, not counted;
- an approved extension adds its working days to N; an Art. 35 later date replaces the due date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from gongkai.core.workdays import WEEKDAY_NAMES, WorkdayIndex

from .choices import DueKind, EventKind, ReplyKind
from .rules import Rules, rules_for


@dataclass(frozen=True)
class ClockEvent:
    kind: str
    on: date
    data: Mapping[str, Any] = field(default_factory=dict)
    seq: int = 0


@dataclass(frozen=True)
class Pause:
    reason: str
    start: date  # the day it began: still a day of the clock
    end: date  # the last day excluded (projected while `open`)
    open: bool
    days: int  # working days excluded in (start, end]


@dataclass(frozen=True)
class Step:
    on: date | None
    text: str


@dataclass(frozen=True)
class DayRow:
    date: date
    status: str  # "counted", "skipped" (not a working day) or "paused"
    number: int | None  # the count of this working day, when counted
    reason: str


@dataclass
class Clock:
    received_on: date | None = None
    start: date | None = None
    answer_due: date | None = None
    answer_days: int = 0
    extension_days: int = 0
    paused_days: int = 0
    pauses: list[Pause] = field(default_factory=list)
    later_date: date | None = None
    correction_notice_due: date | None = None
    correction_notice_sent: date | None = None
    correction_deadline: date | None = None
    awaiting_correction: bool = False
    consultation_ends: date | None = None
    fee_payment_due: date | None = None
    awaiting_fee: bool = False
    closed_on: date | None = None
    provisional: bool = False
    proposal: str | None = None
    steps: list[Step] = field(default_factory=list)
    days: list[DayRow] = field(default_factory=list)

    @property
    def paused_now(self) -> bool:
        return any(p.open for p in self.pauses)

    @property
    def next_due(self) -> tuple[date | None, str]:
        """The date the case next needs someone to act, and which kind of date it is."""
        if self.closed_on is not None or self.start is None:
            return None, ""
        if self.awaiting_correction:
            return self.correction_deadline, DueKind.CORRECTION
        if self.awaiting_fee and self.fee_payment_due is not None:
            return self.fee_payment_due, DueKind.FEE
        return self.answer_due, DueKind.ANSWER


def _d(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _fmt(day: date) -> str:
    return f"{day.isoformat()}（星期{WEEKDAY_NAMES[day.weekday()]}）"


@dataclass
class _Consultation:
    party: str
    sent: date
    delivered: date | None = None
    closed: date | None = None


@dataclass
class _Fee:
    sent: date
    delivered: date | None = None
    paid: date | None = None


def _merge(pauses: list[Pause]) -> list[tuple[date, date]]:
    intervals = sorted((p.start, p.end) for p in pauses if p.end > p.start)
    merged: list[list[date]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def compute(
    events: Iterable[ClockEvent],
    index: WorkdayIndex,
    today: date,
    *,
    rules: Rules | None = None,
    explain: bool = False,
) -> Clock:
    """Derive every date of the case from its events (see the module docstring for conventions)."""
    ordered = sorted(events, key=lambda e: (e.on, e.seq))
    clock = Clock()
    received = next((e for e in ordered if e.kind == EventKind.RECEIVED), None)
    if received is None:
        return clock
    rules = rules or rules_for(received.on)
    clock.answer_days = rules.answer_days
    steps = clock.steps
    consultations: dict[str, _Consultation] = {}
    fees: list[_Fee] = []
    for event in ordered:
        kind, on, data = event.kind, event.on, event.data
        if kind == EventKind.RECEIVED:
            clock.received_on = clock.start = on
            clock.correction_notice_due = index.add(on, rules.correction_notice_days)
            rule = data.get("rule", "")
            steps.append(Step(on, f"收到申请{'（' + rule + '）' if rule else ''}，当日不计入"))
            steps.append(
                Step(
                    None,
                    f"法定答复期限：自收到申请之日起 {rules.answer_days} 个工作日（第三十三条）；"
                    f"如需补正，应于 {_fmt(clock.correction_notice_due)} 前一次性告知（第三十条，"
                    f"{rules.correction_notice_days} 个工作日）",
                )
            )
        elif clock.start is None or clock.closed_on is not None:
            continue
        elif kind == EventKind.CORRECTION_REQUESTED:
            clock.correction_notice_sent = on
            clock.correction_deadline = _d(data["deadline"])
            clock.awaiting_correction = True
            late = (
                "（已超过 7 个工作日的告知期限）"
                if clock.correction_notice_due and on > clock.correction_notice_due
                else ""
            )
            steps.append(
                Step(
                    on,
                    f"发出补正告知{late}，补正期限至 {_fmt(clock.correction_deadline)}；"
                    "补正前答复期限停止计算，收到补正后重新计算",
                )
            )
        elif kind == EventKind.CORRECTION_RECEIVED:
            clock.start = on
            clock.awaiting_correction = False
            clock.extension_days, clock.later_date = 0, None
            consultations.clear()
            fees.clear()
            steps.append(Step(on, "收到补正后的申请：答复期限自当日重新计算，当日不计入（第三十条）"))
        elif kind == EventKind.CONSULTATION_SENT:
            key = str(data.get("consultation", len(consultations)))
            consultations[key] = _Consultation(str(data.get("party", "第三方")), on)
        elif kind == EventKind.CONSULTATION_DELIVERED:
            item = consultations.get(str(data.get("consultation")))
            if item is not None:
                item.delivered = on
        elif kind == EventKind.CONSULTATION_CLOSED:
            item = consultations.get(str(data.get("consultation")))
            if item is not None:
                item.closed = on
        elif kind == EventKind.FEE_NOTICE_SENT:
            fees.append(_Fee(on))
            clock.awaiting_fee = True
        elif kind == EventKind.FEE_NOTICE_DELIVERED and fees:
            fees[-1].delivered = on
        elif kind == EventKind.FEE_PAID and fees:
            fees[-1].paid = on
            clock.awaiting_fee = False
            steps.append(Step(on, "申请人缴纳信息处理费"))
        elif kind == EventKind.EXTENSION_APPROVED:
            days = int(data["days"])
            clock.extension_days += days
            steps.append(Step(on, f"负责人批准延期 {days} 个工作日（第三十三条第二款）"))
        elif kind == EventKind.LATER_DATE:
            clock.later_date = _d(data["date"])
            steps.append(
                Step(
                    on, f"依第三十五条确定延迟答复期限至 {_fmt(clock.later_date)}：{data.get('reasons', '')}"
                )
            )
        elif kind == EventKind.REPLIED:
            clock.closed_on = on
            steps.append(Step(on, "答复办结"))

    # Pauses: consultations (Art. 32–34: at most until 15 working days after their receipt) and,
    # if configured, the time from the fee notice until payment.
    horizon = today
    for item in consultations.values():
        limit = index.add(item.delivered, rules.consultation_days) if item.delivered else None
        if item.closed is not None:
            end, is_open = min(item.closed, limit) if limit else item.closed, False
        elif limit is not None:
            end, is_open = limit, today <= limit
        else:
            end, is_open = max(horizon, item.sent), True
        clock.pauses.append(
            Pause(f"征求意见（{item.party}）", item.sent, end, is_open, max(0, index.count(item.sent, end)))
        )
        if is_open:
            clock.consultation_ends = max(clock.consultation_ends or end, end)
        text = f"向{item.party}发出征求意见"
        if item.delivered:
            text += f"，对方于 {item.delivered.isoformat()} 收到，应于 {_fmt(limit)} 前提出意见（{rules.consultation_days} 个工作日）"
        else:
            text += "，对方尚未确认收到"
        if item.closed:
            text += f"，{item.closed.isoformat()} 结束征求意见"
        text += f"；暂停计算至 {end.isoformat()}{'（预计）' if is_open else ''}，不计入 {clock.pauses[-1].days} 个工作日（第三十三条第二款）"
        steps.append(Step(item.sent, text))
    for fee in fees:
        due = index.add(fee.delivered, rules.fee_payment_days) if fee.delivered else None
        if fee is fees[-1]:
            clock.fee_payment_due = due
        if fee.paid is not None:
            end, is_open = fee.paid, False
        elif due is not None:
            end, is_open = due, today <= due
        else:
            end, is_open = max(horizon, fee.sent), True
        text = "发出收费通知"
        if fee.delivered:
            text += f"，申请人于 {fee.delivered.isoformat()} 收到，应于 {_fmt(due)} 前缴费（次日起 {rules.fee_payment_days} 个工作日）"
        if rules.fee_notice_pauses_clock:
            pause = Pause("收费通知至缴费", fee.sent, end, is_open, max(0, index.count(fee.sent, end)))
            clock.pauses.append(pause)
            text += (
                f"；暂停计算至 {end.isoformat()}{'（预计）' if is_open else ''}，不计入 {pause.days} 个工作日"
            )
        steps.append(Step(fee.sent, text))

    if clock.awaiting_correction and clock.correction_deadline and today > clock.correction_deadline:
        clock.proposal = ReplyKind.NO_CORRECTION
        steps.append(Step(None, "补正期限已届满仍未补正：建议按“申请人无正当理由逾期不补正”办结（R3.6.1）"))
    if clock.awaiting_fee and clock.fee_payment_due and today > clock.fee_payment_due:
        clock.proposal = ReplyKind.NO_FEE
        steps.append(Step(None, "缴费期限已届满仍未缴费：建议按“逾期未按收费通知缴纳费用”办结（R3.6.2）"))

    span_end = max(
        d
        for d in (
            clock.start,
            clock.correction_notice_due,
            clock.correction_deadline,
            clock.fee_payment_due,
            *(p.end for p in clock.pauses),
        )
        if d is not None
    )
    if not clock.awaiting_correction:
        total = rules.answer_days + clock.extension_days
        due = index.add(clock.start, total)
        paused = 0
        merged = _merge([p for p in clock.pauses if p.start >= clock.start])
        for start, end in merged:
            if start <= due:
                paused += index.count(start, end)
                due = index.add(clock.start, total + paused)
        clock.paused_days = paused
        if clock.later_date and clock.later_date > due:
            due = clock.later_date
        clock.answer_due = due
        span_end = max(span_end, due)
        text = f"答复期限：{clock.start.isoformat()} 起第 {total + paused} 个工作日 = {_fmt(due)}"
        parts = [f"法定 {rules.answer_days}"]
        if clock.extension_days:
            parts.append(f"延期 {clock.extension_days}")
        if paused:
            parts.append(f"暂停不计 {paused}")
        text += f"（{' + '.join(parts)}）"
        if clock.later_date and due == clock.later_date:
            text = f"答复期限：依第三十五条确定的 {_fmt(due)}"
        steps.append(Step(None, text))
        if explain:
            clock.days = _days(index, clock.start, due, merged, clock.pauses)
    else:
        steps.append(Step(None, "等待补正：答复期限暂不计算，自收到补正材料之日起重新计算"))
    clock.provisional = index.is_provisional(clock.received_on, span_end)
    if clock.provisional:
        steps.append(Step(None, "涉及尚未录入节假日安排的年份，按周一至周五推定（暂定），录入后自动重新计算"))
    return clock


def _days(
    index: WorkdayIndex, start: date, due: date, merged: list[tuple[date, date]], pauses: list[Pause]
) -> list[DayRow]:
    """Every day after `start` up to the due date: counted, skipped (why) or paused (why)."""
    rows = []
    number = 0
    day = start + timedelta(days=1)
    while day <= due:
        info = index.info(day)
        in_pause = any(s < day <= e for s, e in merged)
        if not info.working:
            rows.append(DayRow(day, "skipped", None, info.reason))
        elif in_pause:
            reasons = "、".join(p.reason for p in pauses if p.start < day <= p.end)
            rows.append(DayRow(day, "paused", None, f"暂停计算：{reasons}；{info.reason}"))
        else:
            number += 1
            rows.append(DayRow(day, "counted", number, info.reason))
        day += timedelta(days=1)
    return rows
