"""Splitting digits that a crawler ran together, under the table identities."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report.parse.digits import GROUP_SUM, ROW_SUM, split_cells, to_number


def test_row_identity_gives_one_reading() -> None:
    split = split_cells(("21710000218",), 7, ROW_SUM)
    assert split.candidates == ((217, 1, 0, 0, 0, 0, 218),)


def test_item_identity_can_leave_two_readings() -> None:
    split = split_cells(("270020130",), 7, ROW_SUM)
    assert set(split.candidates) == {(2, 7, 0, 0, 20, 1, 30), (27, 0, 0, 2, 0, 1, 30)}


def test_a_number_never_starts_with_zero() -> None:
    # "023" can only be 0|23 (or 0|2|3), never 023.
    split = split_cells(("23", "0", "00", "0", "023"), 7, ROW_SUM)
    assert split.candidates == ((23, 0, 0, 0, 0, 0, 23),)
    assert split_cells(("350",), 2).candidates == ((3, 50), (35, 0))


def test_printed_separators_are_certain_boundaries() -> None:
    split = split_cells(("500000", "5"), 7, ROW_SUM)
    assert split.candidates == ((5, 0, 0, 0, 0, 0, 5),)


def test_minus_sign_opens_a_signed_cell_only() -> None:
    split = split_cells(("2648", "-18538"), 3, None, frozenset({1}))
    assert set(split.candidates) == {(2648, -1, 8538), (2648, -18, 538), (2648, -185, 38), (2648, -1853, 8)}
    # Without a signed column there is no reading at all.
    assert split_cells(("2648", "-18538"), 3).candidates == ()


def test_decimal_point_stays_with_the_last_part_of_its_run() -> None:
    split = split_cells(("39573802895.90",), 2, None, frozenset(), frozenset({1}))
    assert (395, 73802895.9) in split.candidates
    assert all(isinstance(c[0], int) for c in split.candidates)
    # A leading zero rules out 395738|02895.90.
    assert len(split.candidates) == 9


def test_section4_groups_of_five() -> None:
    split = split_cells(("21317000001324019",), 15, GROUP_SUM)
    assert split.candidates == ((2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19),)


def test_blanks_take_one_cell() -> None:
    split = split_cells((None, "10010"), 4, ROW_SUM)
    assert split.candidates == ((None, 10, 0, 10),)


def test_search_is_bounded() -> None:
    start = time.perf_counter()
    split = split_cells(("1234567891234567891234567891234567891",), 15, None)
    assert time.perf_counter() - start < 2
    assert not split.complete


def test_to_number() -> None:
    assert to_number("+126") == 126
    assert to_number("-15") == -15
    assert to_number("1,234") == 1234
    assert to_number("523.15") == 523.15
    assert to_number("abc") is None


@settings(max_examples=80, deadline=None)
@given(parts=st.lists(st.integers(min_value=0, max_value=300), min_size=6, max_size=6))
def test_the_printed_row_is_always_among_the_readings(parts: list[int]) -> None:
    row = (*parts, sum(parts))
    glued = "".join(str(v) for v in row)
    split = split_cells((glued,), 7, ROW_SUM)
    assert row in split.candidates
    for cand in split.candidates:
        assert cand[-1] == sum(cand[:-1])
        assert "".join(str(v) for v in cand) == glued
