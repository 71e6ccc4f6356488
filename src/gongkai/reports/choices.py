"""Status lists and the legal constants of the annual report (law.md; annual-report.md, Legal frame)."""

from __future__ import annotations

from datetime import date

from django.db import models

REVIEW_KIND = "reports.annual"

# 条例 (2019) Art. 49: departments of county-level and higher governments publish their report on
# year Y by 31 January of Y+1; a county-or-higher government's own report by 31 March of Y+1.
# A township government is not a 县级以上 government: it keeps the 31 January date.
DEPARTMENT_DEADLINE = (1, 31)
GOVERNMENT_DEADLINE = (3, 31)
# Reminders before the deadline (days left) and every this many days after it.
REMINDER_DAYS_BEFORE = (30, 14, 7, 3, 1, 0)
OVERDUE_REMINDER_EVERY_DAYS = 7
# Imports: one uploaded report or zip at most this big; a zip at most this many reports.
IMPORT_MAX_BYTES = 30 * 1024 * 1024
IMPORT_MAX_FILES = 500
IMPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx", ".json")
# Years shown in the supervision trends (the newest last).
TREND_YEARS = 6
# Text the draft leaves for the author to fill in: submission is refused while any remains.
PLACEHOLDER_MARK = "（请填写"


def deadline_for(agency, year: int) -> date:
    """Art. 49 deadline of `agency`'s report on `year`."""
    month, day = (
        GOVERNMENT_DEADLINE if agency.is_government and agency.level != "township" else DEPARTMENT_DEADLINE
    )
    return date(year + 1, month, day)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    IN_REVIEW = "in_review", "审核中"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已签发待发布"
    PUBLISHED = "published", "已发布"


# Whatever can still be edited (an edit after submission voids the round).
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.IN_REVIEW, ReportStatus.APPROVED)
SUBMITTED = (ReportStatus.IN_REVIEW, ReportStatus.APPROVED)


class OverviewState(models.TextChoices):
    """What the supervising office sees for an agency and a year."""

    MISSING = "missing", "未编制"
    COMPILED = "compiled", "已编制"
    SUBMITTED = "submitted", "已送审"
    PUBLISHED = "published", "已发布"
    IMPORTED = "imported", "已发布（导入）"


class ImportState(models.TextChoices):
    QUEUED = "queued", "排队中"
    DONE = "done", "已读取"
    FAILED = "failed", "无法读取"


class InspectionKind(models.TextChoices):
    IRREGULAR = "irregular", "不定期检查"
    SPECIAL = "special", "专项检查"
    ANNUAL = "annual", "年度考核"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFIED = "rectified", "已整改"


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
