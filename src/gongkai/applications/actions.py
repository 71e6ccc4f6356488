"""Every state change of a 依申请公开 case: checked against the transition table, permitted,
recorded as an event, the clock recomputed, the letter issued and the audit event written, all in
one transaction (ARCHITECTURE.md, A state change).

`TRANSITIONS` is the table: which action is allowed in which status. Each action function adds
its own guards (one 补正 notice only; extension within 20 working days in total; …) and raises
`ValidationError` with a Chinese message when the law says no.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from gongkai.audit.trail import record
from gongkai.core import workdays
from gongkai.core.validators import check_credit_code, check_id_number
from gongkai.core.workdays import FIRST_YEAR
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Agency, User
from gongkai.orgs.permissions import has_perm, require

from . import clock as clockmod
from . import fees, letters
from .choices import (
    AWAITING_CORRECTION_REPLIES,
    AWAITING_FEE_REPLIES,
    CONFIRMED_CHANNELS,
    OPEN_STATUSES,
    RECEIPT_RULES,
    REPLY_SPECS,
    WITHHOLD_GROUNDS,
    ApplicantType,
    Channel,
    ConsultationKind,
    ConsultationOutcome,
    DeliveryChannel,
    DeliveryForm,
    EventKind,
    FeeMethod,
    IdType,
    LetterKind,
    ReplyKind,
    Status,
)
from .models import (
    Application,
    ApplicationSettings,
    Attachment,
    CaseEvent,
    Consultation,
    Counter,
    ExtensionRequest,
    Letter,
    LetterTemplate,
    Notice,
    NoticeKind,
)
from .rules import REMEDY_CLAUSES, rules_for

S = Status
ALL_STATUSES = frozenset(Status)
WORKING = frozenset({S.IN_PROGRESS, S.CONSULTING, S.AWAITING_FEE})

# status × action → allowed. One action per transition; guards inside each function.
TRANSITIONS: dict[str, frozenset[str]] = {
    "confirm_receipt": frozenset({S.SUBMITTED}),
    "discard": frozenset({S.SUBMITTED}),
    "assign": frozenset(OPEN_STATUSES),
    "request_correction": frozenset({S.IN_PROGRESS}),
    "receive_correction": frozenset({S.AWAITING_CORRECTION}),
    "start_consultation": frozenset({S.IN_PROGRESS, S.CONSULTING}),
    "consultation_delivered": frozenset({S.CONSULTING}),
    "close_consultation": frozenset({S.CONSULTING}),
    "send_fee_notice": frozenset({S.IN_PROGRESS}),
    "fee_notice_delivered": frozenset({S.AWAITING_FEE}),
    "record_payment": frozenset({S.AWAITING_FEE}),
    "request_extension": WORKING,
    "decide_extension": WORKING,
    "set_later_date": frozenset({S.IN_PROGRESS, S.CONSULTING}),
    "reply": frozenset({S.IN_PROGRESS, S.CONSULTING, S.AWAITING_CORRECTION, S.AWAITING_FEE}),
    "add_note": ALL_STATUSES,
}
PERMISSION_OF: dict[str, str] = {
    "assign": "applications.assign",
    "decide_extension": "applications.approve_extension",
    "set_later_date": "applications.approve_extension",
}
HANDLE = "applications.handle"
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postal_code",
    "info_title",
    "info_number",
    "info_description",
    "delivery_form",
    "delivery_channel",
)


def today() -> date:
    return timezone.localdate()


def _check_transition(application: Application, action: str) -> None:
    if application.status not in TRANSITIONS[action]:
        raise ValidationError(f"案件当前状态为“{application.get_status_display()}”，不能执行此操作")


def _require(user: User, application: Application, action: str) -> None:
    require(user, PERMISSION_OF.get(action, HANDLE), application.agency)
    _check_transition(application, action)


def _date(on: date, label: str, *, not_before: date | None = None, before_label: str = "") -> date:
    if on > today():
        raise ValidationError(f"{label}不能晚于今天")
    if on.year < FIRST_YEAR:
        # The working-day calendar (and the 2019 条例's clock) starts there: no deadline can be computed.
        raise ValidationError(f"{label}不能早于 {FIRST_YEAR} 年")
    if not_before is not None and on < not_before:
        raise ValidationError(f"{label}不能早于{before_label}（{not_before.isoformat()}）")
    return on


class ConflictError(ValidationError):
    """The case changed since the caller read it (optimistic locking): nothing was overwritten."""


def check_version(application: Application, expected: int) -> None:
    """Refuse with a ConflictError if `application` is no longer at the version the caller read.

    `_lock` calls it under the row lock; a form view also calls it before validating the form, so a
    stale page is reported first (and an invalid form re-shown with a fresh version never hides a
    change the user did not see)."""
    if int(expected) != application.version:
        raise ConflictError(
            f"该案件已被他人修改（您读取的版本为 {expected}，当前版本为 {application.version}），"
            "请刷新后查看最新情况再操作"
        )


def _lock(application: Application) -> Application:
    """Re-read the case under a row lock so two clerks cannot act on a stale status.

    A caller that read the case earlier (a form, an API client) sets `expected_version` on the
    instance to the `version` it read; if someone acted on the case since, the action is refused
    with a ConflictError instead of silently building on a state the caller never saw. Every
    locked action adds one to `version`, in the same transaction.
    """
    expected = application.__dict__.pop("expected_version", None)
    fresh = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    if expected is not None:
        check_version(fresh, expected)
    Application.objects.filter(pk=fresh.pk).update(version=F("version") + 1)
    fresh.version += 1
    application.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return application


def _next_serial(agency: Agency, year: int, series: str) -> int:
    for _ in range(3):
        try:
            with transaction.atomic():
                counter, _ = Counter.objects.select_for_update().get_or_create(
                    agency=agency, year=year, series=series
                )
            break
        except IntegrityError:  # a concurrent first use of this counter: read it again
            continue
    Counter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return Counter.objects.values_list("last", flat=True).get(pk=counter.pk)


def _event(
    application: Application,
    kind: str,
    on: date,
    actor: User | None,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> CaseEvent:
    return CaseEvent.objects.create(
        application=application, kind=kind, on=on, actor=actor, data=data or {}, note=note
    )


def clock_events(application: Application) -> list[clockmod.ClockEvent]:
    return [
        clockmod.ClockEvent(kind, on, data, pk)
        for kind, on, data, pk in application.events.values_list("kind", "on", "data", "pk")
    ]


def compute_clock(application: Application, *, explain: bool = False, on: date | None = None):
    return clockmod.compute(clock_events(application), workdays.get_index(), on or today(), explain=explain)


def _refresh(application: Application) -> clockmod.Clock:
    clock = compute_clock(application)
    due, kind = clock.next_due
    application.due_date, application.due_kind, application.due_provisional = due, kind, clock.provisional
    application.save()
    return clock


def _audit(action: str, application: Application, actor: User | None, **detail: Any) -> None:
    record(
        f"applications.{action}",
        actor=actor,
        obj=application,
        actor_name="公众（网上申请）" if actor is None else "",
        detail={"number": application.number, **detail},
    )


# --- Letters --------------------------------------------------------------------------------


def settings_for(agency: Agency) -> ApplicationSettings:
    existing = ApplicationSettings.objects.filter(agency=agency).first()
    if existing:
        return existing
    parent = agency.parent.name if agency.parent_id else "上一级行政机关"
    return ApplicationSettings(
        agency=agency,
        letter_prefix=f"{agency.short_name}依申",
        review_body=parent,
        court="有管辖权的人民法院",
    )


def template_for(agency: Agency, kind: str) -> letters.TemplateText:
    row = LetterTemplate.objects.filter(agency=agency, kind=kind).first()
    return letters.TemplateText(row.title, row.body) if row else letters.default_template(kind)


def _values(application: Application, clock: clockmod.Clock | None, **extra: str) -> dict[str, str]:
    agency = application.agency
    rules = rules_for(application.received_on)
    title = application.info_title + (f"（{application.info_number}）" if application.info_number else "")
    values = {
        "申请人": application.applicant_name,
        "申请编号": application.number,
        "提交日期": letters.cn_date(application.submitted_on),
        "收到日期": letters.cn_date(application.received_on),
        "收到日期规则": application.receipt_rule,
        "所需信息": title,
        "机关名称": agency.name,
        "工作机构": agency.office_name or agency.name,
        "机关地址": agency.office_address or "（未填写）",
        "联系电话": agency.phone or "（未填写）",
        "成文日期": letters.cn_date(today()),
        "答复天数": str(rules.answer_days),
        "答复期限": letters.cn_date(clock.answer_due) if clock else "",
        "意见期限天数": str(rules.consultation_days),
        "缴费天数": str(rules.fee_payment_days),
        "收费依据": rules.fee_source,
        "送达方式": DeliveryChannel(application.delivery_channel).label,
        "载体形式": DeliveryForm(application.delivery_form).label,
    }
    values.update(extra)
    return values


def _issue(
    application: Application,
    kind: str,
    values: dict[str, str],
    actor: User | None,
    *,
    recipient: str = "",
) -> Letter:
    template = template_for(application.agency, kind)
    year = today().year
    serial = _next_serial(application.agency, year, "letter")
    prefix = settings_for(application.agency).letter_prefix
    return Letter.objects.create(
        application=application,
        agency=application.agency,
        kind=kind,
        year=year,
        serial=serial,
        number=f"{prefix}〔{year}〕{serial}号",
        title=template.title,
        recipient=recipient or application.applicant_name,
        body=letters.fill(template.body, values),
        issued_on=today(),
        created_by=actor,
    )


# --- Intake ---------------------------------------------------------------------------------


class QueryCodeHasher(PBKDF2PasswordHasher):
    """The query code is 8 characters of 32 (40 bits) and lookups are rate-limited, so fewer
    rounds than a password need keep a stolen table expensive to search while an online
    submission stays fast. Used directly, independent of PASSWORD_HASHERS."""

    iterations = 60_000


_QUERY_CODE_HASHER = QueryCodeHasher()


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


def hash_query_code(code: str) -> str:
    return _QUERY_CODE_HASHER.encode(code, _QUERY_CODE_HASHER.salt())


def check_query_code(application: Application, code: str) -> bool:
    try:
        return _QUERY_CODE_HASHER.verify(code.strip().upper(), application.query_code_hash)
    except (ValueError, TypeError):
        return False


def validate_applicant(data: dict[str, Any]) -> None:
    """Art. 29 contents, with the identity document checked against its national standard."""
    errors: dict[str, str] = {}
    kind, id_type, number = data.get("applicant_type"), data.get("id_type"), data.get("id_number", "")
    if id_type == IdType.ID_CARD:
        problem = check_id_number(number)
        if problem:
            errors["id_number"] = problem
    elif id_type == IdType.CREDIT_CODE:
        problem = check_credit_code(number)
        if problem:
            errors["id_number"] = problem
    if kind == ApplicantType.NATURAL_PERSON and id_type == IdType.CREDIT_CODE:
        errors["id_type"] = "自然人应提供本人身份证件"
    if kind and kind != ApplicantType.NATURAL_PERSON and not data.get("contact_person"):
        errors["contact_person"] = "法人或其他组织应填写联系人"
    if data.get("delivery_channel") == DeliveryChannel.EMAIL and not data.get("email"):
        errors["email"] = "选择以电子邮件获取信息时，请填写电子邮箱"
    if errors:
        raise ValidationError(errors)


MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# Allowed types: extension → the signatures a real file of that type starts with.
ATTACHMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "docx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
}


def check_attachment(upload: UploadedFile) -> None:
    """An applicant's file: an allowed extension, within the size limit, and content that starts
    the way a real file of that type does (a renamed web page or program is refused)."""
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError(f"不支持的附件格式：{upload.name}")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"附件 {upload.name} 超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB")
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(ATTACHMENT_TYPES[ext]):
        raise ValidationError(f"附件 {upload.name} 的内容与其格式不符")


def _save_attachments(application: Application, files: Iterable[UploadedFile]) -> int:
    """Stored only after the same check the forms make, whoever calls (forms, API, imports)."""
    count = 0
    for upload in files:
        check_attachment(upload)
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        Attachment.objects.create(
            application=application,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            content_type=(upload.content_type or "application/octet-stream")[:100],
            sha256=digest.hexdigest(),
        )
        count += 1
    return count


def _new_application(agency: Agency, data: dict[str, Any], channel: str, submitted_on: date) -> tuple:
    validate_applicant(data)
    year = submitted_on.year
    serial = _next_serial(agency, year, "case")
    code = new_query_code()
    application = Application(
        agency=agency,
        year=year,
        serial=serial,
        number=f"{year}-{serial:05d}",
        query_code_hash=hash_query_code(code),
        channel=channel,
        submitted_on=submitted_on,
        receipt_rule=RECEIPT_RULES[channel],
        **{k: data.get(k, "") for k in APPLICANT_FIELDS},
    )
    application.id_number = application.id_number.strip().upper()
    application.full_clean(exclude=["query_code_hash"])
    application.save()
    return application, code


@transaction.atomic
def submit_online(
    *, agency: Agency, data: dict[str, Any], attachments: Iterable[UploadedFile] = ()
) -> tuple[Application, str]:
    """A public online application. Its receipt date is fixed when staff confirm it (Art. 31)."""
    application, code = _new_application(agency, data, Channel.ONLINE, today())
    files = _save_attachments(application, attachments)
    _event(application, EventKind.SUBMITTED, application.submitted_on, None, {"attachments": files})
    _refresh(application)
    _audit("submit_online", application, None, attachments=files)
    return application, code


def _receive(application: Application, received_on: date, confirmation: str, actor: User) -> clockmod.Clock:
    application.received_on = received_on
    application.receipt_confirmation = confirmation
    application.status = S.IN_PROGRESS
    _event(
        application, EventKind.RECEIVED, received_on, actor, {"rule": application.receipt_rule}, confirmation
    )
    return _refresh(application)


@transaction.atomic
def register(
    *,
    acting_user: User,
    agency: Agency,
    data: dict[str, Any],
    channel: str,
    submitted_on: date,
    received_on: date | None = None,
    confirmation: str = "",
    attachments: Iterable[UploadedFile] = (),
) -> tuple[Application, str]:
    """Staff register an application that came in person, by post, fax, e-mail or online.

    Art. 31: in person, received the day submitted; registered post, the day the office signed;
    ordinary post, fax, e-mail and online, the day both sides confirmed (None: not yet, the case
    waits in 待确认接收 until `confirm_receipt`).
    """
    require(acting_user, HANDLE, agency)
    _date(submitted_on, "提交日期")
    if channel == Channel.IN_PERSON:
        received_on = submitted_on
        confirmation = confirmation or "申请人当面提交"
    elif channel == Channel.REGISTERED_POST and received_on is None:
        raise ValidationError({"received_on": "挂号信等需签收的邮件，请填写本机关签收日期"})
    if received_on is not None:
        _date(received_on, "收到申请日期", not_before=submitted_on, before_label="提交日期")
        if channel in CONFIRMED_CHANNELS and not confirmation.strip():
            raise ValidationError({"confirmation": "请说明与申请人确认的方式（如电话确认、回复邮件）"})
    application, code = _new_application(agency, data, channel, submitted_on)
    application.assignee = acting_user
    files = _save_attachments(application, attachments)
    _event(application, EventKind.SUBMITTED, submitted_on, acting_user, {"attachments": files})
    if received_on is not None:
        clock = _receive(application, received_on, confirmation, acting_user)
        _issue(application, LetterKind.RECEIPT, _values(application, clock, 查询码=code), acting_user)
    else:
        _refresh(application)
    _audit(
        "register", application, acting_user, channel=channel, status=application.status, attachments=files
    )
    return application, code


@transaction.atomic
def confirm_receipt(
    application: Application, *, acting_user: User, received_on: date, confirmation: str
) -> str | None:
    """Fix the receipt date of a case waiting for confirmation; issue the 回执.

    Returns a new query code for cases registered by staff (the applicant has none yet); an
    online applicant keeps the code shown when they submitted.
    """
    _lock(application)
    _require(acting_user, application, "confirm_receipt")
    _date(received_on, "收到申请日期", not_before=application.submitted_on, before_label="提交日期")
    if not confirmation.strip():
        raise ValidationError({"confirmation": "请说明签收或确认的情况"})
    code = None
    if application.channel != Channel.ONLINE:
        code = new_query_code()
        application.query_code_hash = hash_query_code(code)
    if application.assignee_id is None:
        application.assignee = acting_user
    clock = _receive(application, received_on, confirmation, acting_user)
    shown = code or "已在网上提交申请时告知"
    _issue(application, LetterKind.RECEIPT, _values(application, clock, 查询码=shown), acting_user)
    _audit("confirm_receipt", application, acting_user, received_on=received_on)
    return code


@transaction.atomic
def discard(application: Application, *, acting_user: User, reason: str) -> Application:
    """Not register a submission (e.g. an empty or duplicate online form); it never counts."""
    _lock(application)
    _require(acting_user, application, "discard")
    if not reason.strip():
        raise ValidationError({"reason": "请说明不予登记的理由"})
    application.status = S.VOID
    _event(application, EventKind.DISCARDED, today(), acting_user, note=reason)
    _refresh(application)
    _audit("discard", application, acting_user)
    return application


@transaction.atomic
def assign(application: Application, *, acting_user: User, assignee: User) -> Application:
    _lock(application)
    _require(acting_user, application, "assign")
    if assignee.agency_id != application.agency_id or not assignee.is_active:
        raise ValidationError({"assignee": "经办人应为本机关在职工作人员"})
    before = application.assignee_id
    application.assignee = assignee
    application.save(update_fields=["assignee", "updated_at"])
    _event(application, EventKind.ASSIGNED, today(), acting_user, {"assignee": assignee.pk}, str(assignee))
    _audit("assign", application, acting_user, assignee=[before, assignee.pk])
    return application


@transaction.atomic
def add_note(application: Application, *, acting_user: User, text: str) -> CaseEvent:
    require(acting_user, HANDLE, application.agency)
    if not text.strip():
        raise ValidationError({"text": "请填写办理记录"})
    event = _event(application, EventKind.NOTE, today(), acting_user, note=text.strip())
    _audit("add_note", application, acting_user)
    return event


@transaction.atomic
def reveal_id_number(application: Application, *, acting_user: User) -> str:
    """The unmasked ID number, for someone allowed to see it; the viewing is audited."""
    require(acting_user, "applications.reveal_id", application.agency)
    _audit("reveal_id_number", application, acting_user)
    return application.id_number


@transaction.atomic
def record_download(application: Application, *, acting_user: User, what: str) -> None:
    """A letter or attachment carrying personal data left the system: an audited export."""
    _audit("download", application, acting_user, what=what)


# --- 补正 (Art. 30) ---------------------------------------------------------------------------


@transaction.atomic
def request_correction(
    application: Application, *, acting_user: User, items: str, deadline: date, on: date | None = None
) -> Letter:
    """Notify once, in one go, what to correct and by when; the clock stops until it comes."""
    _lock(application)
    _require(acting_user, application, "request_correction")
    on = _date(on or today(), "告知日期", not_before=application.received_on, before_label="收到申请日期")
    if application.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
        raise ValidationError("补正告知只能发出一次（第三十条：一次性告知）")
    if not items.strip():
        raise ValidationError({"items": "请写明需要补正的事项"})
    if deadline <= on:
        raise ValidationError({"deadline": "补正期限应晚于告知日期"})
    application.status = S.AWAITING_CORRECTION
    _event(
        application,
        EventKind.CORRECTION_REQUESTED,
        on,
        acting_user,
        {"deadline": deadline.isoformat()},
        items,
    )
    clock = _refresh(application)
    late = clock.correction_notice_due is not None and on > clock.correction_notice_due
    letter = _issue(
        application,
        LetterKind.CORRECTION,
        _values(application, clock, 补正事项=items.strip(), 补正期限=letters.cn_date(deadline)),
        acting_user,
    )
    _audit("request_correction", application, acting_user, deadline=deadline, late=late)
    return letter


@transaction.atomic
def receive_correction(
    application: Application, *, acting_user: User, on: date, note: str = ""
) -> Application:
    """The corrected application came: the answer period starts again from this day."""
    _lock(application)
    _require(acting_user, application, "receive_correction")
    sent = application.events.filter(kind=EventKind.CORRECTION_REQUESTED).values_list("on", flat=True).first()
    _date(on, "收到补正日期", not_before=sent, before_label="补正告知日期")
    application.status = S.IN_PROGRESS
    _event(application, EventKind.CORRECTION_RECEIVED, on, acting_user, note=note)
    _refresh(application)
    _audit("receive_correction", application, acting_user, on=on)
    return application


# --- Consultation (Art. 32–34) ----------------------------------------------------------------


@transaction.atomic
def start_consultation(
    application: Application,
    *,
    acting_user: User,
    kind: str,
    party: str,
    matter: str,
    party_address: str = "",
    on: date | None = None,
) -> Consultation:
    """Consult a third party or co-producing agency in writing; the time is not counted."""
    _lock(application)
    _require(acting_user, application, "start_consultation")
    on = _date(on or today(), "发出日期", not_before=application.received_on, before_label="收到申请日期")
    if not party.strip() or not matter.strip():
        raise ValidationError("请填写被征求意见方和征求意见事项")
    consultation = Consultation.objects.create(
        application=application,
        kind=kind,
        party=party,
        party_address=party_address,
        matter=matter,
        sent_on=on,
    )
    application.status = S.CONSULTING
    _event(
        application,
        EventKind.CONSULTATION_SENT,
        on,
        acting_user,
        {"consultation": consultation.pk, "party": party},
    )
    clock = _refresh(application)
    basis = "第三十二条" if kind == ConsultationKind.THIRD_PARTY else "第三十四条"
    _issue(
        application,
        LetterKind.CONSULTATION,
        _values(application, clock, 被征求意见方=party, 征求意见事项=matter, 征求意见依据=basis),
        acting_user,
        recipient=party,
    )
    _audit("start_consultation", application, acting_user, consultation=consultation.pk, kind=kind)
    return consultation


def _open_consultation(application: Application, consultation: Consultation) -> Consultation:
    if consultation.application_id != application.pk or not consultation.is_open:
        raise ValidationError("该征求意见已结束或不属于本案")
    return consultation


@transaction.atomic
def consultation_delivered(consultation: Consultation, *, acting_user: User, on: date) -> Consultation:
    """The consulted party received the request: their 15 working days start."""
    application = _lock(consultation.application)
    _require(acting_user, application, "consultation_delivered")
    _open_consultation(application, consultation)
    if consultation.delivered_on is not None:
        raise ValidationError("已记录对方收到日期")
    _date(on, "对方收到日期", not_before=consultation.sent_on, before_label="发出日期")
    consultation.delivered_on = on
    consultation.save(update_fields=["delivered_on"])
    _event(application, EventKind.CONSULTATION_DELIVERED, on, acting_user, {"consultation": consultation.pk})
    _refresh(application)
    _audit("consultation_delivered", application, acting_user, consultation=consultation.pk)
    return consultation


@transaction.atomic
def close_consultation(
    consultation: Consultation, *, acting_user: User, on: date, outcome: str, opinion: str = ""
) -> Consultation:
    """Their answer came (or the 15 days lapsed): the pause ends, the clock runs again."""
    application = _lock(consultation.application)
    _require(acting_user, application, "close_consultation")
    _open_consultation(application, consultation)
    _date(on, "结束日期", not_before=consultation.sent_on, before_label="发出日期")
    if outcome == ConsultationOutcome.NO_ANSWER:
        if consultation.delivered_on is None:
            raise ValidationError("尚未记录对方收到日期，不能认定逾期未提出意见")
        limit = workdays.get_index().add(
            consultation.delivered_on, rules_for(application.received_on).consultation_days
        )
        if on <= limit:
            raise ValidationError(f"对方提出意见的期限至 {limit.isoformat()}，届满后才能认定逾期未提出意见")
    consultation.closed_on, consultation.outcome, consultation.opinion = on, outcome, opinion
    consultation.save(update_fields=["closed_on", "outcome", "opinion"])
    _event(
        application,
        EventKind.CONSULTATION_CLOSED,
        on,
        acting_user,
        {"consultation": consultation.pk, "outcome": outcome},
        opinion,
    )
    if not application.consultations.filter(closed_on__isnull=True).exists():
        application.status = S.IN_PROGRESS
    _refresh(application)
    _audit("close_consultation", application, acting_user, consultation=consultation.pk, outcome=outcome)
    return consultation


# --- Fees (Art. 42, 109号) ---------------------------------------------------------------------


def monthly_ordinal(application: Application) -> int:
    """Which application of this applicant's calendar month (at this agency) this one is."""
    received = application.received_on
    return (
        Application.objects.filter(
            agency=application.agency_id,
            id_type=application.id_type,
            id_number=application.id_number,
            received_on__year=received.year,
            received_on__month=received.month,
        )
        .filter(Q(received_on__lt=received) | Q(received_on=received, pk__lte=application.pk))
        .count()
    )


