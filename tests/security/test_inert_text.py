"""User-supplied text containing script or HTML is shown inert everywhere.

The demo is loaded and every free-text column of every table (titles, names, addresses, bodies,
opinions, reasons, notes, file names …) gets markup appended straight in the database, as if
every user had typed it. Every Chinese string inside the JSON columns of what people wrote (a credit record's fields, a report's narrative, a
review round's snapshot, an import's error list …) gets it too. Then every page of the project is fetched: each staff pattern (the
objects named as in test_agency_isolation) by the bureau's own staff, its 管委会's staff,
系统管理员 and 审计员, and each public pattern anonymously. No HTML page may carry the markup
live; the escaped form must show on the pages that display those objects, so the check
cannot pass by showing nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Left
from django.test import Client

from tests.security.test_agency_isolation import (
    AGENCY_ROLES,
    NOT_AGENCY_DATA,
    OBJECT_ROUTES,
    PARAM,
    PLAIN_ROUTES,
    _account,
    _kwargs,
    _objects,
    _url,
)
from tests.security.test_urls import ROUTES

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
LONG = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SHORT = "<i id=xss onclick=a()>"
LIVE = ('<script>alert("x")', "<img src=x onerror", "<i id=xss")
ESCAPED = ("&lt;script&gt;alert(", "&lt;i id=xss")
# Columns that hold codes, references or machine text, not what a person typed.
NOT_FREE_TEXT = {
    "object_id",
    "object_type",
    "action",
    "role",
    "source",
    "fees_source",
    "amount_field",
    "receipt_rule",
    "error_report",
    "doc",
}
# JSON columns that hold what people wrote or files they sent (the rest hold structure and numbers).
JSON_TEXT = {
    "applications.CaseEvent": ["data"],
    "audit.AuditEvent": ["detail"],
    "core.ReviewRound": ["snapshot"],
    "credit.CreditRecord": ["data"],
    "credit.ImportJob": ["errors", "unknown_headers"],
    "reports.AnnualReport": ["narrative"],
    "reports.ImportedReport": ["findings"],
}
CODE_LIKE = ("code", "number", "hash", "sha256", "slug", "status", "kind", "username", "password")
CODE_LIKE += ("email", "url", "website", "phone", "fax", "path", "key", "token", "digest", "extension")
CODE_LIKE += ("content_type", "mask", "postal")


def _free_text_fields(model) -> list[models.Field]:
    fields = []
    for f in model._meta.fields:
        if not isinstance(f, models.CharField | models.TextField) or isinstance(f, models.FileField):
            continue
        if f.choices or f.unique or f.primary_key or isinstance(f, models.SlugField | models.EmailField):
            continue
        if f.name in NOT_FREE_TEXT or any(part in f.name for part in CODE_LIKE):
            continue
        if isinstance(f, models.CharField) and f.max_length < 40:
            continue
        fields.append(f)
    return fields


def _poison() -> list[str]:
    """Append markup to every free-text column of every row, in bulk; return what was touched."""
    touched = []
    for model in apps.get_models():
        if not model.__module__.startswith("gongkai."):
            continue
        updates: dict[str, Any] = {}
        for f in _free_text_fields(model):
            marker = LONG if f.max_length is None or f.max_length >= 100 else SHORT
            head = f.name if f.max_length is None else Left(f.name, f.max_length - len(marker))
            updates[f.name] = Concat(head, Value(marker), output_field=f)
        if updates:
            model._default_manager.exclude(pk=None).update(**updates)
            touched += [f"{model._meta.label}.{name}" for name in updates]
        json_fields = JSON_TEXT.get(model._meta.label, [])
        if json_fields:
            rows = list(model._default_manager.only(*json_fields))
            for row in rows:
                for name in json_fields:
                    setattr(row, name, _poison_json(getattr(row, name)))
            model._default_manager.bulk_update(rows, json_fields, batch_size=500)
            touched += [f"{model._meta.label}.{name}" for name in json_fields]
    return touched


def _poison_json(value: Any) -> Any:
    """Markup after every string in a JSON value that a person wrote (it has Chinese in it)."""
    if isinstance(value, dict):
        return {k: _poison_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison_json(v) for v in value]
    if isinstance(value, str) and CJK.search(value):
        return value + LONG
    return value


def _public_urls(o: dict[str, Any]) -> list[str]:
    from gongkai.credit.models import CreditRecord
    from gongkai.portal.columns import COLUMNS
    from gongkai.publications.models import Item
    from gongkai.reports.models import AnnualReport
    from gongkai.service_items.models import ServiceItem

    slug = o["agency"].slug
    item = Item.objects.filter(agency=o["agency"], status="published").first()
    record = CreditRecord.objects.filter(agency=o["agency"], status="published").first()
    service = ServiceItem.objects.filter(agency=o["agency"], status="published").first()
    published = AnnualReport.objects.filter(agency=o["agency"], status="published").first()
    values = {
        "slug": [slug, "gxq"],
        "key": [key for key, _title in COLUMNS],
        "pk": [],
        "year": [published.year if published else 2023],
    }
    urls = []
    for route in ROUTES:
        if route.startswith(("staff/", "api/")) or route in ("healthz",) or "<slug:fmt>" in route:
            continue
        if "files/" in route or "samples/" in route or "sitemap" in route:
            continue  # files and XML are checked elsewhere (test_downloads)
        if route.startswith("gk/<slug:slug>/item/"):
            values["pk"] = [item.pk]
        elif route.startswith("gk/<slug:slug>/sgs/"):
            values["pk"] = [record.pk]
        elif route.startswith("gk/<slug:slug>/services/"):
            values["pk"] = [service.pk]
        variants: list[dict[str, Any]] = [{}]
        for match in PARAM.finditer(route):
            name = match.group(2)
            variants = [{**v, name: value} for v in variants for value in values[name]]
        urls += [_url(route, v) for v in variants]
    return urls


def _staff_urls(o: dict[str, Any]) -> list[str]:
    from gongkai.applications.models import LetterKind

    urls = ["/" + r for r in PLAIN_ROUTES]
    for route in OBJECT_ROUTES:
        if route == "staff/calendar/<int:year>/":
            urls.append(_url(route, {"year": 2026}))
        elif route == "staff/publications/topics/<int:pk>/":
            urls.append(_url(route, {"pk": 1}))
        elif route in NOT_AGENCY_DATA:
            urls += [_url(route, {"kind": kind}) for kind in LetterKind.values]
        else:
            urls += [_url(route, kwargs) for kwargs in _kwargs(route, o)]
    return urls


def _live_markup(html: str) -> list[str]:
    return [m for m in LIVE if m in html]


def test_markup_typed_anywhere_is_shown_inert_everywhere(db, settings, tmp_path, seeded_calendar):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    objects = _objects()
    touched = _poison()
    assert {
        "applications.Application.info_title",
        "publications.Item.title",
        "complaints.Complaint.content",
    } <= set(touched)
    cache.clear()
    viewers = {
        "本机关": _account("owner", "gxq-xzspj", *AGENCY_ROLES),
        "管委会": _account("office", "gxq", *AGENCY_ROLES),
        "系统管理员": _account("sys", "gxq", "sysadmin"),
        "审计员": _account("audit", "gxq", "auditor"),
    }
    viewers["公众"] = Client()
    failures: list[str] = []
    escaped_on: set[str] = set()
    pages = 0
    plan = [(who, url) for who in viewers if who != "公众" for url in _staff_urls(objects)]
    plan += [("公众", url) for url in _public_urls(objects)]
    for who, url in plan:
        response = viewers[who].get(url)
        if response.status_code >= 500:
            failures.append(f"{who} GET {url} → {response.status_code}")
            continue
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        html = response.content.decode()
        if live := _live_markup(html):
            failures.append(f"{who} GET {url} 原样输出了 {live}")
        if any(e in html for e in ESCAPED):
            escaped_on.add(url)
    assert failures == [], "\n".join(failures)
    assert pages > 200
    must_show = [
        _url("staff/applications/<int:pk>/", {"pk": objects["case"].pk}),
        _url("staff/publications/<int:pk>/", {"pk": objects["item"].pk}),
        _url("staff/complaints/<int:pk>/", {"pk": objects["complaint"].pk}),
        _url("staff/credit/records/<int:pk>/", {"pk": objects["record"].pk}),
        _url("staff/service-items/<int:pk>/", {"pk": objects["service_item"].pk}),
        _url("staff/appeals/<int:pk>/", {"pk": objects["appeal"].pk}),
        "/staff/applications/",
        "/staff/audit/",
        "/gk/gxq-xzspj/",
        "/gk/gxq-xzspj/sgs/",
        "/gk/gxq-xzspj/services/",
    ]
    assert [u for u in must_show if u not in escaped_on] == []
