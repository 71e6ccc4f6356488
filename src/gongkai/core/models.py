"""The editable working-day calendar: each year's State Council notice as data."""

from __future__ import annotations

from django.db import models

from .choices import DayKind


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
