"""Database triggers that make the ledger tables append-only.

The initial migration creates the same triggers with its own frozen copy of this SQL; these helpers
exist for `manage.py flush` (which must empty the tables) and for tests that tamper with rows
behind the application's back.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

TABLES = (
    "ledger_entry",
    "ledger_seal",
    "ledger_treeleaf",
    "ledger_treenode",
    "ledger_checkpoint",
    "ledger_cosignature",
)
PG_FUNCTION = "ledger_refuse_change"


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"
        for op in ("UPDATE", "DELETE")
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]


PG_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""


def _pg_create(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
    ]


def _pg_drop(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    ]


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [PG_FUNCTION_SQL] + [sql for table in TABLES for sql in _pg_create(table)]
    if vendor == "sqlite":
        return [sql for table in TABLES for sql in _sqlite_create(table)]
    raise NotImplementedError(f"no ledger triggers for {vendor}")


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [sql for table in TABLES for sql in _pg_drop(table)]
    if vendor == "sqlite":
        return [sql for table in TABLES for sql in _sqlite_drop(table)]
    raise NotImplementedError(f"no ledger triggers for {vendor}")


def _run(statements: list[str], using: str) -> None:
    with connections[using].cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    _run(create_sql(connections[using].vendor), using)


def drop_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    _run(drop_sql(connections[using].vendor), using)


def trigger_names(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid::regclass::text = ANY(%s)",
                [list(TABLES)],
            )
        else:
            marks = ", ".join(["%s"] * len(TABLES))
            cursor.execute(
                f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",  # noqa: S608 - placeholders only
                list(TABLES),
            )
        return {row[0] for row in cursor.fetchall()}
