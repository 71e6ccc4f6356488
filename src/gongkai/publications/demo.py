"""Demo catalog: a few hundred items imported from "the old site" for three agencies, plus items at
every stage of review in 行政审批局, a withdrawn one, and a 规范性文件 register with repealed and
expired documents. Everything goes through actions. Idempotent: skipped when items exist."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gongkai.orgs.models import Agency, User

from . import actions
from .actions import ImportRow
from .choices import ItemKind, Status, Validity
from .models import Item, Topic
from .textgen import generate

IMPORTS = (
    ("gxq-xzspj", "jingban", "审批", 170),
    ("gxq-scjgj", "shichang", "市监", 130),
    ("gxq", "jianguan", "高新管", 110),
)


def _rows(agency: Agency, doc_code: str, count: int, rng: random.Random) -> list[ImportRow]:
    topics = {t.code: t for t in Topic.objects.all()}
    today = timezone.localdate()
    start = date(today.year - 3, 1, 1)
    span = (today - start).days - 1
    rows = []
    for n in range(count):
        day = start + timedelta(days=int(span * n / count) + rng.randint(0, 3))
        day = min(day, today - timedelta(days=1))
        g = generate(rng, agency.short_name, doc_code, day)
        kind = (
            ItemKind.NORMATIVE
            if g.kind == "normative"
            else (ItemKind.INTERPRETATION if g.kind == "interpretation" else ItemKind.GENERAL)
        )
        rows.append(
            ImportRow(
                line=n + 2,
                index_no="",
                fields={
                    "title": g.title,
                    "summary": g.summary,
                    "publisher": agency.name,
                    "written_on": g.written_on,
                    "formed_on": g.written_on,
                    "doc_no": g.doc_no,
                    "category": g.category,
                    "topic": topics.get(g.topic_code),
                    "kind": kind,
                    "body": "\n".join(g.body_paragraphs),
                },
                published_on=day,
                validity=Validity.VALID if kind == ItemKind.NORMATIVE else "",
                invalid_on=None,
            )
        )
    return rows


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _through_chain(
    item: Item, users: dict[str, User], *, stop_after: int | None = None, return_at: int | None = None
):
    actions.submit_item(item, acting_user=users["jingban"])
    for step, username in enumerate(("shenhe", "baomi", "fuzeren")):
        if stop_after is not None and step >= stop_after:
            return
        if return_at == step:
            actions.review_item(
                item,
                acting_user=users[username],
                approve=False,
                opinion="内容概述过于简略，请补充主要事项后重新送审。",
            )
            return
        opinion = ("同意，请保密审查。", "经审查不涉及国家秘密，同意公开。", "同意发布。")[step]
        actions.review_item(item, acting_user=users[username], approve=True, opinion=opinion)


def load() -> list[str]:
    if Item.objects.exists():
        return ["主动公开：演示数据已存在，跳过。"]
    rng = random.Random(2026)
    lines = []
    for slug, username, doc_code, count in IMPORTS:
        agency = Agency.objects.filter(slug=slug).first()
        user = User.objects.filter(username=username).first()
        if agency is None or user is None:
            continue
        created = actions.import_catalog(
            agency, _rows(agency, doc_code, count, rng), acting_user=user, source="演示数据"
        )
        lines.append(f"主动公开：{agency.short_name} 导入原有目录 {len(created)} 条")
    agency = Agency.objects.filter(slug="gxq-xzspj").first()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["jingban", "shenhe", "baomi", "fuzeren", "jiguan"])
    }
    if agency is None or len(users) < 5:
        return lines
    clerk = users["jingban"]
    today = timezone.localdate()

    # The register: repeal a few older normative documents by newer ones, let one expire.
    normative = list(Item.objects.filter(agency=agency, kind=ItemKind.NORMATIVE).order_by("published_at"))
    for old, new in zip(normative[:4], normative[-4:], strict=False):
        repealed_on = timezone.localtime(new.published_at).date()
        actions.set_validity(
            old, acting_user=clerk, validity=Validity.REPEALED, invalid_on=repealed_on, repealed_by=new
        )
    if len(normative) > 6:
        actions.set_validity(
            normative[5],
            acting_user=clerk,
            validity=Validity.EXPIRED,
            invalid_on=today - timedelta(days=30),
            note="有效期届满",
        )

    def draft(title: str, body: str, **extra) -> Item:
        fields = {
            "kind": ItemKind.GENERAL,
            "title": title,
            "summary": extra.pop("summary", "行政审批有关事项。"),
            "category": "20.5",
            "formed_on": today - timedelta(days=extra.pop("age", 3)),
            "body": body,
        } | extra
        return actions.create_item(acting_user=clerk, agency=agency, **fields)

    topic = Topic.objects.filter(code="0101").first()
    draft(
        "关于调整部分行政审批事项办理时限的通知（草稿）",
        "经研究，决定压缩部分行政审批事项的承诺办结时限。\n具体事项见附件。",
        topic=topic,
    )
    draft(
        "关于张某某申请材料补正情况的说明（含个人信息，待遮盖）",
        "申请人张某某，身份证号码11010519491231002X，联系电话13800138000，已于本月补正全部材料。",
        age=8,
    )
    in_review = draft(
        "2026年度行政审批服务满意度调查结果", "本年度共收回有效问卷1260份，总体满意度为98.6%。", age=5
    )
    _through_chain(in_review, users, stop_after=1)
    returned = draft(
        "关于开展“证照分离”改革全覆盖工作的通知", "为深化“放管服”改革，开展“证照分离”改革全覆盖工作。", age=12
    )
    _through_chain(returned, users, return_at=1)
    overdue = draft(
        "2025年第三季度行政许可办理结果汇总", "本季度共办理行政许可事项412件，均在承诺时限内办结。", age=40
    )
    actions.submit_item(overdue, acting_user=clerk)

    scheduled = draft(
        "关于2027年元旦期间政务服务大厅工作安排的公告",
        "元旦期间，政务服务大厅暂停线下窗口服务，网上办理不受影响。",
    )
    _through_chain(scheduled, users)
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(9, 0)))
    actions.publish_item(scheduled, acting_user=clerk, at=tomorrow)

    published = draft(
        "高新区行政审批局2026年政务服务事项目录",
        "现将本局2026年政务服务事项目录予以公布，详见附件。",
        kind=ItemKind.GENERAL,
        in_rules_column=False,
    )
    actions.add_attachment(
        published,
        acting_user=clerk,
        name="2026年政务服务事项目录.docx",
        data=_docx("政务服务事项目录\n企业投资项目备案\n建筑工程施工许可"),
    )
    _through_chain(published, users)
    actions.publish_item(published, acting_user=clerk)

    rules = draft(
        "高新区行政审批局政府信息公开工作制度",
        "第一条 为规范本局政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本制度。\n第二条 本局政府信息公开工作由综合科负责。",
        category="20.15",
        in_rules_column=True,
    )
    _through_chain(rules, users)
    actions.publish_item(rules, acting_user=clerk)

    if normative:
        reading = draft(
            f"《{normative[-1].title.removeprefix('关于印发《').removesuffix('》的通知')}》政策解读",
            "一、制定背景\n二、主要内容\n三、适用范围",
            kind=ItemKind.INTERPRETATION,
            category="20.1",
            interprets=[normative[-1]],
        )
        _through_chain(reading, users)
        actions.publish_item(reading, acting_user=clerk)

    withdrawn = draft(
        "关于公布2026年第一批行政审批中介服务机构名单的通知", "现将第一批名单予以公布。", age=20
    )
    _through_chain(withdrawn, users)
    actions.publish_item(withdrawn, acting_user=clerk)
    actions.withdraw_item(
        withdrawn, acting_user=users["fuzeren"], reason="名单中两家机构资质信息有误，更正后重新发布"
    )

    total = Item.objects.count()
    public = Item.objects.filter(status=Status.PUBLISHED).count()
    lines.append(
        f"主动公开：共 {total} 条，已发布 {public} 条；行政审批局有草稿、审核中、已退回、定时发布、已撤回的示例"
    )
    return lines
