"""Normalisation: one form for full-width, traditional, spaced and annotated text."""

from __future__ import annotations

import pytest

from gongkai.annual_report.normalize import has_traditional, label_key, label_key_without_notes, normalize


def test_full_width_becomes_half_width() -> None:
    assert normalize("（一）予以公开　１２３，：") == "(一)予以公开 123,:"


def test_item_number_styles_become_one() -> None:
    assert normalize("1、属于国家秘密") == "1.属于国家秘密"
    assert normalize("2．其他法律行政法规禁止公开") == "2.其他法律行政法规禁止公开"
    # Enumerations of years are not item numbers.
    assert normalize("2021、2022年") == "2021、2022年"


def test_traditional_text_becomes_simplified_with_mainland_wording() -> None:
    assert normalize("規範性檔案") == "规范性文件"
    assert normalize("政府資訊公開申請") == "政府信息公开申请"
    assert normalize("本年新收政府信息公開申請數量") == "本年新收政府信息公开申请数量"
    assert has_traditional("區") and not has_traditional("区")


def test_simplified_text_keeps_its_words() -> None:
    """Only text that arrived in traditional characters gets Taiwanese words mapped back."""
    assert normalize("档案管理规范性文件") == "档案管理规范性文件"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("平潭區(qū)政府", "平潭区政府"),
        ("行(xíng)政许可", "行政许可"),
        ("办理(ban4)结果", "办理结果"),
        ("(一)予以公开", "(一)予以公开"),
        ("文件(PDF)", "文件(PDF)"),
    ],
)
def test_inline_pinyin_is_removed(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_quotes_and_control_characters() -> None:
    assert normalize("「三安全一稳定」") == "“三安全一稳定”"
    assert normalize("\ufeff规章\u200b\r\n0") == "规章\n0"


def test_label_key_ignores_spaces_punctuation_and_width() -> None:
    assert label_key(normalize("商业 企业")) == label_key("商业企业")
    official = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert (
        label_key(normalize(official))
        == label_key(official)
        == "二部分公开区分处理的只计这一情形不计其他情形"
    )
    assert label_key('3.危及"三安全一稳定"') == label_key("3.危及“三安全一稳定”")


def test_label_key_without_notes() -> None:
    assert label_key_without_notes("规章(设区的市、自治州人民政府应提供相关数据)") == "规章"
    assert label_key_without_notes("其他对外管理服务事项(指(含)行政确认)") == "其他对外管理服务事项"


def test_chinese_punctuation_is_restored_in_prose_only():
    from gongkai.annual_report.normalize import chinese_punctuation

    assert (
        chinese_punctuation("2023 年,洪泽区坚持(一)主动公开;共1,136条:A:B")
        == "2023 年，洪泽区坚持（一）主动公开；共1,136条：A:B"
    )


def test_parsed_narrative_keeps_chinese_punctuation(tmp_path):
    from gongkai.annual_report import parse

    text = "一、总体情况\n2023年，我局共收到申请2件（均为自然人）；办结2件。\n"
    assert (
        parse(text, filename="r.txt").narrative["一"] == "2023年，我局共收到申请2件（均为自然人）；办结2件。"
    )