def fee_for(application: Application, method: str, pages: int | None) -> tuple[int, int, str]:
    """(units, amount in 元, the calculation in words) for one method."""
    rules = rules_for(application.received_on)
    if method == FeeMethod.BY_COUNT:
        ordinal = monthly_ordinal(application)
        price = fees.count_price(ordinal, rules)
        return ordinal, price, f"本申请为申请人本月第{ordinal}件申请，按件计收{price}元"
    if not pages or pages < 1:
        raise ValidationError({"pages": "按量计收请填写页数"})
    return pages, fees.fee_by_volume(pages, rules), fees.explain(fees.volume_breakdown(pages, rules), "页")


@transaction.atomic
def send_fee_notice(
    application: Application,
    *,
    acting_user: User,
    method: str,
    pages: int | None = None,
    on: date | None = None,
) -> Letter:
    _lock(application)
    _require(acting_user, application, "send_fee_notice")
    on = _date(on or today(), "通知日期", not_before=application.received_on, before_label="收到申请日期")
    units, amount, how = fee_for(application, method, pages)
    if amount <= 0:
        raise ValidationError("按该方式计算不需收费，不能发出收费通知")
    application.fee_method, application.fee_units, application.fee_amount = method, units, amount
    application.status = S.AWAITING_FEE
    _event(
        application,
        EventKind.FEE_NOTICE_SENT,
        on,
        acting_user,
        {"method": method, "units": units, "amount": amount},
    )
    clock = _refresh(application)
    letter = _issue(
        application,
        LetterKind.FEE,
        _values(application, clock, 收费方式=FeeMethod(method).label, 收费计算=how, 收费金额=str(amount)),
        acting_user,
    )
    _audit("send_fee_notice", application, acting_user, method=method, units=units, amount=amount)
    return letter


