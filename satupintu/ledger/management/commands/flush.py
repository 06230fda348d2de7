"""`manage.py flush`, able to empty the append-only ledger tables.

Flushing deletes every row of every table, so there is nothing left for the ledger's triggers
to protect; the test runner also flushes between transactional tests. The triggers are lifted
and restored inside one transaction, so they are never missing once the flush commits.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

from satupintu.ledger import triggers


class Command(flush.Command):
    help = flush.Command.help + " Ledger triggers are lifted for the flush and restored after."

    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        tables = set(connection.introspection.table_names())
        guarded = set(triggers.TABLES) <= tables and bool(triggers.trigger_names(database))
        if not guarded:
            super().handle(**options)
            return
        with transaction.atomic(using=database):
            triggers.drop_triggers(database)
            super().handle(**options)
            triggers.create_triggers(database)
