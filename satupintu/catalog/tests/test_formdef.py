from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from satupintu.catalog import formdef, services
from satupintu.catalog.models import FormField, Service
from satupintu.core.errors import NotFound, ServiceError

STATUS_CHOICES = [
    {"value": "kawin-tercatat", "label": "Kawin tercatat", "label_en": "Registered marriage"},
    {"value": "kawin-belum-tercatat", "label": "Kawin belum tercatat"},
    {"value": "belum-kawin", "label": "Belum kawin", "label_en": "Not married"},
]


def field(key: str, field_type: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "field_type": field_type, "label": label, **extra}


CHILD = {"group": "Data anak", "group_en": "The child"}
PARENTS = {"group": "Data orang tua", "group_en": "The parents"}
REPORTER = {"group": "Data pelapor", "group_en": "The person reporting"}

DEFINITION = [
    field("nama-anak", "text", "Nama anak", label_en="Child's name", **CHILD),
    field("tanggal-lahir", "date", "Tanggal lahir", label_en="Date of birth", **CHILD),
    field(
        "jenis-kelamin",
        "choice",
        "Jenis kelamin",
        choices=[
            {"value": "L", "label": "Laki-laki", "label_en": "Male"},
            {"value": "P", "label": "Perempuan", "label_en": "Female"},
        ],
        **CHILD,
    ),
    field("anak-ke", "number", "Anak ke", min_value=1, max_value=20, **CHILD),
    field("kembar", "yesno", "Kelahiran kembar", required=False, **CHILD),
    field("nik-ibu", "nik", "NIK ibu", label_en="Mother's NIK", **PARENTS),
    field("status-kawin", "choice", "Status perkawinan", choices=STATUS_CHOICES, **PARENTS),
    field(
        "nomor-akta-kawin",
        "text",
        "Nomor akta perkawinan",
        label_en="Marriage certificate number",
        condition_key="status-kawin",
        condition_value="kawin-tercatat",
        **PARENTS,
    ),
    field("nama-pelapor", "text", "Nama pelapor", prefill_from="full_name", **REPORTER),
    field("nik-pelapor", "nik", "NIK pelapor", prefill_from="nik", **REPORTER),
    field("ponsel", "phone", "Nomor ponsel", prefill_from="phone", **REPORTER),
    field("email", "email", "Email", required=False, prefill_from="email", **REPORTER),
    field("alamat", "address", "Alamat", prefill_from="address", **REPORTER),
    field("surat-lahir", "file", "Surat keterangan lahir", **REPORTER),
]

VALID_NIK = "3204110101900003"
MOTHER_NIK = "3204114101900002"


@pytest.fixture
def akta(catalog: Any) -> Service:
    services.form_definition_replace(actor=None, service=catalog.akta, fields=DEFINITION)
    return Service.objects.get(pk=catalog.akta.pk)


@pytest.fixture
def regions(db: Any) -> SimpleNamespace:
    from satupintu.tests.places import add_region

    add_region("32", "Jawa Barat", 1, "provinsi")
    add_region("32.04", "Kabupaten Bandung", 2, "kabupaten", path="Kabupaten Bandung, Jawa Barat")
    for code, name in (("32.04.11", "Cileunyi"), ("32.04.13", "Rancaekek")):
        add_region(code, name, 3, "kecamatan", path=f"{name}, Kabupaten Bandung, Jawa Barat")

    def village(code: str, name: str, district: str) -> Any:
        path = f"{name}, {district}, Kabupaten Bandung, Jawa Barat"
        return add_region(code, name, 4, "desa", path=path)

    return SimpleNamespace(
        wetan_cileunyi=village("32.04.11.2001", "Cibiru Wetan", "Cileunyi"),
        wetan_rancaekek=village("32.04.13.2005", "Cibiru Wetan", "Rancaekek"),
        cimekar=village("32.04.11.2002", "Cimekar", "Cileunyi"),
    )


def child_form(service: Service, **data: Any) -> Any:
    base = {
        "nama-anak": "Ahmad Fauzi",
        "tanggal-lahir": "2026-03-12",
        "jenis-kelamin": "L",
        "anak-ke": "2",
    }
    return formdef.build_group_form(service, "data-anak", data={**base, **data})


