"""Short "how do I" help for back-office pages, keyed by URL name (`namespace:name`).

The office pages link here through `context_processors.page_help`; a page without an entry shows
no link. Add an entry when you add a back-office page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Help:
    title: Promise
    steps: tuple[Promise, ...]


PAGES: dict[str, Help] = {
    "office:home": Help(
        _("Memulai di kantor"),
        (
            _("Lihat peran Anda di tabel Peran Anda."),
            _("Buka pekerjaan Anda dari daftar Pekerjaan."),
            _("Ikuti daftar orientasi di menu Belajar bila Anda pegawai baru."),
        ),
    ),
    "applications_office:inbox": Help(
        _("Mengerjakan kotak masuk permohonan"),
        (
            _("Permohonan diurutkan menurut tenggat: kerjakan yang paling atas dahulu."),
            _("Buka permohonan untuk melihat data, dokumen dan langkah berikutnya."),
            _("Saring menurut status bila daftar panjang."),
        ),
    ),
    "applications_office:detail": Help(
        _("Memproses satu permohonan"),
        (
            _("Periksa data dan dokumen pemohon."),
            _("Pilih tindakan langkah ini; isi alasan bila diminta."),
            _("Data pribadi tampil tersamar; tampilkan lengkap hanya bila perlu, dengan alasan."),
        ),
    ),
    "applications_office:loket": Help(
        _("Membantu warga di loket"),
        (
            _("Cari atau daftarkan warga, lalu pilih layanannya."),
            _("Isi formulir bersama warga dan unggah dokumennya."),
            _("Cetak tanda terima dan berikan kepada warga."),
        ),
    ),
    "office:services": Help(
        _("Mengelola layanan instansi"),
        (
            _("Pilih layanan untuk mengubah standar pelayanan, formulir atau alurnya."),
            _("Perubahan hanya berlaku untuk permohonan baru."),
        ),
    ),
    "learning:home": Help(
        _("Menggunakan menu Belajar"),
        (
            _("Nilai diri Anda per dimensi kompetensi."),
            _("Lihat kesenjangan dan kursus yang diusulkan untuk menutupnya."),
            _("Catat pelatihan di luar SatuPintu agar JP tahunan Anda lengkap."),
        ),
    ),
    "learning:assess": Help(
        _("Menilai diri"),
        (
            _("Untuk tiap dimensi, baca indikator perilaku tiap level."),
            _("Pilih level yang sudah Anda tunjukkan dalam pekerjaan dan tulis alasan singkat."),
        ),
    ),
    "learning:team": Help(
        _("Membaca peta kesenjangan tim"),
        (
            _("Tiap sel menunjukkan level yang dimiliki dan level yang dibutuhkan peran."),
            _("Buka nama pegawai untuk menilai dan melihat riwayatnya."),
        ),
    ),
    "learning:proposals": Help(
        _("Mengusulkan inovasi"),
        (
            _("Tulis masalah, gagasan, dan ukuran yang diharapkan berubah."),
            _("Rekan dapat berkomentar dan mendukung; instansi memutuskan dengan alasan."),
        ),
    ),
}


def for_page(key: str) -> Help | None:
    return PAGES.get(key)
