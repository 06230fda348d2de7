"""What an application was submitted under: the service standard, the form and the documents.

A catalog edit applies to new applications only (DESIGN.md "Frozen submissions"): at the first
submission `take` copies the service's standard (the 14 components and the facts shown beside
them), its form definition and its required documents onto `Application.snapshot`. Every page,
receipt and check of a submitted application then reads `service_for` and `documents_for`, which
give the frozen copy when there is one and the live catalog for a draft.

The snapshot holds catalog data only (public text and ids), never personal data.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from satupintu.catalog import formdef, selectors
from satupintu.catalog.models import (
    INTERNAL_COMPONENTS,
    PUBLIC_COMPONENTS,
    FormField,
    Service,
    localized,
)

if TYPE_CHECKING:
    from satupintu.applications.models import Application

VERSION = 1
# The service facts a case keeps: names and the standard as the public page shows it.
SERVICE_KEYS: tuple[str, ...] = (
    "name",
    "name_en",
    "summary",
    "summary_en",
    "fee_amount",
    "sla_working_days",
    "output_product",
    *PUBLIC_COMPONENTS,
    *INTERNAL_COMPONENTS,
)
DOCUMENT_KEYS: tuple[str, ...] = (
    "id",
    "name",
    "name_en",
    "description",
    "is_required",
    "order",
    "condition_key",
    "condition_value",
)
FORM_KEYS: tuple[str, ...] = (*formdef.DEFINITION_KEYS, "order")
_DECIMAL_KEYS = ("min_value", "max_value")


@dataclass(frozen=True)
class DocumentSpec:
    """One required document as the application asks for it."""

    pk: int
    name: str
    name_en: str
    description: str
    is_required: bool
    order: int = 0
    condition_key: str = ""
    condition_value: str = ""

    @property
    def localized_name(self) -> str:
        return localized(self, "name")

    def applies(self, answers: dict[str, Any]) -> bool:
        """Whether the application asks for this document, given the answers so far."""
        return formdef.condition_holds(self.condition_key, self.condition_value, answers)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def take(service: Service) -> dict[str, Any]:
    """The snapshot of `service` as it is now (JSON-serialisable). Its form and documents are
    the catalog's as every check of the submission read them (catalog.selectors' shelf)."""
    rows = sorted(formdef.form_rows(service), key=lambda row: (row.order, row.pk))
    return {
        "version": VERSION,
        "service": {key: _json(getattr(service, key)) for key in SERVICE_KEYS},
        "form": [{key: _json(getattr(row, key)) for key in FORM_KEYS} for row in rows],
        "documents": [
            {key: getattr(doc, key) for key in DOCUMENT_KEYS}
            for doc in selectors.kept_documents(service.pk)
        ],
    }


def _field(service: Service, row: dict[str, Any]) -> FormField:
    values = {key: row.get(key) for key in FORM_KEYS if key in row}
    for key in _DECIMAL_KEYS:
        if values.get(key) not in (None, ""):
            values[key] = Decimal(str(values[key]))
        else:
            values[key] = None
    return FormField(service=service, **values)


def service_for(application: Application) -> Service:
    """The service as the application was submitted under it (the live one for a draft).

    The frozen copy has the snapshot's names, standard and form (`formdef` reads the form from
    it); it is for reading only and is never saved.
    """
    live = application.service
    data = application.snapshot or {}
    if not data.get("service") or getattr(live, "_snapshot_of", None) == application.pk:
        return live
    frozen = copy.copy(live)
    frozen.__dict__.pop("_prefetched_objects_cache", None)
    for key, value in data["service"].items():
        if key in SERVICE_KEYS:
            setattr(frozen, key, value)
    frozen._formdef_rows = [_field(frozen, row) for row in data.get("form") or []]  # type: ignore[attr-defined]
    frozen._snapshot_of = application.pk  # type: ignore[attr-defined]
    return frozen


def freeze(application: Application) -> Application:
    """`application` with `service` replaced by `service_for(application)`; returns it."""
    frozen = service_for(application)
    if frozen is not application.service:
        application.service = frozen
    return application


def documents_for(application: Application) -> list[DocumentSpec]:
    """The required documents the application asks for, conditional ones included."""
    data = application.snapshot or {}
    if data.get("service"):
        rows = data.get("documents") or []
        return [
            DocumentSpec(
                pk=int(row["id"]),
                name=str(row.get("name") or ""),
                name_en=str(row.get("name_en") or ""),
                description=str(row.get("description") or ""),
                is_required=bool(row.get("is_required")),
                order=int(row.get("order") or 0),
                condition_key=str(row.get("condition_key") or ""),
                condition_value=str(row.get("condition_value") or ""),
            )
            for row in rows
        ]
    return [
        DocumentSpec(
            pk=doc.pk,
            name=doc.name,
            name_en=doc.name_en,
            description=doc.description,
            is_required=doc.is_required,
            order=doc.order,
            condition_key=doc.condition_key,
            condition_value=doc.condition_value,
        )
        for doc in selectors.kept_documents(application.service_id)
    ]


def applicable_documents(application: Application) -> list[DocumentSpec]:
    """The required documents that apply to the application's answers."""
    answers = application.answers
    return [spec for spec in documents_for(application) if spec.applies(answers)]


def document_names(application: Application) -> dict[int, DocumentSpec]:
    """Required document id → its spec as submitted, for labelling attached documents."""
    return {spec.pk: spec for spec in documents_for(application)}