def reporter_data(**data: Any) -> dict[str, Any]:
    return {
        "nama-pelapor": "Siti Aminah",
        "nik-pelapor": VALID_NIK,
        "ponsel": "0812-3456-7890",
        "email": "",
        "alamat_0": "Cimekar",
        "alamat_1": "Jl. Raya Cinunuk No. 5 RT 02/RW 07",
        **data,
    }


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("surat.pdf", b"%PDF-1.4 ...", content_type="application/pdf")


def reporter_form(service: Service, files: Any = None, **data: Any) -> Any:
    return formdef.build_group_form(
        service,
        "data-pelapor",
        data=reporter_data(**data),
        files={"surat-lahir": pdf()} if files is None else files,
    )


def errors(form: Any, key: str) -> list[str]:
    assert not form.is_valid()
    return list(form.errors[key])


# --- Groups ------------------------------------------------------------------------------------


def test_groups_come_in_page_order_with_fields_in_order(akta: Service) -> None:
    groups = formdef.form_groups(akta)
    assert [g.key for g in groups] == ["data-anak", "data-orang-tua", "data-pelapor"]
    assert [g.title for g in groups] == ["Data anak", "Data orang tua", "Data pelapor"]
    assert [f.key for f in groups[0].fields][:2] == ["nama-anak", "tanggal-lahir"]


def test_group_titles_follow_the_language(akta: Service) -> None:
    with translation.override("en"):
        assert formdef.form_groups(akta)[0].title == "The child"


def test_groups_are_read_with_one_query_per_service_object(
    akta: Service, django_assert_num_queries: Any
) -> None:
    service = Service.objects.get(pk=akta.pk)
    with django_assert_num_queries(1):
        formdef.form_groups(service)
        formdef.form_groups(service)
        formdef.build_group_form(service, "data-anak")


def test_unknown_group_is_not_found(akta: Service) -> None:
    with pytest.raises(NotFound):
        formdef.build_group_form(akta, "tidak-ada")


# --- Field types --------------------------------------------------------------------------------


def test_a_complete_child_page_is_valid_and_cleans_to_json(akta: Service) -> None:
    form = child_form(akta, **{"tanggal-lahir": "12-03-2026", "kembar": "tidak"})
    assert form.is_valid(), form.errors
    assert formdef.answers_from_form(form) == {
        "nama-anak": "Ahmad Fauzi",
        "tanggal-lahir": "2026-03-12",
        "jenis-kelamin": "L",
        "anak-ke": "2",
        "kembar": "tidak",
    }


def test_a_ten_thousand_character_name_is_rejected_with_the_count(akta: Service) -> None:
    form = child_form(akta, **{"nama-anak": "A" * 10_000})
    assert errors(form, "nama-anak") == ["Maksimal 200 karakter (Anda mengisi 10000)."]


@pytest.mark.parametrize("value", ["2026-02-31", "31-02-2026", "31 Feb", "kemarin", "0001-01-01"])
def test_impossible_dates_are_rejected(akta: Service, value: str) -> None:
    assert errors(child_form(akta, **{"tanggal-lahir": value}), "tanggal-lahir") == [
        "Tanggal tidak valid."
    ]


def test_date_input_is_a_date_picker(akta: Service) -> None:
    html = str(child_form(akta)["tanggal-lahir"])
    assert 'type="date"' in html and 'value="2026-03-12"' in html


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "Paling kecil 1."), ("21", "Paling besar 20."), ("dua", "Isi dengan angka")],
)
def test_numbers_respect_their_bounds(akta: Service, value: str, message: str) -> None:
    assert errors(child_form(akta, **{"anak-ke": value}), "anak-ke")[0].startswith(message)


def test_decimal_comma_is_accepted(akta: Service) -> None:
    form = child_form(akta, **{"anak-ke": "2,0"})
    assert form.is_valid() and formdef.answers_from_form(form)["anak-ke"] == "2"


def test_unknown_choice_is_rejected_and_few_choices_are_radio_buttons(akta: Service) -> None:
    form = child_form(akta, **{"jenis-kelamin": "X"})
    assert errors(form, "jenis-kelamin") == ["Pilih salah satu pilihan yang tersedia."]
    html = str(form["jenis-kelamin"])
    assert 'type="radio"' in html and "Perempuan" in html


