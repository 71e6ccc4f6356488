"""Forms of the annual report pages (labels in Chinese; every field found by its label)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.annual_report.formats import SECTION_TITLES
from gongkai.orgs.choices import Level
from gongkai.orgs.models import Agency

from .choices import IMPORT_MAX_BYTES, IMPORT_SUFFIXES, InspectionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def report_years() -> list[int]:
    """Years a report can be compiled for (the 2021 format applies from 2021), newest first."""
    return list(range(timezone.localdate().year, 2020, -1))


class CompileForm(forms.Form):
    year = forms.TypedChoiceField(label="报告年度", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = report_years()
        self.fields["year"].choices = [(y, f"{y} 年") for y in years]
        self.fields["year"].initial = timezone.localdate().year - 1


class NarrativeForm(forms.Form):
    one = forms.CharField(
        label=SECTION_TITLES["一"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="一般分为主动公开、依申请公开、政府信息管理、平台建设、监督保障五个方面；每行一段",
    )
    five = forms.CharField(
        label=SECTION_TITLES["五"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="先说明上年度报告所列问题的整改情况，再写本年度的问题和改进措施",
    )
    six = forms.CharField(
        label=SECTION_TITLES["六"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    KEYS = {"one": "一", "five": "五", "six": "六"}

    def narrative(self) -> dict[str, str]:
        return {numeral: self.cleaned_data[field] for field, numeral in self.KEYS.items()}

    @classmethod
    def initial_from(cls, narrative: dict[str, str]) -> dict[str, str]:
        return {field: (narrative or {}).get(numeral, "") for field, numeral in cls.KEYS.items()}


class FeesForm(forms.Form):
    amount = forms.DecimalField(
        label="本年行政事业性收费金额（万元）", min_value=0, max_digits=14, decimal_places=4
    )
    source = forms.CharField(
        label="金额来源",
        max_length=200,
        help_text="如：财政非税收入管理系统 2024 年 1 月 5 日导出；本机关无收费项目的，写明依据",
    )


class ReviewForm(forms.Form):
    opinion = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="报告文件",
        help_text=f"已发布的年度报告（{'、'.join(IMPORT_SUFFIXES)}），可多选，或打包为 .zip 批量导入；"
        f"每个文件不超过 {IMPORT_MAX_BYTES // (1 << 20)} MB",
    )
    agency = forms.ModelChoiceField(
        label="报告机关（本系统）",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="（从报告中识别，或填写下方未使用本系统的机关）",
    )
    external_name = forms.CharField(label="未使用本系统的机关名称", max_length=100, required=False)
    external_level = forms.ChoiceField(
        label="该机关的层级", choices=[("", "（不选）"), *Level.choices], required=False
    )
    external_government = forms.BooleanField(
        label="该机关是本级人民政府（公布期限为 3 月 31 日）", required=False
    )
    year = forms.TypedChoiceField(label="报告年度", coerce=int, required=False, empty_value=None)
    published_on = forms.DateField(
        label="发布日期", required=False, widget=DATE, help_text="不填则从报告中识别"
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["year"].choices = [("", "（从报告中识别）")] + [
            (y, f"{y} 年") for y in range(timezone.localdate().year, 2018, -1)
        ]

    def clean(self):
        data = super().clean()
        if data.get("agency") and data.get("external_name"):
            raise ValidationError("请选择本系统的机关，或填写未使用本系统的机关名称，不能同时填写")
        return data


class InspectionForm(forms.Form):
    agency = forms.ModelChoiceField(label="被检查机关", queryset=Agency.objects.none())
    kind = forms.ChoiceField(label="检查类型", choices=InspectionKind.choices)
    inspected_on = forms.DateField(label="检查日期", widget=DATE)
    scope = forms.CharField(label="检查内容", max_length=300)
    inspectors = forms.CharField(label="检查人员", max_length=200, required=False)
    findings = forms.CharField(
        label="发现的问题",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个问题；没有发现问题的留空",
    )
    due_on = forms.DateField(label="整改期限", required=False, widget=DATE)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def finding_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["findings"].splitlines() if line.strip()]


class RectifyForm(forms.Form):
    rectification = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}))
    rectified_on = forms.DateField(label="整改完成日期", widget=DATE)


class FeeSourceForm(forms.Form):
    record_set = forms.ChoiceField(label="收费数据集", required=False)
    amount_field = forms.CharField(
        label="金额字段编码",
        max_length=40,
        required=False,
        help_text="该数据集中类型为“金额（万元）”的字段；数据集还须有“决定日期”字段",
    )

    def __init__(self, *args, sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_set"].choices = [("", "（不使用数据集：每年在报告中填写金额及来源）")] + [
            (str(s.pk), s.name) for s in sets
        ]
