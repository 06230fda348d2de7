"""Background delivery (django-tasks). ``notify`` enqueues ``deliver_pending`` on commit.

A run that had to postpone a message enqueues one more run for when it is due, if the task
backend can defer (the database and RQ backends can). ``manage.py deliver_notifications --loop``
is the safety net that also picks up messages whose worker died (expired leases).
"""

from __future__ import annotations

from django_tasks import task

from satupintu.notifications import delivery


@task()
def deliver_pending() -> dict[str, int]:
    report = delivery.deliver_pending()
    if report.next_retry_at is not None and deliver_pending.get_backend().supports_defer:
        deliver_pending.using(run_after=report.next_retry_at).enqueue()
    return report.as_dict()
