"""Forms of the service items area (labels unique on each page, so fields are found by label)."""

from __future__ import annotations

from django import forms

from .actions import ITEM_FIELDS, MATERIAL_FIELDS
from .choices import ItemType, Medium
from .models import Material, ServiceItem


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ItemForm(forms.ModelForm):
    """The working copy's fields; the checks themselves are in actions.clean_item_fields."""

    class Meta:
        model = ServiceItem
        fields = list(ITEM_FIELDS)
        widgets = {
            "basis": _area(3),
            "conditions": _area(4),
            "procedure": _area(5),
        }
        help_texts = {
            "implementer": "不填则为本机关全称",
            "procedure": "每行一个步骤，如：申请、受理、审查、决定、送达",
            "legal_days": "法律法规规定的办结时限，以工作日计；0 表示即办",
            "promised_days": "本机关承诺的办结时限，不得超过法定时限",
            "fee_standard": "收费事项填写",
            "fee_basis": "收费事项填写",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_type"].choices = [("", "请选择"), *ItemType.choices]
        for name in ("implementer", "fee_standard", "fee_basis"):
            self.fields[name].required = False


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = list(MATERIAL_FIELDS)

    def __init__(self, *args, prefix_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medium"].choices = Medium.choices
        self.fields["note"].required = False
        if prefix_label:  # two material forms on one page keep distinct labels
            for f in self.fields.values():
                f.label = f"{prefix_label}{f.label}"


class SampleForm(forms.Form):
    file = forms.FileField(label="样表文件", help_text="PDF、Word（docx）、Excel（xlsx）、OFD 或图片")


class ReviewForm(forms.Form):
    opinion = forms.CharField(label="审核意见", widget=_area(3), max_length=1000)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤下原因", max_length=300, widget=_area(2))


class ImportForm(forms.Form):
    file = forms.FileField(label="事项文件（.xlsx）")
    partial = forms.BooleanField(label="只导入无误的事项（默认任一行有误则全部不导入）", required=False)
    submit = forms.BooleanField(label="导入后直接送审", required=False)


class PublicFilterForm(forms.Form):
    """The public list's filters (GET)."""

    q = forms.CharField(label="事项名称或关键词", required=False, max_length=100)
    type = forms.ChoiceField(label="事项类型", required=False, choices=[("", "全部"), *ItemType.choices])