@transaction.atomic
def fee_notice_delivered(application: Application, *, acting_user: User, on: date) -> Application:
    _lock(application)
    _require(acting_user, application, "fee_notice_delivered")
    sent = (
        application.events.filter(kind=EventKind.FEE_NOTICE_SENT).order_by("-on").values_list("on", flat=True)
    )
    if application.events.filter(kind=EventKind.FEE_NOTICE_DELIVERED).exists():
        raise ValidationError("已记录申请人收到收费通知的日期")
    _date(on, "申请人收到日期", not_before=sent.first(), before_label="通知日期")
    _event(application, EventKind.FEE_NOTICE_DELIVERED, on, acting_user)
    _refresh(application)
    _audit("fee_notice_delivered", application, acting_user, on=on)
    return application


@transaction.atomic
def record_payment(application: Application, *, acting_user: User, on: date) -> Application:
    _lock(application)
    _require(acting_user, application, "record_payment")
    sent = (
        application.events.filter(kind=EventKind.FEE_NOTICE_SENT).order_by("-on").values_list("on", flat=True)
    )
    _date(on, "缴费日期", not_before=sent.first(), before_label="通知日期")
    application.status = S.IN_PROGRESS
    _event(application, EventKind.FEE_PAID, on, acting_user, {"amount": application.fee_amount})
    _refresh(application)
    _audit("record_payment", application, acting_user, amount=application.fee_amount)
    return application


