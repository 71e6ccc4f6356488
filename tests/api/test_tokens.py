"""API tokens: stored only as a hash, shown once, audited, revocable, required by staff endpoints."""

from __future__ import annotations

import hashlib

import pytest

from gongkai.api import actions
from gongkai.api.models import ApiToken
from gongkai.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_token_is_stored_as_hash_and_audited(staff):
    token, raw = actions.create_token(acting_user=staff["clerk"], name="对接系统")
    assert raw.startswith("gk_") and len(raw) > 40
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert not ApiToken.objects.filter(digest=raw).exists()
    assert raw not in str(list(ApiToken.objects.values()))
    event = AuditEvent.objects.filter(action="api.token_create").get()
    assert event.actor_id == staff["clerk"].pk and raw not in str(event.detail)


def test_staff_endpoints_need_a_valid_token(api_as, staff):
    for client in (api_as(None),):
        response = client.get("/workdays/add", date="2026-11-27", n=5)
        assert response.status_code == 401
        assert "令牌" in response.json()["detail"]
    bad = api_as(None)
    bad.token = "gk_" + "x" * 43
    assert bad.get("/workdays/add", date="2026-11-27", n=5).status_code == 401


def test_revoked_token_is_refused_and_revocation_audited(api_as, staff):
    client = api_as("clerk")
    assert client.get("/workdays/add", date="2026-11-27", n=5).status_code == 200
    token = ApiToken.objects.get(user=staff["clerk"])
    actions.revoke_token(token, acting_user=staff["clerk"])
    assert client.get("/workdays/add", date="2026-11-27", n=5).status_code == 401
    assert AuditEvent.objects.filter(action="api.token_revoke").count() == 1


def test_inactive_user_token_is_refused(api_as, staff):
    client = api_as("clerk")
    staff["clerk"].is_active = False
    staff["clerk"].save(update_fields=["is_active"])
    assert client.get("/workdays/add", date="2026-11-27", n=5).status_code == 401


def test_others_cannot_revoke_a_token(staff):
    from django.core.exceptions import PermissionDenied

    token, _raw = actions.create_token(acting_user=staff["clerk"], name="对接系统")
    with pytest.raises(PermissionDenied):
        actions.revoke_token(token, acting_user=staff["clerk_b"])


def test_token_page_creates_shows_once_and_revokes(client, staff):
    from tests.conftest import PASSWORD

    client.login(username="clerk-a", password=PASSWORD)
    response = client.post("/staff/api-tokens/", {"name": "数据交换"})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw and raw in response.content.decode()
    again = client.get("/staff/api-tokens/")
    assert raw not in again.content.decode() and "数据交换" in again.content.decode()
    token = ApiToken.objects.get(user=staff["clerk"])
    response = client.post(f"/staff/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_page_needs_login_and_own_tokens_only(client, staff):
    from tests.conftest import PASSWORD

    assert client.get("/staff/api-tokens/").status_code == 302
    token, _raw = actions.create_token(acting_user=staff["clerk"], name="对接系统")
    client.login(username="clerk-b", password=PASSWORD)
    assert client.post(f"/staff/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
