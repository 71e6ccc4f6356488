"""Rich text sanitising and attachment checks (extension AND magic bytes, size, text extraction)."""

import io

import pytest

from gongkai.publications.content import AttachmentError, check_attachment, html_to_text, sanitize_html

MB = 1024 * 1024


def test_scripts_handlers_and_javascript_links_are_removed():
    dirty = '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a><a href="https://www.gov.cn/">政府网</a></p><iframe src="x"></iframe>'
    clean = sanitize_html(dirty)
    assert (
        "script" not in clean
        and "onclick" not in clean
        and "javascript" not in clean
        and "iframe" not in clean
    )
    assert 'href="https://www.gov.cn/"' in clean and 'rel="noopener noreferrer"' in clean


def test_plain_text_becomes_escaped_paragraphs():
    assert sanitize_html("第一段 <b\n第二段 & 结束") == "<p>第一段 &lt;b</p><p>第二段 &amp; 结束</p>"


def test_html_to_text_keeps_paragraph_breaks():
    assert html_to_text("<p>甲&amp;乙</p><p>丙<br>丁</p>") == "甲&乙\n丙\n丁"


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "表格中的 13800138000"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(rows) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def test_docx_and_xlsx_text_is_extracted():
    checked = check_attachment("名单.docx", _docx("身份证 11010519491231002X"), max_bytes=MB)
    assert (
        checked.extension == "docx" and "11010519491231002X" in checked.text and "13800138000" in checked.text
    )
    checked = check_attachment("表.xlsx", _xlsx([["姓名", "电话"], ["张三", "13800138000"]]), max_bytes=MB)
    assert "13800138000" in checked.text


def test_pdf_text_is_extracted():
    weasyprint = pytest.importorskip("weasyprint")
    data = weasyprint.HTML(string="<p>ID 11010519491231002X</p>").write_pdf()
    checked = check_attachment("a.pdf", data, max_bytes=MB)
    assert "11010519491231002X" in checked.text.replace(" ", "")


def test_png_and_jpeg_by_magic_bytes():
    assert check_attachment("图.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, max_bytes=MB).extension == "png"
    assert check_attachment("照片.JPG", b"\xff\xd8\xff\xe0" + b"0" * 20, max_bytes=MB).extension == "jpg"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00", "不支持的附件类型"),
        ("伪装.pdf", b"MZ\x90\x00 not a pdf", "文件内容与扩展名"),
        ("伪装.docx", b"PK\x03\x04 broken zip", "文件内容与扩展名"),
        ("网页.html", b"<html>", "不支持的附件类型"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_refused_files(name, data, message):
    with pytest.raises(AttachmentError, match=message):
        check_attachment(name, data, max_bytes=MB)


def test_xlsx_renamed_to_docx_is_refused():
    with pytest.raises(AttachmentError, match="不符"):
        check_attachment("表.docx", _xlsx([["a"]]), max_bytes=MB)


def test_size_limit():
    with pytest.raises(AttachmentError, match="大小上限"):
        check_attachment("大.pdf", b"%PDF-1.7" + b"0" * (2 * MB), max_bytes=MB)
