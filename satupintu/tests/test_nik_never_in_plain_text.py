"""A NIK travels through the whole platform and is never stored, ledgered or logged in the clear.

Siti's own NIK is on her profile; her application's answers carry her mother's NIK; a front-desk
officer registers a walk-in citizen by NIK; a verifier reveals Siti's NIK for a reason; Siti
downloads her data export. Afterwards the database file, every ledger entry and everything the
configured log handlers wrote are searched for each NIK.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from conftest import signed_in
from satupintu.applications.tests.conftest import MOTHER_NIK
from satupintu.core.tests.test_fields import (  # noqa: F401 - fixture
    _database_text,
    configured_log_stream,
)

SITI_NIK = "3204014101900007"
WALK_IN_NIK = "3204015505850002"


# SQLite's VACUUM INTO cannot run inside the test transaction; PostgreSQL reads its own rows.
@pytest.mark.django_db(transaction=connection.vendor == "sqlite")
def test_nik_never_appears_in_the_database_the_ledger_or_the_logs(
    world: Any,
    submitted: Any,
    tmp_path: Path,
    configured_log_stream: Any,  # noqa: F811
) -> None:
    from satupintu.applications import services as applications
    from satupintu.applications.reveal import identifier_reveal
    from satupintu.ledger.models import Entry

    world.siti.nik = SITI_NIK
    world.siti.save(update_fields=["nik", "nik_index"])
    application = type(submitted.application).objects.get(pk=submitted.application.pk)
    assert application.answers["mother_nik"] == MOTHER_NIK  # the answers really hold a NIK

    applications.assisted_register_citizen(
        actor=world.front_desk,
        full_name="Warga Tanpa Gawai",
        nik=WALK_IN_NIK,
        consent_notice="Data Anda diproses untuk permohonan layanan ini.",
    )
    shown = identifier_reveal(
        actor=world.verifier,
        application=application,
        field="applicant.nik",
        reason=f"Mencocokkan NIK {SITI_NIK} dengan KTP asli di loket.",
    )
    assert shown == SITI_NIK
    export = signed_in(world.siti).get("/privasi/ekspor.json")
    assert export.status_code == 200 and SITI_NIK in export.content.decode()  # the owner sees it

    database = _database_text(tmp_path)
    ledger = json.dumps(list(Entry.objects.values()), default=str)
    logs = configured_log_stream.getvalue()
    # The searches do see what they search: names are stored (not secret), reveals are logged.
    assert b"Warga Tanpa Gawai" in database
    assert Entry.objects.filter(action="applications.identifier.reveal").exists()
    assert "reveal" in logs.lower()
    for nik in (SITI_NIK, MOTHER_NIK, WALK_IN_NIK):
        assert nik.encode() not in database, f"{nik} stored in plain text"
        assert nik not in ledger, f"{nik} in the ledger"
        assert nik not in logs, f"{nik} in the logs"
