from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "satupintu.ledger"
    label = "ledger"
    verbose_name = _("Buku besar audit")

    def ready(self) -> None:
        # Registers the system check and the key cache reset on settings changes.
        from django.conf import settings

        from satupintu.core import jobs
        from satupintu.ledger import checks, keys  # noqa: F401

        def seal() -> int:
            from satupintu.ledger.services import seal_pending

            return len(seal_pending(max_entries=settings.LEDGER_SEAL_MAX_ENTRIES))

        # Sealing in the background process (`manage.py background`) every LEDGER_SEAL_INTERVAL.
        jobs.register("ledger.seal", seal, every=lambda: float(settings.LEDGER_SEAL_INTERVAL))
