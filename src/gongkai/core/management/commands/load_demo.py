"""`gongkai load-demo`: load every app's demo data (apps with a `demo.load()`), idempotently."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "载入演示数据（可重复运行）"

    def handle(self, *args, **options) -> None:
        lines: list[str] = []
        with transaction.atomic():
            for config in apps.get_app_configs():
                module = f"{config.name}.demo"
                if config.name.startswith("gongkai.") and find_spec(module):
                    lines += import_module(module).load()
        self.stdout.write("\n".join(lines))
