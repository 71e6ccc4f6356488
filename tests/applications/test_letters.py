"""Letters: DOCX with East Asian fonts, PDF with an embedded CJK font, editable templates per agency."""

from __future__ import annotations

import io
import re
from datetime import date

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from docx.oxml.ns import qn
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1

from gongkai.applications import actions, letters
from gongkai.applications.choices import LetterKind, ReplyKind

D = date


@pytest.fixture
def reply_letter(make_case, staff):
    case = make_case(D(2026, 9, 18))
    return actions.reply(
        case,
        acting_user=staff["clerk"],
        kind=ReplyKind.PARTIAL,
        on=D(2026, 10, 9),
        text="现提供删除商业秘密后的批复文件。",
        withheld_what="企业投资概算明细",
        withheld_ground=ReplyKind.WITHHOLD_THIRD_PARTY,
    )


def test_docx_sets_the_east_asian_font_on_every_run(reply_letter):
    document = Document(io.BytesIO(letters.to_docx(reply_letter, reply_letter.agency.name)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == reply_letter.agency.name and texts[1] == "政府信息公开申请答复书"
    assert texts[2] == reply_letter.number and texts[3] == "张伟："
    assert any("企业投资概算明细" in t for t in texts) and texts[-1] == "2026年10月9日"
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            fonts = run._r.rPr.rFonts
            assert fonts.get(qn("w:eastAsia")) in (letters.BODY_FONT, letters.TITLE_FONT), run.text
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def _embedded_fonts(data: bytes) -> set[str]:
    names: set[str] = set()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in PDFPage.create_pages(pdf.doc):
            for ref in (resolve1(page.resources.get("Font")) or {}).values():
                font = resolve1(ref)
                for desc in [resolve1(d) for d in resolve1(font.get("DescendantFonts")) or []] or [font]:
                    descriptor = resolve1(desc.get("FontDescriptor")) or {}
                    if any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3")):
                        names.add(str(desc.get("BaseFont")))
    return names


@pytest.mark.pdf
def test_pdf_embeds_a_cjk_font_and_reads_as_chinese(reply_letter):
    data = letters.to_pdf(reply_letter, reply_letter.agency.name)
    assert data.startswith(b"%PDF-")
    fonts = _embedded_fonts(data)
    assert any(re.search(r"Noto-?(Serif|Sans)-?CJK", name) for name in fonts), fonts
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages).replace("\n", "")
    assert "政府信息公开申请答复书" in text and "企业投资概算明细" in text and "六十日内" in text


def test_unknown_placeholders_are_refused():
    with pytest.raises(ValidationError) as exc:
        letters.check_template("{{申请人}}：{{申请人身份证号}}")
    assert "申请人身份证号" in str(exc.value)
    with pytest.raises(ValidationError):
        letters.check_template("{{申请人}：")
    letters.check_template("\n".join("{{" + name + "}}" for name in letters.PLACEHOLDERS))


def test_every_default_template_only_names_known_placeholders():
    for kind in LetterKind:
        template = letters.default_template(kind)
        letters.check_template(template.body)
        assert template.title.startswith("政府信息公开")


def test_an_agency_edits_its_template_and_prefix(make_case, staff, zone):
    with pytest.raises(PermissionDenied):
        actions.update_template(
            zone["a"], LetterKind.RECEIPT, acting_user=staff["clerk"], title="x", body="x"
        )
    actions.update_template(
        zone["a"],
        LetterKind.RECEIPT,
        acting_user=staff["admin"],
        title="政府信息公开申请接收回执",
        body="{{申请人}}：\n已于{{收到日期}}收到，编号{{申请编号}}，查询码{{查询码}}。",
    )
    actions.update_settings(
        zone["a"],
        acting_user=staff["leader"],
        letter_prefix="测审依申",
        review_body="测试高新区管委会",
        court="某区人民法院",
    )
    case = make_case(D(2026, 9, 18))
    receipt = case.letters.get()
    assert receipt.title == "政府信息公开申请接收回执" and receipt.number == "测审依申〔2026〕1号"
    assert receipt.body.startswith("张伟：\n已于2026年9月18日收到，编号2026-00001，查询码")
    other = make_case(D(2026, 9, 18), agency="b")
    assert other.letters.get().title == "政府信息公开申请登记回执"  # agency B keeps the default
    actions.reset_template(zone["a"], LetterKind.RECEIPT, acting_user=staff["admin"])
    assert actions.template_for(zone["a"], LetterKind.RECEIPT).title == "政府信息公开申请登记回执"
    letter = actions.reply(case, acting_user=staff["clerk"], kind=ReplyKind.NOT_EXIST, on=D(2026, 10, 9))
    assert "向测试高新区管委会申请行政复议" in letter.body and "向某区人民法院提起行政诉讼" in letter.body
