"""Background work of the applications app."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import task

from satupintu.applications.models import Document, Output

ORPHAN_GRACE = dt.timedelta(days=1)


@task()
def sweep_orphan_files(month: str = "") -> int:
    """Delete stored files no Document or Output row points at (left by a rolled-back request).

    `month` is "YYYY/MM" (default: the current and the previous month). Files younger than a day
    are left alone, so an upload still in flight is never touched.
    """
    now = timezone.now()
    months = (
        [month]
        if month
        else [f"{now:%Y/%m}", f"{(now.replace(day=1) - dt.timedelta(days=1)):%Y/%m}"]
    )
    removed = 0
    # Uploads, and signed outputs whose issuing transaction rolled back after the file was saved.
    owners = (("applications", Document), ("outputs", Output))
    for (prefix, model), folder in [(o, f) for o in owners for f in months]:
        base = f"{prefix}/{folder}"
        try:
            _, files = default_storage.listdir(base)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
        names = {f"{base}/{name}" for name in files}
        known = set(
            model.objects.filter(storage_name__in=names).values_list("storage_name", flat=True)
        )
        for name in sorted(names - known):
            try:
                modified = default_storage.get_modified_time(name)
            except (NotImplementedError, OSError):
                continue
            if now - modified > ORPHAN_GRACE:
                default_storage.delete(name)
                removed += 1
    return removed


@task()
def escalate_overdue_steps() -> dict[str, int]:
    """Mark and escalate overdue workflow steps (applications.escalation; idempotent)."""
    from satupintu.applications.escalation import escalate_overdue

    return escalate_overdue()
