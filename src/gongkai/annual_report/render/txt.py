"""Plain-text output: headings, paragraphs, and table rows as ``| cell | cell | … |``.

Each row lists the cells that start in it, as a browser's "save as text" of the HTML
would, which is also the most common layout of real reports copied from the web. The
outer bars keep a trailing empty cell visible: ``| 行政事业性收费 | 0 |  |`` would lose
its last cell as ``行政事业性收费 | 0 |`` once trailing spaces are trimmed.
"""

from __future__ import annotations

from ..model import Report
from .layout import Table, build

SEPARATOR = " | "


def _table_lines(table: Table) -> list[str]:
    return [f"| {SEPARATOR.join(cell.text for cell in row)} |" for row in table.rows()]


def render_text(report: Report) -> str:
    """The report as UTF-8 plain text, one blank line between blocks."""
    doc = build(report)
    blocks = [doc.title]
    for section in doc.sections:
        lines = [section.heading, *section.paragraphs]
        if section.table is not None:
            lines.extend(_table_lines(section.table))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
