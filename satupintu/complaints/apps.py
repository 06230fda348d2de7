from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "satupintu.complaints"
    label = "complaints"

    def ready(self) -> None:
        from satupintu.complaints import receivers

        receivers.connect()
