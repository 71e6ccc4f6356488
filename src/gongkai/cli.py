"""The `gongkai` command: the report engine's verbs without Django, everything else through Django.

`gongkai report parse|check|render|batch` must work on a researcher's laptop with no database,
so those words go straight to the pure-Python engine. Every other word is a Django management
command; hyphens are accepted for underscores (`load-demo` runs `load_demo`).
"""

from __future__ import annotations

import os
import sys

ENGINE_VERBS = {"parse", "check", "render", "batch"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) >= 2 and args[0] == "report" and args[1] in ENGINE_VERBS:
        from gongkai.annual_report.cli import main as report_main

        return report_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["gongkai", *args])
    except ImproperlyConfigured as exc:
        print(f"gongkai: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
