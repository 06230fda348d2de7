"""Officer management by agency admins: adding (NIP checked, account found or made, invitation
in the outbox), roles per unit, supervisors, deactivation, and the walls between agencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from conftest import make_officer, signed_in
from satupintu.accounts.models import User
from satupintu.accounts.selectors import user_for_contact
from satupintu.core.errors import ServiceError
from satupintu.core.fields import lookup_value
from satupintu.core.identifiers import validate_nip
from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message
from satupintu.organizations import selectors, services, signals
from satupintu.organizations.models import Membership, Role, Unit

TODAY = dt.date(2026, 12, 1)
VALID_NIP = "199203152019032011"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("19920315 201903 2 011", None),
        ("199202302019032011", "nip_birth_date"),  # 30 February
        ("199203152019132011", "nip_appointment"),  # month 13 of the appointment
        ("199203152019033011", "nip_sex"),  # sex digit 3
        ("19920315201903201", "nip_format"),  # 17 digits
        ("1992031520190320111", "nip_format"),  # 19 digits
        ("19920315201903201A", "nip_format"),  # a letter
        ("199203152019032000", "nip_serial"),  # serial 000
    ],
)
def test_nip_validation_table(value: str, code: str | None) -> None:
    if code is None:
        assert validate_nip(value, today=TODAY).normalized == VALID_NIP
        return
    with pytest.raises(ValidationError) as exc:
        validate_nip(value, today=TODAY)
    assert code in {e.code for e in exc.value.error_list}


def test_a_nip_with_several_problems_names_each_in_words(world: Any) -> None:
    with pytest.raises(ServiceError) as exc:
        services.officer_add(
            actor=world.admin_a,
            agency=world.agency_a,
            full_name="Rina Wati",
            nip="199202302019133000",
            contact="rina@a.go.id",
            roles=[Role.VERIFIER],
        )
    assert exc.value.field == "nip"
    for words in ("Tanggal lahir", "pengangkatan", "jenis kelamin", "Nomor urut"):
        assert words in exc.value.message
    assert user_for_contact("rina@a.go.id") is None


def _add(world: Any, **overrides: Any) -> tuple[Any, list[Membership]]:
    data: dict[str, Any] = {
        "actor": world.admin_a,
        "agency": world.agency_a,
        "full_name": "Rina Wati",
        "nip": "19920315 201903 2 011",
        "contact": "rina@a.go.id",
        "roles": [Role.VERIFIER],
    }
    return services.officer_add(**{**data, **overrides})


def test_adding_an_officer_makes_the_account_membership_ledger_entry_and_invitation(
    world: Any,
) -> None:
    unit = Unit.objects.create(agency=world.agency_a, name="Bidang Pencatatan Sipil", slug="capil")
    officer, memberships = _add(world, unit=unit, roles=[Role.VERIFIER, Role.REVIEWER])

    assert user_for_contact("rina@a.go.id") == officer
    assert officer.is_officer and not officer.has_usable_password()
    assert {(m.role, m.unit_id) for m in memberships} == {
        (Role.VERIFIER, unit.pk),
        (Role.REVIEWER, unit.pk),
    }
    # The NIP is sealed: found only through its blind index, never in the column in clear.
    assert lookup_value(User, "nip", VALID_NIP).get() == officer
    with connection.cursor() as cursor:
        cursor.execute("SELECT nip FROM accounts_user WHERE id = %s", [officer.pk])
        (raw,) = cursor.fetchone()
    assert raw and VALID_NIP not in raw
    actions = set(Entry.objects.values_list("action", flat=True))
    assert {"organizations.officer.add", "accounts.officer.create"} <= actions
    assert "organizations.membership.grant" in actions
    invitation = Message.objects.get(user=officer, template="officer_invitation")
    assert invitation.channel == "email"
    assert "/akun/sandi/reset/" in invitation.context["link"]


def test_adding_an_existing_officer_of_another_agency_reuses_the_account(world: Any) -> None:
    officer, _ = services.officer_add(
        actor=world.admin_b,
        agency=world.agency_b,
        full_name="Verifikator",
        nip="198701052011011002",
        contact="verif@a.go.id",
        roles=[Role.REVIEWER],
    )
    assert officer == world.verifier
    assert selectors.has_role(world.verifier, Role.REVIEWER, agency_id=world.agency_b.pk)
    # They already have a password: no invitation.
    assert not Message.objects.filter(template="officer_invitation").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contact": "siti@example.id"}, "contact"),  # a citizen's account
        ({"contact": "verif@a.go.id"}, "nip"),  # an officer with another NIP
        ({"nip": "198701052011011002"}, "nip"),  # the verifier's NIP on a new contact
        ({"contact": "bukan kontak"}, "contact"),
        ({"roles": []}, "roles"),
        ({"roles": ["kepala_dunia"]}, "roles"),
        ({"full_name": "  "}, "full_name"),
    ],
)
def test_bad_additions_say_why_and_change_nothing(
    world: Any, overrides: dict[str, Any], field: str
) -> None:
    users, entries = User.objects.count(), Entry.objects.count()
    with pytest.raises(ServiceError) as exc:
        _add(world, **overrides)
    assert exc.value.field == field
    assert (User.objects.count(), Entry.objects.count()) == (users, entries)


def test_admin_of_agency_b_cannot_add_to_or_touch_agency_a(world: Any) -> None:
    with pytest.raises(ServiceError):
        _add(world, actor=world.admin_b)
    with pytest.raises(ServiceError):
        services.officer_deactivate(actor=world.admin_b, agency=world.agency_a, user=world.verifier)
    client = signed_in(world.admin_b)
    detail = reverse("officers:detail", args=[world.agency_a.pk, world.verifier.pk])
    assert client.get(detail).status_code == 404
    status = reverse("officers:status", args=[world.agency_a.pk, world.verifier.pk])
    assert client.post(status, {"aksi": "nonaktifkan"}).status_code == 404
    # Through their own agency's address neither: the verifier never worked at B.
    other = reverse("officers:detail", args=[world.agency_b.pk, world.verifier.pk])
    assert client.get(other).status_code == 404
    assert selectors.has_role(world.verifier, agency_id=world.agency_a.pk)


def test_an_admin_cannot_remove_their_own_last_admin_role(world: Any) -> None:
    own = Membership.objects.get(user=world.admin_a, agency=world.agency_a)
    with pytest.raises(ServiceError):
        services.membership_revoke(actor=world.admin_a, membership=own)
    with pytest.raises(ServiceError):
        services.officer_deactivate(actor=world.admin_a, agency=world.agency_a, user=world.admin_a)
    assert selectors.is_agency_admin(world.admin_a, world.agency_a.pk)
    # With a second admin role (in a unit) the agency-wide one may go.
    unit = Unit.objects.create(agency=world.agency_a, name="Sekretariat", slug="sekretariat")
    services.membership_grant(
        actor=world.admin_a,
        user=world.admin_a,
        agency=world.agency_a,
        role=Role.AGENCY_ADMIN,
        unit=unit,
    )
    services.membership_revoke(actor=world.admin_a, membership=own)
    assert selectors.is_agency_admin(world.admin_a, world.agency_a.pk)


def test_the_page_shows_the_lock_out_refusal(world: Any) -> None:
    own = Membership.objects.get(user=world.admin_a, agency=world.agency_a)
    client = signed_in(world.admin_a)
    url = reverse("officers:role_revoke", args=[world.agency_a.pk, world.admin_a.pk, own.pk])
    page = client.post(url, follow=True)
    assert "tidak dapat mencabut peran admin Anda sendiri" in page.content.decode()
    own.refresh_from_db()
    assert own.is_active


def test_deactivation_sends_the_signal_and_access_ends_at_once(world: Any) -> None:
    heard: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        from django.db import connection

        heard.append({**kwargs, "in_transaction": connection.in_atomic_block})

    signals.officer_deactivated.connect(receiver, weak=False, dispatch_uid="test-officers")
    try:
        verifier = signed_in(world.verifier)
        assert verifier.get(reverse("applications_office:inbox")).status_code == 200
        admin = signed_in(world.admin_a)
        url = reverse("officers:status", args=[world.agency_a.pk, world.verifier.pk])
        response = admin.post(url, {"aksi": "nonaktifkan"})
        assert response.status_code == 302
    finally:
        signals.officer_deactivated.disconnect(dispatch_uid="test-officers")

    assert len(heard) == 1
    assert heard[0]["user"] == world.verifier
    assert heard[0]["agency_id"] == world.agency_a.pk
    assert heard[0]["actor"] == world.admin_a
    assert heard[0]["in_transaction"]
    assert not selectors.has_role(world.verifier, agency_id=world.agency_a.pk)
    assert Entry.objects.filter(action="organizations.officer.deactivate").count() == 1
    # The verifier's very next request (same session) no longer holds the role.
    assert selectors.roles_in(world.verifier, world.agency_a.pk) == set()

    # Reactivation gives back exactly what was held.
    admin.post(url, {"aksi": "aktifkan"})
    assert selectors.roles_in(world.verifier, world.agency_a.pk) == {Role.VERIFIER}
    assert Entry.objects.filter(action="organizations.officer.reactivate").count() == 1


def test_supervisors_are_named_per_unit_or_for_the_whole_agency(world: Any) -> None:
    unit = Unit.objects.create(agency=world.agency_a, name="Bidang Capil", slug="capil")
    head = make_officer("kabid@a.go.id", world.agency_a, Role.VERIFIER, "197001012000011001")
    services.membership_grant(
        actor=world.admin_a, user=head, agency=world.agency_a, role=Role.SUPERVISOR, unit=unit
    )
    services.membership_grant(
        actor=world.admin_a, user=world.approver, agency=world.agency_a, role=Role.SUPERVISOR
    )
    assert selectors.supervisors_of(world.agency_a.pk, unit.pk) == [head]
    assert selectors.supervisors_of(world.agency_a.pk, None) == [world.approver]


def _listed(client: Any, world: Any, **params: str) -> set[Any]:
    page = client.post(reverse("officers:list"), params)
    assert page.status_code == 200
    html = page.content.decode()
    everyone = User.objects.filter(kind="officer")
    return {
        u for u in everyone if reverse("officers:detail", args=[world.agency_a.pk, u.pk]) in html
    }


def _listed_get(client: Any, world: Any, **params: str) -> set[Any]:
    html = client.get(reverse("officers:list"), params).content.decode()
    everyone = User.objects.filter(kind="officer")
    return {
        u for u in everyone if reverse("officers:detail", args=[world.agency_a.pk, u.pk]) in html
    }


def test_the_list_searches_by_name_and_by_nip_and_filters(world: Any) -> None:
    client = signed_in(world.admin_a)
    assert _listed(client, world, q="verif") == {world.verifier}
    # By NIP (blind index), with spaces as people type it; shown masked.
    assert _listed(client, world, q="19870105 201101 1 002") == {world.verifier}
    page = client.post(reverse("officers:list"), {"q": "198701052011011002"}).content.decode()
    assert "198701052011011002" not in page.replace('value="198701052011011002"', "")
    assert "1987**********1002" in page
    assert _listed(client, world, peran=Role.REVIEWER) == {world.reviewer}
    services.officer_deactivate(actor=world.admin_a, agency=world.agency_a, user=world.reviewer)
    assert _listed(client, world, aktif="0") == {world.reviewer}
    assert world.reviewer not in _listed(client, world, aktif="1")
    # Filters also work from the address (the pages of a list), bad values are ignored, never a
    # 500; agency B's officers never appear.
    assert world.reviewer in _listed_get(client, world, peran=Role.REVIEWER)
    assert world.admin_b not in _listed(client, world, peran="x", aktif="9", halaman="-1")
    unit = Unit.objects.create(agency=world.agency_a, name="Loket Utama", slug="loket")
    services.membership_grant(
        actor=world.admin_a,
        user=world.front_desk,
        agency=world.agency_a,
        role=Role.FRONT_DESK,
        unit=unit,
    )
    assert _listed(client, world, unit=str(unit.pk)) == {world.front_desk}


def test_the_add_page_adds_and_shows_problems_in_words(world: Any) -> None:
    client = signed_in(world.admin_a)
    url = reverse("officers:add")
    bad = client.post(
        url,
        {
            "full_name": "Rina",
            "nip": "199203152019033011",
            "contact": "rina@a.go.id",
            "roles": ["verifier"],
        },
    )
    assert bad.status_code == 200
    assert "jenis kelamin" in bad.content.decode()
    assert user_for_contact("rina@a.go.id") is None
    ok = client.post(
        url,
        {
            "full_name": "Rina Wati",
            "nip": "19920315 201903 2 011",
            "contact": "0812 3456 7890",
            "roles": ["verifier", "supervisor"],
        },
    )
    assert ok.status_code == 302
    officer = user_for_contact("081234567890")
    assert officer is not None
    assert selectors.roles_in(officer, world.agency_a.pk) == {Role.VERIFIER, Role.SUPERVISOR}
    invitation = Message.objects.get(user=officer, template="officer_invitation")
    assert invitation.channel == "sms"


def test_a_new_officer_must_enrol_two_factor_at_first_sign_in(world: Any) -> None:
    from django.test import Client

    officer, _ = _add(world)
    officer.set_password("Kata-Sandi-Baru-2026")
    officer.save(update_fields=["password"])
    client = Client()
    client.force_login(officer)
    response = client.get(reverse("applications_office:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_enrol"))


# --- the API -------------------------------------------------------------------------------


def _api(world: Any, slug: str = "") -> str:
    return f"/api/v1/agencies/{slug or world.agency_a.slug}/officers"


def test_api_lists_adds_changes_roles_and_deactivates(world: Any) -> None:
    client = signed_in(world.admin_a)
    listed = client.get(_api(world), {"role": "verifier"})
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [i["id"] for i in items] == [world.verifier.pk]
    assert items[0]["nip"] == "1987**********1002"

    added = client.post(
        _api(world),
        {
            "full_name": "Rina Wati",
            "nip": VALID_NIP,
            "contact": "rina@a.go.id",
            "roles": ["verifier"],
        },
        content_type="application/json",
    )
    assert added.status_code == 201, added.content
    rina = added.json()["id"]
    assert Message.objects.filter(user_id=rina, template="officer_invitation").exists()

    roles = client.post(
        f"{_api(world)}/{rina}/roles", {"role": "supervisor"}, content_type="application/json"
    )
    assert roles.status_code == 200
    assert {r["role"] for r in roles.json()["roles"] if r["active"]} == {"verifier", "supervisor"}
    revoked = client.post(
        f"{_api(world)}/{rina}/roles",
        {"role": "verifier", "active": False},
        content_type="application/json",
    )
    assert {r["role"] for r in revoked.json()["roles"] if r["active"]} == {"supervisor"}

    off = client.post(
        f"{_api(world)}/{rina}/status", {"active": False}, content_type="application/json"
    )
    assert off.status_code == 200 and off.json()["active"] is False


def test_api_bad_nip_is_a_problem_in_words_and_other_agencies_are_not_found(world: Any) -> None:
    client = signed_in(world.admin_a)
    bad = client.post(
        _api(world),
        {
            "full_name": "Rina",
            "nip": "199203152019033011",
            "contact": "rina@a.go.id",
            "roles": ["verifier"],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "jenis kelamin" in bad.json()["detail"]
    other = signed_in(world.admin_b)
    assert other.get(_api(world)).status_code == 404
    assert (
        other.post(
            f"{_api(world)}/{world.verifier.pk}/status",
            {"active": False},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert signed_in(world.verifier).get(_api(world)).status_code == 403
    assert selectors.has_role(world.verifier, agency_id=world.agency_a.pk)
