"""The counter (loket): one id per element, lookups ledgered, masked and limited; the receipt
names the counter that received the application and reads cleanly."""

from __future__ import annotations

import io
import re
import zlib
from typing import Any

import pytest
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import services
from satupintu.applications.models import Application, Channel
from satupintu.applications.receipts import receipt_pdf
from satupintu.applications.tests.conftest import add_question, fill_in
from satupintu.applications.tests.test_receipt import _text
from satupintu.catalog.models import Service
from satupintu.core.errors import PermissionDenied
from satupintu.ledger.models import Entry
from satupintu.organizations.models import Unit
from satupintu.tests.htmlforms import duplicate_ids, form_data

SITI_NIK = "3204014101900001"
SITI_PHONE = "081234567890"
LOOKUP = "applications.citizen.counter_lookup"


def _loket() -> str:
    return reverse("applications_office:loket")


def _label_target(page: str, text: str) -> str:
    found = re.search(r'<label for="([^"]+)">' + re.escape(text) + "<", page)
    assert found, f"no label {text!r}"
    return found.group(1)


@pytest.fixture
def siti_on_file(world: Any) -> Any:
    world.siti.nik = SITI_NIK
    world.siti.phone = SITI_PHONE
    world.siti.address_street = "Jl. Melati No. 7 RT 01/RW 02"
    world.siti.save()
    return world.siti


def test_counter_page_has_unique_ids_and_the_nik_label_targets_its_own_form(
    world: Any, akta_service: Any
) -> None:
    desk = signed_in(world.front_desk)
    page = desk.get(_loket()).content.decode()
    assert duplicate_ids(page) == []
    assert _label_target(page, "NIK pemohon") == "id_cari-nik"
    assert _label_target(page, "NIK") == "id_daftar-nik"
    assert "cari-nik" in form_data(page, containing="cari-nik")
    not_found = desk.post(_loket(), {"action": "find", "cari-nik": "3204012505800003"})
    page = not_found.content.decode()
    assert duplicate_ids(page) == []
    assert form_data(page, containing="daftar-nik")["daftar-nik"] == ["3204012505800003"]


def test_each_lookup_is_ledgered_with_the_officer_and_outcome_never_the_nik(
    world: Any, akta_service: Any, siti_on_file: Any
) -> None:
    desk = signed_in(world.front_desk)
    found = desk.post(_loket(), {"action": "find", "cari-nik": SITI_NIK})
    assert found.status_code == 302
    missing = desk.post(_loket(), {"action": "find", "cari-nik": "3204012505800003"})
    assert "Belum ada akun warga" in missing.content.decode()
    entries = list(Entry.objects.filter(action=LOOKUP).order_by("id"))
    assert [(e.actor_id, e.data["found"]) for e in entries] == [
        (world.front_desk.pk, True),
        (world.front_desk.pk, False),
    ]
    stored = " ".join(f"{e.subject_type} {e.subject_id} {e.data}" for e in entries)
    assert SITI_NIK not in stored and "3204012505800003" not in stored
    from satupintu.ledger.services import digest

    assert digest(SITI_NIK) not in stored


def test_the_found_citizen_is_shown_masked_and_the_counter_form_hides_contact_and_address(
    world: Any, akta_service: Any, siti_on_file: Any
) -> None:
    for key, source in (("email_pemohon", "email"), ("ponsel", "phone"), ("alamat", "address")):
        add_question(akta_service, key, key, "text", prefill_from=source, required=False, order=10)
    add_question(
        akta_service,
        "nik_pemohon",
        "NIK pemohon",
        "nik",
        prefill_from="nik",
        required=False,
        order=11,
    )
    desk = signed_in(world.front_desk)
    desk.post(_loket(), {"action": "find", "cari-nik": SITI_NIK})
    page = desk.get(reverse("applications_office:loket_service")).content.decode()
    assert "3204********0001" in page and "0812******90" in page
    assert SITI_NIK not in page and SITI_PHONE not in page and "siti@example.id" not in page
    response = desk.post(reverse("applications_office:loket_service"), {"service": akta_service.pk})
    application = Application.objects.get(applicant=world.siti, channel=Channel.COUNTER)
    assert "email_pemohon" not in application.answers and "alamat" not in application.answers
    assert application.answers.get("nik_pemohon") == SITI_NIK  # the officer typed it
    fill = desk.get(response["Location"]).content.decode()
    assert "siti@example.id" not in fill and SITI_PHONE not in fill and "Melati" not in fill
    # Online, Siti's own form is still pre-filled from her profile.
    online = services.application_start(actor=world.siti, service=akta_service)
    assert online.answers["email_pemohon"] == "siti@example.id"


