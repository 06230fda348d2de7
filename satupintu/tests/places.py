"""Regions for tests that need a few, written as the Kemendagri loader writes them."""

from __future__ import annotations

from satupintu.regions.models import Region
from satupintu.regions.names import search_key


def add_region(
    code: str,
    name: str,
    level: int,
    kind: str,
    path: str | None = None,
    *,
    search_name: str | None = None,
) -> Region:
    """One region; its parent is the code less its last part, which must exist already."""
    return Region.objects.create(
        code=code,
        name=name,
        level=level,
        kind=kind,
        parent_id=code.rsplit(".", 1)[0] if "." in code else None,
        search_name=search_key(name, level) if search_name is None else search_name,
        path=name if path is None else path,
    )
