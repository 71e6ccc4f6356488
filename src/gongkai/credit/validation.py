"""Checking one row of a record set against its field definitions (pure Python, no Django).

`Validator(schema, …).check(row)` takes a dict of field code → cell value and returns the
normalised values (dates as ISO strings, codes canonical, amounts in 万元 as plain decimals)
and the problems, each (field code, value, reason in Chinese). Everything that can be decided
once — converters, code-list lookups, conditional rules — is compiled in the constructor, so a
row costs a loop over its cells and a few closures: about 10 µs for a licensing row.

National code checks reuse `gongkai.core.validators`; the credit-code checksum has a fast path
here (a dict instead of `str.index`) that falls back to the core function for the reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.core.validators import (
    CREDIT_CODE_CHARS,
    INDIVIDUAL_BUSINESS_PLACEHOLDER,
    check_credit_code,
    check_id_number,
    check_org_code,
)

from . import periods
from .schema import Field, Schema, codelists, rules

Problem = tuple[str, Any, str]
MIN_YEAR, MAX_YEAR = 1949, 2099
_CC_VALUE = {c: i for i, c in enumerate(CREDIT_CODE_CHARS)}
_CC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUE = {c: (int(c) if c.isdigit() else ord(c) - 55) for c in CREDIT_CODE_CHARS}
_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_AMOUNT_RE = re.compile(r"\d{1,12}(?:\.\d{1,6})?")
_SPLIT_RE = re.compile(r"[;；,，、/|]")
_LONG_TERM_WORDS = frozenset({"长期", "长期有效", "永久", "永久有效", "无期限"})
_FINE_RE = re.compile(r"罚款(?:人民币)?\s*([0-9]+(?:\.[0-9]+)?)\s*(万)?元")


class Invalid(Exception):
    """A cell that cannot be accepted; `reason` is shown to the user."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def credit_code_ok(code: str) -> bool:
    """Exactly `check_credit_code(code) is None`, without building strings (the import's hot path)."""
    if len(code) != 18:
        return False
    value = _CC_VALUE
    try:
        total = 0
        for char, weight in zip(code, _CC_WEIGHTS, strict=False):
            total += value[char] * weight
        if (31 - total % 31) % 31 != value[code[17]]:
            return False
        org = 0
        for char, weight in zip(code[8:16], _ORG_WEIGHTS, strict=True):
            org += _ORG_VALUE[char] * weight
    except KeyError:
        return False
    check = 11 - org % 11
    expected = "X" if check == 10 else "0" if check == 11 else str(check)
    return expected == code[16]


