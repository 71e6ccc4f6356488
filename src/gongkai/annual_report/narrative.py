"""Counts stated in the narrative text of a report ("共受理申请2件", "行政复议三起").

The text-versus-table rules (TX-APPS, TX-LIT, TX-DOCS) compare these with the tables. The
patterns are deliberately tight: a number is only read when it directly follows the phrase
that names it, so "较上年增长2件" or "涉及自然人80件" are never taken for a total. A missed
statement costs nothing; a misread one would be a false error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９，", "0123456789,")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_HAS_FULLWIDTH = re.compile("[０-９]")


def cn_to_int(text: str) -> int:
    """Read a number written in Arabic or Chinese numerals: "12", "十二", "一百零五", "两千".

    Raises ValueError when the text is not a number.
    """
    text = text.strip().translate(_FULLWIDTH).replace(",", "")
    if not text:
        raise ValueError("空数字")
    if text.isdigit():
        return int(text)
    # Digit strings without units ("二〇二三") read positionally.
    if all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0  # completed 万 groups
    section = 0  # value below 万
    digit: int | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch == "万":
            total = (total + section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            raise ValueError(f"不是数字：{text}")
    return total + section + (digit or 0)


@dataclass(frozen=True)
class Stated:
    """One count stated in the text.

    ``kind`` names what is counted (see ``KINDS``); ``none`` marks a statement of absence
    ("未发生行政复议") whose value is 0; ``text`` is the matched phrase, quoted in messages.
    ``part`` marks a count of a part only ("其中…", "区政府办代表区政府受理…"): it may agree
    with a table total but cannot contradict it.
    """

    kind: str
    value: int
    text: str
    none: bool = False
    part: bool = False


KINDS = {
    "received": "收到申请",
    "processed": "办理申请",
    "closed": "办结申请",
    "carried_over": "上年结转",
    "carried_forward": "结转下年度",
    "result_granted": "予以公开",
    "result_partial": "部分公开",
    "result_public": "予以公开及部分公开",
    "result_withheld": "不予公开",
    "result_unavailable": "无法提供",
    "result_not_handled": "不予处理",
    "result_other": "其他处理",
    "reconsideration": "行政复议",
    "litigation": "行政诉讼",
    "docs_issued": "制发规范性文件",
    "docs_repealed": "废止规范性文件",
    "docs_valid": "现行有效规范性文件",
    "rules_issued": "制发规章",
    "rules_repealed": "废止规章",
    "rules_valid": "现行有效规章",
}

NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|[零〇○一二两三四五六七八九十百千万]+)"
_SP = r"[\s　]*"
# Fillers allowed between a noun and its number: "共", "共计", "数量为", "：" …
_FILL = r"(?:[\s　:：]|共计|总计|合计|累计|共|计|为|是|达|数量|总数)*"
_UNIT_APPS = r"(?:件|个|宗|份|条|次)"
_UNIT_CASES = r"(?:件|起|宗|个|次)"
_APPS = r"(?:政府)?信息公开申请|依申请公开(?:申请|事项)?|(?:各类)?申请"
# Between a verb and the 申请 noun: qualifiers like "通过邮寄、网络提交的各类", no clause break
# and no comparison word.
_QUAL = r"(?:(?![较比增减同环])[^。；;，,！!？?\n]){0,20}?"
_CLAUSE = r"[^。；;！!？?\n]"
_PHRASE = r"[^。；;，,！!？?\n]"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "共受理政府信息公开申请2件", "全年收到政府信息公开申请 34 件", "接收…申请共计81件"
    ("received", _rx(rf"(?:收到|受理|新收|接收|接到)(?:了)?{_QUAL}(?:{_APPS}){_FILL}{NUM}{_SP}{_UNIT_APPS}")),
    # "共收到70件申请", "收到申请三件" is above; "收到各类申请共三件" too.
    ("received", _rx(rf"(?:收到|受理|新收|接收|接到)(?:了)?{_FILL}{NUM}{_SP}{_UNIT_APPS}(?:{_APPS})")),
    ("processed", _rx(rf"办理(?:了)?{_QUAL}(?:{_APPS}){_FILL}{NUM}{_SP}{_UNIT_APPS}")),
    # "办结69件", "办结依申请公开81件", "答复政府信息公开申请805件"
    (
        "closed",
        _rx(
            rf"(?<![开理供])(?:办结|答复|处理完毕)(?:了)?(?:{_APPS})?{_FILL}{NUM}{_SP}{_UNIT_APPS}(?![^。；;，,]{{0,4}}结转)"
        ),
    ),
    # "上年结转 2 件", "含上年度结转申请18件"
    ("carried_over", _rx(rf"上一?年度?结转(?:的)?(?:{_APPS})?{_FILL}{NUM}{_SP}{_UNIT_APPS}")),
    # "结转下年度 6 件", "结转至2026年6件"
    (
        "carried_forward",
        _rx(
            rf"结转(?:至|到)?(?:下一?年度?|\d{{4}}年(?:度)?)(?:继续办理)?(?:的)?(?:{_APPS})?{_FILL}{NUM}{_SP}{_UNIT_APPS}"
        ),
    ),
    # "1件结转下年度继续办理", "另有72件申请按照《条例》顺延到下年度答复"
    (
        "carried_forward",
        _rx(rf"{NUM}{_SP}{_UNIT_APPS}(?:{_APPS})?{_PHRASE}{{0,15}}?(?:结转|顺延)(?:至|到)?下一?年度?"),
    ),
    ("result_granted", _rx(rf"(?:予以|同意)公开(?:答复)?{_FILL}{NUM}{_SP}件")),
    ("result_partial", _rx(rf"(?<![及和与、])部分公开(?:答复)?{_FILL}{NUM}{_SP}件")),
    ("result_public", _rx(rf"(?:予以|同意)公开(?:答复)?(?:及|和|与|、)部分公开(?:答复)?{_FILL}{NUM}{_SP}件")),
    ("result_withheld", _rx(rf"不予公开(?:答复)?{_FILL}{NUM}{_SP}件")),
    ("result_unavailable", _rx(rf"无法提供(?:答复)?{_FILL}{NUM}{_SP}件")),
    ("result_not_handled", _rx(rf"不予处理(?:答复)?{_FILL}{NUM}{_SP}件")),
    ("result_other", _rx(rf"其他处理(?:答复)?{_FILL}{NUM}{_SP}件")),
    # "行政复议36起", "行政复议案件2件"; not "行政复议、行政诉讼0件" (handled as both)
    ("reconsideration", _rx(rf"行政复议(?:案件|申请)?{_FILL}{NUM}{_SP}{_UNIT_CASES}")),
    ("litigation", _rx(rf"(?<!复议后)(?<!直接)诉讼(?:案件)?{_FILL}{NUM}{_SP}{_UNIT_CASES}")),
    # "动态更新本年度制发的规范性文件88件"; the gap may not name another column.
    (
        "docs_issued",
        _rx(
            rf"(?:制发|制定|出台|印发)(?:了|的)?(?:(?!现行|有效|废止|清理)[^。；;，,]){{0,10}}?规范性文件{_FILL}{NUM}{_SP}件"
        ),
    ),
    ("docs_repealed", _rx(rf"废止(?:了|的)?(?:行政)?规范性文件{_FILL}{NUM}{_SP}件")),
    ("docs_valid", _rx(rf"现行有效(?:的)?(?:行政)?规范性文件{_FILL}{NUM}{_SP}件")),
    ("rules_issued", _rx(rf"(?:制发|制定|出台|印发)(?:了|的)?(?:政府)?规章{_FILL}{NUM}{_SP}件")),
    ("rules_repealed", _rx(rf"废止(?:了|的)?(?:政府)?规章{_FILL}{NUM}{_SP}件")),
    ("rules_valid", _rx(rf"现行有效(?:的)?(?:政府)?规章{_FILL}{NUM}{_SP}件")),
)

# "行政复议、行政诉讼均为0件", "行政复议和行政诉讼0件": both are zero.
_BOTH_ZERO = _rx(
    rf"行政复议(?:案件)?[、和及与]行政诉讼(?:案件)?(?:均为|均|各|共|为|数量)*{_SP}[0零〇]{_SP}{_UNIT_CASES}"
)
# "未发生因政府信息公开引起的行政复议、行政诉讼", "年度无行政复议、行政诉讼的情况发生"
_ABSENCE = _rx(
    rf"(?:未(?:发生|收到|出现|产生|有|涉及)|没有(?:发生|收到|出现|产生)?|无)(?P<body>{_CLAUSE}{{0,25}}?(?:行政复议|行政诉讼|诉讼)(?:{_PHRASE}{{0,6}}?(?:复议|诉讼))?)(?P<tail>{_CLAUSE}{{0,8}})"
)
# "未被纠错", "败诉" after the absence phrase turn it into a statement about outcomes.
_OUTCOME = re.compile(r"纠错|纠正|败诉|撤销|被诉|确认违法")
# "未收到政府信息公开申请", "没有收到依申请公开申请事项"; not "未收到因…申请引发的行政复议"
_NO_APPS = _rx(
    rf"(?:未|没有)(?:收到|受理|接到)(?:{_QUAL})(?:{_APPS})(?!引发|引起|而|提起|行政|{_CLAUSE}{{0,6}}?\d)"
)


# Before a count, in the same clause: the count is of a part, not of the whole report.
_PART = re.compile(r"其中|代表")
_CLAUSE_START = re.compile(r"[。；;，,！!？?\n]")


def stated_counts(texts: Iterable[str]) -> list[Stated]:
    """Every count the texts state, in order of appearance."""
    out: list[Stated] = []
    for text in texts:
        if text:
            # str.translate is slow on long CJK text; most reports have no full-width digits.
            out.extend(_scan(text.translate(_FULLWIDTH_DIGITS) if _HAS_FULLWIDTH.search(text) else text))
    return out


def _scan(text: str) -> list[Stated]:
    found: list[tuple[int, Stated]] = []
    taken: list[tuple[int, int]] = []

    def add(pos: int, end: int, item: Stated) -> None:
        found.append((pos, item))
        taken.append((pos, end))

    for m in _BOTH_ZERO.finditer(text):
        add(m.start(), m.end(), Stated("reconsideration", 0, m.group(0), none=True))
        add(m.start(), m.end(), Stated("litigation", 0, m.group(0), none=True))
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            if any(s <= m.start("n") < e for s, e in taken):
                continue
            try:
                value = cn_to_int(m.group("n"))
            except ValueError:
                continue
            clause = _CLAUSE_START.split(text[max(0, m.start() - 30) : m.start()])[-1]
            part = bool(_PART.search(clause))
            found.append((m.start(), Stated(kind, value, m.group(0).strip(), part=part)))
    for m in _ABSENCE.finditer(text):
        if _OUTCOME.search(m.group("body") + m.group("tail")):
            continue
        body = m.group("body")
        if re.search(r"\d|[一二三四五六七八九十两]\s*[件起]", body):
            continue
        if "复议" in body and not any(s <= m.start() < e for s, e in taken):
            found.append((m.start(), Stated("reconsideration", 0, m.group(0), none=True)))
        if "诉讼" in body and not any(s <= m.start() < e for s, e in taken):
            found.append((m.start(), Stated("litigation", 0, m.group(0), none=True)))
    for m in _NO_APPS.finditer(text):
        found.append((m.start(), Stated("received", 0, m.group(0), none=True)))
    found.sort(key=lambda p: p[0])
    return [s for _, s in found]
