from __future__ import annotations

from typing import Any

import pytest

from satupintu.catalog import search, services
from satupintu.catalog.models import Service


def names(query: str) -> list[str]:
    return [s.name for s in search.search_services(query)]


def test_sastrawi_reduces_the_word_forms_citizens_type() -> None:
    assert search.stem("pembuatan") == "buat"
    assert search.stem("kelahiran") == "lahir"
    assert search.stem("perizinan") == "izin"
    assert search.stem("berusaha") == "usaha"


def test_search_text_is_padded_stems(catalog: Any) -> None:
    text = catalog.akta.search_text
    assert text.startswith(" ") and text.endswith(" ")
    for token in ("akta", "lahir", "kelahiran", "rumah", "sakit", "disdukcapil", "bayi"):
        assert f" {token} " in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pembuatan akta", "Akta Kelahiran"),
        ("akta lahir", "Akta Kelahiran"),
        ("Kelahiran", "Akta Kelahiran"),
        ("perizinan usaha", "Nomor Induk Berusaha (NIB) dan Perizinan Berusaha"),
        ("saya ingin mengurus izin berusaha", "Nomor Induk Berusaha (NIB) dan Perizinan Berusaha"),
        ("NIB", "Nomor Induk Berusaha (NIB) dan Perizinan Berusaha"),
        ("birth certificate", "Akta Kelahiran"),
    ],
)
def test_search_understands_indonesian_word_forms(catalog: Any, query: str, expected: str) -> None:
    assert names(query)[0] == expected


def test_name_matches_rank_above_other_matches(catalog: Any) -> None:
    # "Kartu Keluarga" is a required document of Akta Kelahiran, but the name of another service.
    assert names("kartu keluarga")[:2] == ["Perubahan Kartu Keluarga", "Akta Kelahiran"]


def test_search_never_returns_drafts(catalog: Any) -> None:
    assert "Akta Kematian" not in names("akta kematian")
    assert "Akta Kematian" not in names("")


def test_empty_or_stopword_query_lists_all_active_services(catalog: Any) -> None:
    active = sorted(Service.objects.filter(status="active").values_list("name", flat=True))
    assert names("") == active
    assert names("   yang dan di  ") == active


def test_long_and_odd_queries_are_harmless(catalog: Any) -> None:
    assert names("akta " * 100) == ["Akta Kelahiran"]
    assert names("%_' OR 1=1 --") == []
    assert names("'\"<script>") == []


def test_search_text_follows_edits(catalog: Any, world: Any) -> None:
    assert names("domisili")[0] == "Perubahan Kartu Keluarga"
    services.service_update(
        actor=world.admin_a, service=catalog.akta, data={"keywords": "domisili baru"}
    )
    assert "Akta Kelahiran" in names("domisili")
    services.required_document_add(
        actor=world.admin_a, service=catalog.akta, data={"name": "Buku nikah orang tua"}
    )
    assert names("pernikahan") == ["Akta Kelahiran"]
