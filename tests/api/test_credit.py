"""Credit records through the API: start an import from an uploaded file, poll it, list and get."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.credit import samples
from gongkai.credit.models import RecordSet
from gongkai.credit.schema import builtin

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensing(db):
    if RecordSet.objects.filter(key__in=("xk", "cf", "qz")).count() < 3:
        import_module("gongkai.credit.migrations.0002_builtin_sets_search_schedule").seed(apps, None)
    return RecordSet.objects.get(key="xk")


def _csv(rows: list[dict]) -> bytes:
    cols = [f.code for f in builtin("xk").fields]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(cols)
    for row in rows:
        writer.writerow([row.get(c, "") for c in cols])
    return out.getvalue().encode("utf-8-sig")


def test_import_poll_list_get(api_as, licensing):
    client = api_as("clerk")
    today = date.today()
    rows = list(samples.licensing_rows(3, start=today - timedelta(days=80), end=today - timedelta(days=20)))
    response = client.upload(
        "/credit/imports", {"file": SimpleUploadedFile("许可.csv", _csv(rows))}, record_set=licensing.pk
    )
    assert response.status_code == 202, response.json()
    job = response.json()
    polled = client.get(f"/credit/imports/{job['id']}").json()
    assert polled["id"] == job["id"] and polled["progress"]["total_rows"] == 3
    assert polled["progress"]["inserted"] == 3, polled
    listed = client.get("/credit/records", size=10).json()
    assert listed["count"] == 3
    record = client.get(f"/credit/records/{listed['items'][0]['id']}").json()
    assert record["agency"] == "bureau-a"
    assert api_as("clerk_b").get(f"/credit/records/{record['id']}").status_code == 404
    assert api_as("clerk_b").get(f"/credit/imports/{job['id']}").status_code == 404


def test_import_errors_are_reported(api_as, licensing):
    client = api_as("clerk")
    bad = [{"xk_xdr_lb": "法人及非法人组织"}]  # almost every required column empty
    response = client.upload(
        "/credit/imports", {"file": SimpleUploadedFile("坏数据.csv", _csv(bad))}, record_set=licensing.pk
    )
    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["progress"]["inserted"] == 0
    assert job["errors"] or job["progress"]["error_count"] or job["status"] != "done"
    assert client.get("/credit/records").json()["count"] == 0


def test_import_refusals(api_as, licensing, settings):
    client = api_as("clerk")
    missing = client.upload("/credit/imports", {"file": SimpleUploadedFile("a.csv", b"x")}, record_set=999999)
    assert missing.status_code == 404
    auditor = api_as("auditor")
    refused = auditor.upload(
        "/credit/imports", {"file": SimpleUploadedFile("a.csv", b"x")}, record_set=licensing.pk
    )
    assert refused.status_code == 403
    settings.GONGKAI_API_UPLOAD_MAX_MB = 0
    big = client.upload(
        "/credit/imports", {"file": SimpleUploadedFile("a.csv", b"xx")}, record_set=licensing.pk
    )
    assert big.status_code == 413 and "过大" in big.json()["detail"]
