"""A narrow index over what a search reads of every matched service, on SQLite.

A search touches each matched service (15,000 for "akta lahir" at 30,000 services) for its
status, agency and category (to filter, count facets) and its name and slug (to order). On
SQLite those columns sit after the long standard texts in the row, so every match read the
row's overflow pages; with this index the engine answers from the index alone ("SEARCH
catalog_service USING COVERING INDEX ... (id=?)"). PostgreSQL keeps short columns in the heap
tuple and needs no such index.
"""

from django.db import migrations

COVER = (
    "CREATE INDEX IF NOT EXISTS catalog_service_search_cover ON catalog_service "
    "(id, status, agency_id, category_id, slug, name)"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(COVER)
            cursor.execute("ANALYZE catalog_service")


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS catalog_service_search_cover")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_merge_search_and_workflows")]

    operations = [migrations.RunPython(forward, reverse)]
