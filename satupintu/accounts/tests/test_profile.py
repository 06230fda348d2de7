"""The citizen's own profile: NIK, contacts, address by village name, language and channel."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import signed_in
from satupintu.accounts.forms import ProfileForm
from satupintu.accounts.models import User
from satupintu.ledger.models import Entry
from satupintu.notifications.models import Message
from satupintu.regions.models import Region
from satupintu.tests.places import add_region

pytestmark = pytest.mark.django_db

SITI_NIK = "3204014101900003"  # woman born 1 Jan 1990 (day + 40), Kab. Bandung
BUDI_NIK = "3204010506880002"


def form_data(user: User, **changes: str) -> dict[str, str]:
    return {**ProfileForm.initial_for(user), **changes}


def save(client: Client, user: User, **changes: str) -> Any:
    return client.post(reverse("accounts:profile"), form_data(user, **changes))


def raw_user_row(user: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nik, nik_index, address_street FROM accounts_user WHERE id = %s", [user.pk]
        )
        return " ".join(str(value) for value in cursor.fetchone())


@pytest.fixture
def villages(db: Any) -> dict[str, Region]:
    add_region("32", "Jawa Barat", 1, "provinsi", "Jawa Barat")
    add_region("32.04", "Kabupaten Bandung", 2, "kabupaten", "Kabupaten Bandung, Jawa Barat")
    add_region("32.04.11", "Cileunyi", 3, "kecamatan", "Cileunyi, Kabupaten Bandung, Jawa Barat")
    add_region("32.04.12", "Rancaekek", 3, "kecamatan", "Rancaekek, Kabupaten Bandung, Jawa Barat")
    return {
        "kulon": add_region(
            "32.04.11.2001",
            "Cileunyi Kulon",
            4,
            "desa",
            "Cileunyi Kulon, Cileunyi, Kabupaten Bandung, Jawa Barat",
        ),
        "sukamaju_a": add_region(
            "32.04.11.2002",
            "Sukamaju",
            4,
            "desa",
            "Sukamaju, Cileunyi, Kabupaten Bandung, Jawa Barat",
        ),
        "sukamaju_b": add_region(
            "32.04.12.2003",
            "Sukamaju",
            4,
            "desa",
            "Sukamaju, Rancaekek, Kabupaten Bandung, Jawa Barat",
        ),
    }


def test_a_valid_nik_is_saved_encrypted_and_shown_masked(world: Any) -> None:
    client = signed_in(world.siti)

    response = save(client, world.siti, nik="3204 0141 0190 0003")

    assert response.status_code == 302
    siti = User.objects.get(pk=world.siti.pk)
    assert siti.nik == SITI_NIK
    assert SITI_NIK not in raw_user_row(siti)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert SITI_NIK not in page
    assert "3204********0003" in page
    assert "?ubah=nik" in page
    assert 'name="nik"' not in page
    # "ubah" opens the field again.
    assert 'name="nik"' in client.get(reverse("accounts:profile") + "?ubah=nik").content.decode()
    entry = Entry.objects.filter(action="accounts.profile.update").latest("id")
    assert entry.data == {"fields": ["nik"]}


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("12345", "NIK harus terdiri dari 16 angka"),
        ("3204016213900003", "bukan tanggal yang ada"),
        ("3204014101900000", "tidak boleh 0000"),
    ],
)
def test_an_invalid_nik_is_refused_and_nothing_is_saved(world: Any, nik: str, message: str) -> None:
    client = signed_in(world.siti)

    response = save(client, world.siti, nik=nik, full_name="Siti Aminah Baru")

    assert response.status_code == 200
    assert message in response.content.decode()
    siti = User.objects.get(pk=world.siti.pk)
    assert siti.nik == ""
    assert siti.full_name == "Siti Aminah"
    assert not Entry.objects.filter(action="accounts.profile.update").exists()


def test_a_nik_already_on_another_account_is_refused(world: Any) -> None:
    world.budi.nik = BUDI_NIK
    world.budi.save(update_fields=["nik", "nik_index"])
    client = signed_in(world.siti)

    response = save(client, world.siti, nik="3204.0105.0688.0002")

    assert response.status_code == 200
    assert "NIK ini sudah terdaftar pada akun lain" in response.content.decode()
    assert User.objects.get(pk=world.siti.pk).nik == ""


def test_a_unique_village_name_is_resolved_and_saved(world: Any, villages: Any) -> None:
    client = signed_in(world.siti)

    response = save(client, world.siti, village="cileunyi kulon", address_street="Jl. Mawar 5")

    assert response.status_code == 302
    siti = User.objects.get(pk=world.siti.pk)
    assert siti.address_region == villages["kulon"]
    assert siti.address_street == "Jl. Mawar 5"
    assert "Mawar" not in raw_user_row(siti)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Cileunyi Kulon, Cileunyi, Kabupaten Bandung" in page


def test_an_ambiguous_village_name_offers_a_choice(world: Any, villages: Any) -> None:
    client = signed_in(world.siti)

    response = save(client, world.siti, village="Sukamaju")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ada 2 kelurahan/desa bernama Sukamaju. Pilih yang Anda maksud" in page
    assert "Sukamaju, Cileunyi" in page and "Sukamaju, Rancaekek" in page
    assert User.objects.get(pk=world.siti.pk).address_region is None

    chosen = save(client, world.siti, village="Sukamaju", address_region="32.04.12.2003")
    assert chosen.status_code == 302
    siti = User.objects.get(pk=world.siti.pk)
    assert siti.address_region == villages["sukamaju_b"]

    # Saving again with the name unchanged keeps the village chosen, without asking again.
    again = save(client, siti, full_name="Siti A.")
    assert again.status_code == 302
    assert User.objects.get(pk=world.siti.pk).address_region == villages["sukamaju_b"]


def test_an_unknown_village_gets_a_message(world: Any, villages: Any) -> None:
    client = signed_in(world.siti)

    response = save(client, world.siti, village="Atlantis")

    assert response.status_code == 200
    assert "tidak ditemukan" in response.content.decode()


def test_a_choice_outside_the_matches_is_not_taken(world: Any, villages: Any) -> None:
    client = signed_in(world.siti)

    response = save(client, world.siti, village="Sukamaju", address_region="32.04.11.2001")

    assert response.status_code == 200
    assert User.objects.get(pk=world.siti.pk).address_region is None


def test_choosing_english_switches_the_interface(world: Any) -> None:
    client = signed_in(world.siti)

    response = save(client, world.siti, language="en")

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert User.objects.get(pk=world.siti.pk).language == "en"
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<html lang="en">' in page


def test_signing_in_uses_the_language_of_the_account(world: Any) -> None:
    world.siti.language = "en"
    world.siti.save(update_fields=["language"])
    from conftest import PASSWORD

    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "siti@example.id", "password": PASSWORD}
    )

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_new_phone_number_is_used_only_after_its_code_is_confirmed(world: Any) -> None:
    client = signed_in(world.siti)

    response = save(client, world.siti, phone="+62 813 1111 2222")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm"))
    siti = User.objects.get(pk=world.siti.pk)
    assert siti.phone == ""
    message = Message.objects.get(template="contact_code")
    assert message.channel == "sms"
    assert message.address == "081311112222"

    # SMS cannot be chosen before the number is confirmed.
    refused = save(client, siti, preferred_channel="sms")
    assert refused.status_code == 200
    assert User.objects.get(pk=world.siti.pk).preferred_channel == "email"

    done = client.post(reverse("accounts:confirm"), {"code": message.context["code"]})
    assert done.status_code == 302
    siti = User.objects.get(pk=world.siti.pk)
    assert siti.phone == "081311112222"
    assert siti.phone_verified_at is not None
    assert siti.email == "siti@example.id"

    assert save(client, siti, preferred_channel="whatsapp").status_code == 302
    assert User.objects.get(pk=world.siti.pk).preferred_channel == "whatsapp"


def test_a_phone_number_of_another_account_is_refused(world: Any) -> None:
    world.budi.phone = "081377778888"
    world.budi.save(update_fields=["phone", "phone_index"])
    client = signed_in(world.siti)

    response = save(client, world.siti, phone="0813-7777-8888")

    assert response.status_code == 200
    assert "sudah terdaftar" in response.content.decode()
    assert not Message.objects.exists()


def test_the_profile_page_is_always_the_signed_in_persons_own(world: Any) -> None:
    world.siti.nik = SITI_NIK
    world.siti.save(update_fields=["nik", "nik_index"])
    budi = signed_in(world.budi)

    page = budi.get(reverse("accounts:profile"), {"user": world.siti.pk}).content.decode()
    assert "Budi Santoso" in page
    assert "Siti Aminah" not in page and "3204********0003" not in page

    data = form_data(world.budi, full_name="Diubah Budi")
    data["user"] = str(world.siti.pk)
    data["id"] = str(world.siti.pk)
    budi.post(reverse("accounts:profile"), data)

    assert User.objects.get(pk=world.siti.pk).full_name == "Siti Aminah"
    assert User.objects.get(pk=world.budi.pk).full_name == "Diubah Budi"


def test_the_profile_needs_sign_in() -> None:
    response = Client().get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_service_refuses_to_change_someone_elses_profile(world: Any) -> None:
    from satupintu.accounts.services import profile_update
    from satupintu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        profile_update(actor=world.budi, user=world.siti, data={"full_name": "X"})
    assert User.objects.get(pk=world.siti.pk).full_name == "Siti Aminah"


def test_nonsense_in_every_field_gets_messages_not_an_error_page(world: Any) -> None:
    client = signed_in(world.siti)

    response = save(
        client,
        world.siti,
        full_name="N" * 10_000,
        nik="x" * 10_000,
        email="bukan email",
        phone="12",
        village="V" * 10_000,
        address_region="9" * 10_000,
        address_street="S" * 10_000,
        language="xx",
        preferred_channel="pos",
    )

    assert response.status_code == 200
    assert User.objects.get(pk=world.siti.pk).full_name == "Siti Aminah"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "bukan email"}, "Alamat email tidak benar"),
        ({"phone": "12"}, "Nomor ponsel tidak benar"),
        ({"phone": "siti@contoh.id"}, "Nomor ponsel tidak benar"),
        ({"email": ""}, "dipakai untuk masuk dan tidak dapat dihapus"),
    ],
)
def test_a_bad_contact_is_refused_with_a_message(
    world: Any, changes: dict[str, str], message: str
) -> None:
    client = signed_in(world.siti)

    response = save(client, world.siti, full_name="Siti Baru", **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    siti = User.objects.get(pk=world.siti.pk)
    assert siti.full_name == "Siti Aminah"
    assert siti.email == "siti@example.id"
    assert not Message.objects.exists()
