"""Fixtures of the credit tests: bureau A's staff, the built-in sets, and file writers."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from gongkai.credit import actions, samples
from gongkai.credit.models import RecordSet
from gongkai.credit.schema import builtin


@pytest.fixture(autouse=True)
def _calendar(seeded_calendar):
    """Lags are counted in working days."""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The portal's page cache is invalidated on commit, which these transaction-wrapped tests never
    # reach: off, so a page read before a change is not served again after it.
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 0


@pytest.fixture
def staff(make_staff):
    return {
        "clerk": make_staff("clerk", "a", "clerk"),
        "leader": make_staff("leader", "a", "leader"),
        "admin": make_staff("admin", "a", "agency_admin"),
        "reviewer": make_staff("reviewer", "a", "reviewer"),
        "clerk_b": make_staff("clerk-b", "b", "clerk"),
    }


@pytest.fixture
def builtin_sets(db):
    """The built-in sets as the data migration leaves them (transactional tests flush them)."""
    from importlib import import_module

    from django.apps import apps

    if RecordSet.objects.filter(key__in=("xk", "cf", "qz")).count() < 3:
        import_module("gongkai.credit.migrations.0002_builtin_sets_search_schedule").seed(apps, None)


@pytest.fixture
def sets(builtin_sets):
    return {key: RecordSet.objects.get(key=key) for key in ("xk", "cf", "qz")}


def columns(key: str, ext: bool = True) -> list[str]:
    return [f.code for f in builtin(key).fields if ext or not f.ext]


def write_rows(path: Path, rows: list[dict], cols: list[str], encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(cols)
        for row in rows:
            writer.writerow([row.get(c, "") for c in cols])
    return path


TODAY = date.today()
START, END = TODAY - timedelta(days=80), TODAY - timedelta(days=20)


def licences(n: int = 5, start: date = START, end: date = END, **kw) -> list[dict]:
    return list(samples.licensing_rows(n, start=start, end=end, **kw))


def penalties(n: int = 5, start: date = START, end: date = END, **kw) -> list[dict]:
    return list(samples.penalty_rows(n, start=start, end=end, **kw))


@pytest.fixture
def run_import(zone, tmp_path):
    """Import rows (or a file) into bureau A as the command line does (acting_user None) or as a user."""

    def run(
        record_set, rows=None, *, path=None, cols=None, user=None, agency="a", name="data.csv", **options
    ):
        if path is None:
            path = write_rows(tmp_path / name, rows, cols or columns(record_set.key or "xk"))
        reported_at = options.pop("reported_at", None)
        job = actions.create_import_job(
            acting_user=user,
            agency=zone[agency],
            record_set=record_set,
            file_name=Path(path).name,
            source=Path(path),
            **options,
        )
        outcome = actions.run_import(job, acting_user=user, reported_at=reported_at)
        job.refresh_from_db()
        return job, outcome

    return run
