from __future__ import annotations

import io
import json

from django.urls import reverse
from pypdf import PdfReader

from satupintu.ledger.models import Entry
from satupintu.privacy.models import DataSubjectRequest
from satupintu.privacy.tests.conftest import citizen_client, give_consent, office_client

SITI_NIK = "3204015506900002"


def _siti_with_data(world):
    siti = world.siti
    siti.nik = SITI_NIK
    siti.phone = "+62 812-3456-7890"
    siti.save(update_fields=["nik", "nik_index", "phone", "phone_index"])
    give_consent(siti)
    return siti


def test_json_export_holds_profile_with_nik_and_consents(world):
    siti = _siti_with_data(world)
    response = citizen_client(siti).get(reverse("privacy:export_json"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    account = data["parts"]["account"]
    assert account["full_name"] == "Siti Aminah"
    assert account["email"] == "siti@example.id"
    assert account["nik"] == SITI_NIK
    assert account["phone"] == "081234567890"
    consents = data["parts"]["consents"]["consents"]
    assert [c["purpose"] for c in consents] == ["notifikasi-sms"]
    assert consents[0]["legal_basis"] == "persetujuan"
    assert len(consents[0]["notice_digest"]) == 64


def test_downloading_the_export_is_recorded_as_a_completed_access_request(world):
    siti = _siti_with_data(world)
    citizen_client(siti).get(reverse("privacy:export_json"))

    dsr = DataSubjectRequest.objects.get(user=siti, kind="access")
    assert dsr.status == "completed"
    entry = Entry.objects.get(action="privacy.export.deliver")
    assert entry.subject_id == str(dsr.pk)
    assert SITI_NIK not in json.dumps(entry.data)


def test_pdf_export_is_a_readable_pdf_with_the_name(world):
    siti = _siti_with_data(world)
    siti.full_name = "Siti Aminah Ṡ"  # outside Latin-1: must not break the core font
    siti.save(update_fields=["full_name"])
    response = citizen_client(siti).get(reverse("privacy:export_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Siti Aminah" in text
    assert "Notifikasi status melalui SMS" in text


def test_export_needs_sign_in(client, world):
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_budis_export_holds_nothing_of_sitis(world):
    _siti_with_data(world)
    response = citizen_client(world.budi).get(reverse("privacy:export_json"))
    body = response.content.decode()
    assert "siti@example.id" not in body
    assert SITI_NIK not in body
    assert json.loads(body)["parts"]["consents"]["consents"] == []


def test_officer_export_lists_memberships(world):
    # An officer is a data subject too, once past the second factor like on every route.
    data = json.loads(office_client(world.verifier).get(reverse("privacy:export_json")).content)
    memberships = data["parts"]["memberships"]["memberships"]
    assert [m["role"] for m in memberships] == ["verifier"]
