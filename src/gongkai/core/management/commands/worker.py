"""`gongkai worker`: run the background job workers and the scheduler (django-q2's cluster)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动后台任务进程（定时任务、导入等）"

    def handle(self, *args, **options) -> None:
        call_command("qcluster")