# --- Extension and later date (Art. 33, 35) ---------------------------------------------------


def approved_extension_days(application: Application) -> int:
    return sum(e.days for e in application.extensions.all() if e.approved)


@transaction.atomic
def request_extension(
    application: Application, *, acting_user: User, days: int, reasons: str
) -> ExtensionRequest:
    _lock(application)
    _require(acting_user, application, "request_extension")
    rules = rules_for(application.received_on)
    if application.extensions.filter(approved__isnull=True).exists():
        raise ValidationError("已有待审批的延期申请")
    left = rules.max_extension_days - approved_extension_days(application)
    if not 1 <= days <= left:
        raise ValidationError(
            {
                "days": f"延长期限最长不得超过 {rules.max_extension_days} 个工作日，本案还可延长 {left} 个工作日"
            }
        )
    if not reasons.strip():
        raise ValidationError({"reasons": "请说明延期理由"})
    clock = compute_clock(application)
    if clock.answer_due is not None and today() > clock.answer_due:
        raise ValidationError("答复期限已届满，不能再申请延期")
    request = ExtensionRequest.objects.create(
        application=application, days=days, reasons=reasons, requested_by=acting_user, requested_on=today()
    )
    _event(
        application,
        EventKind.EXTENSION_REQUESTED,
        today(),
        acting_user,
        {"days": days, "request": request.pk},
        reasons,
    )
    _audit("request_extension", application, acting_user, days=days, request=request.pk)
    return request


