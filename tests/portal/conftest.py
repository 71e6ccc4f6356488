"""Fixtures of the portal tests: bureau A's staff with one-step chains, media in a temp dir."""

from __future__ import annotations

import pytest

from tests.portal import data


@pytest.fixture
def staff(make_staff, zone, seeded_calendar, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = {
        "clerk": make_staff("clerk", "a", "clerk"),
        "leader": make_staff("leader", "a", "leader"),
        "admin": make_staff("admin", "a", "agency_admin"),
    }
    data.one_step_chains(zone["a"])
    return users
