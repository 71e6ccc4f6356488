"""`gongkai backup` / `gongkai restore`: back up, wipe, restore, and find everything intact."""

from __future__ import annotations

import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django_q.models import Schedule

from gongkai.applications.models import Application, Attachment
from gongkai.audit import trail
from gongkai.audit.models import AuditEvent
from gongkai.core import backup
from gongkai.orgs.models import Agency, User
from tests.applications.factories import ID_NUMBER, TODAY, applicant
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    from gongkai.applications import actions

    monkeypatch.setattr(actions, "today", lambda: TODAY)
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def filled(make_staff, seeded_calendar, zone):
    from gongkai.applications import actions
    from gongkai.publications import actions as pub

    clerk = make_staff("clerk-a", "a", "clerk")
    make_staff("auditor-top", "top", "auditor")
    case, _code = actions.register(
        acting_user=clerk,
        agency=zone["a"],
        data=applicant(),
        channel="in_person",
        submitted_on=date(2026, 11, 20),
        attachments=[SimpleUploadedFile("身份证明.pdf", b"%PDF-1.4 test attachment", "application/pdf")],
    )
    actions.add_note(case, acting_user=clerk, text="已电话联系申请人")
    pub.create_item(
        acting_user=clerk,
        agency=zone["a"],
        title="关于做好2026年度政务公开工作的通知",
        publisher="测试高新区行政审批局",
        formed_on=date(2026, 11, 20),
        category="20.1",
    )
    return {"clerk": clerk, "case": case}


def test_backup_wipe_restore_finds_everything(filled, tmp_path, settings, client):
    counts_before = backup._counts()
    schedules = set(Schedule.objects.values_list("name", flat=True))
    assert "applications.daily_notices" in schedules  # made by a data migration, not post_migrate
    head_before = trail.verify().head_hash
    attachment = Attachment.objects.get()
    content = Path(attachment.file.path).read_bytes()
    target = tmp_path / "backups" / "gongkai.tar"

    call_command("backup", str(target))
    with tarfile.open(target) as tar:
        names = tar.getnames()
    assert "data.gkjson" in names and "manifest.json" in names
    assert f"media/{attachment.file.name}" in names

    # Wipe: every table emptied, the media folder gone.
    backup._wipe()
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not User.objects.exists() and not AuditEvent.objects.exists()

    call_command("restore", str(target))
    assert backup._counts() == counts_before
    case = Application.objects.get(pk=filled["case"].pk)
    assert case.id_number == ID_NUMBER and case.agency.slug == "bureau-a"
    assert Path(Attachment.objects.get().file.path).read_bytes() == content
    result = trail.verify()
    assert result.ok and result.head_hash == head_before
    assert set(Schedule.objects.values_list("name", flat=True)) == schedules
    call_command("audit", "verify")  # the command the operator runs after a restore
    assert client.login(username="clerk-a", password=PASSWORD)
    assert Agency.objects.get(slug="bureau-a").is_within(Agency.objects.get(slug="top"))


def test_restore_refuses_a_database_with_data_unless_replace(filled, tmp_path):
    target = tmp_path / "b.tar"
    call_command("backup", str(target))
    with pytest.raises(CommandError, match="已有数据"):
        call_command("restore", str(target))
    call_command("restore", str(target), "--replace")
    assert trail.verify().ok


def test_restore_refuses_a_damaged_backup(filled, tmp_path):
    target = tmp_path / "b.tar"
    call_command("backup", str(target))
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(target) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data + b"tampered"
            member.size = len(data)
            import io

            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="缺失或已损坏"):
        call_command("restore", str(damaged), "--replace")
    assert Application.objects.count() == 1  # nothing was touched
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "none.tar"))


def test_backup_refuses_a_broken_audit_chain(filled, tmp_path):
    AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("seq").first().pk).update(action="tampered")
    with pytest.raises(CommandError, match="审计链校验失败"):
        call_command("backup", str(tmp_path / "b.tar"))
