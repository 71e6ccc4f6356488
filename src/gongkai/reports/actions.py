"""Every state change of the annual report: permission check, change and audit in one transaction.

Lifecycle: 编制 (`compile_report`: the tables from live data, a new version when they changed, the
narrative draft the first time) → staff write 一/五/六 (`save_narrative`), enter the fee amount with
its source when no record set holds it (`set_fees`), acknowledge the warnings (`acknowledge`) →
送审 (`submit_report`, refused while any error finding, unacknowledged warning, missing fee or draft
prompt remains) → each step of the agency's review chain (`review_report`) → 发布 (`publish_report`:
the engine renders HTML, DOCX and PDF of exactly the approved snapshot). Any change after
submission voids the round and the report returns to 编制中. Published reports are locked.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.trail import canonical_json, record
from gongkai.core import jobs, review
from gongkai.orgs.choices import Role
from gongkai.orgs.permissions import require

from . import compile as compiler
from . import diff
from .choices import (
    EDITABLE,
    IMPORT_MAX_BYTES,
    IMPORT_MAX_FILES,
    IMPORT_SUFFIXES,
    OVERDUE_REMINDER_EVERY_DAYS,
    REMINDER_DAYS_BEFORE,
    REVIEW_KIND,
    SUBMITTED,
    FindingStatus,
    ImportState,
    InspectionKind,
    ReminderKind,
    ReportStatus,
    deadline_for,
)
from .draft import draft, placeholders
from .models import (
    AnnualReport,
    FeeSource,
    ImportedReport,
    Inspection,
    InspectionFinding,
    Reminder,
    ReportVersion,
)

if TYPE_CHECKING:
    from gongkai.credit.models import RecordSet
    from gongkai.orgs.models import Agency, User

IMPORT_JOB = "gongkai.reports.jobs.process_import"


def _media() -> Path:
    return Path(settings.MEDIA_ROOT)


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update(of=("self",)).select_related("agency").get(pk=report.pk)


def _require_editable(report: AnnualReport) -> None:
    if report.status not in EDITABLE:
        raise ValidationError("已发布的年度报告不能修改")


def _store_check(report: AnnualReport) -> None:
    """Run every rule and keep the result; acknowledgements of warnings that are gone are dropped."""
    result = compiler.check_report(report)
    report.findings = [f.to_json() for f in result.findings]
    report.errors, report.warnings = len(result.errors), len(result.warnings)
    report.checked_at = timezone.now()
    current = {compiler.finding_key(f) for f in report.findings if f["severity"] == "warning"}
    report.acknowledged = [a for a in report.acknowledged or [] if a["key"] in current]


def _changed_after_submission(report: AnnualReport, acting_user: User | None, reason: str) -> None:
    """An edit voids the open or approved round: the report goes through the chain again."""
    if report.status in SUBMITTED or report.status == ReportStatus.RETURNED:
        review.supersede(report, acting_user=acting_user, reason=reason)
        report.status = ReportStatus.DRAFT


def snapshot(report: AnnualReport) -> dict[str, Any]:
    """Exactly what reviewers approve: the report in the spec's JSON and the fee's source."""
    return {
        "report": compiler.engine_report(report).to_json(),
        "fees_source": report.fees_source,
        "version": report.version,
    }


# --- Compiling ----------------------------------------------------------------------------------------


@dataclass
class CompileOutcome:
    report: AnnualReport
    created: bool
    changes: list[dict[str, Any]]
    new_version: bool


@transaction.atomic
def compile_report(agency: Agency, year: int, *, acting_user: User) -> CompileOutcome:
    """Compile (or recompile) `agency`'s report on `year` from live data."""
    require(acting_user, "reports.compile", agency)
    if year < 2021 or year > timezone.localdate().year:
        raise ValidationError(f"只能编制 2021 年至今年的年度报告（2021 格式），不能编制 {year} 年")
    report, created = AnnualReport.objects.get_or_create(
        agency=agency, year=year, defaults={"deadline": deadline_for(agency, year)}
    )
    report = _lock(report)
    if report.status == ReportStatus.PUBLISHED:
        raise ValidationError("该年度报告已发布，不能重新编制")
    compiled = compiler.compile_tables(agency, year)
    fees_source = compiled.fees_source if compiled.fees_source is not None else report.fees_source
    if compiled.fees_source is not None:
        report.fees_amount = None
    elif report.fees_source and report.fees_source.startswith("数据集“"):
        report.fees_source = fees_source = ""  # the record set is no longer the source
    changes = diff.changes(report.tables if report.version else None, compiled.tables)
    new_version = report.version == 0 or bool(changes) or fees_source != report.fees_source
    now = timezone.now()
    if new_version:
        report.version += 1
        report.tables = compiled.tables
        report.fees_source = fees_source
        ReportVersion.objects.create(
            report=report,
            number=report.version,
            tables=compiled.tables,
            fees_source=fees_source,
            changes=changes,
            created_at=now,
            created_by=acting_user,
        )
        if report.version > 1:
            _changed_after_submission(report, acting_user, "重新编制后统计数据发生变化")
    report.facts = compiler.year_facts(agency, year, compiled.tables)
    if not any((report.narrative or {}).values()):
        report.narrative = _draft(report)
    report.compiled_at, report.compiled_by = now, acting_user
    _store_check(report)
    report.save()
    record(
        "reports.compile",
        actor=acting_user,
        obj=report,
        detail={"year": year, "version": report.version, "changes": len(changes), "new_version": new_version},
    )
    return CompileOutcome(report, created, changes, new_version)


