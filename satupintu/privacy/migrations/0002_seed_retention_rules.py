"""Default retention rules. They are starting values for the operator to confirm against the
agency's archival schedule (JRA) and edit in the admin; the job reads them on every run."""

from django.db import migrations

DEFAULTS = [
    {
        "data_type": "unconfirmed_accounts",
        "label": "Akun warga yang tidak pernah dikonfirmasi",
        "retention_days": 30,
        "action": "delete",
        "legal_basis": (
            "Pembatasan masa simpan (UU 27/2022 Pasal 16 ayat 2 huruf g): akun yang tidak aktif "
            "dan tidak pernah dipakai tidak lagi diperlukan. Nilai bawaan, dapat diubah."
        ),
    },
    {
        "data_type": "sessions",
        "label": "Data sesi dan log masuk",
        "retention_days": 90,
        "action": "delete",
        "legal_basis": (
            "Keamanan sistem: disimpan 90 hari setelah kedaluwarsa untuk penelusuran insiden, "
            "lalu dihapus. Nilai bawaan, dapat diubah."
        ),
    },
    {
        "data_type": "closed_privacy_requests",
        "label": "Keterangan pada permintaan subjek data yang sudah selesai",
        "retention_days": 5 * 365,
        "action": "anonymise",
        "legal_basis": (
            "Catatan permintaan wajib disimpan (UU 27/2022 Pasal 14); keterangan pribadi di "
            "dalamnya dihapus setelah 5 tahun sesuai praktik kearsipan. Nilai bawaan, dapat "
            "diubah sesuai jadwal retensi arsip instansi."
        ),
    },
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for row in DEFAULTS:
        RetentionRule.objects.get_or_create(data_type=row["data_type"], defaults=row)


def unseed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.filter(data_type__in=[row["data_type"] for row in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
