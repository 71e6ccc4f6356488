"""Every staff URL pattern of every app, enumerated: users of another agency are refused.

The demo is loaded: the seed bureau 行政审批局 (`gxq-xzspj`) then holds one or more of everything
the system keeps, and its 管委会 the complaints it handles and the reports it imported. For each
staff pattern that names an object, `TARGETS` says which of those objects it names; a test fails
for a pattern missing there, so a new page cannot slip past unchecked. Staff of a sibling (老庄子镇)
— one account with every agency role, one 系统管理员, one 审计员 — are answered 404 (or 403/405) on
GET and on POST, and nothing changes anywhere: no row in any table, no audit event. Pages without an
object never show them the bureau's objects, whatever agency the query string names, and no form
of theirs creates anything in another agency. The 管委会's own staff may read their subordinates
(supervision) but every POST of theirs on the bureau's objects is refused, outside the few acts
the law gives the office one level up (`SUPERVISOR_ACTS`). The API's staff endpoints, read from
its schema, hold the same line for a sibling's token.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.test import Client

from tests.conftest import PASSWORD
from tests.security.test_urls import ROUTES

pytestmark = pytest.mark.django_db

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
OBJECT_ROUTES = [r for r in ROUTES if r.startswith("staff/") and PARAM.search(r)]
PLAIN_ROUTES = [r for r in ROUTES if r.startswith("staff/") and not PARAM.search(r)]

# Patterns whose parameters name no agency's object, with the reason.
NOT_AGENCY_DATA = {
    "staff/calendar/<int:year>/": "法定节假日安排全国统一，只有系统管理员可改（core.change_calendar 范围为全部）",
    "staff/publications/topics/<int:pk>/": "主题分类为全系统共用目录，只有系统管理员可改",
    "staff/applications/templates/<slug:kind>/": "参数是文书种类；所改的总是本人所在机关的模板",
}
AGENCY_ROLES = ("agency_admin", "clerk", "reviewer", "secrecy", "leader")
# What the office one level up does to its subordinates' objects by law: it handles complaints
# about them (Art. 51) and imports their published annual reports for supervision.
SUPERVISOR_ACTS = (
    "staff/complaints/",
    "staff/reports/imports/",
)


def _objects() -> dict[str, Any]:
    """One of each kind of the bureau's (or its 管委会's) objects, as the demo leaves them."""
    from gongkai.api import actions as token_actions
    from gongkai.appeals.models import Appeal
    from gongkai.applications.models import Attachment, Letter
    from gongkai.complaints.models import Complaint
    from gongkai.core.models import ReviewRound
    from gongkai.credit.models import CreditRecord, ImportJob, RecordSet
    from gongkai.orgs.models import Agency, User
    from gongkai.publications.models import Attachment as ItemAttachment
    from gongkai.publications.models import Item, PiiHit
    from gongkai.reports.models import AnnualReport, ImportedReport, InspectionFinding
    from gongkai.service_items.models import Material

    bureau = Agency.objects.get(slug="gxq-xzspj")
    letter = Letter.objects.filter(agency=bureau).select_related("application").first()
    case = letter.application
    attachment = Attachment.objects.create(
        application=case,
        file=ContentFile(b"%PDF-1.4\n%\n", name="x.pdf"),
        name="x.pdf",
        size=11,
        content_type="application/pdf",
        sha256="0" * 64,
    )
    clerk = User.objects.get(username="jingban")
    token, _raw = token_actions.create_token(acting_user=clerk, name="办公系统对接")
    review_round = ReviewRound.objects.filter(agency=bureau, content_type__app_label="publications").first()
    material = Material.objects.filter(item__agency=bureau, sample__isnull=False).first()
    return {
        "agency": bureau,
        "staff": clerk,
        "token": token,
        "appeal": Appeal.objects.filter(agency=bureau).first(),
        "case": case,
        "attachment": attachment,
        "letter": letter,
        "complaint": Complaint.objects.filter(agency=bureau).first(),
        "job": ImportJob.objects.filter(agency=bureau).first(),
        "record": CreditRecord.objects.filter(agency=bureau).first(),
        "set": RecordSet.objects.filter(agency=bureau).first(),
        "item": Item.objects.get(pk=review_round.object_id),
        "round": review_round,
        "item_attachment": ItemAttachment.objects.filter(item__agency=bureau).first(),
        "pii": PiiHit.objects.filter(item__agency=bureau).first(),
        "report": AnnualReport.objects.filter(agency=bureau).order_by("-year").first(),
        "finding": InspectionFinding.objects.filter(inspection__agency=bureau).first(),
        "imported": ImportedReport.objects.filter(owner__slug="gxq").first(),
        "service_item": material.item,
        "material": material,
    }


# For each pattern prefix (first match wins), the URL arguments naming the bureau's object.
BY_PREFIX: list[tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = [
    ("staff/agencies/", lambda o: {"pk": o["agency"].pk}),
    ("staff/api-tokens/", lambda o: {"pk": o["token"].pk}),
    ("staff/appeals/new/", lambda o: {"application_pk": o["case"].pk}),
    ("staff/appeals/", lambda o: {"pk": o["appeal"].pk}),
    (
        "staff/applications/<int:pk>/attachments/",
        lambda o: {"pk": o["case"].pk, "attachment_id": o["attachment"].pk},
    ),
    ("staff/applications/<int:pk>/letters/", lambda o: {"pk": o["case"].pk, "letter_id": o["letter"].pk}),
    ("staff/applications/", lambda o: {"pk": o["case"].pk}),
    ("staff/complaints/", lambda o: {"pk": o["complaint"].pk}),
    ("staff/credit/jobs/", lambda o: {"pk": o["job"].pk}),
    ("staff/credit/records/", lambda o: {"pk": o["record"].pk}),
    ("staff/credit/sets/", lambda o: {"pk": o["set"].pk}),
    ("staff/publications/<int:pk>/rounds/", lambda o: {"pk": o["item"].pk, "number": o["round"].number}),
    ("staff/publications/attachments/", lambda o: {"pk": o["item_attachment"].pk}),
    ("staff/publications/pii/", lambda o: {"pk": o["pii"].pk}),
    ("staff/publications/", lambda o: {"pk": o["item"].pk}),
    ("staff/reports/findings/", lambda o: {"pk": o["finding"].pk}),
    ("staff/reports/imports/", lambda o: {"pk": o["imported"].pk}),
    ("staff/reports/", lambda o: {"pk": o["report"].pk}),
    ("staff/service-items/materials/", lambda o: {"pk": o["material"].pk}),
    ("staff/service-items/", lambda o: {"pk": o["service_item"].pk}),
    ("staff/staff/", lambda o: {"pk": o["staff"].pk}),
]


def _mapping(route: str) -> Callable[[dict[str, Any]], dict[str, Any]] | None:
    return next((make for prefix, make in BY_PREFIX if route.startswith(prefix)), None)


def _kwargs(route: str, objects: dict[str, Any]) -> list[dict[str, Any]]:
    """The URL arguments that make `route` name the bureau's objects, one set per slug value."""
    from gongkai.applications.forms import ACTION_FORMS

    slugs = {
        "action": list(ACTION_FORMS),
        "fmt": ["docx", "pdf"] if "letters" in route else ["docx", "pdf", "html"],
    }
    variants = [_mapping(route)(objects)]
    for name, values in slugs.items():
        if f"<slug:{name}>" in route:
            variants = [{**v, name: value} for v in variants for value in values]
    return variants


