from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from tests.conftest import PASSWORD


def login(client, username, password):
    return client.post(reverse("orgs:login"), {"username": username, "password": password})


def test_login_and_logout_are_audited(client, make_staff):
    make_staff("clerk", "a", "clerk")
    response = login(client, "clerk", PASSWORD)
    assert response.status_code == 302
    client.post(reverse("orgs:logout"))
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["auth.login", "auth.logout"]


def test_fifth_failure_locks_and_sixth_attempt_is_refused_even_with_the_right_password(client, make_staff):
    user = make_staff("clerk", "a", "clerk")
    for attempt in range(1, 5):
        response = login(client, "clerk", "wrong-password")
        assert "用户名或密码错误" in response.content.decode(), attempt
    response = login(client, "clerk", "wrong-password")
    assert "账户已锁定" in response.content.decode()
    response = login(client, "clerk", PASSWORD)
    assert response.status_code == 200 and "账户已锁定" in response.content.decode()
    user.refresh_from_db()
    assert user.is_locked() and user.failed_logins == 5
    actions = list(AuditEvent.objects.filter(actor_name="clerk").values_list("action", flat=True))
    assert actions.count("auth.login_failed") == 5
    assert "auth.lockout" in actions and "auth.login_refused_locked" in actions


def test_lock_expires_after_the_configured_time(client, make_staff):
    user = make_staff("clerk", "a", "clerk")
    user.failed_logins = 5
    user.locked_until = timezone.now() - timedelta(seconds=1)
    user.save()
    assert login(client, "clerk", PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.failed_logins == 0 and user.locked_until is None


def test_unknown_user_failure_is_audited_without_the_password(client, db):
    login(client, "nobody", "Secret-Guess-123")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor_name == "nobody" and event.result == "failure"
    assert "Secret-Guess-123" not in str(event.detail)


def test_agency_admin_unlocks(client, make_staff):
    user = make_staff("clerk", "a", "clerk")
    make_staff("admin", "a", "agency_admin")
    for _ in range(5):
        login(client, "clerk", "wrong-password")
    login(client, "admin", PASSWORD)
    client.post(reverse("orgs:staff_unlock", args=[user.pk]))
    user.refresh_from_db()
    assert not user.is_locked()
    assert AuditEvent.objects.filter(action="auth.unlock", object_id=str(user.pk)).exists()


def test_idle_timeout_and_cookie_flags():
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.GONGKAI_LOCKOUT_THRESHOLD == 5
    assert settings.LANGUAGE_CODE == "zh-hans" and settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ
    assert not settings.DEBUG and settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE


def test_security_headers(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url_name", ["orgs:home", "orgs:agency_list", "audit:list", "core:calendar"])
def test_back_office_requires_login(client, db, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and reverse("orgs:login") in response["Location"]


def test_own_password_change_checks_the_old_one(client, make_staff):
    user = make_staff("clerk", "a", "clerk")
    client.force_login(user)
    new = "Another-Password-2027"
    response = client.post(
        reverse("orgs:password"), {"old_password": "nope", "new_password": new, "confirm": new}
    )
    assert "原密码不正确" in response.content.decode()
    client.post(reverse("orgs:password"), {"old_password": PASSWORD, "new_password": new, "confirm": new})
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEvent.objects.filter(action="auth.password_change").exists()
