"""The ledger's tables, append-only from the start.

One migration for what migrations 0001-0004 built before the project's first release. The
trigger SQL is a frozen copy of satupintu/ledger/triggers.py at the time of writing: UPDATE and
DELETE (and TRUNCATE on PostgreSQL) are refused on every ledger table.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLES = (
    "ledger_entry",
    "ledger_seal",
    "ledger_treeleaf",
    "ledger_treenode",
    "ledger_checkpoint",
    "ledger_cosignature",
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


def _create_sql(vendor):
    if vendor == "postgresql":
        sql = [PG_FUNCTION]
        for table in TABLES:
            sql += [
                f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()",
            ]
        return sql
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"
            for table in TABLES
            for op in ("UPDATE", "DELETE")
        ]
    raise NotImplementedError(f"SatuPintu's ledger needs SQLite or PostgreSQL, not {vendor}")


def _drop_sql(vendor):
    if vendor == "postgresql":
        sql = []
        for table in TABLES:
            sql += [
                f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            ]
        return sql + ["DROP FUNCTION IF EXISTS ledger_refuse_change()"]
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{op}" for table in TABLES for op in ("update", "delete")
    ]


def create_triggers(apps, schema_editor):
    for sql in _create_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql, None)  # None: no %-placeholder parsing


def drop_triggers(apps, schema_editor):
    for sql in _drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql, None)  # None: no %-placeholder parsing


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("ledger", "0001_entry_seal"),
        ("ledger", "0002_append_only_triggers"),
        ("ledger", "0003_one_tree_checkpoints_witnesses"),
        ("ledger", "0004_tree_append_only_triggers"),
    ]

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Checkpoint',
            fields=[
                ('id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('tree_size', models.PositiveBigIntegerField(unique=True, verbose_name='jumlah entri')),
                ('root_hash', models.CharField(max_length=64, verbose_name='akar pohon')),
                ('seal_id', models.BigIntegerField(unique=True, verbose_name='segel')),
                ('origin', models.CharField(max_length=100, verbose_name='asal')),
                ('key_id', models.CharField(max_length=16, verbose_name='ID kunci')),
                ('signature', models.CharField(max_length=128, verbose_name='tanda tangan')),
                ('created_at', models.DateTimeField(verbose_name='waktu')),
            ],
            options={
                'verbose_name': 'checkpoint buku besar',
                'verbose_name_plural': 'checkpoint buku besar',
            },
        ),
        migrations.CreateModel(
            name='Seal',
            fields=[
                ('id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('tx_lo', models.BigIntegerField(unique=True)),
                ('tx_hi', models.BigIntegerField(unique=True)),
                ('first_entry_id', models.BigIntegerField()),
                ('last_entry_id', models.BigIntegerField()),
                ('size', models.PositiveIntegerField(verbose_name='jumlah entri')),
                ('total', models.PositiveBigIntegerField(verbose_name='total entri')),
                ('root', models.CharField(max_length=64, verbose_name='akar Merkle')),
                ('prev_seal_hash', models.CharField(max_length=64, unique=True, verbose_name='hash segel sebelumnya')),
                ('seal_hash', models.CharField(max_length=64, unique=True, verbose_name='hash segel')),
                ('signature', models.CharField(max_length=128, verbose_name='tanda tangan')),
                ('key_id', models.CharField(max_length=16, verbose_name='ID kunci')),
                ('created_at', models.DateTimeField(verbose_name='waktu')),
            ],
            options={
                'verbose_name': 'segel buku besar',
                'verbose_name_plural': 'segel buku besar',
            },
        ),
        migrations.CreateModel(
            name='TreeLeaf',
            fields=[
                ('index', models.BigIntegerField(primary_key=True, serialize=False)),
                ('entry_id', models.BigIntegerField(unique=True)),
                ('leaf_hash', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'daun pohon buku besar',
                'verbose_name_plural': 'daun pohon buku besar',
            },
        ),
        migrations.CreateModel(
            name='WitnessKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='nama saksi')),
                ('public_key', models.CharField(max_length=64, unique=True, verbose_name='kunci publik (base64)')),
                ('key_id', models.CharField(editable=False, max_length=16, unique=True, verbose_name='ID kunci')),
                ('contact_url', models.URLField(blank=True, verbose_name='tautan saksi')),
                ('active', models.BooleanField(default=True, verbose_name='aktif')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='terdaftar')),
            ],
            options={
                'verbose_name': 'kunci saksi',
                'verbose_name_plural': 'kunci saksi',
            },
        ),
        migrations.CreateModel(
            name='Entry',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('tx', models.BigIntegerField(verbose_name='transaksi')),
                ('created_at', models.DateTimeField(verbose_name='waktu')),
                ('actor_type', models.CharField(max_length=16, verbose_name='jenis pelaku')),
                ('actor_id', models.BigIntegerField(blank=True, null=True, verbose_name='ID pelaku')),
                ('action', models.CharField(max_length=100, verbose_name='tindakan')),
                ('subject_type', models.CharField(blank=True, max_length=100, verbose_name='jenis objek')),
                ('subject_id', models.CharField(blank=True, max_length=64, verbose_name='ID objek')),
                ('data', models.JSONField(default=dict, verbose_name='data')),
                ('entry_hash', models.CharField(max_length=64, verbose_name='hash entri')),
            ],
            options={
                'verbose_name': 'entri buku besar',
                'verbose_name_plural': 'entri buku besar',
                'indexes': [models.Index(fields=['tx', 'id'], name='ledger_entry_tx_id'), models.Index(fields=['subject_type', 'subject_id'], name='ledger_entry_subject')],
            },
        ),
        migrations.CreateModel(
            name='TreeNode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.PositiveSmallIntegerField()),
                ('index', models.BigIntegerField()),
                ('hash', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'simpul pohon buku besar',
                'verbose_name_plural': 'simpul pohon buku besar',
                'constraints': [models.UniqueConstraint(fields=('level', 'index'), name='ledger_treenode_level_index')],
            },
        ),
        migrations.CreateModel(
            name='Cosignature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('time', models.BigIntegerField(verbose_name='waktu saksi (detik Unix)')),
                ('signature', models.CharField(max_length=128, verbose_name='tanda tangan')),
                ('received_at', models.DateTimeField(verbose_name='diterima')),
                ('checkpoint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cosignatures', to='ledger.checkpoint')),
                ('witness', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cosignatures', to='ledger.witnesskey')),
            ],
            options={
                'verbose_name': 'tanda tangan saksi',
                'verbose_name_plural': 'tanda tangan saksi',
                'constraints': [models.UniqueConstraint(fields=('checkpoint', 'witness'), name='ledger_cosignature_once_per_witness')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
