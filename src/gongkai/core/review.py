"""Review chains (Art. 17, 先审查、后公开) for any kind of document, configured per agency as data.

An agency configures, per document kind (e.g. ``"publications.item"``), an ordered list of steps,
each done by one role (初审 → 保密审查 → 负责人签发). Submitting an object opens a *round* that
copies the steps and a snapshot of exactly what was submitted; each step approves (the round moves
on) or returns with an opinion (the round closes, the author edits and submits again). Changing the
object after submission supersedes the open or approved round, so it goes through the chain again.

The building blocks ``submit``, ``decide`` and ``supersede`` are called from inside an app's own
action (which is atomic, takes ``acting_user`` and checks the app's permission first); they check
the step's role, write the rows and the audit event in the caller's transaction. ``set_chain`` is a
complete action of its own. Apps register their kind once (``register_kind``) with a label and,
optionally, ``blockers(obj, round) -> list[str]``: reasons that stop the current step's approval
(publications uses it to refuse the sign-off while personal data is unresolved).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from gongkai.audit.trail import canonical_json, record
from gongkai.orgs.choices import EXCLUSIVE_ROLES, Role
from gongkai.orgs.permissions import has_perm, require

from .choices import ReviewDecisionKind, ReviewStatus
from .models import ReviewChain, ReviewChainStep, ReviewDecision, ReviewRound

if TYPE_CHECKING:
    from gongkai.orgs.models import Agency, User

MAX_STEPS = 6


@dataclass(frozen=True)
class Step:
    name: str
    role: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role}


# The usual chain (law.md, Art. 17): drafting unit's check → confidentiality review → leader's sign-off.
DEFAULT_STEPS: tuple[Step, ...] = (
    Step("初审", Role.REVIEWER.value),
    Step("保密审查", Role.SECRECY.value),
    Step("负责人签发", Role.LEADER.value),
)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    blockers: Callable[[Any, ReviewRound], list[str]] | None = None


_KINDS: dict[str, Kind] = {}


def register_kind(
    key: str, label: str, *, blockers: Callable[[Any, ReviewRound], list[str]] | None = None
) -> None:
    """Declare a document kind that goes through review chains (call from AppConfig.ready)."""
    _KINDS[key] = Kind(key, label, blockers)


def kinds() -> dict[str, Kind]:
    return dict(_KINDS)


def _kind(key: str) -> Kind:
    try:
        return _KINDS[key]
    except KeyError:
        raise ValueError(f"未登记的审核文书类型：{key}") from None


def _require_atomic() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("审核操作必须在调用方的事务中执行")


# --- Configuration --------------------------------------------------------------------------------


def steps_for(agency: Agency, kind: str) -> list[Step]:
    """The agency's configured steps for `kind`, or the default chain."""
    chain = ReviewChain.objects.filter(agency=agency, kind=kind).first()
    if chain is None:
        return list(DEFAULT_STEPS)
    return [Step(s.name, s.role) for s in chain.steps.order_by("order")]


def validate_steps(steps: Sequence[Step]) -> None:
    if not steps:
        raise ValidationError("审核流程至少需要一个步骤")
    if len(steps) > MAX_STEPS:
        raise ValidationError(f"审核流程最多 {MAX_STEPS} 个步骤")
    allowed = {r.value for r in Role} - {r.value for r in EXCLUSIVE_ROLES}
    for number, step in enumerate(steps, 1):
        if not step.name.strip():
            raise ValidationError(f"第 {number} 步缺少步骤名称")
        if step.role not in allowed:
            raise ValidationError(f"第 {number} 步（{step.name}）的办理角色无效")


@transaction.atomic
def set_chain(agency: Agency, kind: str, steps: Sequence[Step], *, acting_user: User | None) -> ReviewChain:
    """Replace the agency's chain for `kind`. Rounds already open keep the steps they started with."""
    if acting_user is not None:
        require(acting_user, "core.configure_review", agency)
    _kind(kind)
    steps = [Step(s.name.strip(), s.role) for s in steps]
    validate_steps(steps)
    before = [s.as_dict() for s in steps_for(agency, kind)]
    chain, _ = ReviewChain.objects.get_or_create(agency=agency, kind=kind)
    chain.steps.all().delete()
    ReviewChainStep.objects.bulk_create(
        ReviewChainStep(chain=chain, order=i, name=s.name, role=s.role) for i, s in enumerate(steps)
    )
    chain.save(update_fields=["updated_at"])
    record(
        "review.set_chain",
        actor=acting_user,
        actor_name="system",
        obj=chain,
        agency=agency,
        detail={"kind": kind, "before": before, "after": [s.as_dict() for s in steps]},
    )
    return chain


# --- Rounds ----------------------------------------------------------------------------------------


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def _ct(obj: Model) -> ContentType:
    return ContentType.objects.get_for_model(obj, for_concrete_model=False)


def rounds(obj: Model) -> QuerySet[ReviewRound]:
    return ReviewRound.objects.filter(content_type=_ct(obj), object_id=str(obj.pk)).order_by("number")


def current_round(obj: Model) -> ReviewRound | None:
    """The latest round (open, approved, returned or superseded), or None if never submitted."""
    return rounds(obj).order_by("-number").first()


def is_approved(obj: Model, snapshot: dict[str, Any] | None = None) -> bool:
    """True when the latest round is approved (and, given `snapshot`, approved exactly that content)."""
    latest = current_round(obj)
    if latest is None or latest.status != ReviewStatus.APPROVED:
        return False
    return snapshot is None or latest.snapshot_hash == snapshot_hash(snapshot)


