"""The narrative draft: sections 一, 五 and 六 written from the year's facts, for staff to finish.

Every count it states is read from the compiled tables or the year's facts, phrased the way the
engine's text rules read them (TX-APPS, TX-LIT, TX-DOCS, TX-FEE), so the draft never contradicts
its own tables. What only people know (the higher level's 工作要点, 建议提案, innovation) is left as
a "（请填写……）" prompt, and submission is refused while any prompt remains.
"""

from __future__ import annotations

from typing import Any

from .choices import PLACEHOLDER_MARK


def _row(tables: dict[str, Any], code: str) -> int:
    row = (tables.get("section3") or {}).get(code)
    return int(row[-1] or 0) if row else 0


def _group(tables: dict[str, Any], prefix: str) -> int:
    return sum(
        int(r[-1] or 0) for c, r in (tables.get("section3") or {}).items() if c.startswith(prefix + ".")
    )


def _lit(tables: dict[str, Any], *groups: str) -> int:
    s4 = tables.get("section4") or {}
    return sum(int((s4.get(g) or [0] * 5)[-1] or 0) for g in groups)


def _steps(names: list[str]) -> str:
    return "→".join(names) if names else "审核"


def section_one(name: str, year: int, tables: dict[str, Any], facts: dict[str, Any], rule_power: bool) -> str:
    s2 = tables.get("section2") or {}
    docs = s2.get("normative_documents") or [0, 0, 0]
    rules = s2.get("rules") or [0, 0, 0]
    published, late = facts.get("items_published", 0), facts.get("items_late", 0)
    timely = (
        f"其中{late}条超过信息形成或变更之日起20个工作日的公开时限"
        if late
        else "均在信息形成或变更之日起20个工作日内公开"
    )
    rules_text = (
        f"制发规章{rules[0]}件，废止规章{rules[1]}件，现行有效规章{rules[2]}件；" if rule_power else ""
    )
    credit = ""
    if facts.get("credit_reported"):
        credit = f"双公示信息报送迟报率{facts['credit_late_pct']}、合规率{facts['credit_compliance_pct']}。"
    active = (
        f"（一）主动公开情况。{year}年，{name}通过政府信息公开平台主动公开政府信息{published}条，{timely}。"
        f"{rules_text}本年制发行政规范性文件{docs[0]}件，废止行政规范性文件{docs[1]}件，"
        f"现行有效行政规范性文件{docs[2]}件。"
        f"作出行政许可决定{s2.get('licensing') or 0}件、行政处罚决定{s2.get('penalty') or 0}件、"
        f"行政强制决定{s2.get('coercion') or 0}件，均按规定予以公示。{credit}"
    )
    r1, r2, r37, r4 = (_row(tables, c) for c in ("R1", "R2", "R3.7", "R4"))
    if r1 == 0 and r2 == 0:
        apps = f"（二）依申请公开情况。{year}年，{name}未收到政府信息公开申请，无上年结转申请。"
    else:
        results = "、".join(
            f"{label}{n}件"
            for label, n in (
                ("予以公开", _row(tables, "R3.1")),
                ("部分公开", _row(tables, "R3.2")),
                ("不予公开", _group(tables, "R3.3")),
                ("无法提供", _group(tables, "R3.4")),
                ("不予处理", _group(tables, "R3.5")),
                ("其他处理", _group(tables, "R3.6")),
            )
            if n
        )
        late_apps = facts.get("apps_late", 0)
        timely_apps = f"有{late_apps}件未在法定期限内作出答复" if late_apps else "均在法定期限内作出答复"
        fee = (
            f"依法收取信息处理费的申请{facts['fee_cases']}件"
            if facts.get("fee_cases")
            else "未收取信息处理费"
        )
        apps = (
            f"（二）依申请公开情况。{year}年，{name}新收政府信息公开申请{r1}件，上年结转{r2}件；"
            f"本年度办结政府信息公开申请{r37}件{'（' + results + '）' if results else ''}，{timely_apps}，{fee}；"
            f"结转下年度继续办理{r4}件。"
        )
    management = (
        f"（三）政府信息管理情况。坚持“先审查、后公开”，拟公开的政府信息经{_steps(facts.get('publication_steps', []))}"
        f"逐级审核后发布，审核记录全程留痕；动态更新行政规范性文件库，逐件标注有效性。"
    )
    platform = (
        "（四）政府信息公开平台建设情况。依托政府信息公开平台设置政府信息公开指南、政府信息公开制度、"
        f"法定主动公开内容、政府信息公开年报等栏目，本年新增发布信息{published}条，提供检索、浏览和下载。"
    )
    inspections, findings = facts.get("inspections", 0), facts.get("findings", 0)
    rectified = facts.get("findings_rectified", 0)
    if inspections:
        checks = f"本年度接受政府信息公开工作检查{inspections}次，发现问题{findings}个，已整改{rectified}个"
        checks += f"，{findings - rectified}个正在整改。" if findings > rectified else "。"
    else:
        checks = "本年度未接受政府信息公开工作专项检查，坚持开展自查。"
    complaints = facts.get("complaints", 0)
    complaint_text = (
        f"收到涉及政府信息公开工作的投诉举报{complaints}件，已办结{facts.get('complaints_closed', 0)}件。"
        if complaints
        else "未收到涉及政府信息公开工作的投诉举报。"
    )
    rv, lit = _lit(tables, "RV"), _lit(tables, "LD", "LR")
    if rv == 0 and lit == 0:
        appeals = "未发生因政府信息公开引起的行政复议、行政诉讼。"
    else:
        appeals = f"因政府信息公开被申请行政复议{rv}件，被提起行政诉讼{lit}件。"
    oversight = f"（五）监督保障情况。{checks}{complaint_text}{appeals}"
    return "\n".join((active, apps, management, platform, oversight))


