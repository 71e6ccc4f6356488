"""`gongkai serve`: gunicorn with the project's WSGI app (what `make demo` runs)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "启动 Web 服务（gunicorn）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, bind: str, workers: int, **options) -> None:
        from gunicorn.app.wsgiapp import run

        sys.argv = [
            "gunicorn",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--config",
            "python:gongkai.gunicorn_conf",
            "--access-logfile",
            "-",
            "gongkai.wsgi:application",
        ]
        self.stdout.write(f"服务地址：http://{bind}/  （Ctrl+C 停止）")
        run()
