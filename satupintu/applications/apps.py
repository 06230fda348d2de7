from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "satupintu.applications"
    label = "applications"

    def ready(self) -> None:
        from satupintu.applications import checks, ledger_readers, outputs, privacy  # noqa: F401

        privacy.register()
        ledger_readers.register()
        outputs.register()
