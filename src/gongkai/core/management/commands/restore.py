"""`gongkai restore FILE [--replace]`: load a backup made by `gongkai backup`, then verify it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core import backup


class Command(BaseCommand):
    help = "从 gongkai backup 生成的备份恢复数据库与附件文件，并核对记录数、文件和审计链"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="备份文件路径")
        parser.add_argument("--replace", action="store_true", help="删除数据库中的现有数据后恢复")

    def handle(self, *args, file: str, replace: bool, **options) -> None:
        try:
            restored = backup.restore(Path(file), replace=replace)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit = restored.manifest["audit"]
        self.stdout.write(
            f"已恢复：{sum(restored.counts.values())} 条记录，{restored.files} 个文件；"
            f"审计链完整，链头 #{audit['head_seq']} {audit['head_hash']}"
        )
