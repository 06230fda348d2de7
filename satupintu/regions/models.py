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

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    # provinsi, kabupaten, kota, kecamatan, distrik, kelurahan, desa, desa_adat
    kind = models.CharField(_("jenis"), max_length=16)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    # Lower-cased name without punctuation, for prefix/substring search in address pickers.
    search_name = models.CharField(max_length=120, db_index=True)
    # "Kota Depok, Jawa Barat": the region with its parents, nearest first.
    path = models.CharField(max_length=400)

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


class RegionDataset(models.Model):
    """Which decree the loaded regions come from, and when they were loaded."""

    decree = models.CharField(max_length=200)
    source = models.CharField(max_length=200)
    provinces = models.PositiveIntegerField()
    regencies = models.PositiveIntegerField()
    districts = models.PositiveIntegerField()
    villages = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sumber data wilayah")

    def __str__(self) -> str:
        return self.decree
