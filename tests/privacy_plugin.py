"""A pytest plugin for the whole run: no valid personal ID number (身份证号) in any log line or
any requested URL (law.md, Security bar: personal data never in logs or URLs).

Every log record (all loggers, any level) and the full path of every request the Django handler
serves in this process are checked; the run fails at its end, naming each leak. Processes a test
starts (the gunicorn servers and job worker of tests/zz_multiserver) write their output to files,
which that test scans with `leaking_lines`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import unquote_plus

import pytest

ID_NUMBER = re.compile(
    r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])"
)
LEAKS: list[str] = []


def leaks_in(text: str) -> list[str]:
    from gongkai.core.validators import check_id_number

    return [m for m in ID_NUMBER.findall(text or "") if check_id_number(m.upper()) is None]


def leaking_lines(path: Path) -> list[str]:
    """Each line of a log file (a subprocess's output: gunicorn's access log, stderr) that holds a
    valid ID number, as is or percent-decoded (a request line), as "file:line: text"."""
    text = Path(path).read_bytes().decode("utf-8", errors="replace")
    return [
        f"{Path(path).name}:{number}: {line[:200]}"
        for number, line in enumerate(text.splitlines(), start=1)
        if leaks_in(line) or leaks_in(unquote_plus(line))
    ]


class _Scanner(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a malformed record is the logging call's problem, not a leak
            text = str(record.msg)
        if record.exc_text:
            text += record.exc_text
        if leaks_in(text):
            LEAKS.append(f"日志 {record.name}: {text[:200]}")


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(_Scanner(level=logging.DEBUG))


@pytest.fixture(autouse=True, scope="session")
def _scan_request_paths():
    from django.core.handlers.base import BaseHandler

    original = BaseHandler.get_response

    def get_response(self, request):
        path = request.get_full_path()
        if leaks_in(path):
            LEAKS.append(f"网址: {path[:200]}")
        return original(self, request)

    BaseHandler.get_response = get_response
    yield
    BaseHandler.get_response = original


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if LEAKS:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"身份证号出现在日志或网址中（{len(LEAKS)} 处）：", red=True)
            for leak in LEAKS[:20]:
                reporter.write_line("  " + leak, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
