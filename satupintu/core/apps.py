from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "satupintu.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from satupintu.core import checks  # noqa: F401 - registers the system checks
        from satupintu.core.cache import create_cache_table

        # The throttles' shared cache table: created by every `migrate` (tests, `make run`,
        # deployments), so no separate `createcachetable` step can be forgotten.
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="satupintu-cache-table")
