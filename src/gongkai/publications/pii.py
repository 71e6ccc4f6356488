"""The personal-data scanner run before review (law.md: never publish ID numbers, phones, bank accounts).

Pure Python, no Django. It finds 居民身份证号码 with a valid check digit (GB 11643), mainland
mobile numbers, and bank card numbers (16–19 digits) that pass the Luhn check. Digits inside longer
digit runs are not matched, so a 统一社会信用代码 or an order number does not trigger a false hit;
numbers written with spaces or dashes (138 0013 8000, 6222-0212-3456-7890) are found too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from gongkai.core.validators import check_id_number

ID_NUMBER = "id_number"
MOBILE = "mobile"
BANK_CARD = "bank_card"

_ID = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{16}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?(1[3-9][0-9](?:[ -]?[0-9]{4}){2})(?![0-9])")
_CARD = re.compile(r"(?<![0-9])([0-9]{4,6}(?:[ -]?[0-9]{3,13}){1,4})(?![0-9])")


@dataclass(frozen=True)
class Hit:
    kind: str
    value: str  # as written in the text
    start: int
    end: int

    @property
    def digits(self) -> str:
        return re.sub(r"[ -]", "", self.value).upper()

    @property
    def masked(self) -> str:
        return mask(self.kind, self.digits)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def mask(kind: str, digits: str) -> str:
    """ID `110105********002X`, mobile `138****8000`, card `6222 **** **** 7890` style (keep 4+4)."""
    if kind == ID_NUMBER:
        return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
    if kind == MOBILE:
        return digits[:3] + "****" + digits[-4:]
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def scan(text: str, *, today: date | None = None) -> list[Hit]:
    """Every hit in `text`, in order; overlapping candidates are resolved ID > card > mobile."""
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _ID.finditer(text):
        if check_id_number(match.group(1), today=today) is None:
            hits.append(Hit(ID_NUMBER, match.group(1), match.start(1), match.end(1)))
            taken.append((match.start(1), match.end(1)))
    for match in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", match.group(1))
        if 16 <= len(digits) <= 19 and luhn_ok(digits) and free(match.start(1), match.end(1)):
            hits.append(Hit(BANK_CARD, match.group(1), match.start(1), match.end(1)))
            taken.append((match.start(1), match.end(1)))
    for match in _MOBILE.finditer(text):
        if free(match.start(1), match.end(1)):
            hits.append(Hit(MOBILE, match.group(1), match.start(1), match.end(1)))
            taken.append((match.start(1), match.end(1)))
    return sorted(hits, key=lambda h: h.start)


def replace_hits(text: str, predicate) -> tuple[str, int]:
    """Replace every hit for which `predicate(hit)` is true by its masked form; returns (text, count)."""
    out: list[str] = []
    last = count = 0
    for hit in scan(text):
        if predicate(hit):
            out.append(text[last : hit.start])
            out.append(hit.masked)
            last = hit.end
            count += 1
    out.append(text[last:])
    return "".join(out), count


def context(text: str, hit: Hit, width: int = 20) -> str:
    """A short excerpt around `hit`, cut from the text with every hit masked (never a raw digit run)."""
    parts: list[str] = []
    last, length, new_start = 0, 0, hit.start
    for other in scan(text):
        parts.append(text[last : other.start])
        length += other.start - last
        if other.start == hit.start:
            new_start = length
        parts.append(other.masked)
        length += len(other.masked)
        last = other.end
    parts.append(text[last:])
    masked = "".join(parts)
    start, end = max(0, new_start - width), min(len(masked), new_start + len(hit.masked) + width)
    return re.sub(r"\s+", " ", masked[start:end]).strip()


def iter_kinds() -> Iterator[str]:
    yield from (ID_NUMBER, MOBILE, BANK_CARD)
