"""Record-set definitions as data: the national 双公示 templates, code lists, and agency-defined sets.

Pure Python (no Django). `credit/data/templates.json` holds the fields of 行政许可 (XK_), 行政处罚
(CF_) and 行政强制 (QZ_) with their types, required and conditional rules, code lists and the
2016-era legacy headers; an agency-defined set (水费, 燃气费, 行政管理信用信息 …) is the same shape
built from its field list. `Schema.match_headers` recognises a file's header row: field codes
(`XK_XDR_MC`), Chinese names (`行政相对人名称`), the legacy template, or the agency's remembered
mapping of its own headers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
BUILTIN_KEYS = ("xk", "cf", "qz")
FIELD_TYPES = {
    "text": "文本",
    "date": "日期",
    "amount": "金额（万元）",
    "decimal": "数值",
    "integer": "整数",
    "choice": "代码（选项）",
    "multichoice": "多选代码（以分号分隔）",
    "credit_code": "统一社会信用代码",
    "org_code": "组织机构代码",
    "id_number": "证件号码",
}
# Types an agency may use in its own sets (choice needs its options listed).
CUSTOM_TYPES = ("text", "date", "decimal", "amount", "integer", "choice", "credit_code", "id_number")
# Columns the error report adds; a corrected report can be imported again as it is.
REPORT_COLUMNS = frozenset({"原行号", "错误说明"})
ROLES = {
    "doc_no": "唯一编号（文书号）",
    "subject_name": "主体名称",
    "subject_code": "主体统一社会信用代码",
    "decision_date": "业务日期（决定日期）",
}


def normalize_header(text: Any) -> str:
    """Header cells compare after NFKC (full-width brackets), without spaces, asterisks or quotes."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = re.sub(r"[\s*\"'“”]", "", value)
    return value.upper()


@dataclass(frozen=True)
class Field:
    code: str
    name: str
    type: str
    required: bool = False
    max: int | None = None
    list: str | None = None
    options: tuple[str, ...] = ()
    public: bool = False
    pii: bool = False
    ext: bool = False
    aliases: tuple[str, ...] = ()
    default: str | None = None
    required_when: dict | None = None
    empty_when: dict | None = None
    placeholder_when: dict | None = None
    type_field: str | None = None
    not_future: bool = False
    not_before: str | None = None
    long_term: bool = False
    max_value: float | None = None

    @classmethod
    def from_dict(cls, spec: dict) -> Field:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in spec.items() if k in known}
        values["aliases"] = tuple(spec.get("aliases", ()))
        values["options"] = tuple(spec.get("options", ()))
        return cls(**values)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"code": self.code, "name": self.name, "type": self.type}
        if self.required:
            out["required"] = True
        if self.options:
            out["options"] = list(self.options)
        if self.public:
            out["public"] = True
        if self.pii:
            out["pii"] = True
        return out

    @property
    def type_label(self) -> str:
        return FIELD_TYPES.get(self.type, self.type)


@dataclass
class HeaderMatch:
    """How each column of a file maps to a field (None: ignored), and what is wrong with the header."""

    columns: list[tuple[int, str]] = field(default_factory=list)
    appends: list[tuple[int, str]] = field(default_factory=list)  # legacy "处罚类别2" joins "处罚类别1"
    template: str = "current"  # current | legacy | mapped
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required field codes with no column and no default
    duplicated: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.missing or self.duplicated)


