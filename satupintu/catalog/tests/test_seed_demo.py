from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from satupintu.accounts.models import User
from satupintu.accounts.selectors import user_for_contact
from satupintu.catalog import demo_data
from satupintu.catalog.models import (
    INTERNAL_COMPONENTS,
    PUBLIC_COMPONENTS,
    Category,
    LifeEvent,
    RequiredDocument,
    Service,
)
from satupintu.organizations.models import Agency, Membership, Role, Unit

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "Sandi-Demo-Uji-2026"


@pytest.fixture(autouse=True)
def _demo_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SATUPINTU_DEMO_PASSWORD", DEMO_PASSWORD)
    monkeypatch.delenv("SATUPINTU_ENV", raising=False)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, Any]:
    return {
        "agencies": sorted(Agency.objects.values_list("slug", flat=True)),
        "units": Unit.objects.count(),
        "categories": Category.objects.count(),
        "life_events": LifeEvent.objects.count(),
        "services": sorted(Service.objects.values_list("slug", "status", "updated_at")),
        "documents": RequiredDocument.objects.count(),
        "users": sorted(User.objects.values_list("username", "password")),
        "memberships": Membership.objects.count(),
    }


def test_seeding_twice_writes_nothing_the_second_time() -> None:
    seed()
    first = snapshot()

    output = seed()

    assert snapshot() == first
    assert re.findall(r"(\d+) dibuat, (\d+) diperbarui", output)
    assert all(
        created == updated == "0"
        for created, updated in re.findall(r"(\d+) dibuat, (\d+) diperbarui", output)
    )
    assert "0 baris ditulis" in output


def test_demo_catalog_is_complete() -> None:
    seed()

    assert Agency.objects.count() >= 4
    active = Service.objects.filter(status=Service.Status.ACTIVE)
    assert active.count() >= 12
    assert Service.objects.filter(status=Service.Status.DRAFT).exists()
    for service in active:
        for component in (*PUBLIC_COMPONENTS, *INTERNAL_COMPONENTS):
            assert getattr(service, component).strip(), f"{service.slug}: {component} kosong"
        assert service.documents.count() >= 2, service.slug
        assert service.keywords and service.name_en and service.summary_en
        assert service.life_events.exists(), service.slug
        assert service.search_text.strip(), service.slug
    for agency in Agency.objects.all():
        assert 1 <= agency.units.count() <= 3
        assert agency.maklumat.startswith("Dengan ini, kami menyatakan sanggup")
        assert agency.email.endswith(".example")


def test_disdukcapil_services_are_free() -> None:
    seed()

    disdukcapil = Agency.objects.get(short_name="Disdukcapil")
    assert not disdukcapil.services.exclude(fee_amount=0).exists()


def test_every_officer_has_a_valid_nip() -> None:
    seed()

    officers = User.objects.filter(memberships__isnull=False).distinct()
    assert officers.count() >= 7
    nips = [officer.nip for officer in officers]
    assert len(set(nips)) == len(nips)
    for nip in nips:
        assert re.fullmatch(r"\d{18}", nip), nip
        born = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
        appointed_year, appointed_month = int(nip[8:12]), int(nip[12:14])
        assert 1 <= appointed_month <= 12, nip
        assert appointed_year - born.year >= 18, nip
        assert nip[14] in "12", nip
        assert int(nip[15:]) >= 1, nip


def test_every_role_is_staffed_at_disdukcapil_and_the_others_have_the_core_roles() -> None:
    seed()

    for agency in Agency.objects.all():
        roles = set(agency.memberships.filter(is_active=True).values_list("role", flat=True))
        if agency.short_name == "Disdukcapil":
            assert roles == set(Role.values)
        else:
            assert {Role.AGENCY_ADMIN, Role.VERIFIER, Role.APPROVER} <= roles


def test_list_accounts_reads_the_demo_data_and_matches_the_accounts_created() -> None:
    listed = [line.split() for line in seed("--list-accounts").splitlines() if line.strip()]
    assert not User.objects.exists()

    seed()

    assert {username for _, username in listed} == {
        user.email for user in User.objects.all() if user.email.endswith("@demo.satupintu.id")
    }
    for role, username in listed:
        user = user_for_contact(username)
        assert user is not None
        assert user.check_password(DEMO_PASSWORD)
        if role == "citizen":
            assert user.kind == User.Kind.CITIZEN
            assert not user.memberships.exists()
        elif role == "operator":
            assert user.is_staff and user.is_superuser
        else:
            assert user.kind == User.Kind.OFFICER
            assert user.memberships.filter(role=role, is_active=True).exists()


