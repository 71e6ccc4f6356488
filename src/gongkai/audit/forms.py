from django import forms

from .models import Result


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人账号", required=False, max_length=150)
    action = forms.CharField(label="操作", required=False, max_length=80)
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *Result.choices])
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
