"""Seal the officers' NIP: encrypted like the NIK, with a blind index to find an officer by it.

The plain column is copied into a sealed one, dropped, and the sealed one takes its name; the
token's context is "accounts.User.nip" from the start, so the rename changes nothing stored.
"""

import satupintu.core.fields
from django.db import migrations


def seal_nip(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    sealed = User._meta.get_field("nip_sealed")
    for user in User.objects.exclude(nip="").only("pk", "nip"):
        value = "".join(user.nip.split())
        User.objects.filter(pk=user.pk).update(nip_sealed=value, nip_index=sealed.index_for(value))


def unseal_nip(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(nip_index="").only("pk", "nip_sealed"):
        User.objects.filter(pk=user.pk).update(nip=user.nip_sealed or "")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="nip_sealed",
            field=satupintu.core.fields.EncryptedCharField(
                blank=True,
                blind_index_field="nip_index",
                context="accounts.User.nip",
                default="",
                kind="nik",
                max_length=18,
                verbose_name="NIP",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="nip_index",
            field=satupintu.core.fields.BlindIndexField(),
        ),
        migrations.RunPython(seal_nip, unseal_nip),
        migrations.RemoveField(model_name="user", name="nip"),
        migrations.RenameField(model_name="user", old_name="nip_sealed", new_name="nip"),
    ]