def test_only_officers_serving_a_counter_may_look_up(world: Any, akta_service: Any) -> None:
    from satupintu.organizations.models import Membership, Role

    Membership.objects.create(user=world.admin_b, agency=world.agency_b, role=Role.FRONT_DESK)
    # Agency B takes nothing at a counter: its front desk cannot look citizens up.
    assert signed_in(world.admin_b).get(_loket()).status_code == 403
    with pytest.raises(PermissionDenied):
        services.counter_citizen_lookup(actor=world.admin_b, nik=SITI_NIK)
    Service.objects.filter(pk=akta_service.pk).update(channel_counter=False)
    assert signed_in(world.front_desk).get(_loket()).status_code == 403
    assert not Entry.objects.filter(action=LOOKUP).exists()


def test_lookups_are_throttled_per_officer(world: Any, akta_service: Any) -> None:
    from satupintu.organizations.models import Membership, Role

    for _n in range(services.COUNTER_LOOKUP_LIMIT):
        services.counter_citizen_lookup(actor=world.front_desk, nik=SITI_NIK)
    response = signed_in(world.front_desk).post(_loket(), {"action": "find", "cari-nik": SITI_NIK})
    assert response.status_code == 403
    assert "Terlalu banyak pencarian NIK" in response.content.decode()
    # Another officer of the same counter is not held back by the first one.
    Membership.objects.create(user=world.verifier, agency=world.agency_a, role=Role.FRONT_DESK)
    assert services.counter_citizen_lookup(actor=world.verifier, nik=SITI_NIK) is None


def test_greeting_ends_one_sentence_once_after_a_degree(world: Any) -> None:
    world.front_desk.full_name = "Rina Wati, A.Md."
    world.front_desk.save(update_fields=["full_name"])
    page = signed_in(world.front_desk).get(reverse("office:home")).content.decode()
    assert "Selamat bekerja, Rina Wati, A.Md.<" in page
    assert "A.Md.." not in page
    world.verifier.full_name = "Agus"
    world.verifier.save(update_fields=["full_name"])
    assert (
        "Selamat bekerja, Agus.<"
        in signed_in(world.verifier).get(reverse("office:home")).content.decode()
    )


def _counter_submission(world: Any, akta_service: Any, pdf_bytes: bytes, upload: Any) -> Any:
    application = services.application_start(
        actor=world.front_desk, service=akta_service, applicant=world.budi, channel=Channel.COUNTER
    )
    fill_in(world.front_desk, application, pdf_bytes, "pindai.pdf")
    return services.application_submit(
        actor=world.front_desk,
        application=application,
        idempotency_key="loket-1",
        declaration=True,
    ).application


def test_counter_receipt_names_the_receiving_counter(
    world: Any, akta_service: Any, pdf_bytes: bytes, upload: Any
) -> None:
    from satupintu.organizations.models import Membership

    application = _counter_submission(world, akta_service, pdf_bytes, upload)
    agency = world.agency_a.name
    assert f"Loket {agency}" in _text(receipt_pdf(application)).replace("\n", " ")
    unit = Unit.objects.create(agency=world.agency_a, name="UPT Kecamatan Soreang", slug="soreang")
    Membership.objects.filter(user=world.front_desk).update(unit=unit)
    text = _text(receipt_pdf(application)).replace("\n", " ")
    assert "Loket UPT Kecamatan Soreang" in text
    page = (
        signed_in(world.front_desk)
        .get(reverse("applications_office:loket_receipt", args=[application.public_id]))
        .content.decode()
    )
    assert "Diterima di" in page and "Loket UPT Kecamatan Soreang" in page
    online = services.application_start(actor=world.siti, service=akta_service)
    assert online.channel == Channel.ONLINE


def _word_spacings(data: bytes) -> list[float]:
    """Every word-spacing (Tw) the PDF sets: fpdf2 sets one per justified line."""
    from pypdf import PdfReader

    spacings = []
    for page in PdfReader(io.BytesIO(data)).pages:
        content = page.get_contents()
        raw = content.get_data() if content is not None else b""
        if raw[:2] == b"x\x9c":
            raw = zlib.decompress(raw)
        spacings += [float(v) for v in re.findall(rb"([-0-9.]+) Tw", raw)]
    return spacings


def test_receipt_text_is_left_aligned_without_stretched_gaps(world: Any, submitted: Any) -> None:
    assert [s for s in _word_spacings(receipt_pdf(submitted.application)) if s] == []
