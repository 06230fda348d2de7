"""The tamper-evident audit ledger: append entries, seal them in signed Merkle batches.

How it works (DESIGN.md, "The ledger"):

Entries. `record()` inserts one `Entry` inside the caller's transaction: if the caller rolls
back, the entry goes with it. An entry holds ids and digests only. `keyed_digest()` is how
personal data or free text (a NIK, answers, a message body, a note, a reason) enters it: an
HMAC-SHA256 under the ledger digest key, which only the operator holds, so a digest cannot be
reversed by enumerating the few NIKs or phone numbers there are. `digest()` (plain SHA-256 of
the canonical JSON) is only for values that are not personal (a form definition, a public
notice text), because anyone can recompute it. `record()` refuses data that looks like
personal data (a 16-digit number, i.e. a NIK, an Indonesian mobile number, an email address,
or clear text under a key such as "nik", "phone" or "note"), floats (their JSON spelling is not
stable across databases) and NUL characters.

`entry_hash` is SHA-256 over the canonical JSON of every column, id and `tx` included (format
in `verify_proof`). Rows are never updated: the id and `tx` are taken *before* the INSERT so the
hash can be written with the row.

Who reads an entry. The inclusion proof of any entry is public but shows only the entry's
hash, its position and the Merkle path (`selectors.inclusion_proof`); the entry's fields (who,
what, which case) are shown only to readers `access.can_read_entry` allows: staff, the holders
of `ledger.view_entry`, the actor themself, the person the entry is about, and whoever the
subject's app lets see the subject (registered with `access.register_subject_reader`).

`tx`: which seal covers an entry. A global hash chain would make every writer wait on one lock,
and sealing "entries up to id N" is wrong on PostgreSQL, where a transaction that took id 10 may
commit after the one that took id 11, or roll back and leave id 10 empty forever. So each entry
stores the position of the transaction that wrote it, and a seal covers the half-open range
[tx_lo, tx_hi) of those positions; consecutive seals tile the line (tx_lo = previous tx_hi).
- PostgreSQL: `tx` is the writer's top-level transaction id (`pg_current_xact_id()`). The
  sealer's horizon is the smaller of the next xid to be assigned and the oldest xid still
  running in this database (pg_stat_activity.backend_xid): every transaction below it has
  committed or rolled back, so every entry with a `tx` below it that will ever exist is visible
  now, and nothing can appear later inside a sealed range. Rolled-back writers leave holes in
  the id sequence but no entry, and no seal ever claims them, so holes are never mistaken for
  tampering; verification never looks at id gaps, only at what each seal's range holds. A long
  write transaction in this database holds sealing back until it ends (read-only transactions
  and other databases on the same server do not). Prepared (two-phase) transactions are not
  seen; SatuPintu does not use them.
- SQLite: one writer at a time. The id is `MAX(id) + 1` taken under the write lock
  (transactions BEGIN IMMEDIATE) and `tx` equals it, so ids become visible in order, a rolled-back
  id is simply reused, and the sealer's horizon is `MAX(id) + 1`.

Seals. `seal_pending()` closes batches of at most `LEDGER_SEAL_MAX_ENTRIES` entries (a single
transaction that wrote more is sealed whole). The leaves are the batch's entry hashes ordered by
(tx, id), hashed RFC 6962 style (0x00 leaf prefix, 0x01 node prefix). A seal stores the root,
its range, first/last entry id, size, the previous seal's hash, the key id, and an Ed25519
signature over the canonical JSON of all of that; its hash links the next seal. Seal ids are
consecutive from 1 and chosen by the sealer, which holds a lock while sealing (PostgreSQL
advisory transaction lock; SQLite's write lock), and unique constraints on `prev_seal_hash` and
`tx_hi` make a forked chain impossible even if two sealers raced. Empty batches make no seal.
`manage.py seal_ledger --loop` runs it every `LEDGER_SEAL_INTERVAL` seconds, sooner when
`LEDGER_SEAL_MAX_ENTRIES` are waiting; `tasks.seal_pending` is the same as a task.

The one tree. Seals are batches; on top of them the sealer keeps one RFC 9162 tree over every
sealed entry and signs a checkpoint (tree head) for each seal, in the seal's transaction: see
`satupintu.ledger.tree`. Consistency proofs between checkpoints and inclusion proofs against any
checkpoint come from there (`selectors`), and witnesses co-sign checkpoints (`witness_cosign`).

Checking. `verification.verify_ledger()` (and `manage.py verify_ledger`) re-reads everything in
(tx, id) order: each entry hash, each seal's size/first/last ids/Merkle root, the chain link,
the seal hash and the signature. A changed column shows up as that entry's or seal's hash; a
deleted, inserted or moved entry shows up as its seal's size or root; a removed seal as a broken
link. Entries after the last seal are hash-checked and reported as unsealed, not as errors. Deleting
the newest seals and their entries leaves a consistent ledger, so the check can also be held to
a published checkpoint (`verify_ledger --checkpoint FILE | --checkpoint-url URL`): the ledger
must contain that seal unchanged.
Inclusion proofs (`selectors.inclusion_proof`) are RFC 6962 audit paths checked by the
standalone `verify_proof` module with only the public key.

Triggers (`triggers.py`, created by the initial migration) refuse UPDATE and DELETE on both tables on
SQLite and PostgreSQL (and TRUNCATE on PostgreSQL). `manage.py flush` is overridden in this app
to lift them for the duration of the flush, because flushing wipes the whole database anyway
(and the test runner flushes between transactional tests).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from satupintu.core import crypto
from satupintu.ledger import keys, tree, verify_proof
from satupintu.ledger.formats import ENTRY_COLUMNS, iso
from satupintu.ledger.models import Checkpoint, Cosignature, Entry, Seal, WitnessKey

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.db.backends.base.base import BaseDatabaseWrapper

    Actor = AbstractBaseUser | AnonymousUser | tuple[str, int | None] | None
    Subject = models.Model | tuple[str, str | int] | None

# A 16-digit run not touching other hex digits: a NIK, but never a piece of a hex digest.
_NIK = re.compile(r"(?<![0-9A-Fa-f])\d{16}(?![0-9A-Fa-f])")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
# An Indonesian mobile number (08…, 628…, +62 8…; digits or space-grouped), not inside a hex
# digest, a decimal or a UUID.
_PHONE = re.compile(
    r"(?<![0-9A-Za-z.\-])(?:\+62 ?|62|0)8(?:\d{8,11}|\d{2,3} \d{3,4} \d{3,5})(?![0-9A-Za-z])"
)
_HEX_DIGEST = re.compile(r"^[0-9a-f]{64}$")
# Keys under which only a digest (never clear text) may stand.
PERSONAL_KEYS = frozenset(
    {"nik", "phone", "email", "name", "full_name", "address", "body", "note", "reason", "text"}
)
_ACTION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_LABEL = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
# Any constant that no other part of SatuPintu uses for pg_advisory locks.
SEAL_LOCK_KEY = 0x5A7E_1ED6


class LedgerDataError(ValueError):
    """A programming error: the ledger was handed something it must not store."""


def digest(value: Any) -> str:
    """SHA-256 hex of `value`'s canonical JSON, for bulky values that are NOT personal.

    Anyone can recompute it, so a digest of a NIK, a phone number or a short text is as good as
    the value itself: use `keyed_digest` for those.
    """
    return verify_proof.sha256_hex(verify_proof.canonical_json(value))


KEYED_DIGEST_INFO = b"satupintu:ledger-keyed-digest:v1"


@functools.lru_cache(maxsize=4)
def _digest_key(hash_key: bytes) -> bytes:
    # A key of its own, derived from FIELD_HASH_KEY (HKDF, its own label): a ledger digest and
    # a blind index of the same NIK are not comparable, and no new secret has to be managed.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEYED_DIGEST_INFO).derive(
        hash_key
    )


def keyed_digest(value: Any) -> str:
    """HMAC-SHA256 hex of `value`'s canonical JSON under the ledger digest key.

    How personal data and free text enter the ledger: whoever holds FIELD_HASH_KEY (the operator,
    the DPO through them) can check that an entry is about a given NIK or text; nobody else can
    recover or confirm the value from the public ledger.
    """
    key = _digest_key(crypto.get_keyring().hash_key)
    return hmac.new(key, verify_proof.canonical_json(value), hashlib.sha256).hexdigest()


def _check_text(text: str, where: str) -> None:
    if "\x00" in text:
        raise LedgerDataError(f"{where}: NUL characters are not allowed")
    if _NIK.search(text):
        raise LedgerDataError(f"{where}: looks like a NIK; record keyed_digest(...) of it instead")
    if _EMAIL.search(text):
        raise LedgerDataError(f"{where}: looks like an email address; record keyed_digest(...)")
    if _PHONE.search(text):
        raise LedgerDataError(f"{where}: looks like a phone number; record keyed_digest(...)")


def _clean(value: Any, where: str) -> Any:
    """A JSON-ready copy of `value` (tuples become lists), refusing what must not be stored."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if 10**15 <= abs(value) < 10**16:
            raise LedgerDataError(
                f"{where}: a 16-digit number looks like a NIK; use keyed_digest(...)"
            )
        return value
    if isinstance(value, str):
        _check_text(value, where)
        return value
    if isinstance(value, list | tuple):
        return [_clean(item, f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, Mapping):
        cleaned = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise LedgerDataError(f"{where}: keys must be strings, not {type(key).__name__}")
            _check_text(key, f"{where} key")
            if key in PERSONAL_KEYS and isinstance(item, str) and not _HEX_DIGEST.match(item):
                raise LedgerDataError(
                    f"{where}.{key}: personal data or free text; record keyed_digest(...) of it"
                )
            cleaned[key] = _clean(item, f"{where}.{key}")
        return cleaned
    raise LedgerDataError(
        f"{where}: {type(value).__name__} is not allowed; store ids, digests, text, integers "
        "or booleans (format times and decimals as text)"
    )


def _actor(actor: Actor) -> tuple[str, int | None]:
    if actor is None:
        return "system", None
    if isinstance(actor, tuple):
        label, actor_id = actor
        if not _LABEL.match(label):
            raise LedgerDataError(f"actor label {label!r} must be a short lowercase word")
        return label, actor_id
    if not actor.is_authenticated:
        return "anonymous", None
    kind = str(getattr(actor, "kind", "") or "user")
    return kind[:16], int(actor.pk)


def _subject(subject: Subject) -> tuple[str, str]:
    if subject is None:
        return "", ""
    if isinstance(subject, models.Model):
        subject_type, subject_id = subject._meta.label_lower, str(subject.pk)
    else:
        subject_type, subject_id = str(subject[0]), str(subject[1])
    if len(subject_type) > 100 or len(subject_id) > 64:
        raise LedgerDataError("subject type or id is too long")
    _check_text(subject_id, "subject id")
    return subject_type, subject_id


def _allocate(connection: BaseDatabaseWrapper) -> tuple[int, int]:
    """The new entry's id and tx, taken before the INSERT so the row is written complete."""
    table = Entry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')), "
                "pg_current_xact_id()::text::bigint",
                [table],
            )
            entry_id, tx = cursor.fetchone()
            return int(entry_id), int(tx)
        # Under SQLite's write lock no one else can be between this read and our INSERT.
        # sqlite_sequence keeps ids of rows that were ever committed from coming back.
        quoted = connection.ops.quote_name(table)
        sql = f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), COALESCE((SELECT MAX(id) FROM {quoted}), 0)) + 1"  # noqa: S608 - our own quoted table name
        cursor.execute(sql, [table])
        entry_id = int(cursor.fetchone()[0])
        return entry_id, entry_id


