"""ASN digital capacity: the competency framework, assessments, courses, lesson hours (JP),
course gates, onboarding, innovation proposals and recognition (issue 12)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.organizations.models import Role

LEVELS = [(n, str(n)) for n in range(1, 5)]
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class Dimension(models.Model):
    """One dimension of the digital competency framework (operator-editable)."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (English)"), max_length=200, blank=True)
    description = models.TextField(_("uraian"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("dimensi kompetensi")
        verbose_name_plural = _("dimensi kompetensi")

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """The behaviour that shows a level (1–4) of a dimension, Indonesian first."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVELS)
    text = models.TextField(_("indikator perilaku"))
    text_en = models.TextField(_("indikator perilaku (English)"), blank=True)

    class Meta:
        ordering = ["dimension", "level"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "level"], name="indicator_one_per_level")
        ]
        verbose_name = _("indikator perilaku")
        verbose_name_plural = _("indikator perilaku")

    def __str__(self) -> str:
        return f"{self.dimension} {self.level}"


class Requirement(models.Model):
    """The level a role in a unit needs in a dimension (no unit = the whole agency)."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("peran"), max_length=24, choices=Role.choices)
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level dibutuhkan"), validators=LEVEL_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "role", "dimension"], name="requirement_one_per_role"
            )
        ]
        verbose_name = _("kebutuhan kompetensi")
        verbose_name_plural = _("kebutuhan kompetensi")

    def __str__(self) -> str:
        return f"{self.role} {self.dimension}: {self.level}"


