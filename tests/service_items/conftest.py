"""Fixtures of the service item tests: bureau A's staff, a one-step chain, media in a temp dir."""

from __future__ import annotations

import pytest

from tests.portal import data


@pytest.fixture(autouse=True)
def _setup(seeded_calendar, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff(make_staff, zone):
    users = {
        "clerk": make_staff("clerk", "a", "clerk"),
        "reviewer": make_staff("reviewer", "a", "reviewer"),
        "leader": make_staff("leader", "a", "leader"),
        "admin": make_staff("admin", "a", "agency_admin"),
        "clerk_b": make_staff("clerk-b", "b", "clerk"),
    }
    data.one_step_chains(zone["a"])
    return users


@pytest.fixture
def make_item(zone, staff):
    def make(code: str = "11130200A4000117001", name: str = "食品经营许可", **kwargs):
        return data.service_item(zone["a"], staff["clerk"], staff["leader"], code=code, name=name, **kwargs)

    return make
