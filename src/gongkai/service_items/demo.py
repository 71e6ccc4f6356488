"""Demo 政务服务事项 for the seed bureau (行政审批局, gxq-xzspj), through the actions.

Six items from data/demo_items.json, each with its 申请材料 and generated 样表 (DOCX / XLSX), reviewed
by the demo chain (经办 → 审核 → 保密审查 → 负责人) and published; their 批准结果公示 come from licensing
decisions imported into 双公示 with the items' 事项编码 (XK_SXBM). Then one published item gets a
revision now under review (the portal keeps showing version 1), and one new item stays a draft.
Idempotent: skipped when the bureau already has service items.
"""

from __future__ import annotations

import io
import json
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from gongkai.orgs.models import Agency, User

from . import actions
from .models import ServiceItem

SLUG = "gxq-xzspj"
DATA = Path(__file__).with_name("data") / "demo_items.json"
USERS = ("jingban", "shenhe", "baomi", "fuzeren")


def code_for(agency: Agency, basic: str) -> str:
    """实施编码 as the 一体化平台 forms it: the agency's 统一社会信用代码 + the item's basic code."""
    return f"{agency.credit_code}{basic}"


def _docx(title: str, rows: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    table = document.add_table(rows=len(rows), cols=2)
    for row, label in zip(table.rows, rows, strict=True):
        row.cells[0].text = label
        row.cells[1].text = "（示例：请如实填写）"
    document.add_paragraph("申请人（签字或盖章）：　　　　　　　年　　月　　日")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(title: str, headers: list[str]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("样表")
    sheet.write(0, 0, title)
    sheet.write_row(1, 0, headers)
    sheet.write_row(2, 0, ["（示例）"] * len(headers))
    workbook.close()
    return buffer.getvalue()


def _sample(kind: str, material: str, item_name: str) -> tuple[str, bytes]:
    if kind == "table":
        return f"{material}（样表）.xlsx", _xlsx(
            material, ["项目名称", "建设地点", "总投资（万元）", "建设规模和内容"]
        )
    fields = {
        "application": [
            "申请人名称",
            "统一社会信用代码",
            "法定代表人（负责人）",
            "联系电话",
            "申请事项",
            "申请理由",
        ],
        "layout": ["场所地址", "使用面积（平方米）", "功能分区", "主要设备设施"],
        "pledge": ["建设单位", "项目名称", "资金来源", "承诺内容"],
    }[kind]
    return f"{material}（样表）.docx", _docx(f"{item_name}：{material}", fields)


def _review(item: ServiceItem, users: dict[str, User]) -> None:
    actions.submit_item(item, acting_user=users["jingban"])
    for username, opinion in (
        ("shenhe", "事项要素齐全，同意。"),
        ("baomi", "经审查不涉及国家秘密，同意公开。"),
        ("fuzeren", "同意发布。"),
    ):
        actions.review_item(item, acting_user=users[username], approve=True, opinion=opinion)


def _create(agency: Agency, spec: dict, users: dict[str, User]) -> ServiceItem:
    clerk = users["jingban"]
    item = actions.create_item(
        acting_user=clerk,
        agency=agency,
        code=code_for(agency, spec["basic"]),
        name=spec["name"],
        item_type=spec["item_type"],
        implementer=agency.name,
        basis=spec["basis"],
        conditions=spec["conditions"],
        procedure=spec["procedure"],
        legal_days=spec["legal_days"],
        promised_days=spec["promised_days"],
        charges=spec["charges"],
        fee_standard=spec.get("fee_standard", ""),
        fee_basis=spec.get("fee_basis", ""),
        place=f"{agency.office_address or '政务服务中心'}综合受理窗口",
        hours="法定工作日 上午 8:30—12:00，下午 14:30—17:30",
        consult_phone=agency.phone or "0315-0000011",
        complaint_phone="0315-12345",
    )
    for name, copies, medium, required, note, sample in spec["materials"]:
        material = actions.add_material(
            item, acting_user=clerk, name=name, copies=copies, medium=medium, required=required, note=note
        )
        if sample:
            file_name, data = _sample(sample, name, spec["name"])
            actions.attach_sample(material, acting_user=clerk, name=file_name, data=data)
    return item


def _approvals(agency: Agency, specs: list[dict]) -> int:
    """Licensing decisions naming the items' 事项编码, imported into 双公示 as the bureau reports them."""
    from gongkai.core.workdays import get_index
    from gongkai.credit import actions as credit_actions
    from gongkai.credit import samples
    from gongkai.credit.models import RecordSet
    from gongkai.credit.schema import builtin

    licensing = RecordSet.objects.filter(key="xk").first()
    if licensing is None:
        return 0
    today = timezone.localdate()
    rows, serial = [], 9001
    for n, spec in enumerate(specs):
        if not spec["licence"] or not spec["approvals"]:
            continue
        certificate, content, kind = spec["licence"]
        batch = samples.licensing_rows(
            spec["approvals"],
            start=today - timedelta(days=120),
            end=today - timedelta(days=10),
            seed=800 + n,
            doc_prefix="唐高审服许",
            first_serial=serial,
        )
        for row in batch:
            row.update(
                {
                    "XK_XKWS": f"{content}决定书",
                    "XK_NR": f"{content}（{spec['name']}）",
                    "XK_XKZS": certificate,
                    "XK_XKLB": kind,
                    "XK_SXBM": code_for(agency, spec["basic"]),
                }
            )
            rows.append(row)
        serial += spec["approvals"]
    if not rows:
        return 0
    index = get_index()

    def reported(decision):
        return timezone.make_aware(datetime.combine(index.add(decision, 2), time(10, 0)))

    columns = [f.code for f in builtin("xk").fields]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "政务服务事项批准结果.csv"
        samples.write_csv(path, rows, columns)
        job = credit_actions.create_import_job(
            acting_user=None,
            agency=agency,
            record_set=licensing,
            file_name=path.name,
            source=path,
            good_rows=True,
        )
    credit_actions.run_import(job, acting_user=None, reported_at=reported)
    return len(rows)


def load() -> list[str]:
    agency = Agency.objects.filter(slug=SLUG).first()
    users = {u.username: u for u in User.objects.filter(username__in=USERS)}
    if agency is None or len(users) < len(USERS):
        return []
    if ServiceItem.objects.filter(agency=agency).exists():
        return ["政务服务事项：演示数据已存在，跳过。"]
    specs = json.loads(DATA.read_text(encoding="utf-8"))["items"]
    items = []
    for spec in specs:
        item = _create(agency, spec, users)
        _review(item, users)
        actions.publish_item(item, acting_user=users["jingban"])
        items.append(item)
    approvals = _approvals(agency, specs)
    # A revision under review: version 1 stays on the portal until it is published.
    revised = items[0]
    actions.update_item(revised, acting_user=users["jingban"], promised_days=3)
    actions.submit_item(revised, acting_user=users["jingban"])
    actions.review_item(revised, acting_user=users["shenhe"], approve=True, opinion="压缩承诺时限，同意。")
    draft = actions.create_item(
        acting_user=users["jingban"],
        agency=agency,
        code=code_for(agency, "000117050000"),
        name="户外广告设施设置审批（草稿）",
        item_type="licensing",
        basis="《城市市容和环境卫生管理条例》第十一条",
        conditions="设置户外广告设施符合城市户外广告设置规划",
        procedure="申请\n受理\n审查\n决定",
        legal_days=20,
        promised_days=5,
        place="政务服务中心综合受理窗口",
        hours="法定工作日",
        consult_phone=agency.phone or "0315-0000011",
        complaint_phone="0315-12345",
    )
    return [
        f"政务服务事项：{agency.short_name} 发布 {len(items)} 个事项（含样表），批准结果 {approvals} 条；"
        f"“{revised.name}”的修订稿审核中，“{draft.name}”为草稿"
    ]
