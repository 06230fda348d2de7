from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from satupintu.accounts.models import ContactVerification
from satupintu.privacy.services import retention_apply


def make_code(user: Any, *, age_days: int) -> ContactVerification:
    created = timezone.now() - dt.timedelta(days=age_days)
    return ContactVerification.objects.create(
        user=user,
        channel="email",
        code_hash="tidak-dipakai",
        created_at=created,
        expires_at=created + dt.timedelta(minutes=10),
    )


def test_the_retention_job_deletes_contact_codes_older_than_the_rule(world: Any) -> None:
    old = make_code(world.siti, age_days=31)
    recent = make_code(world.siti, age_days=2)

    first = retention_apply()
    second = retention_apply()

    assert first["contact_codes"] == 1 and second["contact_codes"] == 0
    assert not ContactVerification.objects.filter(pk=old.pk).exists()
    assert ContactVerification.objects.filter(pk=recent.pk).exists()
