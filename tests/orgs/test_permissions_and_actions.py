import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from gongkai.audit.models import AuditEvent
from gongkai.orgs import actions
from gongkai.orgs.models import Agency, User
from gongkai.orgs.permissions import get_visible_or_404, has_perm, scope_queryset, visible_agencies


def test_agency_path_makes_subtrees(zone):
    top, a, b = zone["top"], zone["a"], zone["b"]
    assert a.path == f"{top.path}{a.pk}/"
    assert set(Agency.objects.subtree_of(top)) == {top, a, b}
    assert set(Agency.objects.subtree_of(a)) == {a}


def test_supervising_office_sees_its_subtree_read_only(zone, make_staff):
    supervisor = make_staff("sup", "top", "reviewer")
    assert set(visible_agencies(supervisor)) == {zone["top"], zone["a"], zone["b"]}
    assert not has_perm(supervisor, "orgs.change_agency", zone["a"])
    with pytest.raises(PermissionDenied):
        actions.update_agency(zone["a"], acting_user=supervisor, phone="1")


def test_staff_see_only_their_agency(zone, make_staff):
    clerk = make_staff("clerk", "a", "clerk")
    assert list(visible_agencies(clerk)) == [zone["a"]]
    assert list(scope_queryset(User.objects.all(), clerk)) == [clerk]
    with pytest.raises(Http404):
        get_visible_or_404(Agency.objects.all(), clerk, None, pk=zone["b"].pk)


def test_agency_admin_edits_own_agency_only_and_it_is_audited(zone, make_staff):
    admin = make_staff("admin", "a", "agency_admin")
    actions.update_agency(zone["a"], acting_user=admin, phone="0315-9999999")
    event = AuditEvent.objects.filter(action="orgs.update_agency").latest("seq")
    assert event.actor == admin and event.agency == zone["a"]
    assert event.detail["changes"]["phone"] == ["0315-1234567", "0315-9999999"]
    with pytest.raises(PermissionDenied):
        actions.update_agency(zone["b"], acting_user=admin, phone="1")


def test_sysadmin_reaches_the_subtree(zone, make_staff):
    sysadmin = make_staff("sys", "top", "sysadmin")
    assert has_perm(sysadmin, "orgs.change_agency", zone["b"])
    assert has_perm(sysadmin, "orgs.add_agency", zone["top"])
    assert has_perm(sysadmin, "core.change_calendar")
    assert not has_perm(sysadmin, "audit.view", zone["top"])


def test_bad_credit_code_is_refused_and_nothing_is_written(zone):
    count = Agency.objects.count()
    with pytest.raises(ValidationError) as exc:
        actions.create_agency(
            acting_user=None,
            parent=zone["top"],
            name="错误机关",
            short_name="错误",
            slug="bad",
            credit_code="11130200000910012X",
            level="county",
        )
    assert "校验码" in str(exc.value)
    assert Agency.objects.count() == count
    assert not AuditEvent.objects.filter(detail__name="错误机关").exists()


def test_sysadmin_and_auditor_roles_are_separated(zone, make_staff):
    with pytest.raises(ValidationError, match="三员分立"):
        make_staff("both", "top", "sysadmin", "auditor")
    admin = make_staff("admin", "top", "agency_admin")
    auditor = make_staff("aud", "top", "auditor")
    with pytest.raises(ValidationError):
        actions.set_staff_roles(auditor, ["auditor", "sysadmin"], acting_user=admin)
    assert auditor.role_set == {"auditor"}


@translation.override("zh-hans")
def test_password_policy(zone):
    for weak, reason in [("Short-1", "太短"), ("alllowercaseletters", "三类")]:
        with pytest.raises(ValidationError) as exc:
            actions.create_staff(
                acting_user=None, agency=zone["a"], username="w", full_name="w", password=weak, roles=[]
            )
        assert reason in " ".join(exc.value.messages)


def test_roles_change_is_audited_with_before_and_after(zone, make_staff):
    admin = make_staff("admin", "a", "agency_admin")
    clerk = make_staff("clerk", "a", "clerk")
    actions.set_staff_roles(clerk, ["clerk", "reviewer"], acting_user=admin)
    clerk.refresh_from_db()
    assert User.objects.get(pk=clerk.pk).role_set == {"clerk", "reviewer"}
    event = AuditEvent.objects.filter(action="orgs.set_roles").latest("seq")
    assert event.detail == {"before": ["clerk"], "after": ["clerk", "reviewer"]}
