"""Agency levels and staff roles."""

from django.db import models


class Level(models.TextChoices):
    NATIONAL = "national", "国家"
    PROVINCE = "province", "省"
    CITY = "city", "设区的市"
    COUNTY = "county", "县"
    TOWNSHIP = "township", "乡镇"


class Role(models.TextChoices):
    CLERK = "clerk", "经办人"
    REVIEWER = "reviewer", "审核人"
    SECRECY = "secrecy", "保密审查员"
    LEADER = "leader", "负责人"
    AGENCY_ADMIN = "agency_admin", "机关管理员"
    SYSADMIN = "sysadmin", "系统管理员"
    AUDITOR = "auditor", "审计员"


# 等保 三员分立: whoever administers the system must not also audit it.
EXCLUSIVE_ROLES = frozenset({Role.SYSADMIN, Role.AUDITOR})
