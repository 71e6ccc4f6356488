"""The generic review-chain mechanism (core.review), exercised on a plain object: an agency."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.audit.models import AuditEvent
from gongkai.core import review
from gongkai.core.review import Step

KIND = "tests.thing"


@pytest.fixture(autouse=True)
def _kind():
    blocked = {"on": False}
    review.register_kind(
        KIND, "测试文书", blockers=lambda obj, r: ["被拦住了"] if blocked["on"] and r.is_last_step else []
    )
    yield blocked
    review._KINDS.pop(KIND, None)


def test_default_chain_until_the_agency_configures_one(zone, make_staff):
    assert [s.name for s in review.steps_for(zone["a"], KIND)] == ["初审", "保密审查", "负责人签发"]
    admin = make_staff("adm", "a", "agency_admin")
    review.set_chain(
        zone["a"], KIND, [Step("初审", "reviewer"), Step("负责人签发", "leader")], acting_user=admin
    )
    assert review.steps_for(zone["a"], KIND) == [Step("初审", "reviewer"), Step("负责人签发", "leader")]
    assert review.steps_for(zone["b"], KIND)[0].name == "初审"  # per agency
    event = AuditEvent.objects.filter(action="review.set_chain").latest("seq")
    assert event.detail["after"][1] == {"name": "负责人签发", "role": "leader"}


def test_configuring_needs_the_permission_and_valid_steps(zone, make_staff):
    with pytest.raises(PermissionDenied):
        review.set_chain(
            zone["a"], KIND, [Step("初审", "reviewer")], acting_user=make_staff("c", "a", "clerk")
        )
    admin = make_staff("adm", "a", "agency_admin")
    with pytest.raises(ValidationError):
        review.set_chain(zone["a"], KIND, [], acting_user=admin)
    with pytest.raises(ValidationError):
        review.set_chain(zone["a"], KIND, [Step("审计", "auditor")], acting_user=admin)
    with pytest.raises(ValueError):
        review.set_chain(zone["a"], "unknown.kind", [Step("初审", "reviewer")], acting_user=admin)


def test_round_keeps_its_steps_and_snapshot(zone, make_staff, _kind):
    reviewer, leader = make_staff("r", "a", "reviewer"), make_staff("l", "a", "leader")
    review.set_chain(zone["a"], KIND, [Step("初审", "reviewer"), Step("签发", "leader")], acting_user=None)
    obj = zone["a"]
    with transaction.atomic():
        first = review.submit(obj, agency=obj, kind=KIND, snapshot={"v": 1}, acting_user=reviewer)
    review.set_chain(zone["a"], KIND, [Step("只此一步", "leader")], acting_user=None)  # later change
    assert review.can_decide(reviewer, first) and not review.can_decide(leader, first)
    with transaction.atomic():
        review.decide(obj, approve=True, opinion="同意", acting_user=reviewer)
        _kind["on"] = True
        with pytest.raises(ValidationError, match="被拦住了"):
            review.decide(obj, approve=True, opinion="签发", acting_user=leader)
        _kind["on"] = False
        done = review.decide(obj, approve=True, opinion="签发", acting_user=leader)
    assert done.status == "approved" and [s["name"] for s in done.steps] == ["初审", "签发"]
    assert review.is_approved(obj, {"v": 1}) and not review.is_approved(obj, {"v": 2})
    with transaction.atomic():
        review.supersede(obj, acting_user=None, reason="改了")
        again = review.submit(obj, agency=obj, kind=KIND, snapshot={"v": 2}, acting_user=reviewer)
    assert again.number == 2 and again.steps == [{"name": "只此一步", "role": "leader"}]
    assert [r.status for r in review.rounds(obj)] == ["superseded", "pending"]
    assert review.pending_for(leader, KIND) == [again] and review.pending_for(reviewer, KIND) == []


@pytest.mark.django_db(transaction=True)
def test_building_blocks_refuse_to_run_outside_a_transaction(zone):
    with pytest.raises(RuntimeError):
        review.submit(zone["a"], agency=zone["a"], kind=KIND, snapshot={}, acting_user=None)
