from django.urls import reverse

from gongkai.orgs.models import User
from tests.conftest import PASSWORD


def test_agency_admin_creates_an_account_with_roles(client, zone, make_staff):
    client.force_login(make_staff("admin", "a", "agency_admin"))
    response = client.post(
        reverse("orgs:staff_create", args=[zone["a"].pk]),
        {"username": "newclerk", "full_name": "新经办", "password": PASSWORD, "roles": ["clerk", "reviewer"]},
    )
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert user.agency == zone["a"] and user.role_set == {"clerk", "reviewer"}


def test_weak_password_is_refused_in_the_form(client, zone, make_staff):
    client.force_login(make_staff("admin", "a", "agency_admin"))
    response = client.post(
        reverse("orgs:staff_create", args=[zone["a"].pk]),
        {"username": "weak", "full_name": "弱", "password": "short", "roles": ["clerk"]},
    )
    assert "密码太短" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_sysadmin_creates_a_child_agency(client, zone, make_staff):
    from gongkai.core.validators import credit_code_check_char, org_code_check_char

    client.force_login(make_staff("sys", "top", "sysadmin"))
    org = "20000001" + org_code_check_char("20000001")
    code = "11130200" + org
    response = client.post(
        reverse("orgs:agency_create"),
        {
            "parent": zone["top"].pk,
            "name": "测试高新区应急管理局",
            "short_name": "应急管理局",
            "slug": "yjglj",
            "credit_code": code + credit_code_check_char(code),
            "level": "county",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    child = zone["top"].children.get(slug="yjglj")
    assert child.path == f"{zone['top'].path}{child.pk}/"


def test_deactivated_account_cannot_log_in(client, zone, make_staff):
    admin = make_staff("admin", "a", "agency_admin")
    clerk = make_staff("clerk", "a", "clerk")
    client.force_login(admin)
    client.post(reverse("orgs:staff_active", args=[clerk.pk]), {"active": "0"})
    client.logout()
    response = client.post(reverse("orgs:login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()
