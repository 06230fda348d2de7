from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from satupintu.catalog.models import Service
from satupintu.catalog.services import SERVICE_FIELDS
from satupintu.catalog.tests.test_portal import client_for, html


def form_data(service: Service, **overrides: Any) -> dict[str, Any]:
    """What the edit form posts back when the admin changes nothing but `overrides`."""
    # Every editable field as it is saved; the category, channels and lists are posted below.
    fields = [
        f for f in SERVICE_FIELDS if f not in ("category", "channel_online", "channel_counter")
    ]
    data: dict[str, Any] = {f: getattr(service, f) for f in fields}
    data["category"] = service.category_id
    data["life_events"] = [e.pk for e in service.life_events.all()]
    if service.channel_online:
        data["channel_online"] = "on"
    if service.channel_counter:
        data["channel_counter"] = "on"
    data["instansi-maklumat"] = service.agency.maklumat
    data["instansi-maklumat_en"] = service.agency.maklumat_en
    docs = list(service.documents.all())
    data.update(
        {
            "dokumen-TOTAL_FORMS": len(docs) + 2,
            "dokumen-INITIAL_FORMS": len(docs),
            "dokumen-MIN_NUM_FORMS": 0,
            "dokumen-MAX_NUM_FORMS": 1000,
        }
    )
    for i, d in enumerate(docs):
        data.update(
            {
                f"dokumen-{i}-id": d.pk,
                f"dokumen-{i}-name": d.name,
                f"dokumen-{i}-order": d.order,
                f"dokumen-{i}-is_required": "on" if d.is_required else "",
            }
        )
    for i in range(len(docs), len(docs) + 2):
        # A browser posts the rendered defaults of the empty rows.
        data.update({f"dokumen-{i}-order": 0, f"dokumen-{i}-is_required": "on"})
    data.update(overrides)
    return data


def edit_url(service: Service) -> str:
    return reverse("office:service_edit", args=[service.pk])


