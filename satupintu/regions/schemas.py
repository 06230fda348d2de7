from __future__ import annotations

from ninja import Schema

from satupintu.core.api import Page
from satupintu.regions.models import Region


class RegionOut(Schema):
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    postal_code: str | None
    path: str

    @staticmethod
    def from_region(region: Region) -> RegionOut:
        return RegionOut(
            code=region.code,
            name=region.name,
            level=region.level,
            kind=region.kind,
            parent_code=region.parent_id,
            postal_code=region.postal_code or None,
            path=region.path,
        )


class RegionPage(Page):
    items: list[RegionOut]
