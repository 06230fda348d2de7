"""The keys and certificates that sign outputs (PAdES, pyHanko), and the development CA.

Where the signing pair comes from, first match wins (DOMAIN.md "Signed outputs": an agency plugs
in its BSrE certificate through settings):

1. `OUTPUT_SIGNING_AGENCY_DIR/<agency-slug>/key.pem` + `cert.pem` (+ `chain.pem`): that agency's own.
2. `OUTPUT_SIGNING_KEY` / `OUTPUT_SIGNING_CERT` (base64 of PEM) or the `*_FILE` settings: the
   platform's pair, used by every agency without its own.
3. Development only (`DEV_DEFAULTS`): the self-signed pair in `DATA_DIR/signing/`, written by
   `manage.py generate_signing_cert` (mode 600); under pytest a fresh pair per process, in memory.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import concurrent.futures
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEV_DIR_NAME = "signing"
DEV_FILES = ("root.pem", "key.pem", "cert.pem")


@dataclass(frozen=True)
class Material:
    """One signing pair as PEM bytes, with the chain to embed and the roots to trust."""

    key_pem: bytes
    cert_pem: bytes
    chain_pem: bytes = b""
    roots_pem: bytes = b""
    passphrase: bytes | None = None


def _name(common_name: str) -> Any:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SatuPintu (development)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: Any, key: Any, *, days: int, now: Any, issuer: tuple[Any, Any] | None = None
) -> Any:
    """A certificate for `key`: self-signed, a CA that may only issue certificates; or, under
    `issuer` (its name and key), a leaf that may only sign (digitalSignature, nonRepudiation)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    ca = issuer is None
    issuer_name, signer_key = (subject, key) if issuer is None else issuer
    public_key = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
    )
    if not ca:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()), False
        )
    return builder.sign(signer_key, hashes.SHA256())


def generate_dev_material(common_name: str = "SatuPintu Development Signer") -> Material:
    """A self-signed development root and a leaf for signing (digitalSignature, nonRepudiation).

    The root's key is thrown away: nothing else can ever be issued under this root.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("SatuPintu Development Root CA")
    root = _certificate(root_name, root_key, days=3650, now=now)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = _certificate(
        _name(common_name), leaf_key, days=825, now=now, issuer=(root_name, root_key)
    )
    root_pem = root.public_bytes(serialization.Encoding.PEM)
    return Material(
        key_pem=leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        cert_pem=leaf.public_bytes(serialization.Encoding.PEM),
        chain_pem=root_pem,
        roots_pem=root_pem,
    )


def write_dev_material(directory: Path) -> bool:
    """Write a development pair into `directory` (files mode 600); False when one is there."""
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    if all((directory / name).exists() for name in DEV_FILES):
        return False
    material = generate_dev_material()
    for name, data in zip(
        DEV_FILES, (material.roots_pem, material.key_pem, material.cert_pem), strict=True
    ):
        path = directory / name
        path.unlink(missing_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    return True


def _read(path: str | Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImproperlyConfigured(f"{what} {path} cannot be read: {exc}") from exc


def _b64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{what} is not base64 of a PEM text.") from exc


@functools.cache
def _pytest_material() -> Material:
    return generate_dev_material()


def _dev_material() -> Material:
    if "pytest" in sys.modules:
        return _pytest_material()
    directory = Path(settings.DATA_DIR) / DEV_DIR_NAME
    if not all((directory / name).exists() for name in DEV_FILES):
        write_dev_material(directory)
    root = _read(directory / "root.pem", "Development root")
    return Material(
        key_pem=_read(directory / "key.pem", "Development signing key"),
        cert_pem=_read(directory / "cert.pem", "Development signing certificate"),
        chain_pem=root,
        roots_pem=root,
    )


def _configured_roots() -> bytes:
    if settings.OUTPUT_TRUST_ROOTS_FILE:
        return _read(settings.OUTPUT_TRUST_ROOTS_FILE, "OUTPUT_TRUST_ROOTS_FILE")
    return b""


def _passphrase() -> bytes | None:
    return settings.OUTPUT_SIGNING_KEY_PASSPHRASE.encode() or None


def platform_material() -> Material:
    """The platform's signing pair (ImproperlyConfigured outside development when unset)."""
    key = cert = b""
    if settings.OUTPUT_SIGNING_KEY:
        key = _b64(settings.OUTPUT_SIGNING_KEY, "OUTPUT_SIGNING_KEY")
    elif settings.OUTPUT_SIGNING_KEY_FILE:
        key = _read(settings.OUTPUT_SIGNING_KEY_FILE, "OUTPUT_SIGNING_KEY_FILE")
    if settings.OUTPUT_SIGNING_CERT:
        cert = _b64(settings.OUTPUT_SIGNING_CERT, "OUTPUT_SIGNING_CERT")
    elif settings.OUTPUT_SIGNING_CERT_FILE:
        cert = _read(settings.OUTPUT_SIGNING_CERT_FILE, "OUTPUT_SIGNING_CERT_FILE")
    if key and cert:
        chain = (
            _read(settings.OUTPUT_SIGNING_CHAIN_FILE, "OUTPUT_SIGNING_CHAIN_FILE")
            if settings.OUTPUT_SIGNING_CHAIN_FILE
            else b""
        )
        return Material(key, cert, chain, _configured_roots(), _passphrase())
    if key or cert:
        raise ImproperlyConfigured(
            "Set both the output signing key and certificate (OUTPUT_SIGNING_KEY[_FILE] and "
            "OUTPUT_SIGNING_CERT[_FILE]), or neither."
        )
    if settings.DEV_DEFAULTS:
        return _dev_material()
    raise ImproperlyConfigured(
        "No output signing key. Set OUTPUT_SIGNING_KEY_FILE and OUTPUT_SIGNING_CERT_FILE (PEM), "
        "e.g. the agency's BSrE certificate; see docs/operations.md."
    )


