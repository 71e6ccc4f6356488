"""The supervising office's overview: every subordinate agency and imported external report for a
year, their state, lateness and findings, totals, trends, and the XLSX export."""

from __future__ import annotations

import io
from datetime import date

import pytest

from gongkai.reports import actions, supervision
from gongkai.reports.choices import OverviewState
from tests.reports.factories import populate
from tests.reports.test_actions import finish, through_chain
from tests.reports.test_imports import report_text

YEAR = 2024


@pytest.fixture
def season(zone, staff, builtin_sets):
    """A published (late), B compiled, an external report imported (with a 勾稽 error)."""
    populate(zone["a"])
    populate(zone["b"], seed=9)
    report = finish(actions.compile_report(zone["a"], YEAR, acting_user=staff["clerk"]).report, staff)
    report = through_chain(actions.submit_report(report, acting_user=staff["clerk"]), staff)
    actions.publish_report(report, acting_user=staff["clerk"])
    actions.compile_report(zone["b"], YEAR, acting_user=staff["clerk_b"])
    (item,) = actions.import_reports(
        [("x.txt", report_text("唐山高新区龙泉街道办事处", YEAR, broken=True))],
        acting_user=staff["office"],
        external_name="唐山高新区龙泉街道办事处",
        external_level="township",
        published_on=date(YEAR + 1, 1, 15),
    )
    actions.process_import(item)
    return zone


def test_overview_rows_states_and_lateness(season, staff):
    data = supervision.overview(staff["office"], YEAR, today=date(2026, 11, 27))
    rows = {r.name: r for r in data.rows}
    assert list(rows)[:3] == [season["top"].name, season["a"].name, season["b"].name]
    a, b, top = rows[season["a"].name], rows[season["b"].name], rows[season["top"].name]
    assert a.state == OverviewState.PUBLISHED and a.late and a.published_on
    assert b.state == OverviewState.COMPILED and b.late and b.published_on is None
    assert top.state == OverviewState.MISSING and top.deadline == date(2025, 3, 31)
    ext = rows["唐山高新区龙泉街道办事处"]
    assert ext.external and ext.state == OverviewState.IMPORTED and not ext.late
    assert "S3-BAL" in {f["rule"] for f in ext.findings} and ext.errors >= 1
    assert data.counts["published"] == 1 and data.counts["imported"] == 1 and data.counts["total"] == 4


def test_a_bureau_sees_only_itself(season, staff):
    names = [r.name for r in supervision.overview(staff["clerk_b"], YEAR).rows]
    assert names == [season["b"].name]


def test_totals_add_up_every_table(season, staff):
    data = supervision.overview(staff["office"], YEAR)
    counted = [r for r in data.rows if r.tables is not None]
    assert data.totals["counted"] == len(counted) == 3
    expected = sum(r.tables["section3"]["R1"][-1] for r in counted)
    assert data.totals["section3"]["R1"][-1] == expected
    assert data.totals["section2"]["licensing"] == sum(r.tables["section2"]["licensing"] for r in counted)
    assert data.totals["section4"]["RV"][-1] == sum(r.tables["section4"]["RV"][-1] for r in counted)


def test_trends_over_years(season, staff):
    actions.compile_report(season["a"], YEAR - 1, acting_user=staff["clerk"])
    trends = supervision.overview(staff["office"], YEAR).trends
    assert trends["years"][-2:] == [YEAR - 1, YEAR] and len(trends["years"]) == 6
    assert trends["licensing"][-2] > 0 and trends["licensing"][-1] > trends["licensing"][-2] / 10
    assert trends["late"][-1] == 1 and trends["missing"][-1] == 2  # B and the office have not published
    assert sum(trends["replies"]["予以公开"]) > 0
    assert trends["reply_rate"][-1] is None or 0 <= trends["reply_rate"][-1] <= 100


def test_xlsx_export(season, staff):
    from python_calamine import CalamineWorkbook

    data = supervision.overview(staff["office"], YEAR)
    book = CalamineWorkbook.from_filelike(io.BytesIO(supervision.to_xlsx(data)))
    assert book.sheet_names == ["概况", "问题", "合计", "趋势"]
    overview = book.get_sheet_by_name("概况").to_python()
    assert overview[0][:3] == ["机关", "层级", "状态"] and len(overview) == 1 + len(data.rows)
    problems = book.get_sheet_by_name("问题").to_python()
    assert any(row[1] == "S3-BAL" for row in problems[1:])
    totals = book.get_sheet_by_name("合计").to_python()
    assert len(totals) == 1 + 10 + 25 * 7 + 15
