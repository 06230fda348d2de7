from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "satupintu.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from satupintu.core import checks  # noqa: F401 - registers the key checks
        from satupintu.core.files import tighten_sqlite_file

        connection_created.connect(tighten_sqlite_file, dispatch_uid="satupintu.private_sqlite")
