"""Proactively disclosed items (主动公开), their catalog metadata, attachments and personal-data hits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from .choices import (
    REGISTER_KINDS,
    ItemKind,
    PiiKind,
    PiiSource,
    PiiStatus,
    Status,
    Validity,
    category_label,
    category_number,
)


class Topic(models.Model):
    """主题分类: a two-level list, seeded from data/topics.json, editable by the system administrator."""

    code = models.CharField("代码", max_length=10, unique=True)
    name = models.CharField("名称", max_length=60)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级分类",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "主题分类"

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class ItemQuerySet(models.QuerySet):
    def public(self) -> ItemQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Item(models.Model):
    """One item of the 政府信息公开目录. Content is locked once published: it can be withdrawn, and a
    规章 or 规范性文件 can change its 有效性."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="publications", verbose_name="公开主体"
    )
    kind = models.CharField("信息类型", max_length=16, choices=ItemKind.choices, default=ItemKind.GENERAL)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    index_no = models.CharField("索引号", max_length=60, unique=True, null=True, blank=True)
    title = models.CharField("名称", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    publisher = models.CharField("发布机构", max_length=100)
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("信息形成（变更）日期")
    due_on = models.DateField("公开期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限为推定", default=False)
    published_at = models.DateTimeField("发布日期", null=True, blank=True)
    doc_no = models.CharField("文号", max_length=80, blank=True)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="items", verbose_name="主题分类"
    )
    category = models.CharField("公开类别", max_length=8)
    in_rules_column = models.BooleanField("列入“政府信息公开制度”栏目", default=False)
    body = models.TextField("正文", blank=True)
    interprets = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="interpretations", verbose_name="解读的文件"
    )
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    invalid_on = models.DateField("失效或废止日期", null=True, blank=True)
    repealed_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repealed_items",
        verbose_name="废止依据文件",
    )
    validity_note = models.CharField("有效性说明", max_length=200, blank=True)
    scheduled_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=300, blank=True)
    imported = models.BooleanField("由原目录导入", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="起草人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    # One more with every action that changes the item (optimistic locking of the edit form).
    version = models.PositiveIntegerField("版本", default=0)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        indexes = [
            # One per list filter of the catalog and the back office.
            models.Index(fields=["status", "published_at"], name="pub_status_date"),
            models.Index(fields=["agency", "status", "published_at"], name="pub_agency_date"),
            models.Index(fields=["status", "category", "published_at"], name="pub_cat_date"),
            models.Index(fields=["agency", "status", "category", "published_at"], name="pub_agency_cat_date"),
            models.Index(fields=["status", "topic", "published_at"], name="pub_topic_date"),
            models.Index(fields=["status", "kind", "validity", "published_at"], name="pub_register"),
            models.Index(fields=["agency", "status", "due_on"], name="pub_due"),
            models.Index(fields=["agency", "in_rules_column", "status"], name="pub_rules_column"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:item", args=[self.agency.slug, self.pk])

    @property
    def has_lifecycle(self) -> bool:
        return self.kind in REGISTER_KINDS

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def category_number(self) -> str:
        return category_number(self.category)


class IndexCounter(models.Model):
    """The last 索引号 serial an agency used in a year; locked while a number is taken."""

    agency = models.ForeignKey("orgs.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_index_counter")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never comes from the uploader (it is shown, not used on disk).
    return (
        f"publications/{instance.item.agency_id}/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"
    )


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    extension = models.CharField("类型", max_length=8)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    text = models.TextField("提取的文字", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = "附件"

    def __str__(self) -> str:
        return self.name


class PiiHit(models.Model):
    """A personal-data finding. The value itself is never stored: only its masked form and a keyed
    digest (HMAC with the secret key), which is enough to find it again in the text."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="pii_hits")
    source = models.CharField("位置", max_length=12, choices=PiiSource.choices)
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="pii_hits"
    )
    kind = models.CharField("类型", max_length=12, choices=PiiKind.choices)
    masked = models.CharField("内容（已遮盖）", max_length=40)
    digest = models.CharField(max_length=64)
    context = models.CharField("上下文（已遮盖）", max_length=120, blank=True)
    status = models.CharField("处理状态", max_length=10, choices=PiiStatus.choices, default=PiiStatus.OPEN)
    reason = models.CharField("接受理由", max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = "个人信息检出"
        constraints = [
            models.UniqueConstraint(fields=["item", "source", "attachment", "digest"], name="unique_pii_hit")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked}"


class SearchDoc(models.Model):
    """What the full-text index holds for one published item: overlapping character bigrams plus
    filter tokens (see search.py). The FTS5 table (SQLite) or the tsvector column (PostgreSQL) is
    kept in step with this table by the database itself (triggers / a generated column)."""

    item = models.OneToOneField(Item, primary_key=True, on_delete=models.CASCADE, related_name="search_doc")
    sort_key = models.BigIntegerField(unique=True)
    doc = models.TextField()
    # The filters again as plain columns: PostgreSQL's newest-first plan checks them before the tsvector.
    f_agency = models.BigIntegerField(default=0)
    f_category = models.CharField(max_length=8, default="")
    f_topic = models.BigIntegerField(default=0)
    f_topic_parent = models.BigIntegerField(default=0)
    f_kind = models.CharField(max_length=16, default="")
    f_validity = models.CharField(max_length=10, default="")

    class Meta:
        verbose_name = "检索文档"

    def __str__(self) -> str:
        return str(self.item_id)
