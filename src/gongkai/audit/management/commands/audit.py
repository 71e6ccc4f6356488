"""`gongkai audit verify [--expect-head HASH]` and `gongkai audit purge [--dry-run]`."""

from __future__ import annotations

import sys
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gongkai.audit import trail
from gongkai.audit.models import AuditEvent


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链；purge 删除超过保存期限（不少于 180 天）的事件"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser("verify")
        verify.add_argument("--expect-head", help="此前记录在别处的链头哈希：发现尾部事件被删除")
        purge = sub.add_parser("purge")
        purge.add_argument("--dry-run", action="store_true")

    def handle(self, *args, verb: str, **options) -> None:
        if verb == "verify":
            self._verify(options.get("expect_head"))
        else:
            self._purge(options["dry_run"])

    def _verify(self, expect_head: str | None) -> None:
        result = trail.verify()
        if not result.ok:
            self.stderr.write(
                f"审计链校验失败：已校验 {result.checked} 条；第一个异常事件 #{result.bad_seq}：{result.problem}"
            )
            sys.exit(1)
        if (
            expect_head
            and expect_head != result.head_hash
            and not AuditEvent.objects.filter(hash=expect_head).exists()
        ):
            self.stderr.write(
                f"审计链校验失败：已校验 {result.checked} 条；记录的链头 {expect_head} 不在链中（尾部事件被删除）"
            )
            sys.exit(1)
        self.stdout.write(
            f"审计链完整：已校验 {result.checked} 条事件；链头 #{result.head_seq} {result.head_hash}"
        )

    def _purge(self, dry_run: bool) -> None:
        days = settings.GONGKAI_AUDIT_RETENTION_DAYS
        if dry_run:
            cutoff = timezone.now() - timedelta(days=days)
            count = AuditEvent.objects.filter(created_at__lt=cutoff).count()
            self.stdout.write(f"将删除 {count} 条早于 {days} 天的事件（试运行，未删除）")
            return
        self.stdout.write(f"已删除 {trail.purge_older_than(days)} 条早于 {days} 天的事件")
