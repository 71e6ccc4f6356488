"""Export in the national template (XLSX and CSV) for upload to the credit platform.

The staff export carries every template field, ID numbers included, because the platform needs
them; it is permission-checked and audited. Extension fields (事项编码, 严重程度, 领域) are not part
of the national template and are left out. Rows stream from the database in chunks.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator

import xlsxwriter

from .models import CreditRecord, RecordSet


def template_fields(record_set: RecordSet) -> list:
    return [f for f in record_set.schema().fields if not f.ext]


def _rows(queryset, codes: list[str]) -> Iterator[list[str]]:
    for data in queryset.order_by("pk").values_list("data", flat=True).iterator(chunk_size=2000):
        yield [str(data.get(c, "")) for c in codes]


def csv_chunks(queryset, record_set: RecordSet) -> Iterator[str]:
    fields = template_fields(record_set)
    codes = [f.code for f in fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(codes)
    for i, row in enumerate(_rows(queryset, codes), start=1):
        writer.writerow(row)
        if i % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(queryset, record_set: RecordSet) -> tempfile.SpooledTemporaryFile:
    fields = template_fields(record_set)
    codes = [f.code for f in fields]
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_numbers": False})
    head = workbook.add_format({"bold": True, "bg_color": "#E8EEF6", "border": 1})
    sheet = workbook.add_worksheet(record_set.name)
    sheet.write_row(0, 0, codes, head)
    sheet.set_column(0, len(codes) - 1, 18)
    for r, row in enumerate(_rows(queryset, codes), start=1):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(r, c, value)
    names = workbook.add_worksheet("字段说明")
    names.write_row(0, 0, ["字段编码", "字段名称", "类型", "必填"], head)
    for r, f in enumerate(fields, start=1):
        names.write_row(r, 0, [f.code, f.name, f.type_label, "是" if f.required else ""])
    workbook.close()
    handle.seek(0)
    return handle


def queryset_for(agency, record_set: RecordSet, year: int | None, only_valid: bool = True):
    qs = CreditRecord.objects.filter(agency=agency, record_set=record_set)
    if only_valid:
        qs = qs.filter(is_valid=True)
    if year:
        qs = qs.filter(decision_date__gte=f"{year}-01-01", decision_date__lte=f"{year}-12-31")
    return qs
