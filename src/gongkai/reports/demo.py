"""Demo annual reports, through the actions (idempotent: skipped once the seed bureau has reports).

- 行政审批局 (gxq-xzspj), the seed's bureau: its real published 2023 report (data/seed-…txt, the
  seed) imported and read by the engine; the 2023 report compiled from the demo data, which gives
  exactly the seed's numbers (行政许可 11741, 行政处罚 61, 行政强制 0, no documents, no fees, no
  applications, no appeals); 2025 compiled, reviewed and published (late, so the supervising office
  sees it); this year compiled with activity in every section and its narrative drafted.
- The other bureaus: 市场监督管理局 compiled 2025 and left it unsubmitted, the others have nothing.
- Two zone agencies not on the system, their published 2025 reports imported by the 管委会: one
  correct, one whose section 三 does not add up (S3-BAL).
- Inspections of 行政审批局 by the 管委会: last year's rectified, this year's still open. (Complaints
  come from the complaints app's demo; their counts feed this year's draft.)
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from gongkai.orgs.models import Agency, User

from . import actions
from .choices import PLACEHOLDER_MARK, ReportStatus
from .models import AnnualReport

SLUG = "gxq-xzspj"
SEED = Path(__file__).with_name("data") / "seed-2023-gxq-xzspj.txt"
SEED_YEAR = 2023
FILLED_SIX = {
    "（二）": "（二）落实上级年度政务公开工作要点情况。按照高新区年度政务公开工作要点，"
    "围绕优化营商环境做好行政审批信息公开，逐项落实、按季调度。",
    "（三）": "（三）人大代表建议和政协提案办理结果公开情况。本年度无承办的人大代表建议和政协提案。",
    "（四）": "（四）政务公开工作创新情况。推行审批结果“一窗通知、网上可查”，方便企业群众查询办理进度。",
}


def _fill_six(six: str) -> str:
    """Section 六 of the draft with every prompt answered, as staff would finish it."""
    return "\n".join(
        next((v for k, v in FILLED_SIX.items() if line.startswith(k)), line) for line in six.splitlines()
    )


def _five(year: int) -> str:
    return (
        "（一）上年度问题整改情况。针对上年度报告提出的信息公开质量不高等问题，修订了信息发布审核办法，"
        "组织业务培训2次。\n"
        f"（二）存在的主要问题。{year}年部分审批结果信息更新不够及时，政策解读形式较为单一。\n"
        "（三）改进措施。一是压实各科室信息报送责任，审批结果信息办结后即时公开；二是丰富图解、问答等解读形式。"
    )


def _withdraw_misfiled_documents(agency: Agency, users: dict[str, User]) -> int:
    """The seed bureau made no 规范性文件 in 2023: catalog items of 2023 imported from the old site as
    规范性文件 were filed under the wrong kind. They are taken down (withdrawn, with the reason)."""
    from gongkai.publications.actions import withdraw_item
    from gongkai.publications.choices import ItemKind, Status
    from gongkai.publications.models import Item

    from .sources import section2_documents

    if section2_documents(agency, SEED_YEAR)["normative_documents"] == [0, 0, 0]:
        return 0
    end = date(SEED_YEAR, 12, 31)
    misfiled = [
        item
        for item in Item.objects.filter(agency=agency, kind=ItemKind.NORMATIVE, status=Status.PUBLISHED)
        if (item.written_on or timezone.localtime(item.published_at).date()) <= end
    ]
    for item in misfiled:
        withdraw_item(
            item,
            acting_user=users["fuzeren"],
            reason="原网站迁移时误标为行政规范性文件：本局2023年未制发行政规范性文件，经核查撤下更正",
        )
    return len(misfiled)


def _credit(agency: Agency, rows: list[dict], key: str, name: str) -> None:
    """Records through the credit app's import (as an agency's file would arrive)."""
    from gongkai.credit import actions as credit_actions
    from gongkai.credit import samples
    from gongkai.credit.models import RecordSet
    from gongkai.credit.schema import builtin

    record_set = RecordSet.objects.get(key=key)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        samples.write_csv(path, rows, [f.code for f in builtin(key).fields])
        job = credit_actions.create_import_job(
            acting_user=None, agency=agency, record_set=record_set, file_name=name, source=path
        )
    outcome = credit_actions.run_import(job, acting_user=None)
    if outcome.state != "done":
        raise RuntimeError(f"演示数据导入失败：{name}：{outcome.message} {outcome.errors[:3]}")


def _seed_year_credit(agency: Agency) -> None:
    """The seed's 2023 volumes, when the credit demo has not loaded them."""
    from gongkai.credit import samples
    from gongkai.credit.metrics import section2_counts

    counts = section2_counts(agency, SEED_YEAR)
    start, end = date(SEED_YEAR, 1, 3), date(SEED_YEAR, 12, 27)
    if counts["licensing"] == 0:
        _credit(
            agency,
            list(samples.licensing_rows(11_741, start=start, end=end, seed=2023)),
            "xk",
            "许可2023.csv",
        )
    if counts["penalty"] == 0:
        _credit(agency, list(samples.penalty_rows(61, start=start, end=end, seed=61)), "cf", "处罚2023.csv")


