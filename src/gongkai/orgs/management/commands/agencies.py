"""`gongkai agencies [--json]`: the agency tree for scripts and operators."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from gongkai.orgs.models import Agency


class Command(BaseCommand):
    help = "列出机关（--json 输出 JSON）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options) -> None:
        rows = [
            {
                "id": a.pk,
                "name": a.name,
                "short_name": a.short_name,
                "credit_code": a.credit_code,
                "level": a.level,
                "level_label": a.get_level_display(),
                "parent": a.parent_id,
            }
            for a in Agency.objects.order_by("path")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['id']:>4}  {row['credit_code']}  {row['level_label']:<4}  {row['name']}")
