"""Builders of portal test data, all through the apps' actions (shared by tests/portal, tests/service_items
and the browser tests)."""

from __future__ import annotations

import io
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from gongkai.core import review

ONE_STEP = [review.Step("负责人签发", "leader")]


def one_step_chains(agency) -> None:
    """A one-step review (the leader signs off) for publications and service items."""
    from gongkai.publications.choices import REVIEW_KIND as PUB_KIND
    from gongkai.service_items.choices import REVIEW_KIND as SVC_KIND

    review.set_chain(agency, PUB_KIND, ONE_STEP, acting_user=None)
    review.set_chain(agency, SVC_KIND, ONE_STEP, acting_user=None)


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def published_item(agency, clerk, leader, title: str, body: str = "正文内容。", **fields):
    """A catalog item (publications) taken through the chain and published."""
    from gongkai.publications import actions

    values = {
        "category": "20.5",
        "formed_on": timezone.localdate() - timedelta(days=1),
        "body": body,
    } | fields
    item = actions.create_item(acting_user=clerk, agency=agency, title=title, **values)
    actions.submit_item(item, acting_user=clerk)
    actions.review_item(item, acting_user=leader, approve=True, opinion="同意发布。")
    return actions.publish_item(item, acting_user=clerk)


SERVICE_FIELDS = {
    "item_type": "licensing",
    "basis": "《中华人民共和国食品安全法》第三十五条",
    "conditions": "具有与经营的食品品种相适应的场所\n有食品安全管理制度",
    "procedure": "申请\n受理\n审查\n决定",
    "legal_days": 20,
    "promised_days": 5,
    "charges": False,
    "place": "政务服务中心一楼 12 号窗口",
    "hours": "法定工作日 8:30—17:30",
    "consult_phone": "0315-1234567",
    "complaint_phone": "0315-12345",
}


def service_item(
    agency, clerk, leader, *, code: str, name: str, publish: bool = True, sample: bool = True, **fields
):
    """A service item with two materials (the first with a DOCX 样表), reviewed and published."""
    from gongkai.service_items import actions

    item = actions.create_item(
        acting_user=clerk, agency=agency, code=code, name=name, **(SERVICE_FIELDS | fields)
    )
    first = actions.add_material(
        item,
        acting_user=clerk,
        name=f"{name}申请书",
        copies=1,
        medium="either",
        required=True,
        note="签字或盖章",
    )
    actions.add_material(
        item, acting_user=clerk, name="营业执照复印件", copies=1, medium="paper", required=True
    )
    if sample:
        actions.attach_sample(
            first,
            acting_user=clerk,
            name=f"{name}申请书（样表）.docx",
            data=docx_bytes(f"{name}申请书\n申请人："),
        )
    if publish:
        actions.submit_item(item, acting_user=clerk)
        actions.review_item(item, acting_user=leader, approve=True, opinion="同意。")
        item = actions.publish_item(item, acting_user=clerk)
    return item


def credit_sets():
    """The built-in 双公示 sets as the data migration leaves them (transactional tests flush them)."""
    from importlib import import_module

    from django.apps import apps

    from gongkai.credit.models import RecordSet

    if RecordSet.objects.filter(key__in=("xk", "cf", "qz")).count() < 3:
        import_module("gongkai.credit.migrations.0002_builtin_sets_search_schedule").seed(apps, None)
    return {key: RecordSet.objects.get(key=key) for key in ("xk", "cf")}


def licences(
    agency, item_code: str, count: int, *, seed: int = 1, first_serial: int = 1, **overrides
) -> list[dict]:
    """Import `count` licensing decisions naming `item_code` (XK_SXBM) into 双公示, as the command line
    does; `overrides` set template fields on every row (None clears one)."""
    from gongkai.credit import actions, samples
    from gongkai.credit.schema import builtin

    sets = credit_sets()
    today = date.today()
    rows = list(
        samples.licensing_rows(
            count,
            start=today - timedelta(days=60),
            end=today - timedelta(days=10),
            seed=seed,
            first_serial=first_serial,
            doc_prefix="测审许",
        )
    )
    for row in rows:
        row["XK_SXBM"] = item_code
        row.update(overrides)
        for key in [k for k, v in row.items() if v is None]:  # None removes a column's value
            del row[key]
    columns = [f.code for f in builtin("xk").fields]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "licences.csv"
        samples.write_csv(path, rows, columns)
        job = actions.create_import_job(
            acting_user=None, agency=agency, record_set=sets["xk"], file_name=path.name, source=path
        )
    outcome = actions.run_import(job, acting_user=None)
    assert outcome.state == "done", outcome.message
    return rows


def build_site(zone, make_staff) -> dict:
    """A small public site for the browser tests: bureau A with catalog items (one in the 制度 column),
    a published service item with a 样表 and three approval results, and the staff who run it."""
    users = {
        "clerk": make_staff("jingban", "a", "clerk"),
        "leader": make_staff("fuzeren", "a", "leader"),
        "top_clerk": make_staff("jianguan", "top", "clerk"),
    }
    agency = zone["a"]
    one_step_chains(agency)
    items = [
        published_item(
            agency,
            users["clerk"],
            users["leader"],
            "关于优化食品经营许可办理流程的通知",
            body="压缩办理时限。",
        ),
        published_item(agency, users["clerk"], users["leader"], "2026年政务服务工作要点", category="20.11"),
        published_item(
            agency,
            users["clerk"],
            users["leader"],
            "行政审批局政府信息公开工作制度",
            category="20.15",
            in_rules_column=True,
        ),
    ]
    service = service_item(agency, users["clerk"], users["leader"], code="AB0001", name="食品经营许可")
    approvals = licences(agency, "AB0001", 3, seed=11)
    return {"users": users, "items": items, "service": service, "approvals": approvals}
