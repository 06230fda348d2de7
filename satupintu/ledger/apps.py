from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "satupintu.ledger"
    label = "ledger"