def _coercion(agency: Agency, year: int, count: int) -> None:
    """A few 行政强制 decisions this year, so section 二 has activity in every line."""
    import random

    from gongkai.credit import samples

    rng = random.Random(year)
    today = timezone.localdate()
    rows = []
    for n in range(count):
        day = date(year, 3, 1) + timedelta(days=int((today - date(year, 3, 10)).days * n / count))
        rows.append(
            {
                "QZ_XDR_MC": samples.company(rng),
                "QZ_XDR_LB": "法人及非法人组织",
                "QZ_XDR_SHXYM": samples.credit_code(rng),
                "QZ_WSH": f"唐高审强〔{year}〕{n + 1}号",
                "QZ_QZLB": "行政强制措施",
                "QZ_NR": "查封违法使用的施工设备",
                "QZ_YJ": "《中华人民共和国行政强制法》第九条",
                "QZ_JDRQ": day.isoformat(),
                "QZ_JG": agency.name,
                "QZ_JGDM": agency.credit_code,
            }
        )
    _credit(agency, rows, "qz", f"强制{year}.csv")


def _external_report(name: str, year: int, *, broken: bool) -> bytes:
    """A zone agency's published report, as the engine would print it (text)."""
    from gongkai.annual_report import FORMAT_2021, Report, render

    s3 = {code: [0] * 7 for code in FORMAT_2021.row_codes}
    s3["R1"] = [3, 1, 0, 0, 0, 0, 4]
    s3["R3.1"] = [2, 1, 0, 0, 0, 0, 3]
    s3["R3.7"] = [2, 1, 0, 0, 0, 0, 3]
    s3["R4"] = [1, 0, 0, 0, 0, 0, 1]
    if broken:  # the carried-over application is missing from 结转下年度: 4 + 0 ≠ 3 + 0
        s3["R4"] = [0, 0, 0, 0, 0, 0, 0]
    report = Report(
        format="2021",
        year=year,
        agency=name,
        published=f"{year + 1}-01-20",
        sections_present=["一", "二", "三", "四", "五", "六"],
        section2={
            "rules": [0, 0, 0],
            "normative_documents": [1, 0, 3],
            "licensing": 0,
            "penalty": 2,
            "coercion": 0,
            "fees": 0,
        },
        section3=s3,
        section4={"RV": [0, 0, 0, 0, 0], "LD": [0, 0, 0, 0, 0], "LR": [0, 0, 0, 0, 0]},
        narrative={
            "一": f"{year}年，本街道新收政府信息公开申请4件，办结3件，结转下年度继续办理1件。",
            "五": "主要问题是信息更新不够及时。改进措施是明确专人负责、每月检查栏目。",
            "六": f"{year}年未收取信息处理费。无其他需要报告的事项。",
        },
        title=f"{name}{year}年政府信息公开工作年度报告",
    )
    return render(report, "txt")


