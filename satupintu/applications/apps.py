from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "satupintu.applications"
    label = "applications"

    def ready(self) -> None:
        from satupintu.applications import ledger_readers, privacy

        privacy.register()
        ledger_readers.register()
