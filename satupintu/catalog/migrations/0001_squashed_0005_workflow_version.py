"""The catalog migrations 0001_initial … 0005_workflow_version in one (a database that applied
those keeps them as applied; migrations that name one of them now wait for this one).
0005_search_index_tables stays apart and follows it."""

import django.db.models.deletion
import satupintu.catalog.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('catalog', '0001_initial'), ('catalog', '0002_formfield'), ('catalog', '0003_required_document_condition'), ('catalog', '0003_english_content_and_labels'), ('catalog', '0004_merge_english_content_and_conditions'), ('catalog', '0005_workflow_version')]

    initial = True

    dependencies = [
        ('organizations', '0001_squashed_0005_membership_suspended_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Category',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=60, unique=True)),
                ('name', models.CharField(max_length=100, verbose_name='nama')),
                ('name_en', models.CharField(blank=True, max_length=100, verbose_name='nama (English)')),
                ('order', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'kategori',
                'verbose_name_plural': 'kategori',
                'ordering': ['order', 'name'],
            },
            bases=(satupintu.catalog.models.LocalizedMixin, models.Model),
        ),
        migrations.CreateModel(
            name='LifeEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=60, unique=True)),
                ('name', models.CharField(max_length=100, verbose_name='nama')),
                ('name_en', models.CharField(blank=True, max_length=100, verbose_name='nama (English)')),
                ('description', models.CharField(blank=True, max_length=200, verbose_name='keterangan')),
                ('description_en', models.CharField(blank=True, max_length=200)),
                ('order', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'peristiwa hidup',
                'verbose_name_plural': 'peristiwa hidup',
                'ordering': ['order', 'name'],
            },
            bases=(satupintu.catalog.models.LocalizedMixin, models.Model),
        ),
        migrations.CreateModel(
            name='Service',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=100, unique=True)),
                ('name', models.CharField(max_length=200, verbose_name='nama layanan')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='nama layanan (English)')),
                ('summary', models.CharField(max_length=300, verbose_name='ringkasan')),
                ('summary_en', models.CharField(blank=True, max_length=300, verbose_name='ringkasan (English)')),
                ('keywords', models.CharField(blank=True, help_text='Kata lain yang dipakai warga.', max_length=300, verbose_name='kata kunci')),
                ('status', models.CharField(choices=[('draft', 'Draf'), ('active', 'Aktif')], default='draft', max_length=10, verbose_name='status')),
                ('fee_amount', models.PositiveBigIntegerField(default=0, verbose_name='biaya (Rp)')),
                ('sla_working_days', models.PositiveSmallIntegerField(verbose_name='jangka waktu (hari kerja)')),
                ('output_product', models.CharField(max_length=200, verbose_name='produk layanan')),
                ('channel_online', models.BooleanField(default=True, verbose_name='daring')),
                ('channel_counter', models.BooleanField(default=True, verbose_name='loket')),
                ('requirements', models.TextField(verbose_name='persyaratan')),
                ('procedure', models.TextField(verbose_name='sistem, mekanisme, dan prosedur')),
                ('time_standard', models.TextField(blank=True, verbose_name='jangka waktu penyelesaian')),
                ('fee_standard', models.TextField(blank=True, verbose_name='biaya/tarif')),
                ('product', models.TextField(verbose_name='produk pelayanan')),
                ('complaint_handling', models.TextField(verbose_name='penanganan pengaduan, saran, dan masukan')),
                ('legal_basis', models.TextField(verbose_name='dasar hukum')),
                ('facilities', models.TextField(verbose_name='sarana, prasarana, dan/atau fasilitas')),
                ('competence', models.TextField(verbose_name='kompetensi pelaksana')),
                ('internal_supervision', models.TextField(verbose_name='pengawasan internal')),
                ('staffing', models.TextField(verbose_name='jumlah pelaksana')),
                ('service_guarantee', models.TextField(verbose_name='jaminan pelayanan')),
                ('security_guarantee', models.TextField(verbose_name='jaminan keamanan dan keselamatan pelayanan')),
                ('performance_evaluation', models.TextField(verbose_name='evaluasi kinerja pelaksana')),
                ('search_text', models.TextField(blank=True, editable=False)),
                ('search_name', models.TextField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='services', to='organizations.agency')),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='services', to='catalog.category', verbose_name='kategori')),
                ('life_events', models.ManyToManyField(blank=True, related_name='services', to='catalog.lifeevent', verbose_name='peristiwa hidup')),
            ],
            options={
                'verbose_name': 'layanan',
                'verbose_name_plural': 'layanan',
                'ordering': ['name'],
            },
            bases=(satupintu.catalog.models.LocalizedMixin, models.Model),
        ),
        migrations.CreateModel(
            name='RequiredDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='nama dokumen')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='nama dokumen (English)')),
                ('description', models.CharField(blank=True, max_length=300, verbose_name='keterangan')),
                ('is_required', models.BooleanField(default=True, verbose_name='wajib')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='catalog.service')),
            ],
            options={
                'verbose_name': 'dokumen persyaratan',
                'verbose_name_plural': 'dokumen persyaratan',
                'ordering': ['service', 'order', 'id'],
            },
            bases=(satupintu.catalog.models.LocalizedMixin, models.Model),
        ),
        migrations.AddIndex(
            model_name='service',
            index=models.Index(fields=['status', 'agency'], name='service_status_agency_idx'),
        ),
        migrations.CreateModel(
            name='FormField',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(max_length=60, verbose_name='kunci')),
                ('label', models.CharField(max_length=200, verbose_name='label')),
                ('label_en', models.CharField(blank=True, max_length=200, verbose_name='label (English)')),
                ('help_text', models.CharField(blank=True, max_length=300, verbose_name='bantuan')),
                ('help_text_en', models.CharField(blank=True, max_length=300, verbose_name='bantuan (English)')),
                ('field_type', models.CharField(choices=[('text', 'Teks'), ('number', 'Angka'), ('date', 'Tanggal'), ('choice', 'Pilihan'), ('yesno', 'Ya/Tidak'), ('nik', 'NIK'), ('address', 'Alamat dengan wilayah'), ('phone', 'Nomor ponsel'), ('email', 'Email'), ('file', 'Berkas')], max_length=10, verbose_name='jenis')),
                ('required', models.BooleanField(default=True, verbose_name='wajib')),
                ('choices', models.JSONField(blank=True, default=list, verbose_name='pilihan')),
                ('group', models.CharField(default='Data pemohon', max_length=100, verbose_name='kelompok')),
                ('group_en', models.CharField(blank=True, max_length=100, verbose_name='kelompok (English)')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('condition_key', models.SlugField(blank=True, max_length=60, verbose_name='tampil jika kolom')),
                ('condition_value', models.CharField(blank=True, max_length=100, verbose_name='bernilai')),
                ('max_length', models.PositiveIntegerField(blank=True, null=True)),
                ('min_value', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                ('max_value', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                ('prefill_from', models.CharField(blank=True, max_length=20)),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='form_fields', to='catalog.service')),
            ],
            options={
                'verbose_name': 'kolom formulir',
                'verbose_name_plural': 'kolom formulir',
                'ordering': ['service', 'order', 'id'],
                'constraints': [models.UniqueConstraint(fields=('service', 'key'), name='form_field_key_per_service')],
            },
        ),
        migrations.AddField(
            model_name='requireddocument',
            name='condition_key',
            field=models.SlugField(blank=True, max_length=60, verbose_name='diminta jika kolom'),
        ),
        migrations.AddField(
            model_name='requireddocument',
            name='condition_value',
            field=models.CharField(blank=True, max_length=100, verbose_name='bernilai'),
        ),
        migrations.AddField(
            model_name='requireddocument',
            name='description_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='keterangan (English)'),
        ),
        migrations.AddField(
            model_name='service',
            name='complaint_handling_en',
            field=models.TextField(blank=True, verbose_name='penanganan pengaduan, saran, dan masukan (English)'),
        ),
        migrations.AddField(
            model_name='service',
            name='fee_standard_en',
            field=models.TextField(blank=True, verbose_name='biaya/tarif (English)'),
        ),
        migrations.AddField(
            model_name='service',
            name='output_product_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='produk layanan (English)'),
        ),
        migrations.AddField(
            model_name='service',
            name='procedure_en',
            field=models.TextField(blank=True, verbose_name='sistem, mekanisme, dan prosedur (English)'),
        ),
        migrations.AddField(
            model_name='service',
            name='product_en',
            field=models.TextField(blank=True, verbose_name='produk pelayanan (English)'),
        ),
        migrations.AddField(
            model_name='service',
            name='requirements_en',
            field=models.TextField(blank=True, verbose_name='persyaratan (English)'),
        ),
        migrations.AddField(
            model_name='service',
            name='time_standard_en',
            field=models.TextField(blank=True, verbose_name='jangka waktu penyelesaian (English)'),
        ),
        migrations.AlterField(
            model_name='requireddocument',
            name='order',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='urutan'),
        ),
        migrations.AlterField(
            model_name='service',
            name='slug',
            field=models.SlugField(max_length=100, unique=True, verbose_name='alamat halaman'),
        ),
        migrations.CreateModel(
            name='WorkflowVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='versi')),
                ('state', models.CharField(choices=[('draft', 'Draf'), ('published', 'Terbit'), ('retired', 'Diganti')], default='draft', max_length=10, verbose_name='status')),
                ('spec', models.JSONField(default=dict, verbose_name='definisi')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='catatan perubahan')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('published_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='workflow_versions', to='catalog.service')),
            ],
            options={
                'verbose_name': 'versi alur kerja',
                'verbose_name_plural': 'versi alur kerja',
                'ordering': ['service', '-number'],
                'constraints': [models.UniqueConstraint(fields=('service', 'number'), name='workflow_version_number_per_service'), models.UniqueConstraint(condition=models.Q(('state', 'draft')), fields=('service',), name='workflow_one_draft_per_service')],
            },
        ),
    ]
