"""Forms of the core app."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError


def parse_day_lines(text: str, field_label: str) -> list[tuple[date, str]]:
    """Lines of `YYYY-MM-DD 名称`; a bad line is reported with its number."""
    days = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = line.split(maxsplit=1)
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            raise ValidationError(
                f"{field_label}第 {number} 行：日期 {parts[0]!r} 应为 YYYY-MM-DD 格式"
            ) from None
        if len(parts) < 2:
            raise ValidationError(f"{field_label}第 {number} 行：缺少节日名称")
        days.append((day, parts[1].strip()))
    return days


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    source = forms.CharField(label="依据（通知文号）", max_length=200)
    holidays = forms.CharField(
        label="法定节假日（每行：日期 节日名称）", widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    makeup_workdays = forms.CharField(
        label="调休上班日（每行：日期 节日名称）", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def clean_holidays(self) -> list[tuple[date, str]]:
        return parse_day_lines(self.cleaned_data["holidays"], "法定节假日")

    def clean_makeup_workdays(self) -> list[tuple[date, str]]:
        return parse_day_lines(self.cleaned_data["makeup_workdays"], "调休上班日")


class WorkdayCalcForm(forms.Form):
    start = forms.DateField(label="起算日期", widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label="工作日天数", min_value=0, max_value=2000, initial=20)
