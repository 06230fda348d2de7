from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from satupintu.core.fields import BlindIndexField, EncryptedCharField

OPAQUE_PREFIX = "u-"


def opaque_username() -> str:
    """A random handle for `User.username` that says nothing about the person."""
    return f"{OPAQUE_PREFIX}{secrets.token_hex(12)}"


class User(AbstractUser):
    """Anyone who signs in: a citizen, a business, or an officer (ASN).

    People sign in with their e-mail address or mobile number, found by the keyed blind index
    of the normalised value (`email_index`, `phone_index`; see accounts.backends): both are
    stored encrypted, and `username` is an opaque random handle (`opaque_username`) that holds
    no contact. Only accounts an administrator names by hand (`createsuperuser`) have a chosen
    username, and it signs in too. Officers carry their NIP; what they may do comes from
    `organizations.Membership`.
    """

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Warga")
        OFFICER = "officer", _("Petugas (ASN)")

    class Language(models.TextChoices):
        INDONESIAN = "id", "Bahasa Indonesia"
        ENGLISH = "en", "English"

    class PreferredChannel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    kind = models.CharField(
        _("jenis akun"), max_length=16, choices=Kind.choices, default=Kind.CITIZEN
    )
    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    # Encrypted: decrypted only to deliver mail, show it masked, or export it to its owner.
    email = EncryptedCharField(
        _("alamat email"),
        kind="text",
        max_length=254,
        blank=True,
        default="",
        blind_index_field="email_index",
        context="accounts.User.email",
    )
    email_index = BlindIndexField()
    # An officer's NIP, encrypted like the NIK; found by its blind index (`lookup_value`).
    nip = EncryptedCharField(
        _("NIP"),
        kind="nik",
        max_length=18,
        blank=True,
        default="",
        blind_index_field="nip_index",
        context="accounts.User.nip",
    )
    nip_index = BlindIndexField()
    language = models.CharField(
        _("bahasa"), max_length=2, choices=Language.choices, default=Language.INDONESIAN
    )
    # Encrypted at rest; find a user by them with core.fields.lookup_value, show core.fields.masked.
    nik = EncryptedCharField(
        _("NIK"), kind="nik", max_length=16, blank=True, default="", blind_index_field="nik_index"
    )
    nik_index = BlindIndexField()
    phone = EncryptedCharField(
        _("nomor ponsel"),
        kind="phone",
        max_length=16,
        blank=True,
        default="",
        blind_index_field="phone_index",
    )
    phone_index = BlindIndexField()
    # A village (kelurahan/desa); the street, RT/RW and house number are in address_street.
    address_region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kelurahan/desa"),
    )
    address_street = EncryptedCharField(
        _("jalan, RT/RW, nomor rumah"), kind="text", max_length=300, blank=True, default=""
    )
    preferred_channel = models.CharField(
        _("kanal pemberitahuan"),
        max_length=16,
        choices=PreferredChannel.choices,
        default=PreferredChannel.EMAIL,
    )
    email_verified_at = models.DateTimeField(_("email dikonfirmasi pada"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(
        _("nomor ponsel dikonfirmasi pada"), null=True, blank=True
    )
    # Set only for accounts a person created themselves, until they type the code sent to the
    # contact they signed up with. Accounts made by an officer at the counter (who saw the
    # person) or by an administrator never need it.
    must_confirm_contact = models.BooleanField(_("kontak belum dikonfirmasi"), default=False)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        # Beyond the verifying roles of the application's agency (applications.reveal).
        permissions = [("reveal_identifier", "Can reveal a person's identifiers with a reason")]
        constraints = [
            # One NIK, one account: the blind index is deterministic, so it can be unique.
            models.UniqueConstraint(
                fields=["nik_index"], condition=~Q(nik_index=""), name="accounts_user_nik_once"
            ),
            # One e-mail address and one mobile number, one account: they sign in.
            models.UniqueConstraint(
                fields=["email_index"],
                condition=~Q(email_index=""),
                name="accounts_user_email_once",
            ),
            models.UniqueConstraint(
                fields=["phone_index"],
                condition=~Q(phone_index=""),
                name="accounts_user_phone_once",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.username:
            self.username = opaque_username()
        super().save(*args, **kwargs)

    @property
    def is_officer(self) -> bool:
        return self.kind == self.Kind.OFFICER


class ContactVerification(models.Model):
    """A one-time code sent to an email address or mobile number to prove the person holds it.

    Only an HMAC of the code is kept. A code expires after `CODE_TTL`, and after `MAX_ATTEMPTS`
    wrong tries it is dead and a new one must be asked for. `address` is the contact being
    proven: the one signed up with, or a new one the person wants on their profile (which is
    only written to the profile once confirmed).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Purpose(models.TextChoices):
        # Prove a contact (sign-up, a new profile contact).
        CONFIRM = "confirm", _("Konfirmasi kontak")
        # Prove the phone an account signs in with, then set a new password (reset, claim).
        PASSWORD = "password", _("Atur kata sandi")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_verifications"
    )
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)
    purpose = models.CharField(
        _("keperluan"), max_length=16, choices=Purpose.choices, default=Purpose.CONFIRM
    )
    address = EncryptedCharField(_("alamat kontak"), kind="text", max_length=254)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("dibuat pada"))
    expires_at = models.DateTimeField(_("kedaluwarsa pada"))
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    verified_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("konfirmasi kontak")
        verbose_name_plural = _("konfirmasi kontak")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="accounts_contactver_user_idx")
        ]

    def __str__(self) -> str:
        return f"{self.channel}#{self.pk}"
