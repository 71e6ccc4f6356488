"""HTML pages (and HTML kept inside a JavaScript string) as lines for the text reader.

Block elements become lines; each table row becomes one ``| a | b | c |`` line holding the
row's own cells. A cell spanning columns is printed once and a cell spanning rows only in
its first row: the reader is label-driven, so it needs each row's label and its numbers in
order, not the grid. Nested tables are read as tables of their own.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_BLOCK = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt"),
        *("fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td"),
        *("tfoot", "th", "thead", "title", "tr", "ul"),
    }
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg", "object"})
_TAG_RE = re.compile(r"<\s*(?:p|div|table|tr|td|br|span|h[1-6]|li|body|html)\b", re.IGNORECASE)
_JS_ESCAPES = (('\\"', '"'), ("\\'", "'"), ("\\/", "/"), ("\\r\\n", "\n"), ("\\n", "\n"), ("\\t", "\t"))
_WS_RE = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


def looks_like_html(text: str) -> bool:
    """Enough markup to be a page (or a page fragment in a string) rather than text."""
    head = text[:200_000]
    return len(_TAG_RE.findall(head, 0)) >= 3 or "<table" in head.lower()


def _unescape_js(text: str) -> str:
    """Undo string-literal escaping when the markup sits in a JavaScript string."""
    if '=\\"' not in text and "=\\'" not in text:
        return text
    for old, new in _JS_ESCAPES:
        text = text.replace(old, new)
    return text


def _cell_text(cell: etree._Element) -> str:
    parts: list[str] = []
    for node in cell.iter():
        if node is not cell and node.tag == "table":
            continue
        if isinstance(node.tag, str) and node.tag in _SKIP:
            continue
        if node.text and _inside_cell(node, cell):
            parts.append(node.text)
        if node is not cell and node.tail and _inside_cell(node.getparent(), cell):
            parts.append(node.tail)
    return _WS_RE.sub(" ", "".join(parts)).replace("\n", "").replace("|", "/").strip()


def _inside_cell(node: etree._Element | None, cell: etree._Element) -> bool:
    """True when ``node`` belongs to ``cell`` itself, not to a table nested in it."""
    while node is not None and node is not cell:
        if node.tag == "table":
            return False
        node = node.getparent()
    return node is cell


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.last_row: int | None = None

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def newline(self) -> None:
        line = _WS_RE.sub(" ", "".join(self.buf)).strip()
        self.lines.extend(part.strip() for part in line.split("\n") if part.strip())
        self.buf = []

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _SKIP:
            self.text(el.tail)
            return
        if tag == "table":
            self.newline()
            self.table(el)
            self.text(el.tail)
            return
        if tag == "br":
            self.newline()
            self.text(el.tail)
            return
        block = tag in _BLOCK
        if block:
            self.newline()
        self.text(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.newline()
        self.text(el.tail)

    def table(self, table: etree._Element) -> None:
        for tr in table.iter("tr"):
            if _owner_table(tr) is not table:
                continue
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            texts = [_cell_text(c) for c in cells]
            if len(texts) == 1 and texts[0]:
                self.lines.append(texts[0])
            elif any(texts):
                self.lines.append("| " + " | ".join(texts) + " |")
            self.last_row = len(self.lines) - 1 if any(texts) else self.last_row
            for c in cells:
                for nested in c.iter("table"):
                    if _owner_table(nested.getparent()) is table:
                        self.table(nested)


def _owner_table(el: etree._Element | None) -> etree._Element | None:
    while el is not None and el.tag != "table":
        el = el.getparent()
    return el


def html_lines(text: str) -> list[str]:
    """Lines of an HTML document; table rows as pipe lines."""
    text = _unescape_js(text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return text.splitlines()
    writer = _Writer()
    title = root.find(".//title")
    if title is not None and title.text:
        writer.lines.append(title.text.strip())
    writer.walk(root)
    writer.newline()
    lower = text.lower()
    if lower.rfind("<table") > lower.rfind("</table") and writer.last_row is not None:
        # The page stops inside a table: its last row was cut and lxml closed it silently.
        del writer.lines[writer.last_row]
    return writer.lines
