"""Refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the tree, checkpoint and
co-signature tables, as migration 0002 does for entries and seals.

The SQL is a frozen copy of satupintu/ledger/triggers.py at the time of writing; the
`ledger_refuse_change` function on PostgreSQL is the one migration 0002 created.
"""

from django.db import migrations

TABLES = ("ledger_treeleaf", "ledger_treenode", "ledger_checkpoint", "ledger_cosignature")


def _create_sql(vendor):
    if vendor == "postgresql":
        sql = []
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
        return sql
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
    dependencies = [("ledger", "0003_one_tree_checkpoints_witnesses")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
