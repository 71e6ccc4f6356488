"""The editable working-day calendar: each year's State Council notice as data."""

from __future__ import annotations

from django.db import models

from .choices import DayKind, ReviewDecisionKind, ReviewStatus


class CalendarYear(models.Model):
    """A year whose holiday schedule has been entered; years without a row are provisional."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField("依据（通知文号）", max_length=200)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "节假日安排年度"

    def __str__(self) -> str:
        return f"{self.year}年（{self.source}）"


class SpecialDay(models.Model):
    """A day that departs from the Mon–Fri rule: a public holiday or a make-up working day."""

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="年份")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日", max_length=50)

    class Meta:
        ordering = ["date"]
        verbose_name = "特殊日期"

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


# --- Review chains (先审查、后公开, Art. 17): generic, used by publications, reports, service items --


class ReviewChain(models.Model):
    """An agency's configured review steps for one kind of document (`kind`, e.g. "publications.item").

    An agency without a row for a kind uses `core.review.DEFAULT_STEPS`."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.CASCADE, related_name="review_chains", verbose_name="机关"
    )
    kind = models.CharField("文书类型", max_length=60)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="unique_review_chain")]
        verbose_name = "审核流程"

    def __str__(self) -> str:
        return f"{self.agency} {self.kind}"


class ReviewChainStep(models.Model):
    chain = models.ForeignKey(ReviewChain, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("步骤名称", max_length=40)
    role = models.CharField("办理角色", max_length=20)

    class Meta:
        ordering = ["chain", "order"]
        constraints = [models.UniqueConstraint(fields=["chain", "order"], name="unique_review_step_order")]
        verbose_name = "审核步骤"

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class ReviewRound(models.Model):
    """One submission of one object to its chain: the steps as configured at submission and the
    snapshot of exactly what was submitted, so anyone can see what the approvals approved."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    agency = models.ForeignKey("orgs.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    kind = models.CharField("文书类型", max_length=60)
    number = models.PositiveIntegerField("轮次")
    steps = models.JSONField("审核步骤")
    snapshot = models.JSONField("送审版本")
    snapshot_hash = models.CharField("送审版本摘要", max_length=64)
    status = models.CharField(
        "状态", max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    current_step = models.PositiveSmallIntegerField("当前步骤", default=0)
    submitted_by = models.ForeignKey(
        "orgs.User", null=True, on_delete=models.PROTECT, related_name="+", verbose_name="送审人"
    )
    submitted_at = models.DateTimeField("送审时间")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        ordering = ["content_type", "object_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="unique_review_round"
            )
        ]
        indexes = [models.Index(fields=["agency", "status", "kind"])]
        verbose_name = "送审轮次"

    def __str__(self) -> str:
        return f"第 {self.number} 轮（{self.get_status_display()}）"

    @property
    def step(self) -> dict | None:
        """The step waiting for a decision, if the round is still open."""
        if self.status != ReviewStatus.PENDING:
            return None
        return self.steps[self.current_step]

    @property
    def is_last_step(self) -> bool:
        return self.current_step == len(self.steps) - 1


class ReviewDecision(models.Model):
    """One step's decision with its opinion: append-only."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="decisions")
    step_index = models.PositiveSmallIntegerField("步骤序号")
    step_name = models.CharField("步骤名称", max_length=40)
    role = models.CharField("办理角色", max_length=20)
    decision = models.CharField("审核意见类型", max_length=10, choices=ReviewDecisionKind.choices)
    opinion = models.TextField("审核意见")
    actor = models.ForeignKey("orgs.User", on_delete=models.PROTECT, related_name="+", verbose_name="审核人")
    created_at = models.DateTimeField("审核时间")

    class Meta:
        ordering = ["round", "created_at", "pk"]
        verbose_name = "审核记录"

    def __str__(self) -> str:
        return f"{self.step_name} {self.get_decision_display()}"