def previous_five(report: AnnualReport) -> str:
    previous, _ = compiler.previous_report(report.agency, report.year)
    return (previous.narrative.get("五") or "") if previous is not None else ""


def _draft(report: AnnualReport) -> dict[str, str]:
    return draft(
        report.agency.name,
        report.year,
        compiler.with_fees(report.tables, report.fees_amount),
        report.facts,
        rule_power=report.agency.has_rule_power,
        previous_five=previous_five(report),
    )


@transaction.atomic
def save_narrative(report: AnnualReport, *, acting_user: User, narrative: dict[str, str]) -> AnnualReport:
    """Sections 一, 五 and 六 as written by staff; the checks run again at once."""
    require(acting_user, "reports.compile", report.agency)
    report = _lock(report)
    _require_editable(report)
    clean = {k: re.sub(r"\r\n?", "\n", (narrative.get(k) or "")).strip() for k in compiler.NARRATIVE_SECTIONS}
    if clean == {k: (report.narrative or {}).get(k, "") for k in compiler.NARRATIVE_SECTIONS}:
        return report
    report.narrative = clean
    _changed_after_submission(report, acting_user, "正文已修改")
    _store_check(report)
    report.save()
    record(
        "reports.save_narrative",
        actor=acting_user,
        obj=report,
        detail={"lengths": {k: len(v) for k, v in clean.items()}, "errors": report.errors},
    )
    return report


@transaction.atomic
def redraft(report: AnnualReport, *, acting_user: User) -> AnnualReport:
    """Replace the narrative with a fresh draft from the compiled tables and the year's facts."""
    require(acting_user, "reports.compile", report.agency)
    report = _lock(report)
    _require_editable(report)
    return save_narrative(report, acting_user=acting_user, narrative=_draft(report))


@transaction.atomic
def set_fees(report: AnnualReport, *, acting_user: User, amount: Decimal | str, source: str) -> AnnualReport:
    """The year's 行政事业性收费 amount (万元) entered by the agency, with where it comes from."""
    require(acting_user, "reports.compile", report.agency)
    report = _lock(report)
    _require_editable(report)
    if (report.tables.get("section2") or {}).get("fees") is not None:
        raise ValidationError("收费金额已由数据集统计，不能手工填写")
    try:
        value = Decimal(str(amount).strip())
    except InvalidOperation:
        raise ValidationError({"amount": "请填写金额（万元），如 0 或 12.5"}) from None
    if value < 0 or value != value.quantize(Decimal("0.0001")):
        raise ValidationError({"amount": "金额应为不小于 0 的数，最多 4 位小数（单位：万元）"})
    source = source.strip()
    if len(source) < 4:
        raise ValidationError({"source": "请说明金额的来源（如：财政非税收入系统 2024 年 1 月导出）"})
    before = (report.fees_amount, report.fees_source)
    report.fees_amount, report.fees_source = value, source[:200]
    if before != (report.fees_amount, report.fees_source):
        _changed_after_submission(report, acting_user, "行政事业性收费金额已修改")
    _store_check(report)
    report.save()
    record(
        "reports.set_fees",
        actor=acting_user,
        obj=report,
        detail={"amount": str(value), "source": report.fees_source, "before": str(before[0])},
    )
    return report