def test_citizens_are_siti_and_budi() -> None:
    seed()

    citizens = User.objects.filter(kind=User.Kind.CITIZEN)
    assert set(citizens.values_list("full_name", flat=True)) == {"Siti Rahayu", "Budi Santoso"}
    assert not citizens.filter(is_staff=True).exists()


def test_password_is_set_only_when_the_account_is_created() -> None:
    seed()
    siti = user_for_contact("siti@demo.satupintu.id")
    assert siti is not None
    siti.set_password("Sandi-Baru-Siti-2026")
    siti.save()

    seed()

    siti.refresh_from_db()
    assert siti.check_password("Sandi-Baru-Siti-2026")


def test_print_password_prints_the_password_from_the_environment() -> None:
    assert seed("--print-password").strip() == DEMO_PASSWORD
    assert not User.objects.exists()


def test_default_demo_password_when_the_environment_has_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SATUPINTU_DEMO_PASSWORD")

    assert seed("--print-password").strip() == "SatuPintu-Demo-2026"


def test_refuses_to_run_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SATUPINTU_ENV", "production")

    with pytest.raises(CommandError, match="produksi"):
        seed()

    assert not Agency.objects.exists()
    assert not User.objects.exists()


def test_reseeding_restores_edited_demo_content() -> None:
    seed()
    service = Service.objects.get(slug="akta-kelahiran")
    Service.objects.filter(pk=service.pk).update(fee_amount=50_000, name="Diubah")
    service.documents.filter(order=0).delete()

    seed()

    service.refresh_from_db()
    assert (service.fee_amount, service.name) == (0, "Penerbitan Akta Kelahiran")
    assert service.documents.count() == len(
        next(s for s in demo_data.SERVICES if s.slug == "akta-kelahiran").documents
    )


def test_agencies_join_the_regency_once_regions_are_loaded() -> None:
    from satupintu.regions.models import Region

    seed()
    assert not Agency.objects.exclude(region=None).exists()
    province = Region.objects.create(
        code="32", name="Jawa Barat", level=1, kind="provinsi", search_name="jawa barat"
    )
    Region.objects.create(
        code="32.04",
        name="Kabupaten Bandung",
        level=2,
        kind="kabupaten",
        parent=province,
        search_name="bandung",
    )

    seed()

    assert set(Agency.objects.values_list("region_id", flat=True)) == {"32.04"}


def test_search_finds_services_by_the_words_citizens_use() -> None:
    from satupintu.catalog.search import search_services

    seed()

    def best(query: str) -> str:
        return next(service.slug for service in search_services(query)[:1])

    assert best("akta lahir bayi") == "akta-kelahiran"
    assert best("izin usaha UMKM") == "nib-oss-rba"
    assert best("bayar pbb") == "pbb-p2"


def test_if_empty_seeds_a_new_database_and_leaves_an_edited_one_alone() -> None:
    seed("--if-empty")
    assert Service.objects.filter(slug="akta-kelahiran").exists()
    Service.objects.filter(slug="akta-kelahiran").update(name="Diubah admin")

    output = seed("--if-empty")

    assert "left as it is" in output
    assert Service.objects.get(slug="akta-kelahiran").name == "Diubah admin"


def test_demo_has_a_dpo_persona_and_citizens_with_consent_records(db: Any) -> None:
    from django.core.management import call_command

    from satupintu.accounts.models import User
    from satupintu.organizations.models import Agency, Membership, Role
    from satupintu.privacy import services as privacy
    from satupintu.privacy.models import Consent

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # a second run adds nothing
    dpo = Membership.objects.get(role=Role.DPO).user
    assert privacy.is_dpo(dpo)
    assert not dpo.is_superuser
    assert Agency.objects.get(slug="disdukcapil-kabupaten-bandung").dpo_contact
    citizens = User.objects.filter(kind="citizen")
    assert citizens.exists()
    for citizen in citizens:
        consent = Consent.objects.get(user=citizen)
        assert consent.notice is not None and consent.notice.text
