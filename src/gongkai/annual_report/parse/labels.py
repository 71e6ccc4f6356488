"""Recognising the official row labels in whatever shape they reach us.

Labels are matched on their key (``normalize.label_key``: no spaces, punctuation or
brackets) and against the *end* of a text item, because in flattened text the label is
glued to the headers before it (``…现行有效件数规章000``). When no label ends the text,
a fuzzy match on the stretch from the last item number (``2.其他法律行政止公开`` from a PDF
that lost three characters, ``5.属于三类内部事务信`` cut by a line wrap) still finds the row.
All labels come from ``formats.py``; nothing here is spelled twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..formats import ALL_ROW_CODES, FORMAT_2019, FORMAT_2021, row_label
from ..normalize import label_key, label_key_without_notes

S2 = "s2"
S3_ROW = "s3"
S3_GROUP = "s3group"


@dataclass(frozen=True)
class LabelMatch:
    """What a text item names: a section-二 item, a section-三 row or a section-三 group."""

    kind: str
    code: str


def _section2_aliases() -> list[tuple[str, str]]:
    aliases: dict[str, str] = {}
    for fmt in (FORMAT_2021, FORMAT_2019):
        for item in fmt.section2:
            aliases.setdefault(label_key(item.label), item.key)
    # Both formats' wording for 规范性文件 appear under either format.
    aliases.setdefault(label_key("规范性文件"), "normative_documents")
    aliases.setdefault(label_key("行政规范性文件"), "normative_documents")
    return sorted(aliases.items(), key=lambda kv: -len(kv[0]))


def _row_key(code: str) -> str:
    label = row_label(code)
    # full_label prefixes the group for numbered rows; keep only the row's own label.
    return label_key(label.split(" ")[-1])


def _section3_aliases() -> list[tuple[str, LabelMatch]]:
    aliases: dict[str, LabelMatch] = {}
    for code in ALL_ROW_CODES:
        key = _row_key(code)
        match = LabelMatch(S3_ROW, code)
        aliases[key] = match
        if code in ("R1", "R2", "R4"):
            # 一、/二、/四、 are often dropped or mangled.
            aliases[key[1:]] = match
        elif code == "R3.2":
            aliases[label_key("（二）部分公开")] = match
        elif code in ("R3.7",):
            aliases[label_key("（七）合计")] = match
        elif re.match(r"\d", key) and code != "R3.6.3":
            aliases.setdefault(key[1:], match)
    for group in (
        "三、本年度办理结果",
        "本年度办理结果",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
    ):
        aliases[label_key(group)] = LabelMatch(S3_GROUP, label_key(group)[-4:])
    # （六）其他处理 is a row in the 2019 format and a group over three rows in 2021.
    aliases[label_key("（六）其他处理")] = LabelMatch(S3_ROW, "R3.6")
    return sorted(aliases.items(), key=lambda kv: -len(kv[0]))


_S2_ALIASES = _section2_aliases()
_S3_ALIASES = _section3_aliases()
# Canonical keys of numbered and lettered rows, for the fuzzy fallback.
_FUZZY_ROWS: tuple[tuple[str, str], ...] = tuple(
    (_row_key(code), code) for code in ALL_ROW_CODES if code not in ("R1", "R2", "R4")
)
_ANCHOR_RE = re.compile(r"[1-8一二三四五六七](?=[\u4e00-\u9fff])")


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


@lru_cache(maxsize=8192)
def match_section2(text: str) -> str | None:
    """The section-二 item whose label ends ``text`` (its notes in brackets ignored)."""
    for key in dict.fromkeys((label_key(text), label_key_without_notes(text))):
        if not key or len(key) > 80:
            continue
        for alias, item in _S2_ALIASES:
            if key.endswith(alias):
                return item
    return None


@lru_cache(maxsize=8192)
def match_section3(text: str, fuzzy: bool) -> LabelMatch | None:
    """The section-三 row or group named at the end of ``text``; ``fuzzy`` inside the table."""
    key = label_key(text)
    if not key:
        return None
    for alias, match in _S3_ALIASES:
        if key.endswith(alias):
            return match
    return _fuzzy_section3(key) if fuzzy else None


def _fuzzy_section3(key: str) -> LabelMatch | None:
    """Best row for the text from an item number on (tried from the last number backwards)."""
    anchors = [m.start() for m in _ANCHOR_RE.finditer(key)][-3:]
    for start in reversed(anchors):
        tail = key[start:]
        if len(tail) < 4 or len(tail) > 60:
            continue
        best: tuple[float, str] | None = None
        for canon, code in _FUZZY_ROWS:
            if canon[0] != tail[0]:
                continue
            score = 1.0 if len(tail) >= 5 and canon.startswith(tail) else _dice(tail, canon)
            if best is None or score > best[0]:
                best = (score, code)
        if best and best[0] >= 0.6:
            return LabelMatch(S3_ROW, best[1])
    return None


_S4_HEADER_RE = re.compile(
    r"(?:行政复议|行政诉讼|未经复议直接起诉|复议后起诉|结果|维持|纠正|其他|尚未|审结|总计|合计|[结果维持纠正其他尚未审总计])+"
)


def is_section4_header(text: str) -> bool:
    """Text made only of the section-四 table's header words (vertical headers included)."""
    key = label_key(text)
    return bool(key) and _S4_HEADER_RE.fullmatch(key) is not None
