"""行政复议 and 行政诉讼 against a 依申请公开 case: body, dates, result (annual report section 四)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from .choices import AppealKind, AppealResult


class Appeal(models.Model):
    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.PROTECT, related_name="appeals", verbose_name="被申请人（机关）"
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="appeals", verbose_name="申请案件"
    )
    kind = models.CharField("类型", max_length=2, choices=AppealKind.choices)
    prior = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
        verbose_name="此前的行政复议",
    )
    body = models.CharField("复议机关或人民法院", max_length=100)
    case_number = models.CharField("案号", max_length=60, blank=True)
    filed_on = models.DateField("申请或起诉日期")
    decided_on = models.DateField("决定或裁判日期", null=True, blank=True)
    result = models.CharField(
        "结果", max_length=10, choices=AppealResult.choices, default=AppealResult.PENDING
    )
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = "行政复议或诉讼"
        verbose_name_plural = "行政复议和诉讼"
        constraints = [
            # A result is known exactly when there is a decision date, and not before filing.
            models.CheckConstraint(
                condition=(Q(result=AppealResult.PENDING) & Q(decided_on__isnull=True))
                | (~Q(result=AppealResult.PENDING) & Q(decided_on__gte=F("filed_on"))),
                name="appeal_result_consistent",
            ),
        ]
        indexes = [models.Index(fields=["agency", "filed_on"], name="appeal_report")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.filed_on}"
