"""The full-text index of the catalog, on whichever engine the deployment runs.

SQLite: an FTS5 external-content table over catalog_service's three stemmed columns (the rows
live once, in catalog_service; the catalog services write the index on every change).
PostgreSQL: a generated, weighted tsvector column with a GIN index, and pg_trgm with a trigram
index on the vocabulary where the extension is available.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE catalog_service_fts USING fts5("
    "search_name, search_keys, search_text, content='catalog_service', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO catalog_service_fts(catalog_service_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS catalog_service_fts"]

PG_FORWARD = [
    "ALTER TABLE catalog_service ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', coalesce(search_name, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(search_keys, '')), 'B') || "
    "setweight(to_tsvector('simple', coalesce(search_text, '')), 'C')) STORED",
    "CREATE INDEX catalog_service_search_vector_gin ON catalog_service USING gin (search_vector)",
]
PG_REVERSE = [
    "DROP INDEX IF EXISTS catalog_service_search_vector_gin",
    "ALTER TABLE catalog_service DROP COLUMN IF EXISTS search_vector",
]
PG_TRGM = "CREATE INDEX catalog_searchterm_trgm ON catalog_searchterm USING gin (term gin_trgm_ops)"


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_FORWARD:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            for sql in PG_FORWARD:
                cursor.execute(sql)
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            if cursor.fetchone():
                cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
                if not cursor.fetchone():
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(PG_TRGM)


def reverse(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in SQLITE_REVERSE:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS catalog_searchterm_trgm")
            for sql in PG_REVERSE:
                cursor.execute(sql)


# Spelling variants, abbreviations, old and new names and regional words that every deployment
# starts with; agencies add their own in the back office.
SYNONYMS = [
    ("akte", "akta", "ejaan lama"),
    ("ktp", "ktp-el kartu tanda penduduk", "singkatan"),
    ("ektp", "ktp-el kartu tanda penduduk", "singkatan"),
    ("e-ktp", "ktp-el kartu tanda penduduk", "singkatan"),
    ("imb", "pbg persetujuan bangunan gedung", "nama lama"),
    ("sktm", "surat keterangan tidak mampu", "singkatan"),
    ("kk", "kartu keluarga", "singkatan"),
    ("skck", "surat keterangan catatan kepolisian", "singkatan"),
    ("siup", "nib perizinan berusaha", "nama lama"),
    ("tdp", "nib perizinan berusaha", "nama lama"),
    ("situ", "nib perizinan berusaha", "nama lama"),
    ("npwp", "nomor pokok wajib pajak", "singkatan"),
    ("pbb", "pajak bumi bangunan", "singkatan"),
    ("kia", "kartu identitas anak", "singkatan"),
    ("lahiran", "kelahiran", "bahasa sehari-hari"),
    ("brojol", "kelahiran", "bahasa sehari-hari"),
    ("nikahan", "pernikahan", "bahasa sehari-hari"),
    ("kawin", "nikah", "bahasa sehari-hari"),
    ("meninggal", "kematian", "bahasa sehari-hari"),
    ("wafat", "kematian", "bahasa sehari-hari"),
    ("pindahan", "pindah", "bahasa sehari-hari"),
    ("ngurus", "urus", "bahasa sehari-hari"),
    ("bikin", "buat", "bahasa sehari-hari"),
    ("jabang", "bayi", "bahasa Jawa"),
    ("orok", "bayi", "bahasa Sunda"),
    ("budak", "anak", "bahasa Sunda"),
    ("bocah", "anak", "bahasa Jawa"),
    ("omah", "rumah", "bahasa Jawa"),
    ("imah", "rumah", "bahasa Sunda"),
    ("duit", "biaya", "bahasa sehari-hari"),
    ("warung", "usaha", "bahasa sehari-hari"),
    ("dagang", "usaha", "bahasa sehari-hari"),
]


def seed_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    for term, replacement, note in SYNONYMS:
        SearchSynonym.objects.get_or_create(term=term, replacement=replacement, note=note)


def unseed_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("catalog", "SearchSynonym")
    for term, replacement, _note in SYNONYMS:
        SearchSynonym.objects.filter(term=term, replacement=replacement, agency=None).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_search_index_tables")]

    operations = [
        migrations.RunPython(forward, reverse),
        migrations.RunPython(seed_synonyms, unseed_synonyms),
    ]