@transaction.atomic
def decide_extension(
    request: ExtensionRequest, *, acting_user: User, approve: bool, opinion: str = ""
) -> Letter | None:
    """The 负责人 approves (the days are added, the applicant is told by letter) or refuses."""
    application = _lock(request.application)
    _require(acting_user, application, "decide_extension")
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.approved is not None:
        raise ValidationError("该延期申请已审批")
    letter = None
    request.approved, request.decided_by, request.decided_on, request.opinion = (
        approve,
        acting_user,
        today(),
        opinion,
    )
    if approve:
        clock = compute_clock(application)
        if clock.answer_due is not None and today() > clock.answer_due:
            raise ValidationError("答复期限已届满，不能再批准延期")
        request.save()
        _event(
            application, EventKind.EXTENSION_APPROVED, today(), acting_user, {"days": request.days}, opinion
        )
        clock = _refresh(application)
        letter = _issue(
            application,
            LetterKind.EXTENSION,
            _values(application, clock, 延期天数=str(request.days), 延期理由=request.reasons),
            acting_user,
        )
    else:
        request.save()
        _event(
            application, EventKind.EXTENSION_REJECTED, today(), acting_user, {"days": request.days}, opinion
        )
    _audit(
        "decide_extension", application, acting_user, request=request.pk, approved=approve, days=request.days
    )
    return letter


