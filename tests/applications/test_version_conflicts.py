"""Optimistic locking on the staff case page: every action form carries the case's `version`; a
form from a page older than someone else's action is refused (409) and changes nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from gongkai.applications import actions, views
from gongkai.applications.models import Application, CaseEvent
from gongkai.audit.models import AuditEvent

D = date
CONFLICT = "该案件已被他人修改"


def _state(case: Application) -> tuple:
    case = Application.objects.get(pk=case.pk)
    return (
        case.status,
        case.version,
        case.assignee_id,
        case.due_date,
        CaseEvent.objects.filter(application=case).count(),
        case.letters.count(),
        AuditEvent.objects.count(),
    )


def _form_versions(html: str, case: Application) -> dict[str, int]:
    """{action: version} for every action form of the page; fails if one lacks the hidden input."""
    forms = re.findall(r'<form method="post" action="([^"]*)"[^>]*>(.*?)</form>', html, re.S)
    found = {}
    for action, body in forms:
        match = re.fullmatch(rf"/staff/applications/{case.pk}/do/([\w-]+)/", action)
        if not match:
            continue
        hidden = re.findall(r'<input type="hidden" name="version" value="(\d+)">', body)
        assert len(hidden) == 1, f"{match[1]}: no version input"
        found[match[1]] = int(hidden[0])
    return found


def _open(client: Client, case: Application) -> int:
    """Load the case page as a person would; return the version its forms carry."""
    html = client.get(reverse("applications:case", args=[case.pk])).content.decode()
    versions = _form_versions(html, case)
    fresh = Application.objects.get(pk=case.pk)
    assert set(versions) == set(actions.allowed_actions(fresh, client.user))  # every action form
    assert len(set(versions.values())) == 1
    return versions.popitem()[1]


@pytest.fixture
def two_clerks(staff, make_staff):
    first, second = Client(), Client()
    first.force_login(staff["clerk"])
    first.user = staff["clerk"]
    clerk2 = make_staff("clerk2-a", "a", "clerk")
    second.force_login(clerk2)
    second.user = clerk2
    return first, second


def _act(client: Client, case: Application, action: str, data: dict, version) -> object:
    payload = {f"{action}-{k}": v for k, v in data.items()}
    if version is not None:
        payload["version"] = str(version)
    return client.post(reverse("applications:act", args=[case.pk, action]), payload)


CORRECTION = {"items": "请写明文件名称", "deadline": "2026-12-20", "on": "2026-11-25"}


def test_the_second_of_two_clerks_gets_a_conflict_and_changes_nothing(make_case, two_clerks, staff):
    case = make_case(D(2026, 11, 20))
    first, second = two_clerks
    v1, v2 = _open(first, case), _open(second, case)
    assert v1 == v2 == case.version

    # A note is not a change of the case: it neither needs nor bumps a fresh version.
    assert _act(first, case, "add_note", {"text": "已电话联系申请人"}, v1).status_code == 302
    assert Application.objects.get(pk=case.pk).version == v1

    done = _act(first, case, "request_correction", CORRECTION, v1)
    assert done.status_code == 302
    after_first = _state(case)
    assert after_first[0] == "awaiting_correction" and after_first[1] == v1 + 1
    assert _open(first, case) == v1 + 1  # the redirect shows the new version: no conflict for him

    # The second clerk's page is stale: assigning the case to himself is refused.
    clerk2 = second.user
    stale = _act(second, case, "assign", {"assignee": clerk2.pk}, v2)
    assert stale.status_code == 409
    page = stale.content.decode()
    assert page.count(CONFLICT) == 2  # at the top (message) and in the form (non-field error)
    assert re.search(r'class="messages".*?' + CONFLICT, page, re.S)
    assert re.search(r'id="action-assign" open>.*?role="alert"><p>' + CONFLICT, page, re.S)
    assert f'<option value="{clerk2.pk}" selected>' in page  # the input is kept
    assert "待补正" in page  # the page shows the case as it is now
    assert _form_versions(page, case)["assign"] == v1 + 1  # what he now sees
    assert _state(case) == after_first

    # Also a stale note, and a stale form that is invalid as well: the conflict is what is reported.
    assert _act(second, case, "add_note", {"text": "x"}, v2).status_code == 409
    assert _act(second, case, "assign", {"assignee": ""}, v2).status_code == 409
    assert _state(case) == after_first

    # Having seen the current case, he may act on it.
    assert _act(second, case, "assign", {"assignee": clerk2.pk}, v1 + 1).status_code == 302
    assert Application.objects.get(pk=case.pk).assignee == clerk2


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "1.0", "²", "99999999999"])
def test_a_form_without_a_valid_version_is_refused(make_case, two_clerks, version):
    case = make_case(D(2026, 11, 20))
    first, _ = two_clerks
    before = _state(case)
    response = _act(first, case, "request_correction", CORRECTION, version)
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count(views.STALE_PAGE) == 2 and "请刷新页面" in page
    assert _state(case) == before
    assert _act(first, case, "add_note", {"text": "x"}, version).status_code == 400
    assert _state(case) == before


@pytest.mark.parametrize("action", ["assign", "consultation_delivered"])
def test_a_change_between_the_check_and_the_lock_is_caught_under_the_lock(
    make_case, two_clerks, staff, monkeypatch, action
):
    """Two submissions at the same moment both pass the early check: the row lock decides."""
    case = make_case(D(2026, 11, 20))
    if action == "consultation_delivered":
        actions.start_consultation(
            case, acting_user=staff["clerk"], kind="third_party", party="某公司", matter="是否同意公开"
        )
    first, _ = two_clerks
    version = _open(first, case)
    real = views._dispatch

    def racing(*args, **kwargs):
        Application.objects.filter(pk=case.pk).update(version=F("version") + 1)  # the other one won
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "_dispatch", racing)
    data = {"assignee": staff["clerk"].pk}
    if action == "consultation_delivered":
        data = {"consultation": case.consultations.get().pk, "on": "2026-11-26"}
    before = _state(case)
    response = _act(first, case, action, data, version)
    assert response.status_code == 409 and CONFLICT in response.content.decode()
    after = _state(case)
    assert after[1] == before[1] + 1  # only the other one's change
    assert after[:1] + after[2:] == before[:1] + before[2:]
