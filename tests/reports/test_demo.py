"""`make demo`: the seed's bureau, whose compiled 2023 report has exactly the seed's numbers (compared
with the seed parsed by the engine), a later year with activity in every section, and the rest."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.annual_report import parse
from gongkai.orgs.models import Agency, User
from gongkai.reports import supervision
from gongkai.reports.choices import OverviewState, ReportStatus
from gongkai.reports.compile import with_fees
from gongkai.reports.management.commands.report import compiled_json
from gongkai.reports.models import AnnualReport, ImportedReport
from tests.reports.test_imports import SEED


@pytest.fixture
def demo(db, builtin_sets, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo")
    return capsys.readouterr().out


def test_the_compiled_2023_report_of_the_seed_bureau_is_the_seed(demo):
    seed = parse(SEED)
    bureau = Agency.objects.get(slug="gxq-xzspj")
    stored = AnnualReport.objects.get(agency=bureau, year=2023)
    for compiled in (
        compiled_json(bureau, 2023, with_check=False),
        with_fees(stored.tables, stored.fees_amount),
    ):
        assert compiled["section2"] == seed.section2
        assert compiled["section2"]["licensing"] == 11741 and compiled["section2"]["penalty"] == 61
        assert compiled["section2"]["coercion"] == 0 and compiled["section2"]["fees"] == 0
        assert compiled["section2"]["rules"] == compiled["section2"]["normative_documents"] == [0, 0, 0]
        assert compiled["section3"] == seed.section3  # no applications: every cell 0
    # The seed's section 四 table was lost; the data says: no appeals.
    assert seed.section4 is None
    assert all(v == [0, 0, 0, 0, 0] for v in stored.tables["section4"].values())
    imported = ImportedReport.objects.get(agency=bureau, year=2023)
    assert imported.data["section2"] == seed.section2 and {f["rule"] for f in imported.findings} == {
        "TX-SECT"
    }


def test_a_later_year_has_activity_in_every_section(demo):
    bureau = Agency.objects.get(slug="gxq-xzspj")
    report = AnnualReport.objects.get(agency=bureau, year=timezone.localdate().year)
    s2 = compiled_json(bureau, report.year, with_check=False)["section2"]
    assert s2["normative_documents"][0] > 0 and s2["normative_documents"][2] > 0
    assert s2["licensing"] > 0 and s2["penalty"] > 0 and s2["coercion"] > 0
    assert report.fees_amount > 0
    assert report.tables["section3"]["R1"][-1] > 0 and report.tables["section3"]["R3.7"][-1] > 0
    assert sum(v[-1] for v in report.tables["section4"].values()) > 0
    assert report.status == ReportStatus.DRAFT and report.errors == 0


def test_the_supervising_office_sees_the_season(demo):
    office = User.objects.get(username="jianguan")
    last_year = timezone.localdate().year - 1
    rows = {r.name: r for r in supervision.overview(office, last_year).rows}
    assert rows["唐山高新技术产业开发区行政审批局"].state == OverviewState.PUBLISHED
    assert rows["唐山高新技术产业开发区市场监督管理局"].state == OverviewState.COMPILED
    broken = rows["唐山高新区龙泉街道办事处"]
    assert broken.external and "S3-BAL" in {f["rule"] for f in broken.findings}
    assert rows["唐山高新区大庆道街道办事处"].errors == 0


def test_the_demo_loads_once(demo, capsys):
    count = AnnualReport.objects.count()
    call_command("load_demo")
    assert "年度报告：演示数据已存在" in capsys.readouterr().out
    assert AnnualReport.objects.count() == count
