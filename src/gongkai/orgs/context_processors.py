"""Navigation of the back office, built from what the user may do."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from .permissions import has_perm


def staff(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav = [("我的机关", reverse("orgs:home")), ("机关", reverse("orgs:agency_list"))]
    nav.append(("工作日计算", reverse("core:workday_calc")))
    if has_perm(user, "core.change_calendar"):
        nav.append(("节假日安排", reverse("core:calendar")))
    if has_perm(user, "audit.view", user.agency):
        nav.append(("审计日志", reverse("audit:list")))
    return {"staff_nav": nav}
