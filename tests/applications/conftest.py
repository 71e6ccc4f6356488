"""Fixtures of the applications tests: a fixed "today", staff of bureaus A and B, case helpers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.applications.factories import TODAY, applicant


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    """Every date rule is relative to today: pin it, so the tests mean the same any day."""
    from gongkai.applications import actions

    monkeypatch.setattr(actions, "today", lambda: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(make_staff, seeded_calendar):
    return {
        "clerk": make_staff("clerk-a", "a", "clerk"),
        "leader": make_staff("leader-a", "a", "leader"),
        "reviewer": make_staff("reviewer-a", "a", "reviewer"),
        "admin": make_staff("admin-a", "a", "agency_admin"),
        "clerk_b": make_staff("clerk-b", "b", "clerk"),
        "auditor": make_staff("auditor-top", "top", "auditor"),
    }


@pytest.fixture
def make_case(zone, staff):
    """Register an application received in person on `received` (default 2026-09-18)."""
    from gongkai.applications import actions

    def make(received: date = date(2026, 9, 18), *, agency: str = "a", user=None, **data):
        application, _code = actions.register(
            acting_user=user or (staff["clerk"] if agency == "a" else staff["clerk_b"]),
            agency=zone[agency],
            data=applicant(**data),
            channel="in_person",
            submitted_on=received,
        )
        return application

    return make