def _url(route: str, kwargs: dict[str, Any]) -> str:
    return "/" + PARAM.sub(lambda m: str(kwargs[m.group(2)]), route)


POST_DATA = {
    "phone": "1",
    "active": "0",
    "roles": ["sysadmin"],
    "new_password": "X-y-z-1234567",
    "confirm": "X-y-z-1234567",
    "decision": "approve",
    "note": "越权",
    "reason": "越权",
    "title": "越权",
    "reply": "越权",
    "on": "2026-11-20",
    "version": "0",
}


def _counts() -> dict[str, int]:
    """Rows in every table the project and its libraries keep (sessions aside: logins make them)."""
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in ("sessions", "contenttypes", "admin")
    }


def _agency_counts(agencies: list[int]) -> dict[str, int]:
    """Per table and agency column, the rows that belong to the given agencies."""
    counts = {}
    for m in apps.get_models():
        for f in m._meta.fields:
            if isinstance(f, models.ForeignKey) and f.related_model._meta.label == "orgs.Agency":
                counts[f"{m._meta.label}.{f.name}"] = m._default_manager.filter(
                    **{f"{f.name}__in": agencies}
                ).count()
    return counts


def _state(objects: dict[str, Any]) -> tuple[dict[str, int], str]:
    rows = [type(obj)._default_manager.get(pk=obj.pk) for obj in objects.values()]
    return _counts(), serializers.serialize("json", rows)


