"""`gongkai fee --pages N` / `gongkai fee --count N`: the 信息处理费 under 国办函〔2020〕109号."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.applications import fees


class Command(BaseCommand):
    help = "计算政府信息公开信息处理费（元）：--pages 按量（一件申请的页数），--count 按件（同一申请人一个自然月内的申请件数）"

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--pages", type=int, help="按量计收：一件申请的页数")
        group.add_argument("--count", type=int, help="按件计收：同一申请人一个自然月内的申请件数")
        parser.add_argument("--explain", action="store_true", help="同时列出分段计算过程")

    def handle(self, *args, pages: int | None, count: int | None, explain: bool, **options) -> None:
        value = pages if pages is not None else count
        if value is None or value < 0:
            raise CommandError("页数或件数应为非负整数")
        if pages is not None:
            amount, lines, unit = fees.fee_by_volume(pages), fees.volume_breakdown(pages), "页"
        else:
            amount, lines, unit = fees.fee_by_count(count), fees.count_breakdown(count), "件"
        self.stdout.write(str(amount))
        if explain and lines:
            self.stdout.write(fees.explain(lines, unit))
