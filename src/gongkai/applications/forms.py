"""Forms of the applications area: the public application, staff registration, one form per
case action (labels unique across the case page, so each field is found by its label), the
queue filters, the tracking lookup and the letter templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from gongkai.orgs.models import User

from . import antibot, letters
from .actions import (
    APPLICANT_FIELDS,
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    check_attachment,
    validate_applicant,
)
from .choices import (
    AWAITING_CORRECTION_REPLIES,
    AWAITING_FEE_REPLIES,
    REPLY_SPECS,
    WITHHOLD_GROUNDS,
    ApplicantType,
    Channel,
    ConsultationKind,
    ConsultationOutcome,
    FeeMethod,
    ReplyKind,
    Status,
)
from .models import Application, ApplicationSettings


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=_date_input(), **kwargs)


def _text(label: str, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files, each checked for type (extension and signature) and size."""

    def __init__(self, **kwargs: Any):
        accept = ",".join(f".{ext}" for ext in ATTACHMENT_TYPES)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault(
            "help_text",
            f"可选。最多 {MAX_ATTACHMENTS} 个文件，每个不超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB；"
            f"格式：{'、'.join(ext.upper() for ext in ATTACHMENT_TYPES)}",
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(f"附件最多 {MAX_ATTACHMENTS} 个")
        cleaned = [super(AttachmentsField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            check_attachment(upload)
        return cleaned


class ApplicantForm(forms.ModelForm):
    """Art. 29 contents: who applies, the information wanted, the form and channel wanted."""

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS
        widgets = {
            "info_description": forms.Textarea(attrs={"rows": 4}),
            "applicant_type": forms.Select,
        }
        help_texts = {
            "applicant_name": "自然人填写姓名；法人或其他组织填写全称",
            "id_number": "自然人填写身份证件号码；法人或其他组织填写统一社会信用代码",
            "contact_person": "法人或其他组织必填",
            "info_number": "如知道，请填写文件的发文字号",
            "info_description": "请尽量写明信息的名称、文号、形成时间、所涉事项等，便于查找",
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].choices = [("", "请选择"), *ApplicantType.choices]

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper()

    def clean(self):
        data = super().clean()
        try:
            validate_applicant(data)
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                for error in errors:
                    self.add_error(field if field in self.fields else None, error)
        return data

    def applicant_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k, "") for k in APPLICANT_FIELDS}


class PublicApplicationForm(ApplicantForm):
    attachments = AttachmentsField(label="附件")
    consent = forms.BooleanField(label="我已阅读并知悉上述个人信息处理告知", required=True)
    # Anti-automation: a signed timestamp and a field people never see (antibot.py).
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label="网址（请勿填写）",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def _bound(self, names: tuple[str, ...]) -> list:
        return [self[name] for name in names]

    @property
    def applicant_fields(self) -> list:
        return self._bound(APPLICANT_FIELDS[:9])

    @property
    def info_fields(self) -> list:
        return self._bound(("info_title", "info_number", "info_description", "attachments"))

    @property
    def delivery_fields(self) -> list:
        return self._bound(("delivery_form", "delivery_channel"))

    @property
    def final_fields(self) -> list:
        return self._bound(("consent",))

    def clean(self):
        data = super().clean()
        problem = antibot.check_form(self.data.get("token", ""), self.data.get(antibot.HONEYPOT_FIELD, ""))
        if problem:
            raise ValidationError(problem, code="bot")
        return data


class RegisterForm(ApplicantForm):
    """Staff registration of an application received by any channel (Art. 31 receipt rules)."""

    channel = forms.ChoiceField(label="申请渠道", choices=[("", "请选择"), *Channel.choices])
    submitted_on = _date("提交日期（当面提交、邮件寄达或传真、邮件、网上提交之日）")
    received_on = _date(
        "收到申请日期（挂号信为签收之日；平信、传真、电子邮件、网上申请为双方确认之日）",
        required=False,
        help_text="当面提交的以提交日期为准，无需填写；尚未与申请人确认的可暂不填写，确认后再登记",
    )
    confirmation = forms.CharField(
        label="签收或确认情况",
        max_length=300,
        required=False,
        help_text="如：挂号信签收；2026年3月2日电话确认",
    )
    attachments = AttachmentsField(label="申请材料扫描件")

    field_order = ["channel", "submitted_on", "received_on", "confirmation", *APPLICANT_FIELDS, "attachments"]


# --- One form per action -----------------------------------------------------------------------


class ConfirmReceiptForm(forms.Form):
    received_on = _date("收到申请日期（签收或确认之日）")
    confirmation = forms.CharField(label="签收或确认情况", max_length=300)


class DiscardForm(forms.Form):
    reason = _text("不予登记理由", rows=2)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), label="经办人")

    def __init__(self, *args: Any, agency=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(agency=agency, is_active=True).order_by(
            "username"
        )


class CorrectionForm(forms.Form):
    items = _text("需要补正的事项")
    deadline = _date("补正期限（截止日期）")
    on = _date("补正告知日期")


class ReceiveCorrectionForm(forms.Form):
    on = _date("收到补正材料日期")
    note = _text("补正情况说明", rows=2, required=False)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="征求意见类型", choices=ConsultationKind.choices)
    party = forms.CharField(label="被征求意见方", max_length=100)
    party_address = forms.CharField(label="被征求意见方地址或联系方式", max_length=200, required=False)
    matter = _text("征求意见事项")
    on = _date("征求意见发出日期")


