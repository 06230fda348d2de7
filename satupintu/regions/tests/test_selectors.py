from __future__ import annotations

import pytest

from satupintu.core.errors import NotFound
from satupintu.regions.selectors import region_children, region_get, region_search
from satupintu.regions.tests.conftest import Loaded


def codes(query: str, **kwargs: object) -> list[str]:
    return [r.code for r in region_search(query, **kwargs)]  # type: ignore[arg-type]


def test_bandung_finds_the_regency_and_the_city_first(regions: Loaded) -> None:
    assert codes("bandung")[:2] == ["32.04", "32.73"]


def test_search_ignores_case_and_punctuation(regions: Loaded) -> None:
    assert codes("  BANDUNG!! ")[:2] == ["32.04", "32.73"]
    assert codes("tiro truseb")[0] == "11.07.21"  # "Tiro/Truseb"
    assert codes("mau", level=3)[0] == "12.04.28"  # "Ma'u"


def test_names_starting_with_the_query_come_before_names_containing_it(regions: Loaded) -> None:
    results = region_search("depok", limit=50)
    starts = [r.search_name.startswith("depok") for r in results]
    assert starts[0]
    assert starts == sorted(starts, reverse=True)
    assert any(not s for s in starts)  # e.g. "Sukamaju Depok"-style names still come later


def test_kind_word_in_the_query_prefers_that_kind(regions: Loaded) -> None:
    assert codes("kota bandung")[0] == "32.73"
    assert codes("Kab. Bandung")[0] == "32.04"


def test_level_and_parent_narrow_the_search(regions: Loaded) -> None:
    villages = region_search("kemiri", level=4, parent_code="32.76")
    assert [r.code for r in villages] == ["32.76.06.1004"]
    assert all(r.level == 3 for r in region_search("bandung", level=3))


def test_postal_code_and_region_code_find_the_region(regions: Loaded) -> None:
    assert "32.76.06.1004" in codes("16423")
    assert codes("32.76")[0] == "32.76"
    assert codes("3276061004") == ["32.76.06.1004"]


def test_nonsense_finds_nothing(regions: Loaded) -> None:
    assert region_search("qqqzzz") == []
    assert region_search("  !!  ") == []


def test_children_are_listed_by_name(regions: Loaded) -> None:
    assert region_children().count() == 38
    beji = list(region_children("32.76.06"))
    assert len(beji) == 6
    assert [r.name for r in beji] == sorted(r.name for r in beji)


def test_region_get_accepts_digits_and_rejects_unknown_codes(regions: Loaded) -> None:
    assert region_get("3276").name == "Kota Depok"
    for bad in ("99", "32.7", "'; drop table", ""):
        with pytest.raises(NotFound):
            region_get(bad)
