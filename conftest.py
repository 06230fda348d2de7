"""Shared test setup: the named personas every test module uses.

Agency A (Disdukcapil Kabupaten Contoh) is where the officers work; agency B (DPMPTSP) has its
own admin, who must never touch A's things. Siti and Budi are citizens; Budi must never see Siti's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

# The case fixtures (akta_service, draft, submitted, upload, ...) serve tests of every app.
pytest_plugins = ["satupintu.applications.tests.fixtures"]

PASSWORD = "Sandi-Uji-Yang-Kuat-2026"  # noqa: S105 - test personas only


@pytest.fixture(autouse=True)
def _fresh_cache(request: Any) -> Any:
    # Throttle counters live in the shared cache (a database table, or Redis): one test's sign-in
    # or registration attempts must not throttle the next test. Tests without the database
    # cannot reach the table, and cannot have left anything in it either.
    from django.core.cache import cache

    from satupintu.core import pagecache, shelf

    # Pages kept by the page cache and reference data kept on shelves live in this process's
    # memory, beyond the rolled-back database.
    pagecache.clear_local()
    shelf.clear_all_local()
    uses_db = "_django_db_helper" in request.fixturenames or request.node.get_closest_marker(
        "django_db"
    )
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        cache.clear()
    yield
    if uses_db:
        cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    # Tests do not run collectstatic, so the hashed-manifest storage would have nothing to read.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pg(transactional_db: Any) -> None:
    """For PostgreSQL-only tests (marked `postgres`) that need committed transactions."""
    from django.db import connection

    assert connection.vendor == "postgresql", "this module needs DATABASE_URL=postgres://…"


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Any) -> None:
    # Uploaded files go to a per-test folder, never the developer's data directory.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "private")


@dataclass
class World:
    agency_a: Any
    agency_b: Any
    siti: Any
    budi: Any
    front_desk: Any
    verifier: Any
    reviewer: Any
    approver: Any
    liaison: Any
    admin_a: Any
    admin_b: Any
    auditor: Any

    def persona(self, name: str) -> Any:
        return getattr(self, name)


def make_user(username: str, *, kind: str = "citizen", full_name: str = "", nip: str = "") -> Any:
    from satupintu.accounts.models import User

    user = User.objects.create_user(
        username=username, email=username if "@" in username else "", password=PASSWORD
    )
    user.kind = kind
    user.full_name = full_name or username.split("@")[0].title()
    user.nip = nip
    user.save(update_fields=["kind", "full_name", "nip"])
    return user


def make_officer(username: str, agency: Any, role: str, nip: str) -> Any:
    from satupintu.organizations.models import Membership

    user = make_user(username, kind="officer", nip=nip)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def world(db: Any) -> World:
    from satupintu.organizations.models import Agency, Role

    agency_a = Agency.objects.create(
        slug="disdukcapil-contoh",
        name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Contoh",
        short_name="Disdukcapil",
        kind=Agency.Kind.REGIONAL_OFFICE,
        maklumat="Kami sanggup menyelenggarakan pelayanan sesuai standar pelayanan.",
    )
    agency_b = Agency.objects.create(
        slug="dpmptsp-contoh",
        name="Dinas Penanaman Modal dan PTSP Kabupaten Contoh",
        short_name="DPMPTSP",
        kind=Agency.Kind.REGIONAL_OFFICE,
    )
    return World(
        agency_a=agency_a,
        agency_b=agency_b,
        siti=make_user("siti@example.id", full_name="Siti Aminah"),
        budi=make_user("budi@example.id", full_name="Budi Santoso"),
        front_desk=make_officer("loket@a.go.id", agency_a, Role.FRONT_DESK, "198503122010012001"),
        verifier=make_officer("verif@a.go.id", agency_a, Role.VERIFIER, "198701052011011002"),
        reviewer=make_officer("periksa@a.go.id", agency_a, Role.REVIEWER, "198902142012012003"),
        approver=make_officer("setuju@a.go.id", agency_a, Role.APPROVER, "197612201999031004"),
        liaison=make_officer(
            "aduan@a.go.id", agency_a, Role.COMPLAINT_LIAISON, "199004042015022005"
        ),
        admin_a=make_officer("admin@a.go.id", agency_a, Role.AGENCY_ADMIN, "198106302005011006"),
        admin_b=make_officer("admin@b.go.id", agency_b, Role.AGENCY_ADMIN, "198208172006042007"),
        auditor=make_officer("auditor@a.go.id", agency_a, Role.AUDITOR, "197905152003121008"),
    )


def pytest_report_header(config: Any) -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return (
        f"SatuPintu database: {engine}; browser tests: {os.environ.get('SATUPINTU_BROWSER', '0')}"
    )


def signed_in(user: Any) -> Any:
    """A test client signed in as `user`; officers and staff have also passed two-factor,
    as the verify page leaves them (a confirmed device recorded in the session)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client = Client()
    client.force_login(user)
    if getattr(user, "is_officer", False) or user.is_staff:
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="uji", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
