"""Status lists of the core app."""

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    WORKDAY = "workday", "调休上班日"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "审核中"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"
    SUPERSEDED = "superseded", "已作废（送审后被修改）"


class ReviewDecisionKind(models.TextChoices):
    APPROVE = "approve", "同意"
    RETURN = "return", "退回"
