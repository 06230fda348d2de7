"""Re-seal every encrypted field value that is not under the first key of FIELD_ENCRYPTION_KEYS.

Run after putting a new key in front of the ring; remove the old key only when this reports
nothing remaining. Safe to stop and run again: each batch commits on its own, and rows already
under the current key are skipped.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models.functions import Cast

from satupintu.core.crypto import TOKEN_VERSION, FieldCryptoError, KeyRing, get_keyring
from satupintu.core.fields import EncryptedCharField

_SEALED = "_sealed_token"


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedCharField]]:
    """Every (model, field) pair holding encrypted values, each table column once."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedCharField):
                found.append((model, field))
    return found


def stale_rows(
    model: type[models.Model], field: EncryptedCharField, keyring: KeyRing
) -> models.QuerySet[Any]:
    """Rows whose token is not under the current key, with the raw token as `_sealed_token`."""
    # Casting to plain text skips the field's from_db_value, so we see the token itself.
    return (
        model._base_manager.annotate(**{_SEALED: Cast(field.attname, models.TextField())})
        .filter(**{f"{_SEALED}__isnull": False})
        .exclude(**{_SEALED: ""})
        .exclude(**{f"{_SEALED}__startswith": f"{TOKEN_VERSION}:{keyring.current_key_id}:"})
    )


class Command(BaseCommand):
    help = "Re-encrypt personal data under the newest key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be re-encrypted."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = options["batch_size"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            keyring = get_keyring()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Current key: {keyring.current_key_id}")
        rotated = failed = 0
        for model, field in encrypted_fields():
            label = f"{model._meta.label}.{field.name}"
            pending = stale_rows(model, field, keyring).count()
            if options["dry_run"]:
                self.stdout.write(f"{label}: {pending} to re-encrypt")
                rotated += pending
                continue
            if not pending:
                self.stdout.write(f"{label}: up to date")
                continue
            done, bad = self._rotate(model, field, keyring, batch_size, label, pending)
            rotated += done
            failed += bad
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {rotated} value(s) would be re-encrypted.")
            return
        remaining = sum(stale_rows(m, f, keyring).count() for m, f in encrypted_fields())
        self.stdout.write(
            self.style.SUCCESS(f"Re-encrypted {rotated} value(s); {remaining} remaining.")
        )
        if failed:
            raise CommandError(
                f"{failed} value(s) could not be opened (see above); keep the old keys."
            )

    def _rotate(
        self,
        model: type[models.Model],
        field: EncryptedCharField,
        keyring: KeyRing,
        batch_size: int,
        label: str,
        pending: int,
    ) -> tuple[int, int]:
        pk_name = model._meta.pk.attname
        done = bad = 0
        last_pk: Any = None
        while True:
            with transaction.atomic():
                rows = stale_rows(model, field, keyring).select_for_update().order_by("pk")
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                batch = list(rows.values_list("pk", _SEALED)[:batch_size])
                if not batch:
                    break
                last_pk = batch[-1][0]
                updates = []
                for pk, token in batch:
                    try:
                        plain = keyring.decrypt(token, context=field.context)
                    except FieldCryptoError as exc:
                        bad += 1
                        self.stderr.write(f"{label} pk={pk}: {exc}")
                        continue
                    # Saving the plain value through the field seals it under the current key.
                    updates.append(model(**{pk_name: pk, field.attname: plain}))
                model._base_manager.bulk_update(updates, [field.name])
                done += len(updates)
            self.stdout.write(f"{label}: {done}/{pending}")
        return done, bad
