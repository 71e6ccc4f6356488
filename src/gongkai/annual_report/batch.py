"""Parse and check many reports at once, one CSV row each.

Work is spread over processes in chunks (parsing is CPU-bound, and a pool per file would
cost more than the parse). One unreadable file only gives a row with its reading problem.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import parse
from .check import check
from .model import Report, ReportError

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx", ".json")
CSV_FIELDS = ("file", "agency", "year", "format", "errors", "warnings", "rules", "problem")


@dataclass
class BatchRow:
    """One report's outcome; ``problem`` is set (and the counts empty) when it could not be read."""

    file: str
    agency: str | None = None
    year: int | None = None
    format: str | None = None
    errors: int | None = None
    warnings: int | None = None
    rules: str = ""
    problem: str = ""

    def as_csv(self) -> dict[str, str]:
        return {k: "" if getattr(self, k) is None else str(getattr(self, k)) for k in CSV_FIELDS}


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files given directly, plus report files found under the given folders, sorted.

    A path that does not exist is kept, so it gets its own row with the problem.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            out.extend(sorted(found))
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def load(path: Path) -> Report:
    """A model JSON is loaded as is; any other file is parsed."""
    if path.is_dir():
        raise ReportError(f"是文件夹，不是文件：{path}")
    if not path.exists():
        raise ReportError(f"找不到文件：{path}")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise ReportError(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}") from None
        return Report.from_json(data)
    return parse(path)


def process(path: Path) -> BatchRow:
    """Parse and check one file; every failure becomes the row's ``problem``."""
    row = BatchRow(file=str(path))
    try:
        report = load(path)
        result = check(report)
    except Exception as exc:  # one bad file must never stop the batch
        row.problem = describe_error(exc)
        return row
    row.agency, row.year, row.format = report.agency, report.year, report.format
    row.errors = len(result.errors)
    row.warnings = len(result.warnings)
    row.rules = " ".join(result.rules())
    return row


def _process_chunk(paths: Sequence[Path]) -> list[BatchRow]:
    return [process(p) for p in paths]


def _chunks(items: Sequence[Path], size: int) -> Iterator[Sequence[Path]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def run(paths: Sequence[Path], jobs: int = 1, *, progress: bool = True) -> list[BatchRow]:
    """Process files in order; with ``jobs`` > 1 in that many processes, in chunks."""
    from tqdm import tqdm

    bar = tqdm(total=len(paths), unit="份", desc="检查报告", file=sys.stderr, disable=not progress)
    rows: list[BatchRow] = []
    try:
        if jobs <= 1 or len(paths) < 2:
            for p in paths:
                rows.append(process(p))
                bar.update(1)
            return rows
        # Small chunks keep both processes busy to the end; big enough to amortise pickling.
        size = max(1, min(64, len(paths) // (jobs * 8) or 1))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for chunk in pool.map(_process_chunk, _chunks(paths, size)):
                rows.extend(chunk)
                bar.update(len(chunk))
        return rows
    finally:
        bar.close()


def write_csv(rows: Iterable[BatchRow], out: str | os.PathLike[str]) -> None:
    """UTF-8 with BOM so that Excel opens the Chinese names correctly."""
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(r.as_csv() for r in rows)


def summary(rows: Sequence[BatchRow]) -> list[str]:
    """Closing lines: totals, then the most frequent rules by number of reports."""
    unread = [r for r in rows if r.problem]
    failed = [r for r in rows if not r.problem and r.errors]
    passed = len(rows) - len(unread) - len(failed)
    lines = [
        f"共 {len(rows)} 份：通过 {passed} 份，有错误 {len(failed)} 份，无法读取 {len(unread)} 份",
    ]
    counts = Counter(rule for r in rows for rule in r.rules.split())
    if counts:
        top = "，".join(f"{rule} {n} 份" for rule, n in counts.most_common(10))
        lines.append(f"最常见的问题：{top}")
    return lines


def describe_error(exc: BaseException) -> str:
    """A one-line Chinese reason, for stderr, CSV cells and ``{"error": …}``."""
    if isinstance(exc, ReportError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{exc.filename}"
    if isinstance(exc, IsADirectoryError):
        return f"是文件夹，不是文件：{exc.filename}"
    if isinstance(exc, PermissionError):
        return f"没有读取权限：{exc.filename}"
    if isinstance(exc, UnicodeDecodeError):
        return f"无法识别文字编码：{exc.reason}"
    if isinstance(exc, OSError):
        return f"无法读取文件：{exc.strerror or exc}"
    return f"无法读取：{type(exc).__name__}: {exc}"
