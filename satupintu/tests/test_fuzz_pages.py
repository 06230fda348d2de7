"""Property-based fuzzing of the public and citizen HTML forms with the Django test client.

Every target gets arbitrary values, chosen by Hypothesis from text that breaks things: NUL
characters (PostgreSQL refuses them in text), huge strings, odd unicode, markup, numbers that
overflow, and lists where one value is expected. Whatever arrives, the answer is never a server
error, and where it is cheap to check, rejected input writes nothing. Hypothesis is derandomized,
so CI runs are repeatable.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.forms.models import model_to_dict
from hypothesis import given
from hypothesis import strategies as st

from conftest import PASSWORD, signed_in
from satupintu.tests.fuzzing import fuzz_settings

FUZZ = fuzz_settings(30)

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 8,
    "siti@example.id\x00",
    "x" * 20_000,
    "ü" * 5_000,
    "<script>alert(1)</script>",
    "' OR '1'='1' --",
    "%_\\",
    "🙂" * 40,
    "\u202eabc",
    "Ａｂｃ",
    "İı ß",
    "\ufeff",
    "0",
    "-1",
    "1e309",
    "NaN",
    "9" * 40,
    "2026-02-30",
    "3204014101900001",
    "../../etc/passwd",
    "\r\n\t",
    "{}",
    "32.76",
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(max_size=20).map(lambda s: f"{s}\x00{s}"),
)
# A form field may also arrive several times (a list), which views reading one value must bear.
VALUE = st.one_of(TEXT, st.lists(TEXT, min_size=2, max_size=3))


def form_data(*names: str) -> st.SearchStrategy[dict[str, Any]]:
    """Some of `names` (each with an arbitrary value), plus sometimes an unexpected field."""
    return st.builds(
        lambda known, extra: {**extra, **known},
        st.dictionaries(st.sampled_from(names), VALUE, max_size=len(names)),
        st.dictionaries(st.text(min_size=1, max_size=10), VALUE, max_size=2),
    )


def assert_handled(response: Any, what: str, data: Any) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code} for {data!r}"


# --- Public pages ------------------------------------------------------------------------------


@given(params=form_data("q", "kategori", "peristiwa", "instansi", "halaman"))
@FUZZ
def test_service_search_never_fails(client: Any, akta_service: Any, params: dict) -> None:
    response = client.get("/layanan/", params)
    assert_handled(response, "/layanan/", params)


@given(params=form_data("q", "level", "dalam"), htmx=st.booleans())
@FUZZ
def test_region_search_never_fails(
    client: Any, db: Any, few_regions: None, params: dict, htmx: bool
) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get("/wilayah/cari/", params, headers=headers)
    assert_handled(response, "/wilayah/cari/", params)


@given(data=form_data("kode", "rahasia"), kode=TEXT)
@FUZZ
def test_status_check_never_fails(client: Any, submitted: Any, data: dict, kode: str) -> None:
    assert_handled(client.get("/cek-status/", {"kode": kode}), "GET /cek-status/", kode)
    response = client.post("/cek-status/", data)
    assert_handled(response, "POST /cek-status/", data)


@given(data=form_data("username", "password", "next"))
@FUZZ
def test_sign_in_never_fails_and_bad_input_signs_nobody_in(
    client: Any, world: Any, data: dict
) -> None:
    client.logout()
    response = client.post("/akun/masuk/", data)
    assert_handled(response, "/akun/masuk/", data)
    if response.status_code != 302:
        assert "_auth_user_id" not in client.session


@given(data=form_data("contact", "full_name", "password1", "password2", "consent"))
@FUZZ
def test_registration_never_fails_and_rejected_input_creates_nobody(
    client: Any, world: Any, data: dict
) -> None:
    from satupintu.accounts.models import User

    before = User.objects.count()
    response = client.post("/akun/daftar/", data)
    assert_handled(response, "/akun/daftar/", data)
    if response.status_code != 302:
        assert User.objects.count() == before


# --- Citizen pages -----------------------------------------------------------------------------


FILL_FIELDS = ("child_name", "birth_date", "mother_nik", "birth_place", "hospital_name", "later")


@given(
    group=st.sampled_from(["data-pemohon", "kelahiran"]),
    data=form_data(*FILL_FIELDS),
    autosave=st.booleans(),
)
@FUZZ
def test_application_form_never_fails_and_stores_only_clean_known_answers(
    world: Any, draft: Any, group: str, data: dict, autosave: bool
) -> None:
    client = signed_in(world.siti)
    headers = {"X-Autosave": "1"} if autosave else {}
    url = f"/permohonan/{draft.public_id}/isi/{group}/"
    response = client.post(url, data, headers=headers)
    assert_handled(response, url, data)
    draft.refresh_from_db()
    known = set(FILL_FIELDS) - {"later"}
    assert set(draft.answers) <= known, draft.answers
    assert "\x00" not in repr(draft.answers)


@given(data=form_data("full_name", "phone", "nik", "details"))
@FUZZ
def test_correction_request_never_fails_and_rejected_input_files_nothing(
    world: Any, data: dict
) -> None:
    from satupintu.privacy.models import DataSubjectRequest

    client = signed_in(world.siti)
    before = DataSubjectRequest.objects.count()
    response = client.post("/privasi/permintaan/baru/perbaikan/", data)
    assert_handled(response, "/privasi/permintaan/baru/perbaikan/", data)
    if response.status_code != 302:
        assert DataSubjectRequest.objects.count() == before


# --- Officer pages -----------------------------------------------------------------------------


def _editor_post_data(service: Any) -> dict[str, Any]:
    """What the service editor's own form would post back unchanged."""
    from satupintu.catalog.forms import AgencyMaklumatForm, RequiredDocumentFormSet, ServiceForm

    data: dict[str, Any] = {}
    form = ServiceForm(instance=service)
    formset = RequiredDocumentFormSet(queryset=service.documents.all(), prefix="dokumen")
    agency_form = AgencyMaklumatForm(instance=service.agency, prefix="instansi")
    bound_fields = [(form.add_prefix(n), form[n]) for n in form.fields]
    bound_fields += [(agency_form.add_prefix(n), agency_form[n]) for n in agency_form.fields]
    for sub in formset.forms:
        bound_fields += [(sub.add_prefix(n), sub[n]) for n in sub.fields]
    for name, bound in bound_fields:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[name] = "on" if value is True else str(value)
    for name, field in formset.management_form.fields.items():
        data[formset.management_form.add_prefix(name)] = str(
            formset.management_form.initial.get(name, field.initial)
        )
    return data


