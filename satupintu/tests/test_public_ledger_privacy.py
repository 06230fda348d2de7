"""Nothing computed from personal data by a public function reaches the public ledger (issue 8.1).

The personas get NIKs, phone numbers and e-mail addresses, and the platform does what leaked
them before: a counter registration by NIK, answers holding a NIK, a message quoting a phone
number, an officer's note quoting an e-mail address, a reveal whose reason quotes the NIK.
Then every public response of the ledger and the transparency pages (checkpoint, public key,
the proof of every entry, the page, the verifier download and whatever those link to) is fetched
as an anonymous client and searched for the clear values and their unkeyed digests: SHA-256,
SHA-1, MD5 and friends, of the value as typed, normalised, and as the canonical JSON the old
`ledger.digest` hashed, in hex and base64.

The second half checks who sees an entry's fields: the case's citizen, the officers of its
agency (after two-factor), its auditor and staff; not another citizen, another agency's admin,
an officer without a verified second factor, or an anonymous client.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client

from conftest import signed_in
from satupintu import ledger
from satupintu.applications.tests.conftest import MOTHER_NIK
from satupintu.core.crypto import normalize
from satupintu.ledger import keys, verify_proof
from satupintu.ledger.models import Entry
from satupintu.ledger.services import pending_count, seal_pending

SITI_NIK = "3204014101900007"
SITI_PHONE = "081234567801"
WALK_IN = {
    "full_name": "Warga Tanpa Gawai",
    "nik": "3204015505850002",
    "phone": "+62 813 2222 3333",
    "email": "Warga.Loket@Example.ID",
}
BUDI_NIK = "3204011212880004"
BUDI_PHONE = "085700001111"

ALGORITHMS = (
    *("md5", "sha1", "sha224", "sha256", "sha384", "sha512"),
    *("blake2b", "blake2s", "sha3_256", "sha3_512"),
)
PUBLIC_PREFIXES = ("/transparansi/", "/api/v1/ledger/")


def _forms(value: str, kind: str) -> set[str]:
    """The spellings a careless digest might have hashed."""
    forms = {value, value.strip(), value.lower(), value.upper()}
    if kind == "nik":
        forms.add(normalize(value, "nik"))
    if kind == "phone":
        local = normalize(value, "phone")
        forms |= {local, "62" + local[1:], "+62" + local[1:], local[1:]}
    if kind == "email":
        forms.add(value.strip().lower())
    forms |= {json.dumps(form, ensure_ascii=False) for form in list(forms)}  # ledger.digest()
    return forms


def forbidden_strings(values: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Every clear value and unkeyed digest to search for, mapped to what it was made from."""
    found: dict[str, str] = {}
    for value, kind in values:
        for form in _forms(value, kind):
            found[form.strip('"').lower()] = f"{kind} {value!r} in clear"
            for name in ALGORITHMS:
                raw = hashlib.new(name, form.encode()).digest()
                what = f"{name}({form!r})"
                found[raw.hex()] = what
                found[base64.b64encode(raw).decode().rstrip("=").lower()] = what
                found[base64.urlsafe_b64encode(raw).decode().rstrip("=").lower()] = what
    return found


def _seal_everything() -> None:
    for _ in range(200):
        seal_pending()
        if not pending_count(limit=1):
            return
    raise AssertionError("entries stay unsealed")


def _links(body: str) -> set[str]:
    return set(re.findall(r'href="([^"#]+)', body))


def crawl(client: Client) -> dict[str, str]:
    """Every public ledger and transparency response, by path, as an anonymous client sees it."""
    start = ["/transparansi/ledger/", "/api/v1/ledger/checkpoint", "/api/v1/ledger/public-key"]
    start += [
        f"/api/v1/ledger/entries/{pk}/proof" for pk in Entry.objects.values_list("id", flat=True)
    ]
    seen: dict[str, str] = {}
    queue = list(start)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        body = response.content.decode()
        seen[path] = body
        for link in _links(body):
            target = urlsplit(link)
            if not target.netloc and target.path.startswith(PUBLIC_PREFIXES):
                queue.append(target.path)
    return seen


