"""Forms of the complaints channel: the public form (with the anti-automation fields), tracking,
and the staff case forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from gongkai.applications import antibot

from .actions import validate
from .choices import Channel, Finding, Kind


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label="类别", choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.COMPLAINT
    )
    title = forms.CharField(label="事由", max_length=100, help_text="一句话说明投诉或举报的事项")
    content = forms.CharField(
        label="具体内容（事实和理由）", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    related_case = forms.CharField(
        label="相关申请编号",
        max_length=20,
        required=False,
        help_text="涉及已提交的政府信息公开申请的，请填写申请编号",
    )
    name = forms.CharField(
        label="姓名或名称", max_length=100, required=False, help_text="投诉必填；举报可以匿名"
    )
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)

    def clean(self):
        data = super().clean()
        try:
            validate(data)
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                for error in errors:
                    self.add_error(name if name in self.fields else None, error)
        return data

    def complaint_data(self) -> dict:
        return {
            k: self.cleaned_data.get(k, "")
            for k in ("kind", "title", "content", "related_case", "name", "phone", "email")
        }


class PublicComplaintForm(ComplaintForm):
    consent = forms.BooleanField(label="我已阅读并知悉上述个人信息处理告知", required=True)
    # Anti-automation, as on the application form (applications/antibot.py).
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label="网址（请勿填写）",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def visible(self) -> list:
        return [self[n] for n in ("kind", "title", "content", "related_case", "name", "phone", "email")]

    def consent_fields(self) -> list:
        return [self["consent"]]

    def clean(self):
        data = super().clean()
        problem = antibot.check_form(self.data.get("token", ""), self.data.get(antibot.HONEYPOT_FIELD, ""))
        if problem:
            raise ValidationError(problem, code="bot")
        return data


class RegisterForm(ComplaintForm):
    """Staff register a complaint that came by phone, letter or in person."""

    agency = forms.ModelChoiceField(label="被投诉（举报）机关", queryset=None)
    channel = forms.ChoiceField(
        label="渠道", choices=[(v, label) for v, label in Channel.choices if v != Channel.ONLINE]
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.order_fields(["agency", "channel"])


class TrackForm(forms.Form):
    number = forms.CharField(label="受理编号", max_length=20, help_text="如 JD202600012")
    code = forms.CharField(label="查询码", max_length=16, widget=forms.PasswordInput(render_value=False))


class RejectForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReplyForm(forms.Form):
    finding = forms.ChoiceField(label="核查结论", choices=[("", "请选择"), *Finding.choices])
    reply = forms.CharField(label="答复意见", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
