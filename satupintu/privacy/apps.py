from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "satupintu.privacy"
    label = "privacy"
    verbose_name = "Pelindungan Data Pribadi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from satupintu.privacy import contributors

        contributors.register_all()
