"""Demo 双公示 data for the seed bureau (行政审批局, slug gxq-xzspj), through the actions.

- 2023, as reported at the time (history: each record reported two working days after its
  decision): 11,741 licensing and 61 penalty decisions, no coercion — section 二 of its 2023 report.
- This year: a register of licences and penalties imported from files, with one record reported
  late and one that fails validation (kept as 待更正), so the quality figures move; a natural
  person (masked), a minor (not published), a 轻微 penalty (not published since 2026-04-01), a
  withdrawn and a repaired penalty.
- Agency-defined sets: 行政管理信用信息, 水费, 燃气费.
Idempotent: skipped when the bureau already has credit records.
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from gongkai.core.workdays import get_index
from gongkai.orgs.models import Agency

from . import actions, samples
from .choices import Status, WithdrawKind
from .models import CreditRecord, RecordSet
from .schema import builtin

SLUG = "gxq-xzspj"
VOLUMES_2023 = {"licensing": 11_741, "penalty": 61}


def _after(workdays: int) -> Callable[[date], datetime]:
    index = get_index()

    def reported(decision: date) -> datetime:
        return timezone.make_aware(datetime.combine(index.add(decision, workdays), time(10, 0)))

    return reported


def _import(agency, record_set, rows, columns, name: str, **kwargs) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        samples.write_csv(path, rows, columns)
        job = actions.create_import_job(
            acting_user=None,
            agency=agency,
            record_set=record_set,
            file_name=name,
            source=path,
            good_rows=kwargs.pop("good_rows", False),
        )
    outcome = actions.run_import(job, acting_user=None, **kwargs)
    if outcome.state != "done":
        raise RuntimeError(f"演示数据导入失败：{name}：{outcome.message} {outcome.errors[:3]}")


def _columns(key: str) -> list[str]:
    return [f.code for f in builtin(key).fields]


def _this_year(agency: Agency, xk: RecordSet, cf: RecordSet) -> None:
    today = timezone.localdate()
    index = get_index()
    start = index.add(today - timedelta(days=70), 1)
    end = today - timedelta(days=12)
    licences = list(
        samples.licensing_rows(
            40, start=start, end=end, seed=today.year, first_serial=1, doc_prefix="唐高审许"
        )
    )
    late = licences[0]  # decided long before it was reported
    late_decision = index.add(today - timedelta(days=90), 1)  # before every other row's date
    late["XK_JDRQ"] = late["XK_YXQZ"] = late_decision.isoformat()
    bad = licences[-1]  # a wrong check character: kept as 待更正, not published
    bad["XK_XDR_LB"], bad["XK_XDR_SHXYM"] = "法人及非法人组织", "91130200MA0A1B2C3D"
    bad.pop("XK_XDR_ZJLX", None)
    bad.pop("XK_XDR_ZJHM", None)
    bad.setdefault("XK_FRDB", "王伟")
    late_row = late["XK_WSH"]

    def reported(decision: date) -> datetime:
        if decision == late_decision:
            return timezone.make_aware(datetime.combine(index.add(decision, 15), time(10, 0)))
        return timezone.make_aware(datetime.combine(index.add(decision, 2), time(10, 0)))

    _import(
        agency, xk, licences, _columns("xk"), f"许可{today.year}.csv", reported_at=reported, good_rows=True
    )
    assert CreditRecord.objects.filter(agency=agency, doc_no=late_row, is_late=True).exists()

    p_start = date(today.year, 4, 10)
    penalties = list(
        samples.penalty_rows(
            8, start=p_start, end=end, seed=today.year + 1, first_serial=1, doc_prefix="唐高审罚"
        )
    )
    child = penalties[1]
    child.update(
        {
            "CF_XDR_MC": "李小明",
            "CF_XDR_LB": "自然人",
            "CF_XDR_ZJLX": "身份证",
            "CF_XDR_ZJHM": samples.id_number(random.Random(7), date(today.year - 15, 3, 1)),
        }
    )
    for k in ("CF_XDR_SHXYM", "CF_FRDB"):
        child.pop(k, None)
    person = penalties[2]
    person.update(
        {
            "CF_XDR_MC": "张三丰",
            "CF_XDR_LB": "自然人",
            "CF_XDR_ZJLX": "身份证",
            "CF_XDR_ZJHM": "11010519491231002X",
        }
    )
    for k in ("CF_XDR_SHXYM", "CF_FRDB"):
        person.pop(k, None)
    penalties[3].update({"CF_YZCD": "轻微", "CF_CFLB": "警告", "CF_NR": "警告"})
    penalties[3].pop("CF_NR_FK", None)
    penalties[3].pop("CF_NR_WFFF", None)
    _import(agency, cf, penalties, _columns("cf"), f"处罚{today.year}.csv", reported_at=_after(3))
    withdrawn = CreditRecord.objects.get(agency=agency, record_set=cf, doc_no=penalties[4]["CF_WSH"])
    actions.withdraw_record(
        withdrawn,
        acting_user=None,
        kind=WithdrawKind.REVOKED,
        reason=f"该处罚决定经行政复议被撤销（唐高复决〔{today.year}〕3号）",
        changed_on=today - timedelta(days=1),
    )
    repaired = CreditRecord.objects.get(agency=agency, record_set=cf, doc_no=penalties[0]["CF_WSH"])
    if repaired.status == Status.PUBLISHED and repaired.repairable_from and repaired.repairable_from <= today:
        actions.repair_record(
            repaired,
            acting_user=None,
            note=f"当事人已履行处罚决定并提交信用承诺，经审核准予信用修复（唐高审修〔{today.year}〕1号）",
        )


CUSTOM_SETS = (
    (
        "行政管理信用信息",
        [
            {"code": "BH", "name": "信息编号", "type": "text", "required": True},
            {"code": "MC", "name": "主体名称", "type": "text", "required": True},
            {"code": "TYSHXYDM", "name": "统一社会信用代码", "type": "credit_code", "required": True},
            {
                "code": "XXLB",
                "name": "信息类别",
                "type": "choice",
                "required": True,
                "options": ["资质", "检查", "表彰", "其他"],
            },
            {"code": "NR", "name": "信息内容", "type": "text", "required": True},
            {"code": "RQ", "name": "认定日期", "type": "date", "required": True},
        ],
        {"doc_no": "BH", "subject_name": "MC", "subject_code": "TYSHXYDM", "decision_date": "RQ"},
    ),
    (
        "水费",
        [
            {"code": "HH", "name": "户号", "type": "text", "required": True},
            {"code": "HM", "name": "户名", "type": "text", "required": True},
            {"code": "ZQ", "name": "账期", "type": "text", "required": True},
            {"code": "YSL", "name": "用水量（吨）", "type": "decimal", "required": True},
            {"code": "JE", "name": "应缴金额（万元）", "type": "amount", "required": True},
            {"code": "JFRQ", "name": "缴费日期", "type": "date"},
        ],
        {"doc_no": "HH", "subject_name": "HM"},
    ),
    (
        "燃气费",
        [
            {"code": "HH", "name": "户号", "type": "text", "required": True},
            {"code": "HM", "name": "户名", "type": "text", "required": True},
            {"code": "ZQ", "name": "账期", "type": "text", "required": True},
            {"code": "YQL", "name": "用气量（立方米）", "type": "decimal", "required": True},
            {"code": "JE", "name": "应缴金额（万元）", "type": "amount", "required": True},
        ],
        {"doc_no": "HH", "subject_name": "HM"},
    ),
)


def _custom(agency: Agency) -> None:
    rng = random.Random(5480)
    today = timezone.localdate()
    for name, fields, roles in CUSTOM_SETS:
        record_set = RecordSet.objects.filter(agency=agency, name=name).first() or actions.define_set(
            acting_user=None, agency=agency, name=name, fields=fields, roles=roles, description="演示数据集"
        )
        rows = []
        for n in range(30):
            company = samples.company(rng)
            if name == "行政管理信用信息":
                rows.append(
                    {
                        "信息编号": f"XYGL{today.year}{n + 1:05d}",
                        "主体名称": company,
                        "统一社会信用代码": samples.credit_code(rng),
                        "信息类别": rng.choice(["资质", "检查", "表彰"]),
                        "信息内容": "年度“双随机、一公开”抽查未发现问题",
                        "认定日期": (today - timedelta(days=40 - n)).isoformat(),
                    }
                )
            else:
                amount = round(rng.uniform(0.005, 0.2), 4)
                row = {
                    "户号": f"{'SF' if name == '水费' else 'RQ'}{100000 + n}",
                    "户名": company,
                    "账期": f"{today.year}-{today.month:02d}",
                }
                row["用水量（吨）" if name == "水费" else "用气量（立方米）"] = str(rng.randint(10, 900))
                row["应缴金额（万元）"] = str(amount)
                rows.append(row)
        columns = list(rows[0])
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{name}.csv"
            with open(path, "w", encoding="gb18030", newline="") as handle:  # an old system's GBK export
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
            job = actions.create_import_job(
                acting_user=None, agency=agency, record_set=record_set, file_name=path.name, source=path
            )
        actions.run_import(job, acting_user=None)


def load() -> list[str]:
    agency = Agency.objects.filter(slug=SLUG).first()
    if agency is None:
        return []
    if CreditRecord.objects.filter(agency=agency).exists():
        return [f"双公示演示数据已存在：{agency.short_name}"]
    xk, cf = RecordSet.objects.get(key="xk"), RecordSet.objects.get(key="cf")
    year_start, year_end = date(2023, 1, 3), date(2023, 12, 27)
    _import(
        agency,
        xk,
        samples.licensing_rows(VOLUMES_2023["licensing"], start=year_start, end=year_end, seed=2023),
        _columns("xk"),
        "行政许可2023.csv",
        reported_at=_after(2),
    )
    _import(
        agency,
        cf,
        samples.penalty_rows(VOLUMES_2023["penalty"], start=year_start, end=year_end, seed=61),
        _columns("cf"),
        "行政处罚2023.csv",
        reported_at=_after(2),
    )
    _this_year(agency, xk, cf)
    _custom(agency)
    return [
        f"双公示：{agency.short_name} 2023 年行政许可 {VOLUMES_2023['licensing']} 条、行政处罚 {VOLUMES_2023['penalty']} 条；"
        f"今年的许可、处罚（含 1 条迟报、1 条不合规）及自定义数据集 行政管理信用信息、水费、燃气费",
        f"  公示页面 /gk/{SLUG}/sgs/ ，质量统计 /staff/credit/quality/",
    ]