class Assessment(models.Model):
    """One judgement of an officer's level in a dimension; rows are never changed (history)."""

    class Kind(models.TextChoices):
        SELF = "self", _("Penilaian diri")
        SUPERVISOR = "supervisor", _("Penilaian atasan")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    justification = models.CharField(_("alasan singkat"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject", "dimension", "-created_at"])]
        verbose_name = _("penilaian kompetensi")
        verbose_name_plural = _("penilaian kompetensi")

    def __str__(self) -> str:
        return f"{self.subject_id} {self.dimension_id} {self.level}"


class Course(models.Model):
    """A course of the catalog; passing it shows `level` in its dimension."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    title_en = models.CharField(_("judul (English)"), max_length=200, blank=True)
    summary = models.TextField(_("ringkasan"), blank=True)
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, null=True, blank=True, related_name="courses"
    )
    level = models.PositiveSmallIntegerField(
        _("level yang dicapai"), default=2, validators=LEVEL_VALIDATORS
    )
    jp = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"), default=2)
    pass_mark = models.PositiveSmallIntegerField(
        _("nilai lulus (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("batas percobaan kuis"), default=3, validators=[MinValueValidator(1)]
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("soal per percobaan"), default=5, validators=[MinValueValidator(1)]
    )
    is_published = models.BooleanField(_("terbit"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("kursus")
        verbose_name_plural = _("kursus")

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Teks")
        IMAGE = "image", _("Gambar")
        PDF = "pdf", _("Berkas PDF")
        VIDEO = "video", _("Berkas video")
        LINK = "link", _("Tautan")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(_("isi"), blank=True)
    file = models.FileField(_("berkas"), upload_to="learning/modules/", blank=True)
    url = models.URLField(_("tautan"), blank=True)

    class Meta:
        ordering = ["course", "order", "id"]
        verbose_name = _("modul")
        verbose_name_plural = _("modul")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One item of a course's bank; each attempt draws `questions_per_attempt` of them."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("pertanyaan"))
    text_en = models.TextField(_("pertanyaan (English)"), blank=True)

    class Meta:
        ordering = ["course", "id"]
        verbose_name = _("soal")
        verbose_name_plural = _("bank soal")

    def __str__(self) -> str:
        return self.text[:60]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("pilihan"), max_length=300)
    is_correct = models.BooleanField(_("benar"), default=False)

    class Meta:
        ordering = ["question", "id"]

    def __str__(self) -> str:
        return self.text


class Enrolment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    # The latest pass; a gate's currency is counted from it. Renewed by passing again.
    passed_at = models.DateTimeField(_("lulus"), null=True, blank=True)
    certificate = models.ForeignKey(
        "applications.Output", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_one_per_course")
        ]
        verbose_name = _("peserta kursus")
        verbose_name_plural = _("peserta kursus")

    def __str__(self) -> str:
        return f"{self.user_id} {self.course_id}"


class ModuleDone(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="done")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="module_done_once")
        ]

    def __str__(self) -> str:
        return str(self.pk)


class Attempt(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    started_at = models.DateTimeField(auto_now_add=True)
    question_ids = models.JSONField(default=list)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(default=False)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return str(self.pk)


class ExternalTraining(models.Model):
    """A training outside SatuPintu recorded with its lesson hours (JP) and evidence."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("nama pelatihan"), max_length=200)
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    finished_on = models.DateField(_("tanggal selesai"))
    jp = models.PositiveSmallIntegerField(
        _("jam pelajaran (JP)"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    evidence = models.CharField(_("bukti (nomor sertifikat)"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-finished_on", "-id"]
        verbose_name = _("pelatihan eksternal")
        verbose_name_plural = _("pelatihan eksternal")

    def __str__(self) -> str:
        return self.title


class MandatoryCourse(models.Model):
    """A course every holder of `role` (in the agency, or everywhere) must pass."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("peran"), max_length=24, choices=Role.choices)
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "role", "agency"], name="mandatory_course_once"
            )
        ]
        verbose_name = _("kursus wajib")
        verbose_name_plural = _("kursus wajib")

    def __str__(self) -> str:
        return f"{self.course} ({self.role})"


class CourseGate(models.Model):
    """A permission that only works after the course is passed and while the pass is current."""

    class Permission(models.TextChoices):
        REVEAL_IDENTIFIER = "reveal_identifier", _("Menampilkan data pribadi pemohon")

    permission = models.CharField(_("izin"), max_length=40, choices=Permission.choices, unique=True)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="gates")
    valid_days = models.PositiveSmallIntegerField(
        _("berlaku (hari) setelah lulus"), default=365, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("gerbang kursus")
        verbose_name_plural = _("gerbang kursus")

    def __str__(self) -> str:
        return f"{self.permission} ← {self.course}"


class OnboardingItem(models.Model):
    """One step of a new officer's checklist for a role (no role = everyone)."""

    role = models.CharField(_("peran"), max_length=24, choices=Role.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    title = models.CharField(_("langkah"), max_length=200)
    url_name = models.CharField(_("halaman (nama URL)"), max_length=80, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("langkah orientasi")
        verbose_name_plural = _("langkah orientasi")

    def __str__(self) -> str:
        return self.title


class OnboardingDone(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(OnboardingItem, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="onboarding_once")]

    def __str__(self) -> str:
        return str(self.pk)


class Proposal(models.Model):
    """An officer's innovation proposal for a service, reviewed by the agency."""

    class Status(models.TextChoices):
        OPEN = "open", _("Diusulkan")
        ADOPTED = "adopted", _("Diadopsi")
        DECLINED = "declined", _("Ditolak")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=200)
    problem = models.TextField(_("masalah"), max_length=2000)
    idea = models.TextField(_("gagasan"), max_length=2000)
    metric = models.CharField(_("ukuran keberhasilan"), max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reason = models.CharField(_("alasan keputusan"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The metric's value when adopted, and when measured again afterwards.
    metric_before = models.FloatField(null=True, blank=True)
    metric_after = models.FloatField(null=True, blank=True)
    measured_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("usulan inovasi")
        verbose_name_plural = _("usulan inovasi")

    def __str__(self) -> str:
        return self.title


class ProposalComment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.CharField(_("komentar"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return str(self.pk)


class ProposalSupport(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposal_support_once")
        ]

    def __str__(self) -> str:
        return str(self.pk)


class Value(models.TextChoices):
    """The BerAKHLAK core values (SE MenPANRB 20/2021)."""

    SERVICE = "berorientasi_pelayanan", _("Berorientasi Pelayanan")
    ACCOUNTABLE = "akuntabel", _("Akuntabel")
    COMPETENT = "kompeten", _("Kompeten")
    HARMONIOUS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIVE = "adaptif", _("Adaptif")
    COLLABORATIVE = "kolaboratif", _("Kolaboratif")


class Appreciation(models.Model):
    """Recognition of an officer: from a colleague (tagged with a value) or a citizen's thanks on
    a case (the citizen is never stored here: only the case and the role thanked)."""

    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    value = models.CharField(_("nilai BerAKHLAK"), max_length=24, choices=Value.choices, blank=True)
    message = models.CharField(_("pesan"), max_length=500)
    # A citizen's thanks: the case and the role it reached the officer as.
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("peran"), max_length=24, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("apresiasi")
        verbose_name_plural = _("apresiasi")

    def __str__(self) -> str:
        return f"{self.receiver_id} {self.value}"