@pytest.fixture
def demo(db, settings, tmp_path, seeded_calendar):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return _objects()


def _account(username: str, slug: str, *roles: str) -> Client:
    from gongkai.orgs import actions
    from gongkai.orgs.models import Agency

    user = actions.create_staff(
        acting_user=None,
        agency=Agency.objects.get(slug=slug),
        username=username,
        full_name=username,
        password=PASSWORD,
        roles=roles,
    )
    client = Client()
    client.force_login(user)
    return client


def test_every_object_pattern_is_mapped_to_an_object():
    unmapped = [r for r in OBJECT_ROUTES if r not in NOT_AGENCY_DATA and _mapping(r) is None]
    assert unmapped == []
    assert len(OBJECT_ROUTES) > 60 and len(PLAIN_ROUTES) > 25


def test_another_agencys_staff_are_refused_everywhere(demo):
    objects = demo
    victims = [objects["agency"].pk, objects["agency"].parent_id]
    intruders = {
        "各机关角色": _account("intruder", "gxq-lzzz", *AGENCY_ROLES),
        "系统管理员": _account("intruder-sys", "gxq-lzzz", "sysadmin"),
        "审计员": _account("intruder-audit", "gxq-lzzz", "auditor"),
    }
    failures: list[str] = []
    urls: list[str] = []
    before = _state(objects)
    for route in OBJECT_ROUTES:
        if route in NOT_AGENCY_DATA:
            continue
        for kwargs in _kwargs(route, objects):
            url = _url(route, kwargs)
            urls.append(url)
            for who, client in intruders.items():
                for method in ("get", "post"):
                    response = getattr(client, method)(url, POST_DATA if method == "post" else None)
                    if response.status_code not in (403, 404, 405):
                        failures.append(f"{who} {method.upper()} {url} → {response.status_code}")
    after = _state(objects)
    assert failures == []
    assert after[0] == before[0], "越权请求改变了数据"
    assert after[1] == before[1], "越权请求改变了对象"

    # Pages without an object: none of the bureau's objects shows, whatever agency is asked for;
    # and no form posted there creates anything in the bureau or its 管委会.
    object_paths = {u.split("?")[0] for u in urls if re.search(r"/\d+/$", u)}
    owned_before = _agency_counts(victims)
    for route in PLAIN_ROUTES:
        url = "/" + route
        for who, client in intruders.items():
            for query in ("", f"?agency={victims[0]}&agency_id={victims[0]}&owner={victims[1]}"):
                response = client.get(url + query)
                if response.status_code >= 500:
                    failures.append(f"{who} GET {url}{query} → {response.status_code}")
                    continue
                if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                    html = response.content.decode()
                    shown = [p for p in object_paths if f'href="{p}"' in html]
                    if shown:
                        failures.append(f"{who} GET {url}{query} 显示了其他机关的 {shown[:3]}")
            data = {
                **POST_DATA,
                "agency": str(victims[0]),
                "owner": str(victims[1]),
                "handler": str(victims[1]),
            }
            response = client.post(url, data)
            if response.status_code >= 500:
                failures.append(f"{who} POST {url} → {response.status_code}")
    assert failures == []
    assert _agency_counts(victims) == owned_before, "其他机关的表单在本机关建立了数据"


