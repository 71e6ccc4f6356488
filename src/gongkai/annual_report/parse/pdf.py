"""Text PDFs as lines for the text reader (pdfplumber).

Ruled tables come out cleanly from ``find_tables``; every other line of the page comes
from the text outside those tables, and both are put back in page order. pdfplumber also
reports page-border rectangles as one-column "tables" of body text: a table counts only if
some row has two cells with text. Section 三 continues on the next page as a second table;
the reader is label-driven, so the two parts join by themselves. A PDF without any text
is a scan and gets a clear error instead of an empty report.
"""

from __future__ import annotations

import io
from typing import Any

import pdfplumber

from ..model import ParseError, ScannedPDFError


def _row_line(row: list[str | None]) -> str | None:
    cells = [(c or "").replace("\n", "").replace("|", "/").strip() for c in row if c is not None]
    filled = [c for c in cells if c]
    if not filled:
        return None
    if len(filled) == 1 and len(cells) == 1:
        return filled[0]
    return "| " + " | ".join(cells) + " |"


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_lines(page: Any) -> list[str]:
    events: list[tuple[float, int, list[str]]] = []
    boxes = []
    for table in page.find_tables():
        rows = table.extract()
        if not any(sum(1 for c in row if c and c.strip()) >= 2 for row in rows):
            continue
        boxes.append(table.bbox)
        lines = [line for line in (_row_line(r) for r in rows) if line]
        events.append((table.bbox[1], 1, lines))
    text_page = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    for line in text_page.extract_text_lines():
        events.append((line["top"], 0, [line["text"]]))
    events.sort(key=lambda e: (e[0], e[1]))
    return [line for _, _, lines in events for line in lines]


def pdf_lines(data: bytes) -> list[str]:
    """Lines of a text PDF; table rows as pipe lines. Raises ScannedPDFError for image-only PDFs."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            out: list[str] = []
            chars = 0
            images = 0
            for page in pdf.pages:
                chars += len(page.chars)
                images += len(page.images)
                if page.chars:
                    out.extend(_page_lines(page))
    except ParseError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise ParseError(f"无法读取 PDF 文件：{type(exc).__name__}") from exc
    if chars == 0:
        if images:
            raise ScannedPDFError()
        raise ParseError("PDF 中没有可提取的文字")
    return out
