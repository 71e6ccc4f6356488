"""Demo complaints about the seed bureau's disclosure work, handled by the 管委会 (its level up):
one answered, one being handled, one not accepted, one just filed online. Idempotent."""

from __future__ import annotations

from gongkai.orgs.models import Agency, User

from . import actions
from .choices import Channel, Finding
from .models import Complaint

SLUG = "gxq-xzspj"
HANDLER = "jianguan"


def load() -> list[str]:
    agency = Agency.objects.filter(slug=SLUG).first()
    staff = User.objects.filter(username=HANDLER).first()
    if agency is None or staff is None:
        return []
    if Complaint.objects.filter(agency=agency).exists():
        return ["投诉举报：演示数据已存在，跳过。"]
    answered, _ = actions.submit_complaint(
        agency=agency,
        acting_user=staff,
        channel=Channel.PHONE,
        data={
            "kind": "complaint",
            "title": "申请公开信息超过答复期限",
            "content": "本人于上月通过网上申请公开某项目的环评批复，至今已超过二十个工作日仍未收到答复。",
            "related_case": "",
            "name": "王先生",
            "phone": "0315-6543210",
        },
    )
    actions.accept_complaint(answered, acting_user=staff)
    actions.reply_complaint(
        answered,
        acting_user=staff,
        finding=Finding.PARTLY,
        reply="经核查，该申请因征求第三方意见，答复期限依法扣除征求意见时间，未超期；但未及时告知申请人，已责令行政审批局改进告知工作，并已向您作出答复。",
    )
    handling, _ = actions.submit_complaint(
        agency=agency,
        acting_user=staff,
        channel=Channel.LETTER,
        data={
            "kind": "report",
            "title": "政务服务事项办事指南与窗口要求不一致",
            "content": "门户公开的食品经营许可申请材料与窗口实际要求不一致，窗口要求额外提交房屋租赁合同原件。",
        },
    )
    actions.accept_complaint(handling, acting_user=staff)
    rejected, _ = actions.submit_complaint(
        agency=agency,
        acting_user=staff,
        channel=Channel.PHONE,
        data={
            "kind": "complaint",
            "title": "咨询个人社保缴费记录",
            "content": "来电人希望查询本人社保缴费记录，不属于政府信息公开工作投诉。",
            "name": "李女士",
            "phone": "0315-7778888",
        },
    )
    actions.reject_complaint(
        rejected,
        acting_user=staff,
        reason="所反映事项属于个人信息查询，不属于政府信息公开工作投诉，已告知向社会保险经办机构查询。",
    )
    online, code = actions.submit_complaint(
        agency=agency,
        data={
            "kind": "complaint",
            "title": "政府信息公开指南中的传真号码无法接通",
            "content": "按照公开指南中的传真号码发送申请，多次无法接通，请核实更新。",
            "name": "赵先生",
            "email": "zhao@example.com",
        },
    )
    return [f"投诉举报：4 件（由管委会办理）；可用受理编号 {online.number} 和查询码 {code} 试查询办理情况"]