def record(
    actor: Actor,
    action: str,
    subject: Subject = None,
    data: Mapping[str, Any] | None = None,
) -> Entry:
    """Append one ledger entry inside the caller's transaction and return it.

    `actor` is the user who acted (None for the system, or an explicit `(label, id)` pair);
    `action` is a dotted lowercase name such as "catalog.service.update"; `subject` is the model
    instance acted on (or a `(type, id)` pair); `data` holds ids and digests only. Raises
    LedgerDataError, a programming error, for anything that looks like personal data.
    """
    if not _ACTION.match(action) or len(action) > 100:
        raise LedgerDataError(f"action {action!r} must look like 'app.noun.verb'")
    actor_type, actor_id = _actor(actor)
    subject_type, subject_id = _subject(subject)
    payload = _clean(dict(data or {}), "data")
    # savepoint=False: join the caller's transaction without a savepoint round trip; on its own,
    # this is a transaction of its own (and on SQLite it takes the write lock at BEGIN).
    with transaction.atomic(savepoint=False):
        entry_id, tx = _allocate(transaction.get_connection())
        created_at = timezone.now()
        entry_hash = verify_proof.entry_hash(
            {
                "id": entry_id,
                "tx": tx,
                "created_at": iso(created_at),
                "actor_type": actor_type,
                "actor_id": actor_id,
                "action": action,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "data": payload,
            }
        )
        entry = Entry(
            id=entry_id,
            tx=tx,
            created_at=created_at,
            actor_type=actor_type,
            actor_id=actor_id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            data=payload,
            entry_hash=entry_hash,
        )
        _insert(entry)
        return entry