def test_many_choices_are_a_select(catalog: Any) -> None:
    choices = [{"value": f"v{i}", "label": f"Pilihan {i}"} for i in range(6)]
    services.form_definition_replace(
        actor=None,
        service=catalog.kk,
        fields=[field("pilih", "choice", "Pilih satu", choices=choices)],
    )
    html = str(formdef.build_group_form(catalog.kk, "data-pemohon")["pilih"])
    assert "<select" in html and "Pilihan 5" in html


def test_yes_no_accepts_only_ya_or_tidak(akta: Service) -> None:
    assert errors(child_form(akta, kembar="mungkin"), "kembar")
    assert child_form(akta, kembar="ya").is_valid()


def test_choice_labels_follow_the_language(akta: Service) -> None:
    with translation.override("en"):
        form = formdef.build_group_form(akta, "data-anak")
        assert "Female" in str(form["jenis-kelamin"])
        assert form.fields["nama-anak"].label == "Child's name"


def test_invalid_nik_is_rejected_with_a_clear_message(akta: Service) -> None:
    form = formdef.build_group_form(
        akta, "data-orang-tua", data={"nik-ibu": "12345", "status-kawin": "belum-kawin"}
    )
    assert errors(form, "nik-ibu") == [
        "NIK harus terdiri dari 16 angka (tanpa huruf atau tanda lain)."
    ]
    form = formdef.build_group_form(
        akta, "data-orang-tua", data={"nik-ibu": "3204113102900001", "status-kawin": "belum-kawin"}
    )
    assert "bukan tanggal yang ada" in errors(form, "nik-ibu")[0]


def test_nik_with_separators_is_cleaned_to_digits(akta: Service) -> None:
    form = formdef.build_group_form(
        akta,
        "data-orang-tua",
        data={"nik-ibu": "3204.1141 0190-0002", "status-kawin": "belum-kawin"},
    )
    assert form.is_valid(), form.errors
    assert formdef.answers_from_form(form)["nik-ibu"] == MOTHER_NIK


@pytest.mark.parametrize("value", ["+62 812-3456-7890", "62812 3456 7890", "812 3456 7890"])
def test_phone_numbers_are_normalised(akta: Service, regions: Any, value: str) -> None:
    form = reporter_form(akta, ponsel=value)
    assert form.is_valid(), form.errors
    assert formdef.answers_from_form(form)["ponsel"] == "081234567890"


@pytest.mark.parametrize("value", ["0221234567", "08123", "0812345678901234", "nomor saya"])
def test_bad_phone_numbers_are_rejected(akta: Service, regions: Any, value: str) -> None:
    assert errors(reporter_form(akta, ponsel=value), "ponsel")[0].startswith(
        "Nomor ponsel tidak valid"
    )


def test_bad_email_is_rejected(akta: Service, regions: Any) -> None:
    assert errors(reporter_form(akta, email="siti@"), "email") == [
        "Masukkan alamat email yang valid."
    ]


def test_unique_village_resolves_to_code_and_path(akta: Service, regions: Any) -> None:
    form = reporter_form(akta)
    assert form.is_valid(), form.errors
    assert formdef.answers_from_form(form)["alamat"] == {
        "region_code": "32.04.11.2002",
        "region_path": "Cimekar, Cileunyi, Kabupaten Bandung, Jawa Barat",
        "street": "Jl. Raya Cinunuk No. 5 RT 02/RW 07",
    }


def test_village_by_code_resolves(akta: Service, regions: Any) -> None:
    form = reporter_form(akta, alamat_0="3204112002")
    assert form.is_valid(), form.errors
    assert formdef.answers_from_form(form)["alamat"]["region_code"] == "32.04.11.2002"


def test_ambiguous_village_offers_the_matches_and_asks_for_the_district(
    akta: Service, regions: Any
) -> None:
    form = reporter_form(akta, alamat_0="Cibiru Wetan")
    message = errors(form, "alamat")[0]
    assert message.startswith("Ada 2 kelurahan/desa bernama Cibiru Wetan. Pilih yang Anda maksud")
    assert "'Cibiru Wetan, Cileunyi'" in message or "'Cibiru Wetan, Rancaekek'" in message
    page = str(form["alamat"])
    assert page.count('type="radio"') == 2
    assert 'value="32.04.13.2005"' in page
    assert "Cibiru Wetan, Rancaekek, Kabupaten Bandung, Jawa Barat" in page


