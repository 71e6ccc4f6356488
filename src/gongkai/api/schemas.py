"""Request and response schemas of the API (pydantic, through django-ninja)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema as NinjaSchema
from pydantic import Field, model_validator

from gongkai.applications.choices import (
    ApplicantType,
    Channel,
    DeliveryChannel,
    DeliveryForm,
    IdType,
    ReplyKind,
)
from gongkai.publications.choices import ItemKind


class Schema(NinjaSchema):
    """Refuses control characters PostgreSQL cannot store (NUL) in any text field."""

    @model_validator(mode="after")
    def _no_nul(self):
        for name, value in self:
            if isinstance(value, str) and "\x00" in value:
                raise ValueError(f"{name} 含有不允许的控制字符")
        return self


def _one_of(choices) -> Any:
    """A Literal type of a TextChoices' values, so the schema lists them and others are a 422."""
    return Literal.__getitem__(tuple(choices.values))


ApplicantTypeValue = _one_of(ApplicantType)
ChannelValue = _one_of(Channel)
IdTypeValue = _one_of(IdType)
DeliveryFormValue = _one_of(DeliveryForm)
DeliveryChannelValue = _one_of(DeliveryChannel)
ReplyKindValue = _one_of(ReplyKind)
ItemKindValue = _one_of(ItemKind)


class ErrorOut(Schema):
    detail: str = Field(description="错误说明（中文）")
    errors: dict[str, list[str]] | None = Field(default=None, description="按字段列出的错误")


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def responses(ok: Any, *codes: int, status: int = 200) -> dict[int, Any]:
    return {status: ok, **{code: ERRORS[code] for code in (*codes, 422)}}


def staff(ok: Any, *codes: int, status: int = 200) -> dict[int, Any]:
    return responses(ok, 401, 403, 404, 400, *codes, status=status)


# --- Workdays and fees -------------------------------------------------------------------------


class DayOut(Schema):
    date: date
    working: bool
    reason: str
    provisional: bool


class WorkdaysOut(Schema):
    start: date
    n: int
    date: date
    provisional: bool
    explanation: str


class WorkdaysExplainOut(WorkdaysOut):
    days: list[DayOut]


class FeeLineOut(Schema):
    first: int
    last: int
    price: int
    units: int
    amount: int


class FeeOut(Schema):
    method: Literal["volume", "count"]
    units: int
    amount: int
    lines: list[FeeLineOut]
    explanation: str


# --- Applications ------------------------------------------------------------------------------


class ApplicantIn(Schema):
    applicant_type: ApplicantTypeValue = Field(description="申请人类型（NP 为自然人）")
    applicant_name: str = Field(min_length=1, max_length=100)
    id_type: IdTypeValue
    id_number: str = Field(min_length=1, max_length=40)
    contact_person: str = Field(default="", max_length=50)
    phone: str = Field(min_length=1, max_length=30)
    email: str = Field(default="", max_length=254)
    address: str = Field(min_length=1, max_length=200)
    postal_code: str = Field(default="", max_length=6)
    info_title: str = Field(min_length=1, max_length=200)
    info_number: str = Field(default="", max_length=100)
    info_description: str = Field(min_length=1, max_length=5000)
    delivery_form: DeliveryFormValue
    delivery_channel: DeliveryChannelValue


class RegisterIn(Schema):
    agency: str | None = Field(default=None, max_length=60, description="机关代号；缺省为本人所在机关")
    channel: ChannelValue
    submitted_on: date
    received_on: date | None = None
    confirmation: str = Field(default="", max_length=300)
    applicant: ApplicantIn


class RegisterOut(Schema):
    id: int
    number: str
    query_code: str = Field(description="查询码，仅在此处显示一次")


class StepOut(Schema):
    on: date | None
    text: str


class DayRowOut(Schema):
    date: date
    status: str
    number: int | None
    reason: str


class ClockOut(Schema):
    received_on: date | None
    start: date | None
    answer_due: date | None
    answer_days: int
    extension_days: int
    paused_days: int
    later_date: date | None
    correction_notice_due: date | None
    correction_deadline: date | None
    consultation_ends: date | None
    fee_payment_due: date | None
    closed_on: date | None
    provisional: bool
    proposal: str | None
    steps: list[StepOut]
    days: list[DayRowOut]


