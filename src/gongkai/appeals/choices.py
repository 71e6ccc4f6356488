"""Kinds and results of appeals, as the annual report's section 四 groups and columns."""

from django.db import models


class AppealKind(models.TextChoices):
    """Codes are the report's groups (annual-report.md, Section 四)."""

    RECONSIDERATION = "RV", "行政复议"
    LITIGATION_DIRECT = "LD", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "LR", "行政诉讼（复议后起诉）"


class AppealResult(models.TextChoices):
    """Columns of section 四, in order (总计 is their sum)."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"
