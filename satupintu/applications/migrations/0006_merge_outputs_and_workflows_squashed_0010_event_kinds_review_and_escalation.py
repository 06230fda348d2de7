"""The applications migrations 0006_merge_outputs_and_workflows … 0010_event_kinds_review_and_escalation
in one (a database that applied those keeps them as applied; migrations of other apps that name
one of them now wait for this one), with 0007_inbox_assignment_and_name_index's backfill of the
name index kept as it was."""

import django.db.models.deletion
import satupintu.core.fields
from django.conf import settings
from django.db import migrations, models

# The tokenizer is a pure function of the name and the key (no models): the same words the
# running code indexes, so a backfilled case is found like a new one.
from satupintu.applications.name_index import tokens


def backfill_name_tokens(apps, schema_editor):
    """Index the applicant's name of every case submitted before the index existed."""
    Application = apps.get_model("applications", "Application")
    Token = apps.get_model("applications", "ApplicantNameToken")
    rows = (
        Application.objects.exclude(status="draft")
        .values_list("id", "applicant__full_name")
        .order_by("id")
        .iterator(chunk_size=2000)
    )
    batch = []
    for pk, name in rows:
        batch.extend(Token(application_id=pk, token=t) for t in tokens(name or ""))
        if len(batch) >= 5000:
            Token.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Token.objects.bulk_create(batch, ignore_conflicts=True)


def drop_name_tokens(apps, schema_editor):
    apps.get_model("applications", "ApplicantNameToken").objects.all().delete()


class Migration(migrations.Migration):

    replaces = [('applications', '0006_merge_outputs_and_workflows'), ('applications', '0007_output_certificate_holder'), ('applications', '0007_inbox_assignment_and_name_index'), ('applications', '0008_merge_inbox_and_certificates'), ('applications', '0007_step_escalation'), ('applications', '0007_document_review'), ('applications', '0009_merge_review_and_escalation'), ('applications', '0010_event_kinds_review_and_escalation')]

    dependencies = [
        ('applications', '0004_outputs_and_sequences'),
        ('applications', '0005_applications_onto_workflow_version_1'),
        ('catalog', '0007_merge_search_and_workflows'),
        ('organizations', '0001_squashed_0005_membership_suspended_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='output',
            name='holder',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='output',
            name='application',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='outputs', to='applications.application'),
        ),
        migrations.AlterField(
            model_name='output',
            name='kind',
            field=models.CharField(choices=[('output', 'Produk layanan'), ('rejection', 'Surat penolakan'), ('certificate', 'Sertifikat pelatihan')], max_length=12, verbose_name='jenis'),
        ),
        migrations.CreateModel(
            name='ApplicantNameToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name='application',
            name='assigned_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='application',
            name='assignee',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_applications', to=settings.AUTH_USER_MODEL, verbose_name='ditangani oleh'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('status__in', ('submitted', 'in_review', 'needs_correction', 'approved'))), fields=['agency', 'workflow_step', 'step_due_at', 'id'], name='application_open_step_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('status__in', ('submitted', 'in_review', 'needs_correction', 'approved'))), fields=['agency', 'step_due_at', 'id'], name='application_open_due_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('assignee__isnull', False), ('status__in', ('submitted', 'in_review', 'needs_correction', 'approved'))), fields=['assignee', 'agency'], name='application_open_assignee_idx'),
        ),
        migrations.AddField(
            model_name='applicantnametoken',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='name_tokens', to='applications.application'),
        ),
        migrations.AddConstraint(
            model_name='applicantnametoken',
            constraint=models.UniqueConstraint(fields=('token', 'application'), name='name_token_once'),
        ),
        migrations.RunPython(
            code=backfill_name_tokens,
            reverse_code=drop_name_tokens,
        ),
        migrations.CreateModel(
            name='Escalation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('step', models.CharField(max_length=60)),
                ('step_started_at', models.DateTimeField()),
                ('step_due_at', models.DateTimeField()),
                ('level', models.PositiveSmallIntegerField(choices=[(1, 'Petugas yang dapat bertindak'), (2, 'Atasan (kepala unit)')])),
                ('recipients', models.PositiveIntegerField(default=0)),
                ('at', models.DateTimeField()),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='escalations', to='applications.application')),
            ],
            options={
                'verbose_name': 'eskalasi',
                'verbose_name_plural': 'eskalasi',
                'constraints': [models.UniqueConstraint(fields=('application', 'step', 'step_started_at', 'level'), name='escalation_once_per_step_and_level')],
            },
        ),
        migrations.AddField(
            model_name='document',
            name='review',
            field=models.CharField(choices=[('pending', 'Belum diperiksa'), ('verified', 'Sesuai'), ('rejected', 'Ditolak')], default='pending', max_length=10, verbose_name='pemeriksaan'),
        ),
        migrations.AddField(
            model_name='document',
            name='review_reason',
            field=satupintu.core.fields.EncryptedCharField(blank=True, default='', verbose_name='alasan'),
        ),
        migrations.AddField(
            model_name='document',
            name='reviewed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='document',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='event',
            name='kind',
            field=models.CharField(choices=[('created', 'Draf dibuat'), ('submitted', 'Permohonan diajukan'), ('status', 'Status berubah'), ('document', 'Dokumen ditambahkan'), ('message', 'Pesan baru'), ('review', 'Dokumen diperiksa'), ('escalated', 'Eskalasi tenggat')], max_length=12),
        ),
    ]
