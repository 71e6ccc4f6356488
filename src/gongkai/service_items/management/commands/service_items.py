"""`gongkai service-items <verb>`: import (from XLSX), reindex."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai.orgs.models import Agency, User


class Command(BaseCommand):
    help = "政务服务事项：import 从 Excel 批量导入事项；reindex 重建全文索引"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser("import", help="从 XLSX 导入事项（“事项”“申请材料”两张工作表）")
        imp.add_argument("file", type=Path)
        imp.add_argument("--agency", required=True, help="机关的网址标识（slug）")
        imp.add_argument("--user", required=True, help="以哪个账户的名义导入（需有导入权限）")
        imp.add_argument(
            "--partial", action="store_true", help="只导入无误的事项（默认任一行有误则全部不导入）"
        )
        imp.add_argument("--submit", action="store_true", help="导入后直接送审")
        imp.add_argument("--dry-run", action="store_true", help="只检查，不导入")
        sub.add_parser("reindex", help="重建已公开事项的全文检索索引")

    def handle(self, *args, verb: str, **options) -> None:
        if verb == "reindex":
            from gongkai.service_items import search

            with transaction.atomic():
                count = search.rebuild()
            self.stdout.write(f"已重建索引：{count} 个事项")
            return
        self._import(**options)

    def _import(
        self, file: Path, agency: str, user: str, partial: bool, submit: bool, dry_run: bool, **_
    ) -> None:
        from gongkai.service_items import actions, imports

        found = Agency.objects.filter(slug=agency).first()
        if found is None:
            raise CommandError(f"找不到机关：{agency}")
        acting_user = User.objects.filter(username=user).first()
        if acting_user is None:
            raise CommandError(f"找不到账户：{user}")
        try:
            report = imports.validate(imports.read_workbook(file.name, file.read_bytes()))
        except (OSError, imports.ImportFileError) as exc:
            raise CommandError(str(exc)) from None
        for error in report.errors:
            self.stderr.write(error)
        if report.bad_rows and not partial:
            raise CommandError(f"共 {report.total} 个事项，其中有误的 {report.bad_rows} 个，未导入任何数据")
        if dry_run:
            self.stdout.write(f"检查完毕：{len(report.rows)} 个事项可导入（未导入）")
            return
        try:
            outcome = actions.import_items(
                found, report.rows, acting_user=acting_user, source=str(file), submit=submit
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)]))) from None
        self.stdout.write(
            f"已导入：新增 {len(outcome.created)} 个，更新 {len(outcome.updated)} 个，送审 {outcome.submitted} 个"
        )
