"""Credit record sets: 行政许可, 行政处罚, 行政强制 and agency-defined sets, all in one table.

`CreditRecord` keeps the columns every filter needs (agency, set, 文书号, subject, dates, status,
the timeliness and validity outcome) and all template fields in `data`. The quality figures are
one GROUP BY over the covering index (agency, report_month, record_set, is_late, is_valid); the public name search is a bigram
full-text index over `search_tokens` (migration 0002; see search.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from . import schema
from .choices import JobState, NameMask, SetKind, Status, WithdrawKind


class RecordSet(models.Model):
    """A kind of record: the three built-in national ones (agency empty) or an agency's own."""

    agency = models.ForeignKey(
        "orgs.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_sets",
        verbose_name="机关（内置数据集为空）",
    )
    key = models.CharField("内置编码", max_length=10, blank=True)
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("种类", max_length=10, choices=SetKind.choices)
    fields = models.JSONField("字段", default=list, blank=True)
    roles = models.JSONField("字段用途", default=dict, blank=True)
    description = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["agency_id", "pk"]
        verbose_name = "信用数据集"
        verbose_name_plural = "信用数据集"
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="credit_set_unique_name"),
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="credit_set_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return bool(self.key)

    def schema(self) -> schema.Schema:
        if self.key:
            return schema.builtin(self.key)
        return schema.custom(f"custom:{self.pk}", self.name, self.fields, self.roles)

    @property
    def is_public(self) -> bool:
        return self.kind in (SetKind.LICENSING, SetKind.PENALTY)


class CreditSettings(models.Model):
    """Per-agency choices for its public 双公示 pages."""

    agency = models.OneToOneField(
        "orgs.Agency", on_delete=models.CASCADE, related_name="credit_settings", verbose_name="机关"
    )
    name_mask = models.CharField(
        "自然人姓名遮蔽规则",
        max_length=20,
        choices=NameMask.choices,
        default=NameMask.KEEP_SURNAME,
        help_text="公示自然人的行政许可、行政处罚时姓名的显示方式；身份证号码、住址、电话一律不公示",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "双公示设置"

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.name_mask}"


