"""Applications (permohonan): a citizen's request for a service, from draft to output.

Personal data in answers, messages and file names is encrypted at rest (EncryptedCharField,
kind "text": stored exactly as typed, sealed with AES-GCM). Documents are stored privately under
random names and served only through permission-checked views.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.fields import EncryptedCharField


class Channel(models.TextChoices):
    ONLINE = "online", _("Daring")
    COUNTER = "counter", _("Loket (dibantu petugas)")
    API = "api", _("Sistem lain (API)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diterima")
    IN_REVIEW = "in_review", _("Sedang diproses")
    NEEDS_CORRECTION = "needs_correction", _("Perlu perbaikan")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")
    COMPLETED = "completed", _("Selesai")
    WITHDRAWN = "withdrawn", _("Dibatalkan")


OPEN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_CORRECTION, Status.APPROVED)


class Application(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, related_name="applications"
    )
    # Copied from the service at creation so inbox and access queries need no join.
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    # The front-desk officer who submitted on the applicant's behalf (assisted channel).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(
        _("kanal"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Form answers as JSON, encrypted (they hold NIK, addresses, names).
    answers_sealed = EncryptedCharField(_("jawaban"), blank=True, default="")
    # The form step the applicant last saved, to resume where they left off.
    current_step = models.PositiveSmallIntegerField(default=0)
    declaration_accepted_at = models.DateTimeField(null=True, blank=True)
    # Sent by the client with the submission; the same key never creates a second application.
    # NULL, not "", for "none yet": unique constraints ignore NULLs on every database.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    # NULL until submitted, unique after.
    tracking_code = models.CharField(
        _("nomor registrasi"), max_length=16, null=True, blank=True, unique=True
    )
    # Hash of the short secret printed on the receipt; with the tracking code it opens the
    # public status page.
    status_secret_hash = models.CharField(max_length=128, blank=True)
    # The secret itself, sealed, so the receipt can be downloaded again later.
    status_secret = EncryptedCharField(_("kode rahasia status"), blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The service standard, form definition and document list as they were at the first
    # submission (`snapshot.take`); a catalog edit never rewrites a submitted case.
    snapshot = models.JSONField(_("standar saat diajukan"), default=dict, blank=True)
    due_at = models.DateTimeField(_("tenggat"), null=True, blank=True)
    # The workflow (catalog.WorkflowVersion) the case was submitted under and its place in it.
    # `status` stays the public phase of the current step (the step's `status`).
    workflow_version = models.ForeignKey(
        "catalog.WorkflowVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    workflow_step = models.CharField(_("langkah"), max_length=60, blank=True)
    step_started_at = models.DateTimeField(null=True, blank=True)
    step_due_at = models.DateTimeField(_("tenggat langkah"), null=True, blank=True)
    # Set while the case waits on the applicant (a correction): the clocks stand still.
    paused_at = models.DateTimeField(null=True, blank=True)
    # The step that asked for a correction, where the resubmission returns.
    return_step = models.CharField(max_length=60, blank=True)
    # What the officer flagged for correction: {"fields": [keys], "documents": [ids]}; only
    # these may change while the case waits on the applicant (empty: anything may).
    correction = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The officer holding the case at its current step (claimed, assigned by a supervisor or by
    # the step's automatic rule); NULL while it waits in the pool. applications.assignment.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("ditangani oleh"),
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="application_idempotency_per_applicant",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="application_inbox_idx"),
            models.Index(fields=["applicant", "-created_at"], name="application_applicant_idx"),
            # The inbox (applications.inbox): open cases of an agency at given steps, by step
            # deadline; and the same in deadline order alone, for agencies whose officers see
            # most steps. Partial, so closed cases (the bulk of the table) are not in them.
            models.Index(
                fields=["agency", "workflow_step", "step_due_at", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="application_open_step_idx",
            ),
            models.Index(
                fields=["agency", "step_due_at", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="application_open_due_idx",
            ),
            # Open workload per officer (automatic assignment, "my cases").
            models.Index(
                fields=["assignee", "agency"],
                condition=models.Q(status__in=OPEN_STATUSES, assignee__isnull=False),
                name="application_open_assignee_idx",
            ),
        ]
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")

    def __str__(self) -> str:
        return self.tracking_code or f"draft-{self.pk}"

    @property
    def answers(self) -> dict[str, Any]:
        return json.loads(self.answers_sealed) if self.answers_sealed else {}

    @answers.setter
    def answers(self, value: dict[str, Any]) -> None:
        self.answers_sealed = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class ApplicantNameToken(models.Model):
    """One word of the applicant's name as a keyed blind index (HMAC under FIELD_HASH_KEY,
    `applications.name_index`), so officers can search their inbox by name without the name
    being stored here in clear. Rebuilt when the case is submitted and when the name changes."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="name_tokens"
    )
    token = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "application"], name="name_token_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.token[:8]}"


