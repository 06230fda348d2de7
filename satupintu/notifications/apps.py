from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "satupintu.notifications"
    label = "notifications"
    verbose_name = _("Notifikasi")

    def ready(self) -> None:
        from satupintu.core import jobs
        from satupintu.notifications import checks  # noqa: F401 - registers the lease check

        def deliver() -> dict[str, int] | None:
            from satupintu.notifications.delivery import deliver_pending

            report = deliver_pending()
            return report.as_dict() if report.claimed else None

        # The courier: due outbox messages every 2 s, leases of dead deliverers taken back.
        jobs.register("notifications.deliver", deliver, every=2.0)
