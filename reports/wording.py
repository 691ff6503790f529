"""Every word people read, in Indonesian (the users' language, the default) and English.

The report, the Atom feed and `freshness check` all take their wording from here, so a
translation or a change of tone is made in one place. `Words(lang)` gives one language.
What stays in the codes themselves (a status or flag code beside its words, an HTTP status,
a failure kind in a fetch's outcome) is data for whoever greps or reports the output.
"""

from __future__ import annotations

from datetime import date, datetime

from markupsafe import Markup

from crawler.judge.fixes import (
    Fix,
    Found,
    IncidentFix,
    MachineReadableDates,
    MakeReachable,
    PublishNews,
    PublishPpid,
    StopDateBumping,
    UnblockMonitor,
)
from crawler.model import (
    WIB,
    Confidence,
    FailureKind,
    Flag,
    PageRole,
    PpidStatus,
    Source,
    Status,
)

LANGUAGES = ("id", "en")

MONTHS = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

STATUS = {
    "id": {
        Status.FRESH: "Segar",
        Status.AGING: "Mulai usang",
        Status.STALE: "Usang",
        Status.ABANDONED: "Terbengkalai",
        Status.UNDATED: "Tanpa tanggal",
        Status.UNREACHABLE: "Tidak dapat diakses",
    },
    "en": {
        Status.FRESH: "Fresh",
        Status.AGING: "Aging",
        Status.STALE: "Stale",
        Status.ABANDONED: "Abandoned",
        Status.UNDATED: "Undated",
        Status.UNREACHABLE: "Unreachable",
    },
}