class HeaderMapping(models.Model):
    """An agency's own column header, mapped once to a field code (empty: ignore the column)."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, verbose_name="机关")
    record_set = models.ForeignKey(RecordSet, on_delete=models.CASCADE, verbose_name="数据集")
    header = models.CharField("表头（规范化）", max_length=200)
    label = models.CharField("表头原文", max_length=200)
    field_code = models.CharField("对应字段", max_length=40, blank=True)

    class Meta:
        verbose_name = "表头对应"
        constraints = [
            models.UniqueConstraint(fields=["agency", "record_set", "header"], name="credit_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} → {self.field_code or '（忽略）'}"


class ImportJob(models.Model):
    """One uploaded file and what became of it. Progress while running lives in a small file
    (progress.py), since the import's own transaction holds the write lock on SQLite."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, verbose_name="机关")
    record_set = models.ForeignKey(RecordSet, on_delete=models.PROTECT, verbose_name="数据集")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="导入人"
    )
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    file_name = models.CharField("文件名", max_length=200)
    file_path = models.CharField("存储路径", max_length=300)
    file_size = models.BigIntegerField("文件大小（字节）", default=0)
    good_rows = models.BooleanField("只导入合格行", default=False)
    dry_run = models.BooleanField("仅检查", default=False)
    state = models.CharField("状态", max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    template = models.CharField("模板", max_length=10, blank=True)
    encoding = models.CharField("编码", max_length=20, blank=True)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    bad_rows = models.PositiveIntegerField("错误行数", default=0)
    inserted = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    stored_invalid = models.PositiveIntegerField("登记为待更正", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors = models.JSONField("错误（前若干条）", default=list, blank=True)
    unknown_headers = models.JSONField("无法识别的表头", default=list, blank=True)
    message = models.TextField("说明", blank=True)
    error_report = models.CharField("错误报告路径", max_length=300, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    seconds = models.FloatField("用时（秒）", null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "导入任务"
        indexes = [models.Index(fields=["agency", "-created_at"], name="credit_job_agency")]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"


class CreditRecord(models.Model):
    # No single-column FK indexes: the composite indexes below lead with agency, and every index
    # costs time on a million-row import.
    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, db_index=False, verbose_name="机关")
    record_set = models.ForeignKey(RecordSet, on_delete=models.PROTECT, db_index=False, verbose_name="数据集")
    kind = models.CharField("种类", max_length=10, choices=SetKind.choices)
    doc_no = models.CharField("文书号（规范化）", max_length=128)
    subject_name = models.CharField("主体名称", max_length=200, blank=True)
    subject_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    subject_category = models.CharField("主体类别", max_length=20, blank=True)
    decision_date = models.DateField("决定日期", null=True, blank=True)
    valid_from = models.DateField("有效期自", null=True, blank=True)
    valid_to = models.DateField("有效期至", null=True, blank=True)
    item_code = models.CharField("事项编码", max_length=64, blank=True)
    severity = models.CharField("失信严重程度", max_length=4, blank=True)
    sector = models.CharField("所属领域", max_length=10, blank=True)
    data = models.JSONField("全部字段", default=dict)
    search_tokens = models.TextField("检索词", blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    is_valid = models.BooleanField("通过校验", default=True)
    problems = models.JSONField("校验问题", default=list, blank=True)
    not_public_reason = models.CharField("不予公示原因", max_length=200, blank=True)
    reported_at = models.DateTimeField("首次报送时间")
    reported_on = models.DateField("首次报送日期")
    report_month = models.PositiveIntegerField("报送月份（YYYYMM）")
    report_lag = models.IntegerField("决定至报送工作日数", null=True, blank=True)
    is_late = models.BooleanField("迟报", default=False)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    publish_lag = models.IntegerField("决定至公示工作日数", null=True, blank=True)
    public_until = models.DateField("公示截止日", null=True, blank=True)
    repairable_from = models.DateField("可信用修复日", null=True, blank=True)
    period_basis = models.CharField("公示期限依据", max_length=200, blank=True)
    changed_on = models.DateField("变更或撤销决定日期", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_kind = models.CharField("撤回原因类别", max_length=10, choices=WithdrawKind.choices, blank=True)
    withdraw_reason = models.TextField("撤回说明", blank=True)
    withdraw_late = models.BooleanField("超过三日撤回", default=False)
    repaired_at = models.DateTimeField("信用修复时间", null=True, blank=True)
    repair_note = models.TextField("信用修复记录", blank=True)
    import_job = models.ForeignKey(
        ImportJob, null=True, blank=True, on_delete=models.SET_NULL, db_index=False, verbose_name="最近导入"
    )
    source_row = models.PositiveIntegerField("来源行号", default=0)
    updated_at = models.DateTimeField("修改时间")

    class Meta:
        verbose_name = "信用记录"
        verbose_name_plural = "信用记录"
        constraints = [
            # 文书号 first: the public 文书号 search across agencies is a prefix of this index.
            models.UniqueConstraint(fields=["doc_no", "agency", "record_set"], name="credit_record_doc_no"),
        ]
        indexes = [
            models.Index(fields=["agency", "record_set", "decision_date"], name="credit_rec_set_date"),
            models.Index(
                fields=["agency", "report_month", "record_set", "is_late", "is_valid"],
                name="credit_rec_quality",
            ),
            models.Index(fields=["subject_code"], name="credit_rec_subject_code"),
            models.Index(
                fields=["public_until"],
                name="credit_rec_public_until",
                condition=Q(public_until__isnull=False),
            ),
            models.Index(fields=["item_code"], name="credit_rec_item_code", condition=~Q(item_code="")),
        ]

    def __str__(self) -> str:
        return f"{self.doc_no} {self.subject_name}"

    @property
    def is_natural_person(self) -> bool:
        return self.subject_category == "自然人"

    @property
    def original_doc_no(self) -> str:
        code = self.record_set.schema().roles.get("doc_no")
        return self.data.get(code, self.doc_no) if code else self.doc_no