def test_office_needs_login(catalog: Any) -> None:
    response = Client().get(reverse("office:home"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("url_name", ["office:home", "office:services", "office:service_create"])
def test_citizens_get_403_in_the_office(world: Any, url_name: str) -> None:
    assert client_for(world.siti).get(reverse(url_name)).status_code == 403


def test_office_home_lists_roles(world: Any) -> None:
    page = html(client_for(world.admin_a).get(reverse("office:home")))
    assert "Dinas Kependudukan" in page and "Admin instansi" in page


def test_office_home_links_each_officer_to_the_work_of_their_roles(world: Any) -> None:
    front_desk = html(client_for(world.front_desk).get(reverse("office:home")))
    admin = html(client_for(world.admin_a).get(reverse("office:home")))

    inbox, counter = reverse("applications_office:inbox"), reverse("applications_office:loket")
    services = reverse("office:services")
    assert inbox in front_desk and counter in front_desk and services not in front_desk
    assert inbox in admin and services in admin and counter not in admin


def test_admin_lists_only_own_agency_services(catalog: Any, world: Any) -> None:
    page = html(client_for(world.admin_a).get(reverse("office:services")))
    assert "Akta Kelahiran" in page and "Akta Kematian" in page
    assert "Persetujuan Bangunan Gedung" not in page


def test_admin_of_another_agency_gets_403_on_get_and_post(catalog: Any, world: Any) -> None:
    client = client_for(world.admin_b)
    before = Service.objects.values().get(pk=catalog.akta.pk)
    assert client.get(edit_url(catalog.akta)).status_code == 403
    response = client.post(edit_url(catalog.akta), form_data(catalog.akta, name="Diretas"))
    assert response.status_code == 403
    status_url = reverse("office:service_status", args=[catalog.akta.pk])
    assert client.post(status_url, {"status": "draft"}).status_code == 403
    assert Service.objects.values().get(pk=catalog.akta.pk) == before


@pytest.mark.parametrize("persona", ["verifier", "approver"])
def test_non_admin_officers_of_the_agency_cannot_edit(
    catalog: Any, world: Any, persona: str
) -> None:
    client = client_for(world.persona(persona))
    assert client.get(edit_url(catalog.akta)).status_code == 403
    assert client.post(edit_url(catalog.akta), form_data(catalog.akta, name="X")).status_code == 403
    catalog.akta.refresh_from_db()
    assert catalog.akta.name == "Akta Kelahiran"


def test_missing_service_is_404(world: Any) -> None:
    assert client_for(world.admin_a).get("/kantor/layanan/999999/ubah/").status_code == 404


def test_admin_edits_own_service_and_search_follows(catalog: Any, world: Any) -> None:
    client = client_for(world.admin_a)
    page = html(client.get(edit_url(catalog.akta)))
    assert page.count("<h1") == 1 and "Evaluasi setiap triwulan." in page
    data = form_data(
        catalog.akta,
        name="Akta Kelahiran dan Kutipan Kedua",
        fee_amount=15000,
        **{"dokumen-2-name": "Buku nikah orang tua", "dokumen-2-order": 5},
    )
    response = client.post(edit_url(catalog.akta), data)
    assert response.status_code == 302, html(response)
    catalog.akta.refresh_from_db()
    assert catalog.akta.name == "Akta Kelahiran dan Kutipan Kedua"
    assert catalog.akta.fee_amount == 15000
    assert " kutip " in catalog.akta.search_name
    assert " nikah " in catalog.akta.search_text
    assert catalog.akta.documents.count() == 3


def test_admin_removes_a_required_document(catalog: Any, world: Any) -> None:
    data = form_data(catalog.akta, **{"dokumen-0-DELETE": "on"})
    assert client_for(world.admin_a).post(edit_url(catalog.akta), data).status_code == 302
    assert [d.name for d in catalog.akta.documents.all()] == ["Kartu Keluarga orang tua"]


def test_form_errors_keep_the_input_and_change_nothing(catalog: Any, world: Any) -> None:
    data = form_data(catalog.akta, name="", summary="Ringkasan baru yang diketik", fee_amount="-5")
    response = client_for(world.admin_a).post(edit_url(catalog.akta), data)
    assert response.status_code == 200
    page = html(response)
    assert "Ringkasan baru yang diketik" in page
    assert "errorlist" in page
    catalog.akta.refresh_from_db()
    assert catalog.akta.summary.startswith("Penerbitan akta")


def test_duplicate_slug_is_a_form_error(catalog: Any, world: Any) -> None:
    data = form_data(catalog.akta, slug=catalog.kk.slug)
    response = client_for(world.admin_a).post(edit_url(catalog.akta), data)
    assert response.status_code == 200 and "errorlist" in html(response)


def test_admin_creates_then_publishes_a_service(catalog: Any, world: Any) -> None:
    client = client_for(world.admin_b)
    page = html(client.get(reverse("office:service_create")))
    assert "Dinas Penanaman Modal" in page and "Dinas Kependudukan" not in page
    data = form_data(catalog.pbg, slug="", name="Izin Reklame", status="draft")
    data["agency"] = world.agency_b.pk
    response = client.post(reverse("office:service_create"), data)
    assert response.status_code == 302
    service = Service.objects.get(name="Izin Reklame")
    assert service.slug == "izin-reklame" and service.agency == world.agency_b
    assert Client().get(reverse("portal:service", args=["izin-reklame"])).status_code == 404
    client.post(reverse("office:service_status", args=[service.pk]), {"status": "active"})
    assert Client().get(reverse("portal:service", args=["izin-reklame"])).status_code == 200


def test_admin_cannot_create_for_another_agency(catalog: Any, world: Any) -> None:
    data = form_data(catalog.pbg, slug="", name="Izin Palsu")
    data["agency"] = world.agency_a.pk
    response = client_for(world.admin_b).post(reverse("office:service_create"), data)
    assert response.status_code == 200
    assert not Service.objects.filter(name="Izin Palsu").exists()


def test_officer_without_admin_role_cannot_create(world: Any) -> None:
    assert client_for(world.verifier).get(reverse("office:service_create")).status_code == 403


def test_editor_labels_are_indonesian(catalog: Any, world: Any) -> None:
    page = html(client_for(world.admin_a).get(edit_url(catalog.akta)))
    assert "Order:" not in page and "Slug:" not in page
    assert "Urutan:" in page and "Alamat halaman:" in page


def test_admin_writes_english_versions_and_the_maklumat_in_the_editor(
    catalog: Any, world: Any
) -> None:
    client = client_for(world.admin_a)
    page = html(client.get(edit_url(catalog.akta)))
    for name in ("requirements_en", "product_en", "output_product_en", "instansi-maklumat_en"):
        assert f'name="{name}"' in page, name
    assert 'name="dokumen-0-description_en"' in page
    data = form_data(
        catalog.akta,
        requirements_en="The documents listed below.",
        output_product_en="Birth certificate extract",
        **{
            "dokumen-0-description_en": "From the hospital or midwife",
            "instansi-maklumat_en": "We pledge to serve you as the standard says.",
        },
    )
    response = client.post(edit_url(catalog.akta), data)
    assert response.status_code == 302, html(response)
    catalog.akta.refresh_from_db()
    assert catalog.akta.requirements_en == "The documents listed below."
    assert catalog.akta.output_product_en == "Birth certificate extract"
    assert catalog.akta.documents.first().description_en == "From the hospital or midwife"
    agency = type(catalog.akta.agency).objects.get(pk=catalog.akta.agency_id)
    assert agency.maklumat_en == "We pledge to serve you as the standard says."
    assert agency.maklumat.startswith("Kami sanggup")


def test_an_invalid_maklumat_saves_nothing(catalog: Any, world: Any) -> None:
    data = form_data(
        catalog.akta,
        name="Nama baru yang tidak disimpan",
        **{"instansi-maklumat_en": "x" * 20, "instansi-maklumat": ""},
    )
    data["sla_working_days"] = "bukan angka"
    response = client_for(world.admin_a).post(edit_url(catalog.akta), data)
    assert response.status_code == 200
    catalog.akta.refresh_from_db()
    assert catalog.akta.name == "Akta Kelahiran"
    assert type(catalog.akta.agency).objects.get(pk=catalog.akta.agency_id).maklumat_en == ""


@pytest.mark.parametrize(
    "changes", [{"slug": "", "name": "", "summary": ""}, {"name": "", "slug": "salah slug"}]
)
def test_a_rejected_post_shows_the_saved_title_and_links(
    catalog: Any, world: Any, changes: dict[str, str]
) -> None:
    response = client_for(world.admin_a).post(
        edit_url(catalog.akta), form_data(catalog.akta, **changes)
    )
    assert response.status_code == 200
    page = html(response)
    assert "Ubah layanan: Akta Kelahiran" in page and "errorlist" in page
    assert f'href="/layanan/{catalog.akta.slug}/"' in page
