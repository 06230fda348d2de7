from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from satupintu.catalog import demo_data, formdef, services
from satupintu.catalog.models import FormField, Service
from satupintu.catalog.tests.test_formdef import DEFINITION
from satupintu.catalog.tests.test_portal import client_for, html
from satupintu.catalog.views_forms import choices_to_text
from satupintu.tests.htmlforms import form_data


@pytest.fixture
def akta(catalog: Any) -> Service:
    services.form_definition_replace(actor=None, service=catalog.akta, fields=DEFINITION)
    return Service.objects.get(pk=catalog.akta.pk)


def edit_url(service: Service) -> str:
    return reverse("office:form_edit", args=[service.pk])


def preview_url(service: Service) -> str:
    return reverse("office:form_preview", args=[service.pk])


def post_data(rows: list[dict[str, Any]], *, initial: int | None = None) -> dict[str, Any]:
    """What the editor posts for `rows` (definition dicts), in that order, plus two empty rows."""
    data: dict[str, Any] = {
        "kolom-TOTAL_FORMS": len(rows) + 2,
        "kolom-INITIAL_FORMS": len(rows) if initial is None else initial,
        "kolom-MIN_NUM_FORMS": 0,
        "kolom-MAX_NUM_FORMS": 100,
    }
    for i, row in enumerate(rows):
        for key in formdef.DEFINITION_KEYS:
            value = row.get(key)
            if key == "choices":
                value = choices_to_text(value or [])
            if key == "required":
                if row.get("required", True):
                    data[f"kolom-{i}-required"] = "on"
                continue
            data[f"kolom-{i}-{key}"] = "" if value is None else value
        data[f"kolom-{i}-ORDER"] = row.get("ORDER", i + 1)
        if row.get("DELETE"):
            data[f"kolom-{i}-DELETE"] = "on"
    for i in range(len(rows), len(rows) + 2):
        data[f"kolom-{i}-group"] = formdef.DEFAULT_GROUP
    return data


def keys(service: Service) -> list[str]:
    return list(FormField.objects.filter(service=service).values_list("key", flat=True))


def test_editor_shows_every_field_of_the_form(akta: Service, world: Any) -> None:
    page = html(client_for(world.admin_a).get(edit_url(akta)))
    assert page.count("<h1") == 1
    assert 'value="nama-anak"' in page and 'value="nomor-akta-kawin"' in page
    assert "kawin-tercatat | Kawin tercatat | Registered marriage" in page
    assert preview_url(akta) in page


def test_service_edit_page_links_to_the_form_editor(akta: Service, world: Any) -> None:
    page = html(client_for(world.admin_a).get(reverse("office:service_edit", args=[akta.pk])))
    assert edit_url(akta) in page


def test_admin_adds_removes_and_reorders_fields(akta: Service, world: Any) -> None:
    rows = formdef.definition_of(akta)
    rows[0]["label"] = "Nama lengkap anak"
    rows[1]["ORDER"] = 0  # date of birth moves to the top
    rows[4]["DELETE"] = True  # "kembar" goes
    data = post_data(rows)
    n = len(rows)
    data.update(
        {
            f"kolom-{n}-key": "berat-lahir",
            f"kolom-{n}-label": "Berat lahir (gram)",
            f"kolom-{n}-field_type": "number",
            f"kolom-{n}-required": "on",
            f"kolom-{n}-group": "Data anak",
            f"kolom-{n}-min_value": "300",
            f"kolom-{n}-max_value": "7000",
            f"kolom-{n}-ORDER": 3,
        }
    )
    response = client_for(world.admin_a).post(edit_url(akta), data)
    assert response.status_code == 302, html(response)
    saved = keys(akta)
    assert saved[:4] == ["tanggal-lahir", "nama-anak", "jenis-kelamin", "berat-lahir"]
    assert "kembar" not in saved and len(saved) == len(DEFINITION)
    assert FormField.objects.get(service=akta, key="nama-anak").label == "Nama lengkap anak"
    weight = FormField.objects.get(service=akta, key="berat-lahir")
    assert (weight.min_value, weight.max_value, weight.group) == (300, 7000, "Data anak")
    status = FormField.objects.get(service=akta, key="status-kawin")
    assert [(c["value"], c["label_en"]) for c in status.choices] == [
        ("kawin-tercatat", "Registered marriage"),
        ("kawin-belum-tercatat", ""),
        ("belum-kawin", "Not married"),
    ]