def _insert(entry: Entry) -> None:
    # A plain INSERT: the ORM's save() costs more than the rest of record() together, and
    # this sits on every write path. The values go through each field's own DB preparation.
    connection = transaction.get_connection()
    fields = [Entry._meta.get_field(name) for name in ENTRY_COLUMNS]
    values = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]  # type: ignore[union-attr]
    quote = connection.ops.quote_name
    table = quote(Entry._meta.db_table)
    columns = ", ".join(quote(name) for name in ENTRY_COLUMNS)
    marks = ", ".join(["%s"] * len(ENTRY_COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - fixed identifiers
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
    entry._state.adding = False
    entry._state.db = connection.alias


# Transactions of *this* database that hold an xid, widened from 32-bit xid to 64-bit xid8
# relative to `%s` (the snapshot's xmax read just before): running xids are within 2^31 of it.
_PG_RUNNING_XIDS = """
SELECT MIN(%s - ((%s - backend_xid::text::bigint) & 4294967295))
FROM pg_stat_activity
WHERE datid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND backend_xid IS NOT NULL
"""


def _horizon(connection: BaseDatabaseWrapper) -> int:
    """The lowest `tx` that may still gain entries; everything below it is final."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The lock assigns no xid. Our own xid, if the caller's transaction has one, counts
            # as running below: what we wrote ourselves is sealed after we commit.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK_KEY])
            # First the next xid to be handed out: every smaller xid exists already. Then the
            # oldest one still running *in this database* (not the cluster-wide xmin, so other
            # databases on a shared server cannot hold sealing back). Any xid below both has
            # committed or rolled back, so its entries are all visible now and final.
            cursor.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
            next_xid = int(cursor.fetchone()[0])
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(_PG_RUNNING_XIDS, [next_xid, next_xid])
            oldest_running = cursor.fetchone()[0]
            return next_xid if oldest_running is None else min(next_xid, int(oldest_running))
        quoted = connection.ops.quote_name(Entry._meta.db_table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {quoted}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _seal_next_batch(limit: int, key_id: str) -> tuple[Seal | None, bool]:
    with transaction.atomic():
        horizon = _horizon(transaction.get_connection())
        last = Seal.objects.order_by("-id").first()
        tx_lo = last.tx_hi if last else 0
        if horizon <= tx_lo:
            return None, False
        columns = ("id", "tx", "entry_hash")
        pending = Entry.objects.filter(tx__gte=tx_lo, tx__lt=horizon).order_by("tx", "id")
        rows = list(pending.values_list(*columns)[: limit + 1])
        if not rows:
            return None, False
        more = len(rows) > limit
        if more:
            # Cut between transactions: a range boundary cannot split one tx.
            tx_hi = rows[limit][1]
            batch = [row for row in rows[:limit] if row[1] < tx_hi]
            if not batch:
                tx_hi = rows[0][1] + 1
                batch = list(pending.filter(tx=rows[0][1]).values_list(*columns))
        else:
            tx_hi, batch = horizon, rows
        ids = [row[0] for row in batch]
        seal = Seal(
            id=last.id + 1 if last else 1,
            tx_lo=tx_lo,
            tx_hi=tx_hi,
            first_entry_id=min(ids),
            last_entry_id=max(ids),
            size=len(batch),
            total=(last.total if last else 0) + len(batch),
            root=verify_proof.merkle_root([verify_proof.leaf_hash(row[2]) for row in batch]).hex(),
            prev_seal_hash=last.seal_hash if last else verify_proof.GENESIS_HASH,
            key_id=key_id,
            created_at=timezone.now(),
        )
        body = verify_proof.seal_body(
            {name: getattr(seal, name) for name in verify_proof.SEAL_FIELDS}
            | {"created_at": iso(seal.created_at)}
        )
        seal.seal_hash = verify_proof.sha256_hex(body)
        seal.signature = keys.sign(body)
        seal.save(force_insert=True)
        # The one tree grows in the same transaction, under the same lock: a seal never exists
        # without its checkpoint, and writers never wait for either.
        tree.catch_up()
    return seal, more


def seal_pending(*, max_entries: int | None = None) -> list[Seal]:
    """Seal every entry that can no longer change, in batches; return the new seals."""
    limit = max_entries or settings.LEDGER_SEAL_MAX_ENTRIES
    key_id = keys.key_id()  # a missing key should fail before any lock is taken
    tree.catch_up_locked()  # seals from before the tree existed get their leaves first
    seals: list[Seal] = []
    while True:
        seal, more = _seal_next_batch(limit, key_id)
        if seal is not None:
            seals.append(seal)
        if not more:
            return seals


def pending_count(*, limit: int) -> int:
    """How many entries wait for a seal, counting no further than `limit`."""
    last = Seal.objects.order_by("-id").values_list("tx_hi", flat=True).first()
    return Entry.objects.filter(tx__gte=last or 0)[:limit].count()


# --- Witnesses ---------------------------------------------------------------------------------

# A witness's clock may run a little ahead of ours; beyond this its time is refused.
COSIGNATURE_CLOCK_SKEW = 600


def witness_key_register(
    *, actor: Actor, name: str, public_key: str, contact_url: str = ""
) -> WitnessKey:
    """Register an independent party's Ed25519 key (base64 of 32 raw bytes) as a witness.

    Only the operator's staff may; the key id is derived from the key, as for the log's own.
    """
    from django.utils.translation import gettext as _

    from satupintu.core.errors import PermissionDenied, ServiceError

    if not (getattr(actor, "is_staff", False) or isinstance(actor, tuple) or actor is None):
        raise PermissionDenied(_("Hanya operator yang dapat mendaftarkan saksi."))
    name = name.strip()
    if not name or len(name) > 200:
        raise ServiceError(_("Nama saksi wajib diisi (paling banyak 200 karakter)."), field="name")
    try:
        key = verify_proof.load_public_key(public_key)
    except verify_proof.ProofError as exc:
        raise ServiceError(
            _("Kunci publik saksi harus base64 dari 32 bita kunci Ed25519."), field="public_key"
        ) from exc
    witness_key_id = verify_proof.key_id(key)
    if witness_key_id == keys.key_id():
        raise ServiceError(
            _("Kunci buku besar sendiri tidak bisa menjadi saksi."), field="public_key"
        )
    if WitnessKey.objects.filter(key_id=witness_key_id).exists():
        raise ServiceError(_("Kunci saksi ini sudah terdaftar."), field="public_key")
    with transaction.atomic():
        witness = WitnessKey.objects.create(
            name=name,
            public_key=public_key.strip(),
            key_id=witness_key_id,
            contact_url=contact_url,
        )
        record(actor, "ledger.witness.register", witness, {"key_id": witness_key_id})
    return witness


def witness_key_retire(*, actor: Actor, witness: WitnessKey) -> WitnessKey:
    """Stop accepting new co-signatures from a witness key; old ones stay shown and checkable."""
    from django.utils.translation import gettext as _

    from satupintu.core.errors import PermissionDenied

    if not (getattr(actor, "is_staff", False) or isinstance(actor, tuple) or actor is None):
        raise PermissionDenied(_("Hanya operator yang dapat mengubah saksi."))
    with transaction.atomic():
        witness.active = False
        witness.save(update_fields=["active"])
        record(actor, "ledger.witness.retire", witness, {"key_id": witness.key_id})
    return witness


def witness_cosign(*, tree_size: int, key_id: str, time: int, signature: str) -> Cosignature:
    """Accept a registered witness's co-signature over the checkpoint of `tree_size`.

    The co-signature is verified before it is stored (C2SP tlog-cosignature over the
    checkpoint's note): an unknown or retired key is refused (403), a signature that does not
    verify or a time before the checkpoint or in the future is refused (400). Sending the same
    co-signature again is harmless; a different one from the same witness is a conflict (409).
    """
    from django.utils.translation import gettext as _

    from satupintu.core.errors import Conflict, NotFound, PermissionDenied, ServiceError

    witness = WitnessKey.objects.filter(key_id=key_id, active=True).first()
    if witness is None:
        raise PermissionDenied(_("Kunci saksi ini tidak terdaftar atau sudah tidak aktif."))
    checkpoint = Checkpoint.objects.filter(tree_size=tree_size).first()
    if checkpoint is None:
        raise NotFound(_("Checkpoint tidak ditemukan."))
    now = int(timezone.now().timestamp())
    if time < int(checkpoint.created_at.timestamp()) - 1 or time > now + COSIGNATURE_CLOCK_SKEW:
        raise ServiceError(_("Waktu tanda tangan saksi tidak masuk akal."), field="time")
    try:
        verify_proof.verify_cosignature(
            tree.note_fields(checkpoint),
            {"key_id": key_id, "time": time, "signature": signature},
            witness.public_key,
        )
    except verify_proof.ProofError as exc:
        raise ServiceError(_("Tanda tangan saksi tidak sah."), field="signature") from exc
    with transaction.atomic():
        existing = Cosignature.objects.filter(checkpoint=checkpoint, witness=witness).first()
        if existing is not None:
            if existing.signature == signature:
                return existing
            raise Conflict(_("Saksi ini sudah menandatangani checkpoint ini."))
        cosignature = Cosignature.objects.create(
            checkpoint=checkpoint,
            witness=witness,
            time=time,
            signature=signature,
            received_at=timezone.now(),
        )
        record(
            ("witness", witness.id),
            "ledger.checkpoint.cosign",
            ("ledger.checkpoint", checkpoint.id),
            {"witness_key_id": key_id, "tree_size": tree_size},
        )
    return cosignature