@transaction.atomic
def set_later_date(application: Application, *, acting_user: User, later: date, reasons: str) -> Letter:
    """Art. 35: the applicant's reasons are reasonable, but the volume needs a later date."""
    _lock(application)
    _require(acting_user, application, "set_later_date")
    clock = compute_clock(application)
    if clock.answer_due is not None and later <= clock.answer_due:
        raise ValidationError({"later": f"延迟答复的期限应晚于当前答复期限 {clock.answer_due.isoformat()}"})
    if not reasons.strip():
        raise ValidationError({"reasons": "请说明确定延迟答复期限的理由"})
    _event(
        application,
        EventKind.LATER_DATE,
        today(),
        acting_user,
        {"date": later.isoformat(), "reasons": reasons},
        reasons,
    )
    clock = _refresh(application)
    letter = _issue(
        application, LetterKind.LATER_DATE, _values(application, clock, 延迟理由=reasons), acting_user
    )
    _audit("set_later_date", application, acting_user, later=later)
    return letter


# --- The reply --------------------------------------------------------------------------------


def _check_reply(application: Application, kind: str, clock, on: date, data: dict[str, str]) -> None:
    status = application.status
    if status == S.AWAITING_CORRECTION and kind not in AWAITING_CORRECTION_REPLIES:
        raise ValidationError({"kind": "案件正在等待补正：只能按逾期不补正或撤回办结"})
    if status == S.AWAITING_FEE and kind not in AWAITING_FEE_REPLIES:
        raise ValidationError({"kind": "案件正在等待缴费：只能按逾期未缴费或撤回办结"})
    if status == S.CONSULTING and kind != ReplyKind.WITHDRAWN:
        raise ValidationError({"kind": "征求意见尚未结束：请先记录意见或逾期情况"})
    if kind == ReplyKind.NO_CORRECTION and not (clock.correction_deadline and on > clock.correction_deadline):
        raise ValidationError({"kind": "补正期限尚未届满，不能按逾期不补正办结"})
    if kind == ReplyKind.NO_FEE and not (clock.fee_payment_due and on > clock.fee_payment_due):
        raise ValidationError(
            {"kind": "缴费期限尚未届满（或尚未记录申请人收到收费通知），不能按逾期未缴费办结"}
        )
    if (
        kind == ReplyKind.STILL_UNCLEAR
        and not application.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists()
    ):
        raise ValidationError({"kind": "“补正后申请内容仍不明确”只适用于已经补正的申请"})
    if kind == ReplyKind.PARTIAL:
        if not data.get("withheld_what", "").strip():
            raise ValidationError({"withheld_what": "部分公开应写明不予公开的内容"})
        if data.get("withheld_ground") not in WITHHOLD_GROUNDS:
            raise ValidationError({"withheld_ground": "部分公开应选择不予公开的理由"})
    if kind == ReplyKind.NOT_THIS_AGENCY and not data.get("other_agency", "").strip():
        raise ValidationError({"other_agency": "非本机关负责公开的，应写明负责公开的机关（能够确定的）"})
    if kind == ReplyKind.OTHER and not (data.get("basis", "").strip() and data.get("text", "").strip()):
        raise ValidationError({"basis": "“其他处理”应写明依据和答复内容"})


