"""The append-only audit trail: each event carries the SHA-256 of its predecessor."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Result(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class AuditEvent(models.Model):
    """One recorded action. Never updated or deleted except by the retention purge."""

    seq = models.BigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="操作人"
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    role = models.CharField("角色", max_length=100, blank=True)
    agency = models.ForeignKey(
        "orgs.Agency", null=True, blank=True, on_delete=models.PROTECT, verbose_name="机关"
    )
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    detail = models.JSONField("详情", default=dict)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.SUCCESS)
    prev_hash = models.CharField("前一事件哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = "审计事件"
        indexes = [
            models.Index(fields=["agency", "created_at"]),
            models.Index(fields=["actor", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class ChainAnchor(models.Model):
    """Where the chain starts after a retention purge: the hash the first kept event must follow."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    base_seq = models.BigIntegerField(default=0)
    base_hash = models.CharField(max_length=64, default="0" * 64)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "审计链起点"

    def __str__(self) -> str:
        return f"#{self.base_seq}"
