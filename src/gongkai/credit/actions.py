"""Every state change of the credit app: permission check, change and audit in one transaction.

A bulk import is recorded as one audit event with its counts (never one per row). The import's
records, its job's final state and that event commit together; a refused or dry-run import
rolls its records back and then records its outcome in a transaction of its own.
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.audit.models import Result
from gongkai.audit.trail import record
from gongkai.orgs.models import Agency, User
from gongkai.orgs.permissions import require

from . import imports, progress, readers, report
from .choices import JobState, NameMask, SetKind, Status, WithdrawKind
from .models import CreditRecord, CreditSettings, HeaderMapping, ImportJob, RecordSet
from .schema import builtin_names, check_custom_fields, normalize_header, rules


def _media() -> Path:
    return Path(settings.MEDIA_ROOT)


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", Path(name).name)[-80:]
    return stem or "upload"


# --- Imports ------------------------------------------------------------------------------------


@transaction.atomic
def create_import_job(
    *,
    acting_user: User | None,
    agency: Agency,
    record_set: RecordSet,
    file_name: str,
    source: BinaryIO | Path,
    good_rows: bool = False,
    dry_run: bool = False,
) -> ImportJob:
    """Store the uploaded file (never served) and register the job; the caller runs or queues it."""
    if acting_user is not None:
        require(acting_user, "credit.import", agency)
    if record_set.agency_id not in (None, agency.pk):
        raise ValidationError("该数据集不属于本机关")
    suffix = Path(file_name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError("只支持 .csv 或 .xlsx 文件")
    relative = Path("credit") / "imports" / f"{uuid.uuid4().hex}_{_safe_name(file_name)}"
    target = _media() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(source, Path):
        shutil.copyfile(source, target)
    else:
        with open(target, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
    size = target.stat().st_size
    if size > rules()["import_max_bytes"]:
        target.unlink()
        raise ValidationError(f"文件超过 {rules()['import_max_bytes'] // (1 << 20)} MB 的上限")
    with open(target, "rb") as stored:
        head = stored.read(readers.SNIFF_BYTES)
    try:
        readers.refuse_active_content(head, suffix)
    except readers.FileError as exc:
        target.unlink()
        raise ValidationError(str(exc)) from None
    job = ImportJob.objects.create(
        agency=agency,
        record_set=record_set,
        created_by=acting_user,
        file_name=Path(file_name).name[:200],
        file_path=str(relative),
        file_size=size,
        good_rows=good_rows,
        dry_run=dry_run,
    )
    record(
        "credit.import_submitted",
        actor=acting_user,
        actor_name="system",
        obj=job,
        agency=agency,
        detail={
            "file": job.file_name,
            "bytes": size,
            "set": record_set.name,
            "good_rows": good_rows,
            "dry_run": dry_run,
        },
    )
    return job


@transaction.atomic
def rerun_import(job: ImportJob, *, acting_user: User | None) -> ImportJob:
    """A new job over the same stored file (after a header mapping, or after an interruption)."""
    if acting_user is not None:
        require(acting_user, "credit.import", job.agency)
    return create_import_job(
        acting_user=acting_user,
        agency=job.agency,
        record_set=job.record_set,
        file_name=job.file_name,
        source=_media() / job.file_path,
        good_rows=job.good_rows,
        dry_run=job.dry_run,
    )


class _Rollback(Exception):
    def __init__(self, outcome: imports.Outcome) -> None:
        self.outcome = outcome


def remembered_mapping(agency: Agency, record_set: RecordSet) -> dict[str, str]:
    return dict(
        HeaderMapping.objects.filter(agency=agency, record_set=record_set).values_list("header", "field_code")
    )


@transaction.atomic
def _mark_running(job: ImportJob) -> None:
    """Bookkeeping before the import's own transaction, so the job page shows it started."""
    job.state, job.started_at = JobState.RUNNING, timezone.now()
    job.save(update_fields=["state", "started_at"])
    progress.write(job.pk, rows=0, fraction=0.0, phase="开始读取")


