"""Staff of agency A can neither see nor change agency B's data through any page."""

import pytest
from django.urls import get_resolver, reverse

from gongkai.audit.models import AuditEvent
from gongkai.orgs.models import Agency, User


def _pk_routes() -> list[str]:
    """Every back-office URL name that takes an object's primary key."""
    names = []
    for namespace in ("orgs", "core", "audit"):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            if "<int:pk>" in str(pattern.pattern):
                names.append((f"{namespace}:{pattern.name}", str(pattern.pattern).startswith("staff/")))
    return names


PK_ROUTES = _pk_routes()


def test_the_route_list_is_not_empty():
    names = {name for name, _ in PK_ROUTES}
    assert {
        "orgs:agency_detail",
        "orgs:agency_edit",
        "orgs:staff_create",
        "orgs:staff_edit",
        "orgs:staff_unlock",
    } <= names


@pytest.mark.parametrize(("route", "takes_staff"), PK_ROUTES)
@pytest.mark.parametrize(
    "roles", [("agency_admin", "clerk", "reviewer", "secrecy", "leader"), ("sysadmin",), ("auditor",)]
)
def test_agency_a_staff_get_404_for_agency_b(client, zone, make_staff, route, takes_staff, roles):
    intruder = make_staff("intruder", "a", *roles)
    victim = make_staff("victim", "b", "clerk")
    target = victim.pk if takes_staff else zone["b"].pk
    client.force_login(intruder)
    before = (Agency.objects.get(pk=zone["b"].pk).phone, User.objects.get(pk=victim.pk).is_active)
    events = AuditEvent.objects.count()
    url = reverse(route, args=[target])
    for response in (
        client.get(url),
        client.post(
            url,
            {
                "phone": "1",
                "active": "0",
                "roles": ["sysadmin"],
                "new_password": "X-y-z-1234567",
                "confirm": "X-y-z-1234567",
            },
        ),
    ):
        assert response.status_code in (404, 405), (route, response.status_code)
    assert (Agency.objects.get(pk=zone["b"].pk).phone, User.objects.get(pk=victim.pk).is_active) == before
    assert User.objects.get(pk=victim.pk).role_set == {"clerk"}
    assert AuditEvent.objects.count() == events  # nothing was recorded, because nothing changed


def test_supervisor_reads_subordinates_but_cannot_edit(client, zone, make_staff):
    supervisor = make_staff("sup", "top", "reviewer")
    client.force_login(supervisor)
    assert client.get(reverse("orgs:agency_detail", args=[zone["a"].pk])).status_code == 200
    assert client.get(reverse("orgs:agency_edit", args=[zone["a"].pk])).status_code == 403
    assert client.post(reverse("orgs:agency_edit", args=[zone["a"].pk]), {"phone": "1"}).status_code == 403


def test_agency_list_shows_only_the_subtree(client, zone, make_staff):
    client.force_login(make_staff("clerk", "a", "clerk"))
    page = client.get(reverse("orgs:agency_list")).content.decode()
    assert f'href="/staff/agencies/{zone["a"].pk}/"' in page
    assert f'href="/staff/agencies/{zone["b"].pk}/"' not in page and zone["b"].name not in page
    assert f'href="/staff/agencies/{zone["top"].pk}/"' not in page
