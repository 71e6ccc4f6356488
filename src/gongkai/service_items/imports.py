"""Reading 政务服务事项 in bulk from an XLSX workbook (python-calamine), with Chinese errors per row.

The workbook has two sheets: 事项 (one row per item) and 申请材料 (one row per material, linked by
事项编码). Every row is checked before anything is written; errors name the sheet, the row, the
column and the value. By default one bad row stops the whole import; the user may instead import
the items whose rows are all good (`partial`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .actions import LABELS, ImportRow, clean_item_fields, clean_material_fields
from .choices import ItemType, Medium

ITEM_SHEET = "事项"
MATERIAL_SHEET = "申请材料"
ITEM_COLUMNS = {
    "事项编码": "code",
    "事项名称": "name",
    "事项类型": "item_type",
    "实施机关": "implementer",
    "设定依据": "basis",
    "受理条件": "conditions",
    "办理流程": "procedure",
    "法定办结时限": "legal_days",
    "承诺办结时限": "promised_days",
    "是否收费": "charges",
    "收费标准": "fee_standard",
    "收费依据": "fee_basis",
    "办理地点": "place",
    "办理时间": "hours",
    "咨询电话": "consult_phone",
    "监督投诉电话": "complaint_phone",
}
ITEM_REQUIRED = tuple(h for h in ITEM_COLUMNS if h not in ("实施机关", "是否收费", "收费标准", "收费依据"))
MATERIAL_COLUMNS = {
    "事项编码": "code",
    "材料名称": "name",
    "份数": "copies",
    "材料形式": "medium",
    "是否必需": "required",
    "要求说明": "note",
}
MATERIAL_REQUIRED = ("事项编码", "材料名称")
MAX_ROWS = 5_000
_TYPES = {label: value for value, label in ItemType.choices}
_MEDIA = {label: value for value, label in Medium.choices} | {"纸质和电子": Medium.EITHER, "": Medium.PAPER}
_YES = {"是", "有", "收费", "必需", "必要", "y", "yes", "true", "1"}
_NO = {"否", "无", "不收费", "非必需", "非必要", "容缺", "n", "no", "false", "0", ""}


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


@dataclass
class Report:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    total: int = 0
    bad_codes: set[str] = field(default_factory=set)

    @property
    def bad_rows(self) -> int:
        return self.total - len(self.rows)


def read_workbook(name: str, data: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet of an .xlsx file as rows of cell values."""
    if not name.lower().endswith(".xlsx"):
        raise ImportFileError("只支持 .xlsx 文件（请在 Excel 中另存为“Excel 工作簿”）")
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return {
            sheet: workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            for sheet in workbook.sheet_names
        }
    except Exception as exc:
        raise ImportFileError(f"无法读取 Excel 文件：{exc}") from None


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


def _header(value: Any) -> str:
    """ "法定办结时限（工作日）*" → "法定办结时限"."""
    text = re.sub(r"[（(][^）)]*[）)]", "", _text(value))
    return re.sub(r"[\s*＊:：]", "", text)