def test_village_picked_among_the_matches_resolves(akta: Service, regions: Any) -> None:
    form = reporter_form(akta, alamat_0="Cibiru Wetan", alamat_2="32.04.13.2005")
    assert form.is_valid(), form.errors
    assert formdef.answers_from_form(form)["alamat"]["region_code"] == "32.04.13.2005"


def test_a_picked_code_outside_the_matches_is_not_taken(akta: Service, regions: Any) -> None:
    form = reporter_form(akta, alamat_0="Cibiru Wetan", alamat_2="32.04.11.2002")
    assert errors(form, "alamat")[0].startswith("Ada 2 kelurahan/desa bernama Cibiru Wetan")


def test_a_unique_village_shows_no_list(akta: Service, regions: Any) -> None:
    form = reporter_form(akta, alamat_0="Cibiru Wetan, Rancaekek", alamat_2="")
    assert form.is_valid(), form.errors
    assert 'type="radio"' not in str(form["alamat"]) and "<select" not in str(form["alamat"])


@pytest.mark.parametrize(
    "district", ["Rancaekek", "kec. rancaekek", "RANCAEKEK, Kabupaten Bandung"]
)
def test_village_with_district_resolves(akta: Service, regions: Any, district: str) -> None:
    form = reporter_form(akta, alamat_0=f"Cibiru Wetan, {district}")
    assert form.is_valid(), form.errors
    assert formdef.answers_from_form(form)["alamat"]["region_code"] == "32.04.13.2005"


def test_unknown_village_is_not_found(akta: Service, regions: Any) -> None:
    assert errors(reporter_form(akta, alamat_0="Atlantis"), "alamat") == [
        "Wilayah tidak ditemukan."
    ]
    assert errors(reporter_form(akta, alamat_0="Cimekar, Rancaekek"), "alamat") == [
        "Wilayah tidak ditemukan."
    ]


def test_required_address_needs_a_street(akta: Service, regions: Any) -> None:
    assert errors(reporter_form(akta, alamat_1=""), "alamat") == [
        "Isi jalan, nomor rumah, dan RT/RW."
    ]


def test_address_inputs_each_have_a_label(akta: Service, regions: Any) -> None:
    html = str(formdef.build_group_form(akta, "data-pelapor")["alamat"])
    assert '<label for="id_alamat_0">' in html and '<label for="id_alamat_1">' in html


def test_file_field_carries_the_upload(akta: Service, regions: Any) -> None:
    form = reporter_form(akta)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["surat-lahir"].name == "surat.pdf"
    assert "surat-lahir" not in formdef.answers_from_form(form)
    assert errors(reporter_form(akta, files={}), "surat-lahir") == [
        "Bidang ini tidak boleh kosong."
    ]


def test_rendered_field_links_hint_and_errors_to_the_input(akta: Service) -> None:
    form = child_form(akta, **{"nama-anak": ""})
    form.is_valid()
    html = form.render()
    assert '<label for="id_nama-anak">' in html
    assert 'aria-describedby="id_nama-anak_error"' in html
    assert 'id="id_nama-anak_error"' in html
    assert "<script" not in html and "style=" not in html


# --- Conditions ---------------------------------------------------------------------------------


def parents(**data: Any) -> Any:
    return formdef.build_group_form(
        akta_service(), "data-orang-tua", data={"nik-ibu": MOTHER_NIK, **data}
    )


def akta_service() -> Service:
    return Service.objects.get(slug="akta-kelahiran")


def test_conditional_field_is_required_when_the_condition_holds(akta: Service) -> None:
    form = parents(**{"status-kawin": "kawin-tercatat"})
    assert errors(form, "nomor-akta-kawin") == ["Bidang ini tidak boleh kosong."]
    form = parents(**{"status-kawin": "kawin-tercatat", "nomor-akta-kawin": "AK-123/2020"})
    assert form.is_valid()
    assert formdef.answers_from_form(form)["nomor-akta-kawin"] == "AK-123/2020"