class _ConsultationChoice(forms.Form):
    def __init__(self, *args: Any, consultations=(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].choices = [(c.pk, c.party) for c in consultations]


class ConsultationDeliveredForm(_ConsultationChoice):
    consultation = forms.TypedChoiceField(label="征求意见函（送达）", coerce=int)
    on = _date("对方收到征求意见日期")


class CloseConsultationForm(_ConsultationChoice):
    consultation = forms.TypedChoiceField(label="征求意见函（结束）", coerce=int)
    on = _date("意见结束日期", help_text="收到书面意见之日；逾期未提出意见的，填写认定之日")
    outcome = forms.ChoiceField(label="对方意见", choices=ConsultationOutcome.choices)
    opinion = _text("意见内容", rows=2, required=False)


class FeeNoticeForm(forms.Form):
    method = forms.ChoiceField(label="收费方式", choices=FeeMethod.choices)
    pages = forms.IntegerField(label="页数（按量计收时填写）", min_value=1, required=False)
    on = _date("收费通知日期")


class FeeDeliveredForm(forms.Form):
    on = _date("申请人收到收费通知日期")


class PaymentForm(forms.Form):
    on = _date("缴费日期")


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reasons = _text("延期理由", rows=2)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批决定",
        choices=[("1", "同意延期"), ("0", "不同意延期")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label="审批意见", max_length=300, required=False)


class LaterDateForm(forms.Form):
    later = _date("延迟答复期限")
    reasons = _text("确定延迟答复期限的理由", rows=2)


def _reply_choices(status: str) -> list[tuple[str, str]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    names = {
        "R3.1": "予以公开",
        "R3.2": "部分公开",
        "R3.3": "不予公开",
        "R3.4": "无法提供",
        "R3.5": "不予处理",
        "R3.6": "其他处理",
    }
    allowed = {
        Status.AWAITING_CORRECTION: AWAITING_CORRECTION_REPLIES,
        Status.AWAITING_FEE: AWAITING_FEE_REPLIES,
        Status.CONSULTING: {ReplyKind.WITHDRAWN},
    }.get(status)
    for kind in ReplyKind:
        if allowed is not None and kind not in allowed:
            continue
        row = REPLY_SPECS[kind].row
        group = names[".".join(row.split(".")[:2])]
        groups.setdefault(group, []).append((kind.value, f"{kind.label}（{row}）"))
    return [("", "请选择"), *groups.items()]


class ReplyForm(forms.Form):
    kind = forms.ChoiceField(label="答复类型", choices=())
    on = _date("答复日期")
    text = _text("答复内容", rows=4, required=False, help_text="写入答复书：提供的信息、获取方式或说明")
    withheld_what = _text("不予公开的内容", rows=2, required=False, help_text="部分公开时必填")
    withheld_ground = forms.ChoiceField(
        label="不予公开的理由",
        required=False,
        choices=[("", "（部分公开时选择）")] + [(k.value, k.label) for k in WITHHOLD_GROUNDS],
    )
    other_agency = forms.CharField(
        label="负责公开的机关", max_length=100, required=False, help_text="非本机关负责公开时填写"
    )
    other_agency_contact = forms.CharField(label="该机关的联系方式", max_length=200, required=False)
    basis = forms.CharField(label="法律依据（“其他处理”时填写）", max_length=200, required=False)

    def __init__(self, *args: Any, status: str = Status.IN_PROGRESS, proposal: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _reply_choices(status)
        if proposal:
            self.fields["kind"].initial = proposal


class NoteForm(forms.Form):
    text = _text("办理记录", rows=2)


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "confirm_receipt": ConfirmReceiptForm,
    "discard": DiscardForm,
    "assign": AssignForm,
    "request_correction": CorrectionForm,
    "receive_correction": ReceiveCorrectionForm,
    "start_consultation": ConsultationForm,
    "consultation_delivered": ConsultationDeliveredForm,
    "close_consultation": CloseConsultationForm,
    "send_fee_notice": FeeNoticeForm,
    "fee_notice_delivered": FeeDeliveredForm,
    "record_payment": PaymentForm,
    "request_extension": ExtensionRequestForm,
    "decide_extension": ExtensionDecisionForm,
    "set_later_date": LaterDateForm,
    "reply": ReplyForm,
    "add_note": NoteForm,
}
ACTION_LABELS: dict[str, str] = {
    "confirm_receipt": "确认收到申请",
    "discard": "不予登记",
    "assign": "指定经办人",
    "request_correction": "补正告知",
    "receive_correction": "收到补正",
    "start_consultation": "征求意见",
    "consultation_delivered": "记录对方收到征求意见",
    "close_consultation": "结束征求意见",
    "send_fee_notice": "收费通知",
    "fee_notice_delivered": "记录申请人收到收费通知",
    "record_payment": "记录缴费",
    "request_extension": "申请延期",
    "decide_extension": "审批延期",
    "set_later_date": "延迟答复（第三十五条）",
    "reply": "答复办结",
    "add_note": "添加办理记录",
}


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部未办结"), ("all", "全部"), *Status.choices]
    )
    due = forms.ChoiceField(
        label="期限", required=False, choices=[("", "不限"), ("soon", "即将到期"), ("overdue", "已逾期")]
    )
    assignee = forms.ChoiceField(label="经办人", required=False)
    channel = forms.ChoiceField(label="申请渠道", required=False, choices=[("", "全部"), *Channel.choices])
    applicant_type = forms.ChoiceField(
        label="申请人类型", required=False, choices=[("", "全部"), *ApplicantType.choices]
    )
    q = forms.CharField(label="申请编号", required=False, max_length=20)

    def __init__(self, *args: Any, staff=(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "全部"), ("me", "我经办的"), ("none", "未指定")] + [
            (str(u.pk), str(u)) for u in staff
        ]


class TrackForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=20, help_text="如 2026-00012")
    code = forms.CharField(label="查询码", max_length=16, widget=forms.PasswordInput(render_value=False))


class TemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(
        label="正文模板",
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="每行为一段；占位符写作 {{占位符}}",
    )

    def clean_body(self) -> str:
        letters.check_template(self.cleaned_data["body"])
        return self.cleaned_data["body"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ApplicationSettings
        fields = ["letter_prefix", "review_body", "court"]
