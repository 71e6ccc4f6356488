"""信息处理费 under 国办函〔2020〕109号 (law.md, Fees): pure functions over `rules.Rules`.

One method per application. 按件 (by count) charges the n-th application an applicant makes in
a calendar month; 按量 (by volume) charges the pages of one application, band by band.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules import CURRENT, Rules


def count_price(ordinal: int, rules: Rules = CURRENT) -> int:
    """The fee in 元 for an applicant's `ordinal`-th application in one calendar month."""
    if ordinal < 1:
        raise ValueError("件数应为正整数")
    if ordinal <= rules.count_free:
        return 0
    if ordinal <= rules.count_first_band_last:
        return rules.count_first_band_price
    band = (ordinal - rules.count_first_band_last - 1) // rules.count_band_size + 1
    return rules.count_first_band_price + band * rules.count_band_step


def fee_by_count(count: int, rules: Rules = CURRENT) -> int:
    """Total for `count` applications by one applicant in one month (35 → 3,000 元)."""
    if count < 0:
        raise ValueError("件数不能为负数")
    return sum(count_price(i, rules) for i in range(1, count + 1))


def fee_by_volume(pages: int, rules: Rules = CURRENT) -> int:
    """Fee for one application of `pages` pages (2,219 → 83,460 元)."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    return sum(line.amount for line in volume_breakdown(pages, rules))


@dataclass(frozen=True)
class FeeLine:
    first: int
    last: int
    price: int

    @property
    def units(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.units * self.price


def volume_breakdown(pages: int, rules: Rules = CURRENT) -> list[FeeLine]:
    lines = []
    for band in rules.volume_bands:
        if pages < band.first:
            break
        last = pages if band.last is None else min(pages, band.last)
        lines.append(FeeLine(band.first, last, band.price))
    return lines


def count_breakdown(count: int, rules: Rules = CURRENT) -> list[FeeLine]:
    lines: list[FeeLine] = []
    for i in range(1, count + 1):
        price = count_price(i, rules)
        if lines and lines[-1].price == price:
            lines[-1] = FeeLine(lines[-1].first, i, price)
        else:
            lines.append(FeeLine(i, i, price))
    return lines


def explain(lines: list[FeeLine], unit: str) -> str:
    """`第31–100页 70页×10元=700元；…` for the 收费通知书."""
    parts = [
        f"第{line.first}–{line.last}{unit} {line.units}{unit}×{line.price}元={line.amount}元"
        if line.first != line.last
        else f"第{line.first}{unit} {line.price}元"
        for line in lines
    ]
    return "；".join(parts) + f"；合计{sum(line.amount for line in lines)}元"
