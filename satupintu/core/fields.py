"""Model fields for personal identifiers (NIK, phone numbers, ...) kept encrypted at rest.

    nik = EncryptedCharField(_("NIK"), kind="nik", max_length=16, blank=True,
                             blind_index_field="nik_index")
    nik_index = BlindIndexField()

In Python the attribute is the plain value; in the database the column holds only a sealed token
(see satupintu.core.crypto) and the blind index. Because every save seals under a fresh nonce,
the column cannot be searched: look rows up with ``lookup_value(User, "nik", "3204...")``, which
compares blind indexes. Show the value with ``masked()``; revealing it in full is a ledgered
action that belongs to the caller, not to this module.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.apps import apps as global_apps
from django.core import checks, validators
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.signals import post_save

from satupintu.core.crypto import KINDS, Kind, blind_index, decrypt, encrypt, normalize
from satupintu.core.identifiers import is_phone

M = TypeVar("M", bound=models.Model)


class EncryptedCharField(models.Field):
    """Text sealed with AES-256-GCM in a TEXT column; optional HMAC blind index beside it.

    ``kind`` picks the masking rule and the normalisation: "nik" and "phone" values are stored
    and indexed in canonical form (digits only; 08...), "text" is stored exactly as typed and
    only its index is case- and space-insensitive. ``context`` (default "<app>.<Model>.<field>") is bound into
    every token: set it explicitly before renaming a model or field, or existing rows stop
    opening.
    """

    description = "Encrypted text"
    # Equality, ranges and LIKE cannot work on randomised ciphertext; only isnull is meaningful.
    _allowed_lookups = frozenset({"isnull"})

    def __init__(
        self,
        *args: Any,
        kind: Kind = "text",
        blind_index_field: str | None = None,
        context: str | None = None,
        **kwargs: Any,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        self.kind: Kind = kind
        self.blind_index_field = blind_index_field
        self._context = context
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    # --- identity ---------------------------------------------------------------------------

    @property
    def context(self) -> str:
        if self._context:
            return self._context
        return f"{self.model._meta.label}.{self.name}"

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.kind != "text":
            kwargs["kind"] = self.kind
        if self.blind_index_field:
            kwargs["blind_index_field"] = self.blind_index_field
        if self._context:
            kwargs["context"] = self._context
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "TextField"

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = list(super().check(**kwargs))
        if self.unique or getattr(self, "db_index", False) or self.primary_key:
            errors.append(
                checks.Error(
                    "An encrypted field cannot be unique, indexed or a primary key: its "
                    "ciphertext differs on every save.",
                    hint="Put unique/db_index on the blind index field instead.",
                    obj=self,
                    id="core.E101",
                )
            )
        if self.blind_index_field:
            try:
                target = self.model._meta.get_field(self.blind_index_field)
            except FieldDoesNotExist:
                target = None
            if not isinstance(target, BlindIndexField):
                errors.append(
                    checks.Error(
                        f"blind_index_field {self.blind_index_field!r} must name a "
                        "BlindIndexField on the same model.",
                        obj=self,
                        id="core.E102",
                    )
                )
        return errors

    # --- Python <-> database ----------------------------------------------------------------

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value, context=self.context)

    def to_python(self, value: Any) -> str | None:
        # Identifiers are stored in canonical form, so forms and full_clean() validate what will
        # actually be stored. Free text is stored as typed: case-folding is for the index only.
        if value is None or value == "":
            return value
        if self.kind == "text":
            return str(value)
        return normalize(str(value), self.kind)

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(super().get_prep_value(value))
        if value is None or value == "":
            return value
        return encrypt(value, context=self.context)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        if self.blind_index_field:
            setattr(model_instance, self._index_attname(), self.index_for(value))
        return value

    def _index_attname(self) -> str:
        field = self.model._meta.get_field(self.blind_index_field or "")
        assert isinstance(field, BlindIndexField)
        return field.attname

    def index_for(self, value: str | None) -> str:
        """The blind index of a value for this column ("" for a blank value)."""
        if value is None or normalize(value, self.kind) == "":
            return ""
        return blind_index(value, context=self.context, kind=self.kind)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in self._allowed_lookups:
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"max_length": self.max_length, **kwargs})

    # --- keep the index right on partial saves ------------------------------------------------

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        # Migration state models live in their own registry; only real models need the hook.
        if self.blind_index_field and not cls._meta.abstract and cls._meta.apps is global_apps:
            post_save.connect(
                self._index_after_partial_save,
                sender=cls,
                weak=False,
                dispatch_uid=f"satupintu-blind-index:{cls._meta.label}.{name}",
            )

    def _index_after_partial_save(
        self,
        sender: type[models.Model],
        instance: models.Model,
        raw: bool = False,
        update_fields: frozenset[str] | None = None,
        **kwargs: Any,
    ) -> None:
        # save(update_fields=["nik"]) runs our pre_save, which sets nik_index on the instance,
        # but Django writes only the listed columns; without this the index would go stale.
        if raw or update_fields is None or self.blind_index_field is None:
            return
        if self.name not in update_fields and self.attname not in update_fields:
            return
        if self.blind_index_field in update_fields:
            return
        index_attname = self._index_attname()
        sender._base_manager.filter(pk=instance.pk).update(
            **{index_attname: getattr(instance, index_attname)}
        )


class BlindIndexField(models.CharField):
    """The HMAC-SHA256 (32 hex characters) that finds an EncryptedCharField's rows.

    Filled in by the encrypted field's pre_save; not editable and never shown.
    """

    _defaults: dict[str, Any] = {
        "max_length": 32,
        "db_index": True,
        "editable": False,
        "blank": True,
        "default": "",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**self._defaults, **kwargs})

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key, default in self._defaults.items():
            if key in kwargs and kwargs[key] == default:
                del kwargs[key]
        return name, path, args, kwargs


def lookup_value(model: type[M], field_name: str, value: str) -> models.QuerySet[M]:
    """Rows of ``model`` whose encrypted ``field_name`` equals ``value`` (after normalising).

    ``lookup_value(User, "nik", "3204.0101.0101.0003")`` finds the user whose NIK is
    3204010101010003. A blank value matches nothing.
    """
    field = model._meta.get_field(field_name)
    if not isinstance(field, EncryptedCharField) or not field.blind_index_field:
        raise ValueError(f"{model._meta.label}.{field_name} has no blind index to search by.")
    manager = model._default_manager
    index = field.index_for(value)
    if not index:
        return manager.none()
    return manager.filter(**{field.blind_index_field: index})


# --- masking --------------------------------------------------------------------------------

_KEEP: dict[str, tuple[int, int]] = {"nik": (4, 4), "phone": (4, 2), "text": (2, 2)}


def _detect_kind(value: str) -> Kind:
    digits = normalize(value, "nik")
    if digits.isdigit() and len(digits) == 16:
        return "nik"
    if is_phone(value):
        return "phone"
    return "text"


def masked(value: str | None, kind: Kind | None = None) -> str:
    """The value with its middle starred, same length as given: 3204********0003, 0812*****78.

    NIK keeps the first and last four characters, phone numbers the first four and last two,
    other text the first and last two. A value too short to keep anything is starred entirely.
    """
    if not value:
        return ""
    text = str(value)
    head, tail = _KEEP[kind or _detect_kind(text)]
    if len(text) <= (head + tail) * 3 // 2:
        return "*" * len(text)
    return text[:head] + "*" * (len(text) - head - tail) + text[len(text) - tail :]


def masked_field(instance: models.Model, field_name: str) -> str:
    """An encrypted field of ``instance`` masked according to the field's kind."""
    field = instance._meta.get_field(field_name)
    kind: Kind | None = field.kind if isinstance(field, EncryptedCharField) else None
    return masked(getattr(instance, field_name), kind)
