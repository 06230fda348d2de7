"""PostgreSQL: the full-text index in a narrow table of its own, kept by triggers.

A catalog row is several kilobytes of standard text, so its `search_vector` is TOASTed: every
test of a matched row's vector read it back from the TOAST table, and the planner, seeing half
the catalog match "akta lahir", scanned the whole table doing so (EXPLAIN ANALYZE at 30,000
services: 0.8 s a pass, three passes a search). Here each service's vector and its two short
search columns live in `catalog_service_search` (about 1.4 KB a row, kept in the row itself),
written by triggers on every insert, update of the search columns, delete and truncate of
`catalog_service`, so bulk writes follow too; the weighted `search_vector` column stays the one
definition of the vector. The covering index of migration 0008 gives the filter, facet and
order columns without the wide rows. SQLite has its FTS5 table and is not touched.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE TABLE catalog_service_search (id bigint PRIMARY KEY, search_name text NOT NULL, "
    "search_keys text NOT NULL, vector tsvector NOT NULL)",
    "ALTER TABLE catalog_service_search ALTER COLUMN vector SET STORAGE MAIN",
    "INSERT INTO catalog_service_search (id, search_name, search_keys, vector) "
    "SELECT id, search_name, search_keys, search_vector FROM catalog_service",
    "CREATE INDEX catalog_service_search_gin ON catalog_service_search USING gin (vector)",
    """CREATE FUNCTION catalog_service_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM catalog_service_search WHERE id = OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO catalog_service_search (id, search_name, search_keys, vector)
    VALUES (NEW.id, NEW.search_name, NEW.search_keys, NEW.search_vector)
    ON CONFLICT (id) DO UPDATE SET search_name = EXCLUDED.search_name,
        search_keys = EXCLUDED.search_keys, vector = EXCLUDED.vector;
    RETURN NEW;
END $$""",
    """CREATE FUNCTION catalog_service_search_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE catalog_service_search;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER catalog_service_search_write AFTER INSERT OR DELETE OR UPDATE OF "
    "search_name, search_keys, search_text ON catalog_service "
    "FOR EACH ROW EXECUTE FUNCTION catalog_service_search_sync()",
    "CREATE TRIGGER catalog_service_search_truncate AFTER TRUNCATE ON catalog_service "
    "FOR EACH STATEMENT EXECUTE FUNCTION catalog_service_search_clear()",
    # Read from the table above now; the vector column stays, as its definition.
    "DROP INDEX IF EXISTS catalog_service_search_vector_gin",
    "CREATE INDEX IF NOT EXISTS catalog_service_search_cover ON catalog_service "
    "(id, status, agency_id, category_id, slug, name)",
    "ANALYZE catalog_service_search",
    "ANALYZE catalog_service",
    "ANALYZE organizations_agency",
]
PG_REVERSE = [
    "DROP INDEX IF EXISTS catalog_service_search_cover",
    "CREATE INDEX IF NOT EXISTS catalog_service_search_vector_gin ON catalog_service "
    "USING gin (search_vector)",
    "DROP TRIGGER IF EXISTS catalog_service_search_truncate ON catalog_service",
    "DROP TRIGGER IF EXISTS catalog_service_search_write ON catalog_service",
    "DROP FUNCTION IF EXISTS catalog_service_search_clear()",
    "DROP FUNCTION IF EXISTS catalog_service_search_sync()",
    "DROP TABLE IF EXISTS catalog_service_search",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for sql in PG_FORWARD:
                cursor.execute(sql)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for sql in PG_REVERSE:
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_search_cover_index")]

    operations = [migrations.RunPython(forward, reverse)]
