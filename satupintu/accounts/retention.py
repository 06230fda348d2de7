"""Accounts' part of the personal-data retention job (satupintu.privacy RetentionRule)."""

from __future__ import annotations

import datetime as dt

from satupintu.accounts.models import ContactVerification


def delete_old_contact_codes(cutoff: dt.datetime, action: str) -> int:
    """Delete contact-confirmation records created before `cutoff` (rule "contact_codes")."""
    deleted, _ = ContactVerification.objects.filter(created_at__lt=cutoff).delete()
    return deleted
