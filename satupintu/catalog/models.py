from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _english() -> bool:
    return (get_language() or "").startswith("en")


def localized(obj: object, field: str) -> str:
    """The English variant of `field` when English is active and it is filled in, else Indonesian."""
    value = str(getattr(obj, field, "") or "")
    if _english():
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return value


def fallback_lang(obj: object, field: str) -> str:
    """ "id" when the page is in English but `field` is shown in Indonesian (no English variant
    entered, or none to enter), so the element can say so (`lang="id"`); "" otherwise."""
    if not _english() or not getattr(obj, field, ""):
        return ""
    return "" if getattr(obj, f"{field}_en", "") else "id"


class LocalizedMixin:
    @property
    def localized_name(self) -> str:
        return localized(self, "name")


class Category(LocalizedMixin, models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    name_en = models.CharField(_("nama (English)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name


class LifeEvent(LocalizedMixin, models.Model):
    """A moment in a person's or business's life that needs services (kelahiran, pindah, usaha…)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    name_en = models.CharField(_("nama (English)"), max_length=100, blank=True)
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    description_en = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("peristiwa hidup")
        verbose_name_plural = _("peristiwa hidup")

    def __str__(self) -> str:
        return self.name

    @property
    def localized_description(self) -> str:
        return localized(self, "description")


# The 14 components of UU 25/2009 Pasal 21, split as PermenPANRB 15/2014 does:
# six service-delivery components the public sees, eight internal (manufacturing) ones.
PUBLIC_COMPONENTS: tuple[str, ...] = (
    "requirements",
    "procedure",
    "time_standard",
    "fee_standard",
    "product",
    "complaint_handling",
)
# Content the agency may also write in English (`<field>_en`), shown on English pages.
TRANSLATED_COMPONENTS: tuple[str, ...] = tuple(f"{name}_en" for name in PUBLIC_COMPONENTS)
INTERNAL_COMPONENTS: tuple[str, ...] = (
    "legal_basis",
    "facilities",
    "competence",
    "internal_supervision",
    "staffing",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
)


class Service(LocalizedMixin, models.Model):
    """One public service with its published service standard (standar pelayanan)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        ACTIVE = "active", _("Aktif")

    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, related_name="services"
    )
    slug = models.SlugField(_("alamat halaman"), max_length=100, unique=True)
    name = models.CharField(_("nama layanan"), max_length=200)
    name_en = models.CharField(_("nama layanan (English)"), max_length=200, blank=True)
    summary = models.CharField(_("ringkasan"), max_length=300)
    summary_en = models.CharField(_("ringkasan (English)"), max_length=300, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="services", verbose_name=_("kategori")
    )
    life_events = models.ManyToManyField(
        LifeEvent, blank=True, related_name="services", verbose_name=_("peristiwa hidup")
    )
    keywords = models.CharField(
        _("kata kunci"), max_length=300, blank=True, help_text=_("Kata lain yang dipakai warga.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    fee_amount = models.PositiveBigIntegerField(_("biaya (Rp)"), default=0)
    sla_working_days = models.PositiveSmallIntegerField(_("jangka waktu (hari kerja)"))
    output_product = models.CharField(_("produk layanan"), max_length=200)
    output_product_en = models.CharField(_("produk layanan (English)"), max_length=200, blank=True)
    channel_online = models.BooleanField(_("daring"), default=True)
    channel_counter = models.BooleanField(_("loket"), default=True)

    # Public (service-delivery) components.
    requirements = models.TextField(_("persyaratan"))
    procedure = models.TextField(_("sistem, mekanisme, dan prosedur"))
    time_standard = models.TextField(_("jangka waktu penyelesaian"), blank=True)
    fee_standard = models.TextField(_("biaya/tarif"), blank=True)
    product = models.TextField(_("produk pelayanan"))
    complaint_handling = models.TextField(_("penanganan pengaduan, saran, dan masukan"))
    # Their English versions (optional; an English page falls back to the Indonesian text).
    requirements_en = models.TextField(_("persyaratan (English)"), blank=True)
    procedure_en = models.TextField(_("sistem, mekanisme, dan prosedur (English)"), blank=True)
    time_standard_en = models.TextField(_("jangka waktu penyelesaian (English)"), blank=True)
    fee_standard_en = models.TextField(_("biaya/tarif (English)"), blank=True)
    product_en = models.TextField(_("produk pelayanan (English)"), blank=True)
    complaint_handling_en = models.TextField(
        _("penanganan pengaduan, saran, dan masukan (English)"), blank=True
    )
    # Internal (manufacturing) components.
    legal_basis = models.TextField(_("dasar hukum"))
    facilities = models.TextField(_("sarana, prasarana, dan/atau fasilitas"))
    competence = models.TextField(_("kompetensi pelaksana"))
    internal_supervision = models.TextField(_("pengawasan internal"))
    staffing = models.TextField(_("jumlah pelaksana"))
    service_guarantee = models.TextField(_("jaminan pelayanan"))
    security_guarantee = models.TextField(_("jaminan keamanan dan keselamatan pelayanan"))
    performance_evaluation = models.TextField(_("evaluasi kinerja pelaksana"))

    # Stemmed words of name, summary, keywords, category, life events and agency (Sastrawi),
    # rebuilt by the catalog services on every save; searched on SQLite and PostgreSQL alike.
    # Stored as " tok1 tok2 " so a whole token matches with LIKE '% tok %'.
    search_text = models.TextField(blank=True, editable=False)
    # The stemmed service name alone, so name matches can rank above other matches.
    search_name = models.TextField(blank=True, editable=False)
    # The stemmed keywords and life events: the citizen's own words for the service.
    search_keys = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "agency"], name="service_status_agency_idx")]
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return self.fee_amount == 0

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def localized_summary(self) -> str:
        return localized(self, "summary")


class RequiredDocument(LocalizedMixin, models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("nama dokumen"), max_length=200)
    name_en = models.CharField(_("nama dokumen (English)"), max_length=200, blank=True)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    description_en = models.CharField(_("keterangan (English)"), max_length=300, blank=True)
    is_required = models.BooleanField(_("wajib"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # Asked for (and, when required, required) only when the answer to the form field
    # `condition_key` equals `condition_value`: the police letter only for a lost card.
    condition_key = models.SlugField(_("diminta jika kolom"), max_length=60, blank=True)
    condition_value = models.CharField(_("bernilai"), max_length=100, blank=True)

    class Meta:
        ordering = ["service", "order", "id"]
        verbose_name = _("dokumen persyaratan")
        verbose_name_plural = _("dokumen persyaratan")

    def __str__(self) -> str:
        return self.name

    @property
    def localized_description(self) -> str:
        return localized(self, "description")

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if bool(self.condition_key) != bool(self.condition_value):
            raise ValidationError(
                {
                    "condition_value": _(
                        "Isi kolom dan nilainya bersama-sama, atau kosongkan keduanya."
                    )
                }
            )


class FormField(models.Model):
    """One question on a service's application form ("forms as data").

    Fields are grouped into pages by `group` (one group per page on small screens) and ordered
    by `order`. A field with `condition_key` is shown (and validated) only when the answer to
    that field equals `condition_value`.
    """

    class Type(models.TextChoices):
        TEXT = "text", _("Teks")
        NUMBER = "number", _("Angka")
        DATE = "date", _("Tanggal")
        CHOICE = "choice", _("Pilihan")
        YES_NO = "yesno", _("Ya/Tidak")
        NIK = "nik", _("NIK")
        ADDRESS = "address", _("Alamat dengan wilayah")
        PHONE = "phone", _("Nomor ponsel")
        EMAIL = "email", _("Email")
        FILE = "file", _("Berkas")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="form_fields")
    key = models.SlugField(_("kunci"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)
    help_text = models.CharField(_("bantuan"), max_length=300, blank=True)
    help_text_en = models.CharField(_("bantuan (English)"), max_length=300, blank=True)
    field_type = models.CharField(_("jenis"), max_length=10, choices=Type.choices)
    required = models.BooleanField(_("wajib"), default=True)
    # For "choice": [{"value": "a", "label": "…", "label_en": "…"}, …]
    choices = models.JSONField(_("pilihan"), default=list, blank=True)
    group = models.CharField(_("kelompok"), max_length=100, default="Data pemohon")
    group_en = models.CharField(_("kelompok (English)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    condition_key = models.SlugField(_("tampil jika kolom"), max_length=60, blank=True)
    condition_value = models.CharField(_("bernilai"), max_length=100, blank=True)
    max_length = models.PositiveIntegerField(null=True, blank=True)
    min_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # Fill from the applicant's profile when empty: "full_name", "nik", "phone", "email",
    # "address" (once-only principle).
    prefill_from = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["service", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "key"], name="form_field_key_per_service")
        ]
        verbose_name = _("kolom formulir")
        verbose_name_plural = _("kolom formulir")

    def __str__(self) -> str:
        return f"{self.service_id}:{self.key}"


class WorkflowVersion(models.Model):
    """One version of a service's workflow definition (catalog.workflow describes `spec`).

    A published version is never edited: a change is a new draft, validated and published as
    the next number, and an application keeps the version it was submitted under
    (Application.workflow_version). The service's current definition is its highest-numbered
    published version.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")
        RETIRED = "retired", _("Diganti")

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="workflow_versions")
    number = models.PositiveIntegerField(_("versi"))
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    spec = models.JSONField(_("definisi"), default=dict)
    note = models.CharField(_("catatan perubahan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "number"], name="workflow_version_number_per_service"
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(state="draft"),
                name="workflow_one_draft_per_service",
            ),
        ]
        verbose_name = _("versi alur kerja")
        verbose_name_plural = _("versi alur kerja")

    def __str__(self) -> str:
        return f"{self.service_id} v{self.number}"

    @property
    def definition(self) -> Any:
        from satupintu.catalog import workflow

        return workflow.parse_kept(self.spec)


class SearchSynonym(models.Model):
    """A word citizens type and the catalog's word for it ("akte" → "akta", "imb" → "pbg").

    Platform-wide rows (`agency` empty) are kept by platform admins; an agency admin adds the
    regional words of their area. Applied to every query, whichever agency wrote it: a word
    means the same thing wherever the citizen types it.
    """

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
    )
    term = models.CharField(_("kata yang diketik warga"), max_length=60)
    replacement = models.CharField(_("kata dalam katalog"), max_length=120)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term", "replacement"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "replacement"], name="search_synonym_term_replacement"
            )
        ]
        verbose_name = _("sinonim pencarian")
        verbose_name_plural = _("sinonim pencarian")

    def __str__(self) -> str:
        return f"{self.term} → {self.replacement}"


class SearchTerm(models.Model):
    """One token of the search index, for spelling suggestions ("kelahrian" → "kelahiran").

    Added to by every reindex of a service; `reindex` rebuilds it from scratch.
    """

    term = models.CharField(max_length=60, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
