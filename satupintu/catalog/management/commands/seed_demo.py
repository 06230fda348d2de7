"""Seed the Kabupaten Bandung demo: agencies, service standards, officers and citizens.

Idempotent: rows are matched by slug/username, created when missing and brought back to the demo
content when they differ; a second run writes nothing. Passwords are set only when an account is
created, so a changed demo password survives. Every write goes through the catalog and
organizations services (actor=None, the system) except accounts, which have no service yet.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from satupintu.accounts import services as account_services
from satupintu.catalog import demo_data as demo
from satupintu.catalog import formdef
from satupintu.catalog import services as catalog_services
from satupintu.catalog.models import Category, LifeEvent, RequiredDocument, Service
from satupintu.catalog.signals import demo_seeded
from satupintu.core.errors import ServiceError
from satupintu.organizations import services as org_services
from satupintu.organizations.models import Agency, Membership, Unit

PRODUCTION_ENV = "SATUPINTU_ENV"

CREATED, UPDATED, UNCHANGED = "dibuat", "diperbarui", "tetap"


def refuse_in_production() -> None:
    if os.environ.get(PRODUCTION_ENV, "").strip().lower() == "production":
        raise CommandError(
            f"{PRODUCTION_ENV}=production: data demo (dengan kata sandi yang diketahui umum) "
            "tidak boleh dimuat ke lingkungan produksi. Tidak ada yang diubah."
        )


def list_accounts() -> list[str]:
    """One "role  username" line per demo account, from the demo data (not the database)."""
    width = max(len(account.role) for account in demo.ACCOUNTS)
    return [f"{account.role:<{width}}  {account.username}" for account in demo.ACCOUNTS]


def _value(value: Any) -> Any:
    return value.pk if hasattr(value, "_meta") else value


def _changes(obj: Any, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of `wanted` that differs from `obj` (foreign keys compared by primary key)."""
    changed = {}
    for name, value in wanted.items():
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname)
        if current != _value(value):
            changed[name] = value
    return changed


# --- Writes: one small function per kind, each through the owning app's services ------------


def write_category(data: demo.CategoryData) -> tuple[Category, str]:
    category = Category.objects.filter(slug=data.slug).first()
    if category is not None:
        return category, UNCHANGED
    category = catalog_services.category_create(
        actor=None, slug=data.slug, name=data.name, name_en=data.name_en, order=data.order
    )
    return category, CREATED


def write_life_event(data: demo.LifeEventData) -> tuple[LifeEvent, str]:
    event = LifeEvent.objects.filter(slug=data.slug).first()
    if event is not None:
        return event, UNCHANGED
    event = catalog_services.life_event_create(
        actor=None,
        slug=data.slug,
        name=data.name,
        name_en=data.name_en,
        description=data.description,
        description_en=data.description_en,
        order=data.order,
    )
    return event, CREATED


def write_agency(data: demo.AgencyData, *, region: Any) -> tuple[Agency, str]:
    wanted: dict[str, Any] = {
        "name": data.name,
        "short_name": data.short_name,
        "kind": data.kind,
        "description": data.description,
        "address": data.address,
        "phone": data.phone,
        "email": data.email,
        "website": data.website,
        "opening_hours": data.opening_hours,
        "maklumat": data.maklumat,
        "working_weekdays": data.working_weekdays,
        "dpo_contact": data.dpo_contact,
    }
    # Without the region table loaded the agency simply has no region; never unset one.
    if region is not None:
        wanted["region"] = region
    agency = Agency.objects.filter(slug=data.slug).first()
    if agency is None:
        return org_services.agency_create(actor=None, data={"slug": data.slug, **wanted}), CREATED
    changed = _changes(agency, wanted)
    if not changed:
        return agency, UNCHANGED
    return org_services.agency_update(actor=None, agency=agency, data=changed), UPDATED


def write_unit(agency: Agency, data: demo.UnitData) -> tuple[Unit, str]:
    unit = Unit.objects.filter(agency=agency, slug=data.slug).first()
    if unit is not None:
        return unit, UNCHANGED
    unit = org_services.unit_create(
        actor=None,
        agency=agency,
        name=data.name,
        slug=data.slug,
        working_weekdays=data.working_weekdays,
    )
    return unit, CREATED


