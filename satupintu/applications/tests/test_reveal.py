"""Revealing an applicant's identifier in full: who may, with what reason, and what is ledgered."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from conftest import signed_in
from satupintu.applications import reveal
from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.ledger.models import Entry

SITI_NIK = "3204014101900001"
SITI_PHONE = "081234567890"
REASON = "Mencocokkan NIK dengan KK yang diunggah pemohon."

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(world: Any, submitted: Any) -> Any:
    world.siti.nik = SITI_NIK
    world.siti.phone = SITI_PHONE
    world.siti.save(update_fields=["nik", "nik_index", "phone", "phone_index"])
    application = submitted.application
    application.applicant.refresh_from_db()
    return application


def reveal_url(application: Any) -> str:
    return reverse("applications_office:reveal", args=[application.public_id])


def detail_url(application: Any) -> str:
    return reverse("applications_office:detail", args=[application.public_id])


def reveal_entries() -> Any:
    return Entry.objects.filter(action=reveal.ACTION)


# --- the page ---------------------------------------------------------------------------------


def test_detail_page_shows_identifiers_masked_with_a_reveal_form(
    world: Any, application: Any
) -> None:
    page = signed_in(world.verifier).get(detail_url(application))
    html = page.content.decode()
    assert page.status_code == 200
    assert SITI_NIK not in html
    assert SITI_PHONE not in html
    assert "3204********0001" in html
    assert "0812******90" in html
    assert 'name="field" value="applicant.nik"' in html
    assert 'name="field" value="mother_nik"' in html
    assert 'for="ungkap-applicant-nik-alasan"' in html
    assert reveal_url(application) in html


def test_without_javascript_the_reveal_lands_on_its_slot_not_the_top_of_the_page(
    world: Any, application: Any
) -> None:
    # The slot sits far down the case page; posting to the bare URL brought the officer back to
    # the top, with the full value, or the error saying why not, out of sight below.
    client = signed_in(world.verifier)
    html = client.get(detail_url(application)).content.decode()
    assert f'action="{reveal_url(application)}#ungkap-applicant-nik"' in html
    refused = client.post(reveal_url(application), {"field": "applicant.nik"}).content.decode()
    assert 'id="ungkap-applicant-nik"' in refused
    assert f'action="{reveal_url(application)}#ungkap-applicant-nik"' in refused


def test_officer_without_an_allowed_role_sees_no_reveal_form(world: Any, application: Any) -> None:
    html = signed_in(world.front_desk).get(detail_url(application)).content.decode()
    assert "3204********0001" in html
    assert reveal_url(application) not in html


def test_verifier_reveals_the_nik_once_and_the_ledger_keeps_only_field_and_digest(
    world: Any, application: Any, caplog: Any
) -> None:
    client = signed_in(world.verifier)
    with caplog.at_level(logging.INFO, logger="satupintu.audit"):
        response = client.post(
            reveal_url(application), {"field": "applicant.nik", "reason": REASON}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(SITI_NIK) == 1
    assert "Tampilan ini dicatat di buku besar audit." in html
    assert "no-store" in response["Cache-Control"]
    entry = reveal_entries().get()
    assert entry.actor_id == world.verifier.pk
    assert (entry.subject_type, entry.subject_id) == (
        "applications.application",
        str(application.pk),
    )
    assert entry.data == {
        "field": "applicant.nik",
        "reason_sha256": reveal.reason_digest(REASON),
        "legal_basis": "tugas_publik",
    }
    stored = json.dumps(entry.data)
    assert SITI_NIK not in stored
    assert REASON not in stored
    logged = caplog.text
    assert "field=applicant.nik" in logged
    assert SITI_NIK not in logged
    assert REASON not in logged


def test_reveal_of_a_nik_answer_shows_that_answer(world: Any, application: Any) -> None:
    response = signed_in(world.approver).post(
        reveal_url(application), {"field": "mother_nik", "reason": REASON}
    )
    assert response.status_code == 200
    assert response.content.decode().count(SITI_NIK) == 1
    assert reveal_entries().get().data["field"] == "mother_nik"


def test_htmx_gets_only_the_revealed_slot(world: Any, application: Any) -> None:
    response = signed_in(world.reviewer).post(
        reveal_url(application),
        {"field": "applicant.phone", "reason": REASON},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(SITI_PHONE) == 1
    assert 'id="ungkap-applicant-phone"' in html
    assert "<h1>" not in html
    assert "no-store" in response["Cache-Control"]


def test_htmx_refused_reason_comes_back_as_a_swappable_form(world: Any, application: Any) -> None:
    response = signed_in(world.verifier).post(
        reveal_url(application),
        {"field": "applicant.nik", "reason": "singkat"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alasan terlalu singkat" in html
    assert SITI_NIK not in html
    assert not reveal_entries().exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"field": "applicant.nik"}, "Tuliskan alasan"),
        ({"field": "applicant.nik", "reason": "   "}, "Tuliskan alasan"),
        ({"field": "applicant.nik", "reason": "perlu"}, "Alasan terlalu singkat"),
        ({"field": "applicant.nik", "reason": "x" * 501}, "Alasan terlalu panjang"),
        ({"field": "child_name", "reason": REASON}, "tidak dikenal"),
        ({"field": "applicant.email", "reason": REASON}, "tidak dikenal"),
        ({"reason": REASON}, "tidak dikenal"),
    ],
)
def test_bad_input_reveals_nothing_and_records_nothing(
    world: Any, application: Any, data: dict[str, str], message: str
) -> None:
    response = signed_in(world.verifier).post(reveal_url(application), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert SITI_NIK not in html
    assert SITI_PHONE not in html
    assert not reveal_entries().exists()


def test_front_desk_officer_is_refused(world: Any, application: Any) -> None:
    response = signed_in(world.front_desk).post(
        reveal_url(application), {"field": "applicant.nik", "reason": REASON}
    )
    assert response.status_code == 403
    assert SITI_NIK not in response.content.decode()
    assert not reveal_entries().exists()


def test_officer_of_another_agency_gets_404(world: Any, application: Any) -> None:
    response = signed_in(world.admin_b).post(
        reveal_url(application), {"field": "applicant.nik", "reason": REASON}
    )
    assert response.status_code == 404
    assert not reveal_entries().exists()


def test_citizen_is_refused(world: Any, application: Any) -> None:
    response = signed_in(world.siti).post(
        reveal_url(application), {"field": "applicant.nik", "reason": REASON}
    )
    assert response.status_code == 403
    assert not reveal_entries().exists()


def test_anonymous_is_sent_to_sign_in(world: Any, application: Any) -> None:
    response = Client().post(reveal_url(application), {"field": "applicant.nik", "reason": REASON})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_get_is_not_allowed(world: Any, application: Any) -> None:
    assert signed_in(world.verifier).get(reveal_url(application)).status_code == 405


def test_message_form_on_a_revealed_page_posts_to_the_detail_page(
    world: Any, application: Any
) -> None:
    world.siti.nik = "3204014101900001"
    world.siti.save(update_fields=["nik", "nik_index"])
    page = signed_in(world.verifier).post(
        reveal_url(application), {"field": "applicant.nik", "reason": "Mencocokkan dengan KK asli."}
    )
    assert page.status_code == 200
    assert f'action="{detail_url(application)}#pesan"' in page.content.decode()


# --- the service ------------------------------------------------------------------------------


def test_permission_lets_an_officer_without_a_verifying_role_reveal(
    world: Any, application: Any
) -> None:
    from satupintu.accounts.models import User

    world.auditor.user_permissions.add(Permission.objects.get(codename="reveal_identifier"))
    auditor = User.objects.get(pk=world.auditor.pk)
    value = reveal.identifier_reveal(
        actor=auditor, application=application, field="applicant.nik", reason=REASON
    )
    assert value == SITI_NIK
    assert reveal_entries().get().actor_id == auditor.pk


def test_inactive_membership_cannot_reveal(world: Any, application: Any) -> None:
    world.verifier.memberships.update(is_active=False)
    with pytest.raises(PermissionDenied):
        reveal.identifier_reveal(
            actor=world.verifier, application=application, field="applicant.nik", reason=REASON
        )
    assert not reveal_entries().exists()


def test_verifier_of_another_agency_cannot_reveal(world: Any, application: Any) -> None:
    from satupintu.organizations.models import Membership, Role

    Membership.objects.create(user=world.admin_b, agency=world.agency_b, role=Role.VERIFIER)
    with pytest.raises(PermissionDenied):
        reveal.identifier_reveal(
            actor=world.admin_b, application=application, field="applicant.nik", reason=REASON
        )


def test_empty_identifier_is_an_error(world: Any, application: Any) -> None:
    world.siti.phone = ""
    world.siti.save(update_fields=["phone", "phone_index"])
    application.applicant.refresh_from_db()
    with pytest.raises(ServiceError, match="kosong"):
        reveal.identifier_reveal(
            actor=world.verifier, application=application, field="applicant.phone", reason=REASON
        )
    assert not reveal_entries().exists()


def test_reason_with_a_nik_in_it_is_kept_out_of_the_ledger(world: Any, application: Any) -> None:
    reason = f"Pemohon menyebut NIK {SITI_NIK} lewat telepon; saya cocokkan."
    reveal.identifier_reveal(
        actor=world.verifier, application=application, field="applicant.nik", reason=reason
    )
    data = reveal_entries().get().data
    assert data["reason_sha256"] == reveal.reason_digest(reason)
    assert SITI_NIK not in json.dumps(data)
