"""Optimistic locking of the edit form: two editors of one draft never silently overwrite each
other; every change of the item counts in its `version`."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.publications import actions, views
from gongkai.publications.models import Item

CONFLICT = "该信息已被他人修改"


def _state(item: Item) -> tuple:
    item = Item.objects.get(pk=item.pk)
    return (item.title, item.summary, item.body, item.status, item.version, AuditEvent.objects.count())


def _open_edit(client: Client, item: Item) -> dict[str, str]:
    """Load the edit page; return what its form would post (the hidden version included)."""
    html = client.get(reverse("publications:edit", args=[item.pk])).content.decode()
    version = re.findall(r'<input type="hidden" name="version" value="(\d+)">', html)
    assert len(version) == 1
    fields = {
        "kind": item.kind,
        "title": re.search(r'name="title" value="([^"]*)"', html)[1],
        "summary": item.summary,
        "category": item.category,
        "formed_on": item.formed_on.isoformat(),
        "body": item.body,
        "version": version[0],
    }
    return fields


@pytest.fixture
def editors(staff, make_staff):
    first, second = Client(), Client()
    first.force_login(staff["clerk"])
    second.force_login(make_staff("clerk2", "a", "clerk"))
    return first, second


def test_the_second_editor_gets_a_conflict_keeps_the_input_and_changes_nothing(editors, make_item):
    item = make_item()
    first, second = editors
    form1, form2 = _open_edit(first, item), _open_edit(second, item)
    assert form1["version"] == form2["version"] == str(item.version)

    saved = first.post(reverse("publications:edit", args=[item.pk]), {**form1, "title": "第一位编辑改的标题"})
    assert saved.status_code == 302
    after_first = _state(item)
    assert after_first[0] == "第一位编辑改的标题" and after_first[4] == item.version + 1

    url = reverse("publications:edit", args=[item.pk])
    stale = second.post(url, {**form2, "title": "第二位编辑改的标题", "summary": "第二位的概述"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert page.count(CONFLICT) == 2 and "请刷新后重新编辑" in page  # top message and form error
    assert 'value="第二位编辑改的标题"' in page and "第二位的概述" in page  # what was typed stays
    assert f'name="version" value="{form2["version"]}"' in page  # still stale: only a reload saves
    assert _state(item) == after_first  # nothing changed, no audit event

    # Stale and invalid at once: the conflict is what is reported.
    assert second.post(url, {**form2, "title": ""}).status_code == 409
    assert _state(item) == after_first

    # After a reload he sees the first editor's title and may save over it knowingly.
    form2 = _open_edit(second, item)
    assert form2["title"] == "第一位编辑改的标题"
    assert second.post(url, {**form2, "summary": "第二位的概述"}).status_code == 302
    assert Item.objects.get(pk=item.pk).summary == "第二位的概述"


@pytest.mark.parametrize("version", [None, "", "x", "-1", "1e3"])
def test_a_save_without_a_valid_version_is_refused(editors, make_item, version):
    item = make_item()
    first, _ = editors
    form = _open_edit(first, item)
    if version is None:
        del form["version"]
    else:
        form["version"] = version
    before = _state(item)
    response = first.post(reverse("publications:edit", args=[item.pk]), {**form, "title": "改了"})
    assert response.status_code == 400
    assert response.content.decode().count(views.STALE_EDIT) == 2
    assert _state(item) == before


def test_every_change_of_the_item_counts(editors, make_item, staff):
    """Not only edits: a submission (or a masking, an attachment) makes an open edit form stale,
    so an editor cannot silently pull an item back out of review."""
    item = make_item(body="联系电话 13903150001")
    first, _ = editors
    form = _open_edit(first, item)
    actions.submit_item(item, acting_user=staff["clerk"])
    hit = item.pii_hits.get()
    actions.mask_pii(hit, acting_user=staff["clerk"])  # back to 草稿, text changed
    actions.add_attachment(item, acting_user=staff["clerk"], name="a.png", data=b"\x89PNG\r\n\x1a\n0000")
    assert Item.objects.get(pk=item.pk).version == item.version + 3
    before = _state(item)
    response = first.post(reverse("publications:edit", args=[item.pk]), {**form, "title": "改了"})
    assert response.status_code == 409 and _state(item) == before


def test_update_item_checks_the_version_under_the_lock(make_item, staff):
    item = make_item()
    actions.update_item(item, acting_user=staff["clerk"], expected_version=item.version, title="一")
    events = AuditEvent.objects.count()
    with pytest.raises(actions.ConflictError, match="请刷新后重新编辑"):
        actions.update_item(item, acting_user=staff["clerk"], expected_version=item.version, title="二")
    fresh = Item.objects.get(pk=item.pk)
    assert fresh.title == "一" and fresh.version == item.version + 1
    assert AuditEvent.objects.count() == events