def run_import(
    job: ImportJob,
    *,
    acting_user: User | None,
    reported_at: datetime | Callable[[date], datetime] | None = None,
) -> imports.Outcome:
    """Validate and store one file: all rows or none (or, with `good_rows`, the good ones)."""
    if acting_user is not None:
        require(acting_user, "credit.import", job.agency)
        if reported_at is not None:
            raise PermissionDenied("只有系统导入历史数据时才能指定报送时间")
    if job.state not in (JobState.QUEUED, JobState.RUNNING):
        raise ValidationError("该导入任务已经结束")
    _mark_running(job)
    pipeline = imports.Pipeline(
        agency=job.agency,
        record_set=job.record_set,
        path=_media() / job.file_path,
        file_name=job.file_name,
        job_id=job.pk,
        options=imports.Options(good_rows=job.good_rows, dry_run=job.dry_run, reported_at=reported_at),
    )
    pipeline.on_progress = imports.write_progress(job.pk)
    remembered = remembered_mapping(job.agency, job.record_set)
    try:
        try:
            outcome = _import_in_transaction(job, pipeline, remembered, acting_user)
        except _Rollback as rollback:
            outcome = rollback.outcome
            _write_report(job, pipeline, outcome)
            _finish_job(job, outcome, acting_user=acting_user)
    finally:
        progress.clear(job.pk)
    return outcome


@transaction.atomic
def _import_in_transaction(job, pipeline, remembered, acting_user) -> imports.Outcome:
    outcome = pipeline.run(remembered, timezone.now())
    if outcome.state != JobState.DONE:
        raise _Rollback(outcome)
    _write_report(job, pipeline, outcome)
    _finish_job(job, outcome, acting_user=acting_user)
    return outcome


def _write_report(job: ImportJob, pipeline: imports.Pipeline, outcome: imports.Outcome) -> None:
    if outcome.bad_rows:
        if pipeline.on_progress:
            progress.write(job.pk, rows=outcome.total, fraction=1.0, phase="生成错误报告")
        job.error_report = report.write_error_report(job, pipeline, outcome)


@transaction.atomic
def _finish_job(job: ImportJob, outcome: imports.Outcome, *, acting_user: User | None) -> None:
    job.state = outcome.state
    job.template = outcome.template
    job.encoding = outcome.encoding
    job.total_rows = outcome.total
    job.bad_rows = outcome.bad_rows
    stored = outcome.state == JobState.DONE
    job.inserted = outcome.inserted if stored else 0
    job.updated = outcome.updated if stored else 0
    job.stored_invalid = outcome.stored_invalid if stored else 0
    job.error_count = outcome.error_count
    job.errors = outcome.errors
    job.unknown_headers = outcome.unknown_headers
    job.message = outcome.message
    job.finished_at = timezone.now()
    job.seconds = outcome.seconds
    job.save()
    detail: dict[str, Any] = {"file": job.file_name, "set": job.record_set.name, "state": job.state}
    detail.update(outcome.counts())
    if not stored:
        detail["would_insert"], detail["would_update"] = outcome.inserted, outcome.updated
    if outcome.message:
        detail["message"] = outcome.message[:500]
    result = Result.SUCCESS if outcome.state in (JobState.DONE, JobState.CHECKED) else Result.FAILURE
    record(
        "credit.import",
        actor=acting_user,
        actor_name="system",
        obj=job,
        agency=job.agency,
        detail=detail,
        result=result,
    )


@transaction.atomic
def save_mapping(
    *, acting_user: User | None, agency: Agency, record_set: RecordSet, mapping: dict[str, str]
) -> int:
    """Remember an agency's own headers (header text → field code, "" to ignore the column)."""
    if acting_user is not None:
        require(acting_user, "credit.import", agency)
    codes = set(record_set.schema().by_code)
    bad = sorted(code for code in mapping.values() if code and code not in codes)
    if bad:
        raise ValidationError(f"没有这些字段：{'、'.join(bad)}")
    targets = [c for c in mapping.values() if c]
    if len(targets) != len(set(targets)):
        raise ValidationError("两个表头不能对应同一字段")
    for label, code in mapping.items():
        HeaderMapping.objects.update_or_create(
            agency=agency,
            record_set=record_set,
            header=normalize_header(label),
            defaults={"label": label[:200], "field_code": code},
        )
    record(
        "credit.save_mapping",
        actor=acting_user,
        actor_name="system",
        obj=record_set,
        agency=agency,
        detail={"mapping": mapping},
    )
    return len(mapping)


