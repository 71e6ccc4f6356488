"""The full-text index of published items, per database (see publications/search.py).

SQLite: an FTS5 table over publications_searchdoc (external content, rowid = sort_key) kept in
step by triggers. PostgreSQL: a stored generated tsvector column with a GIN index. Both reversible.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE publications_fts USING fts5("
    "doc, content='publications_searchdoc', content_rowid='sort_key', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER publications_searchdoc_ai AFTER INSERT ON publications_searchdoc BEGIN "
    "INSERT INTO publications_fts(rowid, doc) VALUES (new.sort_key, new.doc); END",
    "CREATE TRIGGER publications_searchdoc_ad AFTER DELETE ON publications_searchdoc BEGIN "
    "INSERT INTO publications_fts(publications_fts, rowid, doc) VALUES ('delete', old.sort_key, old.doc); END",
    "CREATE TRIGGER publications_searchdoc_au AFTER UPDATE ON publications_searchdoc BEGIN "
    "INSERT INTO publications_fts(publications_fts, rowid, doc) VALUES ('delete', old.sort_key, old.doc); "
    "INSERT INTO publications_fts(rowid, doc) VALUES (new.sort_key, new.doc); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS publications_searchdoc_au",
    "DROP TRIGGER IF EXISTS publications_searchdoc_ad",
    "DROP TRIGGER IF EXISTS publications_searchdoc_ai",
    "DROP TABLE IF EXISTS publications_fts",
]
POSTGRESQL_FORWARD = [
    "ALTER TABLE publications_searchdoc ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, doc)) STORED",
    "CREATE INDEX publications_searchdoc_tsv ON publications_searchdoc USING gin (tsv)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS publications_searchdoc_tsv",
    "ALTER TABLE publications_searchdoc DROP COLUMN IF EXISTS tsv",
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
    dependencies = [("publications", "0002_seed_topics")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
