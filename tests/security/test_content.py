"""User-supplied text is shown inert; uploaded HTML, SVG and executables are refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.applications.factories import TODAY, applicant
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
DANGEROUS = [
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ("fake.pdf", b"<html><script>alert(1)</script></html>"),  # the extension lies: the signature tells
]


@pytest.fixture
def clerk(make_staff, seeded_calendar, monkeypatch, settings, tmp_path):
    from gongkai.applications import actions

    monkeypatch.setattr(actions, "today", lambda: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_staff("clerk-a", "a", "clerk")


def test_script_in_a_case_and_an_item_is_inert(clerk, client):
    from gongkai.applications import actions
    from gongkai.publications import actions as pub

    case, _code = actions.register(
        acting_user=clerk,
        agency=clerk.agency,
        data=applicant(info_title="信息" + SCRIPT, info_description=SCRIPT),
        channel="in_person",
        submitted_on=date(2026, 11, 20),
    )
    item = pub.create_item(
        acting_user=clerk,
        agency=clerk.agency,
        title="通知" + SCRIPT,
        summary=SCRIPT,
        publisher="测试高新区行政审批局",
        formed_on=date(2026, 11, 20),
        category="20.1",
    )
    assert client.login(username="clerk-a", password=PASSWORD)
    for url in (f"/staff/applications/{case.pk}/", f"/staff/publications/{item.pk}/", "/staff/applications/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url


@pytest.mark.parametrize(("name", "content"), DANGEROUS)
def test_dangerous_uploads_are_refused(name, content, clerk):
    from gongkai.applications.forms import AttachmentsField
    from gongkai.publications import actions as pub

    with pytest.raises(ValidationError):
        AttachmentsField().clean([SimpleUploadedFile(name, content)])
    item = pub.create_item(
        acting_user=clerk,
        agency=clerk.agency,
        title="附件测试",
        publisher="测试高新区行政审批局",
        formed_on=date(2026, 11, 20),
        category="20.1",
    )
    with pytest.raises(ValidationError):
        pub.add_attachment(item, acting_user=clerk, name=name, data=content)
