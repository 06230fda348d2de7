"""Which village (kelurahan/desa) a person means by the name they type.

Village names repeat across Indonesia (98 villages are called Sidomulyo, 65 Sukamaju), so a bare
name often matches several. Then the person is offered the matches, each with its district,
regency and province, to pick from (`AmbiguousVillage.candidates`), or may add the district
("Sukamaju, Cibeber"). The application form's address field and the profile use this one rule.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MSG_NOT_FOUND = gettext_lazy("Wilayah tidak ditemukan.")
# Enough for the most repeated name in the Kemendagri list.
MAX_CANDIDATES = 200
# A few matches are radio buttons (all visible at once); more are a select grouped by province.
RADIOS_UP_TO = 8


class AmbiguousVillage(ValidationError):
    """Several villages match: `candidates` (sorted by province, regency, district) are offered
    for the person to pick one."""

    def __init__(self, message: Any, *, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.candidates = candidates


def region_path(region: Any) -> str:
    """ "Village, district, regency, province" of a region."""
    if region.path:
        return str(region.path)
    from satupintu.regions.selectors import region_ancestors

    return ", ".join([region.name, *(a.name for a in reversed(region_ancestors(region)))])


def by_place(region: Any) -> tuple[str, ...]:
    """Province, regency, district, village: the order in which a person scans a list."""
    return tuple(reversed([p.strip() for p in region_path(region).split(",")]))


def hint_matches(hint: str, region: Any) -> bool:
    """Whether `hint` ("Cileunyi", "kec. cileunyi", "Kabupaten Bandung") names a parent."""
    from satupintu.regions.names import normalize_name, split_kind_prefix

    wanted = normalize_name(hint)
    stripped = split_kind_prefix(wanted)
    options = {wanted, stripped[1]} if stripped else {wanted}
    parents = [normalize_name(p) for p in region_path(region).split(",")[1:]]
    for parent in parents:
        bare = split_kind_prefix(parent)
        names = {parent, bare[1]} if bare else {parent}
        if any(
            name == option or name.startswith(option + " ") for name in names for option in options
        ):
            return True
    return False


def example(region: Any, others: list[Any]) -> str:
    """The shortest "name, district[, regency…]" that tells `region` apart from `others`."""
    parts = [p.strip() for p in region_path(region).split(",")]
    for size in range(2, len(parts) + 1):
        text = ", ".join(parts[:size])
        hints = parts[1:size]
        if not any(
            all(hint_matches(h, other) for h in hints) for other in others if other is not region
        ):
            return text
    return ", ".join(parts)


def resolve_village(text: str, picked: str = "") -> Any:
    """The one village (level 4) a person means by "Name" or "Name, district[, regency]" or a
    region code, or the `picked` code among several of that name (a code outside the matches is
    ignored). ValidationError when there is none; AmbiguousVillage, carrying the matches, when
    there are several."""
    from satupintu.regions.names import normalize_name
    from satupintu.regions.selectors import normalize_code, region_search

    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise ValidationError(MSG_NOT_FOUND, code="region_not_found")
    name, hints = parts[0], parts[1:]
    candidates = region_search(name, level=4, limit=MAX_CANDIDATES)
    code = normalize_code(name)
    exact = [r for r in candidates if r.code == code or r.search_name == normalize_name(name)]
    pool = exact or candidates
    if hints:
        pool = [r for r in pool if all(hint_matches(h, r) for h in hints)]
    if not pool:
        raise ValidationError(MSG_NOT_FOUND, code="region_not_found")
    if len(pool) == 1:
        return pool[0]
    chosen = [r for r in pool if picked and r.code == picked]
    if chosen:
        return chosen[0]
    raise AmbiguousVillage(
        _(
            "Ada %(count)d kelurahan/desa bernama %(name)s. Pilih yang Anda maksud dari daftar, "
            "atau tulis kecamatannya, misalnya '%(example)s'."
        ),
        code="region_ambiguous",
        params={"count": len(pool), "name": ", ".join(parts), "example": example(pool[0], pool)},
        candidates=sorted(pool, key=by_place),
    )


def grouped_choices(candidates: list[Any], *, empty_label: Any) -> list[Any]:
    """Choices for a select: the villages grouped by province, each as "village, district,
    regency", after an empty "pick one" choice."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for region in candidates:
        place = by_place(region)
        groups.setdefault(place[0], []).append((region.code, ", ".join(reversed(place[1:]))))
    return [("", empty_label), *groups.items()]


def pick_widget(candidates: list[Any]) -> forms.Widget:
    """The widget offering `candidates`: radio buttons labelled with the full path for a few,
    a select grouped by province for many."""
    if len(candidates) <= RADIOS_UP_TO:
        return forms.RadioSelect(choices=[(r.code, region_path(r)) for r in candidates])
    return forms.Select(
        choices=grouped_choices(candidates, empty_label=_("— Pilih kelurahan/desa —"))
    )
