"""schemathesis against /api/v1/openapi.json, in-process on the Django WSGI app.

Every operation, positive and negative examples (bounded), with a staff token: no 5xx, every
status code and body as documented, JSON everywhere.
"""

from __future__ import annotations

import os
import time

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from tests.applications.factories import applicant

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("GONGKAI_SCHEMATHESIS_EXAMPLES", "20"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_openapi_document_and_docs(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"422"} <= codes, (method, path)
            if operation.get("security"):
                assert {"401", "403", "404"} <= codes, (method, path)
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if parameter["name"] in ("page", "size"):
                    assert "maximum" in schema, (path, parameter["name"])
    assert client.get("/api/v1/docs").status_code == 200


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, called in this thread inside the test's transaction: like Django's
    test client, keep the request signals from closing the test's database connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_undocumented_response(staff, token_for, wsgi_app):
    from gongkai.applications import actions

    actions.register(
        acting_user=staff["clerk"],
        agency=staff["clerk"].agency,
        data=applicant(),
        channel="in_person",
        submitted_on=actions.today(),
    )
    headers = {"Authorization": f"Bearer {token_for('clerk')}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    started, ran = time.monotonic(), 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            run()
            ran += 1
    assert ran >= 2 * 20
    assert time.monotonic() - started < 120
