"""Complaints and aspirations (pengaduan, aspirasi, permintaan informasi).

A complaint keeps one tracking number from filing to closing, whichever agency ends up handling
it: forwarding ("bukan kewenangan kami") moves `agency` and appends an event, never a new case.
Text a person typed is sealed at rest (EncryptedCharField); the public board shows only
`public_subject`/`public_description`, written once a moderator confirmed the automatic masking.
Deadlines are stored as timestamps computed when each clock starts (DESIGN.md "Three clocks").
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.fields import EncryptedCharField


class Kind(models.TextChoices):
    COMPLAINT = "pengaduan", _("Pengaduan")
    ASPIRATION = "aspirasi", _("Aspirasi")
    INFORMATION = "informasi", _("Permintaan informasi")


class Privacy(models.TextChoices):
    PUBLIC = "publik", _("Publik: laporan dan nama pelapor dapat dilihat")
    ANONYMOUS = "anonim", _("Anonim: laporan dipublikasikan, identitas pelapor dirahasiakan")
    SECRET = "rahasia", _("Rahasia: laporan tidak dipublikasikan sama sekali")


class Channel(models.TextChoices):
    WEB = "web", _("Situs web")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    OPEN311 = "open311", _("Open311")
    API = "api", _("API")


class Status(models.TextChoices):
    DRAFT = "draft", _("Menunggu konfirmasi kontak")
    RECEIVED = "diterima", _("Diterima")
    IN_PROGRESS = "diproses", _("Sedang ditindaklanjuti")
    WAITING = "menunggu_pelapor", _("Menunggu keterangan pelapor")
    ANSWERED = "ditanggapi", _("Ditanggapi, menunggu konfirmasi pelapor")
    CLOSED = "selesai", _("Selesai")
    MERGED = "digabung", _("Digabung dengan laporan lain")


OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING, Status.ANSWERED)
CLOSED_STATUSES = (Status.CLOSED, Status.MERGED)
PUBLISHED = models.Q(published_at__isnull=False)


class Complaint(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tracking_code = models.CharField(
        _("nomor registrasi"), max_length=16, null=True, blank=True, unique=True
    )
    status_secret_hash = models.CharField(max_length=128, blank=True)
    status_secret = EncryptedCharField(_("kode rahasia status"), blank=True, default="")
    kind = models.CharField(_("jenis laporan"), max_length=12, choices=Kind.choices)
    privacy = models.CharField(_("kerahasiaan"), max_length=8, choices=Privacy.choices)
    # An anonim reporter may let the receiving officers see who they are.
    identity_shared = models.BooleanField(_("identitas boleh dilihat petugas"), default=False)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    subject = EncryptedCharField(_("judul"), max_length=200)
    description = EncryptedCharField(_("uraian"), max_length=5000)
    category = models.ForeignKey(
        "catalog.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address_street = EncryptedCharField(_("alamat"), max_length=200, blank=True, default="")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # NULL while in the coordinator's queue (no rule matched). Indexed by the queue's index
    # (agency first), so no index of its own to keep up on every write.
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_complaints",
    )
    # When the current holder got it (applications.assignment.set_holder, as for a case).
    assigned_at = models.DateTimeField(null=True, blank=True)
    # NULL only for an anonymous Open311 report without a contact. Indexed by
    # complaint_reporter_idx (reporter first).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        db_index=False,
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    filed_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    # Statutory clock, calendar days (UU 25/2009 Pasal 44(3), 44(4), 50(1)).
    first_response_due = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    file_complete_at = models.DateTimeField(null=True, blank=True)
    decision_due = models.DateTimeField(null=True, blank=True)
    completion_due = models.DateTimeField(null=True, blank=True)
    # Operational clock, working days (SP4N-LAPOR!: verify 3, follow-up 5, auto-close 10).
    verify_due = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    followup_due = models.DateTimeField(null=True, blank=True)
    autoclose_due = models.DateTimeField(null=True, blank=True)
    # The earliest running deadline: the queue sorts by it.
    due_at = models.DateTimeField(_("tenggat"), null=True, blank=True)
    overdue_since = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    # The signed response letter of the latest resolution (applications.outputs.issue_document).
    letter = models.ForeignKey(
        "applications.Output", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = EncryptedCharField(max_length=1000, blank=True, default="")
    # The public board: only what a moderator confirmed, already masked.
    published_at = models.DateTimeField(null=True, blank=True)
    public_subject = models.CharField(max_length=200, blank=True)
    public_description = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="complaint_queue_idx"),
            models.Index(fields=["reporter", "-created_at"], name="complaint_reporter_idx"),
            models.Index(fields=["status", "due_at"], name="complaint_clock_idx"),
            # The clock job's look-back for letters whose task was lost.
            models.Index(
                fields=["answered_at"],
                name="complaint_answered_idx",
                condition=models.Q(answered_at__isnull=False),
            ),
            # The public board, newest first, on its own and by each filter: only published
            # rows are in these (a new complaint adds nothing to them).
            models.Index(
                fields=["-published_at", "-id"], name="complaint_board_idx", condition=PUBLISHED
            ),
            models.Index(
                fields=["agency", "-published_at"],
                name="complaint_board_agency_idx",
                condition=PUBLISHED,
            ),
            models.Index(
                fields=["category", "-published_at"],
                name="complaint_board_category_idx",
                condition=PUBLISHED,
            ),
            models.Index(
                fields=["region", "-published_at"],
                name="complaint_board_region_idx",
                condition=PUBLISHED,
            ),
            # Duplicate suggestions: the open complaints of an agency and category, newest first.
            models.Index(
                fields=["agency", "category", "-filed_at"],
                name="complaint_open_similar_idx",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
        ]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def __str__(self) -> str:
        return self.tracking_code or f"draft-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def reporter_hidden(self) -> bool:
        """Whether the receiving officers must not see who reported."""
        return self.privacy == Privacy.ANONYMOUS and not self.identity_shared


class Event(models.Model):
    """One step on a complaint's timeline; `is_public` ones are shown to the reporter."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Laporan diajukan")
        ROUTED = "routed", _("Diteruskan ke instansi")
        FORWARDED = "forwarded", _("Bukan kewenangan, diteruskan")
        DISPOSED = "disposed", _("Didisposisikan")
        CLAIMED = "claimed", _("Diambil petugas")
        RELEASED = "released", _("Dikembalikan ke antrean")
        VERIFIED = "verified", _("Diverifikasi")
        RESPONSE = "response", _("Tanggapan")
        NOTE = "note", _("Catatan internal")
        INFO_REQUEST = "info_request", _("Permintaan keterangan")
        INFO_REPLY = "info_reply", _("Keterangan pelapor")
        RESOLVED = "resolved", _("Tindak lanjut selesai")
        LETTER = "letter", _("Surat tanggapan terbit")
        CONFIRMED = "confirmed", _("Dikonfirmasi pelapor")
        REOPENED = "reopened", _("Dibuka kembali")
        RATED = "rated", _("Penilaian pelapor")
        MERGED = "merged", _("Digabung")
        PUBLISHED = "published", _("Dipublikasikan")
        REMINDER = "reminder", _("Pengingat tenggat")
        OVERDUE = "overdue", _("Melewati tenggat")
        ESCALATED = "escalated", _("Dieskalasi ke atasan")
        CLOSED = "closed", _("Ditutup")

    # Indexed by complaint_event_at_idx (complaint first).
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=14, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the reporter sees instead of the officer's name ("Pengelola pengaduan").
    actor_label = models.CharField(max_length=60, blank=True)
    from_reporter = models.BooleanField(default=False)
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = EncryptedCharField(blank=True, default="")
    is_public = models.BooleanField(default=True)
    # A public response: shown on the board too (masked); a private one only to the reporter.
    on_board = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaint_event_at_idx")]

    def __str__(self) -> str:
        return self.kind


