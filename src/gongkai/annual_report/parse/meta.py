"""Report metadata read from the text: table format, year, agency, title, publication date.

The format comes from the tables' own wording (column headers, the 2019-only rows), never
from the year: reports on 2021–2023 still sometimes use the 2019 tables. Only when no table
wording is visible at all does the year decide, and a warning says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from ..normalize import label_key

_SIGNALS_2021 = tuple(
    label_key(s)
    for s in (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "申请人无正当理由逾期不补正",
        "申请人逾期未按收费通知要求缴纳费用",
    )
)
_SIGNALS_2019 = tuple(
    label_key(s)
    for s in (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "其他对外管理服务事项",
        "第二十条第（九）项",
        "政府集中采购",
        "采购项目数量",
        "采购总金额",
    )
)
_CIRCULAR_2021 = re.compile(r"国办公开办函\s*〔\s*2021\s*〕\s*30\s*号")
_CIRCULAR_2019 = re.compile(r"国办公开办函\s*〔\s*2019\s*〕\s*60\s*号")


def detect_format(text: str, year: int | None) -> tuple[str | None, str | None]:
    """(format, warning). Table wording decides; the circular cited, then the year, break ties."""
    key = label_key(text)
    s21 = sum(1 for s in _SIGNALS_2021 if s in key)
    s19 = sum(1 for s in _SIGNALS_2019 if s in key)
    if s21 > s19:
        return "2021", None
    if s19 > s21:
        return "2019", None
    if s21:
        # As many signals of each: the report mixes formats; the checker says FMT-MIXED.
        return ("2021" if (year or 0) >= 2021 else "2019"), "表格同时含有2019年版和2021年版格式的特征"
    if _CIRCULAR_2021.search(text):
        return "2021", "表格不可见，依正文引用的国办公开办函〔2021〕30号判断格式"
    if _CIRCULAR_2019.search(text):
        return "2019", "表格不可见，依正文引用的国办公开办函〔2019〕60号判断格式"
    if year is not None:
        fmt = "2021" if year >= 2021 else "2019"
        return fmt, f"表格不可见，按报告年度{year}推定为{fmt}年版格式"
    return None, None


_TITLE_RE = re.compile(
    r"(?P<head>[^。;!?\n]{0,40}?)(?P<year>20\d{2})\s*年\s*(?:度)?\s*(?P<mid>[^。;!?\n]{0,30}?)"
    r"(?:政府)?(?:政务)?信息公开(?:工作)?(?:年度)?(?:情况)?(?:报告|年报)"
)
_PERIOD_RE = re.compile(r"统计(?:期限|周期|时限|时间|区间)[^。\n]{0,12}?(20\d{2})\s*年\s*1\s*月\s*1\s*日")
_ANY_YEAR_RE = re.compile(r"(20\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:发布|印发))")
_NIANBAO_RE = re.compile(r"(20\d{2})\s*年报")
_NOT_AGENCY_PREFIX_RE = re.compile(
    r"^(?:.*(?:[。,，:：;；》”])\s*)?(?:现将|现公布|现发布|特向社会公布|公布|发布|关于|根据|按照|标题)?\s*"
)
_AGENCY_SUFFIX_RE = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|管委会|局|委|厅|办|署|院|中心|所|站|队|处|会|乡|镇|街道|办事处|分局|区|县|市|州|盟|旗)$"
)
_PLACE_RE = re.compile(r"[\u4e00-\u9fff]{2,3}(?:省|市|州|盟)")
_DATE_LABEL_RE = re.compile(
    r"(发布日期|发布时间|公开日期|成文日期|生成日期|时间)\s*[:：]?\s*(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_SIGNATURE_DATE_RE = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


def find_title(lines: list[str]) -> tuple[str | None, re.Match[str] | None]:
    """The report's title and its match (year and agency come from it).

    A title may wrap after the agency name (``洪泽区人民政府`` / ``2023 年政府信息…年度报告``),
    so a title line that names no agency is joined to a short line before it.
    """
    head = [re.sub(r"^\s*标题\s*[:：]\s*", "", line.strip()) for line in lines[:40] if line.strip()][:25]
    for i, line in enumerate(head):
        m = _title_match(line)
        if m is None and i + 1 < len(head) and len(line) <= 30:
            line = line + head[i + 1]
            m = _title_match(line)
        if m is None:
            continue
        if not (m.group("head").strip() or m.group("mid").strip()) and i > 0 and len(head[i - 1]) <= 24:
            joined = _title_match(head[i - 1] + line)
            if joined is not None:
                return joined.group().strip(), joined
        return m.group().strip(), m
    return None, None


def _title_match(text: str) -> re.Match[str] | None:
    m = _TITLE_RE.search(text)
    if m and len(text) <= 80 and "通知" not in text[: m.end()] and "《" not in text[: m.end()]:
        return m
    return None


def find_year(title_match: re.Match[str] | None, text: str) -> int | None:
    """The report year: the title, then the statistical period, then the most cited year."""
    if title_match:
        return int(title_match.group("year"))
    m = _PERIOD_RE.search(text)
    if m:
        return int(m.group(1))
    m = _NIANBAO_RE.search(text[:300])
    if m:
        return int(m.group(1))
    counts = Counter(int(y) for y in _ANY_YEAR_RE.findall(text[:20000]))
    if not counts:
        return None
    best = max(counts.values())
    # Ties go to the earlier year: improvement plans name the following year.
    return min(y for y, c in counts.items() if c == best)


def find_agency(title_match: re.Match[str] | None, text: str) -> str | None:
    """The agency named before the year in the title, completed with the place name if the text has it."""
    if not title_match:
        return None
    head = title_match.group("head").strip()
    head = _NOT_AGENCY_PREFIX_RE.sub("", head).strip()
    if not head:
        # "2019年上海市人民政府办公厅政府信息公开工作年度报告": the agency follows the year.
        head = title_match.group("mid").strip()
    head = re.sub(r"\s+", "", head)
    if not head or not _AGENCY_SUFFIX_RE.search(head) or len(head) > 30:
        return None
    return _with_place(head, text[:5000])


def _with_place(head: str, text: str) -> str:
    """``洪泽区人民政府`` → ``淮安市洪泽区人民政府`` when the text names the city before it."""
    if _PLACE_RE.match(head):
        return head
    for m in re.finditer(re.escape(head), text):
        before = text[max(0, m.start() - 4) : m.start()]
        for k in (3, 4):
            prefix = before[-k:]
            if len(prefix) == k and _PLACE_RE.fullmatch(prefix):
                return prefix + head
    return head


def find_published(lines: list[str], year: int | None) -> str | None:
    """Publication date: a labelled date near the top, else a signature date at the end."""
    for line in lines[:30]:
        m = _DATE_LABEL_RE.search(line)
        if m:
            date = _date(m.group(2), m.group(3), m.group(4))
            if date and (year is None or int(m.group(2)) in (year, year + 1)):
                return date
    for line in reversed([ln.strip() for ln in lines[-8:] if ln.strip()]):
        m = _SIGNATURE_DATE_RE.search(line)
        if m and len(line) <= 40:
            date = _date(*m.groups())
            if date and (year is None or int(m.group(1)) in (year, year + 1)):
                return date
    return None


def _date(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None