class Document(models.Model):
    """A file attached to an application: a required document, a form file field, or a message
    attachment."""

    class Scan(models.TextChoices):
        NOT_SCANNED = "not_scanned", _("Tidak dipindai")
        CLEAN = "clean", _("Bersih")

    class Review(models.TextChoices):
        PENDING = "pending", _("Belum diperiksa")
        VERIFIED = "verified", _("Sesuai")
        REJECTED = "rejected", _("Ditolak")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        "catalog.RequiredDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    field_key = models.CharField(max_length=60, blank=True)
    # The name the person gave the file, cleaned and encrypted (names can carry personal data).
    original_name = EncryptedCharField(_("nama berkas"), blank=True, default="")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Random storage name under the private storage; never derived from user input.
    storage_name = models.CharField(max_length=200, unique=True)
    scan = models.CharField(max_length=12, choices=Scan.choices, default=Scan.NOT_SCANNED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The officer's check of this file (services.document_review); a replacement is a new row,
    # so a corrected document starts unchecked again.
    review = models.CharField(
        _("pemeriksaan"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Why it was rejected, as the officer wrote it (may name what is wrong in the file).
    review_reason = EncryptedCharField(_("alasan"), blank=True, default="")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")

    def __str__(self) -> str:
        return f"{self.content_type} {self.size} B"


class Event(models.Model):
    """One step on an application's timeline, shown to the applicant when `is_public`."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Draf dibuat")
        SUBMITTED = "submitted", _("Permohonan diajukan")
        STATUS = "status", _("Status berubah")
        DOCUMENT = "document", _("Dokumen ditambahkan")
        MESSAGE = "message", _("Pesan baru")
        REVIEW = "review", _("Dokumen diperiksa")
        # Internal: an overdue step was escalated (applications.escalation); never public.
        ESCALATED = "escalated", _("Eskalasi tenggat")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    # The workflow steps of a move (the version's step keys), beside the public statuses.
    step_from = models.CharField(max_length=60, blank=True)
    step_to = models.CharField(max_length=60, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the applicant sees instead of the officer's name: their role ("Verifikator").
    actor_label = models.CharField(max_length=60, blank=True)
    note = EncryptedCharField(_("catatan"), blank=True, default="")
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="event_application_at_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.status_to}".strip()


class Escalation(models.Model):
    """One escalation of one overdue step of a case: level 1 told the officers who can act,
    level 2 the unit's supervisors. Unique per step visit (`step_started_at`) and level, so the
    scheduled job tells each level once however often it runs."""

    class Level(models.IntegerChoices):
        OFFICERS = 1, _("Petugas yang dapat bertindak")
        SUPERVISORS = 2, _("Atasan (kepala unit)")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="escalations"
    )
    step = models.CharField(max_length=60)
    step_started_at = models.DateTimeField()
    step_due_at = models.DateTimeField()
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    recipients = models.PositiveIntegerField(default=0)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "step", "step_started_at", "level"],
                name="escalation_once_per_step_and_level",
            )
        ]
        verbose_name = _("eskalasi")
        verbose_name_plural = _("eskalasi")

    def __str__(self) -> str:
        return f"{self.application_id} {self.step} L{self.level}"


class Message(models.Model):
    """A message in the thread between the applicant and the agency's officers."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # "Pemohon" for the applicant; the officer's role for officers (never their name).
    author_label = models.CharField(max_length=60)
    from_agency = models.BooleanField(default=False)
    body = EncryptedCharField(_("pesan"))
    attachment = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_label} {self.created_at:%Y-%m-%d %H:%M}"


class OutputSequence(models.Model):
    """The last document number used per agency and year; its row is locked to take the next."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="output_sequence_agency_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class Output(models.Model):
    """A signed document issued for an application: the service's product, or a rejection letter.

    The file never changes once issued; its SHA-256 is what the public verification page compares
    an uploaded copy with. Revocation keeps the row and the file and says why.
    """

    class Kind(models.TextChoices):
        PRODUCT = "output", _("Produk layanan")
        REJECTION = "rejection", _("Surat penolakan")
        # Issued to a person outside any case (learning: a course completion certificate).
        CERTIFICATE = "certificate", _("Sertifikat pelatihan")
        # The signed answer to a complaint (complaints.letters), held by its reporter.
        COMPLAINT_LETTER = "complaint", _("Surat tanggapan pengaduan")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A case's document has its application; a certificate has its holder instead.
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="outputs"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("nomor dokumen"), max_length=60, unique=True)
    # The document type as printed (the service's output product, or "Surat Penolakan").
    title = models.CharField(_("jenis dokumen"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    storage_name = models.CharField(max_length=200, unique=True)
    # Subject of the signing certificate, as shown on the verification page.
    signer = models.CharField(_("penanda tangan"), max_length=300, blank=True)
    issued_at = models.DateTimeField(_("diterbitkan"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Public (shown on the verification page), so officers are told not to write personal data.
    revocation_reason = models.CharField(_("alasan pencabutan"), max_length=500, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=models.Q(revoked_at__isnull=True),
                name="output_one_valid_per_kind",
            )
        ]
        verbose_name = _("dokumen hasil")
        verbose_name_plural = _("dokumen hasil")

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