def test_conditional_field_is_dropped_when_the_condition_does_not_hold(akta: Service) -> None:
    form = parents(**{"status-kawin": "belum-kawin", "nomor-akta-kawin": "X" * 500})
    assert form.is_valid(), form.errors
    assert "nomor-akta-kawin" not in formdef.answers_from_form(form)


def test_conditional_field_is_shown_only_when_it_applies(akta: Service) -> None:
    def shown(form: Any) -> list[str]:
        return [bound.name for bound in form.visible_fields()]

    assert "nomor-akta-kawin" not in shown(parents())
    assert "nomor-akta-kawin" not in shown(parents(**{"status-kawin": "belum-kawin"}))
    assert "nomor-akta-kawin" in shown(parents(**{"status-kawin": "kawin-tercatat"}))
    # A citizen is not told "fill only if": the question is simply there when it applies.
    assert parents().fields["nomor-akta-kawin"].help_text == ""


def test_preview_shows_every_field_and_says_when_it_is_shown(akta: Service) -> None:
    form = formdef.build_group_form(akta, "data-orang-tua", show_all=True)
    assert "nomor-akta-kawin" in [bound.name for bound in form.visible_fields()]
    assert form.fields["nomor-akta-kawin"].help_text == (
        "Ditampilkan hanya jika Status perkawinan: Kawin tercatat."
    )


def test_condition_on_an_earlier_page_uses_the_answers_so_far(catalog: Any) -> None:
    definition = [
        field("punya-usaha", "yesno", "Punya usaha?", group="Satu"),
        field(
            "nama-usaha",
            "text",
            "Nama usaha",
            group="Dua",
            condition_key="punya-usaha",
            condition_value="ya",
        ),
    ]
    services.form_definition_replace(actor=None, service=catalog.kk, fields=definition)
    form = formdef.build_group_form(catalog.kk, "dua", data={}, answers={"punya-usaha": "ya"})
    assert errors(form, "nama-usaha")
    form = formdef.build_group_form(catalog.kk, "dua", data={}, answers={"punya-usaha": "tidak"})
    assert form.is_valid()


# --- Stored answers -----------------------------------------------------------------------------


def stored(**overrides: Any) -> dict[str, Any]:
    return {
        "nama-anak": "Ahmad Fauzi",
        "tanggal-lahir": "2026-03-12",
        "jenis-kelamin": "L",
        "anak-ke": "2",
        "nik-ibu": MOTHER_NIK,
        "status-kawin": "kawin-tercatat",
        "nomor-akta-kawin": "AK-123/2020",
        "nama-pelapor": "Siti Aminah",
        "nik-pelapor": VALID_NIK,
        "ponsel": "081234567890",
        "email": "siti@example.id",
        "alamat": {"region_code": "32.04.13.2005", "region_path": "lama", "street": "Jl. Mawar 1"},
        **overrides,
    }


def test_validate_answers_accepts_good_stored_answers(akta: Service, regions: Any) -> None:
    cleaned, problems = formdef.validate_answers(akta, stored())
    assert problems == {}
    assert cleaned["alamat"] == {
        "region_code": "32.04.13.2005",
        "region_path": "Cibiru Wetan, Rancaekek, Kabupaten Bandung, Jawa Barat",
        "street": "Jl. Mawar 1",
    }
    assert cleaned["tanggal-lahir"] == "2026-03-12" and cleaned["anak-ke"] == "2"
    assert "surat-lahir" not in problems


def test_validate_answers_reports_each_bad_value(akta: Service, regions: Any) -> None:
    answers = stored(
        **{
            "tanggal-lahir": "2026-02-31",
            "nama-anak": "A" * 10_000,
            "nik-ibu": "123",
            "ponsel": "12",
            "alamat": {"region_code": "99.99.99.9999", "street": "x"},
            "nomor-akta-kawin": "",
        }
    )
    cleaned, problems = formdef.validate_answers(akta, answers)
    assert problems["tanggal-lahir"] == ["Tanggal tidak valid."]
    assert problems["nama-anak"] == ["Maksimal 200 karakter (Anda mengisi 10000)."]
    assert set(problems) == {
        "tanggal-lahir",
        "nama-anak",
        "nik-ibu",
        "ponsel",
        "alamat",
        "nomor-akta-kawin",
    }
    assert "tanggal-lahir" not in cleaned and cleaned["jenis-kelamin"] == "L"


