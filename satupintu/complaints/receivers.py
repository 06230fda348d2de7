"""Signals from lower apps that complaints answers (organizations never imports complaints)."""

from __future__ import annotations

from typing import Any

from satupintu.catalog.signals import demo_seeded
from satupintu.organizations.signals import officer_deactivated


def _officer_deactivated(
    sender: Any, *, user: Any, agency_id: int, actor: Any, **kwargs: Any
) -> None:
    from satupintu.complaints.services import officer_returned

    officer_returned(user=user, agency_id=agency_id, actor=actor)


def _demo_seeded(sender: Any, *, services: list[Any], tally: dict[str, Any], **kwargs: Any) -> None:
    from collections import Counter

    from satupintu.complaints.services import seed_demo_routing

    written, kept = seed_demo_routing(services=services)
    counts = tally.setdefault("aturan rute aduan", Counter())
    counts["dibuat"] += written
    counts["tetap"] += kept


def connect() -> None:
    officer_deactivated.connect(_officer_deactivated, dispatch_uid="complaints.officer_deactivated")
    demo_seeded.connect(_demo_seeded, dispatch_uid="complaints.demo_seeded")
