"""Complaints and reports about an agency's disclosure work (条例 Art. 51), handled as small cases.

Art. 51: whoever thinks an agency infringed their rights in its disclosure work may complain to, or
report it to, the agency one level up or the competent department (政府信息公开工作主管部门). So a
case names the agency it is about (`agency`) and the agency that handles it (`handler`: the parent,
or the agency itself at the top of the tree, which is then the zone's competent department).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .choices import Channel, Finding, Kind, Status


class Counter(models.Model):
    """The last case serial of a year (locked while a number is taken)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Complaint(models.Model):
    number = models.CharField("受理编号", max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=200)
    agency = models.ForeignKey(
        "orgs.Agency",
        on_delete=models.PROTECT,
        related_name="complaints_about",
        verbose_name="被投诉（举报）机关",
    )
    handler = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="complaints_handled", verbose_name="办理机关"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    title = models.CharField("事由", max_length=100)
    content = models.TextField("具体内容")
    related_case = models.CharField("相关申请编号", max_length=20, blank=True)
    name = models.CharField("姓名或名称", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.RECEIVED)
    submitted_at = models.DateTimeField("提交时间")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finding = models.CharField("核查结论", max_length=16, choices=Finding.choices, blank=True)
    reply = models.TextField("答复意见", blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        indexes = [
            models.Index(fields=["handler", "status", "submitted_at"], name="complaint_queue"),
            models.Index(fields=["agency", "submitted_at"], name="complaint_about_year"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in (Status.RECEIVED, Status.ACCEPTED)
