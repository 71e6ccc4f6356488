"""The public page cache: hits for anonymous GETs, never for forms, sessions or cookies, and a change
(publish, withdraw, service items, 双公示, agency settings) shows at once through the version bump."""

from __future__ import annotations

import pytest

from gongkai.portal import cache as portal_cache
from tests.portal import data

HEADER = portal_cache.HEADER


@pytest.fixture
def cached(db):
    """Start the cache (the first change creates the version row)."""
    portal_cache.bump()


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response, response.content.decode()


def test_anonymous_pages_are_cached_and_stay_correct(
    client, zone, staff, cached, django_capture_on_commit_callbacks
):
    first, page = get(client, "/gk/bureau-a/")
    assert first[HEADER] == "miss"
    again, cached_page = get(client, "/gk/bureau-a/")
    assert again[HEADER] == "hit" and cached_page == page
    assert "Content-Security-Policy" in again  # the middlewares still run on a hit
    with django_capture_on_commit_callbacks(execute=True):
        item = data.published_item(zone["a"], staff["clerk"], staff["leader"], "刚刚发布的信息")
    response, page = get(client, "/gk/bureau-a/")
    assert response[HEADER] == "miss" and "刚刚发布的信息" in page
    assert "刚刚发布的信息" in get(client, "/")[1]
    assert get(client, item.get_absolute_url())[0].status_code == 200
    from gongkai.publications import actions

    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_item(item, acting_user=staff["admin"], reason="发布有误，予以撤回")
    assert "刚刚发布的信息" not in get(client, "/gk/bureau-a/")[1]
    assert get(client, item.get_absolute_url())[0].status_code == 410


def test_service_items_bump_the_version(client, zone, staff, cached, django_capture_on_commit_callbacks):
    assert "暂无公开" in get(client, "/gk/bureau-a/services/")[1]
    assert get(client, "/gk/bureau-a/services/")[0][HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        item = data.service_item(
            zone["a"], staff["clerk"], staff["leader"], code="AB0001", name="食品经营许可"
        )
    assert "食品经营许可" in get(client, "/gk/bureau-a/services/")[1]
    from gongkai.service_items import actions

    with django_capture_on_commit_callbacks(execute=True):
        actions.withdraw_item(item, acting_user=staff["leader"], reason="该事项已依法取消")
    assert "食品经营许可" not in get(client, "/gk/bureau-a/services/")[1]


def test_a_rolled_back_change_does_not_bump(zone, staff, cached, django_capture_on_commit_callbacks):
    before = portal_cache.version()
    from django.db import transaction

    from gongkai.service_items import actions

    item = data.service_item(
        zone["a"], staff["clerk"], staff["leader"], code="AB0001", name="x", publish=False
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        actions.submit_item(item, acting_user=staff["clerk"])
        raise RuntimeError
    assert portal_cache.version() == before


def test_credit_and_agency_changes_bump_through_the_audit_trail(
    zone, staff, cached, django_capture_on_commit_callbacks
):
    from gongkai.orgs import actions as org_actions

    before = portal_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        data.licences(zone["a"], "AB0001", 1)
    middle = portal_cache.version()
    assert middle > before
    with django_capture_on_commit_callbacks(execute=True):
        org_actions.update_agency(zone["a"], acting_user=staff["admin"], phone="0315-7777777")
    assert portal_cache.version() > middle
    assert portal_cache.affects_public("reports.publish") and not portal_cache.affects_public("auth.login")


def test_what_is_never_cached(client, zone, staff, cached):
    for url in ("/gk/bureau-a/apply/", "/gk/bureau-a/supervision/complaint/", "/supervision/track/",
                "/search/all/?q=公开", "/gk/bureau-a/services/?q=许可"):  # fmt: skip
        client.get(url)
        assert HEADER not in client.get(url), url
    client.force_login(staff["clerk"])  # a session cookie: staff, or someone tracking a case
    assert HEADER not in client.get("/gk/bureau-a/")
    assert HEADER not in client.get("/gk/bureau-a/")


def test_nothing_is_cached_before_the_first_change_or_when_turned_off(client, zone, settings):
    assert portal_cache.version() is None
    client.get("/gk/bureau-a/")
    assert HEADER not in client.get("/gk/bureau-a/")
    portal_cache.bump()
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 0
    client.get("/gk/bureau-a/")
    assert HEADER not in client.get("/gk/bureau-a/")


def test_the_command_bumps(zone, cached):
    from django.core.management import call_command

    before = portal_cache.version()
    call_command("portal_cache", "bump")
    assert portal_cache.version() == before + 1


def test_renaming_a_topic_shows_at_once(
    client, zone, staff, make_staff, cached, django_capture_on_commit_callbacks
):
    from gongkai.publications import actions
    from gongkai.publications.models import Topic

    topic = Topic.objects.filter(parent__isnull=False).first()
    with django_capture_on_commit_callbacks(execute=True):
        item = data.published_item(zone["a"], staff["clerk"], staff["leader"], "分类测试", topic=topic)
    assert topic.name in get(client, item.get_absolute_url())[1]
    assert get(client, item.get_absolute_url())[0][HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_topic(
            topic, acting_user=make_staff("sys", "top", "sysadmin"), name="改过的分类名", parent=topic.parent
        )
    response, page = get(client, item.get_absolute_url())
    assert response[HEADER] == "miss" and "改过的分类名" in page