CONFIDENCE = {
    "id": {Confidence.HIGH: "tinggi", Confidence.MEDIUM: "sedang", Confidence.LOW: "rendah"},
    "en": {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"},
}

SOURCE = {
    "id": {
        Source.WP_API: "API WordPress",
        Source.FEED: "feed RSS/Atom",
        Source.ARTICLE: "halaman berita",
        Source.LISTING: "daftar berita",
        Source.SITEMAP: "sitemap",
        Source.URL: "tanggal di alamat URL",
        Source.HTTP_HEADER: "header Last-Modified",
    },
    "en": {
        Source.WP_API: "WordPress API",
        Source.FEED: "RSS/Atom feed",
        Source.ARTICLE: "article page",
        Source.LISTING: "news listing",
        Source.SITEMAP: "sitemap",
        Source.URL: "date in the URL",
        Source.HTTP_HEADER: "Last-Modified header",
    },
}

ROLE = {
    "id": {
        PageRole.HOMEPAGE: "beranda",
        PageRole.ROBOTS: "robots.txt",
        PageRole.SITEMAP: "sitemap",
        PageRole.FEED: "feed",
        PageRole.WP_API: "API WordPress",
        PageRole.LISTING: "daftar berita",
        PageRole.ARTICLE: "berita",
        PageRole.PPID: "halaman PPID",
    },
    "en": {
        PageRole.HOMEPAGE: "homepage",
        PageRole.ROBOTS: "robots.txt",
        PageRole.SITEMAP: "sitemap",
        PageRole.FEED: "feed",
        PageRole.WP_API: "WordPress API",
        PageRole.LISTING: "news listing",
        PageRole.ARTICLE: "article",
        PageRole.PPID: "PPID page",
    },
}

FAILURE = {
    "id": {
        FailureKind.DNS: "nama domain tidak ditemukan (DNS)",
        FailureKind.REFUSED: "koneksi ditolak server",
        FailureKind.TIMEOUT: "server tidak menjawab (waktu habis)",
        FailureKind.TLS: "sertifikat/koneksi TLS bermasalah",
        FailureKind.HTTP_4XX: "ditolak atau tidak ditemukan",
        FailureKind.HTTP_5XX: "kesalahan server",
        FailureKind.ROBOTS: "dilarang oleh robots.txt",
        FailureKind.TOO_LARGE: "halaman terlalu besar",
        FailureKind.OFFSITE: "dialihkan ke situs lain",
        FailureKind.REDIRECT_LOOP: "pengalihan berputar-putar (terlalu banyak pengalihan)",
        FailureKind.PARKED: "domain diparkir, dijual, atau hosting ditangguhkan",
        FailureKind.PRIVATE: "alamat privat/lokal — tidak diambil",
        FailureKind.OTHER: "kesalahan lain",
    },
    "en": {
        FailureKind.DNS: "domain name not found (DNS)",
        FailureKind.REFUSED: "connection refused",
        FailureKind.TIMEOUT: "no answer (timeout)",
        FailureKind.TLS: "TLS certificate or connection error",
        FailureKind.HTTP_4XX: "refused or not found",
        FailureKind.HTTP_5XX: "server error",
        FailureKind.ROBOTS: "disallowed by robots.txt",
        FailureKind.TOO_LARGE: "page too large",
        FailureKind.OFFSITE: "redirected to another site",
        FailureKind.REDIRECT_LOOP: "redirect loop (too many redirects)",
        FailureKind.PARKED: "parked or for-sale domain, or suspended hosting",
        FailureKind.PRIVATE: "private or local address — not fetched",
        FailureKind.OTHER: "other error",
    },
}

PPID_STATUS = {
    "id": {
        PpidStatus.CURRENT: "Mutakhir",
        PpidStatus.OUTDATED: "Tidak mutakhir",
        PpidStatus.MISSING: "Tidak ada",
        PpidStatus.EXTERNAL: "Di portal PPID kabupaten",
        PpidStatus.UNKNOWN: "Tidak dapat diperiksa",
    },
    "en": {
        PpidStatus.CURRENT: "Current",
        PpidStatus.OUTDATED: "Outdated",
        PpidStatus.MISSING: "None",
        PpidStatus.EXTERNAL: "On the regency's PPID portal",
        PpidStatus.UNKNOWN: "Could not be checked",
    },
}

FLAG = {
    "id": {
        Flag.REDIRECTS_OFFSITE: "beranda dialihkan ke situs lain",
        Flag.ROBOTS_DISALLOWED: "robots.txt melarang pemeriksaan",
        Flag.TLS_ERROR: "sertifikat TLS bermasalah (peringatan di peramban)",
        Flag.GAMBLING_SPAM: "terindikasi disusupi spam judi online",
        Flag.SITEMAP_GENERATED: "tanggal sitemap dibuat otomatis",
        Flag.FLAKY: "sempat tidak menjawab, berhasil saat dicoba ulang",
        Flag.PARKED_DOMAIN: "alamat situs menampilkan halaman parkir domain atau hosting "
        "ditangguhkan",
        Flag.PPID_MISSING: "tidak ada bagian PPID",
        Flag.PPID_OUTDATED: "informasi berkala tidak diperbarui dalam enam bulan",
    },
    "en": {
        Flag.REDIRECTS_OFFSITE: "homepage redirects to another site",
        Flag.ROBOTS_DISALLOWED: "robots.txt disallows checking",
        Flag.TLS_ERROR: "TLS certificate problem",
        Flag.GAMBLING_SPAM: "defaced with online-gambling spam",
        Flag.SITEMAP_GENERATED: "sitemap dates are generated",
        Flag.FLAKY: "did not answer at first, answered when tried again",
        Flag.PARKED_DOMAIN: "the address shows a domain-parking or suspended-hosting page",
        Flag.PPID_MISSING: "no PPID section",
        Flag.PPID_OUTDATED: "periodic information not updated in six months",
    },
}

#: Why a date newer than the verdict's did not count (crawler.judge.explain.SetAside).
SET_ASIDE = {
    "id": {
        "implausible": "tanggal di masa depan atau sebelum 1995",
        "offsite": "halaman di situs lain",
        "header-only": "hanya header Last-Modified (biasanya waktu sekarang)",
        "modified": "tanggal perubahan, bukan tanggal terbit",
        "sitemap-only": "hanya ada di sitemap (bisa draf atau terjadwal)",
        "better-source": "sumber yang lebih tepercaya memberi tanggal lebih lama",
        "spam": "halaman spam judi online yang disusupkan",
    },
    "en": {
        "implausible": "in the future or before 1995",
        "offsite": "a page on another site",
        "header-only": "only a Last-Modified header (usually just now)",
        "modified": "a modification date, not a publication date",
        "sitemap-only": "only in a sitemap (may be a draft or scheduled)",
        "better-source": "a more trustworthy source dates it older",
        "spam": "an injected online-gambling spam page",
    },
}

#: The region of a page a date stood in when it was not the page's date (crawler.read.diagnose).
PAGE_DATE_REASON = {
    "id": {
        "today-widget": "widget tanggal hari ini / jam",
        "prayer-times": "jadwal sholat",
        "visitor-counter": "statistik pengunjung",
        "copyright": "baris hak cipta",
        "agenda": "agenda atau kalender kegiatan",
        "comment": "komentar pembaca",
        "other-page": "daftar berita lain (tanggal halaman lain)",
        "page-chrome": "kepala, menu atau kaki halaman",
        "future": "tanggal di masa depan",
    },
    "en": {
        "today-widget": "today's-date widget or clock",
        "prayer-times": "prayer times",
        "visitor-counter": "visitor counter",
        "copyright": "copyright line",
        "agenda": "agenda or events calendar",
        "comment": "reader comment",
        "other-page": "list of other news (another page's date)",
        "page-chrome": "page header, menu or footer",
        "future": "a date in the future",
    },
}

#: What an agency should do, by status.
ADVICE = {
    "id": {
        Status.FRESH: "Pertahankan: terbitkan berita atau informasi baru setidaknya setiap bulan.",
        Status.AGING: "Terbitkan berita atau pengumuman baru dalam waktu dekat agar situs tetap "
        "segar, dan periksa apakah ada kegiatan yang belum diberitakan.",
        Status.STALE: "Segera perbarui situs: terbitkan berita kegiatan terbaru dan periksa "
        "informasi berkala (profil, program, laporan keuangan dan kinerja).",
        Status.ABANDONED: "Situs tidak diperbarui lebih dari enam bulan, melewati batas "
        "informasi berkala UU 14/2008. Tunjuk pengelola konten, perbarui isinya, atau "
        "koordinasikan dengan Diskominfotik bila situs tidak lagi digunakan.",
        Status.UNDATED: "Kami tidak menemukan tanggal terbit. Tampilkan tanggal pada setiap "
        'berita (misalnya "Senin, 19 Juni 2023"), sediakan feed RSS atau sitemap, dan '
        "pastikan robots.txt tidak melarang pemeriksaan.",
        Status.UNREACHABLE: "Situs tidak dapat dibuka saat pemeriksaan. Periksa server, nama "
        "domain dan sertifikat TLS, atau hubungi Diskominfotik; kesalahan per halaman "
        "tercantum di bawah.",
    },
    "en": {
        Status.FRESH: "Keep it up: publish news or new information at least every month.",
        Status.AGING: "Publish a news item or announcement soon to keep the site fresh, and "
        "check for activities not yet reported.",
        Status.STALE: "Update the site now: publish recent news and check the periodic "
        "information (profile, programmes, financial and performance reports).",
        Status.ABANDONED: "The site has not been updated for more than six months, past the "
        "periodic-information floor of Law 14/2008. Assign a content manager, update it, or "
        "agree with the communications office if the site is no longer used.",
        Status.UNDATED: "We found no publication dates. Show a date on every news item, offer "
        "an RSS feed or a sitemap, and make sure robots.txt does not forbid checking.",
        Status.UNREACHABLE: "The site could not be opened during the check. Check the server, "
        "the domain name and the TLS certificate, or contact the communications office; the "
        "errors per page are listed below.",
    },
}

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "title": "Kemutakhiran Situs Web Perangkat Daerah",
        "subtitle": "Seberapa baru isi situs web setiap perangkat daerah",
        "summary": "Ringkasan",
        "notice_network-failure": "Pemeriksaan terakhir ({date}) gagal karena jaringan server "
        "pemantau terputus (DNS, proxy atau koneksi internet); tidak ada situs yang dinilai pada "
        "pemeriksaan itu. Status di bawah berasal dari pemeriksaan {shown}.",
        "notice_first-network-failure": "Pemeriksaan ({date}) gagal karena jaringan server "
        "pemantau terputus (DNS, proxy atau koneksi internet); belum ada situs yang dinilai. "
        "Periksa koneksi server pemantau; laporan akan terisi setelah pemeriksaan berikutnya.",
        "notice_other": "Pemeriksaan terakhir ({date}) tidak selesai; status di bawah berasal "
        "dari pemeriksaan {shown}.",
        # The notices e-mailed after a run (`freshness notify`; reports/notices.py).
        "notice_subject_agency": "[Pemantau Situs] {name}: status memburuk menjadi {status}",
        "notice_subject_incident": "[Pemantau Situs] Segera: {name}, {incident}",
        "notice_subject_digest": "[Pemantau Situs] Ringkasan pemeriksaan {date}: {worse} "
        "memburuk, {incidents} insiden baru",
        "notice_greeting_agency": "Yth. Pengelola Situs Web {name},",
        "notice_intro_agency": "Pemeriksaan kemutakhiran situs web perangkat daerah per {date} "
        "menemukan hal pada situs Saudara yang perlu segera ditindaklanjuti.",
        "notice_status": "Status situs: {status}.",
        "notice_status_was": "Status situs: {status} (sebelumnya {previous}).",
        "notice_last_update": "Berita terbaru yang kami temukan terbit {date} ({ago}).",
        "notice_last_change": "Kami tidak menemukan tanggal terbit; perubahan terbaru yang kami "
        "temukan tercatat {date} ({ago}).",
        "notice_incidents": "Insiden:",
        "notice_todo": "Yang perlu dilakukan:",
        "notice_report_page": "Rincian dan bukti tercantum di laporan mingguan, halaman {path}.",
        "notice_footer_agency": "Pesan ini dikirim otomatis oleh pemantau kemutakhiran situs web "
        "perangkat daerah setelah pemeriksaan mingguan. Bila ada pertanyaan, silakan balas "
        "pesan ini.",
        "notice_greeting_digest": "Yth. Tim Pemantau Situs Web Perangkat Daerah,",
        "notice_intro_digest": "Berikut ringkasan pemeriksaan kemutakhiran situs web perangkat "
        "daerah per {date} (pemeriksaan nomor {run}).",
        "notice_counts": "Jumlah situs per status ({n} situs):",
        "notice_worsened": "Memburuk ({n}):",
        "notice_recovered": "Membaik ({n}):",
        "notice_incident_list": "Insiden ({n}):",
        "notice_told": "Diberi tahu melalui surel: {names}.",
        "notice_without_contact": "Belum memiliki alamat kontak sehingga tidak diberi tahu "
        "(tambahkan contact di konfigurasi): {names}.",
        "notice_report": "Laporan lengkap: index.html di folder laporan yang diterbitkan; "
        "halaman setiap perangkat daerah: agencies/<id>.html.",
        "notice_footer_digest": "Pesan ini dikirim otomatis oleh pemantau kemutakhiran situs web "
        "perangkat daerah.",
        "crawl_ran": "Pemeriksaan dimulai {started} dan berlangsung {duration}.",
        "crawl_as_of": "Status dihitung per {as_of}.",
        "previous_run": "Dibandingkan dengan pemeriksaan {date}.",
        "no_previous_run": "Ini pemeriksaan pertama; belum ada pembanding.",
        "newly_stale": "Baru usang minggu ini",
        "recovered": "Pulih",
        "unreachable": "Tidak dapat diakses",
        "none": "Tidak ada.",
        "all_agencies": "Semua perangkat daerah",
        "filter_status": "Status",
        "filter_category": "Kategori",
        "filter_all": "Semua",
        "shown": "ditampilkan",
        "col_agency": "Perangkat daerah",
        "col_category": "Kategori",
        "col_status": "Status",
        "col_last_update": "Terakhir diperbarui",
        "col_confidence": "Keyakinan",
        "col_score": "Skor",
        "col_change": "Perubahan",
        "change_new": "baru",
        "change_worse": "memburuk",
        "change_better": "membaik",
        "change_same": "tetap",
        "was": "sebelumnya",
        "today": "hari ini",
        "yesterday": "kemarin",
        "days_ago": "{n} hari lalu",
        "removed": "Tidak lagi dipantau: {ids}.",
        "downloads": "Unduh:",
        "feed_title": "Perubahan status situs web perangkat daerah",
        "feed_entry": "{name}: {before} → {after}",
        "feed_entry_new": "{name}: {after} (baru dipantau)",
        "back": "← Semua perangkat daerah",
        "verdict_dated": "Berita terbaru yang kami temukan terbit {date} ({ago}) di {url}.",
        "verdict_dated_modified": "Kami tidak menemukan tanggal terbit; perubahan terbaru yang "
        "kami temukan tercatat {date} ({ago}) di {url}.",
        "verdict_undated": "Situs dapat dibuka, tetapi kami tidak menemukan tanggal terbit yang "
        "dapat dipercaya pada halaman yang kami periksa.",
        "verdict_unreachable": "Situs tidak dapat dibuka saat pemeriksaan: {reason}.",
        "verdict_robots": "robots.txt situs ini melarang pemeriksaan, jadi kami tidak membaca "
        "isinya.",
        "verdict_offsite": "beranda dialihkan ke {target}",
        "confidence_is": "Keyakinan: {level}.",
        "flags": "Catatan",
        "advice": "Saran",
        "evidence": "Bukti: tanggal yang kami temukan",
        "evidence_note": "Tanggal terbaru lebih dulu; baris yang dicetak tebal adalah dasar "
        "penilaian.",
        "col_source": "Sumber",
        "col_url": "Halaman",
        "col_date": "Tanggal",
        "col_snippet": "Cuplikan",
        "col_found_on": "ditemukan di",
        "no_evidence": "Tidak ada tanggal yang ditemukan.",
        "more_evidence": "… dan {n} tanggal lain (lihat results.json atau `freshness check`).",
        "fetches": "Halaman yang diperiksa",
        "fetches_note": "Setiap alamat yang kami minta dan jawabannya, agar kesalahan dapat "
        "diperbaiki.",
        "col_fetch_url": "Alamat",
        "col_role": "Jenis",
        "col_result": "Hasil",
        "col_detail": "Keterangan",
        "col_ppid": "PPID",
        "ppid_heading": "Informasi publik (PPID)",
        "ppid_basis": "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik "
        "mewajibkan setiap badan publik mengumumkan informasi berkala (antara lain laporan "
        "keuangan, laporan kinerja, rencana dan anggaran) paling singkat enam bulan sekali "
        "melalui PPID-nya.",
        "ppid_note": "Dinilai terpisah dari kemutakhiran berita: keduanya ditampilkan.",
        "ppid_current": "Ada informasi berkala dari enam bulan terakhir.",
        "ppid_outdated": "Bagian PPID ada, tetapi tidak ada informasi berkala dari enam bulan "
        "terakhir yang dapat ditemukan.",
        "ppid_missing": "Situs ini tidak memiliki bagian PPID (tidak ada menu PPID, Informasi "
        "Publik atau Daftar Informasi Publik).",
        "ppid_external": "Situs ini hanya menautkan portal PPID kabupaten. Agar dapat diperiksa, "
        "tambahkan alamat halaman PPID dinas ini sebagai ppid_url di konfigurasi.",
        "ppid_unknown": "Situs tidak dapat dibuka, jadi bagian PPID-nya tidak dapat diperiksa.",
        "ppid_section": "Halaman PPID yang dibaca: {url}",
        "ppid_newest": "Informasi berkala terbaru: {title}, terbit paling awal {date}.",
        "ppid_newest_none": "Tidak ada informasi berkala bertanggal yang ditemukan.",
        "ppid_dip_filled": "Daftar Informasi Publik (DIP) ada dan berisi.",
        "ppid_dip_empty": "Daftar Informasi Publik (DIP) masih berupa templat kosong.",
        "ppid_dip_none": "Daftar Informasi Publik (DIP) tidak ditemukan.",
        "ppid_dip_updated": "DIP diperbarui {date}.",
        "ppid_missing_items": "Yang belum ada",
        "ppid_missing_periodic": "Informasi berkala dari enam bulan terakhir.",
        "ppid_documents": "Dokumen yang tercantum",
        "col_document": "Dokumen",
        "col_published": "Terbit paling awal",
        "tls_problem": "Sertifikat TLS",
        "no_fetches": "Tidak ada halaman yang diperiksa.",
        "history": "Riwayat",
        "history_note": "Hari sejak pembaruan terakhir pada setiap pemeriksaan.",
        "history_none": "Belum ada riwayat.",
        "history_undated": "tanpa tanggal",
        "how": "Bagaimana status ditentukan",
        "how_text": "Kami memeriksa beranda, robots.txt, sitemap, feed, API WordPress, daftar "
        "berita dan beberapa berita terbaru, lalu mengambil tanggal terbit terbaru yang dapat "
        "dipercaya. Tanggal hari ini di kepala halaman, jadwal sholat, penghitung pengunjung, "
        "tahun hak cipta, agenda, dan tanggal di masa depan tidak dihitung.",
        "how_thresholds": "Segar: paling lama {fresh} hari; Mulai usang: paling lama {aging} "
        "hari; Usang: paling lama {stale} hari; Terbengkalai: lebih dari {stale} hari.",
        "how_law": "UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik mewajibkan setiap "
        "badan publik mengumumkan informasi berkala paling singkat enam bulan sekali.",
        "generated": "Dibuat {when} oleh pemantau kemutakhiran situs.",
        "skip": "Langsung ke tabel",
        "chart_label": "Grafik hari sejak pembaruan terakhir, {n} pemeriksaan",
        "score_of": "{score}/100",
        # The site list (index box): the configured agencies against the portal's links.
        "drift_heading": "Daftar situs",
        "drift_lead": "Situs yang dipantau dibandingkan dengan tautan pada beranda portal "
        "kabupaten dalam pemeriksaan ini. Bila perlu, perbarui daftar situs dalam berkas "
        "konfigurasi pemantau; perintah freshness discover menyusun usulan entri barunya.",
        "drift_vanished": "Tidak lagi ditautkan portal",
        "drift_unlisted": "Ditautkan portal, belum dipantau",
        "drift_moved": "Beranda dialihkan ke situs lain",
        "drift_under": "di bagian “{label}”",
        # Incidents (index section, agency page lead, feed) and evidence rows not counted.
        "incident_heading": "Insiden",
        "incident_lead": "Masalah keamanan dan kepercayaan yang perlu segera ditangani, apa pun "
        "status kemutakhiran situsnya.",
        "incident_defacement": "Situs disusupi spam judi online",
        "incident_parked-domain": "Domain diparkir atau kedaluwarsa",
        "incident_tls": "Sertifikat TLS bermasalah",
        "incident_redirect-offsite": "Beranda dialihkan ke situs lain",
        "incident_seen": "Temuan",
        "incident_seen_defacement": "Halaman berisi spam judi online, antara lain: “{detail}”.",
        "incident_seen_parked-domain": "Alamat situs menampilkan halaman parkir domain, domain "
        "dijual, atau hosting ditangguhkan: “{detail}”.",
        "incident_seen_tls": "Peramban pengunjung menampilkan peringatan: {detail}.",
        "incident_seen_redirect-offsite": "Pengunjung beranda dialihkan ke {target}.",
        "incident_pages": "Halaman",
        "incident_since": "Sejak",
        "incident_since_run": "pemeriksaan {date}",
        "incident_action": "Tindakan",
        "incident_advice_defacement": "Segera bersihkan situs: hapus halaman dan tautan spam, "
        "perbarui CMS beserta plugin dan temanya, ganti semua kata sandi admin, hosting dan basis "
        "data, hapus akun pengguna yang tidak dikenal, lalu laporkan ke Diskominfotik. Setelah "
        "bersih, ajukan penghapusan halaman spam dari hasil mesin pencari.",
        "incident_advice_parked-domain": "Segera perpanjang pendaftaran domain, atau ambil "
        "kembali domain melalui pengelola nama domain bersama Diskominfotik. Bila situs telah "
        "pindah alamat, perbarui alamatnya di konfigurasi pemantau dan di semua tautan resmi.",
        "incident_advice_tls": "Perpanjang atau pasang ulang sertifikat TLS untuk nama domain "
        "situs ini sendiri (misalnya Let's Encrypt, atau melalui Diskominfotik), dan pastikan "
        "perpanjangannya berjalan otomatis.",
        "incident_advice_redirect-offsite": "Periksa pengaturan domain dan server: beranda harus "
        "menampilkan situs perangkat daerah ini sendiri. Bila situs memang pindah, perbarui "
        "alamatnya di konfigurasi pemantau; bila tidak ada yang memasang pengalihan itu, "
        "tangani sebagai dugaan peretasan.",
        "incident_feed_entry": "{name}: insiden — {kind}",
        "uncounted": "tidak dihitung: {reason}",
        "uncounted_legend": "Baris yang tidak dihitung dalam penilaian diberi keterangan beserta "
        "alasannya.",
        "uncounted_unread": "beranda tidak dapat dibaca",
        "uncounted_spam": "halaman spam judi online",
        "uncounted_future": "tanggal di masa depan",
        "uncounted_too-old": "tanggal sebelum 1995",
        "uncounted_offsite": "halaman di situs lain",
        "uncounted_comment": "tanggal komentar (feed komentar), bukan tanggal terbit",
        "uncounted_template": "tanggal templat: sama di banyak halaman berita dan tidak "
        "dikonfirmasi sumber lain",
        "uncounted_header": "header Last-Modified, biasanya waktu permintaan",
        "uncounted_modified": "tanggal perubahan, bukan tanggal terbit",
        "uncounted_sitemap-only": "hanya ada di sitemap (bisa draf atau terjadwal)",
        "uncounted_outranked": "sumber yang lebih tepercaya memberi tanggal lain",
        "uncounted_older": "sumber sejenis memberi tanggal yang lebih lama, dan itu yang dipakai",
        # `freshness check`: labels are padded to one column, so each fits in 11 characters.
        "check_site": "Situs",
        "check_status": "Status",
        "check_last": "Terakhir",
        "check_evidence": "Bukti",
        "check_flags": "Catatan",
        "check_score": "Skor",
        "check_ppid": "PPID",
        "check_last_value": "{date} ({days} hari lalu), keyakinan {confidence}",
        "check_ppid_newest": "terbaru: {title} (terbit paling awal {date})",
        "check_sources": "Sumber yang dicoba:",
        "check_source_tally": "{fetched} diambil, {failed} gagal, {dates} tanggal",
        "check_dates": "Tanggal yang ditemukan, per halaman (terbaru dulu):",
        "check_more_pages": "… dan {n} halaman lain",
        "check_aside": "Tanggal lebih baru yang tidak dihitung, dan alasannya:",
        "check_page_dates": "Tanggal lain di halaman yang bukan tanggal terbit (lebih baru dari "
        "bukti):",
        "check_fetches": "Halaman yang diambil ({n}):",
        "check_none": "(tidak ada)",
        # The fix list ("Yang perlu dilakukan"): one sentence on how, per item.
        "fix_heading": "Yang perlu dilakukan",
        "fix_none": "Tidak ada yang perlu dilakukan saat ini: kami tidak menemukan masalah pada "
        "situs ini.",
        "fix_reachable": "Pulihkan akses ke situs, yang gagal dibuka karena {cause}: {hint}.",
        "fix_reachable_unknown": "sebab yang tidak tercatat",
        "fix_unblock": "Ubah robots.txt (tautan di bawah) agar tidak melarang seluruh situs, "
        'misalnya hapus aturan "Disallow: /" untuk "User-agent: *", sehingga pemantau dan '
        "mesin pencari dapat membaca berita dan informasi publik dinas.",
        "fix_news": "Terbitkan berita kegiatan terbaru: berita terbaru yang kami temukan terbit "
        "{date}, {days} hari yang lalu; tunjuk petugas yang menerbitkan berita secara rutin, "
        "setidaknya setiap bulan.",
        "fix_news_modified": "Terbitkan berita kegiatan terbaru: kami tidak menemukan tanggal "
        "terbit, dan perubahan terbaru yang kami temukan tercatat {date}, {days} hari yang lalu; "
        "tunjuk petugas yang menerbitkan berita secara rutin, setidaknya setiap bulan.",
        "fix_ppid_missing": "Buat bagian PPID di situs (menu PPID atau Informasi Publik) dan "
        "umumkan di sana informasi berkala, yaitu laporan keuangan, laporan kinerja, rencana "
        "dan anggaran, paling singkat enam bulan sekali sesuai UU 14/2008.",
        "fix_ppid_outdated": "Umumkan informasi berkala yang baru di bagian PPID: yang terbaru "
        'kami temukan, "{title}", terbit paling awal {date}, sudah lebih dari enam bulan; '
        "unggah laporan dan rencana periode berikutnya dengan periode dan tanggal terbit yang "
        "tercantum.",
        "fix_ppid_undated": "Umumkan informasi berkala dari enam bulan terakhir di bagian PPID "
        'dengan periode (misalnya "Semester I" dan tahunnya) dan tanggal unggah yang '
        "tercantum: kami tidak menemukan satu pun yang bertanggal.",
        "fix_ppid_unread": "Pastikan halaman PPID (tautan di bawah) dapat dibuka, karena kami "
        "tidak dapat membacanya, dan umumkan di sana informasi berkala dari enam bulan terakhir.",
        "fix_dates": "Sediakan tanggal terbit yang dapat dibaca mesin ({missing}): pasang feed "
        "RSS/Atom dan sitemap XML dengan <lastmod> yang sebenarnya, dan cantumkan tanggal terbit "
        'pada setiap berita, baik sebagai teks (misalnya "19 Juni 2023") maupun dalam meta '
        "article:published_time.",
        "fix_dates_no_feed": "tidak ada feed RSS/Atom",
        "fix_dates_empty_feed": "feed tidak memuat tanggal",
        "fix_dates_no_sitemap": "tidak ada sitemap",
        "fix_dates_empty_sitemap": "sitemap tidak memuat tanggal yang dapat dipakai",
        "fix_dates_articles": "{n} dari {total} halaman berita tanpa tanggal terbit",
        "fix_bumping": "Hentikan tanggal buatan templat ({what}): tampilkan pada setiap halaman "
        "tanggal terbitnya sendiri, bukan tanggal hari ini atau tanggal tetap dari tema, dan "
        "perbarui tanggal perubahan hanya bila isinya benar-benar berubah.",
        "fix_bumping_repeated": "tanggal {date} tercetak sebagai tanggal terbit di {n} halaman "
        "berita yang berbeda",
        "fix_bumping_stamped": "{n} halaman membawa tanggal perubahan hari pemeriksaan",
        # The award scorecard (scorecard.html).
        "scorecard_nav": "Rekap tahunan",
        "scorecard_title": "Rekapitulasi nilai tahun {year}",
        "scorecard_lead": "Nilai setiap perangkat daerah dari seluruh pemeriksaan lengkap "
        "antara {first} dan {last} ({n} pemeriksaan), sebagai bahan penilaian penghargaan "
        "keterbukaan informasi publik. Peringkat tertinggi lebih dulu.",
        "scorecard_empty": "Belum ada pemeriksaan lengkap pada periode ini.",
        "scorecard_col_rank": "Peringkat",
        "scorecard_col_fresh": "Segar",
        "scorecard_col_median": "Median hari sejak pembaruan",
        "scorecard_col_ppid": "PPID mutakhir",
        "scorecard_col_reachable": "Dapat diakses",
        "scorecard_col_incidents": "Insiden",
        "scorecard_col_runs": "Pemeriksaan",
        "scorecard_of_runs": "{n} dari {runs} pemeriksaan",
        "scorecard_joined": "Mulai dipantau {date}: dinilai dari pemeriksaannya sendiri.",
        "scorecard_method": "Cara menghitung skor",
        "scorecard_method_formula": "Skor (0–100) adalah jumlah berbobot dari persentase "
        "pemeriksaan perangkat daerah itu sendiri dalam periode ini, dibulatkan ke bilangan "
        "bulat terdekat:",
        "scorecard_measure_fresh": "pemeriksaan dengan status Segar",
        "scorecard_measure_ppid_current": "pemeriksaan dengan informasi berkala PPID yang "
        "mutakhir",
        "scorecard_measure_reachable": "pemeriksaan saat situs dapat diakses",
        "scorecard_measure_incident_free": "pemeriksaan tanpa insiden",
        "scorecard_method_ties": "Peringkat diurutkan dari skor tertinggi. Skor yang sama "
        "diurutkan menurut median hari sejak pembaruan terakhir (makin sedikit makin baik; situs "
        "yang tidak pernah bertanggal di urutan akhir). Skor dan median yang sama berbagi "
        "peringkat.",
        "scorecard_method_median": "Median dihitung dari pemeriksaan yang menemukan tanggal "
        "terbit.",
        "scorecard_method_incidents": "Insiden: situs disusupi spam judi daring, domain diparkir "
        "atau kedaluwarsa, sertifikat TLS bermasalah, atau situs dialihkan ke situs lain.",
        "scorecard_method_runs": "Hanya pemeriksaan yang selesai yang dihitung. Pemeriksaan yang "
        "terputus, gagal, atau gagal karena jaringan server pemantau tidak menilai siapa pun.",
        "scorecard_method_joined": "Perangkat daerah yang mulai dipantau setelah pemeriksaan "
        "pertama periode ini dinilai dari pemeriksaannya sendiri dan diberi keterangan.",
    },
    "en": {
        "title": "Agency website freshness",
        "subtitle": "How recent the content of each agency's website is",
        "summary": "Summary",
        "notice_network-failure": "The latest check ({date}) failed because the monitor's own "
        "network was down (DNS, proxy or internet connection); no site was judged on it. The "
        "statuses below are from the check of {shown}.",
        "notice_first-network-failure": "The check ({date}) failed because the monitor's own "
        "network was down (DNS, proxy or internet connection); no site has been judged yet. "
        "Check the monitor's connection; the report fills in after the next check.",
        "notice_other": "The latest check ({date}) did not finish; the statuses below are from "
        "the check of {shown}.",
        # The notices e-mailed after a run (`freshness notify`; reports/notices.py).
        "notice_subject_agency": "[Website monitor] {name}: status worsened to {status}",
        "notice_subject_incident": "[Website monitor] Urgent: {name}, {incident}",
        "notice_subject_digest": "[Website monitor] Check of {date}: {worse} worse, "
        "{incidents} new incidents",
        "notice_greeting_agency": "To the website manager of {name},",
        "notice_intro_agency": "The agency website freshness check of {date} found something on "
        "your site that needs action soon.",
        "notice_status": "Site status: {status}.",
        "notice_status_was": "Site status: {status} (was {previous}).",
        "notice_last_update": "The newest news we found was published {date} ({ago}).",
        "notice_last_change": "We found no publication date; the newest change we found is "
        "dated {date} ({ago}).",
        "notice_incidents": "Incidents:",
        "notice_todo": "What to do:",
        "notice_report_page": "Details and evidence are in the weekly report, page {path}.",
        "notice_footer_agency": "This message was sent automatically by the agency website "
        "freshness monitor after the weekly check. Reply to it with any questions.",
        "notice_greeting_digest": "To the agency website monitoring team,",
        "notice_intro_digest": "Here is the summary of the agency website freshness check of "
        "{date} (run {run}).",
        "notice_counts": "Sites per status ({n} sites):",
        "notice_worsened": "Worse ({n}):",
        "notice_recovered": "Better ({n}):",
        "notice_incident_list": "Incidents ({n}):",
        "notice_told": "Told by e-mail: {names}.",
        "notice_without_contact": "No contact address, so not told (add contact in the "
        "configuration): {names}.",
        "notice_report": "The full report: index.html in the published report folder; each "
        "agency's page: agencies/<id>.html.",
        "notice_footer_digest": "This message was sent automatically by the agency website "
        "freshness monitor.",
        "crawl_ran": "The check started {started} and took {duration}.",
        "crawl_as_of": "Statuses are as of {as_of}.",
        "previous_run": "Compared with the check of {date}.",
        "no_previous_run": "This is the first check; there is nothing to compare with yet.",
        "newly_stale": "Newly stale this week",
        "recovered": "Recovered",
        "unreachable": "Unreachable",
        "none": "None.",
        "all_agencies": "All agencies",
        "filter_status": "Status",
        "filter_category": "Category",
        "filter_all": "All",
        "shown": "shown",
        "col_agency": "Agency",
        "col_category": "Category",
        "col_status": "Status",
        "col_last_update": "Last updated",
        "col_confidence": "Confidence",
        "col_score": "Score",
        "col_change": "Change",
        "change_new": "new",
        "change_worse": "worse",
        "change_better": "better",
        "change_same": "same",
        "was": "was",
        "today": "today",
        "yesterday": "yesterday",
        "days_ago": "{n} days ago",
        "removed": "No longer monitored: {ids}.",
        "downloads": "Download:",
        "feed_title": "Status changes of agency websites",
        "feed_entry": "{name}: {before} → {after}",
        "feed_entry_new": "{name}: {after} (newly monitored)",
        "back": "← All agencies",
        "verdict_dated": "The newest news we found was published {date} ({ago}) at {url}.",
        "verdict_dated_modified": "We found no publication date; the newest change we found "
        "is dated {date} ({ago}) at {url}.",
        "verdict_undated": "The site opens, but we found no credible publication date on the "
        "pages we checked.",
        "verdict_unreachable": "The site could not be opened during the check: {reason}.",
        "verdict_robots": "This site's robots.txt forbids checking, so we did not read it.",
        "verdict_offsite": "the homepage redirects to {target}",
        "confidence_is": "Confidence: {level}.",
        "flags": "Notes",
        "advice": "Advice",
        "evidence": "Evidence: the dates we found",
        "evidence_note": "Newest first; the row in bold is what the verdict rests on.",
        "col_source": "Source",
        "col_url": "Page",
        "col_date": "Date",
        "col_snippet": "Snippet",
        "col_found_on": "found on",
        "no_evidence": "No dates were found.",
        "more_evidence": "… and {n} more dates (see results.json or `freshness check`).",
        "fetches": "Pages checked",
        "fetches_note": "Every address we asked for and its answer, so errors can be fixed.",
        "col_fetch_url": "Address",
        "col_role": "Kind",
        "col_result": "Result",
        "col_detail": "Detail",
        "col_ppid": "PPID",
        "ppid_heading": "Public information (PPID)",
        "ppid_basis": "Law No. 14 of 2008 on Public Information Disclosure requires every public "
        "body to publish periodic information (financial and performance reports, plans and "
        "budgets, among others) at least every six months, through its PPID.",
        "ppid_note": "Judged apart from news freshness: both are shown.",
        "ppid_current": "There is periodic information from the last six months.",
        "ppid_outdated": "There is a PPID section, but no periodic information from the last "
        "six months could be found.",
        "ppid_missing": "This site has no PPID section (no PPID, public-information or DIP menu).",
        "ppid_external": "This site only links to the regency's PPID portal. To check it, add "
        "this agency's PPID page as ppid_url in the configuration.",
        "ppid_unknown": "The site could not be opened, so its PPID section was not checked.",
        "ppid_section": "PPID page read: {url}",
        "ppid_newest": "Newest periodic information: {title}, published {date} at the earliest.",
        "ppid_newest_none": "No dated periodic information was found.",
        "ppid_dip_filled": "The list of public information (DIP) is there and filled in.",
        "ppid_dip_empty": "The list of public information (DIP) is still the empty template.",
        "ppid_dip_none": "No list of public information (DIP) was found.",
        "ppid_dip_updated": "DIP updated {date}.",
        "ppid_missing_items": "Missing",
        "ppid_missing_periodic": "Periodic information from the last six months.",
        "ppid_documents": "Documents listed",
        "col_document": "Document",
        "col_published": "Published at the earliest",
        "tls_problem": "TLS certificate",
        "no_fetches": "No pages were checked.",
        "history": "History",
        "history_note": "Days since the last update at each check.",
        "history_none": "No history yet.",
        "history_undated": "undated",
        "how": "How the status is decided",
        "how_text": "We check the homepage, robots.txt, sitemaps, feeds, the WordPress API, news "
        "listings and a few of the newest articles, and take the newest credible publication "
        "date. Today's date in page headers, prayer times, visitor counters, copyright years, "
        "agendas and dates in the future do not count.",
        "how_thresholds": "Fresh: at most {fresh} days; Aging: at most {aging} days; Stale: at "
        "most {stale} days; Abandoned: more than {stale} days.",
        "how_law": "Indonesia's Law No. 14 of 2008 on Public Information Disclosure obliges "
        "every public body to publish periodic information at least every six months.",
        "generated": "Generated {when} by the website freshness monitor.",
        "skip": "Skip to the table",
        "chart_label": "Chart of days since the last update, {n} checks",
        "score_of": "{score}/100",
        # The site list (index box): the configured agencies against the portal's links.
        "drift_heading": "Site list",
        "drift_lead": "The monitored sites compared with the links on the regency portal's "
        "homepage in this check. Where needed, update the list of sites in the monitor's "
        "configuration file; the freshness discover command drafts the new entries.",
        "drift_vanished": "No longer linked by the portal",
        "drift_unlisted": "Linked by the portal, not monitored",
        "drift_moved": "Homepage redirects to another site",
        "drift_under": "under “{label}”",
        # Incidents (index section, agency page lead, feed) and evidence rows not counted.
        "incident_heading": "Incidents",
        "incident_lead": "Security and trust problems to handle now, whatever the site's "
        "freshness.",
        "incident_defacement": "Defaced with online-gambling spam",
        "incident_parked-domain": "Parked or lapsed domain",
        "incident_tls": "TLS certificate problem",
        "incident_redirect-offsite": "Homepage redirects to another site",
        "incident_seen": "Seen",
        "incident_seen_defacement": "Pages with online-gambling spam, among them: “{detail}”.",
        "incident_seen_parked-domain": "The address shows a domain-parking, for-sale or "
        "suspended-hosting page: “{detail}”.",
        "incident_seen_tls": "Visitors' browsers show a warning: {detail}.",
        "incident_seen_redirect-offsite": "Visitors to the homepage are sent to {target}.",
        "incident_pages": "Pages",
        "incident_since": "Since",
        "incident_since_run": "the check of {date}",
        "incident_action": "What to do",
        "incident_advice_defacement": "Clean the site now: remove the spam pages and links, "
        "update the CMS with its plugins and theme, reset every admin, hosting and database "
        "password, remove unknown user accounts, and report it to the communications office. "
        "Once clean, ask search engines to drop the spam pages.",
        "incident_advice_parked-domain": "Renew the domain registration now, or reclaim the "
        "domain through its registrar with the communications office. If the site has moved, "
        "update its address in the monitor's configuration and in every official link.",
        "incident_advice_tls": "Renew or reinstall the TLS certificate for this site's own "
        "domain name (Let's Encrypt, for instance, or through the communications office), and "
        "make sure it renews automatically.",
        "incident_advice_redirect-offsite": "Check the domain and server settings: the homepage "
        "must show this agency's own site. If the site has really moved, update its address in "
        "the monitor's configuration; if nobody set the redirect up, treat it as a possible "
        "compromise.",
        "incident_feed_entry": "{name}: incident — {kind}",
        "uncounted": "not counted: {reason}",
        "uncounted_legend": "Rows the verdict did not count are marked, with the reason.",
        "uncounted_unread": "the homepage could not be read",
        "uncounted_spam": "a gambling-spam page",
        "uncounted_future": "a date in the future",
        "uncounted_too-old": "a date before 1995",
        "uncounted_offsite": "a page on another site",
        "uncounted_comment": "a comment's date (comment feed), not a publication date",
        "uncounted_template": "a template date: the same on many article pages, confirmed by no "
        "other source",
        "uncounted_header": "a Last-Modified header, usually the time of the request",
        "uncounted_modified": "a modification date, not a publication date",
        "uncounted_sitemap-only": "only in a sitemap (may be a draft or scheduled)",
        "uncounted_outranked": "a more trustworthy source gives another date",
        "uncounted_older": "a source of the same kind gives an older date, which is kept",
        # `freshness check`: labels are padded to one column, so each fits in 11 characters.
        "check_site": "Site",
        "check_status": "Status",
        "check_last": "Last update",
        "check_evidence": "Evidence",
        "check_flags": "Notes",
        "check_score": "Score",
        "check_ppid": "PPID",
        "check_last_value": "{date} ({days} days ago), confidence {confidence}",
        "check_ppid_newest": "newest: {title} (published {date} at the earliest)",
        "check_sources": "Sources tried:",
        "check_source_tally": "{fetched} fetched, {failed} failed, {dates} dates",
        "check_dates": "Dates found, by page (newest first):",
        "check_more_pages": "… and {n} more pages",
        "check_aside": "Newer dates that did not count, and why:",
        "check_page_dates": "Other dates on the pages that are not publication dates (newer "
        "than the evidence):",
        "check_fetches": "Pages fetched ({n}):",
        "check_none": "(none)",
        # The fix list ("What to do"): one sentence on how, per item.
        "fix_heading": "What to do",
        "fix_none": "Nothing to do right now: we found no problem with this site.",
        "fix_reachable": "Make the site reachable again, as it failed to open with {cause}: "
        "{hint}.",
        "fix_reachable_unknown": "a failure that was not recorded",
        "fix_unblock": "Change robots.txt (linked below) so that it no longer forbids the whole "
        'site, for example by removing "Disallow: /" under "User-agent: *", so that the '
        "monitor and search engines can read the agency's news and public information.",
        "fix_news": "Publish recent news: the newest item we found was published {date}, {days} "
        "days ago; make someone responsible for publishing news regularly, at least monthly.",
        "fix_news_modified": "Publish recent news: we found no publication date, and the newest "
        "change we found is dated {date}, {days} days ago; make someone responsible for "
        "publishing news regularly, at least monthly.",
        "fix_ppid_missing": "Create a PPID section on the site (a PPID or public-information "
        "menu) and publish the periodic information there: financial and performance reports, "
        "plans and budgets, at least every six months as Law 14/2008 requires.",
        "fix_ppid_outdated": "Publish new periodic information in the PPID section: the newest we "
        'found, "{title}", published {date} at the earliest, is more than six months old; '
        "upload the next period's reports and plans with their period and publication date.",
        "fix_ppid_undated": "Publish the last six months' periodic information in the PPID "
        'section with its period ("Semester I" and the year, for example) and upload date: we '
        "found none that was dated.",
        "fix_ppid_unread": "Make the PPID page (linked below) open, as we could not read it, and "
        "publish the last six months' periodic information there.",
        "fix_dates": "Make publication dates machine-readable ({missing}): offer an RSS/Atom feed "
        "and an XML sitemap with true <lastmod> dates, and show the publication date on every "
        'news item, both as text ("19 June 2023", for example) and as article:published_time.',
        "fix_dates_no_feed": "no RSS/Atom feed",
        "fix_dates_empty_feed": "the feed has no dates",
        "fix_dates_no_sitemap": "no sitemap",
        "fix_dates_empty_sitemap": "the sitemap has no usable dates",
        "fix_dates_articles": "{n} of {total} article pages without a publication date",
        "fix_bumping": "Stop the template's dates ({what}): show each page's own publication "
        "date, not today's date or a fixed date from the theme, and change a modification date "
        "only when the content really changes.",
        "fix_bumping_repeated": "{date} is printed as the publication date of {n} different "
        "article pages",
        "fix_bumping_stamped": "{n} pages carry a modification date of the day of the check",
        # The award scorecard (scorecard.html).
        "scorecard_nav": "Yearly scorecard",
        "scorecard_title": "Scorecard {year}",
        "scorecard_lead": "Each agency over every complete check from {first} to {last} ({n} "
        "checks), as evidence for the public-information transparency award. Best first.",
        "scorecard_empty": "No complete check in this period yet.",
        "scorecard_col_rank": "Rank",
        "scorecard_col_fresh": "Fresh",
        "scorecard_col_median": "Median days since update",
        "scorecard_col_ppid": "PPID current",
        "scorecard_col_reachable": "Reachable",
        "scorecard_col_incidents": "Incidents",
        "scorecard_col_runs": "Checks",
        "scorecard_of_runs": "{n} of {runs} checks",
        "scorecard_joined": "Monitored since {date}: scored on its own checks.",
        "scorecard_method": "How the score is computed",
        "scorecard_method_formula": "The score (0–100) is a weighted sum of shares of the "
        "agency's own checks in the period, rounded to the nearest whole number:",
        "scorecard_measure_fresh": "checks with the status Fresh",
        "scorecard_measure_ppid_current": "checks with current PPID periodic information",
        "scorecard_measure_reachable": "checks in which the site could be opened",
        "scorecard_measure_incident_free": "checks without an incident",
        "scorecard_method_ties": "Ranked by score, highest first. Equal scores are ordered by "
        "the median days since the last update (fewer is better; sites never dated last). Equal "
        "score and median share a rank.",
        "scorecard_method_median": "The median is over the checks that found a publication "
        "date.",
        "scorecard_method_incidents": "Incident: the site was defaced with online-gambling spam, "
        "its domain was parked or lapsed, its TLS certificate was bad, or it redirected to "
        "another site.",
        "scorecard_method_runs": "Only checks that finished count. Interrupted or failed checks, "
        "and checks the monitor's own network broke, judged nobody.",
        "scorecard_method_joined": "Agencies first monitored after the period's first check are "
        "scored on their own checks and marked.",
    },
}

