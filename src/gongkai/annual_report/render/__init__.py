"""Write a report in the official layout: HTML, DOCX, PDF or plain text.

All four share one layout (``layout.build``), so a merged cell or a label is decided once
and the outputs cannot drift apart; ``parse`` reads each of them back to the same numbers.
"""

from __future__ import annotations

from typing import Literal

from ..model import Report, ReportError
from .html import render_document, render_fragment, report_css
from .pdf import MISSING_FONT_MESSAGE, MissingFontError

Target = Literal["html", "docx", "pdf", "txt"]
TARGETS: tuple[str, ...] = ("html", "docx", "pdf", "txt")


def render(report: Report, to: Target) -> bytes:
    """The report as bytes of the given type (text types are UTF-8)."""
    if to == "html":
        return render_document(report).encode("utf-8")
    if to == "txt":
        from .txt import render_text

        return render_text(report).encode("utf-8")
    if to == "docx":
        from .docx import render_docx  # python-docx is loaded only when asked for

        return render_docx(report)
    if to == "pdf":
        from .pdf import render_pdf

        return render_pdf(report)
    raise ReportError(f"不支持的输出格式：{to!r}（可选 {'、'.join(TARGETS)}）")


__all__ = [
    "MISSING_FONT_MESSAGE",
    "TARGETS",
    "MissingFontError",
    "Target",
    "render",
    "render_document",
    "render_fragment",
    "report_css",
]
