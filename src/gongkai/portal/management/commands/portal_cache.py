"""`gongkai portal-cache bump`: invalidate every cached public page (after a restore or a hand edit)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "门户页面缓存：bump 使所有已缓存的公开页面失效（恢复备份或直接修改数据库后使用）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("bump", help="使所有已缓存的公开页面失效")

    def handle(self, *args, verb: str, **options) -> None:
        from gongkai.portal import cache

        cache.bump()
        self.stdout.write(f"门户页面缓存已更新到新版本（{cache.version()}）")
