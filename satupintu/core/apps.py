import contextlib

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "satupintu.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from satupintu.core import checks  # noqa: F401 - registers the system checks
        from satupintu.core.cache import create_cache_table
        from satupintu.core.files import private_dir, tighten_sqlite_file

        # Django's files.E001 check wants the upload temp dir to exist before the first upload;
        # it lives in the data dir, which must be writable anyway. A path that cannot be made
        # is left for that check to report by name.
        with contextlib.suppress(OSError):
            private_dir(settings.FILE_UPLOAD_TEMP_DIR)
        connection_created.connect(tighten_sqlite_file, dispatch_uid="satupintu.private_sqlite")
        from satupintu.core import calendar
        from satupintu.core.models import CalendarEntry

        calendar.CORRECTIONS.watch(CalendarEntry)
        # The throttles' shared cache table: created by every `migrate` (tests, `make run`,
        # deployments), so no separate `createcachetable` step can be forgotten.
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="satupintu-cache-table")
