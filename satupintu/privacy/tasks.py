"""Scheduled privacy jobs (django-tasks). Enqueue `apply_retention` daily, or run
`manage.py apply_retention` from cron."""

from __future__ import annotations

from django_tasks import task

from satupintu.privacy import services


@task()
def apply_retention() -> dict[str, int]:
    return services.retention_apply(actor=None)
