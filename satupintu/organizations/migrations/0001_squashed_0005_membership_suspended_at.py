"""The organizations tables as they stand after 0001_initial … 0005_membership_suspended_at,
which this replaces (a database that applied those keeps them as applied; migrations of other
apps that name one of them now wait for this one)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("organizations", "0001_initial"),
        ("organizations", "0002_agency_maklumat_en"),
        ("organizations", "0003_dpo_role_and_contact"),
        ("organizations", "0004_supervisor_role"),
        ("organizations", "0005_membership_suspended_at"),
    ]

    dependencies = [
        ('regions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Agency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True)),
                ('name', models.CharField(max_length=200, verbose_name='nama')),
                ('short_name', models.CharField(blank=True, max_length=40, verbose_name='singkatan')),
                ('kind', models.CharField(choices=[('kementerian_lembaga', 'Kementerian/Lembaga'), ('provinsi', 'Pemerintah Provinsi'), ('kabupaten_kota', 'Pemerintah Kabupaten/Kota'), ('perangkat_daerah', 'Perangkat Daerah')], max_length=24, verbose_name='jenis')),
                ('description', models.TextField(blank=True, verbose_name='profil')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='alamat')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='telepon')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('dpo_contact', models.CharField(blank=True, max_length=200, verbose_name='kontak PPDP')),
                ('website', models.URLField(blank=True, verbose_name='situs web')),
                ('opening_hours', models.CharField(blank=True, max_length=200, verbose_name='jam layanan')),
                ('maklumat', models.TextField(blank=True, verbose_name='maklumat pelayanan')),
                ('maklumat_en', models.TextField(blank=True, verbose_name='maklumat pelayanan (English)')),
                ('working_weekdays', models.CharField(blank=True, max_length=13, verbose_name='hari kerja')),
                ('is_active', models.BooleanField(default=True, verbose_name='aktif')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='organizations.agency')),
                ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region')),
            ],
            options={
                'verbose_name': 'instansi',
                'verbose_name_plural': 'instansi',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='nama')),
                ('slug', models.SlugField(max_length=80)),
                ('working_weekdays', models.CharField(blank=True, max_length=13, verbose_name='hari kerja')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='units', to='organizations.agency')),
            ],
            options={
                'verbose_name': 'unit kerja',
                'verbose_name_plural': 'unit kerja',
                'ordering': ['agency', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('front_desk', 'Petugas loket'), ('verifier', 'Verifikator'), ('reviewer', 'Pemeriksa'), ('approver', 'Pejabat penyetuju'), ('complaint_liaison', 'Pengelola pengaduan'), ('agency_admin', 'Admin instansi'), ('auditor', 'Auditor'), ('supervisor', 'Kepala unit (atasan)'), ('dpo', 'Pejabat pelindungan data pribadi (PPDP)')], max_length=24, verbose_name='peran')),
                ('is_active', models.BooleanField(default=True)),
                ('suspended_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organizations.agency')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.unit')),
            ],
            options={
                'verbose_name': 'keanggotaan',
                'verbose_name_plural': 'keanggotaan',
            },
        ),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.UniqueConstraint(fields=('agency', 'slug'), name='unit_slug_per_agency'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['user', 'role'], name='membership_user_role_idx'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('user', 'agency', 'unit', 'role'), name='membership_unique_role'),
        ),
    ]
