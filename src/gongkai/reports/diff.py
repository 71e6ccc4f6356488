"""What changed between two compiled versions: cell by cell, in the report's Chinese labels."""

from __future__ import annotations

from typing import Any

from .sources import all_cells, value


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    """[{section, row, column, label, before, after}] for every cell whose number differs."""
    if not before:
        return []
    out = []
    for cell in all_cells():
        old, new = value(before, cell), value(after, cell)
        if old != new:
            out.append(
                {
                    "section": cell.section,
                    "row": cell.row,
                    "column": cell.column,
                    "label": cell.label,
                    "before": old,
                    "after": new,
                }
            )
    return out


def describe(change: dict[str, Any]) -> str:
    def show(v: Any) -> str:
        return "（未填写）" if v is None else str(v)

    return f"{change['label']}：{show(change['before'])} → {show(change['after'])}"
