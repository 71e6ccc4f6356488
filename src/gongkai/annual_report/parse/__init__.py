"""``parse``: read a published annual report from text, HTML, DOCX or PDF.

Every form is turned into normalised lines (tables as ``| … |`` rows) and read by one
label-driven reader (``text.py``). Bad input never escapes as anything but ``ParseError``.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from ..model import ParseError, Report
from ..normalize import normalize
from .encoding import decode
from .text import read_lines

__all__ = ["parse"]

_MAX_BYTES = 50 * 1024 * 1024


def _kind(data: bytes, filename: str | None) -> str:
    suffix = Path(filename).suffix.lower() if filename else ""
    if data[:1024].lstrip().startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF" in data[:1024]):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if suffix in (".html", ".htm", ".shtml", ".xhtml"):
        return "html"
    return "text"


def _read_source(
    source: str | bytes | os.PathLike[str], filename: str | None
) -> tuple[bytes | str, str | None]:
    """The content and a name: paths are read, text and bytes pass through."""
    if isinstance(source, os.PathLike):
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ParseError(f"无法读取文件 {path.name}：{exc.strerror or exc}") from exc
        return data, filename or path.name
    if isinstance(source, str) and "\n" not in source and len(source) < 1024:
        path = Path(source)
        try:
            if path.is_file():
                return path.read_bytes(), filename or path.name
        except (OSError, ValueError):
            pass
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), filename
    if isinstance(source, str):
        return source, filename
    raise ParseError(f"不支持的输入类型：{type(source).__name__}")


def _lines(content: bytes | str, name: str | None, warnings: list[str]) -> list[str]:
    from .html import html_lines, looks_like_html

    if isinstance(content, str):
        text = content
    else:
        if len(content) > _MAX_BYTES:
            raise ParseError("文件过大（超过 50 MB），不像是一份年度报告")
        kind = _kind(content, name)
        if kind == "pdf":
            from .pdf import pdf_lines

            return [normalize(line) for line in pdf_lines(content)]
        if kind == "zip":
            try:
                names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
            except zipfile.BadZipFile as exc:
                raise ParseError("文件是损坏的压缩包，无法读取") from exc
            if "word/document.xml" not in names:
                raise ParseError("不支持的文件类型：只能读取 DOCX、PDF、HTML 和文本格式的年度报告")
            from .docx import docx_lines

            return [normalize(line) for line in docx_lines(content)]
        if kind == "ole":
            raise ParseError("不支持旧版 Word（.doc）文件，请另存为 .docx 或 PDF 后再导入")
        text, warning = decode(content)
        if warning:
            warnings.append(warning)
    if not text.strip():
        raise ParseError("输入为空，没有可读取的内容")
    if looks_like_html(text):
        return [normalize(line) for line in html_lines(text)]
    return normalize(text).split("\n")


def parse(source: str | bytes | os.PathLike[str], *, filename: str | None = None) -> Report:
    """Read a report from a path, its text, or its file bytes (``filename`` hints the type).

    Returns what is visible, with warnings for what is not; raises ``ParseError`` (for a
    scanned PDF ``ScannedPDFError``) when nothing can be read.
    """
    content, name = _read_source(source, filename)
    warnings: list[str] = []
    try:
        lines = _lines(content, name, warnings)
        if not any(_has_cjk(line) for line in lines):
            raise ParseError("没有识别到中文内容，不像是一份政府信息公开工作年度报告")
        report = read_lines(lines, source_name=name)
    except ParseError:
        raise
    except RecursionError as exc:
        raise ParseError("文件结构嵌套过深，无法读取") from exc
    report.warnings[:0] = warnings
    return report


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
