"""State changes of appeals: register one against a case, record its result (audited)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.audit.trail import record
from gongkai.orgs.models import User
from gongkai.orgs.permissions import require

from .choices import AppealKind, AppealResult
from .models import Appeal

MANAGE = "appeals.manage"


@transaction.atomic
def create_appeal(
    application: Application,
    *,
    acting_user: User,
    kind: str,
    body: str,
    filed_on: date,
    case_number: str = "",
    prior: Appeal | None = None,
    note: str = "",
) -> Appeal:
    """A 行政复议 or 行政诉讼 about a case (its reply, or its lack of one)."""
    require(acting_user, MANAGE, application.agency)
    if application.received_on is None:
        raise ValidationError("该申请尚未收到（未确认），不能登记复议或诉讼")
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": "申请或起诉日期不能晚于今天"})
    if filed_on < application.received_on:
        raise ValidationError({"filed_on": "申请或起诉日期不能早于收到申请日期"})
    if kind == AppealKind.LITIGATION_AFTER_REVIEW:
        if (
            prior is None
            or prior.kind != AppealKind.RECONSIDERATION
            or prior.application_id != application.pk
        ):
            raise ValidationError({"prior": "复议后起诉应选择本案此前的行政复议"})
        if prior.decided_on is None or filed_on < prior.decided_on:
            raise ValidationError({"prior": "复议后起诉应在行政复议决定之后"})
    elif prior is not None:
        raise ValidationError({"prior": "只有复议后起诉才关联此前的行政复议"})
    if not body.strip():
        raise ValidationError({"body": "请填写复议机关或人民法院"})
    appeal = Appeal(
        agency=application.agency,
        application=application,
        kind=kind,
        prior=prior,
        body=body.strip(),
        filed_on=filed_on,
        case_number=case_number.strip(),
        note=note,
    )
    appeal.full_clean()
    appeal.save()
    record(
        "appeals.create",
        actor=acting_user,
        obj=appeal,
        detail={"application": application.number, "kind": kind, "filed_on": filed_on},
    )
    return appeal


@transaction.atomic
def record_result(
    appeal: Appeal, *, acting_user: User, result: str, decided_on: date, note: str = ""
) -> Appeal:
    require(acting_user, MANAGE, appeal.agency)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if result == AppealResult.PENDING:
        raise ValidationError({"result": "请选择审结结果"})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "决定或裁判日期不能晚于今天"})
    if decided_on < appeal.filed_on:
        raise ValidationError({"decided_on": "决定或裁判日期不能早于申请或起诉日期"})
    before = appeal.result
    appeal.result, appeal.decided_on = result, decided_on
    if note:
        appeal.note = f"{appeal.note}\n{note}".strip()
    appeal.full_clean()
    appeal.save()
    record("appeals.record_result", actor=acting_user, obj=appeal, detail={"result": [before, result]})
    return appeal