class ApplicationOut(Schema):
    id: int
    agency: str
    number: str
    status: str
    status_label: str
    channel: str
    submitted_on: date
    received_on: date | None
    applicant_type: str
    applicant_name: str
    id_number_masked: str
    info_title: str
    due_date: date | None
    due_kind: str
    due_provisional: bool
    closed_on: date | None
    reply_kind: str
    version: int


class ApplicationDetailOut(ApplicationOut):
    info_description: str
    clock: ClockOut


class ApplicationPage(Schema):
    count: int
    page: int
    size: int
    items: list[ApplicationOut]


class ClockEventIn(Schema):
    kind: Literal[
        "confirm_receipt", "request_correction", "receive_correction", "fee_notice_delivered", "fee_paid"
    ]
    on: date
    confirmation: str = Field(default="", max_length=300)
    items: str = Field(default="", max_length=5000, description="补正事项（request_correction）")
    deadline: date | None = Field(default=None, description="补正期限（request_correction）")
    note: str = Field(default="", max_length=2000)
    version: int | None = Field(default=None, description="读取时的版本号；不一致时返回 409")


class ReplyIn(Schema):
    kind: ReplyKindValue
    on: date | None = None
    text: str = Field(default="", max_length=20000)
    withheld_what: str = Field(default="", max_length=5000)
    withheld_ground: ReplyKindValue | Literal[""] = ""
    other_agency: str = Field(default="", max_length=100)
    other_agency_contact: str = Field(default="", max_length=200)
    basis: str = Field(default="", max_length=200)
    version: int | None = Field(default=None, description="读取时的版本号；不一致时返回 409")


# --- Publications ------------------------------------------------------------------------------


class ItemIn(Schema):
    agency: str | None = Field(default=None, max_length=60)
    title: str = Field(min_length=1, max_length=300)
    summary: str = Field(default="", max_length=5000)
    publisher: str = Field(min_length=1, max_length=100)
    formed_on: date
    written_on: date | None = None
    doc_no: str = Field(default="", max_length=80)
    category: str = Field(min_length=1, max_length=8)
    kind: ItemKindValue = "general"
    body: str = Field(default="", max_length=200000)


class ItemOut(Schema):
    id: int
    agency: str
    kind: str
    status: str
    status_label: str
    index_no: str | None
    title: str
    summary: str
    publisher: str
    doc_no: str
    category: str
    formed_on: date
    due_on: date | None
    published_at: datetime | None


class ItemPage(Schema):
    count: int
    page: int
    size: int
    items: list[ItemOut]


class SearchHit(Schema):
    id: int
    title: str
    agency: str
    index_no: str | None
    published_at: datetime | None
    url: str


class SearchOut(Schema):
    count: int
    more: bool
    page: int
    items: list[SearchHit]


# --- Credit ------------------------------------------------------------------------------------


class CreditRecordOut(Schema):
    id: int
    agency: str
    kind: str
    record_set: str
    doc_no: str
    subject_name: str
    decision_date: date | None
    status: str
    public_until: date | None


class CreditPage(Schema):
    count: int
    page: int
    size: int
    items: list[CreditRecordOut]


class CreditSearchOut(Schema):
    count: int
    more: bool
    page: int
    items: list[CreditRecordOut]


class ImportJobOut(Schema):
    id: int
    status: str
    status_label: str
    file_name: str
    progress: dict[str, Any]
    errors: list[Any]


# --- Annual reports ----------------------------------------------------------------------------


class AnnualReportOut(Schema):
    agency: str
    year: int
    status: str
    source: Literal["published", "compiled"]
    report: dict[str, Any]
    findings: list[dict[str, Any]]


class CheckOut(Schema):
    ok: bool
    report: dict[str, Any]
    findings: list[dict[str, Any]]


# --- Public tracking ---------------------------------------------------------------------------


class ApplyOut(Schema):
    number: str
    query_code: str = Field(description="查询码，仅在此处显示一次，请妥善保存")


class TrackIn(Schema):
    number: str = Field(min_length=1, max_length=20)
    code: str = Field(min_length=1, max_length=40)


class TrackOut(Schema):
    number: str
    status: str
    status_label: str
    submitted_on: date
    received_on: date | None
    answer_due: date | None
    provisional: bool
    closed_on: date | None
    steps: list[StepOut]
