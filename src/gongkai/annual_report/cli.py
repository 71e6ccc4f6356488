"""``gongkai report …``: parse, check, render and batch-check annual reports.

Exit codes: 0 done (for ``check``: no error findings), 1 error findings, 2 the input could
not be read or the command was wrong. Every exception stops here as a Chinese message on
stderr (and ``{"ok": false, "error": …}`` on stdout with ``--json``): never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import batch, render
from .check import check
from .formats import COLUMN_LABELS, FORMATS, SECTION4_GROUP_LABELS, SECTION_TITLES
from .model import CheckResult, Report, ReportError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
RENDER_TARGETS = ("html", "docx", "pdf", "txt")


class _UsageError(Exception):
    """A wrong command line; reported like an unreadable input (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """Chinese headings and help; raise instead of exiting on a usage error, so that the
    boundary reports it like any other failure."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message}\n{self.format_usage().strip()}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gongkai report",
        description="政府信息公开工作年度报告：读取、检查、按官方格式输出。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser(
        "parse", help="读取报告，输出数据模型", description="读取报告（TXT/HTML/PDF/DOCX/JSON）。"
    )
    p.add_argument("file", metavar="FILE", help="报告文件")
    p.add_argument("--json", action="store_true", help="输出 JSON（gongkai.annual-report/1），否则输出摘要")

    c = sub.add_parser("check", help="检查报告的勾稽关系与内容", description="按规则检查报告。")
    c.add_argument("file", metavar="FILE", help="报告文件")
    c.add_argument("--previous", metavar="FILE", help="上一年度报告，用于跨年度检查")
    c.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")

    r = sub.add_parser(
        "render", help="按官方格式输出报告", description="把报告写成 HTML、DOCX、PDF 或纯文本。"
    )
    r.add_argument("file", metavar="FILE", help="报告 JSON（或任何可读取的报告文件）")
    r.add_argument("--to", required=True, choices=RENDER_TARGETS, help="输出格式")
    r.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件（- 表示标准输出）")

    b = sub.add_parser("batch", help="批量检查，结果写入 CSV", description="批量读取并检查报告。")
    b.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹（递归查找）")
    b.add_argument("--out", required=True, metavar="CSV", help="结果 CSV 文件（UTF-8 带 BOM）")
    b.add_argument("--jobs", type=int, default=1, metavar="N", help="并行进程数（默认 1）")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code instead of raising."""
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
        return _COMMANDS[args.command](args)
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except KeyboardInterrupt:
        return _fail("已中断", as_json)
    except _UsageError as exc:
        return _fail(f"命令有误：{exc}", as_json)
    except Exception as exc:
        return _fail(batch.describe_error(exc), as_json)


def _fail(message: str, as_json: bool) -> int:
    print(f"gongkai report：{message}", file=sys.stderr)
    if as_json:
        _print_json({"ok": False, "error": message.splitlines()[0]})
    return EXIT_UNREADABLE


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _cmd_parse(args: argparse.Namespace) -> int:
    report = batch.load(Path(args.file))
    if args.json:
        _print_json(report.to_json())
    else:
        print("\n".join(describe_report(report)))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    report = batch.load(Path(args.file))
    previous = batch.load(Path(args.previous)) if args.previous else None
    result = check(report, previous)
    if args.json:
        _print_json(result.to_json())
    else:
        print("\n".join(describe_result(result)))
    return EXIT_OK if result.ok else EXIT_FINDINGS


def _cmd_render(args: argparse.Namespace) -> int:
    report = batch.load(Path(args.file))
    data = render(report, args.to)
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(args.output).write_bytes(data)
        print(f"已写入 {args.output}（{len(data)} 字节）", file=sys.stderr)
    return EXIT_OK


def _cmd_batch(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise ReportError("--jobs 至少为 1")
    paths = batch.collect(args.paths)
    if not paths:
        raise ReportError("没有找到报告文件")
    # Fail before the work, not after it, when the CSV cannot be written.
    try:
        Path(args.out).touch()
    except OSError as exc:
        raise ReportError(f"无法写入结果文件 {args.out}：{exc.strerror or exc}") from None
    rows = batch.run(paths, args.jobs)
    batch.write_csv(rows, args.out)
    for line in batch.summary(rows):
        print(line)
    print(f"结果已写入 {args.out}")
    return EXIT_FINDINGS if any(r.problem or r.errors for r in rows) else EXIT_OK


_COMMANDS = {"parse": _cmd_parse, "check": _cmd_check, "render": _cmd_render, "batch": _cmd_batch}


def _num(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, list):
        return " | ".join(_num(v) for v in value)
    return str(value)


def describe_report(report: Report) -> list[str]:
    """A readable Chinese summary of the model for ``parse`` without ``--json``."""
    fmt = FORMATS.get(report.format or "")
    lines = [
        f"标题：{report.title or '（未识别）'}",
        f"机关：{report.agency or '（未识别）'}",
        f"年度：{report.year or '（未识别）'}",
        f"格式：{f'{fmt.name}（{fmt.title}）' if fmt else '（未识别）'}",
        f"发布日期：{report.published or '（未知）'}",
        f"完整：{'是' if report.complete else '否（输入在中途截断）'}",
        f"已见部分：{'、'.join(report.sections_present) or '无'}",
    ]
    if report.section2 is not None:
        lines.append(SECTION_TITLES["二"])
        for key, value in report.section2.items():
            label = fmt.section2_item(key).label if fmt and key in fmt.section2_keys else key
            lines.append(f"  {label}：{_num(value)}")
    if report.section3 is not None:
        lines.append(
            f"{SECTION_TITLES['三']}（{len(report.section3)} 行，列：{' | '.join(COLUMN_LABELS.values())}）"
        )
        for code, cells in report.section3.items():
            lines.append(f"  {code}：{_num(cells)}")
    if report.section4 is not None:
        lines.append(f"{SECTION_TITLES['四']}（维持 | 纠正 | 其他 | 尚未审结 | 总计）")
        for group, cells in report.section4.items():
            lines.append(f"  {SECTION4_GROUP_LABELS[group]}：{_num(cells)}")
    for entry in report.ambiguous:
        lines.append(f"有歧义：{entry.get('cell')} “{entry.get('text', '')}”")
    lines.extend(f"提示：{w}" for w in report.warnings)
    return lines


def describe_result(result: CheckResult) -> list[str]:
    """Findings, errors first, then a one-line verdict."""
    lines = []
    for f in sorted(result.findings, key=lambda f: f.severity != "error"):
        tag = "错误" if f.severity == "error" else "警告"
        lines.append(f"[{tag}] {f.rule}：{f.message}")
    n_err, n_warn = len(result.errors), len(result.warnings)
    verdict = "通过" if result.ok else "未通过"
    lines.append(f"{verdict}：{n_err} 个错误，{n_warn} 个警告")
    return lines
