"""Ledger tables. Both are append-only: database triggers refuse UPDATE and DELETE.

See `satupintu.ledger.services` for how rows are written and why the columns look as they do.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """One state change: who did what to which object, with ids and digests only."""

    id = models.BigAutoField(primary_key=True)
    # The writer's transaction position: PostgreSQL's top-level xid, SQLite's entry id. Seals
    # cover half-open ranges of it, so an entry belongs to exactly one seal once sealed.
    tx = models.BigIntegerField(_("transaksi"))
    created_at = models.DateTimeField(_("waktu"))
    actor_type = models.CharField(_("jenis pelaku"), max_length=16)
    actor_id = models.BigIntegerField(_("ID pelaku"), null=True, blank=True)
    action = models.CharField(_("tindakan"), max_length=100)
    subject_type = models.CharField(_("jenis objek"), max_length=100, blank=True)
    subject_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    data = models.JSONField(_("data"), default=dict)
    entry_hash = models.CharField(_("hash entri"), max_length=64)

    class Meta:
        verbose_name = _("entri buku besar")
        verbose_name_plural = _("entri buku besar")
        indexes = [
            models.Index(fields=["tx", "id"], name="ledger_entry_tx_id"),
            models.Index(fields=["subject_type", "subject_id"], name="ledger_entry_subject"),
        ]

    def __str__(self) -> str:
        return f"#{self.id} {self.action}"


class Seal(models.Model):
    """A signed Merkle root over every entry whose `tx` lies in [tx_lo, tx_hi)."""

    # Chosen by the sealer (previous id + 1) because the signed body includes it.
    id = models.BigIntegerField(primary_key=True)
    tx_lo = models.BigIntegerField(unique=True)
    tx_hi = models.BigIntegerField(unique=True)
    first_entry_id = models.BigIntegerField()
    last_entry_id = models.BigIntegerField()
    size = models.PositiveIntegerField(_("jumlah entri"))
    # Entries under this seal and all before it: lets outsiders compare ledger sizes cheaply.
    total = models.PositiveBigIntegerField(_("total entri"))
    root = models.CharField(_("akar Merkle"), max_length=64)
    # Unique: two seals claiming the same predecessor would be a forked chain.
    prev_seal_hash = models.CharField(_("hash segel sebelumnya"), max_length=64, unique=True)
    seal_hash = models.CharField(_("hash segel"), max_length=64, unique=True)
    signature = models.CharField(_("tanda tangan"), max_length=128)
    key_id = models.CharField(_("ID kunci"), max_length=16)
    created_at = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("segel buku besar")
        verbose_name_plural = _("segel buku besar")

    def __str__(self) -> str:
        return f"#{self.id} ({self.size})"