@transaction.atomic
def acknowledge(report: AnnualReport, *, acting_user: User, keys: list[str], note: str = "") -> AnnualReport:
    """Acknowledge warnings (each stays on the report with who acknowledged it and when)."""
    require(acting_user, "reports.compile", report.agency)
    report = _lock(report)
    _require_editable(report)
    warnings = {compiler.finding_key(f): f for f in report.findings if f["severity"] == "warning"}
    done = {a["key"] for a in report.acknowledged or []}
    new = [k for k in keys if k in warnings and k not in done]
    if not new:
        raise ValidationError("请选择要确认的警告")
    stamp = timezone.now().isoformat()
    report.acknowledged = [
        *(report.acknowledged or []),
        *(
            {
                "key": k,
                "rule": warnings[k]["rule"],
                "by": acting_user.username,
                "at": stamp,
                "note": note[:200],
            }
            for k in new
        ),
    ]
    report.save(update_fields=["acknowledged", "updated_at"])
    record(
        "reports.acknowledge",
        actor=acting_user,
        obj=report,
        detail={"rules": [warnings[k]["rule"] for k in new]},
    )
    return report


def submission_blockers(report: AnnualReport) -> list[str]:
    """Why the report cannot be submitted yet (empty: it can)."""
    reasons = []
    if report.version == 0:
        reasons.append("报告尚未编制")
    if (compiler.with_fees(report.tables, report.fees_amount).get("section2") or {}).get("fees") is None:
        reasons.append("请填写本年行政事业性收费金额（万元）及其来源")
    for f in report.findings:
        if f["severity"] == "error":
            reasons.append(f"错误 {f['rule']}：{f['message']}")
    done = {a["key"] for a in report.acknowledged or []}
    pending = [
        f for f in report.findings if f["severity"] == "warning" and compiler.finding_key(f) not in done
    ]
    if pending:
        reasons.append(
            f"有 {len(pending)} 个警告尚未确认：{'、'.join(dict.fromkeys(f['rule'] for f in pending))}"
        )
    for numeral in placeholders(report.narrative or {}):
        reasons.append(f"第{numeral}部分仍有“（请填写……）”的提示，请补充完整")
    return reasons


@transaction.atomic
def submit_report(report: AnnualReport, *, acting_user: User) -> AnnualReport:
    require(acting_user, "reports.compile", report.agency)
    report = _lock(report)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ValidationError(f"{report.get_status_display()}的报告不能送审")
    _store_check(report)
    report.save()
    reasons = submission_blockers(report)
    if reasons:
        raise ValidationError(reasons)
    review.submit(
        report, agency=report.agency, kind=REVIEW_KIND, snapshot=snapshot(report), acting_user=acting_user
    )
    report.status, report.submitted_at = ReportStatus.IN_REVIEW, timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    record(
        "reports.submit",
        actor=acting_user,
        obj=report,
        detail={"version": report.version, "warnings": report.warnings},
    )
    return report


@transaction.atomic
def review_report(report: AnnualReport, *, acting_user: User, approve: bool, opinion: str) -> AnnualReport:
    """One step of the chain: approve (the last approval is the sign-off) or return with an opinion."""
    require(acting_user, "core.review", report.agency)
    report = _lock(report)
    if report.status != ReportStatus.IN_REVIEW:
        raise ValidationError("该报告当前不在审核中")
    review_round = review.decide(report, approve=approve, opinion=opinion, acting_user=acting_user)
    if review_round.status == "returned":
        report.status = ReportStatus.RETURNED
    elif review_round.status == "approved":
        report.status = ReportStatus.APPROVED
    report.save(update_fields=["status", "updated_at"])
    return report


