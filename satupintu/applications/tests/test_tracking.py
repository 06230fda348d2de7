"""Tracking codes: unambiguous characters, a check character that catches typos, and the public
status check that shows the case but never the person."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from satupintu.applications import inbox, selectors, tracking
from satupintu.applications.models import Status

body = st.text(alphabet=tracking.ALPHABET, min_size=8, max_size=8)


def _code(b: str) -> str:
    return f"SP-{b}{tracking.check_character(b)}"


def test_new_codes_are_valid_and_use_only_unambiguous_characters() -> None:
    for _ in range(200):
        code = tracking.new_tracking_code()
        assert tracking.validate_tracking_code(code) == code
        assert not set(code[3:]) & set("01ILO")


@given(body)
def test_every_single_substitution_is_caught(b: str) -> None:
    text = b + tracking.check_character(b)
    for i, original in enumerate(text):
        for ch in tracking.ALPHABET:
            if ch != original:
                typo = text[:i] + ch + text[i + 1 :]
                assert tracking.validate_tracking_code(typo) is None, typo


@given(body)
def test_every_adjacent_transposition_is_caught(b: str) -> None:
    text = b + tracking.check_character(b)
    for i in range(len(text) - 1):
        if text[i] != text[i + 1]:
            swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            assert tracking.validate_tracking_code(swapped) is None, swapped


@pytest.mark.parametrize("typed", ["sp-{c}", "SP {c}", "{c}", " sp - {c} ", "SP-{c_dashed}"])
def test_case_spaces_and_dashes_do_not_matter(typed: str) -> None:
    code = _code("7KQ4M2XA")
    plain = code[3:]
    value = typed.format(c=plain, c_dashed=f"{plain[:4]}-{plain[4:]}")
    assert tracking.validate_tracking_code(value) == code


@pytest.mark.parametrize("bad", ["", "SP-", "SP-1234", "SP-OOOOOOOOO", "x" * 100, "SP-7KQ4M2XA"])
def test_malformed_codes_are_invalid(bad: str) -> None:
    assert tracking.validate_tracking_code(bad) is None


def test_status_check_with_code_and_secret_shows_status_only(world: Any, submitted: Any) -> None:
    application = submitted.application
    view = selectors.status_by_tracking(
        application.tracking_code.lower(), submitted.status_secret.lower()
    )
    assert view is not None
    assert view.tracking_code == application.tracking_code
    assert view.status == Status.SUBMITTED
    assert view.status_label == "Diterima"
    assert view.service_name == "Akta Kelahiran"
    assert view.due_at == application.due_at
    shown = " ".join(str(v) for v in vars(view).values())
    for personal in ("Siti", "siti@example.id", "Ahmad", "3204"):
        assert personal not in shown


def test_status_check_with_wrong_secret_or_unknown_code_is_none(world: Any, submitted: Any) -> None:
    code = submitted.application.tracking_code
    assert selectors.status_by_tracking(code, "ZZZZZZ") is None
    assert selectors.status_by_tracking(code, "") is None
    assert (
        selectors.status_by_tracking(tracking.new_tracking_code(), submitted.status_secret) is None
    )
    assert selectors.status_by_tracking("bukan kode", submitted.status_secret) is None


def test_drafts_have_no_public_status(world: Any, draft: Any) -> None:
    assert selectors.status_by_tracking("SP-23456789A", "AAAAAA") is None


def test_channel_counts_for_digital_divide_figures(
    world: Any, submitted: Any, akta_service: Any
) -> None:
    counts = selectors.channel_counts()
    assert counts == {"online": 1, "counter": 0, "api": 0}
    assert selectors.channel_counts(agency=world.agency_b) == {"online": 0, "counter": 0, "api": 0}


def test_inbox_lists_the_agency_submitted_applications_not_drafts(
    world: Any, submitted: Any, draft: Any, django_assert_num_queries: Any
) -> None:
    # `draft` is a second, unsubmitted application: officers do not see drafts.
    with django_assert_num_queries(3):
        page = inbox.inbox_for_officer(world.verifier)
    rows = [r.application for r in page.rows]
    assert [r.tracking_code for r in rows] == [submitted.application.tracking_code]
    assert rows[0].service.name and rows[0].agency.name
    assert inbox.inbox_for_officer(world.admin_b).rows == []
    assert inbox.inbox_for_officer(world.siti).rows == []


def test_timeline_hides_internal_events(world: Any, submitted: Any) -> None:
    kinds = [e.kind for e in selectors.timeline(submitted.application)]
    assert kinds[0] == "created" and kinds[-1] == "submitted"
