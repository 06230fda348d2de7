from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "satupintu.complaints"
    label = "complaints"

    def ready(self) -> None:
        from satupintu.complaints import boardcache, receivers, reference

        receivers.connect()
        reference.watch()
        boardcache.watch()
        from satupintu.applications import hooks
        from satupintu.complaints.selectors import inbox_panel

        # One inbox: the officer's main inbox page says how many complaints wait for them.
        hooks.on_inbox(inbox_panel)
        from satupintu.core import jobs

        def clocks() -> dict[str, int]:
            from satupintu.complaints.services import clocks_run

            return clocks_run()

        # Reminders, overdue marks, escalation and automatic closing: idempotent, every 15 min.
        jobs.register("complaints.clocks", clocks, every=900.0)