#: How to make an unreachable site reachable, by what went wrong (the fix list's item).
FIX_REACHABLE = {
    "id": {
        FailureKind.DNS: "perpanjang nama domain bila masa berlakunya habis dan periksa catatan "
        "DNS-nya",
        FailureKind.REFUSED: "pastikan server web berjalan dan port 80/443 terbuka",
        FailureKind.TIMEOUT: "periksa beban dan koneksi server atau hosting, serta firewall yang "
        "mungkin menahan permintaan",
        FailureKind.TLS: "perbaiki konfigurasi TLS server: sertifikat yang sah dan TLS 1.2 atau "
        "lebih baru",
        FailureKind.HTTP_4XX: "pastikan beranda tidak menolak pengunjung (403) atau hilang (404); "
        "bila memakai Cloudflare atau firewall, jangan tantang pengunjung biasa",
        FailureKind.HTTP_5XX: "periksa log kesalahan server web dan basis datanya",
        FailureKind.ROBOTS: "ubah robots.txt agar tidak melarang beranda",
        FailureKind.TOO_LARGE: "perkecil beranda hingga beberapa megabita saja",
        FailureKind.OFFSITE: "arahkan alamat situs ke situs dinas sendiri",
        FailureKind.REDIRECT_LOOP: "perbaiki aturan pengalihan yang saling mengalihkan, "
        "misalnya antara http dan https atau dengan dan tanpa www",
        FailureKind.PARKED: "perpanjang domain dan hosting atau ambil kembali domainnya",
        FailureKind.PRIVATE: "arahkan DNS nama situs ke alamat IP publik server dinas",
        FailureKind.OTHER: "periksa server web, nama domain dan sertifikat TLS",
    },
    "en": {
        FailureKind.DNS: "renew the domain name if it has lapsed and check its DNS records",
        FailureKind.REFUSED: "make sure the web server runs and ports 80/443 are open",
        FailureKind.TIMEOUT: "check the load and connection of the server or hosting, and any "
        "firewall that may hold requests back",
        FailureKind.TLS: "fix the server's TLS set-up: a valid certificate and TLS 1.2 or newer",
        FailureKind.HTTP_4XX: "make sure the homepage neither refuses visitors (403) nor is "
        "missing (404); behind Cloudflare or a firewall, do not challenge ordinary visitors",
        FailureKind.HTTP_5XX: "check the web server's error log and its database",
        FailureKind.ROBOTS: "change robots.txt so that it no longer forbids the homepage",
        FailureKind.TOO_LARGE: "make the homepage a few megabytes at most",
        FailureKind.OFFSITE: "make the address show the agency's own site",
        FailureKind.REDIRECT_LOOP: "fix the redirect rules that send each other round in a "
        "circle, between http and https or with and without www, for example",
        FailureKind.PARKED: "renew the domain and the hosting, or reclaim the domain",
        FailureKind.PRIVATE: "point the site's DNS name at the agency server's public IP address",
        FailureKind.OTHER: "check the web server, the domain name and the TLS certificate",
    },
}