def write_user(account: demo.AccountData, *, password: str) -> tuple[Any, str]:
    # accounts owns the users table; the demo sign-in name is the account's e-mail address.
    user, changed = account_services.demo_account_upsert(
        email=account.username,
        password=password,
        full_name=account.full_name,
        kind=account.kind,
        nip=account.nip,
        is_staff=account.is_staff,
        is_superuser=account.is_superuser,
    )
    if changed is None:
        return user, CREATED
    return user, UPDATED if changed else UNCHANGED


def write_membership(user: Any, agency: Agency, role: str) -> tuple[Membership, str]:
    existing = Membership.objects.filter(user=user, agency=agency, unit=None, role=role).first()
    if existing is not None and existing.is_active:
        return existing, UNCHANGED
    membership = org_services.membership_grant(actor=None, user=user, agency=agency, role=role)
    return membership, CREATED if existing is None else UPDATED


def _document_fields(data: demo.DocumentData, order: int) -> dict[str, Any]:
    return {
        "name": data.name,
        "name_en": data.name_en,
        "description": data.description,
        "is_required": data.is_required,
        "order": order,
        "condition_key": data.condition_key,
        "condition_value": data.condition_value,
    }


def write_service(
    data: demo.ServiceData,
    *,
    agency: Agency,
    category: Category,
    life_events: list[LifeEvent],
) -> tuple[Service, str, Counter[str]]:
    """Create or update one service; returns it, its outcome and the documents' outcomes."""
    docs: Counter[str] = Counter()
    wanted: dict[str, Any] = {**data.standard_fields(), "category": category}
    service = Service.objects.filter(slug=data.slug).first()
    if service is None:
        service = catalog_services.service_create(
            actor=None,
            agency=agency,
            data={
                "slug": data.slug,
                **wanted,
                "life_events": life_events,
                "documents": [
                    _document_fields(doc, order) for order, doc in enumerate(data.documents)
                ],
            },
        )
        docs[CREATED] += len(data.documents)
        return service, CREATED, docs

    if service.agency_id != agency.pk:
        raise CommandError(
            f"Layanan '{data.slug}' sudah ada milik instansi lain; data demo tidak menimpanya."
        )
    changed = _changes(service, wanted)
    current_events = set(service.life_events.values_list("pk", flat=True))
    if current_events != {event.pk for event in life_events}:
        changed["life_events"] = life_events
    if changed:
        service = catalog_services.service_update(actor=None, service=service, data=changed)

    existing = {doc.name: doc for doc in RequiredDocument.objects.filter(service=service)}
    for order, doc_data in enumerate(data.documents):
        fields = _document_fields(doc_data, order)
        document = existing.get(doc_data.name)
        if document is None:
            catalog_services.required_document_add(actor=None, service=service, data=fields)
            docs[CREATED] += 1
            continue
        doc_changes = _changes(document, fields)
        if doc_changes:
            catalog_services.required_document_update(
                actor=None, document=document, data=doc_changes
            )
            docs[UPDATED] += 1
        else:
            docs[UNCHANGED] += 1
    outcome = UPDATED if changed or docs[CREATED] or docs[UPDATED] else UNCHANGED
    return service, outcome, docs


def write_form(service: Service, fields: tuple[demo.FieldDef, ...]) -> str:
    """Replace the service's application form only when it differs from the demo's."""
    wanted = formdef.normalize_definition(fields)
    current = formdef.normalize_definition(formdef.definition_of(service))
    if current == wanted:
        return UNCHANGED
    catalog_services.form_definition_replace(actor=None, service=service, fields=list(wanted))
    return CREATED if not current else UPDATED


def write_workflow(service: Service, template: str) -> str:
    """Publish the demo's workflow for `service` unless its current version already is it."""
    from satupintu.catalog import workflow

    wanted = workflow.TEMPLATES[template][1](service.sla_working_days)
    current = catalog_services.workflow_current(service)
    if current is not None and current.spec == wanted:
        return UNCHANGED
    catalog_services.workflow_draft_save(
        actor=None, service=service, spec=wanted, note=f"Data demo: {template}"
    )
    try:
        catalog_services.workflow_publish(actor=None, service=service)
    except ServiceError as exc:
        raise CommandError(f"Alur demo '{service.slug}': {exc.message}") from None
    return CREATED if current is None else UPDATED


def _region() -> Any:
    from satupintu.regions.models import Region

    return Region.objects.filter(code=demo.REGION_CODE).first()


