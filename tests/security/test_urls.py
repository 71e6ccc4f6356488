"""Every URL pattern of the project, enumerated: staff pages refuse anonymous users, every form
refuses a POST without its CSRF token, and the API's staff endpoints need a token (a session
cookie is not enough)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
SAMPLE = {"int": "1", "slug": "bureau-a", "str": "x", "path": "x", None: "1"}
# Pages an anonymous visitor must reach to log in at all.
ANONYMOUS_STAFF = {"staff/login/"}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern)


def _url(route: str) -> str:
    route = route.lstrip("^").rstrip("$")
    return "/" + PARAM.sub(lambda m: SAMPLE.get(m.group(1), "x"), route)


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))
STAFF = [r for r in ROUTES if r.startswith("staff/") and r not in ANONYMOUS_STAFF]
FORMS = [r for r in ROUTES if not r.startswith("api/v1/")]


def test_enumeration_sees_every_part():
    assert len(STAFF) > 80
    for prefix in (
        "staff/applications/",
        "staff/publications/",
        "staff/credit/",
        "staff/reports/",
        "staff/api-tokens/",
    ):
        assert any(r.startswith(prefix) for r in STAFF), prefix


@pytest.mark.parametrize("route", STAFF)
def test_staff_pages_refuse_anonymous(route, client, zone):
    for method in ("get", "post"):
        response = getattr(client, method)(_url(route))
        assert response.status_code in (302, 403, 404, 405), (method, route, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/staff/login/"), (route, response["Location"])


@pytest.fixture
def csrf_client(make_staff, seeded_calendar):
    make_staff("admin-a", "a", "agency_admin", "clerk")
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="admin-a", password=PASSWORD)
    return client


def test_every_form_needs_its_csrf_token(csrf_client):
    """A POST without the token is refused before any view runs, logged in or not."""
    unprotected = []
    for route in FORMS:
        response = csrf_client.post(_url(route), {"x": "1"})
        if response.status_code != 403:
            unprotected.append((route, response.status_code))
    assert unprotected == []
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post("/staff/login/", {"username": "admin-a", "password": PASSWORD}).status_code == 403


def test_api_staff_endpoints_need_a_token_not_a_session(csrf_client):
    document = csrf_client.get("/api/v1/openapi.json").json()
    checked = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if not operation.get("security"):
                assert "/public/" in path, path
                continue
            url = re.sub(r"\{(\w+)\}", lambda m: "bureau-a" if m.group(1) == "agency" else "2025", path)
            url = url if "{" not in path or "annual-reports" in path else re.sub(r"\{\w+\}", "1", path)
            for client in (csrf_client, Client()):
                response = getattr(client, method)(url)
                assert response.status_code == 401, (method, path, response.status_code)
                assert "令牌" in response.json()["detail"]
            checked += 1
    assert checked >= 15
