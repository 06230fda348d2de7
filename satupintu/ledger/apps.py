from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "satupintu.ledger"
    label = "ledger"
    verbose_name = _("Buku besar audit")

    def ready(self) -> None:
        # Registers the system check and the key cache reset on settings changes.
        from satupintu.ledger import checks, keys  # noqa: F401
