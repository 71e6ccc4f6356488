"""The full-text index of published service items, per database (see service_items/search.py).

SQLite: an FTS5 table over service_items_servicesearchdoc (external content, rowid = item id) kept
in step by triggers. PostgreSQL: a stored generated tsvector column with a GIN index. Both reversible.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE service_items_fts USING fts5("
    "doc, content='service_items_servicesearchdoc', content_rowid='item_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER service_items_searchdoc_ai AFTER INSERT ON service_items_servicesearchdoc BEGIN "
    "INSERT INTO service_items_fts(rowid, doc) VALUES (new.item_id, new.doc); END",
    "CREATE TRIGGER service_items_searchdoc_ad AFTER DELETE ON service_items_servicesearchdoc BEGIN "
    "INSERT INTO service_items_fts(service_items_fts, rowid, doc) VALUES ('delete', old.item_id, old.doc); END",
    "CREATE TRIGGER service_items_searchdoc_au AFTER UPDATE ON service_items_servicesearchdoc BEGIN "
    "INSERT INTO service_items_fts(service_items_fts, rowid, doc) VALUES ('delete', old.item_id, old.doc); "
    "INSERT INTO service_items_fts(rowid, doc) VALUES (new.item_id, new.doc); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS service_items_searchdoc_au",
    "DROP TRIGGER IF EXISTS service_items_searchdoc_ad",
    "DROP TRIGGER IF EXISTS service_items_searchdoc_ai",
    "DROP TABLE IF EXISTS service_items_fts",
]
POSTGRESQL_FORWARD = [
    "ALTER TABLE service_items_servicesearchdoc ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, doc)) STORED",
    "CREATE INDEX service_items_searchdoc_tsv ON service_items_servicesearchdoc USING gin (tsv)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS service_items_searchdoc_tsv",
    "ALTER TABLE service_items_servicesearchdoc DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"不支持的数据库：{schema_editor.connection.vendor}")
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("service_items", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
