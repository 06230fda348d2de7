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


class TreeLeaf(models.Model):
    """Leaf `index` of the one tree over the whole log: the index-th sealed entry.

    Written by the sealer (never by `record`), in the seal's transaction. Append-only.
    """

    index = models.BigIntegerField(primary_key=True)
    entry_id = models.BigIntegerField(unique=True)
    # RFC 6962 leaf hash (SHA-256 of 0x00 || entry hash), hex.
    leaf_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("daun pohon buku besar")
        verbose_name_plural = _("daun pohon buku besar")

    def __str__(self) -> str:
        return f"leaf {self.index} (entry {self.entry_id})"


class TreeNode(models.Model):
    """Cache of a complete subtree: the hash of leaves [index * 2**level, (index + 1) * 2**level).

    Only levels from `tree.CACHE_LEVEL` up are kept: any proof then reads O(log n) rows of this
    table and at most a few hundred leaves. A complete subtree never changes, so rows are
    append-only like the rest of the ledger.
    """

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("simpul pohon buku besar")
        verbose_name_plural = _("simpul pohon buku besar")
        constraints = [
            models.UniqueConstraint(fields=["level", "index"], name="ledger_treenode_level_index")
        ]

    def __str__(self) -> str:
        return f"node {self.level}/{self.index}"


class Checkpoint(models.Model):
    """A signed tree head: the root over the first `tree_size` sealed entries, at sealing time.

    The signature is Ed25519 over the note `verify_proof.checkpoint_note` spells out.
    """

    id = models.BigIntegerField(primary_key=True)
    tree_size = models.PositiveBigIntegerField(_("jumlah entri"), unique=True)
    root_hash = models.CharField(_("akar pohon"), max_length=64)
    seal_id = models.BigIntegerField(_("segel"), unique=True)
    origin = models.CharField(_("asal"), max_length=100)
    key_id = models.CharField(_("ID kunci"), max_length=16)
    signature = models.CharField(_("tanda tangan"), max_length=128)
    created_at = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("checkpoint buku besar")
        verbose_name_plural = _("checkpoint buku besar")

    def __str__(self) -> str:
        return f"#{self.id} ({self.tree_size})"


class WitnessKey(models.Model):
    """An independent party's Ed25519 key whose co-signatures the log accepts and shows.

    Managed by the operator in the back office (an inspectorate, the Ombudsman, another
    SatuPintu instance). A retired key stays listed so its old co-signatures still check.
    """

    name = models.CharField(_("nama saksi"), max_length=200)
    public_key = models.CharField(_("kunci publik (base64)"), max_length=64, unique=True)
    key_id = models.CharField(_("ID kunci"), max_length=16, unique=True, editable=False)
    contact_url = models.URLField(_("tautan saksi"), blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("terdaftar"), auto_now_add=True)

    class Meta:
        verbose_name = _("kunci saksi")
        verbose_name_plural = _("kunci saksi")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"


class Cosignature(models.Model):
    """A registered witness's co-signature over a checkpoint, verified on receipt."""

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, related_name="cosignatures"
    )
    witness = models.ForeignKey(WitnessKey, on_delete=models.PROTECT, related_name="cosignatures")
    time = models.BigIntegerField(_("waktu saksi (detik Unix)"))
    signature = models.CharField(_("tanda tangan"), max_length=128)
    received_at = models.DateTimeField(_("diterima"))

    class Meta:
        verbose_name = _("tanda tangan saksi")
        verbose_name_plural = _("tanda tangan saksi")
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "witness"], name="ledger_cosignature_once_per_witness"
            )
        ]

    def __str__(self) -> str:
        return f"{self.witness_id} @ {self.checkpoint_id}"
