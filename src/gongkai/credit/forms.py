"""Forms of the credit back office and the public search."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from .choices import NameMask, WithdrawKind
from .models import RecordSet
from .schema import CUSTOM_TYPES, FIELD_TYPES, Schema, rules


def sets_for(agency) -> forms.QuerySet:
    return RecordSet.objects.filter(Q(agency__isnull=True) | Q(agency=agency)).order_by("agency_id", "pk")


class ImportForm(forms.Form):
    record_set = forms.ModelChoiceField(queryset=RecordSet.objects.none(), label="数据集", empty_label=None)
    file = forms.FileField(
        label="数据文件",
        help_text="CSV（UTF-8 或 GBK）或 XLSX；第一行为表头：字段编码（如 XK_XDR_MC）、中文字段名（如 行政相对人名称）"
        "或 2016 版模板的表头均可",
    )
    good_rows = forms.BooleanField(
        label="只导入合格行（不合格行登记为待更正，不予公示）",
        required=False,
        help_text="默认：任何一行有误则整个文件不导入",
    )
    dry_run = forms.BooleanField(label="仅检查，不导入", required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_set"].queryset = sets_for(agency)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError("只支持 .csv 或 .xlsx 文件（.xls 请先另存为 .xlsx）")
        limit = rules()["import_max_bytes"]
        if upload.size > limit:
            raise ValidationError(f"文件超过 {limit // (1 << 20)} MB 的上限")
        return upload


class MappingForm(forms.Form):
    """One choice per header the system did not recognise: a field, or ignore the column."""

    def __init__(self, *args, headers: list[str], schema: Schema, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "（忽略此列）")] + [(f.code, f"{f.name}（{f.code}）") for f in schema.fields]
        self.headers = headers
        for i, header in enumerate(headers):
            self.fields[f"h{i}"] = forms.ChoiceField(label=header, choices=choices, required=False)

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data.get(f"h{i}", "") for i, header in enumerate(self.headers)}


class WithdrawForm(forms.Form):
    kind = forms.ChoiceField(label="原因类别", choices=WithdrawKind.choices)
    changed_on = forms.DateField(
        label="变更、撤销或确认决定的日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="须自该日起三日内撤回（《行政处罚法》第四十八条）",
    )
    reason = forms.CharField(
        label="撤回理由（向社会公开）", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )

    def clean_changed_on(self):
        value = self.cleaned_data["changed_on"]
        if value > timezone.localdate():
            raise ValidationError("日期不能晚于今天")
        return value


class RepairForm(forms.Form):
    note = forms.CharField(
        label="信用修复记录",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="修复决定文号、申请及审核情况；修复后停止公示，记录保留",
    )


class SettingsForm(forms.Form):
    name_mask = forms.ChoiceField(
        label="自然人姓名遮蔽规则", choices=NameMask.choices, widget=forms.RadioSelect
    )


TYPE_NAMES = {label: code for code, label in FIELD_TYPES.items() if code in CUSTOM_TYPES} | {
    code: code for code in CUSTOM_TYPES
}


class SetForm(forms.Form):
    """An agency's own record set: a name and a field list, one field per line."""

    name = forms.CharField(label="名称", max_length=60, help_text="如：行政管理信用信息、水费、燃气费")
    description = forms.CharField(label="说明", max_length=300, required=False)
    fields_text = forms.CharField(
        label="字段（每行一个）",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="格式：编码,名称,类型,是否必填[,可选值1|可选值2]。类型：文本、日期、数值、金额（万元）、整数、"
        "代码（选项）、统一社会信用代码、证件号码。例：HH,户号,文本,是",
    )
    doc_no = forms.CharField(
        label="唯一编号字段（编码）", max_length=40, help_text="重复导入时据此更新而不重复"
    )
    subject_name = forms.CharField(label="主体名称字段（编码）", max_length=40, required=False)
    subject_code = forms.CharField(label="统一社会信用代码字段（编码）", max_length=40, required=False)
    decision_date = forms.CharField(
        label="业务日期字段（编码）", max_length=40, required=False, help_text="用于计算报送及时性"
    )

    def clean_fields_text(self) -> list[dict]:
        fields = []
        for number, line in enumerate(self.cleaned_data["fields_text"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) < 3:
                raise ValidationError(f"第 {number} 行应至少有“编码,名称,类型”三项")
            type_code = TYPE_NAMES.get(parts[2])
            if type_code is None:
                raise ValidationError(f"第 {number} 行的类型“{parts[2]}”不可用")
            field = {"code": parts[0], "name": parts[1], "type": type_code}
            if len(parts) > 3 and parts[3] in ("是", "必填", "1", "true", "True"):
                field["required"] = True
            if type_code == "choice":
                field["options"] = [o for o in (parts[4] if len(parts) > 4 else "").split("|") if o]
            if type_code == "id_number":
                field["pii"] = True
            fields.append(field)
        return fields

    def roles(self) -> dict[str, str]:
        return {
            r: self.cleaned_data.get(r, "").strip()
            for r in ("doc_no", "subject_name", "subject_code", "decision_date")
        }

    @staticmethod
    def initial_for(record_set: RecordSet) -> dict:
        labels = {code: label for code, label in FIELD_TYPES.items()}
        lines = []
        for f in record_set.fields:
            line = f"{f['code']},{f['name']},{labels.get(f['type'], f['type'])},{'是' if f.get('required') else '否'}"
            if f.get("options"):
                line += "," + "|".join(f["options"])
            lines.append(line)
        return {
            "name": record_set.name,
            "description": record_set.description,
            "fields_text": "\n".join(lines),
            **{
                r: record_set.roles.get(r, "")
                for r in ("doc_no", "subject_name", "subject_code", "decision_date")
            },
        }
