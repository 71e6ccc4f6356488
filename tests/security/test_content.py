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
    # The action checks too, whoever calls it; the case is not created either (all or nothing).
    from gongkai.applications import actions as case_actions
    from gongkai.applications.models import Application, Attachment

    with pytest.raises(ValidationError, match=r"附件|格式"):
        case_actions.submit_online(
            agency=clerk.agency, data=applicant(), attachments=[SimpleUploadedFile(name, content)]
        )
    assert not Application.objects.exists() and not Attachment.objects.exists()
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


# --- Every upload entry point, and what it does with HTML, SVG and programs ------------------------
#
# Stored and served back (always as attachments, tests/security/test_downloads.py): an application's
# attachments, a catalog item's attachments, a 样表 — each refused unless its extension is allowed
# and its first bytes are that type's signature. Stored, never served: a 双公示 import (.csv text or
# an .xlsx workbook, checked by content) and imported annual reports (HTML accepted by design: the
# published reports are web pages; the engine parses them and staff see only its escaped rendering).
# Parsed in memory, never stored: the catalog and service-item imports, the public report check.

UPLOAD_ENTRY_POINTS = {
    ("gongkai.applications.forms", "PublicApplicationForm", "attachments"): "扩展名 + 文件头",
    ("gongkai.applications.forms", "RegisterForm", "attachments"): "扩展名 + 文件头",
    ("gongkai.publications.forms", "AttachmentForm", "file"): "check_attachment：扩展名 + 文件头",
    ("gongkai.publications.forms", "ImportForm", "file"): ".csv/.xlsx，内存中解析，不保存",
    ("gongkai.service_items.forms", "SampleForm", "file"): "check_attachment：扩展名 + 文件头",
    ("gongkai.service_items.forms", "ImportForm", "file"): ".xlsx，内存中解析，不保存",
    ("gongkai.credit.forms", "ImportForm", "file"): ".csv 文本 / .xlsx 工作簿，保存但从不回传",
    ("gongkai.reports.forms", "ImportForm", "files"): "报告文件（含 HTML，按设计），保存但从不回传",
    ("gongkai.api.api", "credit_import", "file"): "同 credit ImportForm（create_import_job）",
    ("gongkai.api.api", "public_report_check", "file"): "内存中解析，只回答 JSON",
}
ACTIVE_CONTENT = [
    ("page.csv", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    ("image.csv", b'\xef\xbb\xbf  <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("setup.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
    ("page.xlsx", b"<html><script>alert(1)</script></html>"),
]


def test_every_upload_entry_point_is_known():
    """Every file field of every form, and every API parameter taking a file, is in the list above."""
    import ast
    import importlib
    import inspect
    import pkgutil
    from pathlib import Path

    from django import forms

    import gongkai

    found = set()
    for info in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if not info.name.endswith(".forms"):
            continue
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name and issubclass(cls, forms.BaseForm):
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.FileField):
                        found.add((info.name, name, field_name))
    api_source = Path(gongkai.__file__).parent / "api" / "api.py"
    for node in ast.walk(ast.parse(api_source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for arg in node.args.args:
                if arg.annotation is not None and "UploadedFile" in ast.unparse(arg.annotation):
                    found.add(("gongkai.api.api", node.name, arg.arg))
    assert found == set(UPLOAD_ENTRY_POINTS)


def test_the_complaints_channel_takes_no_files():
    from django import forms

    from gongkai.complaints import forms as complaint_forms

    for cls in (complaint_forms.PublicComplaintForm, complaint_forms.RegisterForm):
        assert not any(isinstance(f, forms.FileField) for f in cls.base_fields.values())


@pytest.mark.parametrize(("name", "content"), DANGEROUS)
def test_the_public_apply_form_refuses_them(name, content, clerk, client, settings):
    import time

    from django.core import signing

    from gongkai.applications import antibot
    from gongkai.applications.models import Application

    token = signing.dumps({"t": time.time() - 60}, salt=antibot.SALT)
    response = client.post(
        "/gk/bureau-a/apply/",
        {
            **applicant(),
            "consent": "on",
            "token": token,
            "website": "",
            "attachments": [SimpleUploadedFile(name, content)],
        },
    )
    assert response.status_code == 400 and "附件" in response.content.decode()
    assert not Application.objects.exists()
    assert not any(p.is_file() for p in (settings.MEDIA_ROOT).rglob("*"))


@pytest.mark.parametrize(("name", "content"), DANGEROUS)
def test_samples_refuse_them(name, content, clerk):
    from gongkai.service_items import actions
    from tests.portal import data

    item = actions.create_item(
        acting_user=clerk,
        agency=clerk.agency,
        code="11130200A4000117001",
        name="食品经营许可",
        **data.SERVICE_FIELDS,
    )
    material = actions.add_material(
        item, acting_user=clerk, name="申请书", copies=1, medium="either", required=True
    )
    with pytest.raises(ValidationError):
        actions.attach_sample(material, acting_user=clerk, name=name, data=content)


@pytest.fixture
def licensing(db):
    from importlib import import_module

    from django.apps import apps

    from gongkai.credit.models import RecordSet

    if RecordSet.objects.filter(key__in=("xk", "cf", "qz")).count() < 3:
        import_module("gongkai.credit.migrations.0002_builtin_sets_search_schedule").seed(apps, None)
    return RecordSet.objects.get(key="xk")


@pytest.mark.parametrize(("name", "content"), DANGEROUS + ACTIVE_CONTENT)
def test_credit_imports_refuse_them_on_every_path(name, content, clerk, licensing, client, settings):
    """The staff page, the action behind it (and the CLI) and the API: by name and by content."""
    import io

    from gongkai.api import actions as token_actions
    from gongkai.credit import actions
    from gongkai.credit.models import ImportJob

    with pytest.raises(ValidationError):
        actions.create_import_job(
            acting_user=clerk,
            agency=clerk.agency,
            record_set=licensing,
            file_name=name,
            source=io.BytesIO(content),
        )
    assert client.login(username="clerk-a", password=PASSWORD)
    page = client.post(
        "/staff/credit/import/", {"record_set": licensing.pk, "file": SimpleUploadedFile(name, content)}
    )
    assert page.status_code == 200  # the form again, with the reason; no job
    assert any(reason in page.content.decode() for reason in ("只支持", "已拒绝", "不是 Excel"))
    _t, token = token_actions.create_token(acting_user=clerk, name="上传测试")
    api = client.post(
        f"/api/v1/credit/imports?record_set={licensing.pk}",
        {"file": SimpleUploadedFile(name, content)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 400, api.content
    assert not ImportJob.objects.exists()
    assert not any(p.is_file() for p in (settings.MEDIA_ROOT / "credit").rglob("*"))


def test_a_text_csv_is_still_taken(clerk, licensing):
    import io

    from gongkai.credit import actions

    job = actions.create_import_job(
        acting_user=clerk,
        agency=clerk.agency,
        record_set=licensing,
        file_name="许可.csv",
        source=io.BytesIO("\ufeffXK_XDR_MC,XK_WSH\n甲公司,〔2026〕1号\n".encode()),
    )
    assert job.pk and job.file_size > 0


@pytest.mark.parametrize(("name", "content"), DANGEROUS + ACTIVE_CONTENT)
def test_catalog_and_service_item_imports_refuse_or_only_parse_them(name, content):
    """Parsed in memory, never stored: a wrong name is refused, a workbook that is not one too; a
    .csv is read as text (its "rows" then fail validation like any wrong header)."""
    from gongkai.publications import imports as catalog
    from gongkai.service_items import imports as service_items

    with pytest.raises(service_items.ImportFileError):
        service_items.read_workbook(name, content)
    if name.endswith(".csv"):
        try:
            rows = catalog.read_table(name, content)
        except catalog.ImportFileError:
            return  # not text in UTF-8 or GBK: refused
        assert all(isinstance(cell, str) for row in rows for cell in row)
    else:
        with pytest.raises(catalog.ImportFileError):
            catalog.read_table(name, content)


def test_imported_reports_take_html_by_design_and_show_it_only_escaped(
    zone, make_staff, client, settings, tmp_path
):
    """Published annual reports are web pages, so HTML is imported; the file is stored but never
    served (no URL reaches it), and staff see only the engine's rendering of what it read, escaped.
    SVG and programs are refused by name."""
    from gongkai.reports import actions, jobs
    from gongkai.reports.choices import ImportState
    from gongkai.reports.models import ImportedReport
    from tests.reports.test_imports import report_text

    settings.MEDIA_ROOT = tmp_path / "media"
    office = make_staff("office", "top", "agency_admin", "reviewer")
    for name, content in DANGEROUS[1:3]:
        with pytest.raises(ValidationError):
            actions.import_reports([(name, content)], acting_user=office, external_name="某乡人民政府")
    text = report_text("某乡人民政府").decode("utf-8")
    text = text.replace("无。", "无。&lt;script&gt;alert(1)&lt;/script&gt;", 1)
    page = (
        "<html><head><script>alert(1)</script></head><body><pre>"
        + text
        + '</pre><img src=x onerror="alert(2)"></body></html>'
    )
    (item,) = actions.import_reports(
        [("年报.html", page.encode("utf-8"))], acting_user=office, external_name="某乡人民政府"
    )
    jobs.process_import(item.pk)
    item = ImportedReport.objects.get(pk=item.pk)
    assert item.state == ImportState.DONE, item.problem
    assert client.login(username="office", password=PASSWORD)
    shown = client.get(f"/staff/reports/imports/{item.pk}/").content.decode()
    assert "<script>alert" not in shown and "<img src=x" not in shown  # shown as text, if at all
    assert "/media/" not in shown and item.file_path not in shown


def test_the_public_report_check_answers_json_only(client, zone):
    html = b"<html><body><script>alert(1)</script><p>2025\xe5\xb9\xb4</p></body></html>"
    response = client.post(
        "/api/v1/public/annual-reports/check", {"file": SimpleUploadedFile("r.html", html)}
    )
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("application/json")
    assert response.get("Content-Disposition") is None and response["X-Content-Type-Options"] == "nosniff"
    for name, content in DANGEROUS[1:3]:
        refused = client.post(
            "/api/v1/public/annual-reports/check", {"file": SimpleUploadedFile(name, content)}
        )
        assert refused.status_code == 400 and refused["Content-Type"].startswith("application/json")
