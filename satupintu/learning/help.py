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
    "applications_office:loket_service": Help(
        _("Memilih layanan untuk warga di loket"),
        (
            _("Pastikan identitas warga sudah dicocokkan dengan KTP-el."),
            _("Pilih layanan yang diminta warga, lalu isi formulirnya bersama warga."),
        ),
    ),
    "applications_office:loket_privacy": Help(
        _("Mencatat permintaan data pribadi di loket"),
        (
            _("Cocokkan identitas warga dengan KTP-el sebelum mencatat."),
            _(
                "Pilih jenis permintaan dan tulis yang diminta warga; PPDP instansi akan menanganinya."
            ),
        ),
    ),
    "applications_office:loket_fill": Help(
        _("Mengisi formulir bersama warga"),
        (
            _("Tanyakan setiap isian kepada warga; jangan menebak."),
            _("Simpan tiap bagian; isian yang salah ditandai dengan penjelasannya."),
        ),
    ),
    "applications_office:loket_documents": Help(
        _("Mengunggah dokumen warga"),
        (
            _("Pindai atau foto dokumen asli warga, lalu unggah satu per satu."),
            _("Kembalikan dokumen asli kepada warga."),
        ),
    ),
    "applications_office:loket_review": Help(
        _("Memeriksa sebelum mengirim"),
        (
            _("Bacakan ringkasan kepada warga dan perbaiki yang keliru."),
            _("Kirim setelah warga setuju; warga menerima tanda terima."),
        ),
    ),
    "applications_office:loket_receipt": Help(
        _("Memberikan tanda terima"),
        (
            _("Cetak tanda terima; nomor dan kode rahasianya dipakai warga untuk cek status."),
            _("Jangan menyimpan salinan kode rahasia."),
        ),
    ),
    "applications_office:answers_correct": Help(
        _("Memperbaiki jawaban atas permintaan pemohon"),
        (
            _("Ubah hanya jawaban yang diminta pemohon dan catat permintaannya."),
            _(
                "Periksa perubahan sebelum menyimpan; pemohon diberi tahu jawaban mana yang diperbaiki."
            ),
        ),
    ),
    "privacy_office:queue": Help(
        _("Menangani permintaan data pribadi"),
        (
            _("Kerjakan permintaan yang paling dekat tenggatnya lebih dahulu."),
            _("Setiap jawaban sampai kepada warga dan tercatat di buku besar."),
        ),
    ),
    "privacy_office:request": Help(
        _("Memproses satu permintaan"),
        (
            _("Mulai proses, lakukan yang diminta, lalu selesaikan atau tolak dengan alasan."),
            _("Pembatasan atau keberatan dapat diakhiri di sini dengan alasan."),
        ),
    ),
    "privacy_office:breaches": Help(
        _("Mencatat insiden data pribadi"),
        (
            _("Catat insiden segera setelah diketahui: pemberitahuan wajib dalam 3 × 24 jam."),
            _("Buka insiden untuk memberi tahu subjek dan lembaga."),
        ),
    ),
    "privacy_office:breach": Help(
        _("Menindaklanjuti satu insiden"),
        (
            _("Beri tahu subjek data dan catat pemberitahuan kepada lembaga."),
            _(
                "Umumkan bila perlu, tambahkan perkembangan, lalu tutup setelah kedua pemberitahuan terkirim."
            ),
        ),
    ),
    "complaints_office:queue": Help(
        _("Mengerjakan antrean pengaduan"),
        (
            _("Pengaduan diurutkan menurut tenggat; ambil satu untuk mengerjakannya."),
            _("Yang bukan kewenangan instansi Anda diteruskan, jangan diabaikan."),
        ),
    ),
    "complaints_office:detail": Help(
        _("Menangani satu pengaduan"),
        (
            _(
                "Jawab secara publik atau pribadi, minta informasi tambahan, atau teruskan dengan alasan."
            ),
            _("Identitas pelapor anonim tidak pernah ditampilkan kepada Anda."),
        ),
    ),
    "officers:list": Help(
        _("Mengelola petugas instansi"),
        (
            _("Cari petugas menurut nama atau NIP; saring menurut unit, peran atau status."),
            _("Buka petugas untuk mengubah peran atau menonaktifkannya."),
        ),
    ),
    "officers:add": Help(
        _("Menambahkan petugas"),
        (
            _("Isi nama, NIP, kontak, unit dan peran; NIP diperiksa sebelum disimpan."),
            _("Petugas baru menerima undangan dan memasang autentikator saat pertama masuk."),
        ),
    ),
    "officers:detail": Help(
        _("Mengubah peran seorang petugas"),
        (
            _("Berikan atau cabut peran per unit; kepala unit menerima eskalasi."),
            _("Menonaktifkan petugas mengembalikan pekerjaannya yang terbuka ke antrean."),
        ),
    ),
    "learning:officer": Help(
        _("Melihat kompetensi anggota tim"),
        (
            _("Bandingkan tingkat yang dimiliki dengan yang dibutuhkan peran."),
            _("Beri penilaian atasan dengan alasan singkat."),
        ),
    ),
    "learning:courses": Help(
        _("Memilih kursus"),
        (
            _("Kursus yang menutup kesenjangan Anda ditandai di rencana pengembangan."),
            _("Unduh paket kursus untuk belajar saat sinyal lemah."),
        ),
    ),
    "learning:course": Help(
        _("Mengikuti kursus"),
        (
            _("Pelajari setiap modul, lalu kerjakan kuisnya."),
            _("Sertifikat yang ditandatangani tersedia setelah lulus."),
        ),
    ),
    "learning:quiz": Help(
        _("Mengerjakan kuis"),
        (
            _("Jawab semua soal, lalu kirim; nilai lulus dan sisa percobaan tertulis di atas."),
            _("Bila belum lulus, pelajari lagi modulnya sebelum mencoba lagi."),
        ),
    ),
    "learning:training": Help(
        _("Mencatat pelatihan di luar SatuPintu"),
        (
            _("Catat nama pelatihan, penyelenggara, tanggal dan jam pelajaran (JP)."),
            _("JP dihitung bersama kursus internal untuk target tahunan Anda."),
        ),
    ),
    "learning:proposal_new": Help(
        _("Menulis usulan inovasi"),
        (
            _("Jelaskan masalahnya, gagasan Anda, dan ukuran yang diharapkan berubah."),
            _("Usulan dibaca rekan dan diputuskan oleh instansi."),
        ),
    ),
    "learning:proposal": Help(
        _("Membahas satu usulan"),
        (
            _("Beri komentar atau dukungan."),
            _(
                "Admin instansi menerima atau menolak dengan alasan; ukuran sebelum dan sesudah ditampilkan."
            ),
        ),
    ),
    "learning:appreciate": Help(
        _("Memberi apresiasi kepada rekan"),
        (
            _("Pilih rekan dan salah satu nilai BerAKHLAK, lalu tulis alasannya."),
            _("Apresiasi bukan peringkat: tidak ada daftar orang terbaik."),
        ),
    ),
    "office:service_create": Help(
        _("Menambahkan layanan"),
        (
            _("Isi standar pelayanan lengkap: persyaratan, prosedur, waktu, biaya dan produk."),
            _("Layanan baru berstatus draf sampai Anda menerbitkannya."),
        ),
    ),
    "office:service_edit": Help(
        _("Mengubah standar pelayanan"),
        (
            _("Ubah isian yang perlu, lalu simpan."),
            _("Permohonan yang sudah diajukan tetap memakai standar saat diajukan."),
        ),
    ),
    "office:form_edit": Help(
        _("Menyusun formulir"),
        (
            _("Tambahkan pertanyaan dengan jenis isian yang tepat; baris kosong diabaikan."),
            _("Lihat pratinjau sebelum menyimpan."),
        ),
    ),
    "office:form_preview": Help(
        _("Pratinjau formulir"),
        (
            _("Formulir tampil seperti yang dilihat warga."),
            _("Kembali ke penyusun untuk mengubahnya."),
        ),
    ),
    "office:synonyms": Help(
        _("Mengelola sinonim pencarian"),
        (
            _("Tambahkan nama lama, singkatan atau kata daerah untuk sebuah layanan."),
            _("Pencarian warga langsung memakai sinonim baru."),
        ),
    ),
    "office:workflow_edit": Help(
        _("Mengubah alur kerja"),
        (
            _("Ubah langkah dan tindakan, lalu uji dengan uji coba sebelum menerbitkan."),
            _("Masalah ditulis dengan kata-kata; permohonan berjalan tetap di versi lamanya."),
        ),
    ),
    "office:workflow_dry_run": Help(
        _("Menguji alur kerja"),
        (
            _("Jalankan tindakan satu per satu untuk melihat langkah berikutnya."),
            _("Uji coba tidak mengubah permohonan apa pun."),
        ),
    ),
}


def for_page(key: str) -> Help | None:
    return PAGES.get(key)
