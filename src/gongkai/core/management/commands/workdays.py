"""`gongkai workdays add DATE N | explain DATE N | check DATE`."""

from __future__ import annotations

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandParser

from gongkai.core import workdays


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"日期 {value!r} 无效，应为 YYYY-MM-DD") from None


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise ValueError(f"天数 {value!r} 无效，应为非负整数") from None
    if n < 0:
        raise ValueError(f"天数 {value!r} 无效，应为非负整数")
    return n


class Command(BaseCommand):
    help = "按工作日历计算期限：add 加 N 个工作日，explain 说明逐日计算过程，check 判断某日是否工作日"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        for verb in ("add", "explain"):
            p = sub.add_parser(verb)
            p.add_argument("date")
            p.add_argument("n")
        sub.add_parser("check").add_argument("date")

    def handle(self, *args, verb: str, **options) -> None:
        try:
            day = _date(options["date"])
            n = _count(options["n"]) if verb != "check" else 0
            index = workdays.get_index()
            if verb == "add":
                self.stdout.write(str(index.add_checked(day, n)))
            elif verb == "check":
                info = index.info(day)
                self.stdout.write(f"{info.label}（{info.reason}）")
            else:
                result, steps = index.explain(day, n)
                self.stdout.write(f"起算日 {day.isoformat()}（不计入），加 {n} 个工作日：")
                counted = 0
                for step in steps:
                    if step.working:
                        counted += 1
                        self.stdout.write(f"  {step.date}  第 {counted} 个工作日（{step.reason}）")
                    else:
                        self.stdout.write(f"  {step.date}  跳过：{step.reason}")
                self.stdout.write(f"结果：{result}")
        except ValueError as exc:
            self.stderr.write(f"错误：{exc}")
            sys.exit(2)