def test_the_supervising_office_reads_but_cannot_act(demo):
    objects = demo
    supervisor = _account("supervisor", "gxq", *AGENCY_ROLES)
    before = _state(objects)
    failures = []
    for route in OBJECT_ROUTES:
        if route in NOT_AGENCY_DATA or route.startswith(SUPERVISOR_ACTS):
            continue
        for kwargs in _kwargs(route, objects):
            url = _url(route, kwargs)
            response = supervisor.post(url, POST_DATA)
            if response.status_code not in (403, 404, 405):
                failures.append(f"POST {url} → {response.status_code}")
    assert failures == [], "\n".join(failures)
    assert _state(objects) == before
    # Reading is supervision: the case and the report are open to the office one level up.
    assert supervisor.get(_url("staff/applications/<int:pk>/", {"pk": objects["case"].pk})).status_code == 200
    assert supervisor.get(_url("staff/reports/<int:pk>/", {"pk": objects["report"].pk})).status_code == 200


def _api_objects(o: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For each API path naming an object, the bureau's object."""
    return {
        "/api/v1/applications/{pk}": {"pk": o["case"].pk},
        "/api/v1/applications/{pk}/events": {"pk": o["case"].pk},
        "/api/v1/applications/{pk}/reply": {"pk": o["case"].pk},
        "/api/v1/publications/{pk}": {"pk": o["item"].pk},
        "/api/v1/publications/{pk}/submit": {"pk": o["item"].pk},
        "/api/v1/credit/records/{pk}": {"pk": o["record"].pk},
        "/api/v1/credit/imports/{pk}": {"pk": o["job"].pk},
        "/api/v1/annual-reports/{agency}/{year}": {"agency": o["agency"].slug, "year": o["report"].year},
    }


# Valid bodies, so the refusal shown is the scoping's and not the body's validation.
API_BODIES = {
    "/api/v1/applications/{pk}/events": {"kind": "receive_correction", "on": "2026-11-20"},
    "/api/v1/applications/{pk}/reply": {"kind": "disclose", "text": "越权答复"},
}


def test_the_api_refuses_another_agencys_tokens_everywhere(demo):
    """Every staff endpoint of the API, from the schema: a sibling's token never reaches the
    bureau's objects, never lists them, never creates anything in the bureau."""
    from gongkai.api import actions as token_actions
    from gongkai.api.api import api
    from gongkai.orgs.models import User

    objects = demo
    victims = [objects["agency"].pk, objects["agency"].parent_id]
    _account("intruder", "gxq-lzzz", *AGENCY_ROLES)
    _token, raw = token_actions.create_token(
        acting_user=User.objects.get(username="intruder"), name="越权测试"
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    named = _api_objects(objects)
    slug = objects["agency"].slug
    before, owned_before = _state(objects), _agency_counts(victims)
    failures, checked = [], 0
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            if not operation.get("security"):
                continue
            checked += 1
            if "{" in path:
                if path not in named:
                    failures.append(f"{method.upper()} {path}：未对应到对象，请在 _api_objects 中补上")
                    continue
                url = re.sub(r"\{(\w+)\}", lambda m, p=path: str(named[p][m.group(1)]), path)
                body = API_BODIES.get(path, {})
                response = getattr(client, method)(url, body, content_type="application/json")
                if response.status_code not in (403, 404):
                    failures.append(f"{method.upper()} {url} → {response.status_code}")
            elif method == "get":
                response = client.get(path, {"agency": slug})
                body = response.json()
                if response.status_code == 200 and body.get("count"):
                    failures.append(f"GET {path}?agency={slug} 列出了 {body['count']} 条")
                elif response.status_code >= 500:
                    failures.append(f"GET {path} → {response.status_code}")
            else:
                response = client.post(
                    f"{path}?agency={slug}", {"agency": slug}, content_type="application/json"
                )
                if response.status_code >= 500 or response.status_code in (200, 201, 202):
                    failures.append(f"POST {path}（agency={slug}）→ {response.status_code}")
    assert failures == [], "\n".join(failures)
    assert checked >= 15
    assert _state(objects) == before
    assert _agency_counts(victims) == owned_before
