"""The report engine is pure Python: importing all of it must not load Django."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import importlib, pkgutil, sys
import gongkai.annual_report as ar
names = ["gongkai.annual_report." + m for m in ("parse", "render", "check", "cli", "batch", "formats", "model",
         "narrative")]
names += [m.name for m in pkgutil.walk_packages(ar.__path__, "gongkai.annual_report.") if m.name.split(".")[-1]
          != "__main__"]
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(names), loaded)
assert not loaded, loaded
"""


def test_importing_every_submodule_does_not_load_django() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    count = int(done.stdout.split()[0])
    assert count > 8


def test_the_command_runs_without_django() -> None:
    script = (
        "import runpy, sys\n"
        "sys.argv = ['x', 'check', '--help']\n"
        "try:\n    runpy.run_module('gongkai.annual_report', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "assert not [m for m in sys.modules if m.startswith('django')]\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
