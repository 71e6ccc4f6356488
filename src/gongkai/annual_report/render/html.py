"""HTML output: a standalone HTML5 document, or just the body fragment for the portal.

The PDF is printed from this same markup, so the tables use real ``rowspan``/``colspan``
(the official merged cells) and a ``<thead>`` that WeasyPrint repeats on every page.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources import files

from ..model import Report
from .layout import REPORT_TITLE_SUFFIX, Cell, Document, Table, build

# Cell kind -> (tag, css class). Column headers and article bands are <th>, the rest <td>.
_TAGS: dict[str, tuple[str, str]] = {
    "head": ("th", ""),
    "article": ("th", "gk-article"),
    "label": ("td", "gk-label"),
    "vertical": ("td", "gk-vertical"),
    "num": ("td", "gk-num"),
}


@cache
def report_css() -> str:
    """The stylesheet (screen and print), so an embedding page can include it once."""
    return files(__package__).joinpath("static/report.css").read_text(encoding="utf-8")


def _cell(cell: Cell) -> str:
    tag, css = _TAGS[cell.kind]
    attrs = f' class="{css}"' if css else ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    return f"<{tag}{attrs}>{escape(cell.text)}</{tag}>"


def _rows(rows: list[list[Cell]]) -> str:
    return "\n".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)


def _table(table: Table) -> str:
    total = sum(table.widths)
    cols = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in table.widths)
    parts = [f'<table class="gk-table gk-{table.key}">', f"<colgroup>{cols}</colgroup>"]
    if table.head:
        parts.append(f"<thead>\n{_rows(table.head)}\n</thead>")
    parts.append(f"<tbody>\n{_rows(table.body)}\n</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


def _title(title: str) -> str:
    """Keep 政府信息公开工作年度报告 on one line, so a long title wraps after the year."""
    if title.endswith(REPORT_TITLE_SUFFIX) and title != REPORT_TITLE_SUFFIX:
        head = title.removesuffix(REPORT_TITLE_SUFFIX)
        return f'{escape(head)}<span class="gk-nowrap">{REPORT_TITLE_SUFFIX}</span>'
    return escape(title)


def _fragment(doc: Document) -> str:
    parts = ['<article class="gk-report">', f'<h1 class="gk-title">{_title(doc.title)}</h1>']
    for section in doc.sections:
        parts.append(f'<section class="gk-section" data-section="{section.numeral}">')
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        parts.extend(f"<p>{escape(p)}</p>" for p in section.paragraphs)
        if section.table is not None:
            parts.append(_table(section.table))
        parts.append("</section>")
    parts.append("</article>")
    return "\n".join(parts)


def render_fragment(report: Report) -> str:
    """The report as an ``<article>`` to embed in a page that also loads ``report_css()``."""
    return _fragment(build(report))


def render_document(report: Report) -> str:
    """The report as a complete HTML5 document with its stylesheet inlined."""
    doc = build(report)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc.title)}</title>\n<style>\n{report_css()}</style>\n</head>\n"
        f"<body>\n{_fragment(doc)}\n</body>\n</html>\n"
    )