def _write(relative: Path, data: bytes) -> str:
    target = _media() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return str(relative)


@transaction.atomic
def publish_report(report: AnnualReport, *, acting_user: User) -> AnnualReport:
    """Publish exactly what the chain approved: the engine renders the DOCX and PDF, the portal the HTML."""
    from gongkai.annual_report import render

    require(acting_user, "reports.publish", report.agency)
    report = _lock(report)
    if report.status != ReportStatus.APPROVED:
        raise ValidationError("只有签发后的报告才能发布")
    if not review.is_approved(report, snapshot(report)):
        raise ValidationError("该报告没有通过审核，或审核通过后内容被修改，不能发布")
    today = timezone.localdate()
    engine = compiler.engine_report(report, published=today)
    data = engine.to_json()
    digest = hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()[:12]
    folder = Path("reports") / "published" / report.agency.slug
    report.docx_path = _write(folder / f"{report.year}-{digest}.docx", render(engine, "docx"))
    report.pdf_path = _write(folder / f"{report.year}-{digest}.pdf", render(engine, "pdf"))
    report.published_json = data
    report.published_at, report.published_on = timezone.now(), today
    report.status = ReportStatus.PUBLISHED
    _store_check(report)
    report.save()
    record(
        "reports.publish",
        actor=acting_user,
        obj=report,
        detail={
            "year": report.year,
            "published_on": today,
            "deadline": report.deadline,
            "late": report.published_late,
            "snapshot_hash": review.snapshot_hash(snapshot(report)),
        },
    )
    return report


# --- Where the fee amount comes from ------------------------------------------------------------------


@transaction.atomic
def set_fee_source(
    agency: Agency, *, acting_user: User, record_set: RecordSet | None, amount_field: str = ""
) -> FeeSource | None:
    """Name the record set (and its amount field, 万元) that holds the agency's 行政事业性收费; None
    removes it (the amount is then entered on each report)."""
    require(acting_user, "reports.configure", agency)
    if record_set is None:
        FeeSource.objects.filter(agency=agency).delete()
        record("reports.fee_source", actor=acting_user, obj=agency, detail={"record_set": None})
        return None
    if record_set.agency_id != agency.pk:
        raise ValidationError("只能选择本机关的自定义数据集")
    schema = record_set.schema()
    field = schema.by_code.get(amount_field)
    if field is None or field.type != "amount":
        raise ValidationError({"amount_field": "请选择类型为“金额（万元）”的字段"})
    if not schema.roles.get("decision_date"):
        raise ValidationError({"record_set": "该数据集没有“决定日期”字段，无法按年度统计"})
    source, _ = FeeSource.objects.update_or_create(
        agency=agency, defaults={"record_set": record_set, "amount_field": amount_field}
    )
    record(
        "reports.fee_source",
        actor=acting_user,
        obj=agency,
        detail={"record_set": record_set.pk, "amount_field": amount_field},
    )
    return source


