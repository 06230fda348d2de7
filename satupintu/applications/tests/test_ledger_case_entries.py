"""A citizen reads the ledger entries of her own case, with every field and its tree position,
through /api/v1/ledger/cases/{public_id}/entries (ledger_readers.case_subjects decides)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import signed_in
from satupintu.ledger import keys, selectors, services, verify_proof
from satupintu.ledger.models import Entry


# Committed for real: on PostgreSQL the sealer seals only transactions every reader can see, so
# nothing written inside a test's own open transaction could be sealed.
@pytest.mark.django_db(transaction=True)
def test_citizen_reads_her_case_entries_and_proves_each_one(world: Any, submitted: Any) -> None:
    application = submitted.application
    services.seal_pending()
    url = f"/api/v1/ledger/cases/{application.public_id}/entries"
    response = signed_in(world.siti).get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    expected = Entry.objects.filter(
        subject_type="applications.application", subject_id=str(application.pk)
    )
    ids = {row["id"] for row in body["entries"]}
    assert set(expected.values_list("id", flat=True)) <= ids
    submit = next(r for r in body["entries"] if r["action"] == "applications.application.submit")
    assert submit["subject_id"] == str(application.pk) and submit["leaf_index"] is not None
    # Each entry's fields match its hash, and it is in the newest checkpoint.
    proof = selectors.tree_inclusion_proof(world.siti, entry_id=submit["id"])
    assert proof["disclosure"] == "full"
    verify_proof.verify_tree_inclusion(proof, keys.public_key_base64())
    assert verify_proof.entry_hash(submit) == submit["entry_hash"]


def test_another_citizen_and_strangers_get_nothing(world: Any, submitted: Any) -> None:
    url = f"/api/v1/ledger/cases/{submitted.application.public_id}/entries"
    assert signed_in(world.budi).get(url).status_code == 404
    assert Client().get(url).status_code == 401
    assert signed_in(world.siti).get("/api/v1/ledger/cases/bukan-uuid/entries").status_code == 404
