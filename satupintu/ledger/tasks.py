"""Background task: seal pending ledger entries (the loop command is the usual driver)."""

from __future__ import annotations

from django_tasks import task

from satupintu.ledger import services


@task()
def seal_pending() -> int:
    """Seal what can be sealed; return how many seals were made."""
    return len(services.seal_pending())
