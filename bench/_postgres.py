"""A throw-away PostgreSQL database per benchmark run: its address, creation and removal."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def db_url(base_url: str, name: str) -> str:
    """`base_url` (postgres://user@host:port/) pointing at database `name`."""
    return urlsplit(base_url)._replace(path=f"/{name}").geturl()


def _admin_connect(base_url: str) -> Any:
    import psycopg

    name = urlsplit(base_url).path.lstrip("/") or "postgres"
    return psycopg.connect(
        db_url(base_url, name).replace("postgres://", "postgresql://", 1), autocommit=True
    )


def copy_rows(table: str, columns: list[str], rows: Any) -> None:
    """COPY `rows` (lists in `columns` order) into `table` on Django's default connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.connection
        with (
            raw.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)


def create_database(base_url: str, name: str) -> None:
    with _admin_connect(base_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(base_url: str, name: str) -> None:
    """Drop `name`, first ending the sessions still connected to it."""
    with _admin_connect(base_url) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
