"""Demo appeals on the demo cases of 行政审批局 (idempotent): a reconsideration upheld and then
taken to court, one still pending, and a direct lawsuit."""

from __future__ import annotations

from datetime import timedelta

from gongkai.applications.choices import ReplyKind
from gongkai.applications.demo import AGENCY_SLUG
from gongkai.applications.models import Application
from gongkai.orgs.models import User

from . import actions
from .choices import AppealKind, AppealResult
from .models import Appeal


def load() -> list[str]:
    clerk = User.objects.filter(username="jingban").first()
    cases = {
        c.reply_kind: c
        for c in Application.objects.filter(agency__slug=AGENCY_SLUG, closed_on__isnull=False).select_related(
            "agency"
        )
    }
    needed = (ReplyKind.PARTIAL, ReplyKind.WITHHOLD_PROCESS, ReplyKind.NOT_EXIST)
    if clerk is None or not all(k in cases for k in needed):
        return []
    if not Appeal.objects.filter(agency=cases[ReplyKind.PARTIAL].agency).exists():
        partial = cases[ReplyKind.PARTIAL]
        review = actions.create_appeal(
            partial,
            acting_user=clerk,
            kind=AppealKind.RECONSIDERATION,
            body="唐山高新技术产业开发区管理委员会",
            filed_on=partial.closed_on + timedelta(days=3),
            case_number="唐高复〔2026〕5号",
        )
        review = actions.record_result(
            review,
            acting_user=clerk,
            result=AppealResult.UPHELD,
            decided_on=partial.closed_on + timedelta(days=10),
        )
        actions.create_appeal(
            partial,
            acting_user=clerk,
            kind=AppealKind.LITIGATION_AFTER_REVIEW,
            body="唐山市路北区人民法院",
            filed_on=partial.closed_on + timedelta(days=12),
            prior=review,
        )
        withheld = cases[ReplyKind.WITHHOLD_PROCESS]
        actions.create_appeal(
            withheld,
            acting_user=clerk,
            kind=AppealKind.RECONSIDERATION,
            body="唐山高新技术产业开发区管理委员会",
            filed_on=withheld.closed_on + timedelta(days=5),
        )
        missing = cases[ReplyKind.NOT_EXIST]
        actions.create_appeal(
            missing,
            acting_user=clerk,
            kind=AppealKind.LITIGATION_DIRECT,
            body="唐山市路北区人民法院",
            filed_on=missing.closed_on + timedelta(days=7),
        )
    count = Appeal.objects.filter(agency=cases[ReplyKind.PARTIAL].agency).count()
    return [f"行政复议和诉讼演示记录：{count} 件"]
