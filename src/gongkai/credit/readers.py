"""Streaming readers of CSV (UTF-8 or GBK/GB18030, detected from the first bytes) and XLSX
(python-calamine, row by row), yielding (row number, cells) with cells as stripped strings or
dates, so the validator never sees a spreadsheet's float-or-string ambiguity."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

SNIFF_BYTES = 65536
csv.field_size_limit(1 << 24)


class FileError(ValueError):
    """The file as a whole cannot be read (wrong type, encoding, broken workbook)."""


def detect_encoding(head: bytes) -> str:
    """utf-8-sig when there is a BOM or the bytes are valid UTF-8, else GB18030 (a superset of GBK)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the end of the sample is fine
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise FileError("无法识别文件编码：请另存为 UTF-8 或 GBK 编码的 CSV 文件") from None


def _first_non_ascii(data: bytes) -> int:
    """Where to start decoding a sample: a line start before the first non-ASCII byte."""
    index = next(i for i, b in enumerate(data) if b > 127)
    return data.rfind(b"\n", 0, index) + 1


def cell(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return value.strip()
    if value is None:
        return ""
    if kind is float:
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    if kind is int:
        return str(value)
    if kind is bool:
        return "是" if value else "否"
    if kind is datetime:
        return value.date() if value.time() == time(0) else value
    if kind is date:
        return value
    return str(value).strip()


class Table(ABC):
    """Rows of the first sheet; `fraction()` estimates how much has been read (for progress)."""

    encoding = ""

    @abstractmethod
    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number in the file, cell values) for each data row."""

    @abstractmethod
    def fraction(self) -> float:
        """How much of the file has been read, 0 to 1."""

    @abstractmethod
    def restart(self) -> None:
        """Read again from the first row."""

    @abstractmethod
    def close(self) -> None:
        """Release the file."""


class CsvTable(Table):
    def __init__(self, path: Path) -> None:
        self.size = max(path.stat().st_size, 1)
        self.raw = open(path, "rb")  # noqa: SIM115 - closed by close()
        head = self.raw.read(SNIFF_BYTES)
        sample = head
        while sample.isascii():  # codes-only headers: look further for the first Chinese text
            more = self.raw.read(1 << 20)
            if not more:
                break
            sample = sample[-8:] + more
        self.raw.seek(0)
        self.encoding = detect_encoding(head if sample.isascii() else sample[_first_non_ascii(sample) :])
        first_line = head.split(b"\n", 1)[0]
        self.delimiter = "\t" if b"\t" in first_line and b"," not in first_line else ","
        self.path = path
        self.text = io.TextIOWrapper(self.raw, encoding=self.encoding, newline="")

    def restart(self) -> None:
        self.text.close()
        self.raw = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        self.text = io.TextIOWrapper(self.raw, encoding=self.encoding, newline="")

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        reader = csv.reader(self.text, delimiter=self.delimiter)
        number = 0
        try:
            for row in reader:
                number += 1
                yield number, [c.strip() for c in row]
        except UnicodeDecodeError:
            label = "UTF-8" if self.encoding.startswith("utf") else "GBK"
            raise FileError(f"第 {number + 1} 行附近的内容不是 {label} 编码，文件可能混用了编码") from None
        except csv.Error as exc:
            raise FileError(f"第 {number + 1} 行 CSV 格式有误：{exc}") from None

    def fraction(self) -> float:
        try:
            return self.raw.tell() / self.size
        except (OSError, ValueError):
            return 0.0

    def close(self) -> None:
        self.text.close()


class XlsxTable(Table):
    encoding = "xlsx"

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook

        try:
            self.workbook = CalamineWorkbook.from_path(str(path))
            self.sheet = self.workbook.get_sheet_by_index(0)
        except Exception as exc:  # calamine raises its own errors for zip/xml damage
            raise FileError(f"无法读取 Excel 文件：{exc}") from None
        self.height = max(self.sheet.height, 1)
        self.done = 0

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(self.sheet.iter_rows(), start=1):
                self.done = number
                yield number, [cell(v) for v in row]
        except Exception as exc:
            raise FileError(f"读取 Excel 第 {self.done + 1} 行时出错：{exc}") from None

    def fraction(self) -> float:
        return self.done / self.height

    def restart(self) -> None:
        self.done = 0

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already closed
            self.workbook.close()


def refuse_active_content(head: bytes, suffix: str) -> None:
    """Refuse an import whose first bytes are not what its name says, before it is stored for good.

    An .xlsx must be a zip (a workbook); a .csv must be text: markup (HTML, SVG, XML: "<" first)
    or binary content (a NUL byte: programs, images, archives) is refused. Imports are parsed,
    never served back, but nothing of that kind has any business being stored as one."""
    if suffix == ".xlsx":
        if not head.startswith(b"PK\x03\x04"):
            raise FileError("文件扩展名为 .xlsx，但内容不是 Excel 工作簿")
    elif b"\x00" in head or head.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<"):
        raise FileError("文件内容不是 CSV 文本（疑似网页、图片或可执行程序），已拒绝")


def open_table(path: Path, name: str = "") -> Table:
    suffix = (name or path.name).lower().rsplit(".", 1)[-1]
    if suffix == "csv":
        return CsvTable(path)
    if suffix == "xlsx":
        with open(path, "rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                raise FileError("文件扩展名为 .xlsx，但内容不是 Excel 工作簿")
        return XlsxTable(path)
    raise FileError("只支持 .csv 或 .xlsx 文件（.xls 请先另存为 .xlsx）")
