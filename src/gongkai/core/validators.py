"""Check digits of the national code standards (law.md), shared by every app.

Each `check_*` returns None when the code is valid and a Chinese reason otherwise, so imports
can list reasons per cell; the Django validators wrap them for model and form fields.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"
INDIVIDUAL_BUSINESS_PLACEHOLDER = "00000000000000000X"


def org_code_check_char(body: str) -> str:
    """GB 11714 check character for the 8-character body of a 组织机构代码."""
    total = sum(_org_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _org_value(char: str) -> int:
    if char.isdigit():
        return int(char)
    return ord(char) - ord("A") + 10


def check_org_code(code: str) -> str | None:
    if len(code) != 9 or not all(c.isdigit() or "A" <= c <= "Z" for c in code[:8]):
        return "组织机构代码应为 9 位（8 位数字或大写字母加 1 位校验码）"
    if org_code_check_char(code[:8]) != code[8]:
        return f"组织机构代码校验码错误：应为 {org_code_check_char(code[:8])}，实际为 {code[8]}"
    return None


def credit_code_check_char(body: str) -> str:
    """GB 32100 check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def check_credit_code(code: str, *, allow_placeholder: bool = False) -> str | None:
    """Validate a 统一社会信用代码, including the embedded 组织机构代码 (characters 9–17)."""
    if allow_placeholder and code == INDIVIDUAL_BUSINESS_PLACEHOLDER:
        return None
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，实际为 {len(code)} 位"
    bad = sorted({c for c in code if c not in CREDIT_CODE_CHARS})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用 I、O、Z、S、V）"
    expected = credit_code_check_char(code[:17])
    if expected != code[17]:
        return f"统一社会信用代码校验码错误：应为 {expected}，实际为 {code[17]}"
    org_problem = check_org_code(code[8:17])
    if org_problem:
        return f"统一社会信用代码第 9–17 位（组织机构代码）有误：{org_problem}"
    return None


def check_id_number(number: str, *, today: date | None = None) -> str | None:
    """Validate an 18-digit 居民身份证号码 (GB 11643): digits, a real past birth date, the check."""
    number = number.upper()
    if len(number) != 18 or not number[:17].isdigit():
        return "身份证号码应为 18 位（前 17 位为数字）"
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"身份证号码中的出生日期 {number[6:14]} 不是有效日期"
    if birth > (today or date.today()):
        return f"身份证号码中的出生日期 {birth:%Y-%m-%d} 晚于今天"
    expected = _ID_CHECK[sum(int(c) * w for c, w in zip(number, _ID_WEIGHTS, strict=False)) % 11]
    if expected != number[17]:
        return f"身份证号码校验码错误：应为 {expected}，实际为 {number[17]}"
    return None


def mask_id_number(number: str) -> str:
    """`110105********002X`: keep the region and the last four, as law.md prescribes."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def validate_credit_code(value: str) -> None:
    problem = check_credit_code(value)
    if problem:
        raise ValidationError(problem, code="credit_code")


def validate_id_number(value: str) -> None:
    problem = check_id_number(value)
    if problem:
        raise ValidationError(problem, code="id_number")
