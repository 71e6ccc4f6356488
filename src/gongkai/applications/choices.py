"""Status lists of 依申请公开 cases, and the reply kinds with their report rows and legal bases."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from .rules import REMEDY_EITHER, REMEDY_REVIEW_FIRST


class ApplicantType(models.TextChoices):
    """The columns of the annual report's section 三 (codes NP…OT are the report's)."""

    NATURAL_PERSON = "NP", "自然人"
    COMMERCIAL = "CE", "商业企业"
    RESEARCH = "RI", "科研机构"
    SOCIAL_WELFARE = "SW", "社会公益组织"
    LEGAL_SERVICE = "LS", "法律服务机构"
    OTHER = "OT", "其他"


class IdType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class Channel(models.TextChoices):
    """How the application came in; Art. 31 fixes the receipt date per channel."""

    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮寄（挂号信、快递等需签收）"
    ORDINARY_POST = "ordinary_post", "邮寄（平信）"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上申请"


# Art. 31: what the receipt date is, per channel (shown on the form and recorded with the case).
RECEIPT_RULES: dict[str, str] = {
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日",
    Channel.REGISTERED_POST: "以邮寄方式提交需签收的，以行政机关签收之日为收到申请之日",
    Channel.ORDINARY_POST: "以平常信函等无需签收的邮寄方式提交的，以政府信息公开工作机构与申请人确认之日为收到申请之日",
    Channel.FAX: "通过传真提交的，以双方确认之日为收到申请之日",
    Channel.EMAIL: "通过电子邮件（数据电文）提交的，以双方确认之日为收到申请之日",
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日",
}
# Channels whose receipt date is a confirmation with the applicant, not a signature or a hand-over.
CONFIRMED_CHANNELS = frozenset({Channel.ORDINARY_POST, Channel.FAX, Channel.EMAIL, Channel.ONLINE})


class DeliveryForm(models.TextChoices):
    """Art. 29(3): the form in which the applicant wants the information."""

    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文本"
    OTHER = "other", "其他载体"


class DeliveryChannel(models.TextChoices):
    """Art. 29(3): how the applicant wants to receive it."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上下载"
    FAX = "fax", "传真"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认接收"
    IN_PROGRESS = "in_progress", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    CLOSED = "closed", "已办结"
    VOID = "void", "不予登记"


OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.IN_PROGRESS,
    Status.AWAITING_CORRECTION,
    Status.CONSULTING,
    Status.AWAITING_FEE,
)
# Statuses in which the answer clock is (or may be) running: the case counts as received.
RECEIVED_STATUSES = OPEN_STATUSES[1:]


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", "提交申请"
    RECEIVED = "received", "收到申请"
    ASSIGNED = "assigned", "指定经办人"
    CORRECTION_REQUESTED = "correction_requested", "发出补正告知"
    CORRECTION_RECEIVED = "correction_received", "收到补正材料"
    CONSULTATION_SENT = "consultation_sent", "发出征求意见"
    CONSULTATION_DELIVERED = "consultation_delivered", "被征求意见方收到"
    CONSULTATION_CLOSED = "consultation_closed", "征求意见结束"
    FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
    FEE_NOTICE_DELIVERED = "fee_notice_delivered", "申请人收到收费通知"
    FEE_PAID = "fee_paid", "申请人缴费"
    EXTENSION_REQUESTED = "extension_requested", "申请延期"
    EXTENSION_APPROVED = "extension_approved", "负责人批准延期"
    EXTENSION_REJECTED = "extension_rejected", "负责人不同意延期"
    LATER_DATE = "later_date", "确定延迟答复期限（第三十五条）"
    REPLIED = "replied", "答复办结"
    DISCARDED = "discarded", "不予登记"
    NOTE = "note", "办理记录"


class DueKind(models.TextChoices):
    ANSWER = "answer", "答复期限"
    CORRECTION = "correction", "补正期限"
    FEE = "fee", "缴费期限"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方（第三十二条）"
    CO_PRODUCER = "co_producer", "共同制作机关（第三十四条）"


class ConsultationOutcome(models.TextChoices):
    AGREED = "agreed", "同意公开"
    OBJECTED = "objected", "不同意公开"
    NO_ANSWER = "no_answer", "逾期未提出意见"


