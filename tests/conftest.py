"""Shared fixtures: two agencies with one account per role, the seeded calendar, CI strictness."""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
# The whole run is watched for personal ID numbers in log lines and URLs (tests/privacy_plugin.py).
pytest_plugins = ["tests.privacy_plugin"]
PASSWORD = "Test-Password-2026"


def require_tool(name: str, path: str | None = None) -> str:
    """The path of a tool the test needs. In CI a missing tool fails the test; locally it skips."""
    found = path if path and os.path.exists(path) else shutil.which(name)
    if found:
        return found
    message = f"缺少工具 {name}：请运行 make test（会安装它）"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI nothing may be skipped: turn any skip into a failure."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"CI 中不允许跳过测试：{report.longrepr}"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded_calendar(db):
    """The calendar as the data migration leaves it (transactional tests may have flushed it)."""
    from importlib import import_module

    from django.apps import apps

    from gongkai.core import workdays
    from gongkai.core.models import CalendarYear

    if not CalendarYear.objects.exists():
        import_module("gongkai.core.migrations.0002_seed_calendar").seed(apps, None)
    workdays.invalidate()
    yield
    workdays.invalidate()


def _agency(name: str, slug: str, credit_body: str, parent=None, **extra):
    from gongkai.core.validators import credit_code_check_char, org_code_check_char
    from gongkai.orgs import actions

    org = credit_body + org_code_check_char(credit_body)
    code17 = "11130200" + org
    return actions.create_agency(
        acting_user=None,
        parent=parent,
        name=name,
        short_name=name[-5:],
        slug=slug,
        credit_code=code17 + credit_code_check_char(code17),
        level=extra.pop("level", "county"),
        **extra,
    )


@pytest.fixture
def zone(db):
    """A 管委会 over two bureaus A and B, like the demo and the seed."""
    top = _agency("测试高新区管理委员会", "top", "10000001", is_government=True)
    a = _agency(
        "测试高新区行政审批局",
        "bureau-a",
        "10000002",
        parent=top,
        office_name="行政审批局综合科",
        office_address="测试路 1 号",
        office_hours="工作日 8:30—17:30",
        phone="0315-1234567",
        fax="0315-7654321",
        email="a@example.gov.cn",
        website="https://a.example.gov.cn/",
    )
    b = _agency("测试高新区财政局", "bureau-b", "10000003", parent=top, office_address="测试路 2 号")
    return {"top": top, "a": a, "b": b}


@pytest.fixture
def make_staff(zone):
    from gongkai.orgs import actions

    def make(username: str, agency_key: str, *roles: str):
        return actions.create_staff(
            acting_user=None,
            agency=zone[agency_key],
            username=username,
            full_name=username,
            password=PASSWORD,
            roles=roles,
        )

    return make