def _norm(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def parse_date(value: Any, *, long_term: bool = False) -> str:
    """An ISO date string from the forms met in exports: 2024-05-01, 2024/5/1, 2024年5月1日,
    20240501, an Excel date cell, optionally with a time; 长期 = 2099-12-31 where allowed."""
    if type(value) is str:
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                day = date.fromisoformat(value)
            except ValueError:
                raise Invalid("不是有效日期") from None
        else:
            day = _slow_date(value, long_term)
    elif isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        raise Invalid("不是有效日期，应写作 2024-05-01")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise Invalid(f"日期超出合理范围（{MIN_YEAR}—{MAX_YEAR} 年）")
    return day.isoformat()


def _slow_date(value: str, long_term: bool) -> date:
    text = _norm(value)
    if text in _LONG_TERM_WORDS:
        if long_term:
            return date.fromisoformat(rules()["long_term_date"])
        raise Invalid("此处不能填写“长期”，应为具体日期")
    match = _DATE_RE.fullmatch(text) or _COMPACT_DATE_RE.fullmatch(text)
    if not match:
        raise Invalid("不是有效日期，应写作 2024-05-01 或 2024年5月1日")
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        raise Invalid("不是有效日期") from None


def _text_converter(f: Field) -> Callable[[Any], str]:
    limit = f.max or 4000

    def convert(value: Any) -> str:
        if type(value) is not str:
            value = value.isoformat() if isinstance(value, date) else str(value)
        if len(value) > limit:
            raise Invalid(f"超过最大长度 {limit} 个字符（实际 {len(value)} 个）")
        return value

    return convert


def _date_converter(f: Field) -> Callable[[Any], str]:
    long_term = f.long_term

    def convert(value: Any) -> str:
        return parse_date(value, long_term=long_term)

    return convert


def _amount_converter(f: Field) -> Callable[[Any], str]:
    limit = Decimal(str(f.max_value)) if f.max_value is not None else None
    in_wan = f.type == "amount"

    def convert(value: Any) -> str:
        text = _norm(str(value)) if type(value) is not str else value
        if in_wan and text.endswith("元"):
            if not text.endswith("万元"):
                raise Invalid("金额应以万元为单位，只填数字（如 0.5 表示 5000 元）")
            text = text[:-2].strip()
        text = text.replace(",", "")
        if not _AMOUNT_RE.fullmatch(text):
            if type(value) is float:
                text = format(Decimal(repr(value)), "f")
            if not _AMOUNT_RE.fullmatch(text):
                raise Invalid("应为不小于 0 的数字，最多 6 位小数" + ("（单位：万元）" if in_wan else ""))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise Invalid("不是有效数字") from None
        if limit is not None and amount > limit:
            raise Invalid(f"金额 {text} 万元超过 {limit} 万元，疑似按“元”填写，请换算为万元")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text

    return convert


def _integer_converter(f: Field) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if type(value) is float and value.is_integer():
            return str(int(value))
        text = str(value).strip().replace(",", "")
        if not re.fullmatch(r"-?\d{1,15}", text):
            raise Invalid("应为整数")
        return str(int(text))

    return convert


def _choice_table(f: Field) -> tuple[dict[str, str], list[str]]:
    if f.options:
        table = {_norm(o): o for o in f.options}
        return table, list(f.options)
    spec = codelists()[f.list or ""]
    table: dict[str, str] = {}
    store_code = spec["store"] == "code"
    for item in spec["items"]:
        stored = item["code"] if store_code else item["label"]
        for key in (item["label"], item["code"], *item.get("aliases", ())):
            table.setdefault(_norm(key), stored)
    allowed = [f"{i['code']} {i['label']}" if store_code else i["label"] for i in spec["items"]]
    return table, allowed


def _choice_converter(f: Field) -> Callable[[Any], str]:
    table, allowed = _choice_table(f)
    message = "不在代码表中，应为：" + "、".join(allowed)

    def convert(value: Any) -> str:
        found = table.get(value if type(value) is str else str(value))
        if found is None:
            found = table.get(_norm(str(value)))
            if found is None:
                raise Invalid(message)
        return found

    return convert


def _multichoice_converter(f: Field) -> Callable[[Any], str]:
    table, allowed = _choice_table(f)
    message = "含有不在代码表中的值 {}，应为：" + "、".join(allowed) + "（多个以分号分隔）"

    def convert(value: Any) -> str:
        out: list[str] = []
        for part in _SPLIT_RE.split(str(value)):
            part = _norm(part)
            if not part:
                continue
            found = table.get(part)
            if found is None:
                raise Invalid(message.format(part))
            if found not in out:
                out.append(found)
        if not out:
            raise Invalid("必填项为空")
        return ";".join(out)

    return convert


def _credit_code_converter(f: Field) -> Callable[[Any], str]:
    placeholder_ok = f.placeholder_when is not None

    def convert(value: Any) -> str:
        code = value.upper() if type(value) is str else str(value).upper()
        if credit_code_ok(code):
            return code
        if placeholder_ok and code == INDIVIDUAL_BUSINESS_PLACEHOLDER:
            return code
        code = _norm(code)
        if credit_code_ok(code):
            return code
        raise Invalid(check_credit_code(code) or "统一社会信用代码有误")

    return convert


def _org_code_converter(f: Field) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        code = _norm(str(value)).upper().replace("-", "")
        problem = check_org_code(code)
        if problem:
            raise Invalid(problem)
        return code

    return convert


def _id_converter(f: Field) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        text = _norm(str(value)).upper()
        if len(text) > 40:
            raise Invalid("证件号码过长")
        return text

    return convert


CONVERTERS: dict[str, Callable[[Field], Callable[[Any], str]]] = {
    "text": _text_converter,
    "date": _date_converter,
    "amount": _amount_converter,
    "decimal": _amount_converter,
    "integer": _integer_converter,
    "choice": _choice_converter,
    "multichoice": _multichoice_converter,
    "credit_code": _credit_code_converter,
    "org_code": _org_code_converter,
    "id_number": _id_converter,
}

Rule = Callable[[dict, dict, list], None]


class Validator:
    """A compiled checker for one schema, one agency (its name and code fill the agency fields
    left blank) and one day (`today`: decisions may not be later)."""

    def __init__(
        self,
        schema: Schema,
        *,
        today: date,
        agency_name: str = "",
        agency_code: str = "",
        legacy: bool = False,
    ) -> None:
        self.schema = schema
        self.today = today
        self.today_iso = today.isoformat()
        defaults = {"agency_name": agency_name, "agency_code": agency_code}
        self._plan: list[tuple[str, Callable[[Any], str], bool, str | None]] = []
        for f in schema.fields:
            default = defaults.get(f.default, f.default) if f.default is not None else None
            self._plan.append((f.code, CONVERTERS[f.type](f), f.required, default or None))
        self._rules: list[Rule] = [rule for f in schema.fields for rule in self._field_rules(f)]
        if schema.kind == "penalty":
            self._rules.append(self._period_rule())
        self.prepare: Callable[[dict], None] | None = self._legacy_adapter() if legacy else None

    # -- rules ------------------------------------------------------------------------------------

    def _label(self, code: str) -> str:
        return self.schema.by_code[code].name

    def _field_rules(self, f: Field) -> list[Rule]:
        """One closure per rule, each made by its own method so its variables are its own."""
        out: list[Rule] = []
        if f.required_when:
            out.append(self._required_when(f, f.required_when))
        if f.empty_when:
            out.append(self._empty_when(f, f.empty_when))
        if f.placeholder_when:
            out.append(self._placeholder(f, f.placeholder_when))
        if f.type == "id_number":
            out.append(self._id_number(f))
        if f.not_future:
            out.append(self._not_future(f))
        if f.not_before:
            out.append(self._not_before(f))
        return out

    def _required_when(self, f: Field, spec: dict) -> Rule:
        code, cond, label = f.code, spec["field"], self._label(spec["field"])
        if "in" in spec:
            values = frozenset(spec["in"])
            reason = f"{label}为{'或'.join(spec['in'])}时必填"

            def required_in(out_: dict, raw: dict, problems: list) -> None:
                if code not in out_ and not raw.get(code) and out_.get(cond) in values:
                    problems.append((code, "", reason))

            return required_in
        wanted = tuple(spec["contains"])
        reason = f"{label}含{'或'.join(wanted)}时必填"

        def required_contains(out_: dict, raw: dict, problems: list) -> None:
            if code not in out_ and not raw.get(code):
                have = out_.get(cond)
                if have and any(w in have.split(";") for w in wanted):
                    problems.append((code, "", reason))

        return required_contains

    def _empty_when(self, f: Field, spec: dict) -> Rule:
        code, cond, values = f.code, spec["field"], frozenset(spec["in"])
        reason = f"{self._label(cond)}为{'、'.join(spec['in'])}时不填写此项"

        def must_be_empty(out_: dict, raw: dict, problems: list) -> None:
            if code in out_ and out_.get(cond) in values:
                problems.append((code, out_[code], reason))

        return must_be_empty

    def _placeholder(self, f: Field, spec: dict) -> Rule:
        code, cond, values, requires = f.code, spec["field"], frozenset(spec["in"]), spec["requires"]
        wrong = f"占位代码 {INDIVIDUAL_BUSINESS_PLACEHOLDER} 只适用于{'、'.join(spec['in'])}"
        missing = f"使用占位代码 {INDIVIDUAL_BUSINESS_PLACEHOLDER} 时须填写{self._label(requires)}"

        def placeholder(out_: dict, raw: dict, problems: list) -> None:
            if out_.get(code) == INDIVIDUAL_BUSINESS_PLACEHOLDER:
                if out_.get(cond) not in values:
                    problems.append((code, INDIVIDUAL_BUSINESS_PLACEHOLDER, wrong))
                elif requires not in out_:
                    problems.append((requires, "", missing))

        return placeholder

    def _id_number(self, f: Field) -> Rule:
        code, type_field, today = f.code, f.type_field, self.today

        def id_number(out_: dict, raw: dict, problems: list) -> None:
            number = out_.get(code)
            if number is None:
                return
            kind = out_.get(type_field) if type_field else None
            if kind == "身份证" or (not kind and len(number) == 18 and number[:17].isdigit()):
                problem = check_id_number(number, today=today)
                if problem:
                    problems.append((code, number, problem))

        return id_number

    def _not_future(self, f: Field) -> Rule:
        code, today_iso = f.code, self.today_iso
        reason = f"{f.name}不得晚于今天（{today_iso}）"

        def not_future(out_: dict, raw: dict, problems: list) -> None:
            value = out_.get(code)
            if value is not None and value > today_iso:
                problems.append((code, value, reason))

        return not_future

    def _not_before(self, f: Field) -> Rule:
        code, name, other, other_label = f.code, f.name, f.not_before, self._label(f.not_before)

        def not_before(out_: dict, raw: dict, problems: list) -> None:
            value, start = out_.get(code), out_.get(other)
            if value is not None and start is not None and value < start:
                problems.append((code, value, f"{name}（{value}）早于{other_label}（{start}）"))

        return not_before

    def _period_rule(self) -> Rule:
        roles = self.schema.roles
        decided, until = roles["decision_date"], roles.get("public_until")
        severity, sector = roles.get("severity"), roles.get("sector")

        def period(out_: dict, raw: dict, problems: list) -> None:
            decision = out_.get(decided)
            if decision is None:
                return
            p = periods.penalty_period(
                date.fromisoformat(decision), out_.get(severity) or "一般", out_.get(sector) or ""
            )
            given = out_.get(until) if until else None
            if given is None:
                return
            day = date.fromisoformat(decision)
            low, high = p.earliest_end(day).isoformat(), p.last_day(day).isoformat()
            if given > high or (p.publish and given < low):
                window = f"不晚于 {high}" if not p.publish else f"应在 {low} 至 {high} 之间"
                problems.append((until, given, f"公示截止期{window}（{p.describe()}）"))

        return period

    # -- the 2016-era template -----------------------------------------------------------------------

    def _legacy_adapter(self) -> Callable[[dict], None]:
        legacy = self.schema.legacy or {}
        roles = self.schema.roles
        value_maps = legacy.get("values", {})
        copies = legacy.get("copy_if_blank", {})
        amounts = legacy.get("amounts_from", {})
        category, code_field = roles.get("subject_category"), roles.get("subject_code")
        id_field, id_type = roles.get("id_number"), roles.get("id_type")
        penalty_kinds = roles.get("penalty_kind", "")

        def adapt(raw: dict) -> None:
            for code, mapping in value_maps.items():
                value = raw.get(code)
                key = value if isinstance(value, str) else ("" if value is None else str(value))
                if key in mapping:
                    raw[code] = mapping[key]
            for target, source in copies.items():
                if not raw.get(target):
                    raw[target] = raw.get(source, "")
            if category and not raw.get(category):
                if raw.get(id_field) and not raw.get(code_field):
                    raw[category] = "自然人"
                    if id_type and not raw.get(id_type):
                        raw[id_type] = "身份证"
                elif raw.get(code_field) == INDIVIDUAL_BUSINESS_PLACEHOLDER:
                    raw[category] = "个体工商户"
                else:
                    raw[category] = "法人及非法人组织"
            for target, source in amounts.items():
                if not raw.get(target) and "罚款" in str(raw.get(penalty_kinds, "")):
                    match = _FINE_RE.search(str(raw.get(source, "")))
                    if match:
                        amount = Decimal(match.group(1))
                        raw[target] = str(amount if match.group(2) else amount / 10000)

        return adapt

    # -- the hot path ---------------------------------------------------------------------------------

    def check(self, raw: dict) -> tuple[dict[str, str], list[Problem]]:
        """Normalised values (only the non-empty ones) and the problems of one row."""
        if self.prepare is not None:
            self.prepare(raw)
        out: dict[str, str] = {}
        problems: list[Problem] = []
        for code, convert, required, default in self._plan:
            value = raw.get(code)
            if value is None or value == "":
                if default is not None:
                    out[code] = default
                elif required:
                    problems.append((code, "", "必填项为空"))
                continue
            try:
                out[code] = convert(value)
            except Invalid as exc:
                problems.append((code, value, exc.reason))
        for rule in self._rules:
            rule(out, raw, problems)
        return out, problems
