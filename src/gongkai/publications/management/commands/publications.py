"""`gongkai publications <verb>`: publish-due, import, reindex, refresh-due."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai.orgs.models import Agency, User


class Command(BaseCommand):
    help = "主动公开：publish-due 发布到时的定时信息；import 导入原有目录；reindex 重建全文索引；refresh-due 重算推定的公开期限"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("publish-due", help="发布定时发布时间已到的信息（后台任务每分钟执行一次）")
        imp = sub.add_parser("import", help="从 CSV 或 XLSX 导入原有目录")
        imp.add_argument("file", type=Path)
        imp.add_argument("--agency", required=True, help="机关的网址标识（slug）")
        imp.add_argument("--user", required=True, help="以哪个账户的名义导入（需有导入权限）")
        imp.add_argument(
            "--partial", action="store_true", help="只导入无误的行（默认任一行有误则全部不导入）"
        )
        imp.add_argument("--dry-run", action="store_true", help="只检查，不导入")
        sub.add_parser("reindex", help="重建全文检索索引")
        sub.add_parser("refresh-due", help="节假日安排录入后，重算推定的公开期限")

    def handle(self, *args, verb: str, **options) -> None:
        if verb == "publish-due":
            from gongkai.publications import actions

            published = actions.publish_due_items(acting_user=None)
            for item in published:
                self.stdout.write(f"已发布 {item.index_no} {item.title}")
            self.stdout.write(f"共发布 {len(published)} 条")
        elif verb == "reindex":
            from gongkai.publications import search

            with transaction.atomic():
                count = search.rebuild()
            self.stdout.write(f"已重建索引：{count} 条")
        elif verb == "refresh-due":
            from gongkai.publications import actions

            self.stdout.write(f"已更新 {actions.refresh_due_dates(acting_user=None)} 条的公开期限")
        else:
            self._import(**options)

    def _import(self, file: Path, agency: str, user: str, partial: bool, dry_run: bool, **_) -> None:
        from gongkai.publications import actions, imports

        found = Agency.objects.filter(slug=agency).first()
        if found is None:
            raise CommandError(f"找不到机关：{agency}")
        acting_user = User.objects.filter(username=user).first()
        if acting_user is None:
            raise CommandError(f"找不到账户：{user}")
        try:
            report = imports.validate(found, imports.read_table(file.name, file.read_bytes()))
        except (OSError, imports.ImportFileError) as exc:
            raise CommandError(str(exc)) from None
        for error in report.errors:
            self.stderr.write(error)
        if report.errors and not partial:
            raise CommandError(f"共 {report.total} 行，其中有误的 {report.bad_rows} 行，未导入任何数据")
        if dry_run:
            self.stdout.write(f"检查完毕：{len(report.rows)} 行可导入（未导入）")
            return
        try:
            created = actions.import_catalog(found, report.rows, acting_user=acting_user, source=str(file))
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)]))) from None
        self.stdout.write(f"已导入 {len(created)} 条")