@pytest.mark.django_db(transaction=connection.vendor == "postgresql")
def test_no_public_ledger_response_holds_a_persons_value_or_its_unkeyed_digest(
    world: Any, submitted: Any
) -> None:
    from satupintu.applications import services as applications
    from satupintu.applications.reveal import identifier_reveal

    world.siti.nik, world.siti.phone = SITI_NIK, SITI_PHONE
    world.siti.save(update_fields=["nik", "nik_index", "phone", "phone_index"])
    world.budi.nik, world.budi.phone = BUDI_NIK, BUDI_PHONE
    world.budi.save(update_fields=["nik", "nik_index", "phone", "phone_index"])
    application = type(submitted.application).objects.get(pk=submitted.application.pk)
    applications.assisted_register_citizen(
        actor=world.front_desk, consent_notice="Data Anda diproses untuk layanan ini.", **WALK_IN
    )
    applications.message_post(
        actor=world.siti, application=application, body=f"Hubungi saya di {SITI_PHONE}."
    )
    applications.application_transition(
        actor=world.verifier,
        application=application,
        to_status="in_review",
        note=f"Salinan dikirim ke {world.siti.email}.",
    )
    identifier_reveal(
        actor=world.verifier,
        application=application,
        field="applicant.nik",
        reason=f"Mencocokkan NIK {SITI_NIK} dengan KTP asli.",
    )
    _seal_everything()

    values = [
        (SITI_NIK, "nik"),
        (MOTHER_NIK, "nik"),
        (WALK_IN["nik"], "nik"),
        (BUDI_NIK, "nik"),
        (SITI_PHONE, "phone"),
        (WALK_IN["phone"], "phone"),
        (BUDI_PHONE, "phone"),
        (world.siti.email, "email"),
        (world.budi.email, "email"),
        (WALK_IN["email"], "email"),
    ]
    forbidden = forbidden_strings(values)
    # What the ledger recorded before the fix is among the searched strings.
    assert ledger.digest(WALK_IN["nik"]) in forbidden

    pages = crawl(Client())
    proofs = [path for path in pages if path.endswith("/proof")]
    assert len(proofs) == Entry.objects.count() > 10
    for path in proofs:
        verify_proof.verify_proof(json.loads(pages[path]), keys.public_key_base64())
    assert "/transparansi/ledger/verify_proof.py" in pages  # the crawl followed the page's links
    for path, body in pages.items():
        text = body.lower()
        for needle, what in forbidden.items():
            assert needle not in text, f"{path} shows {what}"

    # The entries do carry the NIK's (keyed) digest, for whoever may read them.
    register = Entry.objects.get(action="applications.citizen.assisted_register")
    assert register.data["nik_digest"] == ledger.keyed_digest(WALK_IN["nik"])
    assert register.data["nik_digest"] not in forbidden
    stored = json.dumps(list(Entry.objects.values("data")), default=str).lower()
    for needle, what in forbidden.items():
        assert needle not in stored, f"the ledger stores {what}"


# --- who reads an entry's fields ---------------------------------------------------------------


@pytest.fixture
def case_entry(world: Any, submitted: Any) -> Entry:
    entry = Entry.objects.filter(action="applications.application.submit").get()
    _seal_everything()
    return entry


def _proof(client: Client, entry: Entry) -> dict[str, Any]:
    response = client.get(f"/api/v1/ledger/entries/{entry.id}/proof")
    assert response.status_code == 200
    body = response.json()
    verify_proof.verify_proof(body, keys.public_key_base64())
    return body


READERS = ("siti", "verifier", "approver", "front_desk", "auditor")
OUTSIDERS = ("budi", "admin_b")


@pytest.mark.django_db(transaction=connection.vendor == "postgresql")
@pytest.mark.parametrize("persona", READERS)
def test_the_case_citizen_and_its_agency_read_the_entry_fields(
    world: Any, case_entry: Entry, persona: str
) -> None:
    body = _proof(signed_in(world.persona(persona)), case_entry)
    assert body["disclosure"] == "full"
    assert body["entry"]["data"]["tracking_code"] == case_entry.data["tracking_code"]


@pytest.mark.django_db(transaction=connection.vendor == "postgresql")
@pytest.mark.parametrize("persona", (*OUTSIDERS, "anonymous", "verifier_without_2fa"))
def test_others_get_only_the_entry_hash(world: Any, case_entry: Entry, persona: str) -> None:
    if persona == "anonymous":
        client = Client()
    elif persona == "verifier_without_2fa":
        client = Client()
        client.force_login(world.verifier)  # a password session, no second factor
    else:
        client = signed_in(world.persona(persona))
    response = client.get(f"/api/v1/ledger/entries/{case_entry.id}/proof")
    body = response.json()
    assert body["disclosure"] == "public"
    assert body["entry"] == {"id": case_entry.id, "entry_hash": case_entry.entry_hash}
    assert case_entry.data["tracking_code"] not in response.content.decode()
    assert "Cookie" in response["Vary"]  # a shared cache must not serve a reader's full proof


@pytest.mark.django_db(transaction=connection.vendor == "postgresql")
def test_staff_and_holders_of_the_ledger_permission_read_every_entry(
    world: Any, case_entry: Entry
) -> None:
    from django.contrib.auth.models import Permission

    world.budi.user_permissions.add(Permission.objects.get(codename="view_entry"))
    assert _proof(signed_in(world.budi), case_entry)["disclosure"] == "full"
    world.admin_b.is_staff = True
    world.admin_b.save(update_fields=["is_staff"])
    assert _proof(signed_in(world.admin_b), case_entry)["disclosure"] == "full"


@pytest.mark.django_db(transaction=connection.vendor == "postgresql")
def test_a_registered_citizen_reads_the_entry_about_their_account(world: Any, db: Any) -> None:
    from satupintu.applications import services as applications

    citizen = applications.assisted_register_citizen(
        actor=world.front_desk, consent_notice="Data Anda diproses untuk layanan ini.", **WALK_IN
    )
    entry = Entry.objects.get(action="applications.citizen.assisted_register")
    _seal_everything()
    assert _proof(signed_in(citizen), entry)["disclosure"] == "full"
    assert _proof(signed_in(world.front_desk), entry)["disclosure"] == "full"  # the actor
    assert _proof(signed_in(world.siti), entry)["disclosure"] == "public"