# --- Agency-defined record sets ------------------------------------------------------------------


def _check_set(agency: Agency, name: str, fields: list[dict], roles: dict[str, str], pk: int | None) -> None:
    problems = check_custom_fields(fields, roles)
    if not name.strip():
        problems.insert(0, "名称不能为空")
    if name in builtin_names().values():
        problems.insert(0, f"“{name}”是内置数据集的名称")
    if RecordSet.objects.filter(agency=agency, name=name).exclude(pk=pk).exists():
        problems.insert(0, f"本机关已有名为“{name}”的数据集")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def define_set(
    *,
    acting_user: User | None,
    agency: Agency,
    name: str,
    fields: list[dict],
    roles: dict[str, str],
    description: str = "",
) -> RecordSet:
    if acting_user is not None:
        require(acting_user, "credit.define_sets", agency)
    roles = {k: v for k, v in roles.items() if v}
    _check_set(agency, name, fields, roles, None)
    record_set = RecordSet.objects.create(
        agency=agency, name=name, kind=SetKind.CUSTOM, fields=fields, roles=roles, description=description
    )
    record(
        "credit.define_set",
        actor=acting_user,
        actor_name="system",
        obj=record_set,
        agency=agency,
        detail={"name": name, "fields": [f["code"] for f in fields], "roles": roles},
    )
    return record_set


@transaction.atomic
def update_set(
    record_set: RecordSet,
    *,
    acting_user: User,
    name: str,
    fields: list[dict],
    roles: dict[str, str],
    description: str = "",
) -> RecordSet:
    require(acting_user, "credit.define_sets", record_set.agency)
    if record_set.is_builtin:
        raise ValidationError("内置数据集的字段由全国模板确定，不能修改")
    roles = {k: v for k, v in roles.items() if v}
    _check_set(record_set.agency, name, fields, roles, record_set.pk)
    if roles.get("doc_no") != record_set.roles.get("doc_no") and record_set.creditrecord_set.exists():
        raise ValidationError("已有记录的数据集不能更换唯一编号字段")
    before = {"name": record_set.name, "fields": [f["code"] for f in record_set.fields]}
    record_set.name, record_set.fields, record_set.roles = name, fields, roles
    record_set.description = description
    record_set.save()
    record(
        "credit.update_set",
        actor=acting_user,
        obj=record_set,
        agency=record_set.agency,
        detail={"before": before, "after": {"name": name, "fields": [f["code"] for f in fields]}},
    )
    return record_set


# --- Publication ---------------------------------------------------------------------------------


@transaction.atomic
def withdraw_record(
    rec: CreditRecord, *, acting_user: User | None, kind: str, reason: str, changed_on: date
) -> CreditRecord:
    """行政处罚法 Art. 48: a penalty changed, revoked or found illegal or void is withdrawn within
    three days, with the reason published. Withdrawing later than that is allowed but flagged."""
    if acting_user is not None:
        require(acting_user, "credit.manage", rec.agency)
    rec = CreditRecord.objects.select_for_update().get(pk=rec.pk)
    if rec.kind != SetKind.PENALTY:
        raise ValidationError("只有行政处罚信息需要撤回（许可失效请以“当前状态”更新）")
    if rec.status == Status.WITHDRAWN:
        raise ValidationError("该记录已撤回")
    if kind not in WithdrawKind.values:
        raise ValidationError("撤回原因类别无效")
    if not reason.strip():
        raise ValidationError("须说明撤回理由（将向社会公开）")
    today = timezone.localdate()
    if changed_on > today:
        raise ValidationError("变更或撤销决定日期不能晚于今天")
    if rec.decision_date and changed_on < rec.decision_date:
        raise ValidationError("变更或撤销决定日期不能早于处罚决定日期")
    rec.status = Status.WITHDRAWN
    rec.changed_on = changed_on
    rec.withdrawn_at = timezone.now()
    rec.withdraw_kind = kind
    rec.withdraw_reason = reason.strip()
    rec.withdraw_late = today > changed_on + timedelta(days=rules()["withdraw_within_days"])
    rec.updated_at = rec.withdrawn_at
    rec.save()
    record(
        "credit.withdraw",
        actor=acting_user,
        actor_name="system",
        obj=rec,
        detail={"doc_no": rec.doc_no, "kind": kind, "changed_on": changed_on, "late": rec.withdraw_late},
    )
    return rec


