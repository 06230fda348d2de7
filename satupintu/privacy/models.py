"""Personal-data protection records (UU 27/2022): consents, data-subject requests, retention
rules, per-subject flags and the breach register."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from satupintu.core.fields import EncryptedCharField

# A personal-data deadline is 3×24 clock hours (UU 27/2022 Pasal 30, 32, 41, 46).
DEADLINE_HOURS = 72
WIB = "Asia/Jakarta"


class LegalBasis(models.TextChoices):
    """The six bases for processing in UU 27/2022 Pasal 20 ayat (2)."""

    CONSENT = "persetujuan", _("Persetujuan yang sah secara eksplisit")
    CONTRACT = "perjanjian", _("Pemenuhan kewajiban perjanjian")
    LEGAL_OBLIGATION = "kewajiban_hukum", _("Pemenuhan kewajiban hukum")
    VITAL_INTEREST = "kepentingan_vital", _("Pelindungan kepentingan vital subjek data")
    PUBLIC_TASK = (
        "tugas_publik",
        _("Pelaksanaan tugas kepentingan umum, pelayanan publik, atau kewenangan"),
    )
    LEGITIMATE_INTEREST = "kepentingan_sah", _("Pemenuhan kepentingan yang sah lainnya")


class Channel(models.TextChoices):
    ONLINE = "online", _("Daring")
    COUNTER = "counter", _("Loket")


class Notice(models.Model):
    """The full text of one privacy-notice version exactly as shown, archived once by its digest
    so a consent can be proved against it (Pasal 22-24) long after the page has changed."""

    digest = models.CharField(_("SHA-256"), max_length=64, unique=True)
    version = models.CharField(_("versi"), max_length=40)
    text = models.TextField(_("isi pemberitahuan"))
    first_shown_at = models.DateTimeField(_("pertama ditampilkan"), default=timezone.now)

    class Meta:
        ordering = ["-first_shown_at", "-id"]
        verbose_name = _("versi pemberitahuan privasi")
        verbose_name_plural = _("versi pemberitahuan privasi")

    def __str__(self) -> str:
        return f"{self.version} ({self.digest[:12]})"


class Consent(models.Model):
    """One grant of consent (or one record of another legal basis) for one purpose.

    Provable consent (Pasal 22–24): the notice shown is identified by its version and the SHA-256
    of its exact text, and the record is kept after withdrawal; withdrawing sets `withdrawn_at`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents"
    )
    purpose = models.SlugField(_("tujuan (kode)"), max_length=80)
    purpose_label = models.CharField(_("tujuan"), max_length=200)
    legal_basis = models.CharField(_("dasar pemrosesan"), max_length=24, choices=LegalBasis.choices)
    granted_at = models.DateTimeField(_("diberikan pada"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)
    channel = models.CharField(
        _("kanal"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    notice_version = models.CharField(_("versi pemberitahuan"), max_length=40)
    notice_digest = models.CharField(_("SHA-256 pemberitahuan"), max_length=64)
    notice = models.ForeignKey(
        Notice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("pemberitahuan"),
    )

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        indexes = [models.Index(fields=["user", "purpose"], name="privacy_consent_user_purpose")]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.user_id})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def can_withdraw(self) -> bool:
        return self.is_active and self.legal_basis == LegalBasis.CONSENT


class DataSubjectRequest(models.Model):
    """A request by a data subject to exercise a right (recorded as Pasal 14 requires)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Akses dan salinan data")
        CORRECTION = "correction", _("Perbaikan data")
        ERASURE = "erasure", _("Penghapusan data")
        RESTRICTION = "restriction", _("Pembatasan pemrosesan")
        OBJECTION = "objection", _("Keberatan atas pemrosesan")
        WITHDRAW = "withdraw", _("Penarikan persetujuan")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        IN_PROGRESS = "in_progress", _("Sedang diproses")
        COMPLETED = "completed", _("Selesai")
        REJECTED = "rejected", _("Ditolak")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="privacy_requests"
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("diterima pada"))
    due_at = models.DateTimeField(_("batas waktu"))
    completed_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditangani oleh"),
    )
    channel = models.CharField(
        _("kanal"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    # What the citizen wrote, and for a correction the new values as JSON: personal data, so
    # sealed; null once the retention job has redacted a closed request.
    details = EncryptedCharField(_("keterangan"), null=True, blank=True)
    changes = EncryptedCharField(_("perubahan yang diminta"), null=True, blank=True)
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Shown to the citizen: the answer, and for an erasure what was erased and what was kept.
    response = models.TextField(_("jawaban"), blank=True)
    # The same answer in English, for a reader who uses SatuPintu in English.
    response_en = models.TextField(_("jawaban (English)"), blank=True)
    outcome = models.JSONField(_("hasil"), default=dict, blank=True)
    redacted_at = models.DateTimeField(_("keterangan dihapus pada"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        permissions = [("handle_requests", _("Menangani permintaan subjek data (PPDP/DPO)"))]
        indexes = [
            models.Index(fields=["status", "due_at"], name="privacy_dsr_queue"),
            models.Index(fields=["user", "received_at"], name="privacy_dsr_user"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())

    def response_for(self, language: str | None) -> str:
        """The answer in the reader's language: English when they read English and it exists."""
        if (language or "").startswith("en") and self.response_en:
            return self.response_en
        return self.response


class SubjectFlags(models.Model):
    """Privacy state of one person that the User model does not carry."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_flags"
    )
    processing_restricted = models.BooleanField(_("pemrosesan dibatasi"), default=False)
    restricted_at = models.DateTimeField(_("dibatasi sejak"), null=True, blank=True)
    # Which request set the restriction: a restriction (Pasal 11) or an upheld objection.
    restricted_by = models.CharField(_("dibatasi karena"), max_length=16, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("status privasi subjek")
        verbose_name_plural = _("status privasi subjek")

    def __str__(self) -> str:
        return str(self.user_id)


class RetentionRule(models.Model):
    """How long one type of data is kept, and what happens after. Editable by administrators;
    the seeded values are defaults to be confirmed against the agency's archival schedule."""

    class Action(models.TextChoices):
        DELETE = "delete", _("Hapus")
        ANONYMISE = "anonymise", _("Anonimkan")

    data_type = models.SlugField(_("jenis data"), max_length=80, unique=True)
    label = models.CharField(_("nama"), max_length=200)
    retention_days = models.PositiveIntegerField(_("masa simpan (hari)"))
    action = models.CharField(_("tindakan"), max_length=16, choices=Action.choices)
    legal_basis = models.TextField(_("dasar"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["data_type"]
        verbose_name = _("aturan retensi")
        verbose_name_plural = _("aturan retensi")

    def __str__(self) -> str:
        return self.data_type


class Breach(models.Model):
    """A personal-data protection failure (kegagalan pelindungan data pribadi, Pasal 46)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Ditangani")
        NOTIFIED = "notified", _("Sudah diberitahukan")
        CLOSED = "closed", _("Ditutup")

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("kapan dan bagaimana terjadi"))
    data_categories = models.TextField(_("data pribadi yang terungkap"))
    affected_subjects_estimate = models.PositiveIntegerField(_("perkiraan subjek terdampak"))
    occurred_at = models.DateTimeField(_("terjadi pada"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("diketahui pada"))
    notify_due_at = models.DateTimeField(_("batas pemberitahuan"))
    subjects_notified_at = models.DateTimeField(_("subjek diberi tahu pada"), null=True, blank=True)
    authority_notified_at = models.DateTimeField(
        _("lembaga diberi tahu pada"), null=True, blank=True
    )
    remediation = models.TextField(_("upaya penanganan dan pemulihan"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Who controls the data and whom to ask (Pasal 46 notices name both).
    controller = models.CharField(_("pengendali data pribadi"), max_length=200, blank=True)
    dpo_contact = models.CharField(_("kontak PPDP"), max_length=200, blank=True)
    # A public announcement, where the breach touches the public (Pasal 46 ayat 3).
    announcement = models.TextField(_("pengumuman publik"), blank=True)
    announced_at = models.DateTimeField(_("diumumkan pada"), null=True, blank=True)
    # Later news about the breach, each {"at": iso, "text": ...}, oldest first.
    updates = models.JSONField(_("perkembangan"), default=list, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    class Meta:
        ordering = ["notify_due_at", "-id"]
        verbose_name = _("insiden data pribadi")
        verbose_name_plural = _("insiden data pribadi")
        indexes = [models.Index(fields=["status", "notify_due_at"], name="privacy_breach_due")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        pending = self.subjects_notified_at is None or self.authority_notified_at is None
        return pending and self.notify_due_at < (now or timezone.now())

    def notice_text(self, audience: str = "subjects") -> str:
        """The written notice (UU 27/2022 Pasal 46 ayat 2): what personal data was exposed, when
        and how, and the handling and recovery efforts; `audience` is "subjects" (addressed to
        the people affected) or "authority" (to the supervising authority), each naming the
        controller and the DPO contact."""
        zone = ZoneInfo(WIB)

        def when(value: dt.datetime | None) -> str:
            if value is None:
                return gettext("belum diketahui")
            return timezone.localtime(value, zone).strftime("%d-%m-%Y %H:%M") + " WIB"

        if audience == "authority":
            heading = [
                gettext("PEMBERITAHUAN KEGAGALAN PELINDUNGAN DATA PRIBADI KEPADA LEMBAGA"),
                gettext("Kepada: Lembaga penyelenggara pelindungan data pribadi"),
            ]
        else:
            heading = [
                gettext("PEMBERITAHUAN KEGAGALAN PELINDUNGAN DATA PRIBADI"),
                gettext("Kepada: subjek data pribadi yang terdampak"),
            ]
        parts = [
            *heading,
            gettext("Pengendali data pribadi: %(controller)s")
            % {"controller": self.controller or "SatuPintu"},
            gettext("Kontak pejabat pelindungan data pribadi: %(contact)s")
            % {"contact": self.dpo_contact or gettext("halaman Privasi SatuPintu")},
            "",
            gettext(
                "Dengan ini kami memberitahukan bahwa telah terjadi kegagalan pelindungan data "
                "pribadi: %(title)s."
            )
            % {"title": self.title},
            "",
            gettext("1. Data pribadi yang terungkap:"),
            self.data_categories,
            "",
            gettext("2. Kapan dan bagaimana data pribadi terungkap:"),
            gettext("Terjadi pada: %(occurred)s. Diketahui pada: %(discovered)s.")
            % {"occurred": when(self.occurred_at), "discovered": when(self.discovered_at)},
            self.description,
            "",
            gettext("3. Upaya penanganan dan pemulihan atas terungkapnya data pribadi:"),
            self.remediation or gettext("Upaya penanganan sedang dilakukan."),
            "",
            *(
                [
                    gettext("Perkiraan jumlah subjek data terdampak: %(count)s orang.")
                    % {"count": self.affected_subjects_estimate},
                    "",
                ]
                if audience == "authority"
                else [
                    gettext(
                        "Yang dapat Anda lakukan: waspadai pesan atau panggilan yang mengatasnamakan "
                        "instansi, jangan berikan kode verifikasi kepada siapa pun, dan hubungi "
                        "PPDP bila ada yang mencurigakan."
                    ),
                    "",
                ]
            ),
            gettext(
                "Pemberitahuan ini disampaikan sesuai Pasal 46 Undang-Undang Nomor 27 Tahun 2022 "
                "tentang Pelindungan Data Pribadi, paling lambat 3 x 24 jam sejak kegagalan "
                "diketahui. Pertanyaan dapat diajukan kepada pejabat pelindungan data pribadi "
                "melalui halaman Privasi di SatuPintu."
            ),
        ]
        return "\n".join(parts)
