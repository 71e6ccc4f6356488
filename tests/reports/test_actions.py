"""The report's lifecycle through the actions: compile, versions and what changed, the narrative draft,
the rules that block submission, the review chain, publication, and who may do what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.annual_report import parse
from gongkai.audit.models import AuditEvent
from gongkai.audit.trail import verify
from gongkai.core import review
from gongkai.reports import actions
from gongkai.reports import compile as compiler
from gongkai.reports.choices import PLACEHOLDER_MARK, REVIEW_KIND, ReportStatus
from gongkai.reports.draft import placeholders
from gongkai.reports.models import AnnualReport, ImportedReport
from tests.reports.factories import populate

YEAR = 2024
TEXT_RULES = {"TX-APPS", "TX-LIT", "TX-DOCS", "TX-FEE", "TX-YEAR", "TX-SECT"}


@pytest.fixture
def agency(zone, builtin_sets):
    populate(zone["a"])
    return zone["a"]


def finish(report, staff, *, acknowledge: bool = True):
    """What staff do before submitting: enter the fee, answer the draft's prompts, acknowledge."""
    report = actions.set_fees(
        report, acting_user=staff["clerk"], amount="0", source="本局无行政事业性收费项目"
    )
    narrative = {
        k: "\n".join(line for line in v.splitlines() if PLACEHOLDER_MARK not in line)
        for k, v in report.narrative.items()
    }
    narrative["五"] += "\n（三）改进措施。加强培训，压实责任。"
    narrative["六"] += "\n（二）落实上级年度政务公开工作要点情况。已逐项落实。\n（三）无。\n（四）无。"
    report = actions.save_narrative(report, acting_user=staff["clerk"], narrative=narrative)
    warnings = [compiler.finding_key(f) for f in report.findings if f["severity"] == "warning"]
    if acknowledge and warnings:
        report = actions.acknowledge(report, acting_user=staff["clerk"], keys=warnings)
    return report


def through_chain(report, staff):
    for who, opinion in (("reviewer", "同意"), ("secrecy", "不涉密"), ("leader", "同意发布")):
        report = actions.review_report(report, acting_user=staff[who], approve=True, opinion=opinion)
    return report


def test_first_compile_makes_version_one_with_a_draft_that_agrees_with_its_tables(agency, staff):
    outcome = actions.compile_report(agency, YEAR, acting_user=staff["clerk"])
    report = outcome.report
    assert outcome.created and outcome.new_version and report.version == 1
    assert report.deadline == date(2025, 1, 31) and report.status == ReportStatus.DRAFT
    assert set(report.narrative) == {"一", "五", "六"}
    rules = {f["rule"] for f in report.findings}
    assert not rules & TEXT_RULES, report.findings
    r1 = report.tables["section3"]["R1"][-1]
    assert f"新收政府信息公开申请{r1}件" in report.narrative["一"]
    assert "信息处理费" in report.narrative["六"]
    assert placeholders(report.narrative) == ["五", "六"]
    event = AuditEvent.objects.filter(action="reports.compile").latest("seq")
    assert event.detail["version"] == 1 and verify().ok


def test_the_draft_of_a_quiet_year_says_so_and_passes_the_text_rules(zone, staff):
    report = actions.compile_report(zone["b"], YEAR, acting_user=staff["clerk_b"]).report
    assert "未收到政府信息公开申请" in report.narrative["一"]
    assert "未发生因政府信息公开引起的行政复议、行政诉讼" in report.narrative["一"]
    assert not {f["rule"] for f in report.findings} & TEXT_RULES


def test_recompiling_shows_what_changed_cell_by_cell(agency, staff):
    from gongkai.applications.models import Application

    actions.compile_report(agency, YEAR, acting_user=staff["clerk"])
    same = actions.compile_report(agency, YEAR, acting_user=staff["clerk"])
    assert not same.new_version and same.changes == [] and same.report.version == 1
    case = Application.objects.filter(agency=agency, closed_on__year=YEAR, reply_row="R3.1").first()
    Application.objects.filter(pk=case.pk).update(reply_row="R3.2")
    changed = actions.compile_report(agency, YEAR, acting_user=staff["clerk"])
    assert changed.new_version and changed.report.version == 2
    column = {
        "NP": "自然人",
        "CE": "商业企业",
        "RI": "科研机构",
        "SW": "社会公益组织",
        "LS": "法律服务机构",
        "OT": "其他",
    }[case.applicant_type]
    labels = {c["label"] for c in changed.changes}
    assert f"第三部分 （一）予以公开 · {column}" in labels
    assert f"第三部分 （二）部分公开（区分处理的，只计这一情形，不计其他情形） · {column}" in labels
    assert "第三部分 （一）予以公开 · 总计" in labels
    grew = next(c for c in changed.changes if c["row"] == "R3.2" and c["column"] == "TOT")
    assert grew["after"] == grew["before"] + 1
    version = changed.report.versions.get(number=2)
    assert version.changes == changed.changes