class FeeMethod(models.TextChoices):
    BY_COUNT = "count", "按件计收"
    BY_VOLUME = "volume", "按量计收"


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "政府信息公开申请登记回执"
    CORRECTION = "correction", "政府信息公开申请补正告知书"
    EXTENSION = "extension", "政府信息公开申请延期答复告知书"
    CONSULTATION = "consultation", "政府信息公开第三方意见征询函"
    FEE = "fee", "政府信息公开信息处理费收费通知书"
    LATER_DATE = "later_date", "政府信息公开申请延迟答复告知书"
    REPLY_DISCLOSE = "reply_disclose", "政府信息公开申请答复书（予以公开）"
    REPLY_PARTIAL = "reply_partial", "政府信息公开申请答复书（部分公开）"
    REPLY_WITHHOLD = "reply_withhold", "政府信息公开申请答复书（不予公开）"
    REPLY_NOT_EXIST = "reply_not_exist", "政府信息公开申请答复书（信息不存在）"
    REPLY_NOT_AGENCY = "reply_not_agency", "政府信息公开申请答复书（非本机关负责公开）"
    REPLY_UNAVAILABLE = "reply_unavailable", "政府信息公开申请答复书（无法提供）"
    REPLY_REPEAT = "reply_repeat", "政府信息公开申请答复书（重复申请）"
    REPLY_NOT_HANDLED = "reply_not_handled", "政府信息公开申请告知书（不予处理）"
    REPLY_TERMINATED = "reply_terminated", "政府信息公开申请终止办理告知书"


# Letters the applicant receives (the consultation letter goes to the third party).
APPLICANT_LETTERS = frozenset(set(LetterKind) - {LetterKind.CONSULTATION})


class ReplyKind(models.TextChoices):
    DISCLOSE_PUBLISHED = "disclose_published", "予以公开（已主动公开，告知获取方式）"
    DISCLOSE = "disclose", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHOLD_SECRET = "withhold_secret", "不予公开：属于国家秘密"
    WITHHOLD_LAW = "withhold_law", "不予公开：其他法律行政法规禁止公开"
    WITHHOLD_SAFETY = "withhold_safety", "不予公开：危及“三安全一稳定”"
    WITHHOLD_THIRD_PARTY = "withhold_third_party", "不予公开：保护第三方合法权益"
    WITHHOLD_INTERNAL = "withhold_internal", "不予公开：属于三类内部事务信息"
    WITHHOLD_PROCESS = "withhold_process", "不予公开：属于四类过程性信息"
    WITHHOLD_ENFORCEMENT = "withhold_enforcement", "不予公开：属于行政执法案卷"
    WITHHOLD_QUERY = "withhold_query", "不予公开：属于行政查询事项"
    NOT_EXIST = "not_exist", "无法提供：本机关不掌握相关政府信息（信息不存在）"
    NOT_THIS_AGENCY = "not_this_agency", "无法提供：不属于本机关负责公开（非本机关）"
    NEEDS_CREATION = "needs_creation", "无法提供：没有现成信息需要另行制作"
    STILL_UNCLEAR = "still_unclear", "无法提供：补正后申请内容仍不明确"
    PETITION = "petition", "不予处理：信访举报投诉类申请"
    REPEAT = "repeat", "不予处理：重复申请"
    PUBLICATION = "publication", "不予处理：要求提供公开出版物"
    EXCESSIVE = "excessive", "不予处理：无正当理由大量反复申请"
    CONFIRM = "confirm", "不予处理：要求行政机关确认或重新出具已获取信息"
    NO_CORRECTION = "no_correction", "其他处理：申请人无正当理由逾期不补正"
    NO_FEE = "no_fee", "其他处理：申请人逾期未按收费通知缴纳费用"
    WITHDRAWN = "withdrawn", "其他处理：申请人撤回申请"
    OTHER = "other", "其他处理：其他"


@dataclass(frozen=True)
class ReplySpec:
    row: str  # the annual report's section 三 row (annual-report.md)
    basis: str  # legal basis, 《政府信息公开条例》 unless said otherwise
    letter: LetterKind
    remedy: str