@transaction.atomic
def reply(
    application: Application,
    *,
    acting_user: User,
    kind: str,
    text: str = "",
    on: date | None = None,
    withheld_what: str = "",
    withheld_ground: str = "",
    other_agency: str = "",
    other_agency_contact: str = "",
    basis: str = "",
) -> Letter:
    """Close the case with a reply of one report row (R3.1–R3.6.3) and issue its letter."""
    _lock(application)
    _require(acting_user, application, "reply")
    if kind not in REPLY_SPECS:
        raise ValidationError({"kind": "请选择答复类型"})
    on = _date(on or today(), "答复日期", not_before=application.received_on, before_label="收到申请日期")
    clock = compute_clock(application, on=on)
    data = {
        "withheld_what": withheld_what,
        "withheld_ground": withheld_ground,
        "other_agency": other_agency,
        "basis": basis,
        "text": text,
    }
    _check_reply(application, kind, clock, on, data)
    spec = REPLY_SPECS[kind]
    legal = letters.legal_basis(basis.strip() or spec.basis)
    application.status = S.CLOSED
    application.closed_on = on
    application.reply_kind, application.reply_row, application.reply_basis = kind, spec.row, legal[:200]
    application.reply_text = text.strip()
    application.withheld_what = withheld_what.strip() if kind == ReplyKind.PARTIAL else ""
    application.withheld_ground = withheld_ground if kind == ReplyKind.PARTIAL else ""
    application.other_agency = other_agency.strip() if kind == ReplyKind.NOT_THIS_AGENCY else ""
    application.other_agency_contact = (
        other_agency_contact.strip() if kind == ReplyKind.NOT_THIS_AGENCY else ""
    )
    late = clock.answer_due is not None and on > clock.answer_due
    _event(application, EventKind.REPLIED, on, acting_user, {"kind": kind, "row": spec.row, "late": late})
    _refresh(application)
    agency_settings = settings_for(application.agency)
    remedy = REMEDY_CLAUSES[spec.remedy].format(
        复议机关=agency_settings.review_body, 人民法院=agency_settings.court
    )
    ground = application.withheld_ground or (kind if spec.row.startswith("R3.3.") else "")
    values = _values(
        application,
        clock,
        答复类型=letters.REPLY_PHRASES.get(kind, ReplyKind(kind).label),
        法律依据=legal,
        答复内容=application.reply_text,
        不予公开内容=application.withheld_what,
        不予公开理由=letters.REPLY_PHRASES.get(ground, "") if ground else "",
        负责机关=application.other_agency,
        负责机关联系方式=application.other_agency_contact or "（无）",
        救济途径=remedy,
        成文日期=letters.cn_date(on),
    )
    letter = _issue(application, spec.letter, values, acting_user)
    letter.issued_on = on
    letter.save(update_fields=["issued_on"])
    _audit("reply", application, acting_user, kind=kind, row=spec.row, late=late)
    return letter


# --- Agency settings and templates -------------------------------------------------------------


@transaction.atomic
def update_settings(agency: Agency, *, acting_user: User, **fields: str) -> ApplicationSettings:
    require(acting_user, "applications.manage_templates", agency)
    current = settings_for(agency)
    changes = {k: [getattr(current, k), v] for k, v in fields.items() if getattr(current, k) != v}
    for key, value in fields.items():
        setattr(current, key, value)
    current.full_clean()
    current.save()
    record(
        "applications.update_settings",
        actor=acting_user,
        obj=current,
        agency=agency,
        detail={"changes": changes},
    )
    return current


@transaction.atomic
def update_template(agency: Agency, kind: str, *, acting_user: User, title: str, body: str) -> LetterTemplate:
    require(acting_user, "applications.manage_templates", agency)
    letters.check_template(body)
    if not title.strip():
        raise ValidationError({"title": "请填写标题"})
    template, created = LetterTemplate.objects.update_or_create(
        agency=agency, kind=kind, defaults={"title": title.strip(), "body": body.strip()}
    )
    record(
        "applications.update_template",
        actor=acting_user,
        obj=template,
        agency=agency,
        detail={"kind": kind, "created": created},
    )
    return template


@transaction.atomic
def reset_template(agency: Agency, kind: str, *, acting_user: User) -> None:
    require(acting_user, "applications.manage_templates", agency)
    deleted, _ = LetterTemplate.objects.filter(agency=agency, kind=kind).delete()
    record(
        "applications.reset_template",
        actor=acting_user,
        agency=agency,
        detail={"kind": kind, "deleted": deleted},
    )


# --- System jobs: recomputing clocks, raising notices -------------------------------------------


