"""Status lists of the credit app (Chinese labels)."""

from django.db import models


class SetKind(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    CUSTOM = "custom", "自定义数据集"


class Status(models.TextChoices):
    PUBLISHED = "published", "公示中"
    PENDING = "pending", "待更正（未公示）"
    NOT_PUBLIC = "not_public", "不予公示"
    RECORDED = "recorded", "已归集（不公示）"
    EXPIRED = "expired", "公示期满"
    REPAIRED = "repaired", "已信用修复"
    WITHDRAWN = "withdrawn", "已撤回"


# Statuses an import never overwrites: they were set by a decision about the record itself.
STICKY = (Status.WITHDRAWN, Status.REPAIRED)


class SubjectCategory(models.TextChoices):
    LEGAL = "法人及非法人组织", "法人及非法人组织"
    NATURAL = "自然人", "自然人"
    INDIVIDUAL = "个体工商户", "个体工商户"


class WithdrawKind(models.TextChoices):
    CHANGED = "changed", "依法变更"
    REVOKED = "revoked", "依法撤销"
    ILLEGAL = "illegal", "确认违法"
    VOID = "void", "确认无效"


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    NEEDS_MAPPING = "needs_mapping", "待对应表头"
    DONE = "done", "已导入"
    REFUSED = "refused", "未导入（有错误行）"
    CHECKED = "checked", "仅检查（未导入）"
    FAILED = "failed", "文件无法读取"


FINISHED_STATES = (JobState.DONE, JobState.REFUSED, JobState.CHECKED, JobState.FAILED)


class NameMask(models.TextChoices):
    KEEP_SURNAME = "keep_surname", "保留姓氏（张**）"
    KEEP_FIRST_LAST = "keep_first_last", "保留首尾字（张*三）"
    SURNAME_TITLE = "surname_title", "姓氏加“某”（张某某）"