@transaction.atomic
def repair_record(rec: CreditRecord, *, acting_user: User | None, note: str) -> CreditRecord:
    """信用修复: ends the publication early, once the minimum period has run, and keeps its record."""
    if acting_user is not None:
        require(acting_user, "credit.manage", rec.agency)
    rec = CreditRecord.objects.select_for_update().get(pk=rec.pk)
    if rec.kind != SetKind.PENALTY:
        raise ValidationError("信用修复只适用于行政处罚信息")
    if rec.status != Status.PUBLISHED:
        raise ValidationError(f"该记录当前为“{rec.get_status_display()}”，无需信用修复")
    today = timezone.localdate()
    if rec.repairable_from and today < rec.repairable_from:
        raise ValidationError(
            f"最短公示期未满，{rec.repairable_from:%Y-%m-%d} 起方可信用修复（{rec.period_basis}）"
        )
    if not note.strip():
        raise ValidationError("须填写信用修复记录（修复决定文号、申请和审核情况）")
    rec.status = Status.REPAIRED
    rec.repaired_at = timezone.now()
    rec.repair_note = note.strip()
    rec.updated_at = rec.repaired_at
    rec.save()
    record("credit.repair", actor=acting_user, actor_name="system", obj=rec, detail={"doc_no": rec.doc_no})
    return rec


@transaction.atomic
def expire_due(*, acting_user: User | None = None, today: date | None = None) -> int:
    """The daily job: take penalties whose period has ended off the public pages."""
    if acting_user is not None:
        require(acting_user, "credit.manage", acting_user.agency)
    today = today or timezone.localdate()
    due = CreditRecord.objects.filter(status=Status.PUBLISHED, public_until__lt=today)
    if acting_user is not None:
        due = due.filter(agency=acting_user.agency)
    per_agency: dict[int, int] = {}
    for agency_id in due.values_list("agency_id", flat=True):
        per_agency[agency_id] = per_agency.get(agency_id, 0) + 1
    count = due.update(status=Status.EXPIRED, updated_at=timezone.now())
    if count:
        record(
            "credit.expire",
            actor=acting_user,
            actor_name="system",
            detail={"date": today, "expired": count, "by_agency": {str(k): v for k, v in per_agency.items()}},
        )
    return count


@transaction.atomic
def set_name_mask(agency: Agency, rule: str, *, acting_user: User) -> CreditSettings:
    require(acting_user, "credit.settings", agency)
    if rule not in NameMask.values:
        raise ValidationError("遮蔽规则无效")
    settings_row, _ = CreditSettings.objects.get_or_create(agency=agency)
    before = settings_row.name_mask
    settings_row.name_mask = rule
    settings_row.save()
    record("credit.set_name_mask", actor=acting_user, obj=agency, detail={"before": before, "after": rule})
    return settings_row


@transaction.atomic
def record_export(
    *, acting_user: User | None, agency: Agency, record_set: RecordSet, fmt: str, count: int, filters: dict
) -> None:
    """Exports of personal data are audited (等保: every export)."""
    if acting_user is not None:
        require(acting_user, "credit.export", agency)
    record(
        "credit.export",
        actor=acting_user,
        actor_name="system",
        obj=record_set,
        agency=agency,
        detail={"format": fmt, "records": count, "filters": filters},
    )


@transaction.atomic
def record_report_download(job: ImportJob, *, acting_user: User) -> None:
    """The error report repeats the uploaded rows, personal data included: only those who may
    import for the agency download it, and each download is audited."""
    require(acting_user, "credit.import", job.agency)
    record(
        "credit.download_error_report",
        actor=acting_user,
        obj=job,
        agency=job.agency,
        detail={"file": job.file_name},
    )


def name_mask_for(agency: Agency) -> str:
    row = CreditSettings.objects.filter(agency=agency).values_list("name_mask", flat=True).first()
    return row or getattr(settings, "GONGKAI_CREDIT_NAME_MASK", rules()["name_mask_default"])


def open_jobs(agency: Agency):
    return ImportJob.objects.filter(agency=agency).filter(
        Q(state=JobState.QUEUED) | Q(state=JobState.RUNNING)
    )
