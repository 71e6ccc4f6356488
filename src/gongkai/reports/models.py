"""Annual reports compiled from the database, reports imported from files, and supervision records.

`AnnualReport` is one agency's report on one year: the tables as the engine's JSON (a snapshot of
what the data said when it was compiled; `ReportVersion` keeps every compiled snapshot and what
changed), the narrative sections 一/五/六 written by staff, the 行政事业性收费 amount with its source,
the latest check result, the warnings someone acknowledged, and the published files. Published
reports are locked. `ImportedReport` is a published report read from a file by the engine: last year's
report of an agency on the system, or the report of an agency that is not on it (name and level).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from gongkai.orgs.choices import Level

from .choices import (
    FindingStatus,
    ImportState,
    InspectionKind,
    ReminderKind,
    ReportStatus,
)


class FeeSource(models.Model):
    """Where an agency's 行政事业性收费 amounts are recorded: an amount field (万元) of one of its credit
    record sets, summed over the records whose decision date falls in the year. Without one, the
    amount is entered on each report with its source."""

    agency = models.OneToOneField(
        "orgs.Agency", on_delete=models.CASCADE, related_name="fee_source", verbose_name="机关"
    )
    record_set = models.ForeignKey("credit.RecordSet", on_delete=models.PROTECT, verbose_name="数据集")
    amount_field = models.CharField("金额字段（万元）", max_length=40)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "行政事业性收费数据来源"

    def __str__(self) -> str:
        return f"{self.record_set} · {self.amount_field}"


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="annual_reports", verbose_name="机关"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    deadline = models.DateField("法定公布期限")
    # {"section2": {...}, "section3": {...}, "section4": {...}} in the engine's JSON.
    tables = models.JSONField("统计表", default=dict)
    version = models.PositiveIntegerField("版本", default=0)
    narrative = models.JSONField("正文（一、五、六）", default=dict, blank=True)
    fees_amount = models.DecimalField(
        "行政事业性收费金额（万元）", max_digits=14, decimal_places=4, null=True, blank=True
    )
    fees_source = models.CharField("收费金额来源", max_length=200, blank=True)
    facts = models.JSONField("本年工作数据", default=dict, blank=True)
    findings = models.JSONField("检查结果", default=list, blank=True)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    checked_at = models.DateTimeField("检查时间", null=True, blank=True)
    acknowledged = models.JSONField("已确认的警告", default=list, blank=True)
    compiled_at = models.DateTimeField("编制时间", null=True, blank=True)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="编制人",
    )
    submitted_at = models.DateTimeField("送审时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_json = models.JSONField("发布版本", null=True, blank=True)
    docx_path = models.CharField("DOCX 文件", max_length=300, blank=True)
    pdf_path = models.CharField("PDF 文件", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["-year", "agency__path"]
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="report_unique_agency_year")]
        indexes = [models.Index(fields=["year", "status"], name="report_year_status")]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def published_late(self) -> bool:
        return self.published_on is not None and self.published_on > self.deadline


class ReportVersion(models.Model):
    """One compiled snapshot of the tables, and what changed from the one before (cell by cell)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    tables = models.JSONField("统计表")
    fees_source = models.CharField("收费金额来源", max_length=200, blank=True)
    changes = models.JSONField("与上一版本相比的变化", default=list, blank=True)
    created_at = models.DateTimeField("编制时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="编制人"
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = "年度报告版本"
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self) -> str:
        return f"第 {self.number} 版"


class ImportedReport(models.Model):
    """A published report read from a file: for an agency on the system (`agency`), or for one that is
    not (`external_name`, `external_level`). `owner` is the office that imported it: scoping goes
    through it, so an external agency's report is seen by its supervising office and those above."""

    owner = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="导入机关"
    )
    agency = models.ForeignKey(
        "orgs.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="imported_reports",
        verbose_name="报告机关（本系统）",
    )
    external_name = models.CharField("报告机关（未使用本系统）", max_length=100, blank=True)
    external_level = models.CharField("层级", max_length=10, choices=Level.choices, blank=True)
    external_government = models.BooleanField("是否为本级人民政府", default=False)
    year = models.PositiveSmallIntegerField("报告年度", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    batch = models.CharField("批次", max_length=32, blank=True, db_index=True)
    file_name = models.CharField("文件名", max_length=200)
    file_path = models.CharField("存储路径", max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    state = models.CharField("状态", max_length=10, choices=ImportState.choices, default=ImportState.QUEUED)
    data = models.JSONField("读取结果", null=True, blank=True)
    findings = models.JSONField("检查结果", default=list, blank=True)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    problem = models.CharField("无法读取的原因", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="导入人"
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    processed_at = models.DateTimeField("读取时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "导入的年度报告"
        verbose_name_plural = "导入的年度报告"
        constraints = [
            # A batch file's agency is known once the engine has read it.
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | ~Q(external_name="") | Q(state=ImportState.QUEUED),
                name="imported_report_has_agency",
            )
        ]
        indexes = [models.Index(fields=["year", "owner"], name="imported_report_year")]

    def __str__(self) -> str:
        return f"{self.agency_name} {self.year or '年度未识别'}（{self.file_name}）"

    @property
    def agency_name(self) -> str:
        return self.agency.name if self.agency_id else self.external_name

    @property
    def is_government(self) -> bool:
        if self.agency_id:
            return self.agency.is_government and self.agency.level != Level.TOWNSHIP
        return self.external_government and self.external_level != Level.TOWNSHIP


class Inspection(models.Model):
    """The supervising office's check of an agency's disclosure work (the seed's 不定期检查)."""

    office = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="检查机关"
    )
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="inspections", verbose_name="被检查机关"
    )
    kind = models.CharField("检查类型", max_length=10, choices=InspectionKind.choices)
    inspected_on = models.DateField("检查日期")
    scope = models.CharField("检查内容", max_length=300)
    inspectors = models.CharField("检查人员", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = "政务公开检查"
        indexes = [models.Index(fields=["agency", "inspected_on"], name="inspection_agency_date")]

    def __str__(self) -> str:
        return f"{self.inspected_on} {self.get_kind_display()}：{self.agency}"


class InspectionFinding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField("序号")
    text = models.CharField("发现的问题", max_length=500)
    due_on = models.DateField("整改期限", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    rectification = models.TextField("整改情况", blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="整改登记人"
    )

    class Meta:
        ordering = ["inspection", "number"]
        verbose_name = "检查发现的问题"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="finding_unique_number"),
            models.CheckConstraint(
                condition=Q(status=FindingStatus.OPEN) | Q(rectified_on__isnull=False),
                name="finding_rectified_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def agency(self):
        return self.inspection.agency


class Reminder(models.Model):
    """A deadline reminder raised by the daily job, once per recipient, report, kind and day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_reminders"
    )
    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="+", verbose_name="机关")
    year = models.PositiveSmallIntegerField("报告年度")
    kind = models.CharField("类型", max_length=10, choices=ReminderKind.choices)
    deadline = models.DateField("公布期限")
    created_on = models.DateField("日期")
    message = models.CharField("内容", max_length=300)
    read = models.BooleanField("已读", default=False)

    class Meta:
        ordering = ["-created_on", "-pk"]
        verbose_name = "年报期限提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "agency", "year", "kind", "created_on"], name="report_reminder_daily"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read", "created_on"], name="report_reminder_inbox")]

    def __str__(self) -> str:
        return self.message
