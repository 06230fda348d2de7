from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "satupintu.learning"
    label = "learning"

    def ready(self) -> None:
        from satupintu.learning import gates, privacy

        gates.register()
        privacy.register()
