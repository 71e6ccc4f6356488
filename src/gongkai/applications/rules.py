"""Every legal number of 依申请公开 in one dated place (law.md, Applications).

The law changes (NYC OpenRecords had to change a publication delay when a local law did), so
the clock, the fee calculator and the letters read their numbers from here and nowhere else.
A new rule set is a new `Rules` with its `effective_from`; `rules_for(day)` picks the one in
force on the day an application was received.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class FeeBand:
    """Items or pages `first`..`last` (None: no upper bound) cost `price` 元 each."""

    first: int
    last: int | None
    price: int


@dataclass(frozen=True)
class Rules:
    effective_from: date
    source: str
    # Art. 33: answer within 20 working days of receipt; extension at most 20 more in total.
    answer_days: int = 20
    max_extension_days: int = 20
    # Art. 30: one 补正 notice, within 7 working days of receipt.
    correction_notice_days: int = 7
    # The period the office offers for the correction (its own choice; a default for the form).
    correction_default_days: int = 15
    # Art. 32/34: the consulted party answers within 15 working days of receiving the request.
    consultation_days: int = 15
    # 109号: pay within 20 working days from the day after receiving the 收费通知.
    fee_payment_days: int = 20
    # law.md: "Treat notice-to-payment time as a pause of the answer clock (configurable)".
    fee_notice_pauses_clock: bool = True
    # Daily notices: a case is "due soon" this many working days before its date.
    due_soon_days: int = 3
    fee_source: str = "国办函〔2020〕109号《政府信息公开信息处理费管理办法》"
    # 按件: per applicant per calendar month. 1–10 free, 11–30 100 元, then +100 元 per band of 10.
    count_free: int = 10
    count_first_band_last: int = 30
    count_first_band_price: int = 100
    count_band_size: int = 10
    count_band_step: int = 100
    # 按量: per application, by pages.
    volume_bands: tuple[FeeBand, ...] = field(
        default=(FeeBand(1, 30, 0), FeeBand(31, 100, 10), FeeBand(101, 200, 20), FeeBand(201, None, 40))
    )


# 《中华人民共和国政府信息公开条例》(国务院令第711号, in force 2019-05-15); fees from 2021-01-01.
RULES_2021 = Rules(effective_from=date(2021, 1, 1), source="国务院令第711号；国办函〔2020〕109号")
RULE_SETS: tuple[Rules, ...] = (RULES_2021,)


def rules_for(day: date | None = None) -> Rules:
    """The rules in force on `day` (the earliest set for days before all of them)."""
    chosen = RULE_SETS[0]
    for rules in RULE_SETS:
        if day is None or rules.effective_from <= day:
            chosen = rules
    return chosen


CURRENT = rules_for(None)


# --- Remedy clauses (2023 修订《行政复议法》, in force 2024-01-01; 《行政诉讼法》 Art. 45, 46) ------

REMEDY_REVIEW_FIRST = "review_first"
REMEDY_EITHER = "either"

REMEDY_CLAUSES: dict[str, str] = {
    # 行政复议法 Art. 23(1)(4): a refusal to disclose goes to reconsideration first.
    REMEDY_REVIEW_FIRST: (
        "申请人如对本答复不服，应当自收到本答复之日起六十日内向{复议机关}申请行政复议；"
        "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼。"
    ),
    REMEDY_EITHER: (
        "申请人如对本答复不服，可以自收到本答复之日起六十日内向{复议机关}申请行政复议，"
        "也可以自收到本答复之日起六个月内向{人民法院}提起行政诉讼。"
    ),
}
