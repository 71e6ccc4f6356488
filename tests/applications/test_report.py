"""Section 三 as a query over case dates; on any generated data set the S3 rules hold."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual_report.formats import COLUMNS, FORMAT_2019, FORMAT_2021
from gongkai.applications.models import Application
from gongkai.applications.report import LEAF_ROWS_2021, section3
from tests.applications.factories import bulk_cases

D = date
NP, CE, LS = "NP", "CE", "LS"


def test_a_worked_year(zone):
    bulk_cases(
        zone["a"],
        [
            (D(2025, 3, 1), D(2025, 3, 20), "R3.1", NP),  # closed the year before: nowhere in 2026
            (D(2025, 12, 19), D(2026, 1, 19), "R3.2", NP),  # carried over into 2026, closed in it
            (D(2025, 12, 29), None, "", CE),  # carried over, still open at the end of 2026
            (D(2026, 2, 3), D(2026, 2, 20), "R3.3.4", CE),
            (D(2026, 5, 6), D(2026, 6, 1), "R3.4.1", LS),
            (D(2026, 6, 6), D(2026, 7, 1), "R3.6.1", NP),
            (D(2026, 12, 20), D(2027, 1, 15), "R3.1", NP),  # received in 2026, closed in 2027
            (D(2027, 1, 4), None, "", NP),  # not yet in 2026
        ],
    )
    bulk_cases(zone["b"], [(D(2026, 3, 3), None, "", NP)])  # another agency: never counted
    s3 = section3(zone["a"], 2026)
    assert list(s3) == list(FORMAT_2021.row_codes) and len(s3) == 25
    assert s3["R1"] == [2, 1, 0, 0, 1, 0, 4]
    assert s3["R2"] == [1, 1, 0, 0, 0, 0, 2]
    assert s3["R3.2"] == [1, 0, 0, 0, 0, 0, 1]
    assert s3["R3.3.4"] == [0, 1, 0, 0, 0, 0, 1]
    assert s3["R3.4.1"] == [0, 0, 0, 0, 1, 0, 1]
    assert s3["R3.6.1"] == [1, 0, 0, 0, 0, 0, 1]
    assert s3["R3.1"] == [0] * 7
    assert s3["R3.7"] == [2, 1, 0, 0, 1, 0, 4]
    assert s3["R4"] == [1, 1, 0, 0, 0, 0, 2]
    s2025 = section3(zone["a"], 2025)
    assert s2025["R4"] == section3(zone["a"], 2026)["R2"]  # X-CARRY by construction


def test_the_2019_format_folds_other_results_into_one_row(zone):
    bulk_cases(
        zone["a"],
        [(D(2026, 2, 3), D(2026, 2, 20), "R3.6.1", NP), (D(2026, 2, 3), D(2026, 3, 1), "R3.6.3", CE)],
    )
    s3 = section3(zone["a"], 2026, FORMAT_2019)
    assert list(s3) == list(FORMAT_2019.row_codes) and len(s3) == 23
    assert s3["R3.6"] == [1, 1, 0, 0, 0, 0, 2]


def test_section3_is_one_query(zone, django_assert_num_queries):
    bulk_cases(zone["a"], [(D(2026, 2, 3), None, "", NP)] * 3)
    with django_assert_num_queries(1):
        section3(zone["a"], 2026)


def assert_s3_rules(s3: dict[str, list[int]]) -> None:
    tot = COLUMNS.index("TOT")
    for code, row in s3.items():  # S3-ROWSUM
        assert row[tot] == sum(row[:tot]), code
    for col in range(len(COLUMNS)):
        assert s3["R1"][col] + s3["R2"][col] == s3["R3.7"][col] + s3["R4"][col]  # S3-BAL
        assert s3["R3.7"][col] == sum(s3[c][col] for c in LEAF_ROWS_2021)  # S3-RESULT
        assert all(row[col] >= 0 for row in s3.values())


case_strategy = st.tuples(
    st.dates(D(2023, 6, 1), D(2027, 6, 30)),
    st.one_of(st.none(), st.integers(0, 500)),
    st.sampled_from(LEAF_ROWS_2021),
    st.sampled_from(COLUMNS[:-1]),
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=st.lists(case_strategy, max_size=60), year=st.integers(2024, 2026))
def test_s3_rules_hold_on_any_generated_data(zone, cases, year):
    Application.objects.all().delete()
    bulk_cases(
        zone["a"],
        [
            (received, None if days is None else received + timedelta(days=days), row, kind)
            for received, days, row, kind in cases
        ],
    )
    s3 = section3(zone["a"], year)
    assert_s3_rules(s3)
    # The carry-over identity between consecutive years (X-CARRY): R2(Y) = R4(Y−1).
    assert s3["R2"] == section3(zone["a"], year - 1)["R4"]
    # R1 counts what was received in the year, whatever happened to it.
    assert s3["R1"][-1] == sum(1 for received, *_ in cases if received.year == year)
    s19 = section3(zone["a"], year, FORMAT_2019)
    assert all(
        s19["R3.7"][c] == sum(s19[r][c] for r in FORMAT_2019.result_codes) for c in range(len(COLUMNS))
    )
