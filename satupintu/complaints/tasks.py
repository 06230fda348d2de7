"""The periodic complaint clock (reminders, overdue marks, escalation, automatic closing)."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def run_clocks() -> dict[str, Any]:
    from satupintu.complaints.services import clocks_run

    return clocks_run()
