from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A government body (instansi) that delivers services."""

    class Kind(models.TextChoices):
        MINISTRY = "kementerian_lembaga", _("Kementerian/Lembaga")
        PROVINCE = "provinsi", _("Pemerintah Provinsi")
        REGENCY = "kabupaten_kota", _("Pemerintah Kabupaten/Kota")
        REGIONAL_OFFICE = "perangkat_daerah", _("Perangkat Daerah")

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=24, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(_("profil"), blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Published on the agency's page and /privasi/kebijakan/ (UU 27/2022 Pasal 54).
    dpo_contact = models.CharField(_("kontak PPDP"), max_length=200, blank=True)
    website = models.URLField(_("situs web"), blank=True)
    opening_hours = models.CharField(_("jam layanan"), max_length=200, blank=True)
    # Maklumat pelayanan (UU 25/2009 Pasal 22): the agency's public service pledge.
    maklumat = models.TextField(_("maklumat pelayanan"), blank=True)
    maklumat_en = models.TextField(_("maklumat pelayanan (English)"), blank=True)
    # Working weekdays as ISO numbers (1 = Monday … 7 = Sunday); empty means Mon–Fri.
    working_weekdays = models.CharField(_("hari kerja"), max_length=13, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit inside an agency (bidang, seksi, UPT, loket)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(max_length=80)
    # Overrides the agency's working weekdays, e.g. a counter open on Saturday.
    working_weekdays = models.CharField(_("hari kerja"), max_length=13, blank=True)

    class Meta:
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "slug"], name="unit_slug_per_agency")
        ]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.short_name or self.agency.name})"


class Role(models.TextChoices):
    FRONT_DESK = "front_desk", _("Petugas loket")
    VERIFIER = "verifier", _("Verifikator")
    REVIEWER = "reviewer", _("Pemeriksa")
    APPROVER = "approver", _("Pejabat penyetuju")
    COMPLAINT_LIAISON = "complaint_liaison", _("Pengelola pengaduan")
    AGENCY_ADMIN = "agency_admin", _("Admin instansi")
    AUDITOR = "auditor", _("Auditor")
    # The head of a unit (or of the agency when the membership has no unit): receives escalations,
    # reassigns cases, assesses the unit's officers. A role like the others, held per unit.
    SUPERVISOR = "supervisor", _("Kepala unit (atasan)")
    # The agency's data protection officer (pejabat pelindungan data pribadi, UU 27/2022 Pasal
    # 53-54): handles data-subject requests and breaches. A role, not the superuser.
    DPO = "dpo", _("Pejabat pelindungan data pribadi (PPDP)")


class Membership(models.Model):
    """An officer holds a role in an agency, optionally limited to one unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("peran"), max_length=24, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    # Set when the officer was deactivated in the agency (not when only this role was revoked),
    # so reactivating gives back exactly the roles held at that moment.
    suspended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "unit", "role"], name="membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["user", "role"], name="membership_user_role_idx")]
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.agency}"
