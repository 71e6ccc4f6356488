"""Recovering cells whose digits a crawler ran together (``21710000218`` → 217|1|0|0|0|0|218).

The split is a small constraint problem. A number never starts with 0 unless it is 0,
a ``-`` can only open a signed (增/减) cell, a decimal point belongs to the last part of its
digit run, and the table's own identities (a row's 总计 is the sum of its six columns, each
section-四 group's 总计 is the sum of its four parts) filter what is left. The enumeration
is depth-first with feasibility pruning and a node budget, and results are cached because
the same strings (``0000000``) recur row after row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

Number = int | float
Cells = tuple[Number | None, ...]

ROW_SUM = "row"  # last cell = sum of the others (section 三 rows)
GROUP_SUM = "group5"  # every 5th cell = sum of the 4 before it (section 四)

_NODE_BUDGET = 60_000
_MAX_CANDIDATES = 400
_GROUP_RE = re.compile(r"([+-]?)(\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class Split:
    """The readings of a run of digit groups; ``complete`` is False when the search gave up."""

    candidates: tuple[Cells, ...]
    complete: bool = True


def to_number(text: str) -> Number | None:
    """A printed cell value as a number (``+126`` → 126, ``1,234`` → 1234, ``523.15`` → 523.15)."""
    text = text.replace(",", "").strip()
    m = _GROUP_RE.fullmatch(text)
    if not m:
        return None
    sign, whole, frac = m.groups()
    value: Number = float(f"{whole}.{frac}") if frac else int(whole)
    return -value if sign == "-" else value


def _parse_groups(groups: Sequence[str | None]) -> list[tuple[str, str, str] | None] | None:
    out: list[tuple[str, str, str] | None] = []
    for g in groups:
        if g is None:
            out.append(None)
            continue
        m = _GROUP_RE.fullmatch(g.replace(",", ""))
        if not m:
            return None
        out.append((m.group(1), m.group(2), m.group(3) or ""))
    return out


def _rule_ok(rule: str | None, cells: list[Number | None], n: int) -> bool:
    """Check the identity that the last appended cell completes, if any."""
    k = len(cells)
    if rule == ROW_SUM and k == n:
        return cells[-1] == sum(c or 0 for c in cells[:-1])
    if rule == GROUP_SUM and k % 5 == 0:
        return cells[-1] == sum(c or 0 for c in cells[k - 5 : k - 1])
    return True


def _total_fits(col: int, n: int, length: int, widest: int, digits_after: int) -> bool:
    """Can a total still follow? It needs at least as many digits as the widest part."""
    if col == n - 1:
        return widest <= length <= widest + 1 or widest == 0
    need = max(widest, length)
    parts_left = n - 2 - col  # parts still to place before the total
    if digits_after < parts_left + need:
        return False
    return not (parts_left == 0 and digits_after > need + 1)


class _Budget(Exception):
    pass


def _enumerate(
    groups: list[tuple[str, str, str] | None],
    n: int,
    rule: str | None,
    signed: frozenset[int],
    decimal_cols: frozenset[int],
) -> Split:
    # max_after[i]: how many cells groups i.. can yield at most (one per digit, one per blank).
    max_after = [0] * (len(groups) + 1)
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        max_after[i] = max_after[i + 1] + (1 if g is None else len(g[1]))
    results: list[Cells] = []
    cells: list[Number | None] = []
    nodes = 0

    # With ROW_SUM the total is at least as long as any part and at most one digit longer.
    widest = [0]

    def rec(gi: int, pos: int) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > _NODE_BUDGET or len(results) > _MAX_CANDIDATES:
            raise _Budget
        if gi == len(groups):
            if len(cells) == n:
                results.append(tuple(cells))
            return
        col = len(cells)
        if col >= n:
            return
        g = groups[gi]
        if g is None:
            cells.append(None)
            if _rule_ok(rule, cells, n):
                rec(gi + 1, 0)
            cells.pop()
            return
        sign, digits, frac = g
        groups_after = len(groups) - gi - 1
        for length in range(1, len(digits) - pos + 1):
            part = digits[pos : pos + length]
            if length > 1 and part[0] == "0":
                break
            end = pos + length == len(digits)
            left_here = len(digits) - pos - length
            need_min = groups_after + (0 if end else 1)
            can_max = max_after[gi + 1] + left_here
            slots = n - col - 1
            if slots < need_min or slots > can_max:
                continue
            if rule == ROW_SUM and not _total_fits(col, n, length, widest[0], can_max):
                continue
            value: Number
            if end and frac:
                if col not in decimal_cols:
                    continue
                value = float(f"{part}.{frac}")
            else:
                value = int(part)
            if pos == 0 and sign == "-":
                if col not in signed:
                    continue
                value = -value
            cells.append(value)
            saved = widest[0]
            if col < n - 1:
                widest[0] = max(saved, length)
            if _rule_ok(rule, cells, n):
                if end:
                    rec(gi + 1, 0)
                else:
                    rec(gi, pos + length)
            widest[0] = saved
            cells.pop()

    try:
        rec(0, 0)
    except _Budget:
        return Split(tuple(results[:_MAX_CANDIDATES]), complete=False)
    return Split(tuple(results))


@lru_cache(maxsize=4096)
def split_cells(
    groups: tuple[str | None, ...],
    n: int,
    rule: str | None = None,
    signed: frozenset[int] = frozenset(),
    decimal_cols: frozenset[int] = frozenset(),
) -> Split:
    """All readings of ``groups`` (digit runs; ``None`` for a blank cell) as ``n`` cells.

    Each group yields at least one cell; group boundaries are certain (a separator or a
    sign was printed there). ``rule`` filters by the table identity. Unreadable groups
    give no candidates.
    """
    parsed = _parse_groups(groups)
    if parsed is None:
        return Split(())
    return _enumerate(parsed, n, rule, signed, decimal_cols)
