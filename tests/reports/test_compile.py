"""Compiling: the tables equal what the source apps count, every cell's drill-down list has exactly
the cell's number of records, the hand-written SQL of the benchmark agrees, the fee comes from a
record set when one holds it."""

from __future__ import annotations

from datetime import date

import pytest
from bench.report_compile import as_hand_shape, hand_sql

from gongkai.annual_report import Report, check
from gongkai.appeals.report import section4
from gongkai.applications.report import section3
from gongkai.credit.metrics import section2_counts
from gongkai.publications import queries
from gongkai.reports import compile as compiler
from gongkai.reports import sources
from tests.reports.factories import fee_set, populate

YEARS = (2021, 2022, 2023, 2024, 2025)


@pytest.fixture
def data(zone, builtin_sets):
    populate(zone["a"])
    return zone["a"]


def test_tables_equal_the_source_apps_every_year(data):
    for year in YEARS:
        tables = compiler.compile_tables(data, year).tables
        assert tables["section3"] == section3(data, year)
        assert tables["section4"] == section4(data, year)
        credit = section2_counts(data, year)
        assert {k: tables["section2"][k] for k in credit} == credit
        documents = queries.section2_documents(data, year)
        assert {k: tables["section2"][k] for k in documents} == documents
        assert tables["section2"]["fees"] is None  # no record set holds it: entered by the agency


def test_the_generated_data_is_not_trivial(data):
    tables = compiler.compile_tables(data, 2024).tables
    assert tables["section2"]["licensing"] > 50 and tables["section2"]["penalty"] > 5
    assert all(tables["section2"]["normative_documents"])  # issued, ended and in force, all above 0
    assert tables["section3"]["R1"][-1] > 30 and tables["section3"]["R2"][-1] > 0
    assert tables["section3"]["R4"][-1] > 0 and sum(r[-1] for r in tables["section4"].values()) > 0


def test_every_cell_opens_exactly_its_records(data):
    for year in (2023, 2024):
        tables = compiler.compile_tables(data, year).tables
        cells = sources.all_cells()
        assert len(cells) == 3 + 3 + 4 + 25 * 7 + 3 * 5
        mismatches = []
        for cell in cells:
            qs = sources.records(data, year, cell)
            if qs is None:
                assert cell.row == "fees"
                continue
            if qs.count() != sources.value(tables, cell):
                mismatches.append((cell.label, qs.count(), sources.value(tables, cell)))
        assert mismatches == []


def test_the_compiled_tables_pass_every_identity(data):
    for year in YEARS:
        tables = compiler.with_fees(compiler.compile_tables(data, year).tables, 0)
        report = Report(format="2021", year=year, sections_present=["二", "三", "四"], **tables)
        rules = check(report, deadline_aware=False, has_rule_power=True).rules()
        assert not {"S3-BAL", "S3-ROWSUM", "S3-RESULT", "S3-ROWS", "S4-SUM", "S2-NEG"} & set(rules)


def test_the_benchmarks_hand_written_sql_agrees(data):
    for year in YEARS:
        assert hand_sql(data.pk, year) == as_hand_shape(compiler.compile_tables(data, year).tables)


def test_compile_is_a_handful_of_queries(data, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        compiler.compile_tables(data, 2024)


def test_a_local_new_year_document_counts_in_the_local_year(zone, builtin_sets):
    from tests.reports.factories import edge_documents

    edge_documents(zone["a"])
    assert (
        sources.section2_documents(zone["a"], 2024)["normative_documents"][0] == 1
    )  # published 1 Jan, Beijing
    assert sources.section2_documents(zone["a"], 2023)["normative_documents"] == [1, 0, 2]
    assert sources.section2_documents(zone["a"], 2024)["normative_documents"] == [1, 1, 2]


def test_the_fee_comes_from_the_record_set_that_holds_it(zone, builtin_sets, staff):
    from gongkai.reports import actions

    record_set, total_2024 = fee_set(
        zone["a"],
        [
            (date(2024, 3, 1), "1.25"),
            (date(2024, 9, 30), "0.5"),
            (date(2023, 12, 31), "7"),
            (date(2024, 12, 31), "0.0001"),
        ],
    )
    actions.set_fee_source(zone["a"], acting_user=staff["admin"], record_set=record_set, amount_field="JE")
    compiled = compiler.compile_tables(zone["a"], 2024)
    assert compiled.tables["section2"]["fees"] == pytest.approx(float(total_2024)) == 1.7501
    assert "行政事业性收费" in compiled.fees_source
    source = zone["a"].fee_source
    assert (
        sources.records(zone["a"], 2024, sources.Cell("二", "fees", "value"), fee_source=source).count() == 3
    )
    assert compiler.compile_tables(zone["a"], 2023).tables["section2"]["fees"] == 7


def test_a_fee_source_must_be_an_amount_field_of_the_agencys_own_set(zone, builtin_sets, staff):
    from django.core.exceptions import PermissionDenied, ValidationError

    from gongkai.credit.models import RecordSet
    from gongkai.reports import actions

    record_set, _ = fee_set(zone["a"], [])
    with pytest.raises(ValidationError):
        actions.set_fee_source(
            zone["a"], acting_user=staff["admin"], record_set=record_set, amount_field="PJH"
        )
    with pytest.raises(ValidationError):
        actions.set_fee_source(
            zone["a"],
            acting_user=staff["admin"],
            record_set=RecordSet.objects.get(key="xk"),
            amount_field="JE",
        )
    with pytest.raises(PermissionDenied):
        actions.set_fee_source(
            zone["a"], acting_user=staff["clerk"], record_set=record_set, amount_field="JE"
        )


def test_cell_labels_are_the_reports_own(zone):
    assert (
        sources.cell_label("三", "R3.3.4", "CE") == "第三部分 （三）不予公开 4.保护第三方合法权益 · 商业企业"
    )
    assert (
        sources.cell_label("二", "normative_documents", "valid") == "第二部分 行政规范性文件 · 现行有效件数"
    )
    assert sources.cell_label("四", "LR", "pending") == "第四部分 行政诉讼 复议后起诉 · 尚未审结"
    assert sources.parse_cell("三", "R9", "NP") is None
