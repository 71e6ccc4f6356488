"""Status lists of the complaints channel (Art. 51: 投诉、举报 about disclosure work)."""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"


class Channel(models.TextChoices):
    ONLINE = "online", "网上提交"
    PHONE = "phone", "电话"
    LETTER = "letter", "信函"
    IN_PERSON = "in_person", "当面"


class Status(models.TextChoices):
    RECEIVED = "received", "待受理"
    ACCEPTED = "accepted", "办理中"
    CLOSED = "closed", "已办结"
    REJECTED = "rejected", "不予受理"


class Finding(models.TextChoices):
    """核查结论 of a closed case."""

    SUBSTANTIATED = "substantiated", "属实"
    PARTLY = "partly", "部分属实"
    UNSUBSTANTIATED = "unsubstantiated", "不属实"


OPEN = (Status.RECEIVED, Status.ACCEPTED)
FINISHED = (Status.CLOSED, Status.REJECTED)
NUMBER_PREFIX = "JD"  # 监督
