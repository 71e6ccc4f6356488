"""Reading an agency's existing catalog from CSV (UTF-8 or GBK) or XLSX, row by row, in Chinese.

Every row is checked before anything is written. By default one bad row stops the whole import;
the user may instead import the good rows. Errors name the row, the column and the value.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .actions import ImportRow
from .choices import ALL_CATEGORIES, ItemKind, Validity, categories_for_level
from .docno import DocNoError, normalize_doc_no
from .models import Item, Topic

COLUMNS = {
    "索引号": "index_no",
    "名称": "title",
    "内容概述": "summary",
    "发布机构": "publisher",
    "成文日期": "written_on",
    "发布日期": "published_on",
    "信息形成日期": "formed_on",
    "文号": "doc_no",
    "主题分类": "topic",
    "公开类别": "category",
    "信息类型": "kind",
    "有效性": "validity",
    "失效或废止日期": "invalid_on",
    "正文": "body",
}
REQUIRED = ("名称", "发布日期", "公开类别")
MAX_ROWS = 20_000
_KIND_NAMES = {label: value for value, label in ItemKind.choices} | {
    "规范性文件": ItemKind.NORMATIVE,
    "": ItemKind.GENERAL,
}
_VALIDITY_NAMES = {label: value for value, label in Validity.choices} | {"": ""}


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class Report:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    total: int = 0

    @property
    def bad_rows(self) -> int:
        return len({e.split("行", 1)[0] for e in self.errors})


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM, as Excel writes it) or GBK/GB18030 (as older systems export)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise ImportFileError("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV") from None


def read_table(name: str, data: bytes) -> list[list[Any]]:
    lower = name.lower()
    if lower.endswith(".csv"):
        return [row for row in csv.reader(io.StringIO(decode_csv(data)))]
    if lower.endswith(".xlsx"):
        from python_calamine import CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as exc:
            raise ImportFileError(f"无法读取 Excel 文件：{exc}") from None
    raise ImportFileError("只支持 .csv 或 .xlsx 文件")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not match:
        raise ValueError("不是有效日期，应写作 2024-05-01 或 2024年5月1日")
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError("不是有效日期") from None


def _category(value: str, allowed: dict[str, str]) -> str:
    text = value.strip()
    if text in allowed:
        return text
    by_label = {label: code for code, label in allowed.items()}
    if text in by_label:
        return by_label[text]
    if text.isdigit() and f"20.{int(text)}" in allowed:
        return f"20.{int(text)}"
    if text in ALL_CATEGORIES or text in ALL_CATEGORIES.values():
        raise ValueError("该公开类别不适用于本机关的层级")
    raise ValueError("不是《条例》第二十条、第二十一条规定的公开类别（可填序号 1–15 或类别全称）")


def _topics() -> dict[str, Topic]:
    lookup: dict[str, Topic] = {}
    second_names: dict[str, list[Topic]] = {}
    for topic in Topic.objects.filter(active=True).select_related("parent"):
        lookup[topic.code] = topic
        if topic.parent_id:
            lookup[f"{topic.parent.name}/{topic.name}"] = topic
            lookup[f"{topic.parent.name}›{topic.name}"] = topic
            second_names.setdefault(topic.name, []).append(topic)
        else:
            lookup[topic.name] = topic
    for name, topics in second_names.items():
        if len(topics) == 1 and name not in lookup:
            lookup[name] = topics[0]
    return lookup


def validate(agency, table: list[list[Any]]) -> Report:
    """Check every row; return the good rows and the errors (row numbers as the user sees them)."""
    report = Report()
    if not table:
        report.errors.append("文件为空")
        return report
    header = [_text(h).replace(" ", "") for h in table[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        report.errors.append(f"第 1 行（表头）：缺少必填列 {'、'.join(missing)}")
    if unknown:
        report.errors.append(
            f"第 1 行（表头）：无法识别的列 {'、'.join(unknown)}（可用列：{'、'.join(COLUMNS)}）"
        )
    if missing or unknown:
        return report
    body_rows = table[1:]
    if len(body_rows) > MAX_ROWS:
        report.errors.append(f"一次最多导入 {MAX_ROWS} 行，本文件有 {len(body_rows)} 行，请分批导入")
        return report
    allowed = dict(categories_for_level(agency.level))
    topics = _topics()
    seen_index: dict[str, int] = {}
    for offset, raw in enumerate(body_rows):
        line = offset + 2
        cells = {header[i]: raw[i] if i < len(raw) else "" for i in range(len(header)) if header[i]}
        if not any(_text(v) for v in cells.values()):
            continue
        report.total += 1
        errors: list[str] = []

        def error(
            column: str, message: str, *, _line: int = line, _cells: dict = cells, _errors=errors
        ) -> None:
            _errors.append(
                f"第 {_line} 行「{column}」：{message}（值：“{_text(_cells.get(column, ''))[:40]}”）"
            )

        values: dict[str, Any] = {}
        title = _text(cells.get("名称"))
        if not title:
            error("名称", "不能为空")
        elif len(title) > 300:
            error("名称", "超过 300 字")
        values["title"] = title
        dates: dict[str, date | None] = {}
        for column in ("成文日期", "发布日期", "信息形成日期", "失效或废止日期"):
            raw_value = cells.get(column)
            if _text(raw_value) == "":
                dates[column] = None
                if column == "发布日期":
                    error(column, "不能为空")
                continue
            try:
                dates[column] = parse_date(raw_value)
            except ValueError as exc:
                error(column, str(exc))
                dates[column] = None
        if dates["发布日期"] and dates["发布日期"] > date.today():
            error("发布日期", "晚于今天")
        if dates["信息形成日期"] and dates["成文日期"] and dates["信息形成日期"] < dates["成文日期"]:
            error("信息形成日期", "早于成文日期")
        try:
            values["doc_no"] = normalize_doc_no(_text(cells.get("文号")))
        except DocNoError as exc:
            error("文号", str(exc))
        try:
            values["category"] = _category(_text(cells.get("公开类别")), allowed)
        except ValueError as exc:
            error("公开类别", str(exc))
        topic_text = _text(cells.get("主题分类")).replace(" ", "").replace(">", "›")
        if topic_text:
            topic = topics.get(topic_text)
            if topic is None:
                error("主题分类", "不在主题分类表中（可填代码、一级名称，或“一级/二级”）")
            values["topic"] = topic
        kind = _KIND_NAMES.get(_text(cells.get("信息类型")))
        if kind is None:
            error("信息类型", "应为 一般信息、规章、行政规范性文件 或 政策解读")
        elif kind == ItemKind.RULE and not agency.has_rule_power:
            error("信息类型", "本机关没有规章制定权")
        values["kind"] = kind or ItemKind.GENERAL
        validity = _VALIDITY_NAMES.get(_text(cells.get("有效性")))
        if validity is None:
            error("有效性", "应为 有效、失效 或 废止")
            validity = ""
        if validity and values["kind"] not in (ItemKind.RULE, ItemKind.NORMATIVE):
            error("有效性", "只有规章和行政规范性文件填写有效性")
        if validity in (Validity.EXPIRED, Validity.REPEALED) and not dates["失效或废止日期"]:
            error("失效或废止日期", f"有效性为“{Validity(validity).label}”时必填")
        index_no = _text(cells.get("索引号"))
        if index_no:
            if len(index_no) > 60 or not re.fullmatch(r"[0-9A-Za-z/\-]+", index_no):
                error("索引号", "格式不正确")
            elif index_no in seen_index:
                error("索引号", f"与第 {seen_index[index_no]} 行重复")
            elif Item.objects.filter(index_no=index_no).exists():
                error("索引号", "已被使用（索引号不能重复）")
            seen_index.setdefault(index_no, line)
        for column in ("内容概述", "发布机构", "正文"):
            values[COLUMNS[column]] = _text(cells.get(column))
        if len(values["publisher"]) > 100:
            error("发布机构", "超过 100 字")
        if errors:
            report.errors += errors
            continue
        published_on = dates["发布日期"]
        values["written_on"] = dates["成文日期"]
        values["formed_on"] = dates["信息形成日期"] or dates["成文日期"] or published_on
        report.rows.append(
            ImportRow(
                line=line,
                index_no=index_no,
                fields=values,
                published_on=published_on,
                validity=validity,
                invalid_on=dates["失效或废止日期"],
            )
        )
    return report


def template_csv() -> bytes:
    """An empty import file with the header row and one example, for download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(COLUMNS))
    writer.writerow(
        [
            "",
            "关于印发某某管理办法的通知",
            "印发某某管理办法",
            "",
            "2024-03-01",
            "2024-03-05",
            "",
            "某发〔2024〕3号",
            "综合政务/政务公开",
            "1",
            "行政规范性文件",
            "有效",
            "",
            "正文第一段。",
        ]
    )
    return buffer.getvalue().encode("utf-8-sig")