EDITOR_FIELDS = (
    "name",
    "slug",
    "summary",
    "category",
    "fee_amount",
    "sla_working_days",
    "life_events",
    "requirements",
    "procedure",
    "status",
    "dokumen-TOTAL_FORMS",
    "dokumen-INITIAL_FORMS",
    "dokumen-0-id",
    "dokumen-0-name",
    "dokumen-0-order",
    "dokumen-0-DELETE",
    "dokumen-2-name",
    "instansi-maklumat_en",
)


@given(changes=form_data(*EDITOR_FIELDS))
@FUZZ
def test_service_editor_never_fails_and_rejected_input_changes_nothing(
    world: Any, akta_service: Any, changes: dict
) -> None:
    from satupintu.catalog.models import Service

    client = signed_in(world.admin_a)
    url = f"/kantor/layanan/{akta_service.pk}/ubah/"

    def state(service: Any) -> tuple[Any, ...]:
        maklumat = type(service.agency).objects.values("maklumat", "maklumat_en")
        return model_to_dict(service), list(service.documents.values()), list(maklumat)

    service = Service.objects.get(pk=akta_service.pk)
    before = state(service)
    data = {**_editor_post_data(service), **changes}
    response = client.post(url, data)
    assert_handled(response, url, changes)
    if response.status_code != 302:
        assert state(Service.objects.get(pk=akta_service.pk)) == before


@pytest.fixture
def few_regions(db: Any) -> None:
    from satupintu.tests.places import add_region

    rows = [
        ("32", "Jawa Barat", 1, "provinsi", "jawa barat"),
        ("32.76", "Kota Depok", 2, "kota", "depok"),
        ("32.76.06", "Beji", 3, "kecamatan", "beji"),
        ("32.76.06.1004", "Kemiri Muka", 4, "kelurahan", "kemiri muka"),
    ]
    for code, name, level, kind, search_name in rows:
        add_region(code, name, level, kind, search_name=search_name)


def test_the_editor_round_trip_is_a_valid_post(world: Any, akta_service: Any) -> None:
    # Guards the fuzzing above: unchanged, the posted form saves, so the fuzzed fields are
    # what a rejection is about.
    client = signed_in(world.admin_a)
    maklumat = akta_service.agency.maklumat
    response = client.post(
        f"/kantor/layanan/{akta_service.pk}/ubah/", _editor_post_data(akta_service)
    )
    assert response.status_code == 302
    akta_service.agency.refresh_from_db()
    assert akta_service.agency.maklumat == maklumat


def test_signing_in_with_the_right_password_still_works(client: Any, world: Any) -> None:
    # Guards the sign-in fuzzing: a good sign-in is a redirect, so "not 302" means rejected.
    response = client.post("/akun/masuk/", {"username": "siti@example.id", "password": PASSWORD})
    assert response.status_code == 302
