"""Reads of the accounts app that more than one caller needs."""

from __future__ import annotations

from satupintu.accounts.models import ContactVerification, User
from satupintu.core.fields import lookup_value
from satupintu.core.identifiers import is_phone, normalize_phone

EMAIL = ContactVerification.Channel.EMAIL
SMS = ContactVerification.Channel.SMS


def contact_holder(channel: str, address: str) -> User | None:
    """The account holding this normalised e-mail address (`channel` "email") or mobile
    number ("sms"), found by its blind index; None when no account holds it."""
    if not address:
        return None
    field = "email" if channel == EMAIL else "phone"
    return lookup_value(User, field, address).first()


def user_for_contact(raw: str) -> User | None:
    """The account a person means by what they typed at sign-in or password reset.

    An e-mail address or a mobile number (any way the phone rule accepts) is looked up by its
    blind index; anything else only matches a username an administrator chose by hand.
    """
    text = (raw or "").strip()
    if not text:
        return None
    if "@" in text:
        found = contact_holder(EMAIL, text.lower())
    elif is_phone(text):
        found = contact_holder(SMS, normalize_phone(text))
    else:
        found = None
    if found is not None:
        return found
    return User._default_manager.filter(username=text).first()


def sign_in_key(raw: str) -> str:
    """One spelling per sign-in name, for counting failures against an account: an e-mail
    address lower-cased, a mobile number in its 08… form, anything else case-folded. So
    "0812-3456-7890" and "+62 812 3456 7890" are the same account to a throttle."""
    text = (raw or "").strip()
    if "@" not in text and is_phone(text):
        return normalize_phone(text)
    return text.casefold()
