"""政务服务事项: the working copy staff edit, its 申请材料 with 样表, and the published version.

An item is edited as a working copy and goes through the agency's review chain (core.review).
Publishing copies the approved snapshot into `public_data`; the portal renders only that, so a
revision under review never shows, and what the public sees is exactly what was approved. Sample
forms are stored under their SHA-256 and never deleted, so every published version's downloads
keep working.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from .choices import ItemType, Medium, Status


class ServiceItem(models.Model):
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="service_items", verbose_name="机关"
    )
    code = models.CharField("事项编码", max_length=64)
    name = models.CharField("事项名称", max_length=200)
    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices)
    implementer = models.CharField("实施机关", max_length=100, blank=True)
    basis = models.TextField("设定依据")
    conditions = models.TextField("受理条件")
    procedure = models.TextField("办理流程", help_text="每行一个步骤")
    legal_days = models.PositiveSmallIntegerField("法定办结时限（工作日）")
    promised_days = models.PositiveSmallIntegerField("承诺办结时限（工作日）")
    charges = models.BooleanField("是否收费", default=False)
    fee_standard = models.CharField("收费标准", max_length=300, blank=True)
    fee_basis = models.CharField("收费依据", max_length=300, blank=True)
    place = models.CharField("办理地点", max_length=200)
    hours = models.CharField("办理时间", max_length=200)
    consult_phone = models.CharField("咨询电话", max_length=50)
    complaint_phone = models.CharField("监督投诉电话", max_length=50)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The published version (None until first published) and its denormalised list columns.
    public_data = models.JSONField("已发布版本", null=True, blank=True, editable=False)
    is_public = models.BooleanField("在门户公开", default=False, editable=False)
    version = models.PositiveIntegerField("发布版本号", default=0, editable=False)
    pub_code = models.CharField(max_length=64, blank=True, editable=False)
    pub_name = models.CharField(max_length=200, blank=True, editable=False)
    pub_type = models.CharField(max_length=20, blank=True, editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True, editable=False)
    withdraw_reason = models.CharField("撤下原因", max_length=300, blank=True, editable=False)
    imported = models.BooleanField("批量导入", default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="起草人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["agency_id", "code"]
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="service_item_unique_code")]
        indexes = [
            models.Index(fields=["is_public", "agency", "pub_code"], name="svc_public_agency"),
            models.Index(fields=["is_public", "pub_type", "pub_code"], name="svc_public_type"),
            models.Index(fields=["agency", "status"], name="svc_agency_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def get_absolute_url(self) -> str:
        return reverse("services:item", args=[self.agency.slug, self.pk])

    @property
    def has_revision(self) -> bool:
        """A published item whose working copy differs from what the portal shows."""
        return self.is_public and self.status != Status.PUBLISHED


def sample_path(instance: SampleFile, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"service_items/{instance.agency_id}/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class SampleFile(models.Model):
    """A 样表 file, stored once per agency under its SHA-256 (content-addressed, never deleted)."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=sample_path, max_length=200)
    extension = models.CharField("类型", max_length=8)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "样表文件"
        constraints = [models.UniqueConstraint(fields=["agency", "sha256"], name="sample_unique_digest")]

    def __str__(self) -> str:
        return self.sha256


class Material(models.Model):
    """One 申请材料 of the working copy."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials")
    order = models.PositiveSmallIntegerField("序号", default=0)
    name = models.CharField("材料名称", max_length=200)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    medium = models.CharField("材料形式", max_length=12, choices=Medium.choices, default=Medium.PAPER)
    required = models.BooleanField("是否必需", default=True)
    note = models.CharField("要求说明", max_length=300, blank=True)
    sample = models.ForeignKey(
        SampleFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="样表"
    )
    sample_name = models.CharField("样表文件名", max_length=200, blank=True)

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = "申请材料"

    def __str__(self) -> str:
        return self.name


class ServiceSearchDoc(models.Model):
    """What the full-text index holds for one published item: character bigrams of its public
    text plus agency and type tokens (publications.search's tokeniser). The FTS5 table (SQLite) or
    the tsvector column (PostgreSQL) is kept in step by the database (migration 0002)."""

    item = models.OneToOneField(
        ServiceItem, primary_key=True, on_delete=models.CASCADE, related_name="search_doc"
    )
    doc = models.TextField()

    class Meta:
        verbose_name = "事项检索文档"

    def __str__(self) -> str:
        return str(self.item_id)