def test_validate_answers_only_checks_the_given_groups(akta: Service) -> None:
    _, problems = formdef.validate_answers(akta, {}, groups=["data-anak"])
    assert set(problems) == {"nama-anak", "tanggal-lahir", "jenis-kelamin", "anak-ke"}


def test_validate_answers_drops_values_whose_condition_fails(akta: Service, regions: Any) -> None:
    cleaned, problems = formdef.validate_answers(
        akta, stored(**{"status-kawin": "belum-kawin", "nomor-akta-kawin": "lama"})
    )
    assert problems == {} and "nomor-akta-kawin" not in cleaned


def test_validate_answers_rejects_malformed_json(akta: Service) -> None:
    _, problems = formdef.validate_answers(
        akta, {"nama-anak": ["a"], "alamat": 5}, groups=["data-anak", "data-pelapor"]
    )
    assert problems["nama-anak"] == ["Isian tidak valid."]
    assert problems["alamat"] == ["Alamat tidak valid."]


def test_validate_answers_speaks_english_when_asked(akta: Service) -> None:
    _, problems = formdef.validate_answers(
        akta, {"email": "siti@"}, groups=["data-pelapor"], language="en"
    )
    assert problems["email"] == ["Enter a valid email address."]
    assert problems["nama-pelapor"] == ["This field is required."]
    assert translation.get_language() != "en"


# --- Prefill and summary ------------------------------------------------------------------------


def test_prefill_reads_the_profile(akta: Service, regions: Any) -> None:
    user = SimpleNamespace(
        is_authenticated=True,
        full_name="Siti Aminah",
        nik="3204 1101 0190 0003",
        phone="+62 812 3456 7890",
        email="siti@example.id",
        address_region_id="32.04.11.2002",
        address_street="Jl. Melati 3 RT 01/RW 02",
    )
    assert formdef.prefill(akta, user) == {
        "nama-pelapor": "Siti Aminah",
        "nik-pelapor": VALID_NIK,
        "ponsel": "081234567890",
        "email": "siti@example.id",
        "alamat": {
            "region_code": "32.04.11.2002",
            "region_path": "Cimekar, Cileunyi, Kabupaten Bandung, Jawa Barat",
            "street": "Jl. Melati 3 RT 01/RW 02",
        },
    }


def test_prefill_skips_what_the_profile_lacks(akta: Service, world: Any) -> None:
    assert formdef.prefill(akta, world.siti) == {
        "nama-pelapor": "Siti Aminah",
        "email": "siti@example.id",
    }


def test_prefilled_address_shows_in_the_form_and_resolves_again(
    akta: Service, regions: Any
) -> None:
    initial = {
        "alamat": {
            "region_code": "32.04.13.2005",
            "region_path": regions.wetan_rancaekek.path,
            "street": "Jl. Mawar 1",
        }
    }
    html = str(formdef.build_group_form(akta, "data-pelapor", initial=initial)["alamat"])
    assert 'value="Cibiru Wetan, Rancaekek, Kabupaten Bandung, Jawa Barat"' in html
    form = reporter_form(akta, alamat_0=regions.wetan_rancaekek.path)
    assert form.is_valid(), form.errors


def test_summary_shows_readable_values(akta: Service, regions: Any) -> None:
    cleaned, _ = formdef.validate_answers(akta, stored(kembar="ya"))
    pages = dict(formdef.summary(akta, cleaned))
    child = dict(pages["Data anak"])
    assert child["Tanggal lahir"] == "12 Maret 2026"
    assert child["Jenis kelamin"] == "Laki-laki"
    assert child["Kelahiran kembar"] == "Ya"
    parents_page = dict(pages["Data orang tua"])
    assert parents_page["NIK ibu"] == "3204********0002"
    assert parents_page["Nomor akta perkawinan"] == "AK-123/2020"
    reporter = dict(pages["Data pelapor"])
    assert reporter["Alamat"] == (
        "Jl. Mawar 1, Cibiru Wetan, Rancaekek, Kabupaten Bandung, Jawa Barat"
    )
    assert reporter["Surat keterangan lahir"] == "Tidak diisi"