def load() -> list[str]:
    agency = Agency.objects.filter(slug=SLUG).first()
    names = ("jingban", "shenhe", "baomi", "fuzeren", "jiguan", "jianguan", "shichang")
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    if agency is None or len(users) < len(names):
        return []
    if AnnualReport.objects.filter(agency=agency).exists():
        return ["年度报告：演示数据已存在，跳过。"]
    clerk, office = users["jingban"], users["jianguan"]
    today = timezone.localdate()
    this_year, last_year = today.year, today.year - 1
    lines = []

    withdrawn = _withdraw_misfiled_documents(agency, users)
    _seed_year_credit(agency)
    _coercion(agency, this_year, 3)

    # The seed: the bureau's real 2023 report, imported as published and read by the engine.
    (seed_item,) = actions.import_reports(
        [(SEED.name, SEED.read_bytes())], acting_user=clerk, agency=agency, year=SEED_YEAR
    )
    seed_item = actions.process_import(seed_item, acting_user=clerk)

    # Supervision records of the years the reports cover.
    inspection = actions.record_inspection(
        acting_user=office,
        agency=agency,
        kind="irregular",
        inspected_on=date(last_year, 9, 12),
        scope="政府信息公开平台栏目设置、主动公开时效、依申请公开办理",
        inspectors="吴监管、郑检查",
        findings=["“法定主动公开内容”栏目部分审批结果更新不及时", "依申请公开答复书未载明救济途径"],
        due_on=date(last_year, 11, 30),
    )
    first, second = inspection.findings.order_by("number")
    actions.rectify_finding(
        first,
        acting_user=clerk,
        rectification="建立审批结果办结即公开机制，已补充公开全部审批结果",
        rectified_on=date(last_year, 10, 20),
    )
    actions.rectify_finding(
        second,
        acting_user=clerk,
        rectification="修订答复书模板，载明复议机关和起诉期限",
        rectified_on=date(last_year, 10, 28),
    )
    actions.record_inspection(
        acting_user=office,
        agency=agency,
        kind="special",
        inspected_on=today - timedelta(days=40),
        scope="政务公开专项检查：政策解读和回应关切",
        findings=["政策解读形式单一，缺少图解", "部分信息公开目录的内容概述不完整"],
        due_on=today + timedelta(days=20),
    )

    # 2023: compiled from the demo data, narrative taken from the published report.
    seed = actions.compile_report(agency, SEED_YEAR, acting_user=clerk).report
    seed_narrative = seed_item.data["narrative"]
    actions.set_fees(
        seed, acting_user=clerk, amount=Decimal("0"), source="本局不收取行政事业性收费（收费项目清单为空）"
    )
    actions.save_narrative(
        seed,
        acting_user=clerk,
        narrative={
            "一": seed_narrative["一"],
            "五": seed_narrative["五"],
            "六": _fill_six(seed.narrative["六"]),
        },
    )

    # Last year: compiled, written, through the chain and published (after the deadline).
    report = actions.compile_report(agency, last_year, acting_user=clerk).report
    actions.set_fees(
        report, acting_user=clerk, amount=Decimal("0"), source="本局不收取行政事业性收费（收费项目清单为空）"
    )
    narrative = {
        "一": report.narrative["一"],
        "五": _five(last_year),
        "六": _fill_six(report.narrative["六"]),
    }
    report = actions.save_narrative(report, acting_user=clerk, narrative=narrative)
    warnings = [f for f in report.findings if f["severity"] == "warning"]
    if warnings:
        from .compile import finding_key

        actions.acknowledge(
            report, acting_user=clerk, keys=[finding_key(f) for f in warnings], note="已核实，情况属实"
        )
    actions.submit_report(report, acting_user=clerk)
    for username, opinion in (
        ("shenhe", "数据与台账核对一致，同意。"),
        ("baomi", "经审查不涉及国家秘密，同意公开。"),
        ("fuzeren", "同意发布。"),
    ):
        actions.review_report(report, acting_user=users[username], approve=True, opinion=opinion)
    actions.publish_report(report, acting_user=clerk)

    # This year: compiled with the draft narrative, for staff to finish.
    current = actions.compile_report(agency, this_year, acting_user=clerk).report
    actions.set_fees(
        current, acting_user=clerk, amount=Decimal("1.25"), source="财政非税收入管理系统导出（演示）"
    )

    market = Agency.objects.filter(slug="gxq-scjgj").first()
    if market is not None:
        actions.compile_report(market, last_year, acting_user=users["shichang"])

    for name, broken in (("唐山高新区大庆道街道办事处", False), ("唐山高新区龙泉街道办事处", True)):
        (item,) = actions.import_reports(
            [
                (
                    f"{name}{last_year}年政府信息公开工作年度报告.txt",
                    _external_report(name, last_year, broken=broken),
                )
            ],
            acting_user=office,
            external_name=name,
            external_level="township",
            year=last_year,
            published_on=date(this_year, 1, 20),
        )
        actions.process_import(item, acting_user=office)

    reminders = actions.raise_reminders(today=date(this_year, 2, 1))
    published = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).count()
    assert PLACEHOLDER_MARK not in "".join(report.narrative.values())
    lines.append(
        f"年度报告：{agency.short_name} {SEED_YEAR} 年报告已导入（种子）并按系统数据编制（行政许可 "
        f"{seed.tables['section2']['licensing']}、行政处罚 {seed.tables['section2']['penalty']}）；"
        f"{last_year} 年已发布 {published} 份，{this_year} 年草稿待完成；导入 2 个未使用本系统机关的报告"
    )
    if withdrawn:
        lines.append(f"  撤下 {withdrawn} 条原网站误标为 2023 年行政规范性文件的目录信息")
    lines.append(
        f"  期限提醒 {reminders} 条；汇总与监督 /staff/reports/supervision/ ，门户 /gk/{SLUG}/annual/"
    )
    return lines
