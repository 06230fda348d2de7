"""The privacy tables as they stand after 0001_initial … 0008_breach_notices, which this replaces
(a database that applied those keeps them as applied), and the default retention rules those
migrations seeded (0002, 0003, 0006). The rules are starting values for the operator to confirm
against the agency's archival schedule (JRA) and edit in the admin; the job reads them on every
run."""

import django.db.models.deletion
import django.utils.timezone
import satupintu.core.fields
from django.conf import settings
from django.db import migrations, models

# The rows of 0002_seed_retention_rules, 0003_contact_code_retention and
# 0006_retention_rules_for_every_kind, in that order.
DEFAULT_RULES = [
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
    {
        "data_type": "contact_codes",
        "label": "Kode verifikasi kontak (email/ponsel) yang sudah kedaluwarsa",
        "retention_days": 30,
        "action": "delete",
        "legal_basis": (
            "Pembatasan masa simpan (UU 27/2022 Pasal 16 ayat 2 huruf g): kode hanya berlaku 10 "
            "menit; catatannya disimpan 30 hari untuk penelusuran penyalahgunaan, lalu dihapus. "
            "Nilai bawaan, dapat diubah."
        ),
    },
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


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for row in DEFAULT_RULES:
        RetentionRule.objects.get_or_create(data_type=row["data_type"], defaults=row)


def unseed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.filter(data_type__in=[row["data_type"] for row in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("privacy", "0001_initial"),
        ("privacy", "0002_seed_retention_rules"),
        ("privacy", "0003_contact_code_retention"),
        ("privacy", "0004_subjectflags_restricted_by"),
        ("privacy", "0005_notice_archive"),
        ("privacy", "0006_retention_rules_for_every_kind"),
        ("privacy", "0007_request_response_en"),
        ("privacy", "0008_breach_notices"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Notice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(max_length=64, unique=True, verbose_name='SHA-256')),
                ('version', models.CharField(max_length=40, verbose_name='versi')),
                ('text', models.TextField(verbose_name='isi pemberitahuan')),
                ('first_shown_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='pertama ditampilkan')),
            ],
            options={
                'verbose_name': 'versi pemberitahuan privasi',
                'verbose_name_plural': 'versi pemberitahuan privasi',
                'ordering': ['-first_shown_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='RetentionRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('data_type', models.SlugField(max_length=80, unique=True, verbose_name='jenis data')),
                ('label', models.CharField(max_length=200, verbose_name='nama')),
                ('retention_days', models.PositiveIntegerField(verbose_name='masa simpan (hari)')),
                ('action', models.CharField(choices=[('delete', 'Hapus'), ('anonymise', 'Anonimkan')], max_length=16, verbose_name='tindakan')),
                ('legal_basis', models.TextField(blank=True, verbose_name='dasar')),
                ('is_active', models.BooleanField(default=True, verbose_name='aktif')),
            ],
            options={
                'verbose_name': 'aturan retensi',
                'verbose_name_plural': 'aturan retensi',
                'ordering': ['data_type'],
            },
        ),
        migrations.CreateModel(
            name='Consent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.SlugField(max_length=80, verbose_name='tujuan (kode)')),
                ('purpose_label', models.CharField(max_length=200, verbose_name='tujuan')),
                ('legal_basis', models.CharField(choices=[('persetujuan', 'Persetujuan yang sah secara eksplisit'), ('perjanjian', 'Pemenuhan kewajiban perjanjian'), ('kewajiban_hukum', 'Pemenuhan kewajiban hukum'), ('kepentingan_vital', 'Pelindungan kepentingan vital subjek data'), ('tugas_publik', 'Pelaksanaan tugas kepentingan umum, pelayanan publik, atau kewenangan'), ('kepentingan_sah', 'Pemenuhan kepentingan yang sah lainnya')], max_length=24, verbose_name='dasar pemrosesan')),
                ('granted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='diberikan pada')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='ditarik pada')),
                ('channel', models.CharField(choices=[('online', 'Daring'), ('counter', 'Loket')], default='online', max_length=16, verbose_name='kanal')),
                ('notice_version', models.CharField(max_length=40, verbose_name='versi pemberitahuan')),
                ('notice_digest', models.CharField(max_length=64, verbose_name='SHA-256 pemberitahuan')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dicatat oleh')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consents', to=settings.AUTH_USER_MODEL)),
                ('notice', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='consents', to='privacy.notice', verbose_name='pemberitahuan')),
            ],
            options={
                'verbose_name': 'persetujuan',
                'verbose_name_plural': 'persetujuan',
                'ordering': ['-granted_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='SubjectFlags',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('processing_restricted', models.BooleanField(default=False, verbose_name='pemrosesan dibatasi')),
                ('restricted_at', models.DateTimeField(blank=True, null=True, verbose_name='dibatasi sejak')),
                ('restricted_by', models.CharField(blank=True, default='', max_length=16, verbose_name='dibatasi karena')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='privacy_flags', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'status privasi subjek',
                'verbose_name_plural': 'status privasi subjek',
            },
        ),
        migrations.CreateModel(
            name='Breach',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='judul')),
                ('description', models.TextField(verbose_name='kapan dan bagaimana terjadi')),
                ('data_categories', models.TextField(verbose_name='data pribadi yang terungkap')),
                ('affected_subjects_estimate', models.PositiveIntegerField(verbose_name='perkiraan subjek terdampak')),
                ('occurred_at', models.DateTimeField(blank=True, null=True, verbose_name='terjadi pada')),
                ('discovered_at', models.DateTimeField(verbose_name='diketahui pada')),
                ('notify_due_at', models.DateTimeField(verbose_name='batas pemberitahuan')),
                ('subjects_notified_at', models.DateTimeField(blank=True, null=True, verbose_name='subjek diberi tahu pada')),
                ('authority_notified_at', models.DateTimeField(blank=True, null=True, verbose_name='lembaga diberi tahu pada')),
                ('remediation', models.TextField(blank=True, verbose_name='upaya penanganan dan pemulihan')),
                ('status', models.CharField(choices=[('open', 'Ditangani'), ('notified', 'Sudah diberitahukan'), ('closed', 'Ditutup')], default='open', max_length=16, verbose_name='status')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('controller', models.CharField(blank=True, max_length=200, verbose_name='pengendali data pribadi')),
                ('dpo_contact', models.CharField(blank=True, max_length=200, verbose_name='kontak PPDP')),
                ('announcement', models.TextField(blank=True, verbose_name='pengumuman publik')),
                ('announced_at', models.DateTimeField(blank=True, null=True, verbose_name='diumumkan pada')),
                ('updates', models.JSONField(blank=True, default=list, verbose_name='perkembangan')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='ditutup pada')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'insiden data pribadi',
                'verbose_name_plural': 'insiden data pribadi',
                'ordering': ['notify_due_at', '-id'],
                'indexes': [models.Index(fields=['status', 'notify_due_at'], name='privacy_breach_due')],
            },
        ),
        migrations.CreateModel(
            name='DataSubjectRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('access', 'Akses dan salinan data'), ('correction', 'Perbaikan data'), ('erasure', 'Penghapusan data'), ('restriction', 'Pembatasan pemrosesan'), ('objection', 'Keberatan atas pemrosesan'), ('withdraw', 'Penarikan persetujuan')], max_length=16, verbose_name='jenis')),
                ('status', models.CharField(choices=[('received', 'Diterima'), ('in_progress', 'Sedang diproses'), ('completed', 'Selesai'), ('rejected', 'Ditolak')], default='received', max_length=16, verbose_name='status')),
                ('received_at', models.DateTimeField(verbose_name='diterima pada')),
                ('due_at', models.DateTimeField(verbose_name='batas waktu')),
                ('completed_at', models.DateTimeField(blank=True, null=True, verbose_name='diselesaikan pada')),
                ('channel', models.CharField(choices=[('online', 'Daring'), ('counter', 'Loket')], default='online', max_length=16, verbose_name='kanal')),
                ('details', satupintu.core.fields.EncryptedCharField(blank=True, null=True, verbose_name='keterangan')),
                ('changes', satupintu.core.fields.EncryptedCharField(blank=True, null=True, verbose_name='perubahan yang diminta')),
                ('response', models.TextField(blank=True, verbose_name='jawaban')),
                ('response_en', models.TextField(blank=True, verbose_name='jawaban (English)')),
                ('outcome', models.JSONField(blank=True, default=dict, verbose_name='hasil')),
                ('redacted_at', models.DateTimeField(blank=True, null=True, verbose_name='keterangan dihapus pada')),
                ('consent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='privacy.consent')),
                ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ditangani oleh')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='privacy_requests', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'permintaan subjek data',
                'verbose_name_plural': 'permintaan subjek data',
                'ordering': ['-received_at', '-id'],
                'permissions': [('handle_requests', 'Menangani permintaan subjek data (PPDP/DPO)')],
                'indexes': [models.Index(fields=['status', 'due_at'], name='privacy_dsr_queue'), models.Index(fields=['user', 'received_at'], name='privacy_dsr_user')],
            },
        ),
        migrations.AddIndex(
            model_name='consent',
            index=models.Index(fields=['user', 'purpose'], name='privacy_consent_user_purpose'),
        ),
        migrations.RunPython(seed, unseed),
    ]
