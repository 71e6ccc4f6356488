"""How long a penalty stays published: the rules in force on its decision date (law.md, 双公示).

Pure Python. The three regimes (before 2023-05-01: 发改办财金〔2019〕527号; from 2023-05-01:
发改委令第58号; from 2026-04-01: 发改委令2025年第36号) are dated data in `data/periods.json`.
A period runs from the decision date: the last day shown is `add_months(decision, max) - 1 day`;
credit repair may end it early once the minimum has run.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "periods.json"
SEVERITIES = ("轻微", "一般", "严重")
DEFAULT_SEVERITY = "一般"


@dataclass(frozen=True)
class Period:
    publish: bool
    min_months: int
    max_months: int
    basis: str

    def last_day(self, decision: date) -> date:
        """The last day the penalty is shown when nothing ends it early."""
        return add_months(decision, self.max_months) - timedelta(days=1)

    def earliest_end(self, decision: date) -> date:
        """The last day of the minimum period: repair may take it down after this day."""
        return add_months(decision, self.min_months) - timedelta(days=1)

    def describe(self) -> str:
        if not self.publish:
            return f"不予公示（{self.basis}）"
        return f"最短 {_months(self.min_months)}，最长 {_months(self.max_months)}（{self.basis}）"


def _months(n: int) -> str:
    if n and n % 12 == 0:
        return f"{n // 12} 年"
    return f"{n} 个月"


def add_months(day: date, months: int) -> date:
    """Calendar months later; the 31st becomes the month's last day (2023-01-31 + 1 → 2023-02-28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@cache
def regimes() -> tuple[dict, ...]:
    data = json.loads(DATA.read_text(encoding="utf-8"))["regimes"]
    out = []
    for regime in data:
        regime = dict(regime)
        regime["from"] = date.fromisoformat(regime["from"]) if regime["from"] else date.min
        regime["until"] = date.fromisoformat(regime["until"]) if regime["until"] else date.max
        out.append(regime)
    return tuple(out)


def regime_for(decision: date) -> dict:
    for regime in regimes():
        if regime["from"] <= decision < regime["until"]:
            return regime
    raise ValueError(f"没有适用于 {decision} 的公示期限规定")


def penalty_period(decision: date, severity: str = DEFAULT_SEVERITY, sector: str = "") -> Period:
    """The publication period of a penalty decided on `decision` (severity 轻微/一般/严重; sector
    such as 食品 or 消防, which can raise the minimum)."""
    regime = regime_for(decision)
    rule = regime["severity"].get(severity or DEFAULT_SEVERITY)
    if rule is None:
        raise ValueError(f"失信严重程度应为 {'、'.join(SEVERITIES)}，实际为 {severity!r}")
    minimum = rule["min"]
    if rule["publish"]:
        minimum = max(minimum, regime["sector_min"].get(sector, 0))
    return Period(rule["publish"], minimum, rule["max"], regime["basis"])
