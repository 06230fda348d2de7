from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from satupintu.core.errors import Conflict, PermissionDenied, ServiceError
from satupintu.ledger.models import Entry
from satupintu.privacy import services
from satupintu.privacy.models import Consent, DataSubjectRequest, SubjectFlags
from satupintu.privacy.tests.conftest import citizen_client, give_consent, office_client

SITI_NIK = "3204015506900002"


def test_request_deadline_is_72_clock_hours_after_receipt(world):
    dsr = services.dsr_submit(actor=world.siti, kind="restriction")
    assert dsr.due_at - dsr.received_at == dt.timedelta(hours=72)
    assert dsr.status == "received"


def test_erasure_anonymises_siti_and_explains_what_is_kept(world, dpo):
    siti = world.siti
    siti.nik = SITI_NIK
    siti.phone = "081234567890"
    siti.save(update_fields=["nik", "nik_index", "phone", "phone_index"])
    give_consent(siti)
    page = citizen_client(siti)
    response = page.post(
        reverse("privacy:request_new", args=["penghapusan"]), {"details": "Hapus akun saya."}
    )
    assert response.status_code == 302
    dsr = DataSubjectRequest.objects.get(user=siti, kind="erasure")

    officer = office_client(dpo)
    assert officer.post(reverse("privacy_office:request_start", args=[dsr.pk])).status_code == 302
    done = officer.post(reverse("privacy_office:request_complete", args=[dsr.pk]), {})
    assert done.status_code == 302, done.content.decode()[:1000]

    siti.refresh_from_db()
    assert siti.full_name == "Pengguna Terhapus"
    assert siti.email == "" and siti.email_index == ""
    assert Entry.objects.filter(action="accounts.user.anonymise").count() == 1
    assert siti.username == f"terhapus-{siti.pk}@invalid.satupintu"
    assert siti.nik == "" and siti.nik_index == ""
    assert siti.phone == ""
    assert not siti.is_active
    assert authenticate(username="siti@example.id", password=PASSWORD) is None
    assert authenticate(username=siti.username, password=PASSWORD) is None
    # Consent evidence stays, and the citizen is told why.
    assert Consent.objects.filter(user=siti).count() == 1
    dsr.refresh_from_db()
    assert dsr.status == "completed"
    reasons = [row["reason"] for row in dsr.outcome["retained"]]
    assert "bukti persetujuan wajib disimpan (UU 27/2022 Pasal 24)" in reasons
    assert "catatan permintaan wajib disimpan (UU 27/2022 Pasal 14)" in reasons
    assert "Pasal 24" in dsr.response
    assert Entry.objects.filter(action="privacy.request.complete", subject_id=str(dsr.pk)).exists()


def test_citizen_sees_what_will_be_kept_and_why_before_and_after_erasure(world, dpo):
    give_consent(world.siti)
    page = citizen_client(world.siti)
    form = page.get(reverse("privacy:request_new", args=["penghapusan"])).content.decode()
    assert "bukti persetujuan wajib disimpan (UU 27/2022 Pasal 24)" in form
    dsr = services.dsr_submit(actor=world.siti, kind="erasure")
    body = page.get(reverse("privacy:request", args=[dsr.pk])).content.decode()
    assert "Tetap disimpan, dengan alasan" in body
    assert "bukti persetujuan wajib disimpan (UU 27/2022 Pasal 24)" in body
    assert "catatan permintaan wajib disimpan (UU 27/2022 Pasal 14)" in body
    assert "Profil akun" in body
    # The preview changed nothing.
    world.siti.refresh_from_db()
    assert world.siti.full_name == "Siti Aminah" and world.siti.is_active

    services.dsr_complete(actor=dpo, request=dsr)
    # An erased account can no longer sign in, so the report is kept on the request, where
    # the officer shows it.
    assert page.get(reverse("privacy:overview")).status_code == 302
    officer_page = office_client(dpo).get(reverse("privacy_office:request", args=[dsr.pk]))
    assert "bukti persetujuan wajib disimpan (UU 27/2022 Pasal 24)" in officer_page.content.decode()


