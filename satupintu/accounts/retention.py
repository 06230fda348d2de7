"""Accounts' part of the personal-data retention job (satupintu.privacy RetentionRule)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from satupintu.accounts.models import ContactVerification, User
from satupintu.privacy.contributors import ERASED_DOMAIN


def delete_old_contact_codes(cutoff: dt.datetime, action: str) -> int:
    """Delete contact-confirmation records created before `cutoff` (rule "contact_codes")."""
    deleted, _ = ContactVerification.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def delete_unconfirmed_accounts(cutoff: dt.datetime, action: str) -> int:
    """Delete citizen accounts never confirmed nor used, joined before `cutoff` (rule
    "unconfirmed_accounts"): inactive, never signed in, no consent or privacy request on record,
    and not an account anonymised on request."""
    stale = (
        User._default_manager.filter(
            is_active=False, last_login__isnull=True, date_joined__lt=cutoff, is_staff=False
        )
        .exclude(kind=User.Kind.OFFICER)
        .exclude(username__endswith=f"@{ERASED_DOMAIN}")
        .exclude(consents__isnull=False)
        .exclude(privacy_requests__isnull=False)
    )
    count = 0
    for user in stale.distinct().iterator():
        try:
            with transaction.atomic():
                user.delete()
        except (ProtectedError, IntegrityError):
            # Another app still holds records about them; its own rule decides.
            continue
        count += 1
    return count