def test_saving_unchanged_rows_keeps_the_form_identical(akta: Service, world: Any) -> None:
    before = formdef.normalize_definition(formdef.definition_of(akta))
    response = client_for(world.admin_a).post(
        edit_url(akta), post_data(formdef.definition_of(akta))
    )
    assert response.status_code == 302, html(response)
    assert formdef.normalize_definition(formdef.definition_of(akta)) == before


def test_admin_of_another_agency_gets_403_and_nothing_changes(akta: Service, world: Any) -> None:
    client = client_for(world.admin_b)
    before = list(FormField.objects.filter(service=akta).values())
    assert client.get(edit_url(akta)).status_code == 403
    assert client.get(preview_url(akta)).status_code == 403
    rows = formdef.definition_of(akta)[:1]
    rows[0]["label"] = "Diretas"
    assert client.post(edit_url(akta), post_data(rows)).status_code == 403
    assert client.post(preview_url(akta), {}).status_code == 403
    assert list(FormField.objects.filter(service=akta).values()) == before


@pytest.mark.parametrize("persona", ["verifier", "front_desk", "siti"])
def test_non_admins_cannot_edit_forms(akta: Service, world: Any, persona: str) -> None:
    client = client_for(world.persona(persona))
    assert client.get(edit_url(akta)).status_code == 403
    assert client.post(edit_url(akta), post_data([])).status_code == 403
    assert keys(akta) == [f["key"] for f in DEFINITION]


def test_missing_service_is_404(world: Any) -> None:
    assert client_for(world.admin_a).get("/kantor/layanan/999999/formulir/").status_code == 404


def test_editor_needs_login(akta: Service) -> None:
    from django.test import Client

    response = Client().get(edit_url(akta))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_definition_errors_keep_the_input_and_change_nothing(akta: Service, world: Any) -> None:
    rows = formdef.definition_of(akta)
    rows[0]["label"] = "Label baru yang diketik"
    rows[1]["key"] = "nama-anak"  # duplicate key
    rows[3]["min_value"] = 50  # above its max of 20
    response = client_for(world.admin_a).post(edit_url(akta), post_data(rows))
    assert response.status_code == 200
    page = html(response)
    assert "Label baru yang diketik" in page
    assert "kunci nama-anak sudah dipakai kolom lain" in page
    assert "nilai terkecil tidak boleh lebih besar" in page
    assert keys(akta) == [f["key"] for f in DEFINITION]
    assert FormField.objects.get(service=akta, key="nama-anak").label == "Nama anak"


def test_row_errors_are_marked_on_the_row(akta: Service, world: Any) -> None:
    rows = formdef.definition_of(akta)
    rows[2]["field_type"] = "gambar"
    rows[0]["key"] = "x" * 61
    data = post_data(rows)
    data["kolom-6-choices"] = "a | b | c | d"
    response = client_for(world.admin_a).post(edit_url(akta), data)
    assert response.status_code == 200
    page = html(response)
    assert "errorlist" in page and 'aria-invalid="true"' in page
    assert "Baris 1: tulis" in page
    assert keys(akta) == [f["key"] for f in DEFINITION]


def test_condition_must_point_to_an_earlier_field_in_the_editor(akta: Service, world: Any) -> None:
    rows = formdef.definition_of(akta)
    rows[0]["condition_key"] = "status-kawin"
    rows[0]["condition_value"] = "kawin-tercatat"
    response = client_for(world.admin_a).post(edit_url(akta), post_data(rows))
    assert response.status_code == 200
    assert "kolom sebelumnya" in html(response)


