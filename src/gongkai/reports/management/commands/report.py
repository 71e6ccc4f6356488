"""`gongkai report …`: compile annual reports from the database, raise deadline reminders, and the
engine's verbs (parse, check, render, batch), which `gongkai.cli` normally sends straight to the
engine without Django; here they are delegated too, so `manage.py report parse …` works the same.

  gongkai report compile YEAR [--agency ID|SLUG] [--json] [--check]
  gongkai report reminders [--date YYYY-MM-DD]

`compile` saves nothing: it prints the report as compiled now from live data (with the narrative
and fee amount stored for that year, else the generated draft) in the spec's JSON — one object with
`--agency`, a list over all agencies without it — and with `--check` each report's check result
under "check". Exit code 1 when `--check` finds an error, 2 when the command line is wrong.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

ENGINE_VERBS = ("parse", "check", "render", "batch")


class Command(BaseCommand):
    help = "年度报告：编制（compile）、期限提醒（reminders），以及 parse/check/render/batch"

    def run_from_argv(self, argv: list[str]) -> None:
        if len(argv) > 2 and argv[2] in ENGINE_VERBS:
            from gongkai.annual_report.cli import main

            sys.exit(main(argv[2:]))
        super().run_from_argv(argv)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", metavar="命令", required=True)
        c = sub.add_parser("compile", help="按当前数据编制年度报告并输出（不保存）")
        c.add_argument("year", type=int, metavar="YEAR", help="报告年度（2021 年起）")
        c.add_argument("--agency", metavar="ID", help="机关的编号或网址标识；不填则输出全部机关")
        c.add_argument("--json", action="store_true", help="输出 JSON（gongkai.annual-report/1）")
        c.add_argument("--check", action="store_true", help="同时按全部规则检查")
        r = sub.add_parser("reminders", help="生成年报公布期限提醒（每日任务）")
        r.add_argument("--date", metavar="YYYY-MM-DD", help="按该日计算（默认今天）")
        for verb in ENGINE_VERBS:
            sub.add_parser(verb, help="见 gongkai report " + verb + " --help（不需要数据库）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "reminders":
            from gongkai.reports.actions import raise_reminders

            on = _date(options["date"]) if options.get("date") else None
            created = raise_reminders(today=on)
            self.stdout.write(f"已生成 {created} 条年报期限提醒")
            return
        code = compile_command(
            options["year"],
            agency=options.get("agency"),
            as_json=options["json"],
            with_check=options["check"],
            out=self.stdout,
            err=self.stderr,
        )
        if code:
            sys.exit(code)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        sys.stderr.write(f"错误：日期格式应为 YYYY-MM-DD：{text}\n")
        sys.exit(2)


def _agencies(ref: str | None):
    from gongkai.orgs.models import Agency

    qs = Agency.objects.order_by("path")
    if ref is None:
        return list(qs)
    found = qs.filter(pk=int(ref)) if ref.isdigit() else qs.filter(slug=ref)
    return list(found)


def compiled_json(agency, year: int, with_check: bool) -> dict[str, Any]:
    """The report as compiled now, in the spec's JSON (plus "check" when asked)."""
    from gongkai.reports import compile as compiler
    from gongkai.reports.choices import deadline_for
    from gongkai.reports.draft import draft
    from gongkai.reports.models import AnnualReport

    stored = AnnualReport.objects.filter(agency=agency, year=year).first()
    compiled = compiler.compile_tables(agency, year)
    report = AnnualReport(
        agency=agency,
        year=year,
        deadline=deadline_for(agency, year),
        tables=compiled.tables,
        fees_amount=stored.fees_amount if stored and compiled.fees_source is None else None,
        narrative=stored.narrative if stored else {},
    )
    if not any((report.narrative or {}).values()):
        previous, _ = compiler.previous_report(agency, year)
        report.narrative = draft(
            agency.name,
            year,
            compiler.with_fees(compiled.tables, report.fees_amount),
            compiler.year_facts(agency, year, compiled.tables),
            rule_power=agency.has_rule_power,
            previous_five=(previous.narrative.get("五") or "") if previous else "",
        )
    data = compiler.engine_report(report).to_json()
    if with_check:
        data["check"] = compiler.check_report(report).to_json()
    return data


def compile_command(year: int, *, agency: str | None, as_json: bool, with_check: bool, out, err) -> int:
    from gongkai.annual_report import Report
    from gongkai.annual_report.cli import describe_report, describe_result
    from gongkai.annual_report.model import CheckResult, Finding

    if not 2021 <= year <= timezone.localdate().year:
        err.write(f"错误：只能编制 2021 年至今年的年度报告（2021 格式），不能编制 {year} 年\n")
        return 2
    agencies = _agencies(agency)
    if not agencies:
        err.write(f"错误：找不到机关：{agency}\n")
        return 2
    results = [compiled_json(a, year, with_check) for a in agencies]
    failed = with_check and any(not r["check"]["ok"] for r in results)
    if as_json:
        payload = results[0] if agency is not None else results
        out.write(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for data in results:
            out.write(f"== {data['agency']} {year} 年度")
            out.write("\n".join(describe_report(Report.from_json(data))))
            if with_check:
                findings = [Finding(**f) for f in data["check"]["findings"]]
                out.write("\n".join(describe_result(CheckResult(findings))))
    return 1 if failed else 0