def test_summary_hides_fields_whose_condition_fails_and_speaks_english(akta: Service) -> None:
    answers = stored(**{"status-kawin": "belum-kawin"})
    labels = [label for _, lines in formdef.summary(akta, answers) for label, _ in lines]
    assert "Nomor akta perkawinan" not in labels
    with translation.override("en"):
        pages = dict(formdef.summary(akta, answers))
        assert dict(pages["The child"])["Date of birth"] == "12 March 2026"
        assert dict(pages["The parents"])["Status perkawinan"] == "Not married"


# --- The definition -----------------------------------------------------------------------------


def problems_for(fields: list[dict[str, Any]]) -> str:
    return " ".join(formdef.validate_definition(fields))


def test_the_test_definition_is_valid() -> None:
    assert formdef.validate_definition(DEFINITION) == []


def test_definition_needs_fields_and_at_most_a_hundred() -> None:
    assert "paling sedikit satu" in problems_for([])
    many = [field(f"k{i}", "text", f"K {i}") for i in range(101)]
    assert "paling banyak 100" in problems_for(many)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ([field("a", "text", "A"), field("a", "text", "B")], "sudah dipakai"),
        ([field("Nama Anak", "text", "A")], "huruf kecil"),
        ([field("", "text", "A")], "kunci wajib diisi"),
        ([field("a", "text", "")], "label wajib diisi"),
        ([field("a", "gambar", "A")], "jenis kolom tidak dikenal"),
        ([field("a", "choice", "A")], "daftar pilihan"),
        (
            [field("a", "choice", "A", choices=[{"value": "x"}, {"value": "x"}])],
            "tidak boleh sama",
        ),
        ([field("a", "number", "A", min_value=10, max_value=1)], "nilai terkecil"),
        ([field("a", "number", "A", min_value="banyak")], "berupa angka"),
        ([field("a", "text", "A", max_length=0)], "panjang maksimal"),
        ([field("a", "text", "A", prefill_from="password")], "isian otomatis"),
        (
            [
                field("b", "text", "B", condition_key="a", condition_value="ya"),
                field("a", "yesno", "A"),
            ],
            "kolom sebelumnya",
        ),
        (
            [field("a", "text", "A", condition_key="a", condition_value="ya")],
            "kolom sebelumnya",
        ),
        (
            [
                field("a", "yesno", "A"),
                field("b", "text", "B", condition_key="a", condition_value="mungkin"),
            ],
            "salah satu dari: ya, tidak",
        ),
        (
            [
                field("a", "choice", "A", choices=STATUS_CHOICES),
                field("b", "text", "B", condition_key="a", condition_value="cerai"),
            ],
            "salah satu dari: kawin-tercatat",
        ),
        (
            [field("a", "yesno", "A"), field("b", "text", "B", condition_key="a")],
            "isi nilai syarat",
        ),
    ],
)
def test_definition_rules(fields: list[dict[str, Any]], expected: str) -> None:
    assert expected in problems_for(fields)


def test_invalid_definition_is_refused_and_nothing_changes(akta: Service) -> None:
    before = list(FormField.objects.filter(service=akta).values_list("key", flat=True))
    with pytest.raises(ServiceError):
        services.form_definition_replace(
            actor=None, service=akta, fields=[field("a", "text", "A"), field("a", "text", "B")]
        )
    assert list(FormField.objects.filter(service=akta).values_list("key", flat=True)) == before


def test_admin_of_another_agency_cannot_replace_the_form(akta: Service, world: Any) -> None:
    from satupintu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.form_definition_replace(
            actor=world.admin_b, service=akta, fields=[field("a", "text", "A")]
        )
    assert FormField.objects.filter(service=akta).count() == len(DEFINITION)


def test_replace_keeps_order_and_round_trips(akta: Service) -> None:
    rows = formdef.definition_of(akta)
    assert [r["key"] for r in rows] == [f["key"] for f in DEFINITION]
    assert formdef.normalize_definition(rows) == formdef.normalize_definition(DEFINITION)
    assert rows[3]["min_value"] == 1 and rows[2]["choices"][1]["label_en"] == "Female"


def test_dates_before_1800_are_not_plausible(akta: Service) -> None:
    assert dt.date(1799, 12, 31).year < 1800
    assert errors(child_form(akta, **{"tanggal-lahir": "1799-12-31"}), "tanggal-lahir")
