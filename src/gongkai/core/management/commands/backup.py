"""`gongkai backup FILE`: the database (portable JSON, natural keys) and media files in one tar."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core import backup


class Command(BaseCommand):
    help = "备份数据库与附件文件到一个 tar 文件（SQLite 与 PostgreSQL 通用）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="备份文件路径，如 /backup/gongkai-20261127.tar")

    def handle(self, *args, file: str, **options) -> None:
        try:
            manifest = backup.create(Path(file))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"已备份到 {file}：{rows} 条记录，{len(manifest['files'])} 个文件；"
            f"审计链头 #{manifest['audit']['head_seq']} {manifest['audit']['head_hash']}"
        )