def test_removing_every_field_is_refused(akta: Service, world: Any) -> None:
    rows = [{**row, "DELETE": True} for row in formdef.definition_of(akta)]
    response = client_for(world.admin_a).post(edit_url(akta), post_data(rows))
    assert response.status_code == 200
    assert "paling sedikit satu kolom" in html(response)
    assert len(keys(akta)) == len(DEFINITION)


def test_an_admin_builds_a_first_form_from_empty_rows(catalog: Any, world: Any) -> None:
    data = post_data([], initial=0)
    data.update(
        {
            "kolom-0-key": "punya-npwp",
            "kolom-0-label": "Punya NPWP?",
            "kolom-0-field_type": "yesno",
            "kolom-0-required": "on",
            "kolom-0-group": "Data usaha",
            "kolom-1-key": "npwp",
            "kolom-1-label": "NPWP",
            "kolom-1-field_type": "text",
            "kolom-1-required": "on",
            "kolom-1-group": "Data usaha",
            "kolom-1-condition_key": "punya-npwp",
            "kolom-1-condition_value": "ya",
            "kolom-1-max_length": "20",
        }
    )
    response = client_for(world.admin_b).post(edit_url(catalog.nib), data)
    assert response.status_code == 302, html(response)
    assert keys(catalog.nib) == ["punya-npwp", "npwp"]


# --- Preview ------------------------------------------------------------------------------------


def test_preview_shows_every_group(akta: Service, world: Any) -> None:
    page = html(client_for(world.admin_a).get(preview_url(akta)))
    assert "Data anak" in page and "Data orang tua" in page and "Data pelapor" in page
    assert 'name="tanggal-lahir"' in page and 'name="alamat_0"' in page
    assert 'enctype="multipart/form-data"' in page and "errorlist" not in page


def test_preview_shows_validation_messages_and_saves_nothing(akta: Service, world: Any) -> None:
    before = list(FormField.objects.filter(service=akta).values())
    data = {
        "nama-anak": "A" * 10_000,
        "tanggal-lahir": "2026-02-31",
        "nik-ibu": "123",
        "status-kawin": "kawin-tercatat",
        "ponsel": "12345",
    }
    response = client_for(world.admin_a).post(preview_url(akta), data)
    assert response.status_code == 200
    page = html(response)
    assert "Maksimal 200 karakter (Anda mengisi 10000)." in page
    assert "Tanggal tidak valid." in page
    assert "NIK harus terdiri dari 16 angka" in page
    assert "Nomor ponsel tidak valid" in page
    assert 'value="2026-02-31"' in page  # what was typed stays
    assert list(FormField.objects.filter(service=akta).values()) == before


def test_preview_with_good_answers_shows_the_summary(catalog: Any, world: Any) -> None:
    services.form_definition_replace(
        actor=None,
        service=catalog.akta,
        fields=[row for row in DEFINITION if row["group"] == "Data anak"],
    )
    data = {
        "nama-anak": "Ahmad",
        "tanggal-lahir": "12-03-2026",
        "jenis-kelamin": "P",
        "anak-ke": "1",
    }
    page = html(client_for(world.admin_a).post(preview_url(catalog.akta), data))
    assert "Semua isian lolos pemeriksaan." in page and "12 Maret 2026" in page


# --- Demo forms ---------------------------------------------------------------------------------


@pytest.fixture
def demo_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SATUPINTU_DEMO_PASSWORD", "Sandi-Demo-Uji-2026")
    monkeypatch.delenv("SATUPINTU_ENV", raising=False)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seeding_twice_leaves_one_form_per_service(demo_env: None) -> None:
    seed()
    first = list(FormField.objects.order_by("pk").values_list("pk", "service__slug", "key"))

    output = seed()

    assert list(FormField.objects.order_by("pk").values_list("pk", "service__slug", "key")) == first
    assert "formulir" in output and "0 baris ditulis" in output
    active = Service.objects.filter(status=Service.Status.ACTIVE)
    assert active.count() >= 12
    for service in active:
        assert service.form_fields.count() >= 5, service.slug


