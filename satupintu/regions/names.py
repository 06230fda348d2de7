"""How region names are normalised for search, shared by the loader and the selectors."""

from __future__ import annotations

import re
import unicodedata

# Apostrophes join ("Ma'u" → "mau") so people who leave them out still match; every other
# punctuation mark separates words ("Sigala-Gala", "Tiro/Truseb", "BTS. Ulu").
_APOSTROPHES = re.compile(r"['’`´]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REGENCY_PREFIX = re.compile(r"^(kabupaten|kota administrasi|kota) ")

# What a person may type before a name, and which kinds of region it means.
QUERY_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kota administrasi", ("kota",)),
    ("kota adm", ("kota",)),
    ("kabupaten", ("kabupaten",)),
    ("kab", ("kabupaten",)),
    ("kota", ("kota",)),
    ("provinsi", ("provinsi",)),
    ("prov", ("provinsi",)),
    ("kecamatan", ("kecamatan", "distrik")),
    ("kec", ("kecamatan", "distrik")),
    ("distrik", ("kecamatan", "distrik")),
    ("kelurahan", ("kelurahan",)),
    ("kel", ("kelurahan",)),
    ("desa", ("desa", "desa_adat")),
)


def normalize_name(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: "Kota  Bau-Bau" → "kota bau bau"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    joined = _APOSTROPHES.sub("", ascii_text.lower())
    return _NOT_WORD.sub(" ", joined).strip()


def search_key(name: str, level: int) -> str:
    """The stored search_name: regencies and cities lose their "Kabupaten"/"Kota" prefix."""
    key = normalize_name(name)
    if level == 2:
        key = _REGENCY_PREFIX.sub("", key, count=1)
    return key


def split_kind_prefix(query: str) -> tuple[tuple[str, ...], str] | None:
    """("kota",), "bandung" for "kota bandung"; None when the query names no kind of region."""
    for prefix, kinds in QUERY_PREFIXES:
        if query.startswith(prefix + " "):
            rest = query[len(prefix) + 1 :].strip()
            if rest:
                return kinds, rest
    return None
