from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "satupintu.privacy"
    label = "privacy"
    verbose_name = "Pelindungan Data Pribadi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from satupintu.notifications.services import register_recipient_check
        from satupintu.privacy import contributors
        from satupintu.privacy.services import notification_refusal

        contributors.register_all()
        register_recipient_check(notification_refusal)