def test_a_text_versus_table_error_blocks_submission_until_fixed(agency, staff):
    report = finish(actions.compile_report(agency, YEAR, acting_user=staff["clerk"]).report, staff)
    r1 = report.tables["section3"]["R1"][-1]
    wrong = dict(report.narrative)
    wrong["一"] = wrong["一"].replace(f"新收政府信息公开申请{r1}件", f"新收政府信息公开申请{r1 + 7}件")
    report = actions.save_narrative(report, acting_user=staff["clerk"], narrative=wrong)
    assert report.errors == 1
    assert [f["rule"] for f in report.findings if f["severity"] == "error"] == ["TX-APPS"]
    with pytest.raises(ValidationError) as refused:
        actions.submit_report(report, acting_user=staff["clerk"])
    assert any("TX-APPS" in m for m in refused.value.messages)
    fixed = dict(wrong)
    fixed["一"] = fixed["一"].replace(f"申请{r1 + 7}件", f"申请{r1}件")
    report = actions.save_narrative(report, acting_user=staff["clerk"], narrative=fixed)
    assert report.errors == 0
    report = actions.submit_report(report, acting_user=staff["clerk"])
    assert report.status == ReportStatus.IN_REVIEW


def test_warnings_need_an_acknowledgement_and_prompts_and_fees_block_too(agency, staff):
    report = actions.compile_report(agency, YEAR, acting_user=staff["clerk"]).report
    reasons = actions.submission_blockers(report)
    assert any("行政事业性收费" in r for r in reasons)
    assert any("第五部分仍有" in r for r in reasons) and any("第六部分仍有" in r for r in reasons)
    report = finish(report, staff, acknowledge=False)
    # A warning: a 规章 count for a body without rule-making power (S2-REG) comes from the data.
    assert not agency.has_rule_power
    warnings = [f for f in report.findings if f["severity"] == "warning"]
    assert warnings and {f["rule"] for f in warnings} >= {"S2-REG"}
    with pytest.raises(ValidationError) as refused:
        actions.submit_report(report, acting_user=staff["clerk"])
    assert "警告尚未确认" in " ".join(refused.value.messages)
    report = actions.acknowledge(
        report, acting_user=staff["clerk"], keys=[compiler.finding_key(f) for f in warnings], note="已核实"
    )
    assert {a["by"] for a in report.acknowledged} == {"clerk-a"}
    assert actions.submit_report(report, acting_user=staff["clerk"]).status == ReportStatus.IN_REVIEW


def test_review_chain_then_publication_renders_the_engine_outputs(agency, staff, settings):
    from pathlib import Path

    report = finish(actions.compile_report(agency, YEAR, acting_user=staff["clerk"]).report, staff)
    report = actions.submit_report(report, acting_user=staff["clerk"])
    with pytest.raises(PermissionDenied):
        actions.review_report(report, acting_user=staff["leader"], approve=True, opinion="越级")
    report = through_chain(report, staff)
    assert report.status == ReportStatus.APPROVED and review.is_approved(report, actions.snapshot(report))
    with pytest.raises(PermissionDenied):
        actions.publish_report(report, acting_user=staff["reviewer"])
    report = actions.publish_report(report, acting_user=staff["clerk"])
    assert report.status == ReportStatus.PUBLISHED and report.published_on is not None
    assert report.published_late  # a 2024 report published in 2026
    assert any(f["rule"] == "TX-PUB" for f in report.findings)
    docx = Path(settings.MEDIA_ROOT) / report.docx_path
    pdf = Path(settings.MEDIA_ROOT) / report.pdf_path
    assert docx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"
    back = parse(docx)
    assert (
        back.section3 == report.tables["section3"]
        and back.section2["licensing"] == report.tables["section2"]["licensing"]
    )
    assert report.published_json["published"] == report.published_on.isoformat()
    with pytest.raises(ValidationError):
        actions.compile_report(agency, YEAR, acting_user=staff["clerk"])
    with pytest.raises(ValidationError):
        actions.save_narrative(report, acting_user=staff["clerk"], narrative={"一": "改"})
    assert verify().ok


def test_a_change_after_submission_voids_the_round(agency, staff):
    report = finish(actions.compile_report(agency, YEAR, acting_user=staff["clerk"]).report, staff)
    report = actions.submit_report(report, acting_user=staff["clerk"])
    report = actions.review_report(report, acting_user=staff["reviewer"], approve=True, opinion="同意")
    changed = dict(report.narrative)
    changed["五"] += "\n补充一段。"
    report = actions.save_narrative(report, acting_user=staff["clerk"], narrative=changed)
    assert report.status == ReportStatus.DRAFT
    assert review.current_round(report).status == "superseded"
    report = actions.submit_report(report, acting_user=staff["clerk"])
    assert review.current_round(report).number == 2


