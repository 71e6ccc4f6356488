"""`gongkai applications notify [--date YYYY-MM-DD]` raises today's due-date notices by hand;
`gongkai applications recompute [--dry-run]` recomputes the stored dates of every open case."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai.applications import actions
from gongkai.applications.choices import OPEN_STATUSES
from gongkai.applications.models import Application


class Command(BaseCommand):
    help = "依申请公开：notify 生成到期提醒（每日定时任务亦运行），recompute 重新计算未办结案件的期限"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        notify = sub.add_parser("notify", help="生成即将到期、已逾期和期限届满的提醒")
        notify.add_argument("--date", help="按该日期检查（默认今天）")
        recompute = sub.add_parser("recompute", help="重新计算未办结案件的期限")
        recompute.add_argument("--dry-run", action="store_true", help="只统计会改变的案件，不保存")

    def handle(self, *args, verb: str, **options) -> None:
        if verb == "notify":
            try:
                on = date.fromisoformat(options["date"]) if options.get("date") else None
            except ValueError:
                raise CommandError(f"日期 {options['date']!r} 无效，应为 YYYY-MM-DD") from None
            created = actions.raise_notices(on=on)
            self.stdout.write(f"已生成 {created} 条提醒")
            return
        open_count = Application.objects.filter(status__in=OPEN_STATUSES).count()
        if options["dry_run"]:
            with transaction.atomic():
                changed = actions.recompute_clocks(reason="命令行试算")
                transaction.set_rollback(True)
            self.stdout.write(f"未办结案件 {open_count} 件，其中 {changed} 件的期限将改变（未保存）")
        else:
            changed = actions.recompute_clocks(reason="命令行")
            self.stdout.write(f"未办结案件 {open_count} 件，已更新 {changed} 件的期限")
