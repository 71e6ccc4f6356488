import os

from django.db import connection


def test_the_suite_runs_on_the_backend_the_environment_names(db):
    """Guards `make test`: the PostgreSQL pass must not silently stay on SQLite."""
    url = os.environ.get("GONGKAI_DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    if expected == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
