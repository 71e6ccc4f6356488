"""PDF output: the HTML document printed by WeasyPrint.

Without a CJK font WeasyPrint does not fail, it silently prints boxes; so after layout we
look at the fonts it actually used and refuse to return a PDF none of whose fonts is a
Chinese one.
"""

from __future__ import annotations

from ..model import Report, ReportError
from .html import render_document

MISSING_FONT_MESSAGE = "缺少中文字体：请安装 fonts-noto-cjk"
# Family names (as fontconfig reports them) of fonts that carry Chinese glyphs.
_CJK_FAMILY_MARKERS = (
    "CJK",
    "Source Han",
    "SimSun",
    "SimHei",
    "FangSong",
    "KaiTi",
    "WenQuanYi",
    "宋",
    "仿宋",
    "黑",
)


class MissingFontError(ReportError):
    """No Chinese font is installed, so the PDF would show boxes instead of text."""

    def __init__(self) -> None:
        super().__init__(MISSING_FONT_MESSAGE)


def render_pdf(report: Report) -> bytes:
    """Lay out and print the report; raises ``MissingFontError`` when no CJK font was used."""
    from weasyprint import HTML  # heavy: imported only when a PDF is asked for

    document = HTML(string=render_document(report)).render()
    pdf = document.write_pdf()
    families = {font.family for font in document.fonts.values()}
    if not any(marker in family for family in families for marker in _CJK_FAMILY_MARKERS):
        raise MissingFontError()
    return pdf
