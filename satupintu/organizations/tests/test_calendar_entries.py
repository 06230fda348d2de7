"""The calendar-entry services, the seeding command and the admin: the write path of
core.CalendarEntry, owned by organizations."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import holidays
import pytest
from django.core.management import call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from satupintu.core.errors import PermissionDenied, ServiceError
from satupintu.core.models import CalendarEntry
from satupintu.ledger.models import Entry
from satupintu.organizations.services import calendar_entry_delete, calendar_entry_set

pytestmark = pytest.mark.django_db


def test_setting_a_day_again_replaces_its_entry() -> None:
    calendar_entry_set(date=dt.date(2026, 1, 12), kind="local", name="Libur")
    entry = calendar_entry_set(
        date=dt.date(2026, 1, 12), kind="working", name="Masuk", source="SE Bupati"
    )
    assert CalendarEntry.objects.filter(date=dt.date(2026, 1, 12)).count() == 1
    assert (entry.kind, entry.name, entry.source) == ("working", "Masuk", "SE Bupati")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "party", "name": "x"}, "kind"),
        ({"kind": "local", "name": "  "}, "name"),
        ({"kind": "local", "name": "x" * 201}, "name"),
    ],
)
def test_bad_calendar_entry_is_refused_with_a_message(kwargs: Any, field: Any) -> None:
    with pytest.raises(ServiceError) as exc:
        calendar_entry_set(date=dt.date(2026, 1, 12), **kwargs)
    assert exc.value.field == field
    assert not CalendarEntry.objects.exists()


def test_seed_calendar_copies_2026_and_is_idempotent() -> None:
    out = StringIO()
    call_command("seed_calendar", "2026", stdout=out)
    entries = CalendarEntry.objects.filter(date__year=2026, agency__isnull=True)
    assert entries.filter(kind="holiday").count() == 17
    assert entries.filter(kind="cuti_bersama").count() == 8
    assert entries.get(date=dt.date(2026, 3, 23)).source == f"holidays {holidays.__version__}"

    calendar_entry_set(date=dt.date(2026, 12, 24), kind="working", name="Koreksi")
    call_command("seed_calendar", "2026", stdout=StringIO())
    assert CalendarEntry.objects.filter(date__year=2026).count() == 25
    assert CalendarEntry.objects.get(date=dt.date(2026, 12, 24)).kind == "working"


def test_admin_lists_and_saves_calendar_entries(client: Any) -> None:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(
        username="root@example.id", email="root@example.id", password="Sandi-Uji-Root-2026"
    )
    client.force_login(admin)
    # The admin sits behind two-factor: mark the session as verified with a confirmed device.
    device = StaticDevice.objects.create(user=admin, name="uji", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    calendar_entry_set(date=dt.date(2026, 1, 12), kind="local", name="Hari jadi kabupaten")
    response = client.get("/kantor/sistem/core/calendarentry/?tahun=2026")
    assert response.status_code == 200
    assert "Hari jadi kabupaten" in response.content.decode()

    response = client.post(
        "/kantor/sistem/core/calendarentry/add/",
        {"date": "2026-01-13", "kind": "working", "name": "Koreksi", "agency": "", "source": ""},
    )
    assert response.status_code == 302
    assert CalendarEntry.objects.get(date=dt.date(2026, 1, 13)).kind == "working"

    entry = CalendarEntry.objects.get(date=dt.date(2026, 1, 12))
    response = client.post(
        f"/kantor/sistem/core/calendarentry/{entry.pk}/change/",
        {"date": "2026-01-14", "kind": "local", "name": "Dipindah", "agency": "", "source": ""},
    )
    assert response.status_code == 302
    assert list(CalendarEntry.objects.values_list("date", flat=True)) == [
        dt.date(2026, 1, 13),
        dt.date(2026, 1, 14),
    ]


def test_agency_admin_sets_own_agency_days_only(world: Any) -> None:
    day = dt.date(2026, 1, 12)
    entry = calendar_entry_set(
        actor=world.admin_a, date=day, kind="local", name="Hari jadi", agency=world.agency_a
    )
    assert entry.agency == world.agency_a
    with pytest.raises(PermissionDenied):
        calendar_entry_set(
            actor=world.admin_b, date=day, kind="local", name="Hari jadi", agency=world.agency_a
        )
    with pytest.raises(PermissionDenied):
        calendar_entry_set(actor=world.admin_a, date=day, kind="local", name="Nasional")
    with pytest.raises(PermissionDenied):
        calendar_entry_delete(actor=world.verifier, date=day, agency=world.agency_a)
    assert CalendarEntry.objects.count() == 1


def test_each_calendar_write_is_ledgered_under_organizations() -> None:
    calendar_entry_set(date=dt.date(2026, 1, 12), kind="local", name="Libur")
    calendar_entry_delete(date=dt.date(2026, 1, 12))
    assert list(Entry.objects.order_by("id").values_list("action", flat=True)) == [
        "organizations.calendar_entry.set",
        "organizations.calendar_entry.delete",
    ]