def test_officer_erasure_keeps_the_account_with_a_reason(world, dpo):
    dsr = services.dsr_submit(actor=world.verifier, kind="erasure")
    services.dsr_complete(actor=dpo, request=dsr)

    verifier = type(world.verifier).objects.get(pk=world.verifier.pk)
    assert verifier.full_name == world.verifier.full_name
    assert verifier.is_active
    dsr.refresh_from_db()
    # The profile stays; what is not employment data (request texts, outbox rows) may go.
    assert not any("Profil akun" in what for what in dsr.outcome["erased"])
    reasons = " ".join(row["reason"] for row in dsr.outcome["retained"])
    assert "kepegawaian" in reasons and "kewajiban hukum" in reasons


def test_budi_gets_404_for_sitis_request(world):
    dsr = services.dsr_submit(actor=world.siti, kind="restriction")
    response = citizen_client(world.budi).get(reverse("privacy:request", args=[dsr.pk]))
    assert response.status_code == 404
    own = citizen_client(world.siti).get(reverse("privacy:request", args=[dsr.pk]))
    assert own.status_code == 200


def test_budi_cannot_withdraw_sitis_consent(world):
    consent = give_consent(world.siti)
    response = citizen_client(world.budi).post(
        reverse("privacy:consent_withdraw", args=[consent.pk]), {"confirm": "1"}
    )
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_consent_withdraw_sets_withdrawn_at_and_is_ledgered(world):
    consent = give_consent(world.siti)
    response = citizen_client(world.siti).post(
        reverse("privacy:consent_withdraw", args=[consent.pk]), {"confirm": "1"}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    entry = Entry.objects.get(action="privacy.consent.withdraw")
    assert entry.subject_id == str(consent.pk)
    assert DataSubjectRequest.objects.get(user=world.siti, kind="withdraw").status == "completed"
    with pytest.raises(Conflict):
        services.consent_withdraw(actor=world.siti, consent=consent)


def test_consent_on_another_legal_basis_cannot_be_withdrawn(world):
    consent = give_consent(world.siti, purpose="pelayanan", legal_basis="tugas_publik")
    with pytest.raises(ServiceError, match="tidak berdasarkan persetujuan"):
        services.consent_withdraw(actor=world.siti, consent=consent)


def test_consent_keeps_the_digest_of_the_notice_shown(world):
    consent = give_consent(world.siti)
    again = give_consent(world.siti)
    assert again.pk == consent.pk
    assert consent.notice_digest == services.digest_text(
        "Kami memproses nama, NIK dan nomor ponsel Anda untuk mengirim kabar status permohonan "
        "melalui SMS. Anda dapat menarik persetujuan ini kapan saja."
    )


def test_correction_applies_validated_values(world, dpo):
    page = citizen_client(world.siti)
    bad = page.post(
        reverse("privacy:request_new", args=["perbaikan"]), {"nik": "1234", "full_name": ""}
    )
    assert bad.status_code == 400
    assert "16 angka" in bad.content.decode()
    good = page.post(
        reverse("privacy:request_new", args=["perbaikan"]),
        {"full_name": "Siti  Aminah Rahayu", "nik": "3204.0155.0690.0002"},
    )
    assert good.status_code == 302
    dsr = DataSubjectRequest.objects.get(user=world.siti, kind="correction")
    assert json.loads(dsr.changes) == {"full_name": "Siti Aminah Rahayu", "nik": SITI_NIK}
    services.dsr_complete(actor=dpo, request=dsr)
    world.siti.refresh_from_db()
    assert world.siti.full_name == "Siti Aminah Rahayu"
    assert world.siti.nik == SITI_NIK
    # accounts wrote the profile, and ledgered it (field names only).
    entry = Entry.objects.get(action="accounts.user.correct")
    assert entry.data == {"fields": ["full_name", "nik"]}


def test_request_details_are_encrypted_at_rest(world):
    from django.db import connection

    dsr = services.dsr_submit(
        actor=world.siti, kind="correction", changes={"nik": SITI_NIK}, details="Salah ketik"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT details, changes FROM privacy_datasubjectrequest WHERE id = %s", [dsr.pk]
        )
        details, changes = cursor.fetchone()
    assert details.startswith("v1:") and "Salah" not in details
    assert SITI_NIK not in changes


def test_restriction_sets_the_flag(world, dpo):
    dsr = services.dsr_submit(actor=world.siti, kind="restriction")
    services.dsr_complete(actor=dpo, request=dsr)
    assert SubjectFlags.objects.get(user=world.siti).processing_restricted


def test_reject_needs_a_reason_shown_to_the_citizen(world, dpo):
    dsr = services.dsr_submit(actor=world.siti, kind="restriction")
    officer = office_client(dpo)
    empty = officer.post(reverse("privacy_office:request_reject", args=[dsr.pk]), {"reason": ""})
    assert empty.status_code == 400
    assert "wajib diisi" in empty.content.decode()
    officer.post(
        reverse("privacy_office:request_reject", args=[dsr.pk]),
        {"reason": "Data diperlukan untuk proses hukum yang berjalan."},
    )
    dsr.refresh_from_db()
    assert dsr.status == "rejected"
    body = citizen_client(world.siti).get(reverse("privacy:request", args=[dsr.pk])).content
    assert "proses hukum yang berjalan" in body.decode()


def test_second_open_request_of_the_same_kind_is_refused(world):
    services.dsr_submit(actor=world.siti, kind="erasure")
    with pytest.raises(Conflict):
        services.dsr_submit(actor=world.siti, kind="erasure")


def test_only_the_dpo_completes_requests(world):
    dsr = services.dsr_submit(actor=world.siti, kind="erasure")
    with pytest.raises(PermissionDenied):
        services.dsr_complete(actor=world.verifier, request=dsr)
    with pytest.raises(PermissionDenied):
        services.dsr_complete(actor=world.siti, request=dsr)


def test_dpo_queue_lists_open_requests_by_deadline_with_overdue_marked(world, dpo):
    late = services.dsr_submit(actor=world.siti, kind="restriction")
    soon = services.dsr_submit(actor=world.budi, kind="erasure")
    later = services.dsr_submit(actor=world.siti, kind="erasure")
    now = timezone.now()
    DataSubjectRequest.objects.filter(pk=late.pk).update(due_at=now - dt.timedelta(hours=1))
    DataSubjectRequest.objects.filter(pk=soon.pk).update(due_at=now + dt.timedelta(hours=2))
    DataSubjectRequest.objects.filter(pk=later.pk).update(due_at=now + dt.timedelta(hours=70))

    response = office_client(dpo).get(reverse("privacy_office:queue"))
    assert response.status_code == 200
    assert [r.pk for r in response.context["rows"]] == [late.pk, soon.pk, later.pk]
    body = response.content.decode()
    assert body.count('class="overdue"') == 1
    assert "Lewat tenggat" in body


def test_non_dpo_officer_gets_403_on_the_queue(world):
    response = office_client(world.verifier).get(reverse("privacy_office:queue"))
    assert response.status_code == 403
    dsr = services.dsr_submit(actor=world.siti, kind="erasure")
    detail = office_client(world.approver).get(reverse("privacy_office:request", args=[dsr.pk]))
    assert detail.status_code == 403


def test_citizen_cannot_enter_the_queue(world):
    assert citizen_client(world.siti).get(reverse("privacy_office:queue")).status_code == 403


def test_dpo_without_two_factor_is_sent_to_verify(world, dpo):
    response = citizen_client(dpo).get(reverse("privacy_office:queue"))
    assert response.status_code == 302
    assert "/akun/2fa/" in response["Location"]


def test_overview_shows_consents_and_requests_with_wib_deadline(world):
    give_consent(world.siti)
    services.dsr_submit(actor=world.siti, kind="restriction")
    body = citizen_client(world.siti).get(reverse("privacy:overview")).content.decode()
    assert "Notifikasi status melalui SMS" in body
    assert "Tarik persetujuan" in body
    assert "WIB" in body
    assert "Pembatasan pemrosesan" in body


def test_unknown_request_kind_is_404_not_500(world):
    response = citizen_client(world.siti).get(reverse("privacy:request_new", args=["apa-saja"]))
    assert response.status_code == 404


def _village(code: str = "32.76.06.1004") -> Any:
    from satupintu.regions.models import Region

    levels = [(code[:2], 1), (code[:5], 2), (code[:8], 3), (code, 4)]
    for part, level in levels:
        Region.objects.get_or_create(
            code=part,
            defaults={
                "name": f"Wilayah {part}",
                "level": level,
                "kind": "desa" if level == 4 else "provinsi",
                "parent_id": part.rsplit(".", 1)[0] if "." in part else None,
                "search_name": part,
                "path": part,
            },
        )
    return Region.objects.get(code=code)


def test_correction_covers_the_address_and_every_profile_field(world, dpo):
    village = _village()
    form = citizen_client(world.siti).get(reverse("privacy:request_new", args=["perbaikan"]))
    html = form.content.decode()
    for key in services.CORRECTABLE:
        assert f'name="{key}"' in html
    page = citizen_client(world.siti).post(
        reverse("privacy:request_new", args=["perbaikan"]),
        {"address_street": "Jl.  Kenanga No. 3", "address_region": village.code, "language": "en"},
    )
    assert page.status_code == 302
    dsr = DataSubjectRequest.objects.get(user=world.siti, kind="correction")
    services.dsr_complete(actor=dpo, request=dsr)
    siti = type(world.siti).objects.get(pk=world.siti.pk)
    assert (siti.address_street, siti.address_region_id, siti.language) == (
        "Jl. Kenanga No. 3",
        village.code,
        "en",
    )
    dsr.refresh_from_db()
    assert dsr.outcome == {"corrected": ["address_region", "address_street", "language"]}
    assert "telah diperbaiki" in dsr.response


def test_unknown_village_is_refused_and_changes_nothing(world, dpo):
    dsr = services.dsr_submit(
        actor=world.siti, kind="correction", changes={"address_region": "32.76.06.9999"}
    )
    with pytest.raises(ServiceError, match="tidak ditemukan"):
        services.dsr_complete(actor=dpo, request=dsr)
    dsr.refresh_from_db()
    assert dsr.is_open


def test_corrected_is_said_only_when_something_changed(world, dpo):
    world.siti.address_street = "Jl. Melati 7"
    world.siti.save(update_fields=["address_street"])
    dsr = services.dsr_submit(
        actor=world.siti, kind="correction", changes={"address_street": "Jl. Melati 7"}
    )
    services.dsr_complete(actor=dpo, request=dsr)
    dsr.refresh_from_db()
    assert dsr.outcome == {"corrected": []}
    assert "telah diperbaiki" not in dsr.response
    assert "Tidak ada data yang berubah" in dsr.response


def test_a_reply_is_shown_to_an_english_reader_in_english(world, dpo):
    from django.utils import translation

    dsr = services.dsr_submit(actor=world.siti, kind="objection", details="Saya keberatan.")
    with translation.override("id"):
        office_client(dpo).post(
            reverse("privacy_office:request_complete", args=[dsr.pk]),
            {"response": "Keberatan Anda kami catat.", "response_en": "We noted your objection."},
        )
    dsr.refresh_from_db()
    assert dsr.response == "Keberatan Anda kami catat."
    assert dsr.response_en == "We noted your objection."
    indonesian = citizen_client(world.siti).get(reverse("privacy:request", args=[dsr.pk]))
    assert "Keberatan Anda kami catat." in indonesian.content.decode()
    reader = citizen_client(world.siti)
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = reader.get(reverse("privacy:request", args=[dsr.pk]))
    assert "We noted your objection." in english.content.decode()


def test_generated_answers_are_stored_in_both_languages(world, dpo):
    dsr = services.dsr_submit(actor=world.siti, kind="restriction")
    services.dsr_complete(actor=dpo, request=dsr)
    dsr.refresh_from_db()
    assert "dibatasi" in dsr.response
    # The English text comes from the catalogue (regenerated by the lead); it is always stored.
    assert dsr.response_en


def test_privacy_is_linked_from_the_footer_and_the_profile(world):
    client = citizen_client(world.siti)
    home = client.get("/").content.decode()
    assert reverse("privacy:policy") in home
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy:overview") in profile
