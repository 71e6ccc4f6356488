"""The XLSX error report of an import: the file's rows with the bad ones marked.

Sheet 检查结果 repeats the file (every row up to `error_report_all_rows_max`, else only the bad
rows) with a 原行号 column first and an 错误说明 column last; bad rows are shaded and their bad
cells red. Both extra columns are ignored by the importer, so the corrected report can be
imported again as it is. Sheet 错误清单 lists every error: row, column, value, reason.
Written with xlsxwriter in constant-memory mode, row by row, by re-reading the uploaded file.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import xlsxwriter
from django.conf import settings

from .readers import open_table
from .schema import rules

if TYPE_CHECKING:
    from .imports import Outcome, Pipeline
    from .models import ImportJob


def write_error_report(job: ImportJob, pipeline: Pipeline, outcome: Outcome) -> str:
    relative = Path("credit") / "reports" / f"job-{job.pk}-errors.xlsx"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    every_row = outcome.total <= rules()["error_report_all_rows_max"]
    bad = set(outcome.bad_row_numbers) if len(outcome.bad_row_numbers) <= 2_000_000 else set()
    reasons = outcome.reasons
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True, "strings_to_numbers": False})
    try:
        head = workbook.add_format({"bold": True, "bg_color": "#E8EEF6", "border": 1})
        bad_row = workbook.add_format({"bg_color": "#FDEEEE"})
        bad_cell = workbook.add_format({"bg_color": "#F4B6B6", "font_color": "#9C0006", "bold": True})
        note = workbook.add_format({"font_color": "#9C0006", "bg_color": "#FDEEEE", "text_wrap": True})
        sheet = workbook.add_worksheet("检查结果")
        headers = [str(h) for h in outcome.headers]
        sheet.write_row(0, 0, ["原行号", *headers, "错误说明"], head)
        sheet.freeze_panes(1, 1)
        sheet.set_column(0, 0, 8)
        sheet.set_column(1, len(headers), 16)
        sheet.set_column(len(headers) + 1, len(headers) + 1, 60)
        out_row = 1
        limit = rules()["error_report_all_rows_max"]  # a file with a million bad rows gets the first ones
        table = open_table(Path(settings.MEDIA_ROOT) / job.file_path, job.file_name)
        try:
            for number, cells in table.rows():
                if number <= outcome.header_row:
                    continue
                if out_row > limit:
                    sheet.write_string(out_row, 0, f"错误行过多，只列出前 {limit} 行；其余见导入页面的错误数")
                    break
                is_bad = number in bad
                if not is_bad and (not every_row or not any(c != "" for c in cells)):
                    continue
                row_reasons = reasons.get(number, [])
                bad_columns = {c for c, _ in row_reasons if c is not None}
                sheet.write_number(out_row, 0, number, bad_row if is_bad else None)
                for index, value in enumerate(cells[: len(headers)]):
                    if isinstance(value, datetime | date):
                        value = value.isoformat()
                    style = bad_cell if index in bad_columns else (bad_row if is_bad else None)
                    sheet.write_string(out_row, index + 1, str(value), style)
                if is_bad:
                    text = "；".join(r for _, r in row_reasons) or "（错误过多，未逐行列出原因，见错误清单）"
                    sheet.write_string(out_row, len(headers) + 1, text, note)
                out_row += 1
        finally:
            table.close()
        listing = workbook.add_worksheet("错误清单")
        listing.write_row(0, 0, ["行号", "列", "字段编码", "值", "原因"], head)
        listing.set_column(0, 0, 8)
        listing.set_column(1, 3, 22)
        listing.set_column(4, 4, 60)
        for i, error in enumerate(outcome.errors, start=1):
            listing.write_number(i, 0, error["row"])
            listing.write_string(i, 1, error["column"])
            listing.write_string(i, 2, error["field"])
            listing.write_string(i, 3, error["value"])
            listing.write_string(i, 4, error["reason"])
        if outcome.error_count > len(outcome.errors):
            listing.write_string(
                len(outcome.errors) + 1,
                0,
                f"共 {outcome.error_count} 处错误，此处列出前 {len(outcome.errors)} 处",
            )
    finally:
        workbook.close()
    return str(relative)
