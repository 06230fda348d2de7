from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "satupintu.privacy"
    label = "privacy"
    verbose_name = "Pelindungan Data Pribadi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from satupintu.notifications.services import register_recipient_check
        from satupintu.privacy import contributors
        from satupintu.privacy.services import notification_refusals

        contributors.register_all()
        register_recipient_check(notification_refusals)
        from satupintu.privacy.models import Notice
        from satupintu.privacy.services import NOTICES

        NOTICES.watch(Notice)
        from satupintu.core import jobs

        def reminders() -> dict[str, int]:
            from satupintu.privacy.services import dsr_reminders

            return dsr_reminders()

        def retention() -> dict[str, int]:
            from satupintu.privacy.services import retention_apply

            return retention_apply(actor=None)

        # DPO reminders at 48 and 66 hours and escalation (every 5 minutes); retention daily.
        jobs.register("privacy.reminders", reminders, every=300.0)
        jobs.register("privacy.retention", retention, every=86400.0)
