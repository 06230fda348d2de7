from django.db import migrations

RULES = [
    {
        "data_type": "decided_applications",
        "label": "Permohonan yang sudah diputus (jawaban, pesan, dokumen)",
        "retention_days": 10 * 365,
        "action": "anonymise",
        "legal_basis": "UU 43/2009 tentang Kearsipan dan jadwal retensi arsip instansi; nilai awal, "
        "sesuaikan dengan JRA instansi.",
    },
    {
        "data_type": "draft_documents",
        "label": "Dokumen pada draf yang tidak pernah diajukan",
        "retention_days": 90,
        "action": "delete",
        "legal_basis": "Tidak ada kewajiban menyimpan draf (UU 27/2022 Pasal 43).",
    },
    {
        "data_type": "notifications",
        "label": "Notifikasi terkirim (alamat tujuan dan isi)",
        "retention_days": 365,
        "action": "anonymise",
        "legal_basis": "Bukti pengiriman disimpan satu tahun untuk penanganan pengaduan.",
    },
    {
        "data_type": "closed_breaches",
        "label": "Insiden data pribadi yang sudah ditutup (uraian)",
        "retention_days": 5 * 365,
        "action": "anonymise",
        "legal_basis": "UU 27/2022 Pasal 46; register insiden dipertahankan tanpa uraian rinci.",
    },
]


def forwards(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for row in RULES:
        RetentionRule.objects.get_or_create(data_type=row["data_type"], defaults=row)


def backwards(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.filter(data_type__in=[row["data_type"] for row in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0005_notice_archive")]

    operations = [migrations.RunPython(forwards, backwards)]
