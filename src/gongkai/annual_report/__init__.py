"""Annual reports on government information disclosure (政府信息公开工作年度报告).

Pure Python, no Django: read a report in whatever form it was published (``parse``), check
it against the rules of ``specs/annual-report.md`` (``check``) and write it back in the
official layout (``render``). ``parse`` and ``render`` import their subpackages on first
use, so checking JSON never pays for PDF and DOCX libraries.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Literal

from .check import check
from .formats import FORMAT_2019, FORMAT_2021, FORMATS, Format
from .model import CheckResult, Finding, ParseError, Report, ReportError, ScannedPDFError

__all__ = [
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "CheckResult",
    "Finding",
    "Format",
    "ParseError",
    "Report",
    "ReportError",
    "ScannedPDFError",
    "check",
    "parse",
    "render",
]


def parse(source: str | bytes | os.PathLike[str], *, filename: str | None = None) -> Report:
    """Read a report from a path, text or file bytes (``filename`` hints the type of bytes)."""
    from .parse import parse as _parse

    return _parse(source, filename=filename)


def render(report: Report, to: Literal["html", "docx", "pdf", "txt"]) -> bytes:
    """Write a report in the official layout as HTML, DOCX, PDF or plain text."""
    from .render import render as _render

    return _render(report, to)


class _Package(types.ModuleType):
    """Keep ``parse``/``render``/``check`` the functions once their subpackages are imported.

    Importing ``gongkai.annual_report.parse`` would otherwise rebind the package attribute
    ``parse`` to the submodule and break ``annual_report.parse(...)`` for every later caller.
    The submodules stay reachable through ``sys.modules`` and ``from … import``.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("parse", "render", "check") and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
