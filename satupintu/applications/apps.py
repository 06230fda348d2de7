from typing import Any

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "satupintu.applications"
    label = "applications"

    def ready(self) -> None:
        from satupintu.applications import checks, ledger_readers, outputs, privacy  # noqa: F401

        privacy.register()
        ledger_readers.register()
        outputs.register()

        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from satupintu.applications import assignment, name_index
        from satupintu.organizations.signals import officer_deactivated

        officer_deactivated.connect(
            assignment.on_officer_deactivated, dispatch_uid="applications-release-deactivated"
        )
        post_save.connect(
            name_index.on_user_saved,
            sender=get_user_model(),
            dispatch_uid="applications-name-index",
        )

        from satupintu.core import jobs

        def escalate() -> Any:
            from satupintu.applications.escalation import escalate_overdue

            return escalate_overdue()

        # SLA escalation of overdue workflow steps (each level sent once): every 5 minutes.
        jobs.register("applications.escalate", escalate, every=300.0)
