"""The database cache, with an ``incr`` that two processes cannot both win.

Django's ``DatabaseCache`` inherits ``incr`` from ``BaseCache``: a ``get`` then a ``set``. Two
web workers counting the same failure can both read 4 and both write 5, and the ``set`` also
replaces the entry's expiry with the default timeout, so a throttle window would slide. Here the
row is read and written in one transaction that holds it (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite the ``IMMEDIATE`` transaction mode of our settings takes the write lock at
``BEGIN``), and only the value changes: the window keeps the expiry that ``add`` gave it.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.management import call_command
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)  # type: ignore[attr-defined]
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote_name('value')}, {quote_name('expires')} FROM {table} "  # noqa: S608 - names quoted, value bound
                f"WHERE {quote_name('cache_key')} = %s{lock}",
                [cache_key],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key {key!r} not found")
            raw, expires = row
            for converter in converters:
                expires = converter(expires, expression, connection)
            if expires < tz_now():
                raise ValueError(f"Key {key!r} not found")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(raw).encode()))  # noqa: S301 - our own rows
            new_value = int(value) + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode(
                "latin1"
            )
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s "  # noqa: S608 - names quoted, value bound
                f"WHERE {quote_name('cache_key')} = %s",
                [encoded, cache_key],
            )
        return new_value

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self.incr(key, -delta, version)


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """Create the cache table of every database cache (post_migrate; a no-op when it exists)."""
    call_command("createcachetable", database=using, verbosity=0)
