from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "satupintu.learning"
    label = "learning"

    def ready(self) -> None:
        from satupintu.learning import gates, privacy

        gates.register()
        privacy.register()
        from satupintu.core import jobs

        def remind() -> int:
            from satupintu.learning import services

            return services.mandatory_reminders_send()

        # Mandatory-course reminders, idempotent (once a month per officer and course).
        jobs.register("learning.remind", remind, every=86400.0)