_WITHHOLD = LetterKind.REPLY_WITHHOLD
REPLY_SPECS: dict[str, ReplySpec] = {
    ReplyKind.DISCLOSE_PUBLISHED: ReplySpec(
        "R3.1", "第三十六条第（一）项", LetterKind.REPLY_DISCLOSE, REMEDY_EITHER
    ),
    ReplyKind.DISCLOSE: ReplySpec("R3.1", "第三十六条第（二）项", LetterKind.REPLY_DISCLOSE, REMEDY_EITHER),
    ReplyKind.PARTIAL: ReplySpec(
        "R3.2", "第三十六条第（三）项、第三十七条", LetterKind.REPLY_PARTIAL, REMEDY_REVIEW_FIRST
    ),
    ReplyKind.WITHHOLD_SECRET: ReplySpec("R3.3.1", "第十四条", _WITHHOLD, REMEDY_REVIEW_FIRST),
    ReplyKind.WITHHOLD_LAW: ReplySpec("R3.3.2", "第十四条", _WITHHOLD, REMEDY_REVIEW_FIRST),
    ReplyKind.WITHHOLD_SAFETY: ReplySpec("R3.3.3", "第十四条", _WITHHOLD, REMEDY_REVIEW_FIRST),
    ReplyKind.WITHHOLD_THIRD_PARTY: ReplySpec("R3.3.4", "第十五条", _WITHHOLD, REMEDY_REVIEW_FIRST),
    ReplyKind.WITHHOLD_INTERNAL: ReplySpec("R3.3.5", "第十六条第一款", _WITHHOLD, REMEDY_REVIEW_FIRST),
    ReplyKind.WITHHOLD_PROCESS: ReplySpec("R3.3.6", "第十六条第二款", _WITHHOLD, REMEDY_REVIEW_FIRST),
    ReplyKind.WITHHOLD_ENFORCEMENT: ReplySpec("R3.3.7", "第十六条第二款", _WITHHOLD, REMEDY_REVIEW_FIRST),
    ReplyKind.WITHHOLD_QUERY: ReplySpec("R3.3.8", "第三十六条第（七）项", _WITHHOLD, REMEDY_REVIEW_FIRST),
    ReplyKind.NOT_EXIST: ReplySpec(
        "R3.4.1", "第三十六条第（四）项", LetterKind.REPLY_NOT_EXIST, REMEDY_EITHER
    ),
    ReplyKind.NOT_THIS_AGENCY: ReplySpec(
        "R3.4.1", "第三十六条第（五）项", LetterKind.REPLY_NOT_AGENCY, REMEDY_EITHER
    ),
    ReplyKind.NEEDS_CREATION: ReplySpec("R3.4.2", "第三十八条", LetterKind.REPLY_UNAVAILABLE, REMEDY_EITHER),
    ReplyKind.STILL_UNCLEAR: ReplySpec("R3.4.3", "第三十条", LetterKind.REPLY_UNAVAILABLE, REMEDY_EITHER),
    ReplyKind.PETITION: ReplySpec("R3.5.1", "第三十九条第一款", LetterKind.REPLY_NOT_HANDLED, REMEDY_EITHER),
    ReplyKind.REPEAT: ReplySpec("R3.5.2", "第三十六条第（六）项", LetterKind.REPLY_REPEAT, REMEDY_EITHER),
    ReplyKind.PUBLICATION: ReplySpec(
        "R3.5.3", "第三十九条第二款", LetterKind.REPLY_NOT_HANDLED, REMEDY_EITHER
    ),
    ReplyKind.EXCESSIVE: ReplySpec("R3.5.4", "第三十五条", LetterKind.REPLY_NOT_HANDLED, REMEDY_EITHER),
    ReplyKind.CONFIRM: ReplySpec("R3.5.5", "第三十九条", LetterKind.REPLY_NOT_HANDLED, REMEDY_EITHER),
    ReplyKind.NO_CORRECTION: ReplySpec("R3.6.1", "第三十条", LetterKind.REPLY_TERMINATED, REMEDY_EITHER),
    ReplyKind.NO_FEE: ReplySpec(
        "R3.6.2", "第四十二条、国办函〔2020〕109号", LetterKind.REPLY_TERMINATED, REMEDY_EITHER
    ),
    ReplyKind.WITHDRAWN: ReplySpec(
        "R3.6.3", "申请人自愿撤回申请", LetterKind.REPLY_TERMINATED, REMEDY_EITHER
    ),
    ReplyKind.OTHER: ReplySpec("R3.6.3", "", LetterKind.REPLY_TERMINATED, REMEDY_EITHER),
}

# The 不予公开 grounds a partial disclosure may give for what it withheld (Art. 37).
WITHHOLD_GROUNDS = tuple(k for k in ReplyKind if REPLY_SPECS[k].row.startswith("R3.3."))
# Reply kinds that close a case without an answer on the merits while it waits for the applicant.
AWAITING_CORRECTION_REPLIES = frozenset({ReplyKind.NO_CORRECTION, ReplyKind.WITHDRAWN})
AWAITING_FEE_REPLIES = frozenset({ReplyKind.NO_FEE, ReplyKind.WITHDRAWN})