def material_for(agency_slug: str) -> Material:
    """The pair `agency_slug` signs with: its own from OUTPUT_SIGNING_AGENCY_DIR, else the
    platform's."""
    if settings.OUTPUT_SIGNING_AGENCY_DIR and agency_slug:
        folder = Path(settings.OUTPUT_SIGNING_AGENCY_DIR) / agency_slug
        if (folder / "key.pem").exists() and (folder / "cert.pem").exists():
            chain = folder / "chain.pem"
            return Material(
                _read(folder / "key.pem", "Agency signing key"),
                _read(folder / "cert.pem", "Agency signing certificate"),
                _read(chain, "Agency chain") if chain.exists() else b"",
                _configured_roots(),
                _passphrase(),
            )
    return platform_material()


@functools.lru_cache(maxsize=32)
def _signer(material: Material) -> Any:
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key = load_private_key_from_pemder_data(material.key_pem, passphrase=material.passphrase)
        certs = list(load_certs_from_pemder_data(material.cert_pem))
        chain = list(load_certs_from_pemder_data(material.chain_pem)) if material.chain_pem else []
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            f"The output signing key or certificate is unreadable: {exc}"
        ) from exc
    if not certs:
        raise ImproperlyConfigured("The output signing certificate file holds no certificate.")
    return signers.SimpleSigner(
        signing_cert=certs[0],
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs(certs[1:] + chain),
    )


def signer_for(agency_slug: str) -> Any:
    """A pyHanko signer for the agency's pair (cached per pair)."""
    return _signer(material_for(agency_slug))


def trust_roots(agency_slug: str = "") -> list[Any]:
    """The root certificates signatures validate against (asn1crypto certificates)."""
    from pyhanko.keys import load_certs_from_pemder_data

    material = material_for(agency_slug)
    return list(load_certs_from_pemder_data(material.roots_pem)) if material.roots_pem else []


def sign_pdf(pdf: bytes, *, agency_slug: str, reason: str, location: str) -> bytes:
    """`pdf` with a PAdES baseline signature by the agency's key."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name="TandaTanganElektronik",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    signer = signer_for(agency_slug)

    async def sign() -> Any:
        return await signers.async_sign_pdf(writer, meta, signer=signer)

    return bytes(_run(sign).getvalue())


def _run(make: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    """Run pyHanko's coroutine to completion from sync code, also where this thread already
    runs an event loop (an ASGI server, a browser test): then in a short-lived thread of its own,
    since asyncio.run refuses to nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()
