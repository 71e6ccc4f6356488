"""Every state change of agencies and staff: permission check, change and audit in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.models import Result
from gongkai.audit.trail import record

from .choices import EXCLUSIVE_ROLES, Role
from .models import Agency, StaffRole, User
from .permissions import require

AGENCY_FIELDS = (
    "name",
    "short_name",
    "slug",
    "credit_code",
    "level",
    "is_government",
    "has_rule_power",
    "office_name",
    "office_address",
    "postal_code",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
)


def _changes(obj: Any, fields: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [getattr(obj, k), v] for k, v in fields.items() if getattr(obj, k) != v}


@transaction.atomic
def create_agency(*, acting_user: User | None, parent: Agency | None, **fields: Any) -> Agency:
    """A new agency below `parent` (a top-level one only from the command line, acting_user=None)."""
    if acting_user is not None:
        require(acting_user, "orgs.add_agency", parent)
    agency = Agency(parent=parent, **fields)
    agency.path = "/pending/"
    agency.full_clean(exclude=["path"])
    agency.save()
    agency.path = agency.compute_path()
    agency.save(update_fields=["path"])
    record(
        "orgs.create_agency", actor=acting_user, obj=agency, actor_name="system", detail={"name": agency.name}
    )
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, acting_user: User, **fields: Any) -> Agency:
    require(acting_user, "orgs.change_agency", agency)
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise ValueError(f"不能修改的字段：{', '.join(sorted(unknown))}")
    changes = _changes(agency, fields)
    for key, value in fields.items():
        setattr(agency, key, value)
    agency.full_clean(exclude=["path"])
    agency.save()
    record("orgs.update_agency", actor=acting_user, obj=agency, detail={"changes": changes})
    return agency


def _check_roles(roles: Iterable[str]) -> list[str]:
    roles = sorted(set(roles), key=[r.value for r in Role].index)
    if set(roles) >= EXCLUSIVE_ROLES:
        raise ValidationError("系统管理员与审计员不得由同一账户担任（三员分立）")
    return roles


@transaction.atomic
def create_staff(
    *,
    acting_user: User | None,
    agency: Agency,
    username: str,
    full_name: str,
    password: str,
    roles: Iterable[str],
) -> User:
    if acting_user is not None:
        require(acting_user, "orgs.manage_staff", agency)
    roles = _check_roles(roles)
    user = User(username=username, full_name=full_name, agency=agency)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    StaffRole.objects.bulk_create(StaffRole(user=user, role=r) for r in roles)
    record(
        "orgs.create_staff",
        actor=acting_user,
        obj=user,
        agency=agency,
        actor_name="system",
        detail={"username": username, "roles": roles},
    )
    return user


@transaction.atomic
def set_staff_roles(user: User, roles: Iterable[str], *, acting_user: User) -> User:
    require(acting_user, "orgs.manage_staff", user.agency)
    roles = _check_roles(roles)
    before = sorted(user.role_set)
    user.roles.exclude(role__in=roles).delete()
    StaffRole.objects.bulk_create(
        [StaffRole(user=user, role=r) for r in roles if r not in before], ignore_conflicts=True
    )
    user._role_cache = None
    record(
        "orgs.set_roles",
        actor=acting_user,
        obj=user,
        agency=user.agency,
        detail={"before": before, "after": roles},
    )
    return user


@transaction.atomic
def set_staff_active(user: User, active: bool, *, acting_user: User) -> User:
    require(acting_user, "orgs.manage_staff", user.agency)
    if user.pk == acting_user.pk and not active:
        raise ValidationError("不能停用自己的账户")
    user.is_active = active
    user.save(update_fields=["is_active"])
    record("orgs.activate" if active else "orgs.deactivate", actor=acting_user, obj=user, agency=user.agency)
    return user


@transaction.atomic
def unlock_staff(user: User, *, acting_user: User) -> User:
    require(acting_user, "orgs.manage_staff", user.agency)
    user.failed_logins, user.locked_until = 0, None
    user.save(update_fields=["failed_logins", "locked_until"])
    record("auth.unlock", actor=acting_user, obj=user, agency=user.agency)
    return user


@transaction.atomic
def change_password(user: User, new_password: str, *, acting_user: User) -> User:
    """Users change their own password; staff managers may reset one in their scope."""
    if acting_user.pk != user.pk:
        require(acting_user, "orgs.manage_staff", user.agency)
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record("auth.password_change", actor=acting_user, obj=user, agency=user.agency)
    return user


# --- Authentication events (no permission: they happen before or at login) ---------------------


@transaction.atomic
def record_login(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    record("auth.login", actor=user, obj=user)


@transaction.atomic
def record_logout(user: User) -> None:
    record("auth.logout", actor=user, obj=user)


@transaction.atomic
def record_login_failure(username: str) -> User | None:
    """Count a failure against the account (if it exists) and lock it at the threshold."""
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        record(
            "auth.login_failed",
            actor_name=username[:150],
            result=Result.FAILURE,
            detail={"reason": "无此账户"},
        )
        return None
    user.failed_logins += 1
    locked_now = user.failed_logins >= settings.GONGKAI_LOCKOUT_THRESHOLD and not user.is_locked()
    if locked_now:
        user.locked_until = timezone.now() + settings.GONGKAI_LOCKOUT_DURATION
    user.save(update_fields=["failed_logins", "locked_until"])
    record(
        "auth.login_failed",
        actor_name=user.username,
        obj=user,
        agency=user.agency,
        result=Result.FAILURE,
        detail={"failures": user.failed_logins},
    )
    if locked_now:
        record(
            "auth.lockout",
            actor_name=user.username,
            obj=user,
            agency=user.agency,
            result=Result.DENIED,
            detail={"until": user.locked_until.isoformat()},
        )
    return user


@transaction.atomic
def record_locked_attempt(user: User) -> None:
    record(
        "auth.login_refused_locked",
        actor_name=user.username,
        obj=user,
        agency=user.agency,
        result=Result.DENIED,
    )
