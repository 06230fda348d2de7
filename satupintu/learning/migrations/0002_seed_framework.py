"""Seed the six dimensions of issue 12 with levels 1–4 and an onboarding checklist."""

from django.db import migrations

# (code, name, name_en, [(indicator id, indicator en) for levels 1..4])
DIMENSIONS = [
    (
        "literasi-digital",
        "Literasi digital dasar",
        "Basic digital literacy",
        [
            ("Menggunakan perangkat, surel dan aplikasi kantor dengan bantuan.", "Uses devices, e-mail and office software with help."),
            ("Menggunakan aplikasi kerja secara mandiri dan mengelola berkas dengan rapi.", "Uses work applications independently and keeps files in order."),
            ("Memilih alat digital yang tepat dan membantu rekan yang kesulitan.", "Chooses the right digital tool and helps colleagues who struggle."),
            ("Membimbing unit memakai alat digital baru dan menyusun panduannya.", "Coaches the unit in new digital tools and writes their guides."),
        ],
    ),
    (
        "layanan-daring",
        "Penyelenggaraan layanan daring",
        "Online service delivery",
        [
            ("Memahami alur layanan daring instansi dan standar pelayanannya.", "Understands the agency's online service flow and its service standard."),
            ("Memproses permohonan daring sesuai standar dan tenggat.", "Processes online applications to the standard and within deadline."),
            ("Menemukan hambatan warga dalam layanan daring dan mengusulkan perbaikan.", "Finds where citizens get stuck online and proposes fixes."),
            ("Merancang layanan daring baru yang berpusat pada warga.", "Designs new citizen-centred online services."),
        ],
    ),
    (
        "data",
        "Pengelolaan dan analisis data",
        "Data management and analysis",
        [
            ("Mengisi data dengan lengkap dan benar.", "Enters data completely and correctly."),
            ("Membaca tabel dan dasbor layanan untuk pekerjaannya.", "Reads service tables and dashboards for their work."),
            ("Menganalisis data layanan untuk menemukan pola dan masalah.", "Analyses service data to find patterns and problems."),
            ("Menggunakan data sebagai dasar keputusan dan menjaga mutunya.", "Bases decisions on data and keeps its quality."),
        ],
    ),
    (
        "keamanan-pdp",
        "Keamanan siber dan pelindungan data pribadi",
        "Cyber security and personal-data protection",
        [
            ("Menjaga kata sandi dan perangkat; mengenali surel penipuan.", "Keeps passwords and devices safe; recognises phishing."),
            ("Menampilkan dan membagikan data pribadi hanya bila perlu, sesuai UU 27/2022.", "Shows and shares personal data only when needed, under UU 27/2022."),
            ("Mengenali dan melaporkan insiden keamanan atau kebocoran data.", "Recognises and reports security incidents and data breaches."),
            ("Menilai risiko pemrosesan data dan menerapkan pengamanan di unit.", "Assesses processing risks and puts safeguards in place in the unit."),
        ],
    ),
    (
        "kolaborasi",
        "Kolaborasi digital",
        "Digital collaboration",
        [
            ("Berkomunikasi dengan rekan melalui kanal digital kantor.", "Communicates with colleagues over the office's digital channels."),
            ("Bekerja bersama pada dokumen dan tugas bersama secara daring.", "Works with others on shared documents and tasks online."),
            ("Mengoordinasikan pekerjaan lintas unit secara daring.", "Coordinates work across units online."),
            ("Membangun kerja sama digital lintas instansi.", "Builds digital cooperation across agencies."),
        ],
    ),
    (
        "inovasi",
        "Inovasi dan manajemen perubahan",
        "Innovation and change management",
        [
            ("Terbuka terhadap cara kerja baru.", "Is open to new ways of working."),
            ("Mengusulkan perbaikan kecil pada pekerjaannya.", "Proposes small improvements to their work."),
            ("Menguji perbaikan dan mengukur dampaknya.", "Tests improvements and measures their effect."),
            ("Memimpin perubahan dan mengajak rekan menerapkannya.", "Leads change and brings colleagues along."),
        ],
    ),
]

ONBOARDING = [
    ("", 1, "Aktifkan verifikasi dua langkah dan simpan kode pemulihan", "accounts:recovery_codes"),
    ("", 2, "Nilai diri pada kerangka kompetensi digital", "learning:assess"),
    ("", 3, "Baca kebijakan privasi dan pelindungan data pribadi", "privacy:policy"),
    ("front_desk", 10, "Coba alur loket untuk warga tanpa akses digital", "applications_office:loket"),
    ("verifier", 10, "Buka kotak masuk dan pelajari urutan tenggat", "applications_office:inbox"),
    ("reviewer", 10, "Buka kotak masuk dan pelajari urutan tenggat", "applications_office:inbox"),
    ("approver", 10, "Pelajari cara menerbitkan dan mencabut dokumen hasil", "applications_office:inbox"),
    ("agency_admin", 10, "Periksa standar pelayanan layanan instansi", "office:services"),
    ("supervisor", 10, "Lihat peta kesenjangan kompetensi tim Anda", "learning:team"),
]


def seed(apps, schema_editor):
    Dimension = apps.get_model("learning", "Dimension")
    Indicator = apps.get_model("learning", "Indicator")
    OnboardingItem = apps.get_model("learning", "OnboardingItem")
    for order, (code, name, name_en, levels) in enumerate(DIMENSIONS, start=1):
        dimension, _ = Dimension.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
        for level, (text, text_en) in enumerate(levels, start=1):
            Indicator.objects.get_or_create(
                dimension=dimension, level=level, defaults={"text": text, "text_en": text_en}
            )
    for role, order, title, url_name in ONBOARDING:
        OnboardingItem.objects.get_or_create(
            role=role, title=title, defaults={"order": order, "url_name": url_name}
        )


def unseed(apps, schema_editor):
    apps.get_model("learning", "Dimension").objects.filter(
        code__in=[d[0] for d in DIMENSIONS]
    ).delete()
    apps.get_model("learning", "OnboardingItem").objects.filter(
        title__in=[o[2] for o in ONBOARDING]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