# --- Imported reports ----------------------------------------------------------------------------------


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", Path(name).name)[-80:]
    return stem or "report"


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Chinese Windows zips store names in GBK without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def expand(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Uploaded files, with every zip replaced by the report files inside it; checked for type and size."""
    out: list[tuple[str, bytes]] = []
    for name, data in files:
        if len(data) > IMPORT_MAX_BYTES:
            raise ValidationError(f"{name}：文件超过 {IMPORT_MAX_BYTES // (1 << 20)} MB 的上限")
        suffix = Path(name).suffix.lower()
        if suffix == ".zip":
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
            except zipfile.BadZipFile:
                raise ValidationError(f"{name}：不是有效的 zip 文件") from None
            total = 0
            for info in archive.infolist():
                inner = _zip_name(info)
                if info.is_dir() or Path(inner).suffix.lower() not in IMPORT_SUFFIXES:
                    continue
                if Path(inner).name.startswith(("._", "~$")) or "__MACOSX" in inner:
                    continue
                with archive.open(info) as handle:
                    content = handle.read(IMPORT_MAX_BYTES + 1)
                total += len(content)
                if len(content) > IMPORT_MAX_BYTES or total > 10 * IMPORT_MAX_BYTES:
                    raise ValidationError(f"{name}：压缩包内文件过大")
                out.append((Path(inner).name, content))
        elif suffix in IMPORT_SUFFIXES:
            out.append((Path(name).name, data))
        else:
            raise ValidationError(f"{name}：只支持 {'、'.join(IMPORT_SUFFIXES)} 或 .zip 文件")
        if len(out) > IMPORT_MAX_FILES:
            raise ValidationError(f"一次最多导入 {IMPORT_MAX_FILES} 份报告")
    if not out:
        raise ValidationError("没有找到报告文件")
    return out


@transaction.atomic
def import_reports(
    files: list[tuple[str, bytes]],
    *,
    acting_user: User,
    agency: Agency | None = None,
    external_name: str = "",
    external_level: str = "",
    external_government: bool = False,
    year: int | None = None,
    published_on: date | None = None,
) -> list[ImportedReport]:
    """Store published reports (one file, several, or zips) and queue their reading by the engine.

    With `agency` (on the system) or `external_name` every file is that agency's report; without
    either (a batch), each report's agency is taken from what the engine reads in it."""
    owner = acting_user.agency
    if owner is None:
        raise PermissionDenied("未归属机关的账户不能导入报告")
    require(acting_user, "reports.import", agency or owner)
    if agency is not None and not agency.is_within(owner):
        raise PermissionDenied("只能为本机关或下级机关导入报告")
    external_name = external_name.strip()
    if agency is not None and external_name:
        raise ValidationError("请选择本系统的机关，或填写未使用本系统的机关名称，不能同时填写")
    if year is not None and not 2008 <= year <= timezone.localdate().year:
        raise ValidationError({"year": "年度无效"})
    batch = uuid.uuid4().hex
    created = []
    for name, data in expand(files):
        digest = hashlib.sha256(data).hexdigest()
        relative = Path("reports") / "imports" / f"{digest[:16]}_{_safe_name(name)}"
        _write(relative, data)
        created.append(
            ImportedReport.objects.create(
                owner=owner,
                agency=agency,
                external_name=external_name,
                external_level=external_level if external_name else "",
                external_government=external_government if external_name else False,
                year=year,
                published_on=published_on,
                batch=batch,
                file_name=name[:200],
                file_path=str(relative),
                sha256=digest,
                created_by=acting_user,
            )
        )
    for item in created:
        jobs.enqueue(IMPORT_JOB, item.pk)
    record(
        "reports.import",
        actor=acting_user,
        obj=owner,
        detail={
            "batch": batch,
            "files": [i.file_name for i in created],
            "agency": agency.pk if agency else None,
        },
    )
    return created


def _match_agency(owner: Agency, name: str | None) -> Agency | None:
    from gongkai.orgs.models import Agency

    if not name:
        return None
    return Agency.objects.filter(path__startswith=owner.path, name=name.strip()).first()


def _previous_imported(item: ImportedReport):

    if item.year is None:
        return None
    if item.agency_id:
        previous, _ = compiler.previous_report(item.agency, item.year)
        return previous
    before = (
        ImportedReport.objects.filter(
            owner=item.owner, external_name=item.external_name, year=item.year - 1, state=ImportState.DONE
        )
        .exclude(data=None)
        .first()
    )
    return compiler.stored(before.data) if before else None


@transaction.atomic
def process_import(item: ImportedReport, *, acting_user: User | None = None) -> ImportedReport:
    """Read one stored file with the engine and check it (the background job; by hand in tests)."""
    from gongkai.annual_report import batch, check

    item = (
        ImportedReport.objects.select_for_update(of=("self",))
        .select_related("agency", "owner")
        .get(pk=item.pk)
    )
    if acting_user is not None:
        require(acting_user, "reports.import", item.agency or item.owner)
    item.processed_at = timezone.now()
    try:
        parsed = batch.load(_media() / item.file_path)
    except Exception as exc:  # an unreadable file is an outcome, not a failure of the job
        item.state, item.problem = ImportState.FAILED, batch.describe_error(exc)[:300]
        if item.agency_id is None and not item.external_name:
            item.external_name = Path(item.file_name).stem[:100]
        item.save()
        record(
            "reports.import_read",
            actor=acting_user,
            actor_name="system",
            obj=item,
            detail={"problem": item.problem},
        )
        return item
    if item.year is None:
        item.year = parsed.year
    if parsed.year is None and item.year is not None:
        parsed.year = item.year
    if item.published_on is None and parsed.published:
        item.published_on = date.fromisoformat(parsed.published)
    elif item.published_on is not None:
        parsed.published = item.published_on.isoformat()
    if item.agency_id is None and not item.external_name:
        item.agency = _match_agency(item.owner, parsed.agency)
        if item.agency is None:
            item.external_name = (parsed.agency or Path(item.file_name).stem)[:100]
    if not parsed.agency:
        parsed.agency = item.agency_name
    result = check(
        parsed,
        _previous_imported(item),
        deadline_aware=True,
        has_rule_power=item.agency.has_rule_power if item.agency_id else None,
    )
    item.data = parsed.to_json()
    item.findings = [f.to_json() for f in result.findings]
    item.errors, item.warnings = len(result.errors), len(result.warnings)
    item.state, item.problem = ImportState.DONE, "" if item.year else "未能识别报告年度"
    item.save()
    record(
        "reports.import_read",
        actor=acting_user,
        actor_name="system",
        obj=item,
        detail={"year": item.year, "errors": item.errors, "warnings": item.warnings},
    )
    return item


# --- Supervision: inspections ------------------------------------------------------------


@transaction.atomic
def record_inspection(
    *,
    acting_user: User,
    agency: Agency,
    kind: str,
    inspected_on: date,
    scope: str,
    findings: list[str],
    inspectors: str = "",
    due_on: date | None = None,
) -> Inspection:
    """The supervising office records an inspection of a subordinate agency, with what it found."""
    require(acting_user, "reports.supervise", agency)
    if agency.pk == acting_user.agency_id:
        raise PermissionDenied("检查应由上级机关登记")
    if kind not in InspectionKind.values:
        raise ValidationError({"kind": "请选择检查类型"})
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": "检查日期不能晚于今天"})
    if due_on is not None and due_on < inspected_on:
        raise ValidationError({"due_on": "整改期限不能早于检查日期"})
    texts = [t.strip() for t in findings if t and t.strip()]
    if not scope.strip():
        raise ValidationError({"scope": "请填写检查内容"})
    inspection = Inspection.objects.create(
        office=acting_user.agency,
        agency=agency,
        kind=kind,
        inspected_on=inspected_on,
        scope=scope.strip()[:300],
        inspectors=inspectors.strip()[:200],
        created_by=acting_user,
    )
    InspectionFinding.objects.bulk_create(
        InspectionFinding(inspection=inspection, number=i, text=t[:500], due_on=due_on)
        for i, t in enumerate(texts, 1)
    )
    record(
        "reports.inspection",
        actor=acting_user,
        obj=inspection,
        agency=agency,
        detail={"kind": kind, "on": inspected_on, "findings": len(texts)},
    )
    return inspection


@transaction.atomic
def rectify_finding(
    finding: InspectionFinding, *, acting_user: User, rectification: str, rectified_on: date
) -> InspectionFinding:
    """The inspected agency records how it rectified a finding."""
    finding = (
        InspectionFinding.objects.select_for_update(of=("self",))
        .select_related("inspection__agency")
        .get(pk=finding.pk)
    )
    agency = finding.inspection.agency
    require(acting_user, "reports.rectify", agency)
    if finding.status != FindingStatus.OPEN:
        raise ValidationError("该问题已整改")
    if not rectification.strip():
        raise ValidationError({"rectification": "请填写整改情况"})
    if rectified_on < finding.inspection.inspected_on or rectified_on > timezone.localdate():
        raise ValidationError({"rectified_on": "整改完成日期应在检查日期之后、今天之前"})
    finding.status, finding.rectification = FindingStatus.RECTIFIED, rectification.strip()
    finding.rectified_on, finding.rectified_by = rectified_on, acting_user
    finding.save()
    record(
        "reports.rectify",
        actor=acting_user,
        obj=finding.inspection,
        agency=agency,
        detail={"finding": finding.number, "on": rectified_on},
    )
    return finding


@transaction.atomic
def record_export(*, acting_user: User, agency: Agency, what: str, year: int, rows: int) -> None:
    """Exports are audited (等保: every export)."""
    require(acting_user, "reports.export", agency)
    record("reports.export", actor=acting_user, obj=agency, detail={"what": what, "year": year, "rows": rows})


# --- Deadline reminders -----------------------------------------------------------------------------------

_REMINDED_ROLES = (Role.CLERK, Role.LEADER, Role.AGENCY_ADMIN)
_SUPERVISOR_ROLES = (Role.LEADER, Role.AGENCY_ADMIN)


def _reminder_kind(deadline: date, today: date) -> str | None:
    left = (deadline - today).days
    if left in REMINDER_DAYS_BEFORE:
        return ReminderKind.DUE_SOON
    if left < 0 and (-left - 1) % OVERDUE_REMINDER_EVERY_DAYS == 0:
        return ReminderKind.OVERDUE
    return None


@transaction.atomic
def raise_reminders(*, today: date | None = None) -> int:
    """Reminders for reports on last year not yet published as their deadline nears and after it
    passes: to the agency's 经办人, 负责人 and 机关管理员, and once overdue to the supervising office.
    Idempotent per day (the daily job; by hand `gongkai report reminders`)."""
    from gongkai.orgs.models import Agency, User

    today = today or timezone.localdate()
    year = today.year - 1
    published = set(
        AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED).values_list(
            "agency_id", flat=True
        )
    ) | set(
        ImportedReport.objects.filter(year=year, state=ImportState.DONE, agency__isnull=False).values_list(
            "agency_id", flat=True
        )
    )
    staff: dict[int, dict[str, set[int]]] = {}
    for user_id, agency_id, role in User.objects.filter(
        is_active=True, roles__role__in=_REMINDED_ROLES
    ).values_list("pk", "agency_id", "roles__role"):
        staff.setdefault(agency_id, {}).setdefault(role, set()).add(user_id)
    reminders = []
    for agency in Agency.objects.all():
        if agency.pk in published:
            continue
        deadline = deadline_for(agency, year)
        kind = _reminder_kind(deadline, today)
        if kind is None:
            continue
        recipients = set().union(*staff.get(agency.pk, {}).values()) if staff.get(agency.pk) else set()
        if kind == ReminderKind.OVERDUE:
            message = (
                f"{agency.short_name}{year}年政府信息公开工作年度报告已超过公布期限"
                f"（{deadline.isoformat()}），逾期 {(today - deadline).days} 天，请尽快发布"
            )
            if agency.parent_id:
                parent = staff.get(agency.parent_id, {})
                recipients |= set().union(*(parent.get(r, set()) for r in _SUPERVISOR_ROLES))
        else:
            left = (deadline - today).days
            when = "今天" if left == 0 else f"还有 {left} 天"
            message = f"{agency.short_name}{year}年政府信息公开工作年度报告应于 {deadline.isoformat()} 前公布，{when}"
        reminders += [
            Reminder(
                recipient_id=r,
                agency=agency,
                year=year,
                kind=kind,
                deadline=deadline,
                created_on=today,
                message=message,
            )
            for r in recipients
        ]
    before = Reminder.objects.filter(created_on=today).count()
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
    created = Reminder.objects.filter(created_on=today).count() - before
    record(
        "reports.raise_reminders", actor_name="system", detail={"on": today, "year": year, "created": created}
    )
    return created


@transaction.atomic
def mark_reminders_read(*, acting_user: User) -> int:
    count = Reminder.objects.filter(recipient=acting_user, read=False).update(read=True)
    record("reports.read_reminders", actor=acting_user, detail={"count": count})
    return count


def reminder_window(deadline: date) -> tuple[date, date]:
    """From the first reminder to the deadline (for pages that say when reminders start)."""
    return deadline - timedelta(days=max(REMINDER_DAYS_BEFORE)), deadline
