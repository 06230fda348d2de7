"""Indonesian personal identifiers: NIK (population number), NIP (civil-servant number) and the
one rule for mobile numbers (`validate_phone`, at the end).

Both are validated for structure only. A NIK is permanent: its embedded date may differ from the
real birth date and it keeps the district code it was first issued under, so region mismatches are
warnings and a mismatch with a stated birth date is never checked here (DOMAIN.md, "Identifiers").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.core.crypto import normalize

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The 38 province codes of Kepmendagri 300.2.2-2138/2025 (Kemendagri codes, not BPS codes).
# Hard-coded so that validation needs no database; a test checks it against the `lokal` package.
PROVINCE_CODES: tuple[str, ...] = (
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
    "31", "32", "33", "34", "35", "36",
    "51", "52", "53",
    "61", "62", "63", "64", "65",
    "71", "72", "73", "74", "75", "76",
    "81", "82",
    "91", "92", "93", "94", "95", "96",
)  # fmt: skip
_PROVINCES = frozenset(PROVINCE_CODES)

# Separators people type or copy from a card: spaces, dots, hyphens.
_SEPARATORS = re.compile(r"[\s.\-]+")
_NIK_RE = re.compile(r"[0-9]{16}")
_NIP_RE = re.compile(r"[0-9]{18}")

# Tells whether a dotted Kemendagri region code ("32.04" or "32.04.11") is known.
RegionLookup = Callable[[str], bool]


def _normalize(value: object) -> str:
    return _SEPARATORS.sub("", str(value if value is not None else ""))


def _today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class NikResult:
    """The parts of a structurally valid NIK."""

    normalized: str
    province_code: str
    # Dotted Kemendagri codes, as stored in the regions table.
    regency_code: str
    district_code: str
    birth_date: dt.date
    sex: str  # "M" or "F": women's day of birth is written +40.
    serial: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NipResult:
    """The parts of a structurally valid NIP (PNS)."""

    normalized: str
    birth_date: dt.date
    appointment_year: int
    appointment_month: int
    sex: str  # "M" or "F"
    serial: str


def _nik_birth_date(day: int, month: int, yy: int, today: dt.date) -> dt.date | None:
    """The latest real date among 19YY and 20YY that is not in the future, if any is real."""
    candidates: list[dt.date] = []
    for century in (1900, 2000):
        try:
            candidates.append(dt.date(century + yy, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    past = [c for c in candidates if c <= today]
    # A NIK whose only real reading is in the future still has a real date; keep the earliest.
    return max(past) if past else min(candidates)


# Where validate_nik finds out which region codes exist when it is not told: the regions app
# registers its table here from RegionsConfig.ready(), because core imports no domain app.
RegionLookupSource = Callable[[], RegionLookup | None]
_region_lookup_source: RegionLookupSource | None = None


def register_region_lookup(source: RegionLookupSource | None) -> None:
    """Set what validate_nik asks for the known region codes (None: nobody, no region checks).

    `source` is called once per validation and returns a lookup, or None while it has no data
    (an empty regions table), in which case region codes are not checked.
    """
    global _region_lookup_source
    _region_lookup_source = source


def _registered_region_lookup() -> RegionLookup | None:
    return _region_lookup_source() if _region_lookup_source is not None else None


def _last_check_serial(errors: list[ValidationError], serial: str, message: str, code: str) -> None:
    """The last check of a NIK or NIP: a serial number of only zeros is never issued. Then every
    error found is raised at once."""
    if serial == "0" * len(serial):
        errors.append(ValidationError(message, code=code))
    if errors:
        raise ValidationError(errors)


def validate_nik(
    value: object,
    *,
    known_region: RegionLookup | None = None,
    check_regions: bool = True,
    today: dt.date | None = None,
) -> NikResult:
    """Validate a NIK and return its parts, or raise ValidationError in Bahasa Indonesia.

    `known_region` tells whether a dotted region code exists; without it the lookup registered
    with `register_region_lookup` (the regions table, when it holds data) is consulted. Pass `check_regions=False` to skip the region warnings (and the
    database). Unknown regency or district codes only add warnings.
    """
    nik = _normalize(value)
    if not _NIK_RE.fullmatch(nik):
        raise ValidationError(
            _("NIK harus terdiri dari 16 angka (tanpa huruf atau tanda lain)."),
            code="nik_format",
        )

    errors: list[ValidationError] = []
    province = nik[0:2]
    if province not in _PROVINCES:
        errors.append(
            ValidationError(
                _("Kode provinsi %(code)s pada NIK tidak dikenal."),
                code="nik_province",
                params={"code": province},
            )
        )

    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "F" if day > 40 else "M"
    real_day = day - 40 if day > 40 else day
    birth_date: dt.date | None = None
    if 1 <= real_day <= 31 and 1 <= month <= 12:
        birth_date = _nik_birth_date(real_day, month, yy, today or _today())
    if birth_date is None:
        errors.append(
            ValidationError(
                _(
                    "Tanggal lahir pada NIK (digit 7–12: %(ddmmyy)s) bukan tanggal yang ada. "
                    "Untuk perempuan, tanggal ditambah 40."
                ),
                code="nik_date",
                params={"ddmmyy": nik[6:12]},
            )
        )

    serial = nik[12:16]
    _last_check_serial(
        errors, serial, _("Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000."), "nik_serial"
    )
    assert birth_date is not None

    regency_code = f"{nik[0:2]}.{nik[2:4]}"
    district_code = f"{regency_code}.{nik[4:6]}"
    warnings: list[str] = []
    lookup = known_region
    if lookup is None and check_regions:
        lookup = _registered_region_lookup()
    if lookup is not None and check_regions:
        if not lookup(regency_code):
            warnings.append(
                _("Kode kabupaten/kota %(code)s tidak ada dalam data wilayah saat ini.")
                % {"code": regency_code}
            )
        elif not lookup(district_code):
            # Districts are split and renumbered; the NIK keeps the code it was issued under.
            warnings.append(
                _("Kode kecamatan %(code)s tidak ada dalam data wilayah saat ini.")
                % {"code": district_code}
            )

    return NikResult(
        normalized=nik,
        province_code=province,
        regency_code=regency_code,
        district_code=district_code,
        birth_date=birth_date,
        sex=sex,
        serial=serial,
        warnings=warnings,
    )


def nik_validator(value: object) -> None:
    """Django validator for forms and model fields; checks structure only (no database)."""
    validate_nik(value, check_regions=False)


def validate_nip(value: object, *, today: dt.date | None = None) -> NipResult:
    """Validate a NIP PNS (`YYYYMMDD YYYYMM G NNN`) and return its parts.

    Raises ValidationError in Bahasa Indonesia. The appointment (TMT CPNS) must be a real month,
    not in the future, and at least 15 years after the birth year (lenient: the legal minimum age
    is 18, but old records and data entry vary).
    """
    nip = _normalize(value)
    if not _NIP_RE.fullmatch(nip):
        raise ValidationError(
            _("NIP harus terdiri dari 18 angka (tanpa huruf atau tanda lain)."),
            code="nip_format",
        )
    today = today or _today()
    errors: list[ValidationError] = []

    birth_date: dt.date | None
    try:
        birth_date = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        birth_date = None
    if birth_date is None or birth_date.year < 1900 or birth_date > today:
        birth_date = None
        errors.append(
            ValidationError(
                _("Tanggal lahir pada NIP (digit 1–8: %(value)s) bukan tanggal yang benar."),
                code="nip_birth_date",
                params={"value": nip[0:8]},
            )
        )

    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or (year, month) > (today.year, today.month):
        errors.append(
            ValidationError(
                _("Tahun dan bulan pengangkatan pada NIP (digit 9–14: %(value)s) tidak benar."),
                code="nip_appointment",
                params={"value": nip[8:14]},
            )
        )
    elif birth_date is not None and year < birth_date.year + 15:
        errors.append(
            ValidationError(
                _(
                    "Tahun pengangkatan pada NIP (%(year)s) terlalu dekat dengan tahun lahir "
                    "(%(birth)s)."
                ),
                code="nip_appointment",
                params={"year": year, "birth": birth_date.year},
            )
        )

    gender = nip[14]
    if gender not in ("1", "2"):
        errors.append(
            ValidationError(
                _("Kode jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau 2 (perempuan)."),
                code="nip_sex",
            )
        )
    serial = nip[15:18]
    _last_check_serial(
        errors, serial, _("Nomor urut pada NIP (3 digit terakhir) tidak boleh 000."), "nip_serial"
    )
    assert birth_date is not None
    return NipResult(
        normalized=nip,
        birth_date=birth_date,
        appointment_year=year,
        appointment_month=month,
        sex="M" if gender == "1" else "F",
        serial=serial,
    )


def nip_validator(value: object) -> None:
    """Django validator for forms and model fields."""
    validate_nip(value)


def mask_identifier(value: object, keep_start: int = 4, keep_end: int = 4) -> str:
    """Mask the middle of an identifier: "3204110101900003" → "3204********0003".

    Values too short to keep both ends are masked whole, so nothing leaks from short inputs.
    """
    text = _normalize(value)
    keep_start, keep_end = max(keep_start, 0), max(keep_end, 0)
    if len(text) <= keep_start + keep_end:
        return "*" * len(text)
    tail = text[len(text) - keep_end :] if keep_end else ""
    return text[:keep_start] + "*" * (len(text) - keep_start - keep_end) + tail


class _IdentifierFormField(forms.CharField):
    digits = 16
    default_label: StrOrPromise = ""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", self.default_label)
        # Room for separators people type ("3204 1101 0190 0003"), normalized in to_python.
        kwargs.setdefault("max_length", self.digits + 8)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})
        return attrs

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return _normalize(text) if text else text


class NikFormField(_IdentifierFormField):
    """A form field that accepts a NIK with separators and cleans it to 16 digits."""

    default_validators = [nik_validator]
    digits = 16
    default_label = gettext_lazy("NIK")


class NipFormField(_IdentifierFormField):
    """A form field that accepts a NIP with separators and cleans it to 18 digits."""

    default_validators = [nip_validator]
    digits = 18
    default_label = gettext_lazy("NIP")


# --- mobile numbers -------------------------------------------------------------------------
#
# The one rule for an Indonesian mobile number, used by sign-up, the profile, the counter,
# privacy corrections, form fields, the notification outbox and the log mask. People type
# 0812…, +62 812…, 62 812… or 812…, with spaces, dots, hyphens or brackets; all of them become
# 08… (see core.crypto.normalize, which is also what the encrypted column stores and indexes).
# After that it is valid when it is "08" followed by digits only, 10 to 15 digits in all:
# today's numbers have 10 to 13 digits, and the margin keeps numbers a future plan may add.

PHONE_MIN_DIGITS = 10
PHONE_MAX_DIGITS = 15
_MOBILE_RE = re.compile(rf"08[0-9]{{{PHONE_MIN_DIGITS - 2},{PHONE_MAX_DIGITS - 2}}}")


def phone_message() -> str:
    return _(
        "Nomor ponsel tidak valid. Tulis nomor ponsel Indonesia (10–15 angka), contoh: "
        "081234567890."
    )


def normalize_phone(value: object) -> str:
    """The canonical 08… form of what a person typed (not yet validated)."""
    return normalize(str(value if value is not None else ""), "phone")


def is_phone(value: object) -> bool:
    """Whether `value`, once normalised, is an Indonesian mobile number by the one rule."""
    return _MOBILE_RE.fullmatch(normalize_phone(value)) is not None


def validate_phone(value: object) -> str:
    """The normalised mobile number (08…); raises ValidationError with a clear message."""
    phone = normalize_phone(value)
    if not _MOBILE_RE.fullmatch(phone):
        raise ValidationError(phone_message(), code="invalid_phone")
    return phone


def phone_validator(value: object) -> None:
    """Django validator for forms and model fields."""
    validate_phone(value)
