"""文号 in GB/T 9704 form: 机关代字〔年份〕序号号, e.g. 国办发〔2017〕47号 (no leading zeros).

Imports bring [] 【】 （） () ［］ 〔〕 or ﹝﹞ around the year, a "第" before the number, spaces and
leading zeros; `normalize_doc_no` turns all of them into the one form, or says why it cannot.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_OPEN = "[［【（(〔﹝{｛"
_CLOSE = "]］】）)〕﹞}｝"
_PATTERN = re.compile(
    rf"^(?P<code>[^\s{re.escape(_OPEN)}]+?)\s*[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*第?\s*(?P<seq>\d+)\s*号?$"
)
FIRST_YEAR = 1949


class DocNoError(ValueError):
    """The value is not a 文号 in any form we recognise."""


def normalize_doc_no(value: str, *, today: date | None = None) -> str:
    """The GB/T 9704 form of `value` ("" stays ""); raises DocNoError with a Chinese reason."""
    raw = (value or "").strip()
    if not raw:
        return ""
    # Full-width digits become ASCII; the brackets are matched as they are.
    text = "".join(unicodedata.normalize("NFKC", c) if c.isdigit() else c for c in raw)
    match = _PATTERN.match(text)
    if not match:
        raise DocNoError(f"文号“{raw}”格式不正确，应为“机关代字〔年份〕序号号”，如 国办发〔2017〕47号")
    code, year, seq = match.group("code"), int(match.group("year")), int(match.group("seq"))
    this_year = (today or date.today()).year
    if not FIRST_YEAR <= year <= this_year + 1:
        raise DocNoError(f"文号“{raw}”中的年份 {year} 不合理")
    if seq == 0:
        raise DocNoError(f"文号“{raw}”中的序号不能为 0")
    return f"{code}〔{year}〕{seq}号"