def test_a_returned_report_is_edited_and_resubmitted(agency, staff):
    report = finish(actions.compile_report(agency, YEAR, acting_user=staff["clerk"]).report, staff)
    report = actions.submit_report(report, acting_user=staff["clerk"])
    report = actions.review_report(
        report, acting_user=staff["reviewer"], approve=False, opinion="第五部分过于简略"
    )
    assert report.status == ReportStatus.RETURNED
    report = actions.submit_report(report, acting_user=staff["clerk"])
    assert report.status == ReportStatus.IN_REVIEW


def test_cross_year_rules_read_last_years_imported_report(agency, staff):
    from gongkai.annual_report import Report, render

    last = compiler.compile_tables(agency, YEAR - 1).tables
    wrong_r4 = {
        **last["section3"],
        "R4": [v + 1 for v in last["section3"]["R4"][:-1]] + [last["section3"]["R4"][-1] + 6],
    }
    published = Report(
        format="2021",
        year=YEAR - 1,
        agency=agency.name,
        published=f"{YEAR}-01-20",
        sections_present=["一", "二", "三", "四", "五", "六"],
        section2=compiler.with_fees(last, 0)["section2"],
        section3=wrong_r4,
        section4=last["section4"],
        narrative={"一": "总体情况。", "五": "问题。", "六": "未收取信息处理费。"},
    )
    (item,) = actions.import_reports(
        [("last.txt", render(published, "txt"))], acting_user=staff["clerk"], agency=agency, year=YEAR - 1
    )
    actions.process_import(item)
    report = actions.compile_report(agency, YEAR, acting_user=staff["clerk"]).report
    carry = [f for f in report.findings if f["rule"] == "X-CARRY"]
    assert len(carry) == 7 and report.errors >= 7
    assert compiler.previous_report(agency, YEAR)[1].startswith("导入的上一年度报告")


def test_permissions_and_scoping(agency, zone, staff):
    with pytest.raises(PermissionDenied):
        actions.compile_report(agency, YEAR, acting_user=staff["clerk_b"])
    with pytest.raises(PermissionDenied):
        actions.compile_report(agency, YEAR, acting_user=staff["reviewer"])
    with pytest.raises(PermissionDenied):
        actions.compile_report(
            agency, YEAR, acting_user=staff["office"]
        )  # the office reads, it does not write
    report = actions.compile_report(agency, YEAR, acting_user=staff["clerk"]).report
    with pytest.raises(PermissionDenied):
        actions.save_narrative(report, acting_user=staff["clerk_b"], narrative={"一": "x"})
    with pytest.raises(ValidationError):
        actions.compile_report(agency, 2020, acting_user=staff["clerk"])
    assert AnnualReport.objects.filter(agency=zone["b"]).count() == 0


def test_fees_are_validated_and_audited(agency, staff):
    report = actions.compile_report(agency, YEAR, acting_user=staff["clerk"]).report
    for amount, source in (("-1", "来源说明"), ("abc", "来源说明"), ("1.00001", "来源说明"), ("1", "无")):
        with pytest.raises(ValidationError):
            actions.set_fees(report, acting_user=staff["clerk"], amount=amount, source=source)
    report = actions.set_fees(
        report, acting_user=staff["clerk"], amount="12.5", source="财政非税收入系统导出"
    )
    assert report.fees_amount == Decimal("12.5")
    assert compiler.engine_report(report).section2["fees"] == 12.5
    assert AuditEvent.objects.filter(action="reports.set_fees").exists()


def test_redraft_replaces_the_narrative_from_the_facts(agency, staff):
    report = actions.compile_report(agency, YEAR, acting_user=staff["clerk"]).report
    report = actions.save_narrative(
        report, acting_user=staff["clerk"], narrative={"一": "自己写的", "五": "", "六": ""}
    )
    assert report.narrative["一"] == "自己写的"
    report = actions.redraft(report, acting_user=staff["clerk"])
    assert report.narrative["一"].startswith("（一）主动公开情况。2024年")


def test_review_kind_is_registered():
    assert REVIEW_KIND in review.kinds()


def test_imported_reports_need_an_agency_or_a_name(agency, staff):
    with pytest.raises(ValidationError):
        actions.import_reports(
            [("a.txt", b"x")], acting_user=staff["clerk"], agency=agency, external_name="别的机关"
        )
    assert ImportedReport.objects.count() == 0
