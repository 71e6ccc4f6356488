"""The personal-data scanner: ID numbers with a valid check digit, mobiles, Luhn-valid bank cards."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.validators import check_id_number
from gongkai.publications import pii

VALID_ID = "11010519491231002X"


def _luhn_complete(body: str) -> str:
    for check in "0123456789":
        if pii.luhn_ok(body + check):
            return body + check
    raise AssertionError


CARD = _luhn_complete("622202123456789012")  # 19 digits


def test_valid_id_number_is_found_and_masked():
    hits = pii.scan(f"申请人身份证号{VALID_ID}。")
    assert [(h.kind, h.value, h.masked) for h in hits] == [("id_number", VALID_ID, "110105********002X")]


def test_id_number_with_wrong_check_digit_or_date_is_not_flagged():
    assert pii.scan("编号110105194912310021") == []  # check digit should be X
    assert pii.scan("编号110105194913310029") == []  # month 13


def test_lowercase_x_is_found():
    hits = pii.scan(VALID_ID.lower())
    assert hits and hits[0].masked == "110105********002X"


def test_mobile_numbers_plain_spaced_and_with_country_code():
    text = "联系电话13800138000，或 139 1234 5678，或 +86 186-0000-1111。座机0315-3178123不算。"
    found = [h.masked for h in pii.scan(text) if h.kind == "mobile"]
    assert found == ["138****8000", "139****5678", "186****1111"]


def test_bank_card_must_pass_luhn():
    assert [h.kind for h in pii.scan(f"卡号{CARD}")] == ["bank_card"]
    broken = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert pii.scan(f"卡号{broken}") == []
    spaced = " ".join(CARD[i : i + 4] for i in range(0, len(CARD), 4))
    assert [h.digits for h in pii.scan(spaced)] == [CARD]


def test_digits_inside_a_credit_code_or_long_number_are_not_hits():
    assert pii.scan("统一社会信用代码91350100M000100Y43，订单号123456789012345678901234") == []


def test_id_number_wins_over_card_and_mobile_in_the_same_digits():
    hits = pii.scan(VALID_ID)
    assert len(hits) == 1 and hits[0].kind == "id_number"


def test_context_never_shows_raw_digits():
    text = f"甲{VALID_ID}乙13800138000丙{CARD}丁"
    for hit in pii.scan(text):
        excerpt = pii.context(text, hit, width=5)
        assert VALID_ID not in excerpt and "13800138000" not in excerpt and CARD not in excerpt
        assert hit.masked in excerpt


def test_replace_hits_masks_only_selected():
    text = f"{VALID_ID} 和 13800138000"
    masked, count = pii.replace_hits(text, lambda h: h.kind == "mobile")
    assert count == 1 and masked == f"{VALID_ID} 和 138****8000"


def test_future_birth_date_is_not_an_id_number():
    assert pii.scan("11010520990101001X", today=date(2026, 1, 1)) == []


@given(st.text(alphabet="0123456789X 公开-", max_size=60))
def test_every_id_hit_has_a_valid_check_digit(text):
    for hit in pii.scan(text):
        if hit.kind == "id_number":
            assert check_id_number(hit.digits) is None
        if hit.kind == "bank_card":
            assert pii.luhn_ok(hit.digits)
