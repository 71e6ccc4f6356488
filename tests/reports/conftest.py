"""Fixtures of the reports tests: staff of the zone (a 管委会 over bureaus A and B), the built-in
credit sets, and helpers that put records of every source in place."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _calendar(seeded_calendar):
    """Due dates and lags are counted in working days."""


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def builtin_sets(db):
    """The built-in credit sets as the data migration leaves them (transactional tests flush them)."""
    from importlib import import_module

    from django.apps import apps

    from gongkai.credit.models import RecordSet

    if RecordSet.objects.filter(key__in=("xk", "cf", "qz")).count() < 3:
        import_module("gongkai.credit.migrations.0002_builtin_sets_search_schedule").seed(apps, None)


@pytest.fixture
def staff(make_staff, builtin_sets):
    return {
        "clerk": make_staff("clerk-a", "a", "clerk"),
        "reviewer": make_staff("reviewer-a", "a", "reviewer"),
        "secrecy": make_staff("secrecy-a", "a", "secrecy"),
        "leader": make_staff("leader-a", "a", "leader"),
        "admin": make_staff("admin-a", "a", "agency_admin"),
        "clerk_b": make_staff("clerk-b", "b", "clerk"),
        "office": make_staff("office", "top", "agency_admin", "reviewer"),
        "office_leader": make_staff("office-leader", "top", "leader"),
    }
