"""Agencies (机关) in a tree, and staff accounts that each belong to one agency."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from gongkai.core.validators import validate_credit_code

from .choices import Level, Role


class AgencyQuerySet(models.QuerySet):
    def subtree_of(self, agency: Agency) -> AgencyQuerySet:
        return self.filter(path__startswith=agency.path)


class Agency(models.Model):
    """A 机关. `path` ("/1/4/") makes "this agency and everything under it" one indexed prefix query."""

    name = models.CharField("机关全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40)
    slug = models.SlugField(
        "网址标识", max_length=40, unique=True, help_text="门户网址中使用的英文或拼音缩写，如 gxq-xzspj"
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    is_government = models.BooleanField(
        "是否为本级人民政府（含管委会）", default=False, help_text="政府年度报告的公布期限为 3 月 31 日"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级机关",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    has_rule_power = models.BooleanField("是否具有规章制定权", default=False)
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    postal_code = models.CharField(
        "邮政编码", max_length=6, blank=True, validators=[RegexValidator(r"^\d{6}$", "邮政编码应为 6 位数字")]
    )
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网站", blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = "机关"
        verbose_name_plural = "机关"

    def __str__(self) -> str:
        return self.name

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.pk}/"

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def is_within(self, other: Agency) -> bool:
        """True when this agency is `other` or below it."""
        return self.path.startswith(other.path)


class User(AbstractUser):
    """A staff account: one agency, any set of roles, and the lockout state of 等保 level 2."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="staff", verbose_name="所属机关"
    )
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_set(self) -> frozenset[str]:
        """Roles, fetched once per request object."""
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_cache = cached
        return cached

    @property
    def role_labels(self) -> str:
        return "、".join(Role(r).label for r in sorted(self.role_set, key=list(Role).index))

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class StaffRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_staff_role")]
        verbose_name = "角色"

    def __str__(self) -> str:
        return self.get_role_display()
