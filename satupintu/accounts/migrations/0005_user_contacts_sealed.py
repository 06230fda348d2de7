"""Seal e-mail addresses and take contacts out of `username` (probing finding 8.5).

Before: `username` held the sign-in e-mail address or mobile number in clear and `email` the
address in clear. After: `email` is encrypted with a blind index (`email_index`) like `phone`,
`username` is an opaque random handle, and people sign in by the blind index of what they type.
A row whose username was a contact gets that contact on `email`/`phone` (if it had none) and a
new opaque username; other usernames (a name an administrator chose, "warga-…", an erased
account's marker) are kept. Two accounts may not share an address or number any more: should an
old database hold one twice, the account that signed in with it keeps it, else the oldest.
"""

import re
import secrets

import satupintu.core.fields
from django.db import migrations, models

_MOBILE = re.compile(r"08[0-9]{7,13}")
_ERASED_SUFFIX = "@invalid.satupintu"


def _opaque() -> str:
    return f"u-{secrets.token_hex(12)}"


def seal_contacts(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    sealed = User._meta.get_field("email_sealed")
    phone_field = User._meta.get_field("phone")
    rows = list(User.objects.order_by("pk"))
    # Who signs in with a contact keeps it when two rows hold the same one.
    rows.sort(key=lambda u: (u.username.strip().lower() not in (u.email.strip().lower(), u.phone), u.pk))
    seen_email: set[str] = set()
    seen_phone: set[str] = set()
    for user in rows:
        name = (user.username or "").strip()
        email = (user.email or "").strip().lower()
        phone = user.phone or ""
        phone_verified_at = user.phone_verified_at
        new_name = name
        if name.lower().endswith(_ERASED_SUFFIX):
            email = ""  # an erased account: the marker stays in username, nothing personal
        elif "@" in name:
            email = email or name.lower()
            if email == name.lower():
                new_name = _opaque()
        elif _MOBILE.fullmatch(name):
            phone = phone or name
            if phone == name:
                new_name = _opaque()
        email_index = sealed.index_for(email) if email else ""
        if email_index and email_index in seen_email:
            email, email_index = "", ""
            new_name = name
        phone_index = phone_field.index_for(phone) if phone else ""
        if phone_index and phone_index in seen_phone:
            phone, phone_index, phone_verified_at = "", "", None
            new_name = name
        seen_email.add(email_index)
        seen_phone.add(phone_index)
        User.objects.filter(pk=user.pk).update(
            username=new_name,
            email_sealed=email,
            email_index=email_index,
            phone=phone,
            phone_index=phone_index,
            phone_verified_at=phone_verified_at,
        )


def unseal_contacts(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.order_by("pk"):
        name = user.username
        if name.startswith("u-"):
            name = user.email_sealed or user.phone or name
        User.objects.filter(pk=user.pk).update(username=name, email=user.email_sealed or "")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_reveal_identifier_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_sealed",
            field=satupintu.core.fields.EncryptedCharField(
                blank=True,
                blind_index_field="email_index",
                context="accounts.User.email",
                default="",
                max_length=254,
                verbose_name="alamat email",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="email_index",
            field=satupintu.core.fields.BlindIndexField(),
        ),
        migrations.RunPython(seal_contacts, unseal_contacts),
    ]
