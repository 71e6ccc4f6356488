"""Backup and restore of the database and the media files, the same on SQLite and PostgreSQL.

A backup is one `.tar` file holding
- `data.gkjson`: Django's `dumpdata` (JSON, times to the microsecond) of every application
  model with its primary keys, references to content types by natural key (content types and
  permissions are rebuilt by `migrate`; the job
  schedules are kept, the job queue's rows are transient);
- `media/…`: every file under MEDIA_ROOT;
- `manifest.json`: the format, the time, the vendor, row counts per model, the file list with
  SHA-256 and the audit chain's head, checked again after a restore.

A restore needs a migrated, *empty* database (or `--replace`: everything in it is deleted first),
loads the data in one transaction, resets the sequences, replaces MEDIA_ROOT by the saved files
and then verifies the counts, every file's hash and the audit chain.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "gongkai.backup/1"
DATA = "data.gkjson"  # Django's JSON with full-precision times (backup_json)
# Rebuilt by migrate (content types, permissions), transient (sessions, the job queue), or both.
EXCLUDED_APPS = ("contenttypes", "auth", "sessions", "django_q", "admin")


class BackupError(RuntimeError):
    pass


def _register() -> None:
    if "gkjson" not in serializers.get_serializer_formats():
        serializers.register_serializer("gkjson", "gongkai.core.backup_json")


# The job schedules are data (some made by data migrations): kept, unlike the queue itself.
INCLUDED_MODELS = ("django_q.Schedule",)


def _models():
    for model in apps.get_models():
        meta = model._meta
        if meta.label not in INCLUDED_MODELS and meta.app_label in EXCLUDED_APPS:
            continue
        if meta.proxy or not meta.managed:
            continue
        yield model


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in _models()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _audit_head() -> dict[str, object]:
    from gongkai.audit import trail

    result = trail.verify()
    if not result.ok:
        raise BackupError(f"审计链校验失败（第一个异常事件 #{result.bad_seq}：{result.problem}），拒绝备份")
    return {"checked": result.checked, "head_seq": result.head_seq, "head_hash": result.head_hash}


def create(target: Path) -> dict:
    """Write a backup to `target` (a .tar file); return its manifest."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    labels = sorted({m._meta.app_label for m in _models() if m._meta.app_label != "django_q"})
    labels += list(INCLUDED_MODELS)
    with tempfile.TemporaryDirectory() as tmp:
        _register()
        data = Path(tmp) / DATA
        # One repeatable-read snapshot on PostgreSQL, so the counts match the dump.
        outer = connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and not outer:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            counts = _counts()
            audit = _audit_head()
            call_command(
                "dumpdata",
                *labels,
                natural_foreign=True,
                # Primary keys are kept (the audit hash covers actor and agency ids); only the
                # references to content types use natural keys, as their ids differ per database.
                format="gkjson",
                output=str(data),
                verbosity=0,
            )
        files = _media_files(media)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "counts": counts,
            "files": files,
            "audit": audit,
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
            tar.add(data, arcname=DATA)
            for name in files:
                tar.add(media / name, arcname=f"media/{name}", recursive=False)
        partial.replace(target)
    return manifest


@dataclass
class Restored:
    manifest: dict
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"备份文件中有不安全的条目：{member.name}")
        members.append(member)
    return members


def _has_data() -> bool:
    """Anything beyond what `migrate` seeds: staff accounts or audit events."""
    from gongkai.audit.models import AuditEvent
    from gongkai.orgs.models import User

    return User.objects.exists() or AuditEvent.objects.exists()


def _wipe() -> None:
    """Delete every row of the backed-up models (and the transient ones), children first."""
    from django.contrib.contenttypes.models import ContentType

    deferred = connection.vendor == "postgresql" and connection.in_atomic_block
    if deferred:  # inside a transaction (tests): run pending FK checks, or TRUNCATE refuses
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if deferred:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()


def restore(source: Path, *, replace: bool = False) -> Restored:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"找不到备份文件：{source}")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(source, "r") as tar:
        members = _safe_members(tar)
        tar.extractall(tmp, members=members, filter="data")
        root = Path(tmp)
        try:
            manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BackupError("备份文件缺少 manifest.json 或其内容无法读取") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"不支持的备份格式：{manifest.get('format')!r}")
        for name, digest in manifest["files"].items():
            path = root / "media" / name
            if not path.is_file() or _sha256(path) != digest:
                raise BackupError(f"备份中的文件缺失或已损坏：{name}")
        if _has_data() and not replace:
            raise BackupError(
                "数据库中已有数据：请在新建并完成迁移的数据库上恢复，或加 --replace 覆盖现有数据"
            )
        # Empty every table (what migrations seeded, e.g. the calendar, comes back from the backup);
        # post_migrate re-creates content types, permissions and the job schedules.
        _wipe()
        _register()
        with transaction.atomic():
            # post_migrate re-made some schedules during the flush: the backup's own replace them.
            apps.get_model("django_q", "Schedule").objects.all().delete()
            call_command("loaddata", str(root / DATA), verbosity=0)
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            for child in media.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        media.mkdir(parents=True, exist_ok=True)
        saved = root / "media"
        if saved.exists():
            shutil.copytree(saved, media, dirs_exist_ok=True)
    return check(manifest)


def check(manifest: dict) -> Restored:
    """After a restore: the same rows per model, the same files, an intact audit chain."""
    counts = _counts()
    wrong = {
        label: (expected, counts.get(label, 0))
        for label, expected in manifest["counts"].items()
        if counts.get(label, 0) != expected
    }
    if wrong:
        details = "；".join(f"{label} 应为 {a} 条，实际 {b} 条" for label, (a, b) in sorted(wrong.items()))
        raise BackupError(f"恢复后的记录数与备份不符：{details}")
    files = _media_files(Path(settings.MEDIA_ROOT))
    missing = [name for name, digest in manifest["files"].items() if files.get(name) != digest]
    if missing:
        raise BackupError(f"恢复后的文件缺失或内容不符：{'、'.join(missing[:5])}")
    audit = _audit_head()
    if audit["head_hash"] != manifest["audit"]["head_hash"]:
        raise BackupError("恢复后的审计链链头与备份时不一致")
    return Restored(manifest, counts, len(files))
