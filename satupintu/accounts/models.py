from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.fields import BlindIndexField, EncryptedCharField


class User(AbstractUser):
    """Anyone who signs in: a citizen, a business, or an officer (ASN).

    `username` is the sign-in name (an email address or a mobile number, normalised).
    Officers carry their NIP; what they may do comes from `organizations.Membership`.
    """

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Warga")
        OFFICER = "officer", _("Petugas (ASN)")

    class Language(models.TextChoices):
        INDONESIAN = "id", "Bahasa Indonesia"
        ENGLISH = "en", "English"

    kind = models.CharField(
        _("jenis akun"), max_length=16, choices=Kind.choices, default=Kind.CITIZEN
    )
    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, db_index=True)
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

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_officer(self) -> bool:
        return self.kind == self.Kind.OFFICER
