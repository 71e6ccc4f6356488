"""The three built-in national record sets, the full-text index of subject names, the daily expiry job.

Search (see credit/search.py): SQLite gets an FTS5 table over credit_creditrecord.search_tokens
(external content). The import writes it once per chunk (imports._Writer): a per-row trigger
would make FTS5 flush a segment at every statement savepoint, ten times slower. Only deletion,
rare, goes through a trigger. PostgreSQL gets a stored generated tsvector column with a partial
GIN index. Both reversible.
"""

from datetime import datetime, time, timedelta

from django.db import migrations
from django.utils import timezone

BUILTIN = [
    ("xk", "行政许可", "licensing", "双公示：行政许可决定（全国模板 XK_ 字段）"),
    ("cf", "行政处罚", "penalty", "双公示：行政处罚决定（全国模板 CF_ 字段）"),
    ("qz", "行政强制", "coercion", "行政强制决定（年度报告第二部分统计用，不公示）"),
]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE credit_fts USING fts5("
    "search_tokens, content='credit_creditrecord', content_rowid='id', "
    "columnsize=0, tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER credit_record_ad AFTER DELETE ON credit_creditrecord "
    "WHEN old.search_tokens <> '' BEGIN "
    "INSERT INTO credit_fts(credit_fts, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS credit_record_ad",
    "DROP TABLE IF EXISTS credit_fts",
]
POSTGRESQL_FORWARD = [
    "ALTER TABLE credit_creditrecord ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_tokens)) STORED",
    "CREATE INDEX credit_record_search_tsv ON credit_creditrecord USING gin (search_tsv) "
    "WHERE search_tokens <> ''",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS credit_record_search_tsv",
    "ALTER TABLE credit_creditrecord DROP COLUMN IF EXISTS search_tsv",
]
EXPIRY_NAME = "credit.daily_expiry"
EXPIRY_FUNC = "gongkai.credit.jobs.expire_due"


def seed(apps, schema_editor):
    RecordSet = apps.get_model("credit", "RecordSet")
    for key, name, kind, description in BUILTIN:
        RecordSet.objects.update_or_create(key=key, defaults={"name": name, "kind": kind, "description": description})


def unseed(apps, schema_editor):
    apps.get_model("credit", "RecordSet").objects.filter(key__in=[b[0] for b in BUILTIN]).delete()


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"不支持的数据库：{schema_editor.connection.vendor}")
        for sql in statements:
            schema_editor.execute(sql)

    return run


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    now = timezone.localtime()
    first = timezone.make_aware(datetime.combine(now.date(), time(0, 30)))
    if first <= now:
        first += timedelta(days=1)
    Schedule.objects.update_or_create(
        name=EXPIRY_NAME,
        defaults={"func": EXPIRY_FUNC, "schedule_type": "D", "next_run": first, "repeats": -1},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=EXPIRY_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
        migrations.RunPython(schedule, unschedule),
    ]
