"""依申请公开 cases: the application, its events (the clock's input), letters, fees and notices.

The dates that drive the queue (`due_date`, `due_kind`, `due_provisional`) are derived from the
events by `clock.compute` and stored, indexed, by the action that adds an event; the case page
recomputes them live with the explanation. The report rows are `received_on`, `closed_on` and
`reply_row`: section 三 is a query over them (`report.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.core.validators import mask_id_number

from .choices import (
    ApplicantType,
    Channel,
    ConsultationKind,
    ConsultationOutcome,
    DeliveryChannel,
    DeliveryForm,
    DueKind,
    EventKind,
    FeeMethod,
    IdType,
    LetterKind,
    ReplyKind,
    Status,
)


class Application(models.Model):
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="applications", verbose_name="机关"
    )
    year = models.PositiveSmallIntegerField("编号年度")
    serial = models.PositiveIntegerField("编号序号")
    number = models.CharField("申请编号", max_length=20)
    query_code_hash = models.CharField("查询码摘要", max_length=128)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    received_on = models.DateField("收到申请日期", null=True, blank=True)
    receipt_rule = models.CharField("收到日期认定规则", max_length=200, blank=True)
    receipt_confirmation = models.CharField("签收或确认情况", max_length=300, blank=True)
    # Art. 29: the applicant.
    applicant_type = models.CharField("申请人类型", max_length=2, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=40)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200)
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)
    # Art. 29: the information wanted, and how.
    info_title = models.CharField("所需信息名称", max_length=200)
    info_number = models.CharField("文号", max_length=100, blank=True)
    info_description = models.TextField("所需信息的内容描述")
    delivery_form = models.CharField("获取信息的载体形式", max_length=12, choices=DeliveryForm.choices)
    delivery_channel = models.CharField("获取信息的方式", max_length=12, choices=DeliveryChannel.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
        verbose_name="经办人",
    )
    # Derived by clock.compute and kept current by the actions (indexed for the queue).
    due_date = models.DateField("当前期限", null=True, blank=True)
    due_kind = models.CharField("期限类型", max_length=12, choices=DueKind.choices, blank=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    # The reply.
    closed_on = models.DateField("办结日期", null=True, blank=True)
    reply_kind = models.CharField("答复类型", max_length=30, choices=ReplyKind.choices, blank=True)
    reply_row = models.CharField("年报统计项", max_length=10, blank=True)
    reply_basis = models.CharField("法律依据", max_length=200, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    withheld_what = models.TextField("不予公开的内容", blank=True)
    withheld_ground = models.CharField("不予公开的理由", max_length=30, choices=ReplyKind.choices, blank=True)
    other_agency = models.CharField("负责公开的机关", max_length=100, blank=True)
    other_agency_contact = models.CharField("该机关的联系方式", max_length=200, blank=True)
    # The fee, if one was charged.
    fee_method = models.CharField("收费方式", max_length=10, choices=FeeMethod.choices, blank=True)
    fee_units = models.PositiveIntegerField("计费件数或页数", null=True, blank=True)
    fee_amount = models.PositiveIntegerField("信息处理费（元）", null=True, blank=True)
    # Optimistic locking: every action that locks the case adds one (see actions._lock).
    version = models.PositiveIntegerField("版本", default=0)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="unique_application_serial"),
            models.UniqueConstraint(fields=["agency", "number"], name="unique_application_number"),
            # A closed case was received, closed on or after receipt, and counts in one report row.
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | (Q(received_on__isnull=False, closed_on__gte=models.F("received_on")) & ~Q(reply_row="")),
                name="application_closed_consistent",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_date"], name="app_queue_status_due"),
            models.Index(fields=["agency", "due_date"], name="app_queue_due"),
            models.Index(fields=["agency", "assignee", "due_date"], name="app_queue_assignee"),
            models.Index(fields=["agency", "channel", "due_date"], name="app_queue_channel"),
            models.Index(fields=["agency", "applicant_type", "due_date"], name="app_queue_type"),
            # Covers section 三 (report.py): one index-only range scan, no table lookups.
            models.Index(
                fields=["agency", "received_on", "closed_on", "applicant_type", "reply_row"],
                name="app_report_cover",
            ),
            models.Index(fields=["agency", "id_type", "id_number"], name="app_same_applicant"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.info_title}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.CLOSED, Status.VOID)

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL_PERSON


class CaseEvent(models.Model):
    """One step of the case (Art. 45: every step is recorded). `on` is the legally relevant date."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=30, choices=EventKind.choices)
    on = models.DateField("日期")
    data = models.JSONField("数据", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="操作人"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = "办理事项"
        indexes = [models.Index(fields=["application", "on"])]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="applications/%Y/%m/")
    name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "附件"

    def __str__(self) -> str:
        return self.name


