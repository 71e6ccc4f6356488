"""Letters of a case: templates with named placeholders, issued as text, printed to DOCX and PDF.

Templates are plain text with `{{占位符}}` (one paragraph a line), not Django templates: staff
edit them, so they may only name the values listed in `PLACEHOLDERS`, never reach into objects.
The issued text is kept with the letter (what was sent is evidence); DOCX and PDF are printed
from it on download, in the 公文 layout (GB/T 9704: A4, 仿宋 三号 body, 小标宋 title).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.html import escape

from .choices import LetterKind, ReplyKind

if TYPE_CHECKING:
    from .models import Letter

DEFAULTS_FILE = Path(__file__).with_name("data") / "letter_templates.json"
PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
LAW = "《中华人民共和国政府信息公开条例》"

# What each placeholder holds (shown to staff on the template editor).
PLACEHOLDERS: dict[str, str] = {
    "申请人": "申请人姓名或名称",
    "申请编号": "本案申请编号",
    "查询码": "申请人查询码（仅登记回执）",
    "提交日期": "申请提交日期",
    "收到日期": "收到申请日期（第三十一条）",
    "收到日期规则": "收到申请日期的认定规则",
    "所需信息": "所需信息名称（含文号）",
    "机关名称": "本机关全称",
    "工作机构": "政府信息公开工作机构",
    "机关地址": "办公地址",
    "联系电话": "联系电话",
    "成文日期": "文书日期",
    "答复天数": "法定答复期限（工作日）",
    "答复期限": "当前答复期限",
    "补正事项": "需要补正的内容",
    "补正期限": "补正截止日期",
    "延期天数": "延长的工作日数",
    "延期理由": "延期理由",
    "延迟理由": "第三十五条延迟答复的理由",
    "被征求意见方": "第三方或共同制作机关",
    "征求意见事项": "征求意见的具体事项",
    "征求意见依据": "第三十二条或第三十四条",
    "意见期限天数": "提出意见的期限（工作日）",
    "收费依据": "信息处理费的依据",
    "收费方式": "按件或按量",
    "收费计算": "费用的计算过程",
    "收费金额": "应缴金额（元）",
    "缴费天数": "缴费期限（工作日）",
    "答复类型": "答复类型的说明",
    "法律依据": "答复的法律依据",
    "答复内容": "经办人填写的答复内容",
    "不予公开内容": "部分公开时不予公开的内容",
    "不予公开理由": "不予公开的理由",
    "负责机关": "负责公开该信息的机关（非本机关）",
    "负责机关联系方式": "该机关的联系方式",
    "送达方式": "答复的送达方式",
    "载体形式": "提供信息的载体形式",
    "救济途径": "与答复类型相应的复议、诉讼告知",
}

# How the letter says what the office decided, per reply kind (used by 答复类型 / 不予公开理由).
REPLY_PHRASES: dict[str, str] = {
    ReplyKind.WITHHOLD_SECRET: "属于国家秘密",
    ReplyKind.WITHHOLD_LAW: "属于法律、行政法规禁止公开的政府信息",
    ReplyKind.WITHHOLD_SAFETY: "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    ReplyKind.WITHHOLD_THIRD_PARTY: "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    ReplyKind.WITHHOLD_INTERNAL: "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息",
    ReplyKind.WITHHOLD_PROCESS: "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息",
    ReplyKind.WITHHOLD_ENFORCEMENT: "属于行政执法案卷信息",
    ReplyKind.WITHHOLD_QUERY: "属于法律、行政法规对信息的获取有特别规定的行政查询事项",
    ReplyKind.NEEDS_CREATION: "您申请获取的政府信息需要本机关对现有政府信息进行加工、分析，属于没有现成信息需要另行制作的情形",
    ReplyKind.STILL_UNCLEAR: "您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息",
    ReplyKind.PETITION: "您的申请系以政府信息公开申请的形式进行信访、投诉、举报等活动",
    ReplyKind.PUBLICATION: "您申请获取的是政府公报、报刊、书籍等公开出版物，可通过公开发行渠道获取",
    ReplyKind.EXCESSIVE: "您申请公开政府信息的数量、频次明显超过合理范围，且未能说明合理理由",
    ReplyKind.CONFIRM: "您的申请系要求本机关确认或者重新出具您已获取的信息",
    ReplyKind.NO_CORRECTION: "您未在补正期限内补正申请，也未说明正当理由，视为放弃申请",
    ReplyKind.NO_FEE: "您未在收费通知要求的期限内缴纳信息处理费，视为放弃申请",
    ReplyKind.WITHDRAWN: "您已申请撤回该政府信息公开申请",
    ReplyKind.OTHER: "因下述情形",
}


@dataclass(frozen=True)
class TemplateText:
    title: str
    body: str


@cache
def _defaults() -> dict[str, dict[str, str]]:
    data = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def default_template(kind: str) -> TemplateText:
    spec = _defaults()[kind]
    return TemplateText(spec["title"], spec["body"])


def check_template(body: str) -> None:
    """Refuse a template that names a value we do not provide (a typo would print blank)."""
    unknown = sorted({m.group(1) for m in PLACEHOLDER.finditer(body)} - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(f"模板中有无法识别的占位符：{'、'.join(unknown)}")
    if "{{" in PLACEHOLDER.sub("", body) or "}}" in PLACEHOLDER.sub("", body):
        raise ValidationError("模板中的占位符不完整：应写作 {{占位符}}")


def fill(body: str, values: dict[str, str]) -> str:
    """Replace every placeholder; lines that end up empty are dropped."""
    text = PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), body)
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def legal_basis(basis: str) -> str:
    return f"{LAW}{basis}" if basis.startswith("第") else basis


def all_kinds() -> list[str]:
    return [k.value for k in LetterKind]


# --- Printing -------------------------------------------------------------------------------

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
PDF_FONTS = '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'
_CJK_MARKERS = ("CJK", "Source Han", "SimSun", "FangSong", "宋", "仿宋")


class MissingFontError(RuntimeError):
    def __init__(self) -> None:
        super().__init__("缺少中文字体：请安装 fonts-noto-cjk")


def _paragraphs(letter: Letter) -> tuple[str, list[str]]:
    lines = letter.body.splitlines()
    return (lines[0] if lines else ""), lines[1:]


def to_docx(letter: Letter, agency_name: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    def font(run, name: str, size: float, bold: bool = False) -> None:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = name
        fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), name)
        fonts.set(qn("w:hint"), "eastAsia")

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = document.styles["Normal"]
    style.font.size = Pt(16)
    style.font.name = BODY_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    def paragraph(text: str, *, align=None, indent: bool = False, name=BODY_FONT, size=16.0, bold=False):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        p.paragraph_format.line_spacing = Pt(28)
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        font(p.add_run(text), name, size, bold)
        return p

    paragraph(agency_name, align=WD_ALIGN_PARAGRAPH.CENTER, name=TITLE_FONT, size=22, bold=True)
    paragraph(letter.title, align=WD_ALIGN_PARAGRAPH.CENTER, name=TITLE_FONT, size=22, bold=True)
    paragraph(letter.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    salutation, body = _paragraphs(letter)
    paragraph(salutation)
    for line in body:
        paragraph(line, indent=True)
    paragraph("")
    paragraph(agency_name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(cn_date(letter.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_html(letter: Letter, agency_name: str) -> str:
    salutation, body = _paragraphs(letter)
    paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in body)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(letter.title)}</title>
<style>
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: {PDF_FONTS}; font-size: 16pt; line-height: 28pt; }}
h1 {{ font-size: 22pt; text-align: center; margin: 0; line-height: 1.5; font-weight: bold; }}
.number {{ text-align: center; margin: 8pt 0 16pt; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
p.salutation {{ text-indent: 0; }}
.sign {{ text-align: right; margin-top: 28pt; text-indent: 0; }}
</style></head><body>
<h1>{escape(agency_name)}</h1><h1>{escape(letter.title)}</h1>
<div class="number">{escape(letter.number)}</div>
<p class="salutation">{escape(salutation)}</p>
{paragraphs}
<p class="sign">{escape(agency_name)}<br>{cn_date(letter.issued_on)}</p>
</body></html>"""


def to_pdf(letter: Letter, agency_name: str) -> bytes:
    """Print with WeasyPrint; refuse a PDF whose text would be boxes for want of a CJK font."""
    from weasyprint import HTML

    document = HTML(string=to_html(letter, agency_name)).render()
    pdf = document.write_pdf()  # fills document.fonts with the fonts actually used
    if not any(marker in font.family for font in document.fonts.values() for marker in _CJK_MARKERS):
        raise MissingFontError()
    return pdf
