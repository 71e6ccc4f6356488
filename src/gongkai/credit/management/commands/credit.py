"""`gongkai credit …`: the credit record sets from the command line.

import FILE --agency ID --set SET [--good-rows] [--dry-run] [--json]
    SET: 行政许可, 行政处罚, 行政强制 (or xk, cf, qz) or the name of one of the agency's own sets.
    Exit 0 when imported (or, with --dry-run, when every row passes), 1 when refused for bad
    rows, 2 when the file cannot be read (type, encoding, unrecognised headers).
expire [--date YYYY-MM-DD]     take penalties whose publication period has ended off the public pages
counts --agency ID --year Y    section 二 of the annual report: licensing, penalty, coercion decisions
reindex                        rebuild the SQLite full-text index of subject names
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from gongkai.credit import actions, metrics
from gongkai.credit.choices import JobState
from gongkai.credit.models import RecordSet
from gongkai.orgs.models import Agency

ALIASES = {"xk": "xk", "行政许可": "xk", "cf": "cf", "行政处罚": "cf", "qz": "qz", "行政强制": "qz"}
EXIT = {
    JobState.DONE: 0,
    JobState.CHECKED: 0,
    JobState.REFUSED: 1,
    JobState.FAILED: 2,
    JobState.NEEDS_MAPPING: 2,
}


def _agency(value: str) -> Agency:
    agency = Agency.objects.filter(
        Q(slug=value) | Q(pk=int(value)) if value.isdigit() else Q(slug=value)
    ).first()
    if agency is None:
        raise CommandError(f"没有编号或标识为 {value!r} 的机关（gongkai agencies 可列出）", returncode=2)
    return agency


def _record_set(agency: Agency, value: str) -> RecordSet:
    key = ALIASES.get(value.strip().lower()) or ALIASES.get(value.strip())
    found = (
        RecordSet.objects.filter(key=key).first()
        if key
        else RecordSet.objects.filter(agency=agency, name=value.strip()).first()
    )
    if found is None:
        raise CommandError(
            f"没有名为 {value!r} 的数据集（行政许可、行政处罚、行政强制或本机关自定义的数据集）", returncode=2
        )
    return found


class Command(BaseCommand):
    help = (
        "双公示与信用数据：import 导入文件，expire 下架期满的处罚，counts 年度报告统计，reindex 重建名称索引"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="导入 CSV 或 XLSX 文件")
        imp.add_argument("file")
        imp.add_argument("--agency", required=True, help="机关编号或网址标识")
        imp.add_argument(
            "--set", required=True, dest="record_set", help="行政许可、行政处罚、行政强制或自定义数据集名称"
        )
        imp.add_argument(
            "--good-rows", action="store_true", help="只导入合格行（默认：有错误行则全部不导入）"
        )
        imp.add_argument("--dry-run", action="store_true", help="只检查，不写入任何记录")
        imp.add_argument("--json", action="store_true", help="以 JSON 输出")
        expire = sub.add_parser("expire", help="下架公示期满的行政处罚")
        expire.add_argument("--date", help="按该日期判断（默认今天）")
        counts = sub.add_parser("counts", help="年度报告第二部分：本年处理决定数量")
        counts.add_argument("--agency", required=True)
        counts.add_argument("--year", type=int, required=True)
        counts.add_argument("--json", action="store_true")
        sub.add_parser("reindex", help="重建名称全文索引（SQLite）")

    def handle(self, *args, verb: str, **options) -> None:
        if verb == "import":
            sys.exit(self._import(options))
        if verb == "expire":
            try:
                on = date.fromisoformat(options["date"]) if options.get("date") else None
            except ValueError:
                raise CommandError(f"日期 {options['date']!r} 无效，应为 YYYY-MM-DD") from None
            self.stdout.write(
                f"已下架 {actions.expire_due(acting_user=None, today=on)} 条公示期满的行政处罚信息"
            )
        elif verb == "counts":
            result = metrics.section2_counts(_agency(options["agency"]), options["year"])
            if options["json"]:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"行政许可 {result['licensing']}  行政处罚 {result['penalty']}  行政强制 {result['coercion']}"
                )
        elif verb == "reindex":
            from gongkai.credit.search import rebuild_index

            self.stdout.write(f"已重建名称索引：{rebuild_index()} 条")

    def _import(self, options) -> int:
        path = Path(options["file"])
        as_json = options["json"]
        if not path.is_file():
            return self._fail(as_json, f"找不到文件：{path}")
        agency = _agency(options["agency"])
        record_set = _record_set(agency, options["record_set"])
        from django.core.exceptions import ValidationError

        try:
            job = actions.create_import_job(
                acting_user=None,
                agency=agency,
                record_set=record_set,
                file_name=path.name,
                source=path,
                good_rows=options["good_rows"],
                dry_run=options["dry_run"],
            )
        except ValidationError as exc:
            return self._fail(as_json, "；".join(exc.messages))
        outcome = actions.run_import(job, acting_user=None)
        code = EXIT[outcome.state]
        if outcome.state == JobState.CHECKED and outcome.bad_rows:
            code = 1
        if as_json:
            payload = {
                "job": job.pk,
                "state": outcome.state,
                "exit": code,
                "message": outcome.message,
                "template": outcome.template,
                "encoding": outcome.encoding,
                "counts": outcome.counts(),
                "imported": outcome.state == JobState.DONE,
                "seconds": outcome.seconds,
                "unknown_headers": outcome.unknown_headers,
                "errors": outcome.errors,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
            return code
        c = outcome.counts()
        label = JobState(outcome.state).label
        self.stdout.write(
            f"{label}：{record_set.name} {path.name}，共 {c['total']} 行，错误 {c['bad_rows']} 行；"
            f"{'新增' if outcome.state == JobState.DONE else '可新增'} {c['inserted']} 条，"
            f"{'更新' if outcome.state == JobState.DONE else '可更新'} {c['updated']} 条"
            + (f"（不合格 {c['stored_invalid']} 条登记为待更正）" if c["stored_invalid"] else "")
            + f"，用时 {outcome.seconds:.1f} 秒"
        )
        if outcome.message:
            self.stdout.write(outcome.message)
        for e in outcome.errors:
            self.stdout.write(f"  第 {e['row']} 行 {e['column']}「{e['value']}」：{e['reason']}")
        if outcome.error_count > len(outcome.errors):
            self.stdout.write(f"  ……共 {outcome.error_count} 处错误")
        if job.error_report:
            self.stdout.write(f"错误报告：{job.error_report}")
        return code

    def _fail(self, as_json: bool, message: str) -> int:
        if as_json:
            self.stdout.write(
                json.dumps({"state": "failed", "exit": 2, "message": message}, ensure_ascii=False)
            )
        else:
            self.stderr.write(message)
        return 2
