"""Demo cases for 行政审批局 in every state, some due soon and some overdue (idempotent).

Every case is made through the actions, with dates counted back in working days from today,
so the queue, the clocks, the letters and the audit trail look as they would in real use.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gongkai.core import workdays
from gongkai.core.validators import (
    credit_code_check_char,
    org_code_check_char,
)
from gongkai.orgs.models import Agency, User

from . import actions
from .choices import Channel, ConsultationKind, ConsultationOutcome, FeeMethod, ReplyKind, Status
from .jobs import ensure_schedule
from .models import Application

AGENCY_SLUG = "gxq-xzspj"
_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def _id_number(body: str) -> str:
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def _credit_code(org_body: str) -> str:
    code17 = "91130200" + org_body + org_code_check_char(org_body)
    return code17 + credit_code_check_char(code17)


PEOPLE = [
    ("NP", "张伟", _id_number("13020319850312001")),
    ("NP", "王芳", _id_number("13020419900719002")),
    ("NP", "李娜", _id_number("13020219781105003")),
    ("NP", "刘洋", _id_number("13028119920228004")),
    ("CE", "唐山市恒远建材有限公司", _credit_code("MA0E1B2C")),
    ("CE", "河北冀东机械制造有限公司", _credit_code("MA0E3D4F")),
    ("RI", "唐山市城市规划研究院", _credit_code("40000101")),
    ("SW", "唐山市绿色家园环保志愿者协会", _credit_code("50000201")),
    ("LS", "河北正衡律师事务所", _credit_code("31000301")),
    ("OT", "高新区某小区业主委员会", _credit_code("60000401")),
]
TOPICS = [
    (
        "2025年度建设工程规划许可证发放目录",
        "唐高审批〔2025〕12号",
        "请提供2025年本局核发的建设工程规划许可证目录。",
    ),
    ("某小区项目环境影响评价批复文件", "", "请提供卫国北路某小区项目的环评批复全文。"),
    ("行政审批局2025年部门预算执行情况", "", "请提供2025年部门预算执行情况及三公经费明细。"),
    ("企业投资项目备案信息", "", "请提供高新区2026年上半年企业投资项目备案清单。"),
    ("政务服务中心窗口设置调整的会议纪要", "", "请提供2026年窗口设置调整相关的会议纪要。"),
    ("施工许可审批材料清单", "唐高审批〔2024〕3号", "请提供施工许可事项的申请材料清单及依据文件。"),
]


def _back(index: workdays.WorkdayIndex, today: date, n: int) -> date:
    """The day n working days before today (so that index.add(result, n) == today's working day)."""
    day = today
    while index.count(day, today) < n:
        day -= timedelta(days=1)
    return day


def _data(i: int) -> dict[str, Any]:
    kind, name, number = PEOPLE[i % len(PEOPLE)]
    title, docno, description = TOPICS[i % len(TOPICS)]
    return {
        "applicant_type": kind,
        "applicant_name": name,
        "id_type": "id_card" if kind == "NP" else "credit_code",
        "id_number": number,
        "contact_person": "" if kind == "NP" else "赵联系",
        "phone": f"1390315{1000 + i:04d}",
        "email": f"applicant{i}@example.cn",
        "address": f"河北省唐山市路南区示例路 {10 + i} 号",
        "postal_code": "063000",
        "info_title": title,
        "info_number": docno,
        "info_description": description,
        "delivery_form": "electronic" if i % 2 else "paper",
        "delivery_channel": "email" if i % 2 else "post",
    }


def load() -> list[str]:
    agency = Agency.objects.filter(slug=AGENCY_SLUG).first()
    clerk = User.objects.filter(username="jingban").first()
    leader = User.objects.filter(username="fuzeren").first()
    if agency is None or clerk is None or leader is None:
        return []
    ensure_schedule()
    if Application.objects.filter(agency=agency).exists():
        return [_summary(agency)]
    index = workdays.get_index()
    today = actions.today()
    back = lambda n: _back(index, today, n)  # noqa: E731
    counter = iter(range(1000))

    def new(received_ago: int | None, channel: str = Channel.IN_PERSON, *, submitted_ago: int | None = None):
        i = next(counter)
        received = back(received_ago) if received_ago is not None else None
        submitted = back(submitted_ago) if submitted_ago is not None else (received or today)
        application, _ = actions.register(
            acting_user=clerk,
            agency=agency,
            data=_data(i),
            channel=channel,
            submitted_on=submitted,
            received_on=received,
            confirmation="" if channel in (Channel.IN_PERSON, Channel.REGISTERED_POST) else "电话确认",
        )
        return application

    # Online submissions waiting for confirmation, and an ordinary letter not yet confirmed.
    for i in range(3):
        actions.submit_online(agency=agency, data=_data(20 + i))
    new(None, Channel.ORDINARY_POST, submitted_ago=1)
    # Received recently, due soon, overdue.
    for ago, channel in (
        (1, Channel.ONLINE),
        (2, Channel.EMAIL),
        (4, Channel.REGISTERED_POST),
        (6, Channel.FAX),
    ):
        new(ago, channel, submitted_ago=ago + 1)
    for ago in (17, 18, 19):
        new(ago)
    for ago in (21, 23, 26):
        new(ago, Channel.REGISTERED_POST, submitted_ago=ago + 2)
    # 补正: waiting (one past its deadline: proposes R3.6.1), and one corrected (clock reset).
    waiting = new(5)
    actions.request_correction(
        waiting,
        acting_user=clerk,
        items="请写明所需信息的形成时间和项目名称。",
        deadline=index.add(today, 10),
        on=back(3),
    )
    lapsed = new(30)
    actions.request_correction(
        lapsed, acting_user=clerk, items="请明确所需信息的具体名称。", deadline=back(8), on=back(26)
    )
    corrected = new(22)
    actions.request_correction(
        corrected, acting_user=clerk, items="请说明所需会议纪要的时间范围。", deadline=back(2), on=back(20)
    )
    actions.receive_correction(corrected, acting_user=clerk, on=back(3), note="申请人补正了时间范围")
    # Consultations: one delivered and running, one sent but not yet delivered.
    for ago, delivered in ((12, True), (8, False)):
        case = new(ago)
        consultation = actions.start_consultation(
            case,
            acting_user=clerk,
            kind=ConsultationKind.THIRD_PARTY,
            party="唐山市恒远建材有限公司",
            matter="申请公开的信息涉及贵公司的投资数额等商业信息，是否同意公开？",
            on=back(ago - 3),
        )
        if delivered:
            actions.consultation_delivered(consultation, acting_user=clerk, on=back(ago - 4))
    # Fees: a notice waiting for payment, and one past the payment deadline (proposes R3.6.2).
    fee_case = new(9)
    actions.send_fee_notice(fee_case, acting_user=clerk, method=FeeMethod.BY_VOLUME, pages=260, on=back(6))
    actions.fee_notice_delivered(fee_case, acting_user=clerk, on=back(5))
    unpaid = new(40)
    actions.send_fee_notice(unpaid, acting_user=clerk, method=FeeMethod.BY_VOLUME, pages=1200, on=back(36))
    actions.fee_notice_delivered(unpaid, acting_user=clerk, on=back(35))
    # Extensions: one waiting for the 负责人, one approved; an Art. 35 later date.
    pending = new(16)
    actions.request_extension(pending, acting_user=clerk, days=15, reasons="需调取历年档案，工作量较大")
    extended = new(19)
    request = actions.request_extension(
        extended, acting_user=clerk, days=20, reasons="涉及多个科室，需汇总核实"
    )
    actions.decide_extension(request, acting_user=leader, approve=True, opinion="同意")
    later = new(14)
    actions.set_later_date(
        later,
        acting_user=leader,
        later=index.add(today, 30),
        reasons="申请人一次申请 2019 年以来全部许可卷宗，理由合理但数量较大",
    )
    # Closed cases: every family of reply, some received last year (carried over into this one).
    replies = [
        (ReplyKind.DISCLOSE, 25, 10, {"text": "现将2025年度建设工程规划许可证发放目录提供给您（见附件）。"}),
        (
            ReplyKind.DISCLOSE_PUBLISHED,
            20,
            12,
            {"text": "该信息已在本机关门户网站“法定主动公开内容”栏目公开。"},
        ),
        (
            ReplyKind.PARTIAL,
            30,
            12,
            {
                "text": "现提供批复文件（已删除涉及商业秘密的内容）。",
                "withheld_what": "批复文件附件中企业的投资概算明细",
                "withheld_ground": ReplyKind.WITHHOLD_THIRD_PARTY,
            },
        ),
        (ReplyKind.WITHHOLD_PROCESS, 28, 15, {"text": "所申请会议纪要为内部讨论记录。"}),
        (ReplyKind.NOT_EXIST, 35, 18, {"text": "经检索本机关档案，未找到相关信息。"}),
        (
            ReplyKind.NOT_THIS_AGENCY,
            26,
            20,
            {"other_agency": "唐山市高新区财政局", "other_agency_contact": "0315-0000031"},
        ),
        (ReplyKind.NEEDS_CREATION, 45, 25, {}),
        (ReplyKind.REPEAT, 50, 40, {}),
        (ReplyKind.PETITION, 60, 50, {"text": "您反映的问题已转本机关信访部门处理。"}),
        (ReplyKind.WITHDRAWN, 55, 45, {"text": "申请人于电话中申请撤回。"}),
    ]
    closed: list[Application] = []
    for kind, received_ago, replied_ago, extra in replies:
        case = new(received_ago)
        actions.reply(case, acting_user=clerk, kind=kind, on=back(replied_ago), **extra)
        closed.append(case)
    # Last year's cases: one closed in January (R2 of this year), one closed in December.
    last_year = date(today.year - 1, 12, 15)
    for closed_on in (date(today.year, 1, 12), date(today.year - 1, 12, 29)):
        i = next(counter)
        case, _ = actions.register(
            acting_user=clerk,
            agency=agency,
            data=_data(i),
            channel=Channel.IN_PERSON,
            submitted_on=last_year,
            received_on=last_year,
        )
        actions.reply(case, acting_user=clerk, kind=ReplyKind.DISCLOSE, on=closed_on, text="予以公开。")
    # A submission that was not an application at all.
    spam = actions.submit_online(agency=agency, data=_data(30))[0]
    actions.discard(spam, acting_user=clerk, reason="重复提交的空白申请")
    # A consultation answered, then replied (so the timeline shows a pause that ended).
    answered = new(24)
    consultation = actions.start_consultation(
        answered,
        acting_user=clerk,
        kind=ConsultationKind.CO_PRODUCER,
        party="唐山高新技术产业开发区财政局",
        matter="该文件由我局与贵局联合制作，是否同意公开？",
        on=back(20),
    )
    actions.consultation_delivered(consultation, acting_user=clerk, on=back(19))
    actions.close_consultation(
        consultation, acting_user=clerk, on=back(14), outcome=ConsultationOutcome.AGREED, opinion="同意公开"
    )
    actions.raise_notices()
    return [_summary(agency)]


def _summary(agency: Agency) -> str:
    cases = Application.objects.filter(agency=agency)
    today = actions.today()
    open_cases = cases.exclude(status__in=(Status.CLOSED, Status.VOID))
    return (
        f"依申请公开演示案件（{agency.short_name}）：共 {cases.count()} 件，未办结 {open_cases.count()} 件，"
        f"已逾期 {open_cases.filter(due_date__lt=today).count()} 件；在线申请：/gk/{agency.slug}/apply/"
    )
