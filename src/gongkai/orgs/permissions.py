"""The one permission helper and agency-scoping mechanism every app uses.

A permission names the roles that hold it and how far each reaches: OWN (the user's agency
only) or SUBTREE (the agency and every agency below it). Everyone on staff may *read* their
agency's subtree, so a supervising office sees its subordinates read-only unless a role says more.
Objects outside the visible subtree answer 404 (their existence is not disclosed); visible but
not writable answers 403.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .choices import Role

if TYPE_CHECKING:
    from .models import Agency, User


class Scope(Enum):
    OWN = "own"
    SUBTREE = "subtree"
    ALL = "all"


PERMISSIONS: dict[str, dict[Role, Scope]] = {
    "orgs.change_agency": {Role.AGENCY_ADMIN: Scope.OWN, Role.SYSADMIN: Scope.SUBTREE},
    "orgs.add_agency": {Role.SYSADMIN: Scope.SUBTREE},
    "orgs.manage_staff": {Role.AGENCY_ADMIN: Scope.OWN, Role.SYSADMIN: Scope.SUBTREE},
    "core.change_calendar": {Role.SYSADMIN: Scope.ALL},
    "audit.view": {Role.AUDITOR: Scope.SUBTREE},
    # Review chains (core.review): configuring them, and deciding a step (the step's role is also required).
    "core.configure_review": {Role.AGENCY_ADMIN: Scope.OWN, Role.SYSADMIN: Scope.SUBTREE},
    "core.review": {Role.REVIEWER: Scope.OWN, Role.SECRECY: Scope.OWN, Role.LEADER: Scope.OWN},
    # Proactive disclosure (publications).
    "publications.edit": {Role.CLERK: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "publications.accept_pii": {Role.SECRECY: Scope.OWN, Role.LEADER: Scope.OWN},
    "publications.publish": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "publications.withdraw": {Role.LEADER: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "publications.lifecycle": {Role.CLERK: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "publications.import": {Role.CLERK: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "publications.manage_topics": {Role.SYSADMIN: Scope.ALL},
    # Applications for disclosure (依申请公开) and the appeals against their replies.
    "applications.handle": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN},
    "applications.assign": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN},
    "applications.approve_extension": {Role.LEADER: Scope.OWN},
    "applications.reveal_id": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN},
    "applications.manage_templates": {Role.LEADER: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "appeals.manage": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN},
    # 双公示 and other credit record sets (credit).
    "credit.import": {Role.CLERK: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "credit.manage": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN},
    "credit.export": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "credit.define_sets": {Role.AGENCY_ADMIN: Scope.OWN},
    "credit.settings": {Role.AGENCY_ADMIN: Scope.OWN},
    # The annual report (reports): compiling and writing it, publishing it; the supervising office's
    # imports of published reports, inspections and exports reach its subordinates.
    "reports.compile": {Role.CLERK: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "reports.publish": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "reports.configure": {Role.AGENCY_ADMIN: Scope.OWN},
    "reports.import": {Role.CLERK: Scope.OWN, Role.AGENCY_ADMIN: Scope.SUBTREE, Role.LEADER: Scope.SUBTREE},
    "reports.supervise": {
        Role.AGENCY_ADMIN: Scope.SUBTREE,
        Role.LEADER: Scope.SUBTREE,
        Role.REVIEWER: Scope.SUBTREE,
    },
    "reports.rectify": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "reports.export": {
        Role.CLERK: Scope.OWN,
        Role.REVIEWER: Scope.SUBTREE,
        Role.LEADER: Scope.SUBTREE,
        Role.AGENCY_ADMIN: Scope.SUBTREE,
    },
    # 政务服务事项 (service_items): editing the working copy, publishing the reviewed version, taking it down.
    "service_items.edit": {Role.CLERK: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "service_items.import": {Role.CLERK: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "service_items.publish": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    "service_items.withdraw": {Role.LEADER: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
    # Complaints and reports about disclosure work (complaints, Art. 51): handled by the agency one
    # level up, so the permission is checked on the handling agency.
    "complaints.handle": {Role.CLERK: Scope.OWN, Role.LEADER: Scope.OWN, Role.AGENCY_ADMIN: Scope.OWN},
}


def _in_scope(user: User, scope: Scope, agency: Agency | None) -> bool:
    if scope is Scope.ALL:
        return True
    if agency is None or user.agency is None:
        return False
    if scope is Scope.OWN:
        return agency.pk == user.agency_id
    return agency.is_within(user.agency)


def has_perm(user: User, perm: str, agency: Agency | None = None) -> bool:
    """Whether `user` may do `perm` on `agency` (None for permissions that are not per agency)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    grants = PERMISSIONS[perm]
    return any(_in_scope(user, grants[role], agency) for role in user.role_set if role in grants)


def require(user: User, perm: str, agency: Agency | None = None) -> None:
    if not has_perm(user, perm, agency):
        raise PermissionDenied(f"无权执行此操作（{perm}）")


def scope_queryset(queryset: QuerySet, user: User, field: str | None = "agency") -> QuerySet:
    """Limit a queryset to what `user` may see: rows whose `field` agency (or, with field=None,
    the agencies themselves) lie in the user's subtree."""
    if not getattr(user, "is_authenticated", False) or user.agency_id is None:
        return queryset.none()
    key = "path__startswith" if field is None else f"{field}__path__startswith"
    return queryset.filter(**{key: user.agency.path})


def visible_agencies(user: User) -> QuerySet[Agency]:
    from .models import Agency

    return scope_queryset(Agency.objects.all(), user, None)


def get_visible_or_404(queryset: QuerySet, user: User, field: str | None = "agency", **lookup):
    """Fetch one row the user may see; anything else is 404, never a hint that it exists."""
    scoped = scope_queryset(queryset, user, field)
    try:
        return scoped.get(**lookup)
    except scoped.model.DoesNotExist:
        raise Http404("未找到该记录") from None