def section_five(year: int, tables: dict[str, Any], facts: dict[str, Any], previous_five: str) -> str:
    problems = []
    if facts.get("items_late"):
        problems.append(f"主动公开时效有待提高，{facts['items_late']}条信息超过20个工作日公开时限")
    if facts.get("apps_late"):
        problems.append(f"依申请公开办理时效有待提高，{facts['apps_late']}件申请未在法定期限内答复")
    open_findings = facts.get("findings", 0) - facts.get("findings_rectified", 0)
    if open_findings > 0:
        problems.append(f"检查发现的问题尚有{open_findings}个未整改完毕")
    if not problems:
        problems.append(f"{PLACEHOLDER_MARK}本年度工作中存在的主要问题）")
    listed = "；".join(f"{'一二三四五六'[i]}是{p}" for i, p in enumerate(problems))
    follow_up = (
        f"（一）上年度问题整改情况。{PLACEHOLDER_MARK}对照上年度报告第五部分提出的问题，逐项说明整改情况）"
        if previous_five.strip()
        else "（一）上年度问题整改情况。上年度报告未提出需要整改的问题。"
    )
    return "\n".join(
        (
            follow_up,
            f"（二）存在的主要问题。{listed}。",
            f"（三）改进措施。{PLACEHOLDER_MARK}针对上述问题的改进措施和时限）",
        )
    )


def section_six(year: int, facts: dict[str, Any]) -> str:
    if facts.get("fee_cases"):
        fee = (
            f"（一）信息处理费收取情况。{year}年依据《政府信息公开信息处理费管理办法》"
            f"对{facts['fee_cases']}件申请收取信息处理费，共计{facts['fee_amount']}元。"
        )
    else:
        fee = f"（一）信息处理费收取情况。{year}年未收取信息处理费。"
    return "\n".join(
        (
            fee,
            f"（二）落实上级年度政务公开工作要点情况。{PLACEHOLDER_MARK}落实上级机关{year}年政务公开工作要点的情况）",
            f"（三）人大代表建议和政协提案办理结果公开情况。{PLACEHOLDER_MARK}办理结果公开情况；没有承办任务的填写“无”）",
            f"（四）政务公开工作创新情况。{PLACEHOLDER_MARK}本年度的创新做法；没有的填写“无”）",
        )
    )


def draft(
    name: str,
    year: int,
    tables: dict[str, Any],
    facts: dict[str, Any],
    *,
    rule_power: bool,
    previous_five: str = "",
) -> dict[str, str]:
    return {
        "一": section_one(name, year, tables, facts, rule_power),
        "五": section_five(year, tables, facts, previous_five),
        "六": section_six(year, facts),
    }


def placeholders(narrative: dict[str, str]) -> list[str]:
    """Sections that still hold a prompt of the draft."""
    return [k for k in ("一", "五", "六") if PLACEHOLDER_MARK in (narrative.get(k) or "")]
