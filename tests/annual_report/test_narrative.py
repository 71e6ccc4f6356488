"""Reading counts stated in the narrative: numerals, phrasings, and what must NOT be read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.annual_report.narrative import cn_to_int, stated_counts

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Chinese numeral as written in reports (十二, 一百零五, 三万零二十), for n < 10**8."""
    if n == 0:
        return "零"

    def below_10000(m: int, leading: bool) -> str:
        out, zero = "", False
        for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d, m = divmod(m, size)
            if d:
                if zero:
                    out += "零"
                if not (unit == "十" and d == 1 and leading and not out):
                    out += DIGITS[d]
                out += unit
                zero = False
            elif out:
                zero = True
        return out

    high, low = divmod(n, 10000)
    if not high:
        return below_10000(low, True)
    text = below_10000(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10000(low, False)
    return text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2", 2),
        ("１２", 12),
        ("3,119", 3119),
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两千零三", 2003),
        ("三万五千", 35000),
        ("一万零一", 10001),
        ("二〇二三", 2023),
        ("零", 0),
    ],
)
def test_cn_to_int(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@given(st.integers(min_value=0, max_value=10**8 - 1))
def test_cn_to_int_reads_every_written_number(n: int) -> None:
    assert cn_to_int(to_chinese(n)) == n


@pytest.mark.parametrize("text", ["", "件", "十x"])
def test_cn_to_int_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        cn_to_int(text)


def kinds(text: str) -> list[tuple[str, int]]:
    return [(s.kind, s.value) for s in stated_counts([text])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本年度,共受理政府信息公开申请2件,都在法定期限内予以答复", [("received", 2)]),
        ("共收到申请三件", [("received", 3)]),
        ("全年收到政府信息公开申请 34 件", [("received", 34)]),
        ("新收政府信息公开申请十二件", [("received", 12)]),
        ("收到申请两件", [("received", 2)]),
        ("共受理申请一百零五件", [("received", 105)]),
        ("全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件", [("received", 81)]),
        ("本年度全区共收到70件申请", [("received", 70)]),
        ("全年办理政府信息公开申请218件", [("processed", 218)]),
        ("办结依申请公开81件", [("closed", 81)]),
        ("及时依法依规办结69件，1件结转下年度继续办理", [("closed", 69), ("carried_forward", 1)]),
        (
            "全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件",
            [("received", 154), ("closed", 148), ("carried_forward", 6)],
        ),
        (
            "答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）",
            [("closed", 805), ("carried_over", 18), ("carried_forward", 72)],
        ),
        ("上年结转政府信息公开申请 2 件", [("carried_over", 2)]),
        ("予以公开及部分公开42件，占51.85%", [("result_public", 42)]),
        (
            "同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2 件",
            [("result_granted", 9), ("result_partial", 0), ("result_withheld", 2)],
        ),
        ("因本机关不掌握等原因无法提供265件", [("result_unavailable", 265)]),
        ("不予处理158件，其他处理0件", [("result_not_handled", 158), ("result_other", 0)]),
        (
            "全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起",
            [("reconsideration", 36), ("litigation", 9)],
        ),
        ("信息公开类行政复议7件，诉讼9件", [("reconsideration", 7), ("litigation", 9)]),
        ("共有行政诉讼案件1件、行政复议案件2件，均已结案", [("litigation", 1), ("reconsideration", 2)]),
        ("发生行政复议三起", [("reconsideration", 3)]),
        ("依申请公开3次,行政复议0次,行政诉讼0次", [("reconsideration", 0), ("litigation", 0)]),
        ("行政复议、行政诉讼均为0件", [("reconsideration", 0), ("litigation", 0)]),
        ("本年度未发生因政府信息公开引起的行政复议、行政诉讼", [("reconsideration", 0), ("litigation", 0)]),
        ("年度无行政复议、行政诉讼的情况发生", [("reconsideration", 0), ("litigation", 0)]),
        ("未出现申请行政复议、提起行政诉讼的情况", [("reconsideration", 0), ("litigation", 0)]),
        ("本年度没有发生行政诉讼", [("litigation", 0)]),
        ("2023年我局未收到依申请公开申请事项", [("received", 0)]),
        ("本年度未发生因政府信息公开申请引发的行政复议", [("reconsideration", 0)]),
        ("未收到因政府信息公开申请引发的行政复议、行政诉讼", [("reconsideration", 0), ("litigation", 0)]),
        ("动态更新本年度制发的规范性文件88件", [("docs_issued", 88)]),
        ("集中公开现行有效行政规范性文件698件", [("docs_valid", 698)]),
        ("已宣布废止规范性文件5件", [("docs_repealed", 5)]),
        ("我镇共制定规范性文件0件,废止规范性文件0件", [("docs_issued", 0), ("docs_repealed", 0)]),
        ("本年制定政府规章3件", [("rules_issued", 3)]),
    ],
)
def test_stated_counts(text: str, expected: list[tuple[str, int]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "申请数量同比增长2件",
        "较上年减少3件",
        "收到政府信息公开申请同比增长2件",
        "涉及自然人80件、商业企业1件",
        "均在法定期限内予以答复，办结率100%",
        "该行政复议件未被复议审查机关纠错",
        "未发生行政复议被纠错、行政诉讼败诉的情况",
        "刊登政府规章、规范性文件等112件，部门规范性文件45件",
        "清理并集中发布现行有效行政规范性文件393件",
        "着力减少行政复议、行政诉讼案件数量",
        "申请数量较去年回落12.3%",
        "2023年工作信息公开情况汇总如下",
        "二、上年结转政府信息公开申请数量 | 0 | 0 |",
    ],
)
def test_phrases_that_are_not_the_count(text: str) -> None:
    found = [k for k in kinds(text) if k[0] in ("received", "closed", "docs_issued", "reconsideration")]
    if text.startswith("清理并"):
        assert found == []
        assert kinds(text) == [("docs_valid", 393)]
    else:
        assert found == []


def test_growth_after_the_total_is_not_a_second_total() -> None:
    assert kinds("本年度新收申请十二件，同比增长2件") == [("received", 12)]


def test_counts_of_a_part_are_marked() -> None:
    (office,) = stated_counts(["2024 年,区政府办代表区政府受理政府信息公开申请 17 件"])
    assert office.part and office.value == 17
    total, part = stated_counts(["全年收到申请4件，其中收到网上申请3件"])
    assert not total.part and part.part


def test_stated_items_quote_their_text() -> None:
    (item,) = stated_counts(["xx，本年度共受理政府信息公开申请2件。"])
    assert item.text == "受理政府信息公开申请2件"
    assert not item.none
    (absent,) = stated_counts(["本年度没有发生行政复议。"])
    assert absent.none and absent.value == 0