def seed() -> dict[str, Counter[str]]:
    """Write all demo data in one transaction; outcomes per kind of row."""
    tally: dict[str, Counter[str]] = {
        kind: Counter()
        for kind in (
            "instansi",
            "unit kerja",
            "kategori",
            "peristiwa hidup",
            "layanan",
            "dokumen persyaratan",
            "formulir",
            "akun",
            "peran petugas",
            "alur kerja",
        )
    }
    with transaction.atomic():
        region = _region()
        agencies: dict[str, Agency] = {}
        for agency_data in demo.AGENCIES:
            agency, outcome = write_agency(agency_data, region=region)
            agencies[agency_data.slug] = agency
            tally["instansi"][outcome] += 1
            for unit_data in agency_data.units:
                tally["unit kerja"][write_unit(agency, unit_data)[1]] += 1

        categories: dict[str, Category] = {}
        for category_data in demo.CATEGORIES:
            categories[category_data.slug], outcome = write_category(category_data)
            tally["kategori"][outcome] += 1
        life_events: dict[str, LifeEvent] = {}
        for event_data in demo.LIFE_EVENTS:
            life_events[event_data.slug], outcome = write_life_event(event_data)
            tally["peristiwa hidup"][outcome] += 1

        services_by_slug: dict[str, Service] = {}
        for service_data in demo.SERVICES:
            service, outcome, docs = write_service(
                service_data,
                agency=agencies[service_data.agency],
                category=categories[service_data.category],
                life_events=[life_events[slug] for slug in service_data.life_events],
            )
            services_by_slug[service.slug] = service
            tally["layanan"][outcome] += 1
            tally["dokumen persyaratan"].update(docs)
            form = demo.SERVICE_FORMS.get(service_data.slug)
            if form:
                tally["formulir"][write_form(service, form)] += 1

        password = demo.demo_password()
        for account in demo.ACCOUNTS:
            user, outcome = write_user(account, password=password)
            tally["akun"][outcome] += 1
            if account.kind == "citizen":
                # As registration does: the sign-up consent, with the notice text archived.
                account_services.demo_account_consent(user=user)
            if account.agency is not None:
                _, outcome = write_membership(user, agencies[account.agency], account.role)
                tally["peran petugas"][outcome] += 1
        # After the officers: publishing checks that someone holds every role of a workflow.
        for slug, template in demo.SERVICE_WORKFLOWS.items():
            tally["alur kerja"][write_workflow(services_by_slug[slug], template)] += 1
        # Apps above the catalog add their demo rows (complaints: its routing rules).
        demo_seeded.send(sender=Command, services=list(services_by_slug.values()), tally=tally)
    return tally


class Command(BaseCommand):
    help = (
        "Muat data demo Kabupaten Bandung (instansi, standar pelayanan, petugas, warga). "
        "Aman dijalankan berulang. Kata sandi demo hanya untuk demonstrasi."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has agencies (used by `make run`, "
            "so an admin's edits to demo data survive a restart).",
        )
        parser.add_argument(
            "--print-password",
            action="store_true",
            help=f"Cetak kata sandi demo (dari {demo.DEMO_PASSWORD_ENV}) lalu keluar.",
        )
        parser.add_argument(
            "--list-accounts",
            action="store_true",
            help="Cetak satu baris 'peran  nama pengguna' per akun demo lalu keluar.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production()
        if options["print_password"]:
            self.stdout.write(demo.demo_password())
            return
        if options["list_accounts"]:
            self.stdout.write("\n".join(list_accounts()))
            return

        if options["if_empty"] and Agency.objects.exists():
            self.stdout.write("Database already has agencies; demo data left as it is.")
            return
        tally = seed()
        for kind, counts in tally.items():
            parts = ", ".join(f"{counts[o]} {o}" for o in (CREATED, UPDATED, UNCHANGED))
            self.stdout.write(f"  {kind:<20} {parts}")
        written = sum(c[CREATED] + c[UPDATED] for c in tally.values())
        active = Service.objects.filter(
            slug__in=[s.slug for s in demo.SERVICES], status=Service.Status.ACTIVE
        ).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo {demo.REGION_NAME} siap: {len(demo.AGENCIES)} instansi, "
                f"{active} layanan aktif, {len(demo.ACCOUNTS)} akun "
                f"({written} baris ditulis)."
            )
        )
        if _region() is None:
            self.stdout.write(
                f"Wilayah {demo.REGION_CODE} belum dimuat; instansi demo belum dikaitkan ke "
                "wilayah. Jalankan `manage.py load_regions` lalu ulangi seed_demo."
            )
