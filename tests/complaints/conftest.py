"""Fixtures of the complaints tests: the handling office (the 管委会 above bureau A) and bureau A."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.GONGKAI_APPLY_MIN_SECONDS = 0  # the anti-bot minimum fill time
    cache.clear()  # rate-limit counters


@pytest.fixture
def staff(make_staff, zone):
    return {
        "top_clerk": make_staff("top-clerk", "top", "clerk"),
        "top_admin": make_staff("top-admin", "top", "agency_admin"),
        "a_clerk": make_staff("a-clerk", "a", "clerk"),
        "a_leader": make_staff("a-leader", "a", "leader"),
        "top_reviewer": make_staff("top-reviewer", "top", "reviewer"),
    }


COMPLAINT = {
    "kind": "complaint",
    "title": "申请超过答复期限",
    "content": "本人提交的政府信息公开申请已超过二十个工作日仍未答复。",
    "name": "王某",
    "phone": "0315-6543210",
}
