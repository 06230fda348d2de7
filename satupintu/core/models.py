from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarEntry(models.Model):
    """A correction to the working-time calendar, edited by administrators.

    National public holidays come from the `holidays` package; this table adds cuti bersama,
    local days off and corrections (a seeded holiday that moved, or a day made a working day).
    An entry with an agency applies to that agency only.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Hari libur nasional")
        JOINT_LEAVE = "cuti_bersama", _("Cuti bersama")
        LOCAL_DAY_OFF = "local", _("Libur daerah/instansi")
        WORKING_DAY = "working", _("Hari kerja (koreksi)")

    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("keterangan"), max_length=200)
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The decree the entry comes from (e.g. "SKB 3 Menteri 2026"), for the yearly review.
    source = models.CharField(_("dasar"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "agency"], name="calendar_entry_unique_day"),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(agency__isnull=True),
                name="calendar_entry_unique_national_day",
            ),
        ]
        verbose_name = _("entri kalender kerja")
        verbose_name_plural = _("kalender kerja")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"
