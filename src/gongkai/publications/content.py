"""Body text and attachments: sanitising rich text, plain text for search and scanning, file checks.

Rich text is cleaned with nh3 (the Ammonia sanitiser) to a small set of tags a government page
uses; links get rel="noopener noreferrer" and only http(s)/mailto. Attachments are accepted by
extension AND by their first bytes (a renamed executable is refused), and their text is extracted
so the personal-data scanner sees it: PDF (pdfplumber), DOCX (python-docx), XLSX (python-calamine).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "h2", "h3", "h4", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "span", "div", "sub", "sup", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)


def sanitize_html(value: str) -> str:
    """Clean rich text; text without tags becomes paragraphs (one per line)."""
    value = (value or "").strip()
    if not value:
        return ""
    if not _TAG.search(value):
        paragraphs = [line.strip() for line in value.splitlines() if line.strip()]
        value = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def display_html(value: str) -> SafeString:
    """Rich text for a page, cleaned again on the way out: bodies are stored clean, but a restored
    backup or a direct database edit must still not make a page run script."""
    return mark_safe(sanitize_html(value))  # nh3 output is safe by construction


def html_to_text(value: str) -> str:
    """Plain text of sanitised HTML: block ends become line breaks, entities are decoded."""
    text = _BLOCK_END.sub("\n", value or "")
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return re.sub(r"[ \t\r\f\v]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()


# --- Attachments -----------------------------------------------------------------------------------

ALLOWED_EXTENSIONS = {"pdf", "ofd", "docx", "xlsx", "jpg", "jpeg", "png"}
TYPE_LABELS = {
    "pdf": "PDF",
    "ofd": "OFD",
    "docx": "Word",
    "xlsx": "Excel",
    "jpg": "图片",
    "jpeg": "图片",
    "png": "图片",
}


class AttachmentError(ValueError):
    """The file is refused; the message says why, in Chinese."""


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    text: str


def _zip_members(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()


def _magic_ok(extension: str, data: bytes) -> bool:
    if extension == "pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if extension in ("jpg", "jpeg"):
        return data[:3] == b"\xff\xd8\xff"
    if extension == "png":
        return data[:8] == b"\x89PNG\r\n\x1a\n"
    if not data.startswith(b"PK\x03\x04"):
        return False
    members = _zip_members(data)
    if extension == "docx":
        return "word/document.xml" in members
    if extension == "xlsx":
        return "xl/workbook.xml" in members
    if extension == "ofd":
        return any(m.upper() == "OFD.XML" for m in members)
    return False


def check_attachment(name: str, data: bytes, *, max_bytes: int) -> CheckedFile:
    """Refuse a file whose size, extension or first bytes are wrong; extract its text."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        allowed = "、".join(sorted(ALLOWED_EXTENSIONS))
        raise AttachmentError(f"不支持的附件类型“{extension or '无扩展名'}”，只接受 {allowed}")
    if not data:
        raise AttachmentError("附件为空文件")
    if len(data) > max_bytes:
        raise AttachmentError(f"附件超过大小上限 {max_bytes // (1024 * 1024)} MB")
    if not _magic_ok(extension, data):
        raise AttachmentError(f"文件内容与扩展名 .{extension} 不符，已拒绝")
    return CheckedFile(extension, extract_text(extension, data))


def extract_text(extension: str, data: bytes) -> str:
    """The text of a PDF, DOCX, XLSX or OFD (its XML text), "" for images or unreadable files."""
    try:
        if extension == "pdf":
            import pdfplumber

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return "\n".join((page.extract_text() or "") for page in pdf.pages[:200])
        if extension == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                parts += [cell.text for row in table.rows for cell in row.cells]
            return "\n".join(parts)
        if extension == "xlsx":
            from python_calamine import CalamineWorkbook

            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            rows = []
            for sheet in workbook.sheet_names:
                for row in workbook.get_sheet_by_name(sheet).to_python():
                    rows.append(" ".join(_cell_text(c) for c in row))
            return "\n".join(rows)
        if extension == "ofd":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts = []
                for member in archive.namelist():
                    if member.lower().endswith(".xml") and "content" in member.lower():
                        xml = archive.read(member).decode("utf-8", "replace")
                        texts += re.findall(r"<ofd:TextCode[^>]*>([^<]*)</ofd:TextCode>", xml)
                return "\n".join(html.unescape(t) for t in texts)
    except Exception:  # a damaged file still uploads; it just has no text to scan
        return ""
    return ""


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
