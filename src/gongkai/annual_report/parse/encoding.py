"""Decoding text files: UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK.

Chinese government sites still publish GBK; GB18030 is its superset, so one codec reads
both. UTF-8 is tried first because GB18030 accepts almost any byte sequence.
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str | None]:
    """(text, warning). Never fails: undecodable bytes become U+FFFD with a warning."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:
                break
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec), None
        except UnicodeDecodeError:
            continue
    utf8 = data.decode("utf-8", errors="replace")
    gb = data.decode("gb18030", errors="replace")
    text = utf8 if utf8.count("\ufffd") <= gb.count("\ufffd") else gb
    return text, "文件编码无法完整识别，部分字符已替换为“\ufffd”"