def submit(
    obj: Model, *, agency: Agency, kind: str, snapshot: dict[str, Any], acting_user: User | None
) -> ReviewRound:
    """Open a new round for `obj` with the agency's current steps. Call inside the app's action."""
    _require_atomic()
    _kind(kind)
    latest = current_round(obj)
    if latest is not None and latest.status in (ReviewStatus.PENDING, ReviewStatus.APPROVED):
        raise ValidationError("该文书已在审核中或已审核通过，无需重复送审")
    steps = steps_for(agency, kind)
    review_round = ReviewRound.objects.create(
        content_type=_ct(obj),
        object_id=str(obj.pk),
        agency=agency,
        kind=kind,
        number=(latest.number + 1) if latest else 1,
        steps=[s.as_dict() for s in steps],
        snapshot=snapshot,
        snapshot_hash=snapshot_hash(snapshot),
        submitted_by=acting_user,
        submitted_at=timezone.now(),
    )
    record(
        "review.submit",
        actor=acting_user,
        actor_name="system",
        obj=obj,
        agency=agency,
        detail={
            "kind": kind,
            "round": review_round.number,
            "steps": [s.name for s in steps],
            "snapshot_hash": review_round.snapshot_hash,
        },
    )
    return review_round


def can_decide(user: User, review_round: ReviewRound | None) -> bool:
    """Whether `user` may decide the round's current step (role of the step, in the agency)."""
    if review_round is None or review_round.step is None:
        return False
    return has_perm(user, "core.review", review_round.agency) and review_round.step["role"] in user.role_set


def blockers(obj: Model, review_round: ReviewRound) -> list[str]:
    kind = _kind(review_round.kind)
    return kind.blockers(obj, review_round) if kind.blockers else []


def decide(obj: Model, *, approve: bool, opinion: str, acting_user: User) -> ReviewRound:
    """Approve or return the current step of `obj`'s open round, with an opinion (required)."""
    _require_atomic()
    review_round = (
        ReviewRound.objects.select_for_update()
        .filter(content_type=_ct(obj), object_id=str(obj.pk))
        .order_by("-number")
        .first()
    )
    if review_round is None or review_round.status != ReviewStatus.PENDING:
        raise ValidationError("该文书当前不在审核中")
    step = review_round.step
    require(acting_user, "core.review", review_round.agency)
    if step["role"] not in acting_user.role_set:
        raise PermissionDenied(f"“{step['name']}”须由{Role(step['role']).label}办理")
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError("请填写审核意见")
    if approve:
        reasons = blockers(obj, review_round)
        if reasons:
            raise ValidationError(reasons)
    now = timezone.now()
    ReviewDecision.objects.create(
        round=review_round,
        step_index=review_round.current_step,
        step_name=step["name"],
        role=step["role"],
        decision=ReviewDecisionKind.APPROVE if approve else ReviewDecisionKind.RETURN,
        opinion=opinion,
        actor=acting_user,
        created_at=now,
    )
    if not approve:
        review_round.status, review_round.closed_at = ReviewStatus.RETURNED, now
    elif review_round.is_last_step:
        review_round.status, review_round.closed_at = ReviewStatus.APPROVED, now
    else:
        review_round.current_step += 1
    review_round.save(update_fields=["status", "closed_at", "current_step"])
    record(
        "review.approve" if approve else "review.return",
        actor=acting_user,
        obj=obj,
        agency=review_round.agency,
        detail={
            "kind": review_round.kind,
            "round": review_round.number,
            "step": step["name"],
            "opinion": opinion,
            "snapshot_hash": review_round.snapshot_hash,
            "round_status": review_round.status,
        },
    )
    return review_round


def supersede(obj: Model, *, acting_user: User | None, reason: str) -> ReviewRound | None:
    """The object changed after submission: void its open or approved round (it must be resubmitted)."""
    _require_atomic()
    latest = current_round(obj)
    if latest is None or latest.status not in (ReviewStatus.PENDING, ReviewStatus.APPROVED):
        return None
    previous = latest.status
    latest.status, latest.closed_at = ReviewStatus.SUPERSEDED, timezone.now()
    latest.save(update_fields=["status", "closed_at"])
    record(
        "review.supersede",
        actor=acting_user,
        actor_name="system",
        obj=obj,
        agency=latest.agency,
        detail={"kind": latest.kind, "round": latest.number, "was": previous, "reason": reason},
    )
    return latest


def pending_for(user: User, kind: str | None = None) -> list[ReviewRound]:
    """Open rounds in the user's agency whose current step is done by one of the user's roles."""
    if not getattr(user, "is_authenticated", False) or user.agency_id is None:
        return []
    qs = ReviewRound.objects.filter(agency_id=user.agency_id, status=ReviewStatus.PENDING)
    if kind:
        qs = qs.filter(kind=kind)
    roles = user.role_set
    return [r for r in qs.order_by("submitted_at") if r.step and r.step["role"] in roles]


def history(objs: Iterable[Model]) -> QuerySet[ReviewRound]:
    """All rounds of several objects of one model, decisions prefetched."""
    objs = list(objs)
    if not objs:
        return ReviewRound.objects.none()
    condition = Q(content_type=_ct(objs[0]), object_id__in=[str(o.pk) for o in objs])
    return ReviewRound.objects.filter(condition).prefetch_related("decisions__actor").order_by("number")
