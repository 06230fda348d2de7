"""Demo data for one regency (Kabupaten Bandung): agencies, service standards and accounts.

Plain data only; `manage.py seed_demo` writes it. The content follows real Indonesian practice
and cites real regulations, but the contact details are fictitious (`*.example` domains,
placeholder telephone numbers) and every person is invented. The NIPs are structurally valid
(`YYYYMMDD YYYYMM G NNN`) but belong to nobody.

The demo password is for demonstrations only: never seed these accounts on a real deployment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DEMO_PASSWORD_ENV = "SATUPINTU_DEMO_PASSWORD"  # noqa: S105 - a variable name, not a secret
DEFAULT_DEMO_PASSWORD = "SatuPintu-Demo-2026"  # noqa: S105 - documented demo-only password

REGION_CODE = "32.04"
REGION_NAME = "Kabupaten Bandung"

MAKLUMAT = (
    "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan "
    "yang telah ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi "
    "sesuai peraturan perundang-undangan yang berlaku."
)
OPENING_HOURS = "Senin–Jumat 08.00–15.00 WIB"
PEMKAB_ADDRESS = (
    "Komplek Perkantoran Pemerintah Kabupaten Bandung, Jl. Raya Soreang Km 17, Soreang, "
    "Kabupaten Bandung, Jawa Barat 40912"
)


def demo_password() -> str:
    """The one password of every demo account (demo only; override with the env variable)."""
    return os.environ.get(DEMO_PASSWORD_ENV) or DEFAULT_DEMO_PASSWORD


def numbered(*items: str) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))


# --- Data shapes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitData:
    slug: str
    name: str
    working_weekdays: str = ""


@dataclass(frozen=True)
class AgencyData:
    slug: str
    name: str
    short_name: str
    description: str
    address: str
    phone: str
    email: str
    website: str
    units: tuple[UnitData, ...]
    kind: str = "perangkat_daerah"
    opening_hours: str = OPENING_HOURS
    maklumat: str = MAKLUMAT
    working_weekdays: str = ""
    dpo_contact: str = ""


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    name_en: str
    order: int


@dataclass(frozen=True)
class LifeEventData:
    slug: str
    name: str
    name_en: str
    description: str
    description_en: str
    order: int


@dataclass(frozen=True)
class DocumentData:
    name: str
    name_en: str
    description: str = ""
    is_required: bool = True
    # Asked for only when the form answer `condition_key` is `condition_value`.
    condition_key: str = ""
    condition_value: str = ""


@dataclass(frozen=True)
class ServiceData:
    agency: str
    slug: str
    name: str
    name_en: str
    summary: str
    summary_en: str
    category: str
    life_events: tuple[str, ...]
    keywords: str
    fee_amount: int
    sla_working_days: int
    output_product: str
    requirements: str
    procedure: str
    time_standard: str
    fee_standard: str
    product: str
    complaint_handling: str
    legal_basis: str
    facilities: str
    competence: str
    internal_supervision: str
    staffing: str
    service_guarantee: str
    security_guarantee: str
    performance_evaluation: str
    documents: tuple[DocumentData, ...]
    channel_online: bool = True
    channel_counter: bool = True
    status: str = "active"

    def standard_fields(self) -> dict[str, object]:
        """Every model field of the service except agency, category and life events."""
        return {
            "name": self.name,
            "name_en": self.name_en,
            "summary": self.summary,
            "summary_en": self.summary_en,
            "keywords": self.keywords,
            "status": self.status,
            "fee_amount": self.fee_amount,
            "sla_working_days": self.sla_working_days,
            "output_product": self.output_product,
            "channel_online": self.channel_online,
            "channel_counter": self.channel_counter,
            "requirements": self.requirements,
            "procedure": self.procedure,
            "time_standard": self.time_standard,
            "fee_standard": self.fee_standard,
            "product": self.product,
            "complaint_handling": self.complaint_handling,
            "legal_basis": self.legal_basis,
            "facilities": self.facilities,
            "competence": self.competence,
            "internal_supervision": self.internal_supervision,
            "staffing": self.staffing,
            "service_guarantee": self.service_guarantee,
            "security_guarantee": self.security_guarantee,
            "performance_evaluation": self.performance_evaluation,
        }


@dataclass(frozen=True)
class AccountData:
    """A demo sign-in. `role` is a Membership role for officers, else "citizen"/"operator"."""

    username: str
    full_name: str
    kind: str
    role: str
    agency: str | None = None
    nip: str = ""
    is_staff: bool = False
    is_superuser: bool = False


# --- Agencies -------------------------------------------------------------------------------

DISDUKCAPIL = "disdukcapil-kabupaten-bandung"
DPMPTSP = "dpmptsp-kabupaten-bandung"
DINKES = "dinkes-kabupaten-bandung"
BAPENDA = "bapenda-kabupaten-bandung"

AGENCIES: tuple[AgencyData, ...] = (
    AgencyData(
        slug=DISDUKCAPIL,
        name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bandung",
        short_name="Disdukcapil",
        description=(
            "Perangkat daerah yang menyelenggarakan urusan administrasi kependudukan: "
            "pendaftaran penduduk (KTP-el, Kartu Keluarga, perpindahan penduduk) dan "
            "pencatatan sipil (kelahiran, kematian, perkawinan, perceraian). Seluruh dokumen "
            "kependudukan diterbitkan tanpa biaya dan ditandatangani secara elektronik."
        ),
        address=f"Gedung Disdukcapil, {PEMKAB_ADDRESS}",
        phone="(022) 0000-1101",
        email="layanan@disdukcapil.bandungkab.example",
        dpo_contact="ppdp@disdukcapil.bandungkab.example",
        website="https://disdukcapil.bandungkab.example",
        units=(
            UnitData("pendaftaran-penduduk", "Bidang Pelayanan Pendaftaran Penduduk"),
            UnitData("pencatatan-sipil", "Bidang Pelayanan Pencatatan Sipil"),
            UnitData(
                "piak",
                "Bidang Pengelolaan Informasi Administrasi Kependudukan dan Pemanfaatan Data",
            ),
        ),
    ),
    AgencyData(
        slug=DPMPTSP,
        name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Bandung",
        short_name="DPMPTSP",
        description=(
            "Perangkat daerah yang menyelenggarakan pelayanan perizinan dan nonperizinan secara "
            "terpadu satu pintu, termasuk pendampingan perizinan berusaha berbasis risiko "
            "melalui sistem OSS dan Persetujuan Bangunan Gedung melalui SIMBG."
        ),
        address=f"Gedung Pelayanan Terpadu, {PEMKAB_ADDRESS}",
        phone="(022) 0000-1201",
        email="layanan@dpmptsp.bandungkab.example",
        website="https://dpmptsp.bandungkab.example",
        units=(
            UnitData("pelayanan-perizinan", "Bidang Pelayanan Perizinan dan Nonperizinan"),
            UnitData(
                "pengaduan-kebijakan",
                "Bidang Pengaduan, Kebijakan, dan Pelaporan Layanan",
            ),
        ),
    ),
    AgencyData(
        slug=DINKES,
        name="Dinas Kesehatan Kabupaten Bandung",
        short_name="Dinkes",
        description=(
            "Perangkat daerah yang menyelenggarakan urusan kesehatan: pelayanan kesehatan "
            "masyarakat, kesehatan lingkungan dan keamanan pangan, serta pembinaan sumber daya "
            "manusia kesehatan, termasuk penerbitan Surat Izin Praktik tenaga medis dan tenaga "
            "kesehatan."
        ),
        address=f"Gedung Dinas Kesehatan, {PEMKAB_ADDRESS}",
        phone="(022) 0000-1301",
        email="layanan@dinkes.bandungkab.example",
        website="https://dinkes.bandungkab.example",
        units=(
            UnitData("sumber-daya-kesehatan", "Bidang Sumber Daya Kesehatan"),
            UnitData("kesehatan-masyarakat", "Bidang Kesehatan Masyarakat"),
        ),
    ),
    AgencyData(
        slug=BAPENDA,
        name="Badan Pendapatan Daerah Kabupaten Bandung",
        short_name="Bapenda",
        description=(
            "Perangkat daerah yang mengelola pendapatan daerah, termasuk pendataan, penetapan, "
            "dan pelayanan Pajak Bumi dan Bangunan Perdesaan dan Perkotaan (PBB-P2) serta Bea "
            "Perolehan Hak atas Tanah dan Bangunan (BPHTB)."
        ),
        address=f"Gedung Bapenda, {PEMKAB_ADDRESS}",
        phone="(022) 0000-1401",
        email="layanan@bapenda.bandungkab.example",
        website="https://bapenda.bandungkab.example",
        units=(
            UnitData("pbb-bphtb", "Bidang Pajak Bumi dan Bangunan dan BPHTB"),
            UnitData("pelayanan-pajak", "Bidang Pelayanan dan Penagihan Pajak Daerah"),
        ),
    ),
)

AGENCY_BY_SLUG = {agency.slug: agency for agency in AGENCIES}

# --- Categories and life events -------------------------------------------------------------

CATEGORIES: tuple[CategoryData, ...] = (
    CategoryData("kependudukan", "Kependudukan", "Civil registration", 1),
    CategoryData("perizinan-usaha", "Perizinan Usaha", "Business licensing", 2),
    CategoryData("kesehatan", "Kesehatan", "Health", 3),
    CategoryData("pajak-daerah", "Pajak Daerah", "Local taxes", 4),
    CategoryData("sosial", "Sosial", "Social welfare", 5),
)

LIFE_EVENTS: tuple[LifeEventData, ...] = (
    LifeEventData(
        "kelahiran",
        "Kelahiran",
        "Having a baby",
        "Mencatatkan kelahiran anak: akta kelahiran dan Kartu Keluarga baru.",
        "Registering a birth: birth certificate and an updated family card.",
        1,
    ),
    LifeEventData(
        "kematian",
        "Kematian",
        "Death of a family member",
        "Melaporkan kematian anggota keluarga dan memperbarui data keluarga.",
        "Reporting a death in the family and updating the family records.",
        2,
    ),
    LifeEventData(
        "pindah-domisili",
        "Pindah Domisili",
        "Moving house",
        "Pindah alamat antar desa, kecamatan, atau kabupaten/kota.",
        "Moving to another village, district or regency.",
        3,
    ),
    LifeEventData(
        "pernikahan",
        "Pernikahan",
        "Getting married",
        "Mencatatkan perkawinan dan memperbarui KTP-el serta Kartu Keluarga.",
        "Registering a marriage and updating ID cards and the family card.",
        4,
    ),
    LifeEventData(
        "memulai-usaha",
        "Memulai Usaha",
        "Starting a business",
        "Mengurus NIB, izin bangunan, dan sertifikat yang dibutuhkan usaha.",
        "Getting a business ID (NIB), building approval and the certificates a business needs.",
        5,
    ),
    LifeEventData(
        "kesehatan",
        "Kesehatan",
        "Health",
        "Izin praktik tenaga kesehatan dan sertifikat laik higiene tempat makan.",
        "Practice licences for health workers and hygiene certificates for eateries.",
        6,
    ),
    LifeEventData(
        "pajak-properti",
        "Pajak dan Properti",
        "Property and taxes",
        "Membayar PBB, membeli atau mewarisi tanah, dan membangun rumah.",
        "Paying land and building tax, buying or inheriting land, and building a house.",
        7,
    ),
)

# --- Shared standard texts, per agency ------------------------------------------------------


def complaint_handling(agency: AgencyData, desk: str) -> str:
    domain = agency.email.split("@", 1)[1]
    return (
        "Pengaduan, saran, dan masukan dapat disampaikan melalui:\n"
        + numbered(
            "SatuPintu: menu Pengaduan pada halaman layanan ini; nomor tiket dan tanda terima "
            "diberikan seketika;",
            "SP4N-LAPOR!: www.lapor.go.id, aplikasi LAPOR!, atau SMS ke 1708;",
            f"Telepon/WhatsApp: {agency.phone} (hari dan jam kerja);",
            f"Email: pengaduan@{domain};",
            f"Datang langsung ke {desk}, {agency.short_name} Kabupaten Bandung;",
            "Kotak saran di ruang tunggu pelayanan.",
        )
        + "\nTanda terima diberikan saat pengaduan diterima. Tanggapan awal paling lambat 14 hari "
        "dan penyelesaian paling lambat 60 hari sejak berkas pengaduan lengkap (UU 25/2009). "
        "Identitas pelapor dapat dirahasiakan dan penanganan pengaduan tidak dipungut biaya."
    )


INTERNAL_SUPERVISION = (
    "Pengawasan melekat oleh atasan langsung (kepala seksi dan kepala bidang) setiap hari; "
    "pengawasan fungsional oleh Inspektorat Kabupaten Bandung; penerapan Sistem Pengendalian "
    "Intern Pemerintah (PP 60/2008); setiap persetujuan dan penolakan tercatat dalam jejak audit "
    "SatuPintu yang tidak dapat diubah."
)

PERFORMANCE_EVALUATION = (
    "Evaluasi kinerja pelaksana setiap bulan oleh atasan langsung berdasarkan capaian jangka "
    "waktu dan jumlah pengaduan; Survei Kepuasan Masyarakat (SKM) sesuai PermenPANRB 14/2017 "
    "setiap triwulan dengan hasil yang diumumkan; penilaian Sasaran Kinerja Pegawai setiap tahun "
    "(PermenPANRB 6/2022); tindak lanjut atas hasil evaluasi dilaporkan kepada kepala perangkat "
    "daerah."
)


def security_guarantee(extra: str) -> str:
    return (
        "Data pribadi pemohon dilindungi dan hanya digunakan untuk keperluan layanan sesuai "
        "UU 27/2022 tentang Pelindungan Data Pribadi; akses petugas dibatasi sesuai peran dan "
        f"tercatat; {extra} Ruang pelayanan dilengkapi CCTV, alat pemadam api ringan (APAR), "
        "jalur evakuasi, dan petugas keamanan."
    )


def service_guarantee(agency: AgencyData, promise: str) -> str:
    return (
        f"{promise} Pelayanan diselenggarakan sesuai maklumat pelayanan {agency.short_name} "
        "Kabupaten Bandung. Apabila jangka waktu terlampaui atau layanan tidak sesuai standar, "
        "pemohon berhak menyampaikan pengaduan dan pimpinan perangkat daerah wajib "
        "menindaklanjutinya."
    )


# --- Kependudukan (Disdukcapil) -------------------------------------------------------------

_DUKCAPIL = AGENCY_BY_SLUG[DISDUKCAPIL]
ADMINDUK_LAW = (
    "UU 23/2006 tentang Administrasi Kependudukan sebagaimana telah diubah dengan UU 24/2013",
    "UU 25/2009 tentang Pelayanan Publik",
    "PP 40/2019 tentang Pelaksanaan UU 23/2006 tentang Administrasi Kependudukan sebagaimana "
    "telah diubah dengan UU 24/2013",
    "Perpres 96/2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk dan Pencatatan Sipil",
    "Permendagri 108/2019 tentang Peraturan Pelaksanaan Perpres 96/2018",
    "Permendagri 109/2019 tentang Formulir dan Buku yang Digunakan dalam Administrasi Kependudukan",
    "Permendagri 7/2019 tentang Pelayanan Administrasi Kependudukan Secara Daring",
    "PermenPANRB 15/2014 tentang Pedoman Standar Pelayanan",
)
ADMINDUK_FEE = (
    "Tidak dipungut biaya. Pengurusan dan penerbitan dokumen kependudukan gratis "
    "(UU 24/2013 Pasal 79A). Laporkan setiap permintaan pungutan melalui kanal pengaduan."
)
ADMINDUK_FACILITIES = (
    "Ruang tunggu dengan kursi dan pendingin ruangan, mesin nomor antrean, loket pelayanan, "
    "komputer terhubung SIAK Terpusat, printer dokumen, pemindai, ruang laktasi, area bermain "
    "anak, toilet dan jalur kursi roda ramah disabilitas, papan informasi standar pelayanan, "
    "kotak saran, serta layanan daring melalui SatuPintu."
)
ADMINDUK_COMPETENCE = (
    "Berpendidikan paling rendah SMA/sederajat untuk petugas loket dan D-III/S-1 untuk "
    "verifikator; memahami peraturan administrasi kependudukan; mampu mengoperasikan SIAK "
    "Terpusat dan SatuPintu; telah mengikuti bimbingan teknis pelayanan adminduk; menerapkan "
    "pelayanan prima dan nilai dasar ASN BerAKHLAK."
)
ADMINDUK_SECURITY = security_guarantee(
    "dokumen kependudukan dicetak pada kertas HVS dan ditandatangani secara elektronik dengan "
    "sertifikat elektronik BSrE sehingga keasliannya dapat diperiksa melalui kode QR;"
)


def _adminduk_promise(days: int) -> str:
    return (
        f"Dokumen diterbitkan paling lama {days} hari kerja setelah persyaratan lengkap dan "
        "tanpa biaya apa pun."
    )


_DUKCAPIL_DESK = "Meja Pengaduan di lobi Gedung Disdukcapil"

KTP_EL = ServiceData(
    agency=DISDUKCAPIL,
    slug="ktp-el",
    name="Penerbitan KTP-el (Baru dan Penggantian)",
    name_en="Electronic ID card (KTP-el): new card and replacement",
    summary=(
        "Perekaman dan pencetakan KTP-el bagi penduduk yang berusia 17 tahun, sudah kawin, "
        "atau pernah kawin, serta penggantian KTP-el yang hilang, rusak, atau berubah data."
    ),
    summary_en=(
        "Biometric enrolment and printing of the electronic ID card for residents aged 17, "
        "married or previously married, and replacement of lost, damaged or outdated cards."
    ),
    category="kependudukan",
    life_events=("pindah-domisili", "pernikahan"),
    keywords=(
        "ktp, e-ktp, ektp, kartu tanda penduduk, rekam ktp, ktp hilang, ktp rusak, ganti ktp, "
        "ktp baru, identitas, ikd, ktp digital, 17 tahun"
    ),
    fee_amount=0,
    sla_working_days=1,
    output_product="KTP-el",
    requirements=(
        "KTP-el baru (perekaman pertama):\n"
        + numbered(
            "Telah berusia 17 tahun, sudah kawin, atau pernah kawin;",
            "Kartu Keluarga (KK);",
            "Hadir sendiri untuk perekaman biometrik (foto wajah, sidik jari, iris mata, dan "
            "tanda tangan).",
        )
        + "\nPenggantian KTP-el:\n"
        + numbered(
            "Rusak: KTP-el yang rusak;",
            "Hilang: surat keterangan kehilangan dari Kepolisian;",
            "Perubahan data (nama, status perkawinan, agama, pekerjaan, dan lainnya): KK yang "
            "telah memuat data terbaru;",
            "Pindah datang: Surat Keterangan Pindah dari daerah asal.",
        )
        + "\nTidak perlu membawa fotokopi; data dicocokkan dengan basis data kependudukan "
        "berdasarkan NIK."
    ),
    procedure=numbered(
        "Pemohon mengajukan permohonan melalui SatuPintu atau datang ke loket Disdukcapil dan "
        "mengambil nomor antrean.",
        "Petugas loket memeriksa kelengkapan persyaratan dan mencocokkan data pemohon dengan "
        "SIAK Terpusat berdasarkan NIK.",
        "Pemohon KTP-el baru melakukan perekaman biometrik: foto wajah, sidik jari, iris mata, "
        "dan tanda tangan.",
        "Verifikator memeriksa hasil perekaman dan status data tunggal (single identity) dari "
        "pusat, lalu menyetujui pencetakan.",
        "KTP-el dicetak dan diserahkan kepada pemohon; KTP-el lama atau rusak ditarik.",
        "Pemohon dapat sekaligus mengaktifkan Identitas Kependudukan Digital (IKD) di ponselnya.",
    ),
    time_standard=(
        "Paling lama 1 (satu) hari kerja sejak persyaratan lengkap dan perekaman biometrik "
        "selesai, sepanjang data telah tunggal dan blangko tersedia. Bila blangko belum "
        "tersedia, pemohon diberi surat keterangan pengganti tanda identitas yang berlaku sampai "
        "KTP-el tercetak."
    ),
    fee_standard=ADMINDUK_FEE,
    product="Kartu Tanda Penduduk Elektronik (KTP-el) yang berlaku seumur hidup.",
    complaint_handling=complaint_handling(_DUKCAPIL, _DUKCAPIL_DESK),
    legal_basis=numbered(
        *ADMINDUK_LAW,
        "Permendagri 72/2022 tentang Standar dan Spesifikasi Perangkat Keras, Perangkat Lunak, "
        "dan Blangko KTP-el serta Penyelenggaraan Identitas Kependudukan Digital",
    ),
    facilities=ADMINDUK_FACILITIES
    + " Perangkat perekaman KTP-el: kamera, pemindai sidik jari, pemindai iris, dan alat "
    "perekam tanda tangan; printer kartu KTP-el.",
    competence=ADMINDUK_COMPETENCE
    + " Operator perekaman telah mengikuti pelatihan perangkat perekaman KTP-el.",
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "4 petugas loket, 3 operator perekaman, 2 verifikator, 1 operator pencetakan, dan "
        "1 pejabat penanggung jawab (Kepala Bidang Pelayanan Pendaftaran Penduduk)."
    ),
    service_guarantee=service_guarantee(_DUKCAPIL, _adminduk_promise(1)),
    security_guarantee=security_guarantee(
        "data biometrik disimpan hanya di basis data kependudukan nasional dan tidak disalin ke "
        "perangkat lain; KTP-el lama yang ditarik dimusnahkan dengan berita acara;"
    ),
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData("Kartu Keluarga (KK)", "Family card (KK)", "Cukup menyebut NIK/nomor KK."),
        DocumentData(
            "Surat keterangan kehilangan dari Kepolisian",
            "Police loss report",
            "Hanya untuk penggantian KTP-el yang hilang.",
            condition_key="jenis-permohonan",
            condition_value="hilang",
        ),
        DocumentData(
            "KTP-el lama atau yang rusak",
            "Old or damaged KTP-el",
            "Untuk penggantian karena rusak atau perubahan data; ditarik petugas.",
            is_required=False,
        ),
        DocumentData(
            "Surat Keterangan Pindah dari daerah asal",
            "Moving-out letter from the previous regency",
            "Hanya untuk penduduk pindah datang.",
            is_required=False,
        ),
    ),
)

KARTU_KELUARGA = ServiceData(
    agency=DISDUKCAPIL,
    slug="kartu-keluarga",
    name="Penerbitan Kartu Keluarga (Baru dan Perubahan)",
    name_en="Family card (Kartu Keluarga): new card and changes",
    summary=(
        "Penerbitan KK baru untuk keluarga baru, serta perubahan KK karena kelahiran, "
        "kematian, perkawinan, perpindahan, perubahan data, atau KK hilang/rusak."
    ),
    summary_en=(
        "A new family card for a new household, or an updated one after a birth, death, "
        "marriage, move, data change, or loss or damage of the card."
    ),
    category="kependudukan",
    life_events=("kelahiran", "kematian", "pindah-domisili", "pernikahan"),
    keywords=(
        "kk, kartu keluarga, kk baru, pecah kk, tambah anggota keluarga, ubah kk, kk hilang, "
        "kk rusak, ganti kepala keluarga, numpang kk"
    ),
    fee_amount=0,
    sla_working_days=1,
    output_product="Kartu Keluarga",
    requirements=(
        "KK baru (membentuk keluarga baru):\n"
        + numbered(
            "Buku nikah/kutipan akta perkawinan, atau surat pernyataan tanggung jawab mutlak "
            "(SPTJM) kebenaran sebagai pasangan suami istri;",
            "Surat Keterangan Pindah bagi penduduk yang berasal dari daerah lain.",
        )
        + "\nPerubahan KK:\n"
        + numbered(
            "KK lama;",
            "Bukti peristiwa kependudukan atau peristiwa penting: kutipan akta kelahiran, akta "
            "kematian, akta perkawinan/perceraian, atau surat keterangan perubahan data;",
            "KK hilang: surat keterangan kehilangan dari Kepolisian; KK rusak: KK yang rusak.",
        )
    ),
    procedure=numbered(
        "Pemohon mengisi formulir biodata keluarga melalui SatuPintu atau di loket "
        "Disdukcapil/kantor kecamatan.",
        "Petugas loket memeriksa kelengkapan dan kebenaran persyaratan dengan SIAK Terpusat.",
        "Verifikator memverifikasi dan memvalidasi perubahan data keluarga.",
        "KK diterbitkan dengan tanda tangan elektronik Kepala Dinas.",
        "KK dicetak di loket atau dikirim dalam bentuk berkas PDF ke akun SatuPintu pemohon "
        "untuk dicetak sendiri di kertas HVS.",
    ),
    time_standard="Paling lama 1 (satu) hari kerja sejak persyaratan lengkap.",
    fee_standard=ADMINDUK_FEE,
    product=(
        "Kartu Keluarga yang memuat data terbaru, ditandatangani secara elektronik; KK lama "
        "dinyatakan tidak berlaku."
    ),
    complaint_handling=complaint_handling(_DUKCAPIL, _DUKCAPIL_DESK),
    legal_basis=numbered(*ADMINDUK_LAW),
    facilities=ADMINDUK_FACILITIES,
    competence=ADMINDUK_COMPETENCE,
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "4 petugas loket, 2 verifikator, dan 1 pejabat penanggung jawab (Kepala Bidang "
        "Pelayanan Pendaftaran Penduduk)."
    ),
    service_guarantee=service_guarantee(_DUKCAPIL, _adminduk_promise(1)),
    security_guarantee=ADMINDUK_SECURITY,
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData("Kartu Keluarga lama", "Current family card", "Untuk perubahan KK."),
        DocumentData(
            "Buku nikah atau kutipan akta perkawinan",
            "Marriage book or marriage certificate",
            "Untuk KK baru; dapat diganti SPTJM kebenaran sebagai pasangan suami istri.",
        ),
        DocumentData(
            "Bukti peristiwa (akta kelahiran, akta kematian, atau surat keterangan pindah)",
            "Proof of the event (birth or death certificate, or moving letter)",
            "Sesuai perubahan yang diminta.",
            is_required=False,
        ),
        DocumentData(
            "Surat keterangan kehilangan dari Kepolisian",
            "Police loss report",
            "Hanya bila KK hilang.",
            is_required=False,
        ),
    ),
)

AKTA_KELAHIRAN = ServiceData(
    agency=DISDUKCAPIL,
    slug="akta-kelahiran",
    name="Penerbitan Akta Kelahiran",
    name_en="Birth certificate",
    summary=(
        "Pencatatan kelahiran dan penerbitan kutipan akta kelahiran bagi anak yang lahir di "
        "Kabupaten Bandung atau berdomisili di sini, sekaligus pembaruan Kartu Keluarga."
    ),
    summary_en=(
        "Registration of a birth and issue of the birth certificate, together with an updated "
        "family card."
    ),
    category="kependudukan",
    life_events=("kelahiran",),
    keywords="akta lahir, surat lahir, bayi, anak, kelahiran, akte kelahiran, akta anak",
    fee_amount=0,
    sla_working_days=1,
    output_product="Kutipan Akta Kelahiran",
    requirements=numbered(
        "Surat keterangan kelahiran dari rumah sakit, puskesmas, dokter, bidan, atau kepala "
        "desa/lurah; bila tidak ada, SPTJM kebenaran data kelahiran dengan 2 (dua) orang saksi;",
        "Buku nikah/kutipan akta perkawinan orang tua; bila tidak ada, SPTJM kebenaran sebagai "
        "pasangan suami istri;",
        "Kartu Keluarga (KK) orang tua;",
        "KTP-el orang tua atau pelapor.",
    )
    + "\nKelahiran wajib dilaporkan paling lambat 60 hari sejak kelahiran (UU 24/2013); "
    "pelaporan yang melewati batas itu tetap dilayani.",
    procedure=numbered(
        "Orang tua atau keluarga mengajukan permohonan melalui SatuPintu dengan mengunggah "
        "dokumen, atau datang ke loket Disdukcapil.",
        "Petugas loket memeriksa kelengkapan dokumen dan data orang tua di SIAK Terpusat.",
        "Verifikator memverifikasi data kelahiran dan mencatatnya dalam register akta kelahiran.",
        "Pejabat pencatatan sipil menandatangani kutipan akta kelahiran secara elektronik.",
        "Kutipan akta kelahiran dan KK terbaru (anak tercantum) dikirim ke akun SatuPintu atau "
        "diambil di loket.",
    ),
    time_standard="Paling lama 1 (satu) hari kerja sejak persyaratan lengkap.",
    fee_standard=ADMINDUK_FEE,
    product=(
        "Kutipan Akta Kelahiran dan Kartu Keluarga terbaru yang mencantumkan anak, "
        "ditandatangani secara elektronik."
    ),
    complaint_handling=complaint_handling(_DUKCAPIL, _DUKCAPIL_DESK),
    legal_basis=numbered(
        *ADMINDUK_LAW,
        "Permendagri 9/2016 tentang Percepatan Peningkatan Cakupan Kepemilikan Akta Kelahiran",
    ),
    facilities=ADMINDUK_FACILITIES,
    competence=ADMINDUK_COMPETENCE,
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "3 petugas loket, 2 verifikator pencatatan sipil, dan 1 pejabat pencatatan sipil "
        "(Kepala Bidang Pelayanan Pencatatan Sipil)."
    ),
    service_guarantee=service_guarantee(_DUKCAPIL, _adminduk_promise(1)),
    security_guarantee=ADMINDUK_SECURITY
    + " Data anak diperlakukan sebagai data pribadi yang bersifat spesifik.",
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData(
            "Surat keterangan kelahiran",
            "Birth notification",
            "Dari rumah sakit, puskesmas, dokter, bidan, atau kepala desa/lurah; atau SPTJM "
            "kebenaran data kelahiran.",
        ),
        DocumentData(
            "Buku nikah atau kutipan akta perkawinan orang tua",
            "Parents' marriage book or marriage certificate",
            "Atau SPTJM kebenaran sebagai pasangan suami istri.",
        ),
        DocumentData("Kartu Keluarga orang tua", "Parents' family card"),
        DocumentData("KTP-el orang tua atau pelapor", "ID card of a parent or the reporter"),
    ),
)

AKTA_KEMATIAN = ServiceData(
    agency=DISDUKCAPIL,
    slug="akta-kematian",
    name="Penerbitan Akta Kematian",
    name_en="Death certificate",
    summary=(
        "Pencatatan kematian dan penerbitan kutipan akta kematian, sekaligus pembaruan Kartu "
        "Keluarga ahli waris."
    ),
    summary_en=(
        "Registration of a death and issue of the death certificate, together with the "
        "family's updated family card."
    ),
    category="kependudukan",
    life_events=("kematian",),
    keywords=(
        "akta kematian, akte kematian, surat kematian, meninggal, wafat, meninggal dunia, "
        "almarhum, ahli waris"
    ),
    fee_amount=0,
    sla_working_days=1,
    output_product="Kutipan Akta Kematian",
    requirements=numbered(
        "Surat kematian dari dokter, rumah sakit, atau kepala desa/lurah; bila tidak ada, SPTJM "
        "kebenaran data kematian dengan 2 (dua) orang saksi;",
        "Kartu Keluarga (KK) almarhum/almarhumah;",
        "KTP-el almarhum/almarhumah (ditarik petugas);",
        "KTP-el pelapor.",
    )
    + "\nKematian wajib dilaporkan paling lambat 30 hari sejak tanggal kematian (UU 24/2013); "
    "pelaporan yang melewati batas itu tetap dilayani.",
    procedure=numbered(
        "Keluarga atau ketua RT mengajukan permohonan melalui SatuPintu atau datang ke loket "
        "Disdukcapil.",
        "Petugas loket memeriksa kelengkapan dokumen dan data almarhum/almarhumah di SIAK "
        "Terpusat.",
        "Verifikator mencatat kematian dalam register akta kematian.",
        "Pejabat pencatatan sipil menandatangani kutipan akta kematian secara elektronik.",
        "Kutipan akta kematian dan KK terbaru diserahkan atau dikirim ke akun SatuPintu "
        "pelapor; KTP-el almarhum/almarhumah dinonaktifkan.",
    ),
    time_standard="Paling lama 1 (satu) hari kerja sejak persyaratan lengkap.",
    fee_standard=ADMINDUK_FEE,
    product="Kutipan Akta Kematian dan Kartu Keluarga terbaru, ditandatangani secara elektronik.",
    complaint_handling=complaint_handling(_DUKCAPIL, _DUKCAPIL_DESK),
    legal_basis=numbered(*ADMINDUK_LAW),
    facilities=ADMINDUK_FACILITIES,
    competence=ADMINDUK_COMPETENCE + " Melayani keluarga yang berduka dengan empati.",
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "2 petugas loket, 2 verifikator pencatatan sipil, dan 1 pejabat pencatatan sipil "
        "(Kepala Bidang Pelayanan Pencatatan Sipil)."
    ),
    service_guarantee=service_guarantee(_DUKCAPIL, _adminduk_promise(1)),
    security_guarantee=ADMINDUK_SECURITY,
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData(
            "Surat kematian",
            "Death notification",
            "Dari dokter, rumah sakit, atau kepala desa/lurah; atau SPTJM kebenaran data kematian.",
        ),
        DocumentData("Kartu Keluarga almarhum/almarhumah", "Family card of the deceased"),
        DocumentData(
            "KTP-el almarhum/almarhumah",
            "ID card of the deceased",
            "Ditarik petugas; bila hilang, cukup disebutkan NIK-nya.",
            is_required=False,
        ),
        DocumentData("KTP-el pelapor", "ID card of the person reporting"),
    ),
)

PINDAH_KELUAR = ServiceData(
    agency=DISDUKCAPIL,
    slug="surat-keterangan-pindah",
    name="Surat Keterangan Pindah (Pindah Keluar)",
    name_en="Moving-out certificate (Surat Keterangan Pindah)",
    summary=(
        "Penerbitan Surat Keterangan Pindah bagi penduduk yang pindah ke luar Kabupaten "
        "Bandung atau antarkecamatan, sebagai dasar pendaftaran di alamat tujuan."
    ),
    summary_en=(
        "Moving-out certificate for residents leaving the regency or moving between "
        "districts, used to register at the new address."
    ),
    category="kependudukan",
    life_events=("pindah-domisili",),
    keywords=(
        "pindah, surat pindah, skpwni, pindah domisili, pindah alamat, pindah keluar, mutasi "
        "penduduk, pindah rumah, pindah kota"
    ),
    fee_amount=0,
    sla_working_days=1,
    output_product="Surat Keterangan Pindah (SKPWNI)",
    requirements=numbered(
        "Kartu Keluarga (KK);",
        "Formulir pendaftaran perpindahan penduduk yang diisi melalui SatuPintu atau di loket;",
        "Alamat tujuan lengkap (RT/RW, desa/kelurahan, kecamatan, kabupaten/kota, provinsi) dan "
        "daftar anggota keluarga yang pindah.",
    ),
    procedure=numbered(
        "Pemohon mengisi formulir perpindahan melalui SatuPintu atau di loket Disdukcapil.",
        "Petugas loket memeriksa data pemohon dan anggota keluarga yang pindah di SIAK Terpusat.",
        "Verifikator memverifikasi alamat tujuan dan jenis kepindahan.",
        "Surat Keterangan Pindah diterbitkan dengan tanda tangan elektronik; bila hanya "
        "sebagian anggota keluarga yang pindah, KK baru diterbitkan untuk anggota yang tetap "
        "tinggal.",
        "Pemohon melapor ke Disdukcapil daerah tujuan dengan Surat Keterangan Pindah untuk "
        "pindah datang.",
    ),
    time_standard="Paling lama 1 (satu) hari kerja sejak persyaratan lengkap.",
    fee_standard=ADMINDUK_FEE,
    product=(
        "Surat Keterangan Pindah Warga Negara Indonesia (SKPWNI); KK baru bagi anggota keluarga "
        "yang tidak pindah (bila ada)."
    ),
    complaint_handling=complaint_handling(_DUKCAPIL, _DUKCAPIL_DESK),
    legal_basis=numbered(*ADMINDUK_LAW),
    facilities=ADMINDUK_FACILITIES,
    competence=ADMINDUK_COMPETENCE,
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "2 petugas loket, 1 verifikator, dan 1 pejabat penanggung jawab (Kepala Bidang "
        "Pelayanan Pendaftaran Penduduk)."
    ),
    service_guarantee=service_guarantee(_DUKCAPIL, _adminduk_promise(1)),
    security_guarantee=ADMINDUK_SECURITY,
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData("Kartu Keluarga (KK)", "Family card (KK)"),
        DocumentData(
            "Formulir pendaftaran perpindahan penduduk",
            "Moving registration form",
            "Disediakan di SatuPintu dan di loket.",
        ),
    ),
)

PINDAH_DATANG = ServiceData(
    agency=DISDUKCAPIL,
    slug="pindah-datang",
    name="Pendaftaran Pindah Datang",
    name_en="Registering after moving in",
    summary=(
        "Pendaftaran penduduk yang pindah ke Kabupaten Bandung: penerbitan KK dan KTP-el "
        "dengan alamat baru."
    ),
    summary_en=(
        "Registration of residents moving into the regency: a family card and ID card with the "
        "new address."
    ),
    category="kependudukan",
    life_events=("pindah-domisili",),
    keywords=(
        "pindah datang, pindah masuk, daftar pindah, alamat baru, domisili baru, warga baru, "
        "pendatang, skpwni, numpang kk"
    ),
    fee_amount=0,
    sla_working_days=1,
    output_product="Kartu Keluarga dan KTP-el alamat baru",
    requirements=numbered(
        "Surat Keterangan Pindah (SKPWNI) dari Disdukcapil daerah asal;",
        "KTP-el bagi anggota keluarga yang sudah wajib KTP-el;",
        "Bila menumpang pada KK yang sudah ada: KK yang ditumpangi dan persetujuan kepala "
        "keluarganya.",
    ),
    procedure=numbered(
        "Pemohon mengajukan pindah datang melalui SatuPintu atau di loket Disdukcapil dengan "
        "menunjukkan Surat Keterangan Pindah.",
        "Petugas loket memeriksa keaslian Surat Keterangan Pindah dan data di SIAK Terpusat.",
        "Verifikator memverifikasi alamat baru dan susunan keluarga.",
        "KK baru diterbitkan dengan tanda tangan elektronik.",
        "KTP-el dengan alamat baru dicetak dan KTP-el lama ditarik.",
    ),
    time_standard="Paling lama 1 (satu) hari kerja sejak persyaratan lengkap.",
    fee_standard=ADMINDUK_FEE,
    product="Kartu Keluarga dan KTP-el yang memuat alamat di Kabupaten Bandung.",
    complaint_handling=complaint_handling(_DUKCAPIL, _DUKCAPIL_DESK),
    legal_basis=numbered(*ADMINDUK_LAW),
    facilities=ADMINDUK_FACILITIES,
    competence=ADMINDUK_COMPETENCE,
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "2 petugas loket, 1 verifikator, 1 operator pencetakan KTP-el, dan 1 pejabat "
        "penanggung jawab (Kepala Bidang Pelayanan Pendaftaran Penduduk)."
    ),
    service_guarantee=service_guarantee(_DUKCAPIL, _adminduk_promise(1)),
    security_guarantee=ADMINDUK_SECURITY,
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData(
            "Surat Keterangan Pindah (SKPWNI)",
            "Moving-out certificate (SKPWNI)",
            "Diterbitkan Disdukcapil daerah asal.",
        ),
        DocumentData("KTP-el", "Electronic ID card", "Bagi anggota keluarga wajib KTP-el."),
        DocumentData(
            "KK yang ditumpangi dan persetujuan kepala keluarga",
            "Host family card and the household head's consent",
            "Hanya bila menumpang pada KK yang sudah ada.",
            is_required=False,
        ),
    ),
)

AKTA_PERKAWINAN = ServiceData(
    agency=DISDUKCAPIL,
    slug="akta-perkawinan",
    name="Pencatatan Perkawinan dan Akta Perkawinan (Non-Muslim)",
    name_en="Marriage registration and certificate (non-Muslim)",
    summary=(
        "Pencatatan perkawinan bagi penduduk beragama Kristen, Katolik, Hindu, Buddha, "
        "Khonghucu, dan penghayat kepercayaan. Perkawinan penduduk beragama Islam dicatat oleh "
        "KUA Kecamatan."
    ),
    summary_en=(
        "Civil registration of marriages of Christians, Catholics, Hindus, Buddhists, "
        "Confucians and followers of indigenous faiths. Muslim marriages are registered by the "
        "district religious affairs office (KUA)."
    ),
    category="kependudukan",
    life_events=("pernikahan",),
    keywords=(
        "akta nikah, akta perkawinan, akte perkawinan, catat nikah, menikah, pernikahan, kawin, "
        "nikah gereja, pemberkatan, surat nikah"
    ),
    fee_amount=0,
    sla_working_days=1,
    output_product="Kutipan Akta Perkawinan",
    requirements=numbered(
        "Surat keterangan telah terjadinya perkawinan dari pemuka agama atau pemuka "
        "penghayat kepercayaan;",
        "Pas foto berwarna suami dan istri berdampingan ukuran 4x6;",
        "KTP-el dan Kartu Keluarga kedua mempelai;",
        "Kutipan akta kelahiran kedua mempelai;",
        "Bagi yang pernah kawin: kutipan akta perceraian atau akta kematian pasangan terdahulu;",
        "Bagi orang asing: paspor dan surat keterangan dari perwakilan negaranya.",
    )
    + "\nPerkawinan wajib dilaporkan paling lambat 60 hari sejak tanggal perkawinan.",
    procedure=numbered(
        "Mempelai mengajukan permohonan melalui SatuPintu atau di loket Disdukcapil paling "
        "lambat 60 hari setelah perkawinan menurut agama/kepercayaan.",
        "Petugas loket memeriksa kelengkapan dokumen dan data kedua mempelai di SIAK Terpusat.",
        "Verifikator mencatat perkawinan dalam register akta perkawinan.",
        "Pejabat pencatatan sipil menandatangani kutipan akta perkawinan.",
        "Kutipan akta perkawinan diserahkan; KK baru dan KTP-el dengan status kawin diterbitkan "
        "bila diminta.",
    ),
    time_standard="Paling lama 1 (satu) hari kerja sejak persyaratan lengkap.",
    fee_standard=ADMINDUK_FEE,
    product=(
        "Kutipan Akta Perkawinan (satu untuk suami, satu untuk istri); KK baru dan KTP-el "
        "dengan status kawin bila diminta."
    ),
    complaint_handling=complaint_handling(_DUKCAPIL, _DUKCAPIL_DESK),
    legal_basis=numbered(
        "UU 1/1974 tentang Perkawinan sebagaimana telah diubah dengan UU 16/2019",
        "PP 9/1975 tentang Pelaksanaan UU 1/1974 tentang Perkawinan",
        *ADMINDUK_LAW,
    ),
    facilities=ADMINDUK_FACILITIES,
    competence=ADMINDUK_COMPETENCE,
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "2 petugas loket, 1 verifikator pencatatan sipil, dan 1 pejabat pencatatan sipil "
        "(Kepala Bidang Pelayanan Pencatatan Sipil)."
    ),
    service_guarantee=service_guarantee(_DUKCAPIL, _adminduk_promise(1)),
    security_guarantee=ADMINDUK_SECURITY,
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData(
            "Surat keterangan perkawinan dari pemuka agama/penghayat kepercayaan",
            "Certificate of marriage from the religious or faith leader",
        ),
        DocumentData(
            "Pas foto berdampingan suami dan istri",
            "Joint photo of husband and wife",
            "Berwarna, ukuran 4x6.",
        ),
        DocumentData("KTP-el dan KK kedua mempelai", "ID cards and family cards of both spouses"),
        DocumentData("Kutipan akta kelahiran kedua mempelai", "Birth certificates of both spouses"),
        DocumentData(
            "Akta perceraian atau akta kematian pasangan terdahulu",
            "Divorce certificate or death certificate of a former spouse",
            "Hanya bagi yang pernah kawin.",
            is_required=False,
        ),
        DocumentData(
            "Paspor (bagi orang asing)",
            "Passport (foreign nationals)",
            "Disertai surat keterangan dari perwakilan negaranya.",
            is_required=False,
        ),
    ),
)

KIA = ServiceData(
    agency=DISDUKCAPIL,
    slug="kartu-identitas-anak",
    name="Penerbitan Kartu Identitas Anak (KIA)",
    name_en="Child identity card (KIA)",
    summary="Penerbitan Kartu Identitas Anak bagi anak berusia di bawah 17 tahun dan belum kawin.",
    summary_en="Identity card for children under 17 who have never married.",
    category="kependudukan",
    life_events=("kelahiran",),
    keywords="kia, kartu anak, identitas anak, ktp anak, kartu identitas anak",
    fee_amount=0,
    sla_working_days=1,
    output_product="Kartu Identitas Anak",
    requirements=numbered(
        "Kutipan akta kelahiran anak;",
        "Kartu Keluarga orang tua;",
        "KTP-el kedua orang tua/wali;",
        "Pas foto berwarna anak ukuran 2x3 bagi anak berusia 5 tahun ke atas.",
    ),
    procedure=numbered(
        "Orang tua mengajukan permohonan melalui SatuPintu atau di loket Disdukcapil.",
        "Petugas loket memeriksa data anak di SIAK Terpusat.",
        "Verifikator menyetujui pencetakan KIA.",
        "KIA dicetak dan diserahkan kepada orang tua.",
    ),
    time_standard="Paling lama 1 (satu) hari kerja sejak persyaratan lengkap.",
    fee_standard=ADMINDUK_FEE,
    product="Kartu Identitas Anak (KIA).",
    complaint_handling=complaint_handling(_DUKCAPIL, _DUKCAPIL_DESK),
    legal_basis=numbered(*ADMINDUK_LAW, "Permendagri 2/2016 tentang Kartu Identitas Anak"),
    facilities=ADMINDUK_FACILITIES,
    competence=ADMINDUK_COMPETENCE,
    internal_supervision=INTERNAL_SUPERVISION,
    staffing="2 petugas loket, 1 verifikator, dan 1 operator pencetakan.",
    service_guarantee=service_guarantee(_DUKCAPIL, _adminduk_promise(1)),
    security_guarantee=ADMINDUK_SECURITY
    + " Data anak diperlakukan sebagai data pribadi yang bersifat spesifik.",
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData("Kutipan akta kelahiran anak", "Child's birth certificate"),
        DocumentData("Kartu Keluarga orang tua", "Parents' family card"),
        DocumentData(
            "Pas foto anak 2x3",
            "Child's photo, 2x3 cm",
            "Bagi anak berusia 5 tahun ke atas.",
            is_required=False,
        ),
    ),
    # Drafted but not yet consulted with the public (UU 25/2009 Pasal 20), so not published.
    status="draft",
)

# --- Perizinan usaha (DPMPTSP) --------------------------------------------------------------

_DPMPTSP = AGENCY_BY_SLUG[DPMPTSP]
_DPMPTSP_DESK = "Meja Pengaduan Gedung Pelayanan Terpadu"
PERIZINAN_FACILITIES = (
    "Ruang tunggu dengan pendingin ruangan, mesin nomor antrean, loket informasi, meja "
    "pendampingan dengan komputer dan akses internet, ruang konsultasi, pojok UMKM, ruang "
    "laktasi, toilet dan jalur kursi roda ramah disabilitas, papan informasi standar pelayanan, "
    "dan kotak saran."
)
PERIZINAN_COMPETENCE = (
    "Berpendidikan paling rendah D-III; memahami perizinan berusaha berbasis risiko dan "
    "Klasifikasi Baku Lapangan Usaha Indonesia (KBLI); mampu mengoperasikan OSS dan SIMBG; "
    "telah mengikuti bimbingan teknis dari kementerian terkait; menerapkan pelayanan prima dan "
    "nilai dasar ASN BerAKHLAK."
)

NIB = ServiceData(
    agency=DPMPTSP,
    slug="nib-oss-rba",
    name="Pendampingan Perizinan Berusaha (NIB) melalui OSS-RBA",
    name_en="Help with the business licence (NIB) on OSS-RBA",
    summary=(
        "Pendampingan pelaku usaha, terutama usaha mikro dan kecil, untuk mendaftar di sistem "
        "OSS berbasis risiko dan memperoleh Nomor Induk Berusaha (NIB)."
    ),
    summary_en=(
        "Hands-on help for businesses, especially micro and small ones, to register on the "
        "risk-based OSS system and obtain a business identification number (NIB)."
    ),
    category="perizinan-usaha",
    life_events=("memulai-usaha",),
    keywords=(
        "izin usaha, perizinan, usaha, UMKM, OSS, NIB, nomor induk berusaha, siup, tdp, "
        "izin dagang, buka usaha, warung, sertifikat standar, kbli"
    ),
    fee_amount=0,
    sla_working_days=1,
    output_product="Nomor Induk Berusaha (NIB)",
    requirements=numbered(
        "NIK yang terdaftar di basis data kependudukan dan KTP-el pemilik/penanggung jawab;",
        "NPWP (bagi orang pribadi dapat memakai NIK yang telah dipadankan);",
        "Alamat email dan nomor ponsel aktif untuk hak akses OSS;",
        "Alamat dan titik lokasi usaha, luas lahan, jenis kegiatan usaha (KBLI), modal usaha, "
        "dan jumlah tenaga kerja;",
        "Bagi badan usaha: akta pendirian dan surat keputusan pengesahan badan hukum.",
    ),
    procedure=numbered(
        "Pelaku usaha memesan jadwal pendampingan melalui SatuPintu atau datang ke loket DPMPTSP.",
        "Petugas membantu membuat hak akses (akun) di oss.go.id.",
        "Pelaku usaha, didampingi petugas, mengisi data pelaku usaha dan data usaha: KBLI, "
        "lokasi, modal, dan tenaga kerja.",
        "Sistem OSS menentukan tingkat risiko kegiatan usaha: rendah, menengah rendah, menengah "
        "tinggi, atau tinggi.",
        "NIB terbit melalui OSS. Risiko rendah: NIB menjadi legalitas usaha; menengah rendah: "
        "NIB dan Sertifikat Standar (pernyataan mandiri); menengah tinggi: NIB dan Sertifikat "
        "Standar setelah verifikasi; tinggi: NIB dan Izin setelah verifikasi.",
        "Petugas menjelaskan kewajiban setelah NIB terbit, termasuk pelaporan Laporan Kegiatan "
        "Penanaman Modal (LKPM) melalui OSS sesuai ketentuan.",
    ),
    time_standard=(
        "Pendampingan selesai paling lama 1 (satu) hari kerja sejak data lengkap; NIB terbit "
        "seketika oleh sistem OSS setelah data dinyatakan lengkap. Verifikasi Sertifikat "
        "Standar/Izin mengikuti jangka waktu dalam peraturan perizinan berusaha berbasis risiko."
    ),
    fee_standard=(
        "Tidak dipungut biaya untuk pendampingan dan penerbitan NIB. Retribusi atau PNBP untuk "
        "perizinan tertentu (bila ada) dibayar sesuai peraturan perundang-undangan dan "
        "tercantum di OSS."
    ),
    product=(
        "Nomor Induk Berusaha (NIB) dan, sesuai tingkat risiko, Sertifikat Standar atau Izin "
        "yang diterbitkan sistem OSS; bukti pendampingan di akun SatuPintu."
    ),
    complaint_handling=complaint_handling(_DPMPTSP, _DPMPTSP_DESK),
    legal_basis=numbered(
        "UU 25/2007 tentang Penanaman Modal",
        "UU 20/2008 tentang Usaha Mikro, Kecil, dan Menengah",
        "UU 25/2009 tentang Pelayanan Publik",
        "UU 6/2023 tentang Penetapan Perppu 2/2022 tentang Cipta Kerja menjadi Undang-Undang",
        "PP 6/2021 tentang Penyelenggaraan Perizinan Berusaha di Daerah",
        "PP 7/2021 tentang Kemudahan, Pelindungan, dan Pemberdayaan Koperasi dan Usaha Mikro, "
        "Kecil, dan Menengah",
        "PP 28/2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko (menggantikan "
        "PP 5/2021)",
        "Perpres 97/2014 tentang Penyelenggaraan Pelayanan Terpadu Satu Pintu",
        "Peraturan BKPM 4/2021 tentang Pedoman dan Tata Cara Pelayanan Perizinan Berusaha "
        "Berbasis Risiko dan Fasilitas Penanaman Modal",
    ),
    facilities=PERIZINAN_FACILITIES,
    competence=PERIZINAN_COMPETENCE,
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "3 petugas pendamping OSS, 2 verifikator perizinan, dan 1 pejabat penanggung jawab "
        "(Kepala Bidang Pelayanan Perizinan dan Nonperizinan)."
    ),
    service_guarantee=service_guarantee(
        _DPMPTSP,
        "Pendampingan diberikan tanpa biaya dan tanpa perantara; pelaku usaha tidak perlu "
        "memakai jasa calo.",
    ),
    security_guarantee=security_guarantee(
        "petugas tidak meminta atau menyimpan kata sandi akun OSS pelaku usaha; pelaku usaha "
        "mengetikkan sendiri kata sandinya;"
    ),
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData("KTP-el pemilik atau penanggung jawab", "Owner's or manager's ID card"),
        DocumentData(
            "NPWP",
            "Tax ID (NPWP)",
            "Orang pribadi dapat memakai NIK yang telah dipadankan sebagai NPWP.",
        ),
        DocumentData(
            "Data lokasi dan kegiatan usaha",
            "Business location and activity details",
            "Alamat, titik koordinat, luas lahan, KBLI, modal, dan jumlah tenaga kerja.",
        ),
        DocumentData(
            "Akta pendirian dan SK pengesahan badan hukum",
            "Deed of establishment and legal-entity approval",
            "Hanya bagi badan usaha (PT, CV, koperasi, yayasan).",
            is_required=False,
        ),
    ),
)

PBG = ServiceData(
    agency=DPMPTSP,
    slug="pendampingan-pbg",
    name="Pendampingan Persetujuan Bangunan Gedung (PBG)",
    name_en="Help with the building approval (PBG)",
    summary=(
        "Pendampingan pengajuan Persetujuan Bangunan Gedung (pengganti IMB) melalui SIMBG "
        "untuk membangun, mengubah, atau memperluas bangunan."
    ),
    summary_en=(
        "Help applying on SIMBG for the building approval (PBG, formerly IMB) to build, alter "
        "or extend a building."
    ),
    category="perizinan-usaha",
    life_events=("memulai-usaha", "pajak-properti"),
    keywords=(
        "imb, izin mendirikan bangunan, pbg, persetujuan bangunan, bangun rumah, renovasi, "
        "simbg, bangunan, slf, izin bangunan, ruko"
    ),
    fee_amount=0,
    sla_working_days=3,
    output_product="Permohonan PBG lengkap di SIMBG",
    requirements=numbered(
        "KTP-el pemohon (dan NIB bila bangunan untuk usaha);",
        "Bukti kepemilikan hak atas tanah atau perjanjian pemanfaatan tanah dengan pemilik tanah;",
        "Data bangunan: fungsi, jumlah lantai, luas, dan letak;",
        "Dokumen rencana teknis (arsitektur, struktur, mekanikal-elektrikal-plumbing) yang "
        "disusun penyedia jasa; rumah tinggal sederhana dapat memakai desain prototipe dari "
        "pemerintah;",
        "SPPT PBB-P2 tahun berjalan atas tanah tersebut.",
    ),
    procedure=numbered(
        "Pemohon memesan jadwal pendampingan melalui SatuPintu atau datang ke loket DPMPTSP.",
        "Petugas membantu membuat akun di SIMBG (simbg.pu.go.id) dan mengunggah data serta "
        "dokumen.",
        "Dinas teknis yang membidangi bangunan gedung memeriksa kelengkapan dokumen.",
        "Konsultasi perencanaan dengan Tim Profesi Ahli (TPA) atau Tim Penilai Teknis (TPT) "
        "sesuai kompleksitas bangunan.",
        "Surat Pernyataan Pemenuhan Standar Teknis diterbitkan dan nilai retribusi PBG "
        "dihitung di SIMBG.",
        "Pemohon membayar retribusi PBG, lalu PBG beserta lampirannya diterbitkan melalui SIMBG.",
    ),
    time_standard=(
        "Pendampingan hingga permohonan lengkap di SIMBG paling lama 3 (tiga) hari kerja sejak "
        "dokumen diterima. Pemeriksaan teknis dan penerbitan PBG mengikuti jangka waktu dalam "
        "PP 16/2021."
    ),
    fee_standard=(
        "Pendampingan tidak dipungut biaya. Retribusi PBG dihitung oleh SIMBG berdasarkan luas "
        "bangunan, indeks terintegrasi, dan harga satuan retribusi yang ditetapkan Peraturan "
        "Daerah Kabupaten Bandung tentang Pajak Daerah dan Retribusi Daerah, dan dibayar "
        "sebelum PBG diterbitkan."
    ),
    product=(
        "Permohonan PBG yang lengkap dan terdaftar di SIMBG; setelah pemeriksaan teknis dan "
        "pembayaran retribusi, dokumen PBG beserta lampirannya diterbitkan melalui SIMBG."
    ),
    complaint_handling=complaint_handling(_DPMPTSP, _DPMPTSP_DESK),
    legal_basis=numbered(
        "UU 28/2002 tentang Bangunan Gedung sebagaimana telah diubah dengan UU 6/2023 tentang "
        "Penetapan Perppu 2/2022 tentang Cipta Kerja menjadi Undang-Undang",
        "UU 25/2009 tentang Pelayanan Publik",
        "UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah",
        "PP 16/2021 tentang Peraturan Pelaksanaan UU 28/2002 tentang Bangunan Gedung",
        "PP 35/2023 tentang Ketentuan Umum Pajak Daerah dan Retribusi Daerah",
        "Peraturan Daerah Kabupaten Bandung tentang Pajak Daerah dan Retribusi Daerah",
    ),
    facilities=PERIZINAN_FACILITIES,
    competence=PERIZINAN_COMPETENCE
    + " Pendamping PBG memahami gambar teknis bangunan dan ketentuan tata ruang.",
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "2 petugas pendamping SIMBG, 1 verifikator, dan 1 pejabat penanggung jawab (Kepala "
        "Bidang Pelayanan Perizinan dan Nonperizinan), berkoordinasi dengan dinas teknis."
    ),
    service_guarantee=service_guarantee(
        _DPMPTSP,
        "Pendampingan diberikan tanpa biaya; besaran retribusi hanya yang dihitung SIMBG dan "
        "dibayar langsung ke kas daerah.",
    ),
    security_guarantee=security_guarantee(
        "dokumen rencana teknis hanya dapat diakses pemohon, pendamping, dan tim teknis yang "
        "memeriksa;"
    ),
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData("KTP-el pemohon", "Applicant's ID card"),
        DocumentData(
            "Bukti kepemilikan tanah",
            "Proof of land rights",
            "Sertifikat hak atas tanah atau perjanjian pemanfaatan tanah.",
        ),
        DocumentData(
            "Dokumen rencana teknis bangunan",
            "Technical building plans",
            "Gambar arsitektur, struktur, dan MEP; atau desain prototipe untuk rumah sederhana.",
        ),
        DocumentData("SPPT PBB-P2 tahun berjalan", "Current land and building tax bill"),
        DocumentData(
            "NIB",
            "Business ID (NIB)",
            "Hanya bila bangunan untuk kegiatan usaha.",
            is_required=False,
        ),
    ),
)

# --- Kesehatan (Dinkes) ---------------------------------------------------------------------

_DINKES = AGENCY_BY_SLUG[DINKES]
_DINKES_DESK = "Meja Pengaduan Gedung Dinas Kesehatan"
KESEHATAN_LAW = (
    "UU 17/2023 tentang Kesehatan",
    "UU 25/2009 tentang Pelayanan Publik",
    "PP 28/2024 tentang Peraturan Pelaksanaan UU 17/2023 tentang Kesehatan",
)
KESEHATAN_FACILITIES = (
    "Ruang tunggu, loket pelayanan perizinan kesehatan, komputer dan akses internet, ruang "
    "konsultasi, toilet dan jalur kursi roda ramah disabilitas, papan informasi standar "
    "pelayanan, dan kotak saran."
)

SIP = ServiceData(
    agency=DINKES,
    slug="surat-izin-praktik-nakes",
    name="Penerbitan Surat Izin Praktik (SIP) Tenaga Medis dan Tenaga Kesehatan",
    name_en="Practice licence (SIP) for doctors, nurses, midwives and other health workers",
    summary=(
        "Penerbitan SIP bagi dokter, dokter gigi, perawat, bidan, dan tenaga kesehatan lain "
        "yang berpraktik di fasilitas pelayanan kesehatan atau praktik mandiri di Kabupaten "
        "Bandung."
    ),
    summary_en=(
        "Practice licences for doctors, dentists, nurses, midwives and other health workers "
        "practising at a health facility or independently in the regency."
    ),
    category="kesehatan",
    life_events=("kesehatan",),
    keywords=(
        "sip, izin praktik, izin praktek, sip dokter, sip perawat, sip bidan, str, nakes, "
        "tenaga kesehatan, praktik mandiri, dokter gigi, apoteker"
    ),
    fee_amount=0,
    sla_working_days=5,
    output_product="Surat Izin Praktik (SIP)",
    requirements=numbered(
        "Surat Tanda Registrasi (STR) yang masih berlaku;",
        "Surat keterangan dari pimpinan fasilitas pelayanan kesehatan tempat praktik, atau "
        "bukti tempat praktik bagi praktik mandiri;",
        "KTP-el pemohon;",
        "Pas foto berwarna terbaru;",
        "Untuk perpanjangan: SIP yang lama.",
    ),
    procedure=numbered(
        "Pemohon mengajukan permohonan melalui SatuPintu dan mengunggah dokumen.",
        "Petugas memeriksa kelengkapan dokumen dan keabsahan STR.",
        "Untuk praktik mandiri, petugas meninjau tempat praktik untuk memastikan sarana dan "
        "prasarana memenuhi standar.",
        "Verifikator memeriksa kesesuaian tempat praktik dan menyusun rekomendasi penerbitan.",
        "Kepala Dinas atau pejabat yang ditunjuk menandatangani SIP secara elektronik.",
        "SIP dikirim ke akun SatuPintu pemohon.",
    ),
    time_standard=(
        "Paling lama 5 (lima) hari kerja sejak persyaratan lengkap, termasuk peninjauan tempat "
        "praktik mandiri."
    ),
    fee_standard="Tidak dipungut biaya.",
    product=(
        "Surat Izin Praktik (SIP) untuk satu tempat praktik, ditandatangani secara elektronik."
    ),
    complaint_handling=complaint_handling(_DINKES, _DINKES_DESK),
    legal_basis=numbered(*KESEHATAN_LAW),
    facilities=KESEHATAN_FACILITIES,
    competence=(
        "Berpendidikan paling rendah D-III bidang kesehatan atau administrasi; memahami "
        "ketentuan registrasi dan perizinan tenaga medis dan tenaga kesehatan; mampu "
        "mengoperasikan SatuPintu; menerapkan nilai dasar ASN BerAKHLAK."
    ),
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "2 petugas loket, 2 verifikator Bidang Sumber Daya Kesehatan, dan 1 pejabat "
        "penandatangan (Kepala Dinas Kesehatan)."
    ),
    service_guarantee=service_guarantee(
        _DINKES, "SIP diterbitkan paling lama 5 hari kerja setelah persyaratan lengkap."
    ),
    security_guarantee=security_guarantee(
        "SIP ditandatangani secara elektronik dan keasliannya dapat diperiksa melalui kode QR;"
    ),
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData("Surat Tanda Registrasi (STR)", "Registration certificate (STR)"),
        DocumentData(
            "Surat keterangan dari fasilitas pelayanan kesehatan",
            "Letter from the health facility",
            "Atau bukti tempat praktik bagi praktik mandiri.",
        ),
        DocumentData("KTP-el", "Electronic ID card"),
        DocumentData("Pas foto berwarna", "Colour photograph"),
        DocumentData(
            "SIP lama",
            "Previous practice licence",
            "Hanya untuk perpanjangan.",
            is_required=False,
        ),
    ),
)

SLHS = ServiceData(
    agency=DINKES,
    slug="slhs-rumah-makan",
    name="Penerbitan Sertifikat Laik Higiene Sanitasi (SLHS) Rumah Makan dan Restoran",
    name_en="Food hygiene and sanitation certificate (SLHS) for restaurants",
    summary=(
        "Inspeksi kesehatan lingkungan dan penerbitan SLHS bagi rumah makan, restoran, dan "
        "usaha penyediaan makanan siap saji."
    ),
    summary_en=(
        "Environmental health inspection and the hygiene and sanitation certificate for "
        "restaurants, eateries and ready-to-eat food businesses."
    ),
    category="kesehatan",
    life_events=("memulai-usaha", "kesehatan"),
    keywords=(
        "slhs, sertifikat higiene, sanitasi, laik sehat, rumah makan, restoran, warung makan, "
        "kuliner, katering, jasa boga, izin dinkes, keamanan pangan"
    ),
    fee_amount=0,
    sla_working_days=10,
    output_product="Sertifikat Laik Higiene Sanitasi (SLHS)",
    requirements=numbered(
        "NIB dengan kegiatan usaha penyediaan makanan (restoran/rumah makan);",
        "KTP-el pemilik atau penanggung jawab usaha;",
        "Denah lokasi dan tata letak dapur/tempat pengolahan pangan;",
        "Sertifikat pelatihan keamanan pangan siap saji bagi penanggung jawab dan penjamah pangan;",
        "Surat keterangan sehat penjamah pangan;",
        "Hasil uji laboratorium sampel pangan dan air (sampel dapat diambil saat inspeksi).",
    ),
    procedure=numbered(
        "Pelaku usaha mengajukan permohonan melalui SatuPintu dan mengunggah dokumen.",
        "Petugas memeriksa kelengkapan dokumen dan menjadwalkan inspeksi.",
        "Tenaga sanitasi lingkungan melakukan Inspeksi Kesehatan Lingkungan (IKL) di tempat "
        "usaha dan mengambil sampel pangan serta air.",
        "Sampel diuji di laboratorium kesehatan daerah.",
        "Bila hasil IKL dan uji laboratorium memenuhi syarat, SLHS diterbitkan; bila tidak, "
        "pelaku usaha menerima rekomendasi perbaikan dan inspeksi ulang dijadwalkan.",
    ),
    time_standard=(
        "Paling lama 10 (sepuluh) hari kerja sejak persyaratan lengkap, termasuk inspeksi dan "
        "uji laboratorium; waktu perbaikan oleh pelaku usaha tidak dihitung."
    ),
    fee_standard=(
        "Penerbitan sertifikat tidak dipungut biaya. Biaya uji laboratorium sampel pangan dan "
        "air ditanggung pelaku usaha sesuai tarif laboratorium yang ditetapkan Peraturan "
        "Daerah."
    ),
    product="Sertifikat Laik Higiene Sanitasi (SLHS), ditandatangani secara elektronik.",
    complaint_handling=complaint_handling(_DINKES, _DINKES_DESK),
    legal_basis=numbered(
        *KESEHATAN_LAW,
        "PP 28/2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko (menggantikan "
        "PP 5/2021)",
        "Permenkes 14/2021 tentang Standar Kegiatan Usaha dan Produk pada Penyelenggaraan "
        "Perizinan Berusaha Berbasis Risiko Sektor Kesehatan",
        "Permenkes 2/2023 tentang Peraturan Pelaksanaan PP 66/2014 tentang Kesehatan Lingkungan",
    ),
    facilities=KESEHATAN_FACILITIES
    + " Formulir dan perangkat IKL, alat pengambilan sampel pangan dan air, kotak pendingin "
    "sampel, dan kendaraan operasional.",
    competence=(
        "Tenaga sanitasi lingkungan berpendidikan paling rendah D-III kesehatan lingkungan dan "
        "memiliki STR; memahami higiene sanitasi pangan dan tata cara IKL; menerapkan nilai "
        "dasar ASN BerAKHLAK."
    ),
    internal_supervision=INTERNAL_SUPERVISION,
    staffing=(
        "1 petugas loket, 3 tenaga sanitasi lingkungan, 1 verifikator Bidang Kesehatan "
        "Masyarakat, dan 1 pejabat penandatangan (Kepala Dinas Kesehatan)."
    ),
    service_guarantee=service_guarantee(
        _DINKES,
        "Inspeksi dilakukan sesuai jadwal yang disepakati, dan hasil IKL disampaikan tertulis "
        "kepada pelaku usaha.",
    ),
    security_guarantee=security_guarantee(
        "petugas inspeksi membawa surat tugas dan kartu identitas, dan sampel diberi segel "
        "serta berita acara pengambilan;"
    ),
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData("NIB", "Business ID (NIB)"),
        DocumentData(
            "Denah lokasi dan tata letak dapur",
            "Site map and kitchen layout",
        ),
        DocumentData(
            "Sertifikat pelatihan keamanan pangan",
            "Food safety training certificate",
            "Bagi penanggung jawab dan penjamah pangan.",
        ),
        DocumentData(
            "Surat keterangan sehat penjamah pangan", "Health certificates of food handlers"
        ),
        DocumentData(
            "Hasil uji laboratorium pangan dan air",
            "Laboratory results for food and water",
            "Dapat menyusul; sampel diambil saat inspeksi.",
            is_required=False,
        ),
    ),
)

# --- Pajak daerah (Bapenda) -----------------------------------------------------------------

_BAPENDA = AGENCY_BY_SLUG[BAPENDA]
_BAPENDA_DESK = "Meja Pengaduan Gedung Bapenda"
PAJAK_LAW = (
    "UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah",
    "UU 25/2009 tentang Pelayanan Publik",
    "PP 35/2023 tentang Ketentuan Umum Pajak Daerah dan Retribusi Daerah",
    "Peraturan Daerah Kabupaten Bandung tentang Pajak Daerah dan Retribusi Daerah",
)
PAJAK_FACILITIES = (
    "Ruang tunggu dengan pendingin ruangan, mesin nomor antrean, loket pelayanan PBB-P2 dan "
    "BPHTB, komputer terhubung sistem informasi pajak daerah, printer, mesin pembayaran "
    "nontunai (QRIS/EDC), toilet dan jalur kursi roda ramah disabilitas, papan informasi "
    "standar pelayanan, dan kotak saran."
)
PAJAK_COMPETENCE = (
    "Berpendidikan paling rendah D-III; memahami ketentuan pajak daerah dan penilaian objek "
    "pajak; mampu mengoperasikan sistem informasi pajak daerah; menerapkan pelayanan prima dan "
    "nilai dasar ASN BerAKHLAK."
)

PBB = ServiceData(
    agency=BAPENDA,
    slug="pbb-p2",
    name="Informasi Tagihan dan Pembayaran PBB-P2",
    name_en="Land and building tax (PBB-P2): bill information and payment",
    summary=(
        "Informasi tagihan Pajak Bumi dan Bangunan Perdesaan dan Perkotaan, salinan SPPT, dan "
        "bukti pembayaran, berdasarkan Nomor Objek Pajak (NOP)."
    ),
    summary_en=(
        "Bill details, a copy of the tax notice (SPPT) and payment receipts for the land and "
        "building tax, by tax object number (NOP)."
    ),
    category="pajak-daerah",
    life_events=("pajak-properti",),
    keywords=(
        "pbb, pajak bumi dan bangunan, sppt, bayar pbb, cek pbb, tagihan pajak, nop, pajak "
        "rumah, pajak tanah, denda pbb, tunggakan pbb"
    ),
    fee_amount=0,
    sla_working_days=1,
    output_product="Informasi tagihan, salinan SPPT, dan bukti bayar PBB-P2",
    requirements=numbered(
        "Nomor Objek Pajak (NOP) 18 digit atau SPPT PBB-P2 tahun sebelumnya;",
        "Untuk salinan SPPT: KTP-el wajib pajak, atau surat kuasa dan KTP-el penerima kuasa.",
    ),
    procedure=numbered(
        "Wajib pajak memasukkan NOP di SatuPintu atau menyebutkannya di loket Bapenda.",
        "Petugas atau sistem menampilkan rincian tagihan: pokok pajak, sanksi administratif "
        "(bila ada), dan tahun tunggakan.",
        "Wajib pajak membayar melalui bank persepsi, kantor pos, QRIS, atau kanal pembayaran "
        "lain yang ditunjuk Pemerintah Kabupaten Bandung.",
        "Pembayaran tercatat otomatis; bukti pembayaran dapat diunduh di SatuPintu atau dicetak "
        "di loket.",
        "Salinan SPPT dicetak atau dikirim ke akun SatuPintu setelah identitas wajib pajak "
        "diperiksa.",
    ),
    time_standard=(
        "Informasi tagihan dan bukti pembayaran tersedia seketika; salinan SPPT paling lama "
        "1 (satu) hari kerja."
    ),
    fee_standard=(
        "Layanan informasi, salinan SPPT, dan bukti bayar tidak dipungut biaya. Besarnya PBB-P2 "
        "sesuai SPPT yang ditetapkan berdasarkan Peraturan Daerah."
    ),
    product=(
        "Informasi tagihan PBB-P2, salinan SPPT PBB-P2, dan bukti pembayaran (STTS/bukti bayar "
        "elektronik)."
    ),
    complaint_handling=complaint_handling(_BAPENDA, _BAPENDA_DESK),
    legal_basis=numbered(
        *PAJAK_LAW,
        "Peraturan Bupati Bandung tentang Tata Cara Pemungutan Pajak Bumi dan Bangunan "
        "Perdesaan dan Perkotaan",
    ),
    facilities=PAJAK_FACILITIES,
    competence=PAJAK_COMPETENCE,
    internal_supervision=INTERNAL_SUPERVISION
    + " Rekonsiliasi penerimaan dengan bank persepsi dilakukan setiap hari.",
    staffing=(
        "3 petugas loket PBB-P2, 1 verifikator, dan 1 pejabat penanggung jawab (Kepala Bidang "
        "Pajak Bumi dan Bangunan dan BPHTB)."
    ),
    service_guarantee=service_guarantee(
        _BAPENDA,
        "Pembayaran hanya diterima melalui kanal resmi yang langsung masuk ke Rekening Kas "
        "Umum Daerah; petugas tidak menerima pembayaran tunai.",
    ),
    security_guarantee=security_guarantee(
        "data wajib pajak hanya ditampilkan lengkap kepada wajib pajak atau kuasanya;"
    ),
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData(
            "SPPT PBB-P2 atau Nomor Objek Pajak (NOP)",
            "Tax notice (SPPT) or tax object number (NOP)",
        ),
        DocumentData(
            "KTP-el wajib pajak",
            "Taxpayer's ID card",
            "Untuk salinan SPPT.",
        ),
        DocumentData(
            "Surat kuasa",
            "Power of attorney",
            "Bila diurus oleh orang lain.",
            is_required=False,
        ),
    ),
)

BPHTB = ServiceData(
    agency=BAPENDA,
    slug="validasi-bphtb",
    name="Validasi Surat Setoran Pajak Daerah BPHTB",
    name_en="Validation of the land and building acquisition duty (BPHTB) payment",
    summary=(
        "Penelitian dan validasi SSPD-BPHTB atas jual beli, hibah, waris, atau perolehan hak "
        "lain atas tanah dan bangunan, sebelum akta ditandatangani PPAT/Notaris."
    ),
    summary_en=(
        "Checking and validating the BPHTB payment for a sale, gift, inheritance or other "
        "acquisition of land and buildings before the deed is signed."
    ),
    category="pajak-daerah",
    life_events=("pajak-properti",),
    keywords=(
        "bphtb, pajak jual beli tanah, pajak pembeli, balik nama sertifikat, validasi bphtb, "
        "sspd, ajb, waris, hibah, ppat, notaris, beli rumah"
    ),
    fee_amount=0,
    sla_working_days=3,
    output_product="SSPD-BPHTB tervalidasi",
    requirements=numbered(
        "SSPD-BPHTB yang telah diisi dan dihitung sendiri oleh wajib pajak (self assessment);",
        "KTP-el wajib pajak (pihak yang memperoleh hak);",
        "SPPT PBB-P2 tahun berjalan dan bukti lunas PBB-P2 objek tersebut;",
        "Sertifikat atau bukti kepemilikan tanah;",
        "Bukti pembayaran BPHTB;",
        "Draf akta atau dokumen dasar perolehan (perjanjian jual beli, akta hibah, surat "
        "keterangan waris).",
    ),
    procedure=numbered(
        "Wajib pajak atau PPAT/Notaris menghitung BPHTB terutang, mengisi SSPD-BPHTB, dan "
        "membayar melalui bank persepsi.",
        "Permohonan validasi diajukan melalui SatuPintu dengan mengunggah dokumen.",
        "Petugas meneliti kebenaran data objek, nilai perolehan objek pajak, dan pembayaran; "
        "bila perlu dilakukan verifikasi lapangan.",
        "Bila sesuai, SSPD-BPHTB divalidasi dan diberi kode validasi; bila kurang bayar, wajib "
        "pajak diberi tahu jumlah kekurangannya.",
        "PPAT/Notaris menandatangani akta setelah SSPD-BPHTB tervalidasi, lalu pendaftaran "
        "peralihan hak diajukan ke Kantor Pertanahan.",
    ),
    time_standard=(
        "Paling lama 3 (tiga) hari kerja sejak persyaratan lengkap, termasuk verifikasi "
        "lapangan bila diperlukan."
    ),
    fee_standard=(
        "Layanan validasi tidak dipungut biaya. BPHTB terutang dihitung dari nilai perolehan "
        "objek pajak dikurangi NPOPTKP, dengan tarif dan NPOPTKP sesuai Peraturan Daerah "
        "(UU 1/2022: tarif paling tinggi 5%; NPOPTKP paling sedikit Rp80.000.000, dan paling "
        "sedikit Rp300.000.000 untuk waris atau hibah wasiat kepada keluarga sedarah satu "
        "derajat serta suami/istri)."
    ),
    product="SSPD-BPHTB yang telah divalidasi, dengan kode validasi yang dapat diperiksa.",
    complaint_handling=complaint_handling(_BAPENDA, _BAPENDA_DESK),
    legal_basis=numbered(
        *PAJAK_LAW,
        "PP 24/1997 tentang Pendaftaran Tanah",
        "Peraturan Bupati Bandung tentang Tata Cara Pemungutan Bea Perolehan Hak atas Tanah dan "
        "Bangunan",
    ),
    facilities=PAJAK_FACILITIES,
    competence=PAJAK_COMPETENCE
    + " Peneliti BPHTB memahami penilaian properti dan dokumen pertanahan.",
    internal_supervision=INTERNAL_SUPERVISION
    + " Validasi dengan nilai di bawah NJOP atau harga pasar wajib disetujui pejabat "
    "berwenang.",
    staffing=(
        "2 petugas loket, 2 peneliti BPHTB, 1 petugas verifikasi lapangan, dan 1 pejabat "
        "penanggung jawab (Kepala Bidang Pajak Bumi dan Bangunan dan BPHTB)."
    ),
    service_guarantee=service_guarantee(
        _BAPENDA,
        "SSPD-BPHTB divalidasi paling lama 3 hari kerja setelah persyaratan lengkap.",
    ),
    security_guarantee=security_guarantee(
        "dokumen pertanahan dan nilai transaksi hanya dapat dilihat wajib pajak, PPAT/Notaris "
        "yang ditunjuk, dan petugas peneliti;"
    ),
    performance_evaluation=PERFORMANCE_EVALUATION,
    documents=(
        DocumentData("SSPD-BPHTB", "BPHTB payment form (SSPD-BPHTB)"),
        DocumentData("KTP-el wajib pajak", "Taxpayer's ID card"),
        DocumentData(
            "SPPT dan bukti lunas PBB-P2",
            "Land and building tax notice and proof of payment",
        ),
        DocumentData("Sertifikat atau bukti kepemilikan tanah", "Land title or proof of ownership"),
        DocumentData("Bukti pembayaran BPHTB", "BPHTB payment receipt"),
        DocumentData(
            "Draf akta atau dokumen dasar perolehan",
            "Draft deed or document of acquisition",
            "Perjanjian jual beli, akta hibah, atau surat keterangan waris.",
        ),
    ),
)

SERVICES: tuple[ServiceData, ...] = (
    KTP_EL,
    KARTU_KELUARGA,
    AKTA_KELAHIRAN,
    AKTA_KEMATIAN,
    PINDAH_KELUAR,
    PINDAH_DATANG,
    AKTA_PERKAWINAN,
    KIA,
    NIB,
    PBG,
    SIP,
    SLHS,
    PBB,
    BPHTB,
)

# --- Accounts -------------------------------------------------------------------------------

DEMO_DOMAIN = "demo.satupintu.id"


def _officer(local: str, full_name: str, role: str, agency: str, nip: str) -> AccountData:
    return AccountData(
        username=f"{local}@{DEMO_DOMAIN}",
        full_name=full_name,
        kind="officer",
        role=role,
        agency=agency,
        nip=nip,
    )


ACCOUNTS: tuple[AccountData, ...] = (
    AccountData(
        username=f"operator@{DEMO_DOMAIN}",
        full_name="Operator Sistem SatuPintu",
        kind="officer",
        role="operator",
        is_staff=True,
        is_superuser=True,
    ),
    # Disdukcapil: every role, so each step of the workflow can be demonstrated.
    _officer(
        "loket.disdukcapil",
        "Neng Yulia Rahmawati, A.Md.",
        "front_desk",
        DISDUKCAPIL,
        "199207142019032001",
    ),
    _officer(
        "verifikator.disdukcapil",
        "Asep Saepudin, S.Kom.",
        "verifier",
        DISDUKCAPIL,
        "198803222011011002",
    ),
    _officer(
        "pemeriksa.disdukcapil",
        "Dewi Kusumawati, S.E.",
        "reviewer",
        DISDUKCAPIL,
        "198511052009022003",
    ),
    _officer(
        "penyetuju.disdukcapil",
        "Drs. Heru Gunawan, M.Si.",
        "approver",
        DISDUKCAPIL,
        "197204181998031001",
    ),
    _officer(
        "pengaduan.disdukcapil",
        "Rina Marlina, S.Sos.",
        "complaint_liaison",
        DISDUKCAPIL,
        "199009302015032001",
    ),
    _officer(
        "admin.disdukcapil",
        "Yusuf Maulana, S.T.",
        "agency_admin",
        DISDUKCAPIL,
        "198701122010121004",
    ),
    _officer(
        "auditor.disdukcapil",
        "Euis Komalasari, S.E., M.Ak.",
        "auditor",
        DISDUKCAPIL,
        "197906252005012002",
    ),
    # DPMPTSP
    _officer(
        "admin.dpmptsp",
        "Fajar Nugraha, S.Kom.",
        "agency_admin",
        DPMPTSP,
        "198908082014031001",
    ),
    _officer(
        "loket.dpmptsp",
        "Intan Permatasari, A.Md.",
        "front_desk",
        DPMPTSP,
        "199506102020012003",
    ),
    _officer(
        "verifikator.dpmptsp",
        "Lia Amelia, S.H.",
        "verifier",
        DPMPTSP,
        "199102272017012001",
    ),
    _officer(
        "penyetuju.dpmptsp",
        "Ir. Bambang Hermawan, M.T.",
        "approver",
        DPMPTSP,
        "197003151996031002",
    ),
    # Dinkes
    _officer(
        "admin.dinkes",
        "Ridwan Hidayat, S.K.M.",
        "agency_admin",
        DINKES,
        "198604192010011005",
    ),
    _officer(
        "verifikator.dinkes",
        "Nurul Hasanah, S.Tr.Kes.",
        "verifier",
        DINKES,
        "199301122019032004",
    ),
    _officer(
        "penyetuju.dinkes",
        "dr. Ratna Sari Dewi, M.K.M.",
        "approver",
        DINKES,
        "197509212003122001",
    ),
    # Bapenda
    _officer(
        "admin.bapenda",
        "Agus Setiawan, S.Kom.",
        "agency_admin",
        BAPENDA,
        "198407022009011003",
    ),
    _officer(
        "verifikator.bapenda",
        "Sri Wahyuni, S.E.",
        "verifier",
        BAPENDA,
        "198805152011012006",
    ),
    _officer(
        "penyetuju.bapenda",
        "Dadang Kurniawan, S.E., M.M.",
        "approver",
        BAPENDA,
        "197311081999031004",
    ),
    # The data protection officer (PPDP) of Disdukcapil: handles data-subject requests and
    # breaches (UU 27/2022 Pasal 53); a role, not the operator.
    _officer(
        "ppdp.disdukcapil",
        "Rina Marlina, S.H.",
        "dpo",
        DISDUKCAPIL,
        "198604202010012007",
    ),
    # The head of the civil-registration unit: receives escalations of late cases, reassigns
    # cases and assesses the officers (Role.SUPERVISOR, agency-wide here).
    _officer(
        "kepala.disdukcapil",
        "Ir. Bambang Hermawan, M.T.",
        "supervisor",
        DISDUKCAPIL,
        "197003151995031002",
    ),
    # Citizens; their NIK is added by a later change (encrypted NIK fields).
    AccountData(
        username=f"siti@{DEMO_DOMAIN}", full_name="Siti Rahayu", kind="citizen", role="citizen"
    ),
    AccountData(
        username=f"budi@{DEMO_DOMAIN}", full_name="Budi Santoso", kind="citizen", role="citizen"
    ),
)

# --- Application forms ("forms as data") ----------------------------------------------------
# One definition per service slug, in the shape catalog.services.form_definition_replace takes.

FieldDef = dict[str, object]


def _field(
    key: str, field_type: str, label: str, label_en: str, group: tuple[str, str], **extra: object
) -> FieldDef:
    return {
        "key": key,
        "field_type": field_type,
        "label": label,
        "label_en": label_en,
        "group": group[0],
        "group_en": group[1],
        **extra,
    }


def _choices(*items: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"value": v, "label": label, "label_en": en} for v, label, en in items]


APPLICANT = ("Data pemohon", "Applicant")
REPORTER = ("Data pelapor", "Person reporting")


def _person(
    group: tuple[str, str], noun: str = "pemohon", noun_en: str = "applicant"
) -> tuple[FieldDef, ...]:
    """Name, NIK, mobile, email and address, filled from the profile (once-only)."""
    return (
        _field(
            f"nama-{noun}",
            "text",
            f"Nama lengkap {noun}",
            f"Full name of the {noun_en}",
            group,
            prefill_from="full_name",
            help_text="Sesuai KTP-el.",
        ),
        _field(
            f"nik-{noun}",
            "nik",
            f"NIK {noun}",
            f"NIK of the {noun_en}",
            group,
            prefill_from="nik",
            help_text="16 angka pada KTP-el atau Kartu Keluarga.",
        ),
        _field(
            "ponsel",
            "phone",
            "Nomor ponsel",
            "Mobile number",
            group,
            prefill_from="phone",
            help_text="Untuk kabar perkembangan permohonan, misalnya 081234567890.",
        ),
        _field("email", "email", "Email", "Email", group, required=False, prefill_from="email"),
        _field(
            "alamat",
            "address",
            "Alamat tempat tinggal",
            "Home address",
            group,
            prefill_from="address",
        ),
    )


YES_NO_HELP = "Pilih Ya atau Tidak."

KTP_EL_FORM: tuple[FieldDef, ...] = (
    *_person(APPLICANT),
    _field(
        "jenis-permohonan",
        "choice",
        "Jenis permohonan",
        "Type of request",
        ("Permohonan", "Request"),
        choices=_choices(
            ("baru", "Rekam baru (usia 17 tahun atau sudah kawin)", "New (age 17 or married)"),
            ("hilang", "Penggantian karena hilang", "Replacement of a lost card"),
            ("rusak", "Penggantian karena rusak", "Replacement of a damaged card"),
            ("perubahan", "Perubahan data", "Change of data"),
        ),
    ),
    _field(
        "nomor-surat-kehilangan",
        "text",
        "Nomor surat keterangan kehilangan dari kepolisian",
        "Police loss report number",
        ("Permohonan", "Request"),
        condition_key="jenis-permohonan",
        condition_value="hilang",
        max_length=60,
    ),
    _field(
        "data-berubah",
        "text",
        "Data yang berubah",
        "Data that changed",
        ("Permohonan", "Request"),
        condition_key="jenis-permohonan",
        condition_value="perubahan",
        max_length=500,
        help_text="Misalnya: status perkawinan, pekerjaan, alamat.",
    ),
)

KK_GROUP = ("Kartu Keluarga", "Family card")
KARTU_KELUARGA_FORM: tuple[FieldDef, ...] = (
    *_person(APPLICANT),
    _field(
        "jenis-permohonan",
        "choice",
        "Jenis permohonan",
        "Type of request",
        KK_GROUP,
        choices=_choices(
            ("baru", "KK baru (membentuk keluarga baru)", "New family card"),
            ("tambah-anggota", "Penambahan anggota keluarga", "Adding a family member"),
            ("pisah", "Pisah KK", "Splitting a family card"),
            ("perubahan", "Perubahan data", "Change of data"),
            ("hilang-rusak", "Penggantian karena hilang atau rusak", "Lost or damaged"),
        ),
    ),
    _field(
        "nomor-kk",
        "text",
        "Nomor KK lama",
        "Current family card number",
        KK_GROUP,
        max_length=20,
        condition_key="jenis-permohonan",
        condition_value="tambah-anggota",
        help_text="16 angka di bagian atas Kartu Keluarga.",
    ),
    _field(
        "jumlah-anggota",
        "number",
        "Jumlah anggota keluarga",
        "Number of family members",
        KK_GROUP,
        min_value=1,
        max_value=30,
    ),
    _field(
        "keterangan",
        "text",
        "Keterangan perubahan",
        "Details",
        KK_GROUP,
        required=False,
        max_length=500,
    ),
)

CHILD = ("Data anak", "The child")
PARENTS = ("Data orang tua", "The parents")
AKTA_KELAHIRAN_FORM: tuple[FieldDef, ...] = (
    _field("nama-anak", "text", "Nama anak", "Child's name", CHILD, max_length=100),
    _field("tanggal-lahir", "date", "Tanggal lahir", "Date of birth", CHILD),
    _field(
        "jenis-kelamin",
        "choice",
        "Jenis kelamin",
        "Sex",
        CHILD,
        choices=_choices(("L", "Laki-laki", "Male"), ("P", "Perempuan", "Female")),
    ),
    _field(
        "tempat-lahir",
        "text",
        "Tempat lahir",
        "Place of birth",
        CHILD,
        max_length=100,
        help_text="Nama kota/kabupaten atau rumah sakit tempat anak lahir.",
    ),
    _field("anak-ke", "number", "Anak ke", "Birth order", CHILD, min_value=1, max_value=20),
    _field("nik-ibu", "nik", "NIK ibu", "Mother's NIK", PARENTS),
    _field("nama-ibu", "text", "Nama ibu", "Mother's name", PARENTS, max_length=100),
    _field("nik-ayah", "nik", "NIK ayah", "Father's NIK", PARENTS, required=False),
    _field(
        "nama-ayah", "text", "Nama ayah", "Father's name", PARENTS, required=False, max_length=100
    ),
    _field(
        "status-perkawinan",
        "choice",
        "Status perkawinan orang tua",
        "Parents' marital status",
        PARENTS,
        choices=_choices(
            ("kawin-tercatat", "Kawin tercatat", "Registered marriage"),
            ("kawin-belum-tercatat", "Kawin belum tercatat", "Unregistered marriage"),
            ("belum-kawin", "Belum kawin", "Not married"),
        ),
    ),
    _field(
        "nomor-akta-perkawinan",
        "text",
        "Nomor akta perkawinan/buku nikah",
        "Marriage certificate number",
        PARENTS,
        max_length=60,
        condition_key="status-perkawinan",
        condition_value="kawin-tercatat",
    ),
    *_person(REPORTER, "pelapor", "person reporting"),
)

DECEASED = ("Data almarhum/almarhumah", "The deceased")
AKTA_KEMATIAN_FORM: tuple[FieldDef, ...] = (
    _field(
        "nama-almarhum",
        "text",
        "Nama almarhum/almarhumah",
        "Name of the deceased",
        DECEASED,
        max_length=100,
    ),
    _field("nik-almarhum", "nik", "NIK almarhum/almarhumah", "NIK of the deceased", DECEASED),
    _field("tanggal-meninggal", "date", "Tanggal meninggal", "Date of death", DECEASED),
    _field(
        "tempat-meninggal", "text", "Tempat meninggal", "Place of death", DECEASED, max_length=100
    ),
    _field(
        "sebab-kematian",
        "choice",
        "Sebab kematian",
        "Cause of death",
        DECEASED,
        choices=_choices(
            ("sakit", "Sakit", "Illness"),
            ("kecelakaan", "Kecelakaan", "Accident"),
            ("usia-lanjut", "Usia lanjut", "Old age"),
            ("lainnya", "Lainnya", "Other"),
        ),
    ),
    _field(
        "hubungan-pelapor",
        "choice",
        "Hubungan pelapor dengan almarhum/almarhumah",
        "Relationship to the deceased",
        REPORTER,
        choices=_choices(
            ("pasangan", "Suami/istri", "Spouse"),
            ("anak", "Anak", "Child"),
            ("orang-tua", "Orang tua", "Parent"),
            ("saudara", "Saudara", "Sibling"),
            ("lainnya", "Lainnya", "Other"),
        ),
    ),
    *_person(REPORTER, "pelapor", "person reporting"),
)

MOVE = ("Tujuan pindah", "Destination")
PINDAH_KELUAR_FORM: tuple[FieldDef, ...] = (
    *_person(APPLICANT),
    _field("alamat-tujuan", "address", "Alamat tujuan", "Destination address", MOVE),
    _field(
        "alasan-pindah",
        "choice",
        "Alasan pindah",
        "Reason for moving",
        MOVE,
        choices=_choices(
            ("pekerjaan", "Pekerjaan", "Work"),
            ("pendidikan", "Pendidikan", "Education"),
            ("keluarga", "Keluarga", "Family"),
            ("perumahan", "Perumahan", "Housing"),
            ("lainnya", "Lainnya", "Other"),
        ),
    ),
    _field(
        "pindah-satu-kk",
        "yesno",
        "Seluruh anggota keluarga ikut pindah?",
        "Is the whole family moving?",
        MOVE,
        help_text=YES_NO_HELP,
    ),
    _field(
        "jumlah-pindah",
        "number",
        "Jumlah anggota keluarga yang pindah",
        "Number of family members moving",
        MOVE,
        min_value=1,
        max_value=30,
        condition_key="pindah-satu-kk",
        condition_value="tidak",
    ),
)

ARRIVAL = ("Kedatangan", "Arrival")
PINDAH_DATANG_FORM: tuple[FieldDef, ...] = (
    *_person(APPLICANT),
    _field(
        "nomor-skpwni",
        "text",
        "Nomor SKPWNI dari daerah asal",
        "Moving certificate (SKPWNI) number",
        ARRIVAL,
        max_length=60,
    ),
    _field("alamat-asal", "text", "Alamat asal", "Previous address", ARRIVAL, max_length=300),
    _field("tanggal-datang", "date", "Tanggal datang", "Date of arrival", ARRIVAL),
    _field(
        "alamat-tujuan",
        "address",
        "Alamat baru di Kabupaten Bandung",
        "New address in Bandung Regency",
        ARRIVAL,
    ),
)

HUSBAND = ("Data suami", "The husband")
WIFE = ("Data istri", "The wife")
WEDDING = ("Data perkawinan", "The marriage")
AKTA_PERKAWINAN_FORM: tuple[FieldDef, ...] = (
    _field("nama-suami", "text", "Nama suami", "Husband's name", HUSBAND, max_length=100),
    _field("nik-suami", "nik", "NIK suami", "Husband's NIK", HUSBAND),
    _field("nama-istri", "text", "Nama istri", "Wife's name", WIFE, max_length=100),
    _field("nik-istri", "nik", "NIK istri", "Wife's NIK", WIFE),
    _field(
        "tanggal-perkawinan",
        "date",
        "Tanggal perkawinan menurut agama",
        "Date of the religious marriage",
        WEDDING,
    ),
    _field(
        "agama",
        "choice",
        "Agama/kepercayaan",
        "Religion or belief",
        WEDDING,
        choices=_choices(
            ("kristen", "Kristen", "Protestant"),
            ("katolik", "Katolik", "Catholic"),
            ("hindu", "Hindu", "Hindu"),
            ("buddha", "Buddha", "Buddhist"),
            ("khonghucu", "Khonghucu", "Confucian"),
            ("kepercayaan", "Kepercayaan terhadap Tuhan YME", "Indigenous belief"),
        ),
    ),
    _field(
        "pemuka-agama",
        "text",
        "Nama pemuka agama/penghayat",
        "Name of the officiant",
        WEDDING,
        max_length=100,
    ),
    *_person(APPLICANT),
)

KIA_FORM: tuple[FieldDef, ...] = (
    _field("nama-anak", "text", "Nama anak", "Child's name", CHILD, max_length=100),
    _field(
        "nik-anak",
        "nik",
        "NIK anak",
        "Child's NIK",
        CHILD,
        help_text="Tercantum di Kartu Keluarga.",
    ),
    _field("tanggal-lahir", "date", "Tanggal lahir", "Date of birth", CHILD),
    _field(
        "punya-akta",
        "yesno",
        "Anak sudah punya akta kelahiran?",
        "Does the child have a birth certificate?",
        CHILD,
    ),
    _field(
        "nomor-akta",
        "text",
        "Nomor akta kelahiran",
        "Birth certificate number",
        CHILD,
        max_length=60,
        condition_key="punya-akta",
        condition_value="ya",
    ),
    *_person(("Data orang tua/wali", "Parent or guardian"), "orang-tua", "parent"),
)

BUSINESS = ("Data usaha", "The business")
NIB_FORM: tuple[FieldDef, ...] = (
    *_person(APPLICANT),
    _field("nama-usaha", "text", "Nama usaha", "Business name", BUSINESS, max_length=150),
    _field(
        "bentuk-usaha",
        "choice",
        "Bentuk usaha",
        "Legal form",
        BUSINESS,
        choices=_choices(
            ("perorangan", "Usaha perorangan", "Sole proprietorship"),
            ("pt-perorangan", "PT perorangan", "Individual limited company"),
            ("cv", "Persekutuan komanditer (CV)", "Limited partnership (CV)"),
            ("pt", "Perseroan terbatas (PT)", "Limited company (PT)"),
            ("koperasi", "Koperasi", "Cooperative"),
            ("yayasan", "Yayasan", "Foundation"),
        ),
    ),
    _field(
        "kbli",
        "text",
        "Kode KBLI",
        "Business classification (KBLI) code",
        BUSINESS,
        max_length=5,
        help_text="5 angka, misalnya 56101 untuk restoran.",
    ),
    _field(
        "modal-usaha",
        "number",
        "Modal usaha (Rp)",
        "Capital (IDR)",
        BUSINESS,
        min_value=0,
        help_text="Di luar tanah dan bangunan tempat usaha.",
    ),
    _field("alamat-usaha", "address", "Alamat usaha", "Business address", BUSINESS),
    _field(
        "punya-npwp", "yesno", "Sudah punya NPWP?", "Do you have a tax number (NPWP)?", BUSINESS
    ),
    _field(
        "npwp",
        "text",
        "NPWP",
        "Tax number (NPWP)",
        BUSINESS,
        max_length=20,
        condition_key="punya-npwp",
        condition_value="ya",
    ),
)

BUILDING = ("Data bangunan", "The building")
PBG_FORM: tuple[FieldDef, ...] = (
    *_person(APPLICANT),
    _field(
        "fungsi-bangunan",
        "choice",
        "Fungsi bangunan",
        "Use of the building",
        BUILDING,
        choices=_choices(
            ("hunian", "Hunian", "Residential"),
            ("usaha", "Usaha", "Business"),
            ("keagamaan", "Keagamaan", "Religious"),
            ("sosial-budaya", "Sosial dan budaya", "Social and cultural"),
            ("khusus", "Khusus", "Special"),
            ("campuran", "Campuran", "Mixed"),
        ),
    ),
    _field(
        "luas-bangunan",
        "number",
        "Luas bangunan (m²)",
        "Floor area (m²)",
        BUILDING,
        min_value=1,
        max_value=1_000_000,
    ),
    _field(
        "jumlah-lantai",
        "number",
        "Jumlah lantai",
        "Number of floors",
        BUILDING,
        min_value=1,
        max_value=100,
    ),
    _field("alamat-bangunan", "address", "Lokasi bangunan", "Building location", BUILDING),
    _field(
        "punya-krk",
        "yesno",
        "Sudah punya Keterangan Rencana Kota (KRK)?",
        "Do you have a city plan statement (KRK)?",
        BUILDING,
    ),
)

PRACTICE = ("Data praktik", "The practice")
SIP_FORM: tuple[FieldDef, ...] = (
    *_person(APPLICANT),
    _field(
        "profesi",
        "choice",
        "Profesi",
        "Profession",
        PRACTICE,
        choices=_choices(
            ("dokter", "Dokter", "Physician"),
            ("dokter-gigi", "Dokter gigi", "Dentist"),
            ("bidan", "Bidan", "Midwife"),
            ("perawat", "Perawat", "Nurse"),
            ("apoteker", "Apoteker", "Pharmacist"),
            ("lainnya", "Tenaga kesehatan lain", "Other health worker"),
        ),
    ),
    _field("nomor-str", "text", "Nomor STR", "Registration (STR) number", PRACTICE, max_length=40),
    _field(
        "sip-ke",
        "choice",
        "SIP ke",
        "Which licence",
        PRACTICE,
        choices=_choices(
            ("1", "Pertama", "First"), ("2", "Kedua", "Second"), ("3", "Ketiga", "Third")
        ),
    ),
    _field(
        "tempat-praktik",
        "text",
        "Nama fasilitas pelayanan kesehatan",
        "Name of the health facility",
        PRACTICE,
        max_length=150,
    ),
    _field("alamat-praktik", "address", "Alamat tempat praktik", "Practice address", PRACTICE),
)

OUTLET = ("Data tempat usaha", "The premises")
SLHS_FORM: tuple[FieldDef, ...] = (
    *_person(APPLICANT),
    _field(
        "nama-usaha",
        "text",
        "Nama rumah makan/restoran",
        "Name of the restaurant",
        OUTLET,
        max_length=150,
    ),
    _field(
        "jenis-usaha",
        "choice",
        "Jenis usaha",
        "Kind of business",
        OUTLET,
        choices=_choices(
            ("rumah-makan", "Rumah makan", "Eatery"),
            ("restoran", "Restoran", "Restaurant"),
            ("jasa-boga", "Jasa boga", "Catering"),
        ),
    ),
    _field(
        "jumlah-penjamah",
        "number",
        "Jumlah penjamah makanan",
        "Number of food handlers",
        OUTLET,
        min_value=1,
        max_value=500,
    ),
    _field("alamat-usaha", "address", "Alamat tempat usaha", "Address of the premises", OUTLET),
    _field(
        "sudah-pelatihan",
        "yesno",
        "Penjamah makanan sudah ikut pelatihan higiene?",
        "Have the food handlers had hygiene training?",
        OUTLET,
    ),
)

TAX = ("Objek pajak", "Tax object")
PBB_FORM: tuple[FieldDef, ...] = (
    *_person(APPLICANT),
    _field(
        "nop",
        "text",
        "Nomor Objek Pajak (NOP)",
        "Tax object number (NOP)",
        TAX,
        max_length=24,
        help_text="18 angka pada SPPT, misalnya 32.04.110.001.001-0001.0.",
    ),
    _field("tahun-pajak", "number", "Tahun pajak", "Tax year", TAX, min_value=2000, max_value=2100),
    _field(
        "keperluan",
        "choice",
        "Keperluan",
        "Purpose",
        TAX,
        choices=_choices(
            ("tagihan", "Informasi tagihan", "Bill information"),
            ("salinan-sppt", "Salinan SPPT", "Copy of the tax notice"),
            ("keberatan", "Keberatan atas tagihan", "Objection to the bill"),
        ),
    ),
    _field(
        "alasan-keberatan",
        "text",
        "Alasan keberatan",
        "Grounds for the objection",
        TAX,
        max_length=1000,
        condition_key="keperluan",
        condition_value="keberatan",
    ),
)

TRANSFER = ("Perolehan hak", "Acquisition")
BPHTB_FORM: tuple[FieldDef, ...] = (
    *_person(("Data wajib pajak", "Taxpayer")),
    _field(
        "nop", "text", "Nomor Objek Pajak (NOP)", "Tax object number (NOP)", TRANSFER, max_length=24
    ),
    _field(
        "jenis-perolehan",
        "choice",
        "Jenis perolehan hak",
        "Kind of acquisition",
        TRANSFER,
        choices=_choices(
            ("jual-beli", "Jual beli", "Sale"),
            ("hibah", "Hibah", "Gift"),
            ("waris", "Waris", "Inheritance"),
            ("tukar-menukar", "Tukar-menukar", "Exchange"),
            ("lelang", "Lelang", "Auction"),
            ("lainnya", "Lainnya", "Other"),
        ),
    ),
    _field(
        "nilai-transaksi",
        "number",
        "Nilai transaksi (Rp)",
        "Transaction value (IDR)",
        TRANSFER,
        min_value=0,
    ),
    _field("tanggal-akta", "date", "Tanggal akta", "Date of the deed", TRANSFER),
    _field(
        "nama-ppat",
        "text",
        "Nama PPAT/Notaris",
        "Name of the land deed official",
        TRANSFER,
        required=False,
        max_length=150,
    ),
)

SERVICE_FORMS: dict[str, tuple[FieldDef, ...]] = {
    KTP_EL.slug: KTP_EL_FORM,
    KARTU_KELUARGA.slug: KARTU_KELUARGA_FORM,
    AKTA_KELAHIRAN.slug: AKTA_KELAHIRAN_FORM,
    AKTA_KEMATIAN.slug: AKTA_KEMATIAN_FORM,
    PINDAH_KELUAR.slug: PINDAH_KELUAR_FORM,
    PINDAH_DATANG.slug: PINDAH_DATANG_FORM,
    AKTA_PERKAWINAN.slug: AKTA_PERKAWINAN_FORM,
    KIA.slug: KIA_FORM,
    NIB.slug: NIB_FORM,
    PBG.slug: PBG_FORM,
    SIP.slug: SIP_FORM,
    SLHS.slug: SLHS_FORM,
    PBB.slug: PBB_FORM,
    BPHTB.slug: BPHTB_FORM,
}


# The workflow template each demo service runs on (catalog.workflow.TEMPLATES); a service not
# named keeps the standard one (KTP-el does: the browser tests walk its status buttons).
# Disdukcapil has every role, so its longer documents go through verification, review, decision
# and issue; Akta Kelahiran stays short (verify → issue) so the demo can add a review step to it.
SERVICE_WORKFLOWS: dict[str, str] = {
    "kartu-keluarga": "full",
    "akta-perkawinan": "full",
    "akta-kelahiran": "short",
    "akta-kematian": "short",
    "surat-keterangan-pindah": "short",
    "pindah-datang": "short",
    "kartu-identitas-anak": "short",
    "nib-oss-rba": "short",
}