@transaction.atomic
def recompute_clocks(
    queryset: QuerySet[Application] | None = None, *, acting_user: User | None = None, reason: str = ""
) -> int:
    """Recompute the stored dates of open cases (after a calendar change, or daily for pauses)."""
    if acting_user is not None:
        require(acting_user, "core.change_calendar")
    cases = (queryset if queryset is not None else Application.objects.all()).filter(status__in=OPEN_STATUSES)
    index, now = workdays.get_index(), today()
    changed: list[Application] = []
    ids = list(cases.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        events: dict[int, list[clockmod.ClockEvent]] = {pk: [] for pk in chunk}
        for app_id, kind, on, data, pk in CaseEvent.objects.filter(application_id__in=chunk).values_list(
            "application_id", "kind", "on", "data", "pk"
        ):
            events[app_id].append(clockmod.ClockEvent(kind, on, data, pk))
        for application in Application.objects.filter(pk__in=chunk).only(
            "pk", "due_date", "due_kind", "due_provisional"
        ):
            result = clockmod.compute(events[application.pk], index, now)
            due, kind = result.next_due
            if (due, kind, result.provisional) != (
                application.due_date,
                application.due_kind,
                application.due_provisional,
            ):
                application.due_date, application.due_kind = due, kind
                application.due_provisional = result.provisional
                changed.append(application)
    Application.objects.bulk_update(changed, ["due_date", "due_kind", "due_provisional"], batch_size=500)
    record(
        "applications.recompute_clocks",
        actor=acting_user,
        actor_name="system",
        detail={"checked": len(ids), "changed": len(changed), "reason": reason},
    )
    return len(changed)


def recompute_after_calendar_change(year: int) -> int:
    """Job run after a year's holiday schedule is saved: every open case touching that year."""
    workdays.invalidate()
    affected = Application.objects.filter(
        Q(due_provisional=True) | Q(due_date__year__gte=year) | Q(due_date__isnull=True),
        received_on__year__lte=year,
    )
    return recompute_clocks(affected, reason=f"{year}年节假日安排变更")


@transaction.atomic
def raise_notices(*, on: date | None = None) -> int:
    """Notices to the assignee and the agency's 负责人 for cases due soon, overdue or to close.

    Idempotent per day: a second run the same day adds nothing.
    """
    on = on or today()
    index = workdays.get_index()
    open_cases = Application.objects.filter(status__in=OPEN_STATUSES, due_date__isnull=False)
    # Running pauses move the projected dates every day; provisional dates may have a calendar now.
    recompute_clocks(
        open_cases.filter(Q(status__in=(S.CONSULTING, S.AWAITING_FEE)) | Q(due_provisional=True)),
        reason="每日到期检查",
    )
    soon_limit = index.add(on, rules_for(on).due_soon_days)
    leaders: dict[int, list[int]] = {}
    for user_id, agency_id in User.objects.filter(roles__role=Role.LEADER, is_active=True).values_list(
        "pk", "agency_id"
    ):
        leaders.setdefault(agency_id, []).append(user_id)
    notices: list[Notice] = []
    cases = open_cases.filter(due_date__lte=soon_limit).values_list(
        "pk", "agency_id", "assignee_id", "number", "due_date", "due_kind", "status"
    )
    for pk, agency_id, assignee_id, number, due, due_kind, status in cases:
        label = {"answer": "答复期限", "correction": "补正期限", "fee": "缴费期限"}.get(due_kind, "期限")
        if due < on and status in (S.AWAITING_CORRECTION, S.AWAITING_FEE):
            kind = NoticeKind.PROPOSAL
            row = "R3.6.1 逾期不补正" if status == S.AWAITING_CORRECTION else "R3.6.2 逾期未缴费"
            message = f"申请 {number} 的{label}（{due.isoformat()}）已届满，建议按“{row}”办结"
        elif due < on:
            kind = NoticeKind.OVERDUE
            message = f"申请 {number} 已超过{label}（{due.isoformat()}），请立即处理"
        else:
            kind = NoticeKind.DUE_SOON
            message = f"申请 {number} 的{label}为 {due.isoformat()}，即将到期"
        recipients = set(leaders.get(agency_id, []))
        if assignee_id:
            recipients.add(assignee_id)
        notices += [
            Notice(recipient_id=r, application_id=pk, kind=kind, created_on=on, message=message)
            for r in recipients
        ]
    before = Notice.objects.filter(created_on=on).count()
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    created = Notice.objects.filter(created_on=on).count() - before
    record("applications.raise_notices", actor_name="system", detail={"on": on, "created": created})
    return created


@transaction.atomic
def mark_notices_read(user: User, ids: Iterable[int] | None = None) -> int:
    notices = Notice.objects.filter(recipient=user, read=False)
    if ids is not None:
        notices = notices.filter(pk__in=list(ids))
    count = notices.update(read=True)
    record("applications.read_notices", actor=user, detail={"count": count})
    return count


def _overdue(application: Application) -> bool:
    due = compute_clock(application).answer_due
    return due is not None and today() > due


def allowed_actions(application: Application, user: User) -> list[str]:
    """The actions the case page offers `user` now: the transition table, guards and permissions."""
    if not has_perm(user, HANDLE, application.agency) and not has_perm(
        user, "applications.approve_extension", application.agency
    ):
        return []
    events = set(application.events.values_list("kind", flat=True))
    pending_extension = application.extensions.filter(approved__isnull=True).exists()
    consultations = list(application.consultations.filter(closed_on__isnull=True))
    guards = {
        "request_correction": EventKind.CORRECTION_REQUESTED not in events,
        "consultation_delivered": any(c.delivered_on is None for c in consultations),
        "close_consultation": bool(consultations),
        "fee_notice_delivered": EventKind.FEE_NOTICE_DELIVERED not in events,
        "request_extension": not pending_extension
        and approved_extension_days(application) < rules_for(application.received_on).max_extension_days
        and not _overdue(application),
        "decide_extension": pending_extension,
    }
    return [
        action
        for action, statuses in TRANSITIONS.items()
        if application.status in statuses
        and guards.get(action, True)
        and has_perm(user, PERMISSION_OF.get(action, HANDLE), application.agency)
    ]
