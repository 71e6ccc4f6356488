"""Creating and revoking API tokens: audited state changes like every other."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.trail import record

from .models import ApiToken

if TYPE_CHECKING:
    from gongkai.orgs.models import User

TOKEN_PREFIX = "gk_"
MAX_ACTIVE_TOKENS = 10


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _require_staff(user: User) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.agency_id is None:
        raise PermissionDenied("只有本系统的工作人员可以管理接口令牌")


@transaction.atomic
def create_token(*, acting_user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `acting_user` itself; the raw token is returned once and never stored."""
    _require_staff(acting_user)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写令牌用途"})
    if len(name) > 60:
        raise ValidationError({"name": "令牌用途不能超过 60 个字"})
    active = ApiToken.objects.select_for_update().filter(user=acting_user, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(f"每人最多保留 {MAX_ACTIVE_TOKENS} 个有效令牌，请先吊销不用的令牌")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=acting_user, name=name, prefix=raw[:10], digest=digest(raw))
    record("api.token_create", actor=acting_user, obj=token, detail={"name": name, "prefix": token.prefix})
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, acting_user: User) -> ApiToken:
    """Revoke one of one's own tokens (an agency administrator may revoke those of the agency's staff)."""
    _require_staff(acting_user)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.user_id != acting_user.pk:
        from gongkai.orgs.permissions import require

        require(acting_user, "orgs.manage_staff", token.user.agency)
    if token.revoked_at is not None:
        raise ValidationError("该令牌已吊销")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record("api.token_revoke", actor=acting_user, obj=token, detail={"prefix": token.prefix})
    return token


def authenticate(raw: str) -> ApiToken | None:
    """The active token for `raw`, with its active staff user; None for anything else."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__agency")
        .filter(digest=digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active or token.user.agency_id is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
