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
    if user.agency_id is not None:
        nav.append(("主动公开", reverse("publications:list")))
        nav.append(("依申请公开", reverse("applications:queue")))
        nav.append(("双公示", reverse("credit:index")))
        nav.append(("年度报告", reverse("reports:index")))
        nav.append(("政务服务事项", reverse("service_items:list")))
        nav.append(("投诉举报", reverse("complaints:queue")))
    if has_perm(user, "publications.manage_topics"):
        nav.append(("主题分类", reverse("publications:topics")))
    nav.append(("工作日计算", reverse("core:workday_calc")))
    if has_perm(user, "core.change_calendar"):
        nav.append(("节假日安排", reverse("core:calendar")))
    if has_perm(user, "audit.view", user.agency):
        nav.append(("审计日志", reverse("audit:list")))
    return {"staff_nav": nav}
