"""DOCX reports as lines for the text reader.

Paragraphs and tables are read from the body XML in document order (python-docx opens the
package). A table row becomes a ``| … |`` line of its own cells: a cell spanning columns
is one ``w:tc`` and a vertically merged cell is printed only where its merge starts, the
same reading as HTML's colspan/rowspan.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ..model import ParseError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(el: etree._Element) -> str:
    """Text of a paragraph or cell; tabs and breaks as spaces, paragraphs of a cell run together."""
    out: list[str] = []
    for node in el.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        out.append((node.text or "") if node.tag == f"{_W}t" else " ")
    return "".join(out)


def _row_cells(tr: etree._Element) -> list[str]:
    cells: list[str] = []
    for tc in tr.iterchildren(f"{_W}tc"):
        vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
        if vmerge is not None and vmerge.get(f"{_W}val", "continue") != "restart":
            continue
        paragraphs = [_text(p) for p in tc.iterchildren(f"{_W}p")]
        cells.append("".join(paragraphs).replace("|", "/").strip())
    return cells


def _table_lines(tbl: etree._Element, out: list[str]) -> None:
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells = _row_cells(tr)
        if len(cells) == 1 and cells[0]:
            out.append(cells[0])
        elif any(cells):
            out.append("| " + " | ".join(cells) + " |")
        for tc in tr.iterchildren(f"{_W}tc"):
            for nested in tc.iterchildren(f"{_W}tbl"):
                _table_lines(nested, out)


def docx_lines(data: bytes) -> list[str]:
    """Lines of a DOCX document; table rows as pipe lines."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ParseError(f"无法读取 DOCX 文件：{exc}") from exc
    out: list[str] = []
    _block_lines(document.element.body, out)
    return out


def _block_lines(parent: etree._Element, out: list[str]) -> None:
    """Paragraphs and tables in order, looking inside content controls (``w:sdt``)."""
    for child in parent.iterchildren():
        if child.tag == f"{_W}p":
            text = _text(child).strip()
            if text:
                out.append(text)
        elif child.tag == f"{_W}tbl":
            _table_lines(child, out)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            _block_lines(child, out)
