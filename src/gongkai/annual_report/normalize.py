"""Text normalisation shared by the parsers and the label matcher.

Published reports reach us as full-width or half-width text, simplified or traditional
characters (sometimes converted by a Taiwanese site that also changed vocabulary, 规范性文件 →
規範性檔案), with stray spaces inside labels (``商业 企业``), ``1、``/``1．`` item numbers and
inline pinyin (``區(qū)``). Everything is folded into one form first so that the parsers
compare like with like.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
# Words that zh-TW converters substitute (文件 → 檔案, 信息 → 資訊). OpenCC's tw2sp table would
# undo them but also rewrites mainland words that happen to be Taiwanese too (文件 → 文档), so
# only these are mapped back, and only in text that arrived in traditional characters.
_TW_WORDS = (("檔案", "文件"), ("資訊", "信息"), ("網路", "网络"), ("軟體", "软件"))

_CONTROL_RE = re.compile(
    r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\u2060\ufeff]"
)
_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”", "〝": "“", "〞": "”", "＂": '"'})
# A tone-marked syllable (or one with a tone digit) in brackets right after a Chinese character.
_PINYIN_RE = re.compile(
    r"(?<=[\u4e00-\u9fff])\(\s*(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ1-5])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[1-5]?\s*\)"
)
# "1、" and "1．" (NFKC turns the latter into "1.") both mean an item number.
_ITEM_COMMA_RE = re.compile(r"(?<![\d.])(\d)\s*、(?=\D)")
_CRLF_RE = re.compile(r"\r\n?")

# Characters that never matter when comparing labels.
_KEY_DROP_RE = re.compile(
    r"[\s\"'“”‘’`·•・,，、.。:：;；!！?？()（）\[\]【】〔〕{}《》<>〈〉/\\|_\-—–―~～*#=+]"
)
_PAREN_RE = re.compile(r"\([^()]*\)")


def has_traditional(text: str) -> bool:
    """True when the text holds characters that the t2s table would change."""
    return _T2S.convert(text) != text


def normalize(text: str) -> str:
    """Fold a report text into NFKC, simplified characters and one item-number style.

    Line structure is kept (the parsers rely on it); only characters change.
    """
    text = _CRLF_RE.sub("\n", text)
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL_RE.sub("", text)
    if has_traditional(text):
        for tw, cn in _TW_WORDS:
            text = text.replace(tw, cn)
        text = _T2S.convert(text)
    text = text.translate(_QUOTES)
    text = _PINYIN_RE.sub("", text)
    return _ITEM_COMMA_RE.sub(r"\1.", text)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """A label reduced to what identifies it: no spaces, punctuation or brackets.

    ``（二）部分公开（区分处理的，…）`` and ``(二)部分 公开(区分处理的,…)`` share one key, and so do
    ``商业 企业`` and ``商业企业``. Expects normalised text.
    """
    return _KEY_DROP_RE.sub("", text)


@lru_cache(maxsize=8192)
def label_key_without_notes(text: str) -> str:
    """Key of a label with bracketed notes removed (``规章(设区的市…应提供相关数据)`` → ``规章``)."""
    stripped = text
    while True:
        new = _PAREN_RE.sub("", stripped)
        if new == stripped:
            break
        stripped = new
    return label_key(stripped)


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》]"
_HALF_PUNCT_RE = re.compile(rf"(?<={_CJK})\s*([,;:!?])|([,;:!?])\s*(?={_CJK})")
_HALF_PAREN_RE = re.compile(rf"\(([^()\n]*{_CJK}[^()\n]*)\)")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


def chinese_punctuation(text: str) -> str:
    """Undo NFKC's folding of Chinese punctuation in prose (，→ ,) where a Chinese character is
    next to it, so narrative text reads as published; "1,136" and "A:B" are left alone."""
    text = _HALF_PUNCT_RE.sub(lambda m: _FULL[m.group(1) or m.group(2)], text)
    return _HALF_PAREN_RE.sub(r"（\1）", text)