@dataclass
class Schema:
    key: str
    name: str
    kind: str  # licensing | penalty | coercion | custom
    public: bool
    fields: tuple[Field, ...]
    roles: dict[str, str]
    legacy: dict | None = None

    def __post_init__(self) -> None:
        self.by_code = {f.code: f for f in self.fields}
        self.lookup: dict[str, str] = {}
        for f in self.fields:
            for label in (f.code, f.name, *f.aliases):
                self.lookup.setdefault(normalize_header(label), f.code)
        self.legacy_lookup: dict[str, str | None] = {}
        if self.legacy:
            self.legacy_lookup = {normalize_header(h): c for h, c in self.legacy["headers"].items()}

    def role(self, name: str) -> str | None:
        return self.roles.get(name)

    @property
    def doc_no_field(self) -> Field:
        return self.by_code[self.roles["doc_no"]]

    def match_headers(self, headers: list[Any], remembered: dict[str, str] | None = None) -> HeaderMatch:
        remembered = {normalize_header(k): v for k, v in (remembered or {}).items()}
        match = HeaderMatch()
        seen: dict[str, int] = {}
        legacy_hits = 0
        for index, raw in enumerate(headers):
            key = normalize_header(raw)
            if not key or key in REPORT_COLUMNS:
                continue
            code: str | None
            if key in remembered:
                code = remembered[key] or None
                match.template = "mapped" if match.template == "current" else match.template
            elif key in self.lookup:
                code = self.lookup[key]
            elif key in self.legacy_lookup:
                code = self.legacy_lookup[key]
                legacy_hits += 1
            else:
                match.unknown.append(str(raw).strip())
                continue
            if code is None:
                continue
            if code.startswith("+"):
                match.appends.append((index, code[1:]))
                continue
            if code not in self.by_code:
                match.unknown.append(str(raw).strip())
                continue
            if code in seen:
                match.duplicated.append(str(raw).strip())
                continue
            seen[code] = index
            match.columns.append((index, code))
        if legacy_hits and "subject_category" in self.roles and self.roles["subject_category"] not in seen:
            match.template = "legacy"
        derived = (
            set(self.legacy.get("copy_if_blank", {})) if match.template == "legacy" and self.legacy else set()
        )
        if match.template == "legacy":
            derived |= {self.roles["subject_category"]}
            derived |= set((self.legacy or {}).get("amounts_from", {}))
        for f in self.fields:
            if f.required and f.code not in seen and f.default is None and f.code not in derived:
                match.missing.append(f.code)
        return match


@cache
def codelists() -> dict[str, dict]:
    return json.loads((DATA / "codelists.json").read_text(encoding="utf-8"))


@cache
def rules() -> dict[str, Any]:
    return json.loads((DATA / "rules.json").read_text(encoding="utf-8"))


@cache
def _templates() -> dict[str, Any]:
    return json.loads((DATA / "templates.json").read_text(encoding="utf-8"))["sets"]


@cache
def builtin(key: str) -> Schema:
    spec = _templates()[key]
    return Schema(
        key=key,
        name=spec["name"],
        kind=spec["kind"],
        public=spec["public"],
        fields=tuple(Field.from_dict(f) for f in spec["fields"]),
        roles=dict(spec["roles"]),
        legacy=spec.get("legacy"),
    )


def builtin_names() -> dict[str, str]:
    return {key: _templates()[key]["name"] for key in BUILTIN_KEYS}


def custom(key: str, name: str, fields: list[dict], roles: dict[str, str], public: bool = False) -> Schema:
    return Schema(
        key=key,
        name=name,
        kind="custom",
        public=public,
        fields=tuple(Field.from_dict(f) for f in fields),
        roles=dict(roles),
    )


def check_custom_fields(fields: list[dict], roles: dict[str, str]) -> list[str]:
    """Problems of an agency's own field list (empty when it can be used)."""
    problems = []
    codes = [f.get("code", "") for f in fields]
    if not fields:
        problems.append("至少需要一个字段")
    for f in fields:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", f.get("code", "")):
            problems.append(
                f"字段编码 {f.get('code')!r} 应以字母开头，只含字母、数字和下划线，最长 40 个字符"
            )
        if not f.get("name"):
            problems.append(f"字段 {f.get('code')} 缺少名称")
        if f.get("type") not in CUSTOM_TYPES:
            problems.append(f"字段 {f.get('code')} 的类型 {f.get('type')!r} 不可用")
        if f.get("type") == "choice" and not f.get("options"):
            problems.append(f"字段 {f.get('code')} 为代码类型，须列出可选值")
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        problems.append(f"字段编码重复：{'、'.join(dupes)}")
    names = [f.get("name") for f in fields]
    dupe_names = sorted({n for n in names if n and names.count(n) > 1})
    if dupe_names:
        problems.append(f"字段名称重复：{'、'.join(dupe_names)}")
    key = roles.get("doc_no")
    if not key:
        problems.append("须指定一个字段作为唯一编号（用于重复导入时更新而不重复）")
    for role, code in roles.items():
        if code and code not in codes:
            problems.append(f"{ROLES.get(role, role)}所指字段 {code} 不存在")
    by_code = {f.get("code"): f for f in fields}
    if key in by_code and not by_code[key].get("required"):
        problems.append("唯一编号字段必须为必填")
    date_code = roles.get("decision_date")
    if date_code in by_code and by_code[date_code].get("type") != "date":
        problems.append("业务日期字段的类型须为日期")
    code_field = roles.get("subject_code")
    if code_field in by_code and by_code[code_field].get("type") != "credit_code":
        problems.append("主体统一社会信用代码字段的类型须为统一社会信用代码")
    return problems
