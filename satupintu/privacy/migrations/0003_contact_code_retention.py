"""Retention rule for one-time contact codes (they are useless once expired)."""

from django.db import migrations

RULE = {
    "data_type": "contact_codes",
    "label": "Kode verifikasi kontak (email/ponsel) yang sudah kedaluwarsa",
    "retention_days": 30,
    "action": "delete",
    "legal_basis": (
        "Pembatasan masa simpan (UU 27/2022 Pasal 16 ayat 2 huruf g): kode hanya berlaku 10 "
        "menit; catatannya disimpan 30 hari untuk penelusuran penyalahgunaan, lalu dihapus. "
        "Nilai bawaan, dapat diubah."
    ),
}


def add_rule(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.get_or_create(data_type=RULE["data_type"], defaults=RULE)


def remove_rule(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.filter(data_type=RULE["data_type"]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_seed_retention_rules")]

    operations = [migrations.RunPython(add_rule, remove_rule)]
