from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One Kemendagri administrative region, keyed by its dotted code (e.g. 32.76.06.1004)."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Provinsi")
        REGENCY = 2, _("Kabupaten/Kota")
        DISTRICT = 3, _("Kecamatan")
        VILLAGE = 4, _("Kelurahan/Desa")

    class Kind(models.TextChoices):
        PROVINCE = "provinsi", _("Provinsi")
        REGENCY = "kabupaten", _("Kabupaten")
        CITY = "kota", _("Kota")
        DISTRICT = "kecamatan", _("Kecamatan")
        # Papua provinces call their districts "distrik".
        DISTRIK = "distrik", _("Distrik")
        URBAN_VILLAGE = "kelurahan", _("Kelurahan")
        VILLAGE = "desa", _("Desa")
        CUSTOMARY_VILLAGE = "desa_adat", _("Desa adat")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True, db_index=True)
    # Lower-case ASCII name without punctuation and without the "Kabupaten"/"Kota" prefix of
    # regencies, so "bandung" is a prefix match for both Kabupaten and Kota Bandung.
    search_name = models.CharField(_("nama pencarian"), max_length=120, db_index=True)
    # "Kota Depok, Jawa Barat": the region with its parents, nearest first.
    path = models.CharField(_("alamat lengkap"), max_length=400)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "search_name"], name="region_level_name_idx")]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def parent_codes(self) -> list[str]:
        """Codes of every ancestor, province first: "32.76.06" → ["32", "32.76"]."""
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(1, len(parts))]


class RegionDataset(models.Model):
    """Which decree the loaded regions come from, and when they were loaded."""

    decree = models.CharField(_("keputusan"), max_length=200)
    source = models.CharField(_("sumber"), max_length=200)
    provinces = models.PositiveIntegerField(_("provinsi"))
    regencies = models.PositiveIntegerField(_("kabupaten/kota"))
    districts = models.PositiveIntegerField(_("kecamatan"))
    villages = models.PositiveIntegerField(_("kelurahan/desa"))
    loaded_at = models.DateTimeField(_("dimuat pada"), auto_now=True)

    class Meta:
        verbose_name = _("sumber data wilayah")
        verbose_name_plural = _("sumber data wilayah")

    def __str__(self) -> str:
        return self.decree