class Consultation(models.Model):
    """A written consultation of a third party (Art. 32) or a co-producing agency (Art. 34)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("类型", max_length=12, choices=ConsultationKind.choices)
    party = models.CharField("被征求意见方", max_length=100)
    party_address = models.CharField("地址或联系方式", max_length=200, blank=True)
    matter = models.TextField("征求意见事项")
    sent_on = models.DateField("发出日期")
    delivered_on = models.DateField("对方收到日期", null=True, blank=True)
    closed_on = models.DateField("结束日期", null=True, blank=True)
    outcome = models.CharField("意见", max_length=12, choices=ConsultationOutcome.choices, blank=True)
    opinion = models.TextField("意见内容", blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "征求意见"

    def __str__(self) -> str:
        return self.party

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ExtensionRequest(models.Model):
    """A clerk's request to extend the answer period; the 负责人 decides (Art. 33)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField("延长工作日数")
    reasons = models.TextField("延期理由")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    requested_on = models.DateField("申请日期")
    approved = models.BooleanField("批准", null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审批人",
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    opinion = models.CharField("审批意见", max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "延期申请"

    def __str__(self) -> str:
        return f"延期 {self.days} 个工作日"


class ApplicationSettings(models.Model):
    """Per-agency settings of letters: the number prefix and the bodies the remedy clause names."""

    agency = models.OneToOneField(
        "orgs.Agency", on_delete=models.CASCADE, related_name="application_settings", verbose_name="机关"
    )
    letter_prefix = models.CharField(
        "文书编号代字", max_length=30, help_text="如“高新审批依申”，文书编号为 代字〔年份〕序号号"
    )
    review_body = models.CharField("行政复议机关", max_length=100)
    court = models.CharField("管辖人民法院", max_length=100)

    class Meta:
        verbose_name = "依申请公开设置"

    def __str__(self) -> str:
        return str(self.agency)


class LetterTemplate(models.Model):
    """An agency's own wording of one letter kind; without a row the shipped default is used."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.CASCADE, related_name="letter_templates", verbose_name="机关"
    )
    kind = models.CharField("文书类型", max_length=20, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文模板")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="unique_letter_template")]
        verbose_name = "文书模板"

    def __str__(self) -> str:
        return self.title


class Letter(models.Model):
    """A numbered letter as issued: its text is kept, DOCX and PDF are printed from it."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="letters")
    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    kind = models.CharField("文书类型", max_length=20, choices=LetterKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("文书编号", max_length=60)
    title = models.CharField("标题", max_length=100)
    recipient = models.CharField("主送", max_length=100)
    body = models.TextField("正文")
    issued_on = models.DateField("成文日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="制作人"
    )
    created_at = models.DateTimeField("制作时间", auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="unique_letter_serial"),
        ]
        verbose_name = "文书"

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def for_applicant(self) -> bool:
        return self.kind != LetterKind.CONSULTATION


class Counter(models.Model):
    """The last serial used per agency, year and series (case numbers, letter numbers)."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=20)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "series"], name="unique_application_counter")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class NoticeKind(models.TextChoices):
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    PROPOSAL = "proposal", "建议办结"


class Notice(models.Model):
    """A reminder raised by the daily job for the assignee and the agency's 负责人."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_notices"
    )
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("类型", max_length=10, choices=NoticeKind.choices)
    created_on = models.DateField("日期")
    message = models.CharField("内容", max_length=300)
    read = models.BooleanField("已读", default=False)

    class Meta:
        ordering = ["-created_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "application", "kind", "created_on"], name="unique_daily_notice"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read", "created_on"])]
        verbose_name = "到期提醒"

    def __str__(self) -> str:
        return self.message
