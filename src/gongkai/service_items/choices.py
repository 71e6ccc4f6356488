"""Status lists and constants of 政务服务事项 (law.md, 政务服务事项; Art. 20(5))."""

from __future__ import annotations

from django.db import models

REVIEW_KIND = "service_items.item"
# Time limits are counted in working days; anything longer than a year is a typing error.
MAX_DAYS = 365


class ItemType(models.TextChoices):
    """事项类型, as the 全国一体化政务服务平台 lists them."""

    LICENSING = "licensing", "行政许可"
    LEVY = "levy", "行政征收"
    BENEFIT = "benefit", "行政给付"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    RULING = "ruling", "行政裁决"
    FILING = "filing", "行政备案"
    OTHER_POWER = "other_power", "其他行政权力"
    PUBLIC_SERVICE = "public_service", "公共服务"


class Status(models.TextChoices):
    """The working copy's state. What the portal shows is the last published version
    (`ServiceItem.public_data`), which stays online while a revision goes through review."""

    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审核中"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已审核待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤下"


class Medium(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"
    EITHER = "either", "纸质或电子"


# Sample forms (样表): what a citizen downloads and fills in.
SAMPLE_EXTENSIONS = ("pdf", "docx", "xlsx", "ofd", "jpg", "jpeg", "png")
