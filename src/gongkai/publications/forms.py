"""Forms of the publications back office and the public catalog's filters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.core.review import MAX_STEPS
from gongkai.orgs.choices import EXCLUSIVE_ROLES, Role

from .choices import ItemKind, Status, Validity, categories_for_level
from .docno import DocNoError, normalize_doc_no
from .models import Item, Topic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def topic_choices(include_blank: str = "（不选）") -> list:
    """Two-level choices: each first-level topic is a group holding itself and its children."""
    choices: list = [("", include_blank)]
    topics = list(Topic.objects.filter(active=True).select_related("parent").order_by("code"))
    for parent in (t for t in topics if t.parent_id is None):
        children = [(str(t.pk), t.name) for t in topics if t.parent_id == parent.pk]
        choices.append((parent.name, [(str(parent.pk), f"{parent.name}（全部）"), *children]))
    return choices


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label="信息类型", choices=ItemKind.choices)
    title = forms.CharField(label="名称", max_length=300)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    publisher = forms.CharField(
        label="发布机构", max_length=100, required=False, help_text="不填则为本机关全称"
    )
    doc_no = forms.CharField(
        label="文号", max_length=80, required=False, help_text="如 国办发〔2017〕47号；方括号等写法会自动规范"
    )
    written_on = forms.DateField(label="成文日期", required=False, widget=DATE)
    formed_on = forms.DateField(
        label="信息形成（变更）日期",
        widget=DATE,
        help_text="自该日起 20 个工作日内应予公开（《条例》第二十六条）",
    )
    category = forms.ChoiceField(label="公开类别")
    topic = forms.ChoiceField(label="主题分类", required=False)
    in_rules_column = forms.BooleanField(label="列入“政府信息公开制度”栏目", required=False)
    effective_on = forms.DateField(
        label="施行日期", required=False, widget=DATE, help_text="规章、行政规范性文件填写"
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="可直接输入文字（每行一段），或粘贴 HTML；脚本、样式等不安全内容会被清除",
    )
    interprets = forms.CharField(
        label="解读的文件（索引号）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="政策解读填写所解读文件的索引号，每行一个",
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["category"].choices = [("", "请选择")] + [
            (code, f"{code} {label}") for code, label in categories_for_level(agency.level)
        ]
        self.fields["topic"].choices = topic_choices()

    def clean_doc_no(self) -> str:
        try:
            return normalize_doc_no(self.cleaned_data["doc_no"])
        except DocNoError as exc:
            raise ValidationError(str(exc)) from None

    def clean_topic(self) -> Topic | None:
        value = self.cleaned_data["topic"]
        return Topic.objects.filter(pk=value, active=True).first() if value else None

    def clean_interprets(self) -> list[Item]:
        numbers = [n.strip() for n in self.cleaned_data["interprets"].split() if n.strip()]
        items = list(Item.objects.filter(index_no__in=numbers, status=Status.PUBLISHED))
        missing = set(numbers) - {i.index_no for i in items}
        if missing:
            raise ValidationError(f"找不到已发布的文件：{'、'.join(sorted(missing))}")
        return items

    @staticmethod
    def initial_for(item: Item) -> dict:
        return {
            "kind": item.kind,
            "title": item.title,
            "summary": item.summary,
            "publisher": item.publisher,
            "doc_no": item.doc_no,
            "written_on": item.written_on,
            "formed_on": item.formed_on,
            "category": item.category,
            "topic": str(item.topic_id or ""),
            "in_rules_column": item.in_rules_column,
            "effective_on": item.effective_on,
            "body": item.body,
            "interprets": "\n".join(i.index_no or "" for i in item.interprets.all()),
        }


class ReviewForm(forms.Form):
    opinion = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、OFD、DOCX、XLSX 或图片（JPG、PNG）")


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="留空则立即发布",
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at is not None and at <= timezone.now():
            raise ValidationError("定时发布时间应晚于现在")
        return at


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class AcceptPiiForm(forms.Form):
    reason = forms.CharField(label="接受理由", max_length=300)


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    invalid_on = forms.DateField(label="失效或废止日期", required=False, widget=DATE)
    repealed_by = forms.CharField(label="废止依据文件（索引号）", required=False, max_length=60)
    note = forms.CharField(label="说明", required=False, max_length=200)

    def clean_repealed_by(self) -> Item | None:
        number = self.cleaned_data["repealed_by"].strip()
        if not number:
            return None
        item = Item.objects.filter(index_no=number, status=Status.PUBLISHED).first()
        if item is None:
            raise ValidationError("找不到该索引号的已发布文件")
        return item


class ImportForm(forms.Form):
    file = forms.FileField(label="目录文件（CSV 或 XLSX）")
    partial = forms.BooleanField(label="只导入无误的行（默认：任一行有误则全部不导入）", required=False)


STEP_ROLES = [("", "（不设此步）")] + [(r.value, r.label) for r in Role if r not in EXCLUSIVE_ROLES]


class ChainForm(forms.Form):
    """Up to MAX_STEPS steps, each a name and a role; empty rows are dropped."""

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(MAX_STEPS):
            step = steps[i] if i < len(steps) else None
            self.fields[f"name_{i}"] = forms.CharField(
                label=f"第 {i + 1} 步名称", required=False, max_length=40, initial=step.name if step else ""
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=f"第 {i + 1} 步办理角色",
                required=False,
                choices=STEP_ROLES,
                initial=step.role if step else "",
            )

    def steps(self):
        from gongkai.core.review import Step

        result = []
        for i in range(MAX_STEPS):
            name, role = (
                self.cleaned_data.get(f"name_{i}", "").strip(),
                self.cleaned_data.get(f"role_{i}", ""),
            )
            if name or role:
                if not (name and role):
                    raise ValidationError(f"第 {i + 1} 步须同时填写名称和办理角色")
                result.append(Step(name, role))
        return result


class TopicForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60)
    parent = forms.ModelChoiceField(
        label="上级分类",
        required=False,
        queryset=Topic.objects.filter(parent__isnull=True),
        empty_label="（一级分类）",
    )
    active = forms.BooleanField(label="启用", required=False, initial=True)


class CatalogFilterForm(forms.Form):
    """GET filters of the public lists and of the search page."""

    category = forms.ChoiceField(label="公开类别", required=False)
    topic = forms.ChoiceField(label="主题分类", required=False)
    year = forms.TypedChoiceField(label="年份", required=False, coerce=int, empty_value=None)
    validity = forms.ChoiceField(label="有效性", required=False, choices=[("", "全部"), *Validity.choices])
    kind = forms.ChoiceField(label="信息类型", required=False, choices=[("", "全部"), *ItemKind.choices])

    def __init__(self, *args, level: str | None = None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        from .choices import ALL_CATEGORIES

        categories = categories_for_level(level) if level else list(ALL_CATEGORIES.items())
        self.fields["category"].choices = [("", "全部")] + [(c, f"{c} {label}") for c, label in categories]
        self.fields["topic"].choices = topic_choices("全部")
        self.fields["year"].choices = [("", "全部")] + [(y, f"{y}年") for y in years]

    def catalog_filter(self):
        from .queries import CatalogFilter

        data = self.cleaned_data if self.is_valid() else {}
        topic = Topic.objects.filter(pk=data.get("topic")).first() if data.get("topic") else None
        return CatalogFilter(
            category=data.get("category", ""),
            topic=topic,
            year=data.get("year"),
            validity=data.get("validity", ""),
            kind=data.get("kind", ""),
        )


class SearchForm(CatalogFilterForm):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    agency = forms.SlugField(label="机关", required=False, widget=forms.HiddenInput)
    field_order = ["q"]