def _columns(header_row: list[Any], known: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    positions, unknown = {}, []
    for index, cell in enumerate(header_row):
        name = _header(cell)
        if name in known:
            positions[name] = index
        elif name:
            unknown.append(_text(cell))
    return positions, unknown


def _yes_no(value: str) -> bool | None:
    lowered = value.lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    return None


def _sheet(sheets: dict[str, list[list[Any]]], name: str, position: int) -> list[list[Any]] | None:
    if name in sheets:
        return sheets[name]
    names = list(sheets)
    return sheets[names[position]] if len(names) > position else None


def _rows(table: list[list[Any]]) -> list[tuple[int, list[Any]]]:
    return [(n, row) for n, row in enumerate(table[1:], 2) if any(_text(c) for c in row)]


def validate(sheets: dict[str, list[list[Any]]]) -> Report:
    """Check both sheets; each good item becomes an ImportRow with its materials."""
    report = Report()
    items_table = _sheet(sheets, ITEM_SHEET, 0)
    materials_table = _sheet(sheets, MATERIAL_SHEET, 1)
    if not items_table:
        raise ImportFileError(f"缺少“{ITEM_SHEET}”工作表，或该表为空")
    if not materials_table:
        raise ImportFileError(f"缺少“{MATERIAL_SHEET}”工作表（第二个工作表），或该表为空")
    item_cols, unknown = _columns(items_table[0], ITEM_COLUMNS)
    missing = [c for c in ITEM_REQUIRED if c not in item_cols]
    if missing:
        raise ImportFileError(f"“{ITEM_SHEET}”表缺少必需的列：{'、'.join(missing)}")
    if unknown:
        report.errors.append(f"“{ITEM_SHEET}”表有无法识别的列（已忽略）：{'、'.join(unknown)}")
    material_cols, unknown = _columns(materials_table[0], MATERIAL_COLUMNS)
    missing = [c for c in MATERIAL_REQUIRED if c not in material_cols]
    if missing:
        raise ImportFileError(f"“{MATERIAL_SHEET}”表缺少必需的列：{'、'.join(missing)}")
    if unknown:
        report.errors.append(f"“{MATERIAL_SHEET}”表有无法识别的列（已忽略）：{'、'.join(unknown)}")
    item_rows, material_rows = _rows(items_table), _rows(materials_table)
    if len(item_rows) > MAX_ROWS:
        raise ImportFileError(f"一次最多导入 {MAX_ROWS} 个事项，本文件有 {len(item_rows)} 个")
    report.total = len(item_rows)
    header_of = {key: header for header, key in ITEM_COLUMNS.items()}
    items: dict[str, ImportRow] = {}
    seen: dict[str, int] = {}
    for line, row in item_rows:
        values = {
            key: _text(row[item_cols[h]]) if item_cols.get(h, 99999) < len(row) else ""
            for h, key in ITEM_COLUMNS.items()
        }
        problems: list[str] = []
        raw_type = values["item_type"]
        values["item_type"] = _TYPES.get(raw_type, raw_type)
        charges = _yes_no(values["charges"])
        if charges is None:
            problems.append(f"“是否收费”应填“是”或“否”（实际为“{values['charges']}”）")
        values["charges"] = bool(charges)
        if not values["implementer"]:
            values.pop("implementer")
        data, errors = clean_item_fields(values)
        for key, message in errors.items():
            shown = raw_type if key == "item_type" else _text(values.get(key, ""))
            problems.append(f"“{header_of[key]}”：{message}" + (f"（实际为“{shown}”）" if shown else ""))
        code = data["code"]
        if code and code in seen:
            problems.append(f"“事项编码”：{code} 与第 {seen[code]} 行重复")
        seen.setdefault(code, line)
        if problems:
            report.errors += [f"“{ITEM_SHEET}”表第 {line} 行{p}" for p in problems]
            report.bad_codes.add(code)
            continue
        items[code] = ImportRow(line=line, fields=data)
    medium_names = "、".join(Medium.labels)
    for line, row in material_rows:
        values = {
            key: _text(row[material_cols[h]]) if material_cols.get(h, 99999) < len(row) else ""
            for h, key in MATERIAL_COLUMNS.items()
        }
        code = values.pop("code")
        problems = []
        medium = _MEDIA.get(values["medium"])
        if medium is None:
            problems.append(f"“材料形式”应为{medium_names}（实际为“{values['medium']}”）")
        values["medium"] = medium or Medium.PAPER
        required = _yes_no(values["required"] or "是")
        if required is None:
            problems.append(f"“是否必需”应填“是”或“否”（实际为“{values['required']}”）")
        values["required"] = bool(required)
        data, errors = clean_material_fields(values)
        for key, message in errors.items():
            problems.append(f"“{LABELS['material_' + key]}”：{message}")
        if code not in items and code not in report.bad_codes:
            problems.append(f"“事项编码”：“{ITEM_SHEET}”表中没有事项编码为“{code}”的事项")
        if problems:
            report.errors += [f"“{MATERIAL_SHEET}”表第 {line} 行{p}" for p in problems]
            if code in items:
                report.bad_codes.add(code)
                del items[code]
            continue
        if code in items:
            items[code].materials.append(data)
    for code, row in list(items.items()):
        if not row.materials:
            report.errors.append(
                f"“{ITEM_SHEET}”表第 {row.line} 行“事项编码”：“{MATERIAL_SHEET}”表中没有事项 {code} 的申请材料"
            )
            del items[code]
    report.rows = sorted(items.values(), key=lambda r: r.line)
    return report


def template_bytes() -> bytes:
    """An empty workbook with both sheets, their headers and one example item."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF6"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    headers = [
        "事项编码*",
        "事项名称*",
        "事项类型*",
        "实施机关",
        "设定依据*",
        "受理条件*",
        "办理流程*",
        "法定办结时限（工作日）*",
        "承诺办结时限（工作日）*",
        "是否收费",
        "收费标准",
        "收费依据",
        "办理地点*",
        "办理时间*",
        "咨询电话*",
        "监督投诉电话*",
    ]
    example = [
        "11130200000910020A4000117001",
        "食品经营许可（新办）",
        "行政许可",
        "",
        "《中华人民共和国食品安全法》第三十五条",
        "申请人具有与经营的食品品种、数量相适应的经营场所",
        "申请\n受理\n审查\n决定\n送达",
        20,
        5,
        "否",
        "",
        "",
        "政务服务中心一楼 12 号窗口",
        "法定工作日 8:30—12:00，14:30—17:30",
        "0315-0000011",
        "0315-12345",
    ]
    sheet = workbook.add_worksheet(ITEM_SHEET)
    sheet.write_row(0, 0, headers, bold)
    sheet.write_row(1, 0, example, wrap)
    sheet.set_column(0, len(headers) - 1, 18)
    materials = workbook.add_worksheet(MATERIAL_SHEET)
    materials.write_row(0, 0, ["事项编码*", "材料名称*", "份数", "材料形式", "是否必需", "要求说明"], bold)
    materials.write_row(1, 0, [example[0], "食品经营许可申请书", 1, "纸质", "是", "申请人签字或盖章"])
    materials.write_row(2, 0, [example[0], "营业执照复印件", 1, "纸质或电子", "是", "核验原件"])
    materials.set_column(0, 5, 20)
    workbook.close()
    return buffer.getvalue()