#: Kinds of agency (crawler.config.Agency.category); an unknown one is shown as it is.
CATEGORY = {
    "id": {
        "portal": "portal",
        "dinas": "dinas",
        "badan": "badan",
        "bagian": "bagian",
        "kecamatan": "kecamatan",
        "desa": "desa",
    },
    "en": {
        "portal": "portal",
        "dinas": "agency (dinas)",
        "badan": "board (badan)",
        "bagian": "division (bagian)",
        "kecamatan": "district",
        "desa": "village",
    },
}


class Words:
    """One language's wording: `w["key"]`, `w.t("key", n=3)`, `w.status(s)`, `w.date(d)`…"""

    def __init__(self, lang: str = "id") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self._text = TEXT[lang]

    def __getitem__(self, key: str) -> str:
        return self._text[key]

    def t(self, key: str, **values: object) -> str:
        return self._text[key].format(**values)

    def markup(self, key: str, **values: object) -> Markup:
        """Wording with values put in as HTML: Markup values stay, everything else is escaped."""
        return Markup(self._text[key]).format(**values)

    def ppid(self, status: PpidStatus | str | None) -> str:
        return PPID_STATUS[self.lang][PpidStatus(status)] if status else "–"

    def status(self, status: Status | str) -> str:
        return STATUS[self.lang][Status(status)]

    def confidence(self, confidence: Confidence | str | None) -> str:
        return CONFIDENCE[self.lang][Confidence(confidence)] if confidence else "–"

    def source(self, source: Source | str) -> str:
        return SOURCE[self.lang][Source(source)]

    def role(self, role: PageRole | str) -> str:
        return ROLE[self.lang][PageRole(role)]

    def failure(self, kind: FailureKind | str) -> str:
        return FAILURE[self.lang][FailureKind(kind)]

    def flag(self, flag: str) -> str:
        try:
            return FLAG[self.lang][Flag(flag)]
        except ValueError:
            return flag  # a flag newer than this wording: show its code

    def set_aside(self, reason: str) -> str:
        return SET_ASIDE[self.lang].get(str(reason), str(reason))

    def page_date_reason(self, reason: str) -> str:
        return PAGE_DATE_REASON[self.lang].get(reason, reason)

    def advice(self, status: Status | str) -> str:
        return ADVICE[self.lang][Status(status)]

    def fix(self, item: Fix) -> str:
        """The sentence of one item of an agency's fix list (`crawler.judge.fixes`): what to
        do and how, filled with its facts. Plain text: crawled facts (a certificate problem,
        a redirect's target, a document's title) are escaped where it is shown."""
        match item:
            case IncidentFix(incident=incident):  # the same advice as the incident's own
                return self[f"incident_advice_{incident.kind}"]
            case MakeReachable():
                return self.t("fix_reachable", cause=self._cause(item), hint=self._hint(item))
            case UnblockMonitor():
                return self["fix_unblock"]
            case PublishNews():
                key = "fix_news_modified" if item.modified else "fix_news"
                return self.t(key, date=self.date(item.newest), days=item.days)
            case PublishPpid():
                return self._ppid_fix(item)
            case MachineReadableDates():
                return self.t("fix_dates", missing="; ".join(self._missing_dates(item)))
            case StopDateBumping():
                what = [
                    self.t("fix_bumping_repeated", date=self.date(r.date), n=r.pages)
                    for r in item.repeated
                ]
                if item.stamped:
                    what.append(self.t("fix_bumping_stamped", n=item.stamped))
                return self.t("fix_bumping", what="; ".join(what))

    def _cause(self, item: MakeReachable) -> str:
        parts = [f"HTTP {item.http_status}"] if item.http_status else []
        parts += [self.failure(item.failure)] if item.failure else []
        return ", ".join(parts) or self["fix_reachable_unknown"]

    def _hint(self, item: MakeReachable) -> str:
        return FIX_REACHABLE[self.lang][item.failure or FailureKind.OTHER]

    def _ppid_fix(self, item: PublishPpid) -> str:
        if item.status is PpidStatus.MISSING:
            return self["fix_ppid_missing"]
        if item.unread:
            return self["fix_ppid_unread"]
        newest = item.newest
        if newest is not None and newest.earliest is not None:
            return self.t("fix_ppid_outdated", title=newest.title, date=self.date(newest.earliest))
        return self["fix_ppid_undated"]

    def _missing_dates(self, item: MachineReadableDates) -> list[str]:
        missing = {Found.ABSENT: "no", Found.EMPTY: "empty"}
        parts = [
            self[f"fix_dates_{missing[found]}_{name}"]
            for name, found in (("feed", item.feed), ("sitemap", item.sitemap))
            if found in missing
        ]
        if item.undated_articles:
            n, total = len(item.undated_articles), item.articles
            parts.append(self.t("fix_dates_articles", n=n, total=total))
        return parts

    def category(self, category: str) -> str:
        return CATEGORY[self.lang].get(category, category)

    def date(self, day: date) -> str:
        """ "19 Juni 2023" / "19 June 2023"."""
        return f"{day.day} {MONTHS[self.lang][day.month - 1]} {day.year}"

    def moment(self, when: datetime | str) -> str:
        """A timestamp (or its ISO 8601 text) in Jakarta time: "29 November 2026 10.41 WIB"."""
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        local = when.astimezone(WIB)
        clock = f"{local:%H.%M} WIB" if self.lang == "id" else f"{local:%H:%M} WIB"
        return f"{self.date(local.date())} {clock}"

    def ago(self, days: int | None) -> str:
        """ "147 hari lalu"; "hari ini" and "kemarin" for 0 and 1."""
        if days is None:
            return "–"
        if days <= 0:
            return self._text["today"]
        if days == 1:
            return self._text["yesterday"]
        return self.t("days_ago", n=days)

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "–"
        minutes, secs = divmod(round(seconds), 60)
        hours, minutes = divmod(minutes, 60)
        unit = {"id": ("jam", "menit", "detik"), "en": ("h", "min", "s")}[self.lang]
        parts = [f"{hours} {unit[0]}"] if hours else []
        parts += [f"{minutes} {unit[1]}"] if minutes or hours else []
        return " ".join([*parts, f"{secs} {unit[2]}"])
