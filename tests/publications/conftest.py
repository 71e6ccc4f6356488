"""Fixtures of the publications tests: the staff of bureau A, and items at each stage."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core import review
from gongkai.publications import actions
from gongkai.publications.choices import REVIEW_KIND


@pytest.fixture(autouse=True)
def _calendar(seeded_calendar):
    """Due dates need the working-day calendar."""


@pytest.fixture(autouse=True)
def _cache():
    from django.core.cache import cache

    cache.clear()  # the zone-wide category counts are cached for a minute


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(make_staff):
    return {
        "clerk": make_staff("clerk", "a", "clerk"),
        "reviewer": make_staff("reviewer", "a", "reviewer"),
        "secrecy": make_staff("secrecy", "a", "secrecy"),
        "leader": make_staff("leader", "a", "leader"),
        "admin": make_staff("admin", "a", "agency_admin"),
        "clerk_b": make_staff("clerk-b", "b", "clerk"),
        "leader_b": make_staff("leader-b", "b", "leader"),
    }


@pytest.fixture
def make_item(zone, staff):
    def make(title="关于做好政务公开工作的通知", agency="a", **fields):
        clerk = staff["clerk"] if agency == "a" else staff["clerk_b"]
        defaults = {
            "kind": "general",
            "title": title,
            "summary": "政务公开有关事项",
            "category": "20.15",
            "formed_on": date(2026, 9, 18),
            "body": "各单位要认真做好政务公开工作。\n及时发布政府信息。",
        }
        return actions.create_item(acting_user=clerk, agency=zone[agency], **(defaults | fields))

    return make


@pytest.fixture
def sign_off(staff, zone):
    """Take a draft through its agency's chain: A has the default 初审 → 保密审查 → 负责人签发,
    B is given a one-step chain (负责人签发)."""
    review.set_chain(zone["b"], REVIEW_KIND, [review.Step("负责人签发", "leader")], acting_user=None)

    def run(item):
        if item.agency_id == zone["b"].pk:
            actions.submit_item(item, acting_user=staff["clerk_b"])
            return actions.review_item(item, acting_user=staff["leader_b"], approve=True, opinion="同意发布")
        actions.submit_item(item, acting_user=staff["clerk"])
        actions.review_item(item, acting_user=staff["reviewer"], approve=True, opinion="同意")
        actions.review_item(item, acting_user=staff["secrecy"], approve=True, opinion="不涉密，同意公开")
        return actions.review_item(item, acting_user=staff["leader"], approve=True, opinion="同意发布")

    return run


@pytest.fixture
def publish(sign_off, staff, zone):
    def run(item):
        sign_off(item)
        clerk = staff["clerk_b"] if item.agency_id == zone["b"].pk else staff["clerk"]
        return actions.publish_item(item, acting_user=clerk)

    return run
