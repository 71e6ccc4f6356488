"""Forms of the appeals area."""

from __future__ import annotations

from typing import Any

from django import forms

from .choices import AppealKind, AppealResult
from .models import Appeal


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=AppealKind.choices)
    body = forms.CharField(label="复议机关或人民法院", max_length=100)
    case_number = forms.CharField(label="案号", max_length=60, required=False)
    filed_on = _date("申请或起诉日期")
    prior = forms.ModelChoiceField(
        label="此前的行政复议（复议后起诉时选择）", queryset=Appeal.objects.none(), required=False
    )
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, application=None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["prior"].queryset = Appeal.objects.filter(
            application=application, kind=AppealKind.RECONSIDERATION
        )


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label="审结结果", choices=[c for c in AppealResult.choices if c[0] != AppealResult.PENDING]
    )
    decided_on = _date("决定或裁判日期")
    note = forms.CharField(label="结果说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)
