"""What of a record the public may see (law.md, 双公示: natural persons).

Natural persons' ID numbers, home addresses, phones and bank accounts never leave the server: the
public view is built from a whitelist (the fields marked `public` in the template), never from
`data` as a whole. Their names are masked by the agency's rule; 个体工商户 and organisations are
shown as registered. Minors are not published at all (decided at import, see publication.py).
"""

from __future__ import annotations

import re

from gongkai.core.validators import check_id_number, mask_id_number

from .choices import NameMask
from .schema import Schema, rules

_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def scrub_text(text: str) -> str:
    """Free text (违法事实, 许可内容 …) may quote an ID number or a mobile phone: mask them."""
    text = _ID_NUMBER.sub(
        lambda m: m.group() if check_id_number(m.group()) else mask_id_number(m.group()), text
    )
    return _MOBILE.sub(lambda m: m.group()[:3] + "****" + m.group()[-4:], text)


def _surname_length(name: str) -> int:
    return 2 if len(name) > 2 and name[:2] in rules()["compound_surnames"] else 1


def mask_name(name: str, rule: str = NameMask.KEEP_SURNAME) -> str:
    """张三 → 张* ; 张三丰 → 张** (keep_surname), 张*丰 (keep_first_last), 张某某 (surname_title)."""
    name = (name or "").strip()
    if not name:
        return ""
    keep = _surname_length(name)
    if len(name) <= keep:
        return name[0] + "*"
    rest = len(name) - keep
    if rule == NameMask.KEEP_FIRST_LAST and rest >= 2:
        return name[:keep] + "*" * (rest - 1) + name[-1]
    if rule == NameMask.SURNAME_TITLE:
        return name[:keep] + "某" * min(rest, 2)
    return name[:keep] + "*" * rest


def display_name(record, rule: str) -> str:
    if record.subject_category == "自然人":
        return mask_name(record.subject_name, rule)
    return record.subject_name


def public_fields(record, schema: Schema, rule: str) -> list[tuple[str, str]]:
    """(label, value) pairs a member of the public may see, in template order."""
    out = []
    natural = record.subject_category == "自然人"
    name_code = schema.roles.get("subject_name")
    for f in schema.fields:
        if not f.public or f.pii:
            continue
        value = record.data.get(f.code, "")
        if not value:
            continue
        if f.code == name_code:
            value = display_name(record, rule)
        elif natural and f.type in ("credit_code", "org_code"):
            continue
        elif f.list == "record_state":
            value = {"1": "有效", "2": "无效"}.get(value, value)
        elif f.type == "amount":
            value = f"{value} 万元"
        elif value == rules()["long_term_date"] and f.long_term:
            value = "长期"
        elif f.type == "text":
            value = scrub_text(str(value))
        out.append((f.name, value))
    return out
