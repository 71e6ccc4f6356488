"""Fixtures of the API tests: staff of bureaus A and B with tokens, a fixed today, clean cache."""

from __future__ import annotations

import pytest

from tests.applications.factories import TODAY


@pytest.fixture(autouse=True)
def _fixed_today_and_cache(monkeypatch, settings, tmp_path):
    from django.core.cache import cache

    from gongkai.applications import actions

    monkeypatch.setattr(actions, "today", lambda: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(make_staff, seeded_calendar):
    return {
        "clerk": make_staff("clerk-a", "a", "clerk"),
        "leader": make_staff("leader-a", "a", "leader"),
        "clerk_b": make_staff("clerk-b", "b", "clerk"),
        "auditor": make_staff("auditor-top", "top", "auditor"),
    }


@pytest.fixture
def token_for(staff):
    from gongkai.api import actions

    def make(key: str) -> str:
        _token, raw = actions.create_token(acting_user=staff[key], name=f"测试 {key}")
        return raw

    return make


class ApiClient:
    def __init__(self, client, token: str | None):
        self.client, self.token = client, token

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params):
        return self.client.get("/api/v1" + path, params, headers=self._headers())

    def post(self, path: str, data=None, **kwargs):
        return self.client.post(
            "/api/v1" + path, data or {}, content_type="application/json", headers=self._headers(), **kwargs
        )

    def upload(self, path: str, files: dict, **params):
        from urllib.parse import urlencode

        query = ("?" + urlencode(params)) if params else ""
        return self.client.post("/api/v1" + path + query, files, headers=self._headers())


@pytest.fixture
def api_as(client, token_for):
    def make(key: str | None) -> ApiClient:
        return ApiClient(client, token_for(key) if key else None)

    return make