@pytest.mark.django_db
def test_reseeding_restores_an_edited_demo_form(demo_env: None) -> None:
    seed()
    akta = Service.objects.get(slug="akta-kelahiran")
    FormField.objects.filter(service=akta, key="nama-anak").update(label="Diubah")
    FormField.objects.filter(service=akta, key="anak-ke").delete()

    seed()

    assert FormField.objects.get(service=akta, key="nama-anak").label == "Nama anak"
    assert keys(akta) == [f["key"] for f in demo_data.AKTA_KELAHIRAN_FORM]


@pytest.mark.django_db
def test_demo_akta_kelahiran_form_has_the_expected_pages(demo_env: None) -> None:
    seed()
    akta = Service.objects.get(slug="akta-kelahiran")
    groups = formdef.form_groups(akta)
    assert [g.title for g in groups] == ["Data anak", "Data orang tua", "Data pelapor"]
    prefilled = {f.key: f.prefill_from for f in groups[2].fields if f.prefill_from}
    assert prefilled["nama-pelapor"] == "full_name" and prefilled["alamat"] == "address"
    marriage = FormField.objects.get(service=akta, key="nomor-akta-perkawinan")
    assert (marriage.condition_key, marriage.condition_value) == (
        "status-perkawinan",
        "kawin-tercatat",
    )


def test_every_demo_form_is_a_valid_definition() -> None:
    for slug, fields in demo_data.SERVICE_FORMS.items():
        assert formdef.validate_definition([dict(f) for f in fields]) == [], slug
    assert set(demo_data.SERVICE_FORMS) == {s.slug for s in demo_data.SERVICES}


def test_saving_the_page_as_the_browser_posts_it_unchanged_saves(akta: Service, world: Any) -> None:
    client = client_for(world.admin_a)
    before = formdef.normalize_definition(formdef.definition_of(akta))
    data = form_data(html(client.get(edit_url(akta))), containing="kolom-TOTAL_FORMS")
    # The two blank rows post the select's first type, as a browser does.
    assert data[f"kolom-{len(before)}-field_type"] == ["text"]
    response = client.post(edit_url(akta), data)
    assert response.status_code == 302, html(response)
    assert formdef.normalize_definition(formdef.definition_of(akta)) == before
    assert "Formulir permohonan disimpan." in html(client.get(edit_url(akta)))


def test_adding_one_field_in_a_blank_row_as_the_browser_posts_it_saves(
    akta: Service, world: Any
) -> None:
    client = client_for(world.admin_a)
    data = form_data(html(client.get(edit_url(akta))), containing="kolom-TOTAL_FORMS")
    n = len(DEFINITION)
    data[f"kolom-{n}-key"] = ["warna-mata"]
    data[f"kolom-{n}-label"] = ["Warna mata"]
    response = client.post(edit_url(akta), data)
    assert response.status_code == 302, html(response)
    assert keys(akta) == [f["key"] for f in DEFINITION] + ["warna-mata"]


def test_a_blank_row_with_only_a_help_text_asks_for_key_and_question(
    akta: Service, world: Any
) -> None:
    client = client_for(world.admin_a)
    data = form_data(html(client.get(edit_url(akta))), containing="kolom-TOTAL_FORMS")
    data[f"kolom-{len(DEFINITION)}-help_text"] = ["Tulis sesuai akta"]
    response = client.post(edit_url(akta), data)
    assert response.status_code == 200
    assert "Formulir belum disimpan" in html(response)
    assert keys(akta) == [f["key"] for f in DEFINITION]