class Attachment(models.Model):
    """A photo or document (same upload rules as applications: applications.documents)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    original_name = EncryptedCharField(blank=True, default="")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=200, unique=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.content_type} {self.size} B"


class RoutingRule(models.Model):
    """Category (+ region prefix) → the responsible agency (and unit). The most specific wins."""

    category = models.ForeignKey(
        "catalog.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A region code prefix ("32", "32.76"); empty matches everywhere.
    region_prefix = models.CharField(_("awalan kode wilayah"), max_length=13, blank=True)
    agency = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("aturan rute pengaduan")
        verbose_name_plural = _("aturan rute pengaduan")

    def __str__(self) -> str:
        return f"{self.category_id}/{self.region_prefix or '*'} -> {self.agency_id}"


class ClockPolicy(models.Model):
    """An agency's own deadlines; without a row the settings' defaults apply."""

    agency = models.OneToOneField(
        "organizations.Agency", on_delete=models.CASCADE, related_name="complaint_clocks"
    )
    first_response_days = models.PositiveSmallIntegerField(default=14)
    decision_days = models.PositiveSmallIntegerField(default=60)
    completion_days = models.PositiveSmallIntegerField(default=30)
    verify_working_days = models.PositiveSmallIntegerField(default=3)
    followup_working_days = models.PositiveSmallIntegerField(default=5)
    autoclose_working_days = models.PositiveSmallIntegerField(default=10)
    # Working days before a deadline when the handler is reminded.
    reminder_working_days = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("tenggat pengaduan instansi")
        verbose_name_plural = _("tenggat pengaduan instansi")

    def __str__(self) -> str:
        return str(self.agency_id)


class InboundNonce(models.Model):
    """A gateway message already taken: the same signed call a second time is a replay."""

    key = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
