from datetime import date

import pytest

from gongkai.core.validators import (
    INDIVIDUAL_BUSINESS_PLACEHOLDER,
    check_credit_code,
    check_id_number,
    check_org_code,
    mask_id_number,
)


def test_law_examples_are_valid():
    assert check_credit_code("91350100M000100Y43") is None
    assert check_id_number("11010519491231002X") is None


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y44", "校验码错误"),
        ("91350100M000100Y4", "应为 18 位"),
        ("91350100M0001O0Y43", "不允许的字符"),
        ("9135010012345678X1", "统一社会信用代码"),
    ],
)
def test_credit_code_rejections_say_why(code, reason):
    assert reason in check_credit_code(code)


def test_embedded_org_code_is_checked():
    # A credit code whose overall check digit is right but whose 组织机构代码 part is wrong.
    from gongkai.core.validators import credit_code_check_char

    body = "91350100M000100Y"  # org part M000100Y + next char
    for last in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        code17 = body + last
        code = code17 + credit_code_check_char(code17)
        if check_org_code(code[8:17]):
            assert "组织机构代码" in check_credit_code(code)
            break
    else:  # pragma: no cover - the loop always finds a bad org check
        pytest.fail("no invalid org code found")


def test_individual_business_placeholder_only_when_allowed():
    assert check_credit_code(INDIVIDUAL_BUSINESS_PLACEHOLDER) is not None
    assert check_credit_code(INDIVIDUAL_BUSINESS_PLACEHOLDER, allow_placeholder=True) is None


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "校验码错误"),
        ("11010519491331002X", "不是有效日期"),
        ("11010520991231002X", "晚于今天"),
        ("1101051949123100", "18 位"),
    ],
)
def test_id_number_rejections(number, reason):
    assert reason in check_id_number(number, today=date(2026, 11, 27))


def test_mask_keeps_region_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"
