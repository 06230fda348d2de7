"""Signals from lower apps that complaints answers (organizations never imports complaints)."""

from __future__ import annotations

from typing import Any

from satupintu.organizations.signals import officer_deactivated


def _officer_deactivated(
    sender: Any, *, user: Any, agency_id: int, actor: Any, **kwargs: Any
) -> None:
    from satupintu.complaints.services import officer_returned

    officer_returned(user=user, agency_id=agency_id, actor=actor)


def connect() -> None:
    officer_deactivated.connect(_officer_deactivated, dispatch_uid="complaints.officer_deactivated")
