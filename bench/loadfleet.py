"""A load fleet: N synthetic agency websites served on loopback by one cheap server process.

    with LoadFleet(1000, today) as fleet:
        fleet.url(0)                          # "http://127.1.0.1:41234/"
        fleet.write_config(tmp / "load.yaml")  # agencies load-00001 ... load-01000
        fleet.truth()["load-00001"]           # {"status": "stale", "last_updated": date(...)}

Each site is a distinct host: site i listens on its own loopback address (127.1.0.1,
127.1.0.2, ... skipping .0 and .255), all on one port, and the server tells them apart by the
address a connection arrived on. One spawned process runs a plain asyncio HTTP/1.1 server
(keep-alive, GET and HEAD) and writes every page on the fly from string pieces built once;
nothing is cached but the small plan of each site, so 5,000 sites cost little memory.

Every site is deterministic in (seed, i): its kind (35% WordPress-like, 35% the regency's
custom CMS, 30% OpenSID village sites), 10-40 news items, and the age of its newest item,
spread so that the statuses come out fresh, aging, stale and abandoned, with ~5% of sites that
print no date anywhere (undated) and ~3% whose every page answers 500 (unreachable). Truth
dates keep 3 days away from the 30/90/180-day thresholds. Pages carry what real ones do: a
100-link menu, sidebars, inline CSS, JavaScript and SVG, long Indonesian article bodies, and the
usual traps (today's date in the header, visitor counters, copyright years, comment dates,
the calendar widget's current month).

Run `python bench/loadfleet.py --sites 20` to serve a fleet by hand and print its URLs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import random
import resource
import socket
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import formatdate
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

#: Status thresholds of the crawler's defaults (crawler.model.Thresholds); truth keeps
#: MARGIN days away from each.
THRESHOLDS = {"fresh_days": 30, "aging_days": 90, "stale_days": 180}
MARGIN = 3
#: Days ago of a site's newest item, per status.
NEWEST_DAYS = {
    "fresh": (1, 30 - MARGIN),
    "aging": (30 + 1 + MARGIN, 90 - MARGIN),
    "stale": (90 + 1 + MARGIN, 180 - MARGIN),
    "abandoned": (180 + 1 + MARGIN, 1400),
}
STATUS_WEIGHTS = {"fresh": 30, "aging": 22, "stale": 18, "abandoned": 30}
KINDS = (("wp", 35), ("cms", 35), ("desa", 30))
UNREACHABLE_SHARE = 0.03
UNDATED_SHARE = 0.05

DEFAULT_CRAWL: dict[str, Any] = {
    "delay_seconds": 0,
    "concurrency_per_host": 1,
    "timeout_seconds": 10,
    "max_pages_per_site": 25,
    "obey_robots": True,
    "user_agent": "freshness-monitor-loadtest/0.1 (+https://example.invalid/contact)",
    "allow_private_hosts": True,
}

KEEPALIVE_SECONDS = 5.0  # Apache's KeepAliveTimeout
KEEPALIVE_MAX = 100  # Apache's MaxKeepAliveRequests
SITE_CACHE = 8192  # built sites kept by the server (a site is ~20 KB of strings)

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                "Des")  # fmt: skip
RFC_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RFC_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: (name, category) of the agencies of the two regency kinds; villages are "Desa <place>".
BODIES = (
    ("Dinas Pendidikan", "dinas"), ("Dinas Kesehatan", "dinas"), ("Dinas Sosial", "dinas"),
    ("Dinas Perikanan", "dinas"), ("Dinas Perhubungan", "dinas"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "dinas"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "dinas"),
    ("Dinas Komunikasi, Informatika dan Statistik", "dinas"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan"),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", "badan"),
    ("Badan Perencanaan Pembangunan Daerah", "badan"), ("Inspektorat", "inspektorat"),
    ("Bagian Hukum Sekretariat Daerah", "bagian"), ("Rumah Sakit Umum Daerah", "rsud"),
    ("Kecamatan Bantan", "kecamatan"), ("Kecamatan Rupat", "kecamatan"),
    ("Kelurahan Damon", "kelurahan"), ("PPID Pembantu", "ppid"),
)  # fmt: skip
PLACES = ("Teluk Latak", "Pematang Duku", "Sungai Alam", "Kelapapati", "Senggoro", "Meskom",
          "Air Putih", "Pangkalan Batang", "Ketam Putih", "Kuala Alam", "Sebauk", "Penampi",
          "Jangkang", "Selatbaru", "Mentayan", "Teluk Pambang", "Bantan Tengah", "Muntai",
          "Pambang Baru", "Deluk", "Sukamaju", "Tanjung Punak", "Batu Panjang")  # fmt: skip
TITLE_VERBS = ("Bupati Meresmikan", "Sosialisasi", "Rapat Koordinasi", "Pelatihan",
               "Penyaluran", "Gotong Royong", "Musyawarah", "Peninjauan", "Evaluasi",
               "Lomba", "Monitoring", "Penyerahan", "Bimbingan Teknis", "Pembukaan",
               "Kunjungan Kerja", "Apel Siaga", "Pencanangan", "Verifikasi")  # fmt: skip
TITLE_TOPICS = ("Jembatan Desa", "Bantuan Sosial Tunai", "Posyandu Balita", "Jalan Semenisasi",
                "Pencegahan Stunting", "Penerimaan Pegawai", "Vaksinasi Anak",
                "Program Ketahanan Pangan", "Pengelolaan Sampah", "Anggaran Desa",
                "Festival Budaya Melayu", "Bantuan Alat Tangkap Nelayan", "Sekolah Penggerak",
                "Pelayanan Administrasi Kependudukan", "Rumah Layak Huni", "Air Bersih",
                "Pasar Murah", "Kelompok Tani", "Zona Integritas", "Pelayanan Terpadu",
                "Penanganan Banjir", "Pemadaman Karhutla")  # fmt: skip
AUTHORS = ("admin", "Humas", "Redaksi", "Operator", "Administrator", "Tim Media")
COMMENTERS = ("Budi Santoso", "Rina Marlina", "Hendra", "Siti Aminah", "Warga Bantan",
              "Yusuf", "Dewi Lestari")  # fmt: skip

#: Static pages of an agency site (the menu): section -> titles.
AGENCY_PAGES: dict[str, tuple[str, ...]] = {
    "Profil": ("Visi dan Misi", "Tugas Pokok dan Fungsi", "Struktur Organisasi",
               "Sejarah Singkat", "Profil Pimpinan", "Sambutan Kepala", "Maklumat Pelayanan",
               "Motto dan Nilai Organisasi", "Lokasi Kantor", "Data Pegawai",
               "Rencana Strategis", "Penghargaan"),
    "Layanan": ("Standar Pelayanan", "Alur Pelayanan", "Persyaratan Layanan",
                "Jam Pelayanan Kantor", "Pengaduan Masyarakat", "Survei Kepuasan Masyarakat",
                "Layanan Konsultasi", "Layanan Rekomendasi", "Layanan Perizinan",
                "Layanan Data", "Tarif Layanan", "Janji Layanan", "Layanan Disabilitas",
                "Layanan Online", "Kanal Pengaduan"),
    "PPID": ("Profil PPID", "Struktur PPID", "Informasi Berkala", "Informasi Serta Merta",
             "Informasi Setiap Saat", "Informasi Dikecualikan", "Daftar Informasi Publik",
             "Permohonan Informasi", "Pengajuan Keberatan", "Laporan Layanan Informasi",
             "Standar Operasional Prosedur PPID", "Maklumat PPID", "Formulir Permohonan"),
    "Bidang": ("Sekretariat", "Bidang Perencanaan", "Bidang Pembinaan", "Bidang Pengawasan",
               "Bidang Pengembangan", "Bidang Pelayanan", "Subbagian Umum dan Kepegawaian",
               "Subbagian Keuangan", "Subbagian Program", "Unit Pelaksana Teknis",
               "Kelompok Jabatan Fungsional"),
    "Transparansi": ("Rencana Kerja", "Dokumen Pelaksanaan Anggaran", "Laporan Kinerja",
                     "Laporan Keuangan", "Rencana Umum Pengadaan", "Perjanjian Kinerja",
                     "Indikator Kinerja Utama", "Laporan Harta Kekayaan", "Realisasi Anggaran",
                     "Aset Daerah", "Pengadaan Barang dan Jasa"),
    "Regulasi": ("Peraturan Daerah", "Peraturan Bupati", "Keputusan Bupati",
                 "Surat Edaran", "Undang Undang Terkait", "Peraturan Menteri",
                 "Standar Operasional Prosedur", "Kode Etik Pegawai"),
    "Program": ("Program Unggulan", "Program Prioritas", "Inovasi Daerah",
                "Reformasi Birokrasi", "Zona Integritas Menuju WBK", "Sistem Pemerintahan",
                "Pengendalian Gratifikasi", "Whistleblowing System", "Benturan Kepentingan",
                "Satu Data"),
    "Unduhan": ("Formulir Pengaduan", "Formulir Permohonan Data", "Brosur Layanan",
                "Logo Resmi", "Materi Sosialisasi", "Panduan Aplikasi", "Dokumen Publik"),
    "Galeri": ("Galeri Foto", "Galeri Video", "Infografis", "Media Sosial"),
    "Kontak": ("Hubungi Kami", "Peta Lokasi", "Buku Tamu", "Tautan Terkait"),
}  # fmt: skip
VILLAGE_PAGES: dict[str, tuple[str, ...]] = {
    "Profil Desa": ("Sejarah Desa", "Visi dan Misi", "Wilayah Desa", "Potensi Desa",
                    "Peta Desa", "Profil Masyarakat", "Adat dan Budaya", "Lambang Desa",
                    "Kondisi Geografis", "Demografi"),
    "Pemerintahan": ("Struktur Organisasi", "Kepala Desa", "Perangkat Desa",
                     "Badan Permusyawaratan Desa", "Lembaga Pemberdayaan Masyarakat",
                     "Pemberdayaan Kesejahteraan Keluarga", "Karang Taruna",
                     "Rukun Tetangga dan Rukun Warga", "Linmas", "Badan Usaha Milik Desa",
                     "Kader Pembangunan Manusia", "Posyandu"),
    "Data Desa": ("Data Wilayah Administratif", "Data Pendidikan", "Data Pekerjaan",
                  "Data Agama", "Data Jenis Kelamin", "Data Golongan Darah",
                  "Data Kelompok Umur", "Data Perkawinan", "Data Warga Negara",
                  "Data Penerima Bantuan", "Data Kesehatan", "Data Disabilitas",
                  "Data Kepemilikan Rumah", "Data Sumber Air Minum", "Data Penerangan"),
    "Layanan": ("Layanan Mandiri", "Persyaratan Surat", "Surat Keterangan Usaha",
                "Surat Keterangan Domisili", "Surat Pengantar", "Pengaduan Warga",
                "Jam Pelayanan", "Layanan Kependudukan", "Layanan Kesehatan Desa",
                "Peminjaman Aula"),
    "Transparansi": ("Anggaran Pendapatan dan Belanja Desa", "Realisasi Anggaran",
                     "Rencana Kerja Pemerintah Desa", "Rencana Pembangunan Jangka Menengah",
                     "Laporan Penyelenggaraan", "Dana Desa", "Alokasi Dana Desa",
                     "Bantuan Langsung Tunai", "Aset Desa", "Pengadaan Desa"),
    "Produk Hukum": ("Peraturan Desa", "Peraturan Kepala Desa", "Keputusan Kepala Desa",
                     "Peraturan Bersama", "Rancangan Peraturan", "Lembaran Desa",
                     "Berita Acara Musyawarah"),
    "Lembaga": ("Kelompok Tani", "Kelompok Nelayan", "Koperasi Desa",
                "Majelis Taklim", "Remaja Masjid", "Sanggar Seni", "Kelompok Wanita Tani",
                "Gabungan Kelompok Tani", "Pokdarwis", "Bank Sampah"),
    "Pembangunan": ("Pembangunan Infrastruktur", "Program Padat Karya",
                    "Pemberdayaan Ekonomi", "Ketahanan Pangan Desa", "Desa Wisata",
                    "Sanitasi Lingkungan", "Penerangan Jalan", "Irigasi Desa",
                    "Pengembangan Pasar Desa", "Perumahan Warga"),
    "Galeri": ("Galeri Foto", "Galeri Video", "Peta Wisata", "Produk Unggulan"),
    "Kontak": ("Hubungi Kami", "Lokasi Kantor Desa", "Buku Tamu", "Tautan Terkait"),
}  # fmt: skip

# -- words and sizes: built once per process ---------------------------------------------------

_SUBJECTS = ("Pemerintah daerah", "Kepala dinas", "Kepala bidang", "Tim teknis",
             "Camat setempat", "Para peserta", "Perangkat desa", "Masyarakat sekitar",
             "Petugas lapangan", "Panitia pelaksana", "Sekretaris daerah", "Para kader",
             "Unsur forum koordinasi pimpinan", "Pendamping desa", "Tokoh masyarakat",
             "Kepala sekolah", "Tenaga kesehatan", "Kelompok usaha bersama")  # fmt: skip
_VERBS = ("menyampaikan pentingnya", "melaksanakan", "mendukung penuh", "meninjau langsung",
          "mengikuti rangkaian", "menyerahkan secara simbolis", "membahas rencana",
          "mengevaluasi capaian", "menargetkan penyelesaian", "mendorong percepatan",
          "memaparkan hasil", "mengapresiasi pelaksanaan", "mengingatkan kembali",
          "memastikan kelancaran", "menindaklanjuti usulan")  # fmt: skip
_OBJECTS = ("program peningkatan pelayanan publik", "pembangunan infrastruktur jalan lingkungan",
            "penguatan kapasitas aparatur", "pendataan keluarga penerima manfaat",
            "pengelolaan keuangan yang transparan dan akuntabel",
            "pencegahan stunting pada balita", "penataan kawasan permukiman",
            "pemberdayaan usaha mikro kecil dan menengah", "peningkatan mutu pendidikan dasar",
            "penanganan sampah rumah tangga", "ketersediaan air bersih bagi warga",
            "pelestarian adat dan budaya Melayu", "penguatan ketahanan pangan keluarga",
            "digitalisasi layanan administrasi", "perlindungan sosial bagi warga rentan",
            "rehabilitasi saluran drainase", "pengembangan potensi wisata pesisir")  # fmt: skip
_TAILS = ("secara berkelanjutan", "dengan melibatkan seluruh pemangku kepentingan",
          "sesuai ketentuan yang berlaku", "agar manfaatnya dirasakan langsung oleh masyarakat",
          "di seluruh wilayah kabupaten", "bersama organisasi perangkat daerah terkait",
          "sebagaimana diamanatkan dalam rencana pembangunan daerah",
          "dengan tetap mengedepankan semangat gotong royong",
          "sehingga target yang ditetapkan dapat tercapai", "tanpa mengabaikan kualitas pekerjaan",
          "dalam suasana yang tertib dan lancar",
          "demi kemajuan daerah yang kita cintai")  # fmt: skip
_QUOTES = ("Kami berharap kegiatan ini memberi manfaat nyata bagi masyarakat",
           "Kegiatan seperti ini harus terus kita dukung bersama",
           "Pelayanan kepada masyarakat adalah prioritas utama kami",
           "Semua pihak harus bekerja sama agar program berjalan dengan baik",
           "Kami membuka ruang seluas-luasnya bagi masukan dari warga")  # fmt: skip
_CSS_SELECTORS = ("header", "nav", "footer", "sidebar", "widget", "menu", "entry", "post",
                  "card", "btn", "navbar", "slider", "box", "title", "content", "thumb",
                  "gallery", "banner", "breadcrumb", "pagination", "search", "social",
                  "container", "row", "col", "media", "list", "item", "caption",
                  "meta")  # fmt: skip
_CSS_PROPS = ("color:#{c}", "background:#{c}", "margin:{n}px {m}px", "padding:{n}px {m}px",
              "font-size:{n}px", "line-height:1.{n}", "border:1px solid #{c}",
              "border-radius:{m}px", "display:block", "display:flex", "position:relative",
              "text-transform:uppercase", "font-weight:600", "width:{p}%", "opacity:.{n}",
              "transition:all .{n}s ease", "box-shadow:0 {m}px {n}px rgba(0,0,0,.1)")  # fmt: skip
_JS_NAMES = ("slider", "menu", "toggle", "lazy", "modal", "tabs", "carousel", "sticky", "popup",
             "search", "scroll", "accordion", "tooltip", "counter", "share", "gallery")  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Blobs:
    """Text pieces shared by every page: filler paragraphs and inline asset blobs."""

    filler: str  # "<p>...</p>" paragraphs back to back
    bounds: tuple[int, ...]  # offsets of paragraph starts, and the end
    css: tuple[str, ...]  # ~4 KB chunks of a theme's inline CSS
    js: tuple[str, ...]  # ~4 KB chunks of inline JavaScript
    svg: tuple[str, ...]  # ~5 KB chunks of an inline SVG icon sprite


@lru_cache(maxsize=1)
def blobs() -> _Blobs:
    rng = random.Random(20261129)
    paragraphs, bounds, at = [], [], 0
    for _ in range(3000):
        sentences = []
        for _ in range(rng.randint(4, 7)):
            if rng.random() < 0.12:
                sentences.append(f"&ldquo;{rng.choice(_QUOTES)},&rdquo; ujarnya.")
            else:
                sentences.append(
                    f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                    f"{rng.choice(_TAILS)}."
                )
        text = f"<p>{' '.join(sentences)}</p>\n"
        paragraphs.append(text)
        bounds.append(at)
        at += len(text)
    bounds.append(at)

    def chunks(make: Any, count: int, size: int) -> tuple[str, ...]:
        out = []
        for _ in range(count):
            parts, length = [], 0
            while length < size:
                piece = make()
                parts.append(piece)
                length += len(piece)
            out.append("".join(parts))
        return tuple(out)

    def colour() -> str:
        return f"{rng.randrange(0x1000000):06x}"

    def css_rule() -> str:
        selector = " ".join(
            f".{rng.choice(_CSS_SELECTORS)}-{rng.choice(_CSS_SELECTORS)}"
            for _ in range(rng.randint(1, 3))
        )
        props = ";".join(
            rng.choice(_CSS_PROPS).format(
                c=colour(), n=rng.randint(1, 9), m=rng.randint(2, 30), p=rng.randint(10, 100)
            )
            for _ in range(rng.randint(2, 6))
        )
        return f"{selector}{{{props}}}\n"

    def js_function() -> str:
        name = f"{rng.choice(_JS_NAMES)}{rng.choice(_JS_NAMES).title()}"
        var = rng.choice("abcdefghijk")
        return (
            f'!function({var}){{"use strict";var t={var}(".{rng.choice(_CSS_SELECTORS)}"),'
            f"n={rng.randint(2, 9)}*{rng.randint(10, 99)};function {name}(e){{"
            f"return e&&e.length?e.each(function(){{var i={var}(this);i.toggleClass("
            f'"is-active",i.offset().top<n),i.attr("data-{rng.choice(_JS_NAMES)}",'
            f'i.data("{rng.choice(_JS_NAMES)}")||"")}}):null}}{var}(window).on("scroll.'
            f'{rng.choice(_JS_NAMES)}",function(){{{name}(t)}}),{var}.fn.{name}={name}}}'
            f"(jQuery);\n"
        )

    def svg_symbol() -> str:
        path = "".join(
            f"{rng.choice('MLCQ')}{rng.randint(1, 23)}.{rng.randint(0, 9)} "
            f"{rng.randint(1, 23)}.{rng.randint(0, 9)}"
            for _ in range(rng.randint(6, 14))
        )
        return (
            f'<symbol id="icon-{rng.choice(_JS_NAMES)}-{rng.randrange(1000)}" '
            f'viewBox="0 0 24 24"><path d="{path}z"/></symbol>'
        )

    return _Blobs(
        filler="".join(paragraphs),
        bounds=tuple(bounds),
        css=chunks(css_rule, 10, 4096),
        js=chunks(js_function, 8, 4096),
        svg=chunks(svg_symbol, 6, 5120),
    )


# -- dates as printed ----------------------------------------------------------------------------


def id_long(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def id_padded(day: date) -> str:
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def id_long_day(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]}, {id_long(day)}"


def iso_local(day: date, hhmm: str) -> str:
    return f"{day.isoformat()}T{hhmm}:00+07:00"


def iso_gmt(day: date, hhmm: str) -> str:
    # Items are posted from 08:00 WIB on, so the UTC day is the Jakarta day.
    return f"{day.isoformat()}T{int(hhmm[:2]) - 7:02d}{hhmm[2:]}:00"


def rfc822(day: date, hhmm: str) -> str:
    return (
        f"{RFC_DAYS[day.weekday()]}, {day.day:02d} {RFC_MONTHS[day.month - 1]} {day.year} "
        f"{hhmm}:00 +0700"
    )


def slugify(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part)


def esc(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;")


# -- sites ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """What decides a site's verdict: cheap to compute, used for the truth and by the server."""

    index: int  # 0-based; agency load-{index + 1:05d}
    kind: str  # wp, cms, desa
    status: str  # the verdict the crawler must reach
    days: tuple[int, ...]  # days ago of each news item, newest first (empty when unreachable)
    dated: bool  # False: no date printed anywhere (status undated)

    @property
    def agency_id(self) -> str:
        return f"load-{self.index + 1:05d}"


def plan_site(seed: int, index: int) -> Plan:
    rng = random.Random(f"loadfleet/{seed}/{index}")
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    roll = rng.random()
    if roll < UNREACHABLE_SHARE:
        return Plan(index, kind, "unreachable", (), True)
    count = rng.randint(10, 40)
    if roll < UNREACHABLE_SHARE + UNDATED_SHARE:
        return Plan(index, kind, "undated", tuple(range(count)), False)
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    newest = rng.randint(*NEWEST_DAYS[status])
    mean_gap = rng.choice((1.5, 3, 6, 12, 25))
    days, day = [], newest
    for _ in range(count):
        days.append(day)
        day += int(rng.expovariate(1 / mean_gap))
    return Plan(index, kind, status, tuple(days), True)


def site_name(seed: int, plan: Plan) -> tuple[str, str]:
    """(name, category) of a site."""
    rng = random.Random(f"loadfleet-name/{seed}/{plan.index}")
    if plan.kind == "desa":
        return f"Desa {rng.choice(PLACES)} {plan.index + 1}", "desa"
    body, category = rng.choice(BODIES)
    return f"{body} {plan.index + 1}", category


def site_address(index: int) -> str:
    """127.1.0.1, 127.1.0.2, ... 127.1.0.254, 127.1.1.1, ...: never .0 or .255."""
    block, last = divmod(index, 254)
    return f"127.{1 + block // 256}.{block % 256}.{last + 1}"


@dataclass(slots=True)
class Item:
    id: int
    day: date
    hhmm: str
    title: str
    slug: str
    summary: str
    body: tuple[int, int]  # paragraph range in the filler
    views: int
    category: str  # berita, pengumuman, artikel
    author: str
    modified: date  # WordPress modified stamp (>= day)
    comments: tuple[tuple[str, date, str], ...]  # (name, day, hh.mm)


class Site:
    """One built site: its items and the per-site parts of its pages."""

    def __init__(self, seed: int, index: int, today: date) -> None:
        plan = plan_site(seed, index)
        self.plan = plan
        self.kind = plan.kind
        self.today = today
        self.name, self.category = site_name(seed, plan)
        rng = random.Random(f"loadfleet-site/{seed}/{index}")
        b = blobs()
        self.short = "".join(w[0] for w in self.name.split() if w[0].isupper())[:6]
        self.head_assets = (
            '<style id="theme-inline-css">\n'
            + "".join(rng.sample(b.css, rng.randint(2, 7)))
            + "</style>\n"
        )
        self.foot_assets = (
            "<script>\n" + "".join(rng.sample(b.js, rng.randint(1, 5))) + "</script>\n"
        )
        self.sprite = (
            '<svg xmlns="http://www.w3.org/2000/svg" style="display:none">'
            + "".join(rng.sample(b.svg, rng.randint(0, 4)))
            + "</svg>\n"
        )
        self.body_scale = rng.choice((1, 1, 2, 3, 4))
        self.calendar = self.kind == "wp" and rng.random() < 0.4
        self.visitors = rng.randint(5_000, 900_000)
        first_id = rng.randint(120, 3000)
        self.items: list[Item] = []
        count = len(plan.days)
        for rank, days_ago in enumerate(plan.days):
            day = today - timedelta(days=days_ago)
            title = f"{rng.choice(TITLE_VERBS)} {rng.choice(TITLE_TOPICS)} di {rng.choice(PLACES)}"
            start = rng.randrange(len(b.bounds) - 80)
            paragraphs = rng.randint(4, 20) * self.body_scale
            modified = day
            if rng.random() < 0.2:
                modified = min(today, day + timedelta(days=rng.randint(0, 60)))
            comments: list[tuple[str, date, str]] = []
            if plan.dated and self.kind in ("wp", "desa") and rng.random() < 0.12:
                for _ in range(rng.randint(1, 3)):
                    when = min(today, day + timedelta(days=rng.randint(0, 400)))
                    hhmm = f"{rng.randint(6, 22):02d}.{rng.randint(0, 59):02d}"
                    comments.append((rng.choice(COMMENTERS), when, hhmm))
                comments.sort(key=lambda c: c[1])
            self.items.append(
                Item(
                    id=first_id + (count - rank) * 3 + rng.randint(0, 2),
                    day=day,
                    hhmm=f"{rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}",
                    title=title,
                    slug=slugify(title),
                    summary=_first_sentence(b, start),
                    body=(start, start + min(paragraphs, 79)),
                    views=rng.randint(12, 4000),
                    category=rng.choices(("berita", "pengumuman", "artikel"), (6, 2, 2))[0],
                    author=rng.choice(AUTHORS),
                    modified=modified,
                    comments=tuple(comments),
                )
            )
        # Several items can share a slug: the id keeps their URLs apart.
        seen: set[str] = set()
        for item in self.items:
            if item.slug in seen:
                item.slug = f"{item.slug}-{item.id}"
            seen.add(item.slug)
        self.by_slug = {item.slug: item for item in self.items}
        self.by_id = {item.id: item for item in self.items}
        self.pages = VILLAGE_PAGES if self.kind == "desa" else AGENCY_PAGES
        self.page_paths = self._page_paths()

    # -- URLs -------------------------------------------------------------------------------

    def item_path(self, item: Item) -> str:
        d = item.day
        if self.kind == "wp":
            if not self.plan.dated:
                return f"/{item.slug}/"
            return f"/{d.year}/{d.month:02d}/{d.day:02d}/{item.slug}/"
        if self.kind == "cms":
            return f"/web/detailberita/{item.id}/{item.slug}"
        if not self.plan.dated:
            return f"/first/artikel/{item.id}"
        return f"/artikel/{d.year}/{d.month:02d}/{d.day:02d}/{item.slug}"

    def _page_paths(self) -> dict[str, tuple[str, str]]:
        """Path of each static page -> (section, title)."""
        paths: dict[str, tuple[str, str]] = {}
        number = 1
        for section, titles in self.pages.items():
            for title in titles:
                if self.kind == "wp":
                    path = f"/{slugify(section)}/{slugify(title)}/"
                elif self.kind == "cms":
                    path = f"/web/halaman/{number}/{slugify(title)}"
                else:
                    path = f"/halaman/{number}/{slugify(title)}"
                paths[path] = (section, title)
                number += 1
        return paths

    def body_of(self, item: Item) -> str:
        b = blobs()
        return b.filler[b.bounds[item.body[0]] : b.bounds[item.body[1]]]


def _first_sentence(b: _Blobs, paragraph: int) -> str:
    text = b.filler[b.bounds[paragraph] + 3 : b.bounds[paragraph + 1]]
    return text.split(". ", 1)[0].removesuffix("</p>\n").rstrip(".") + "."


# -- pages ------------------------------------------------------------------------------------

Answer = tuple[int, str, str]  # status, content type, body
HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"


def not_found(site: Site | None = None) -> Answer:
    body = (
        "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>"
        "<h1>Not Found</h1><p>The requested URL was not found on this server.</p>"
        "<hr><address>Apache Server</address></body></html>\n"
    )
    return 404, HTML, body


def server_error() -> Answer:
    body = (
        "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>"
        "<h1>A PHP Error was encountered</h1><p>Severity: Warning</p>"
        "<p>Message: mysqli::real_connect(): (HY000/1040): Too many connections</p>"
        "<p>Filename: mysqli/mysqli_driver.php</p><p>Line Number: 201</p>"
        "<h1>A Database Error Occurred</h1><p>Unable to connect to your database server "
        "using the provided settings.</p></body></html>\n"
    )
    return 500, HTML, body


def answer(site: Site, base: str, path: str, query: str) -> Answer:
    """The response of `site` (served at `base`) to a GET of path?query."""
    if site.plan.status == "unreachable":
        return server_error()
    if path == "/robots.txt":
        return 200, TEXT, robots(site, base)
    if site.kind == "wp":
        return WordPress(site, base).route(path, query)
    if site.kind == "cms":
        return RegencyCMS(site, base).route(path, query)
    return Village(site, base).route(path, query)


def robots(site: Site, base: str) -> str:
    lines = ["User-agent: *"]
    if site.kind == "wp":
        lines += ["Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php", "",
                  f"Sitemap: {base}/wp-sitemap.xml"]  # fmt: skip
    elif site.kind == "cms":
        lines += ["Allow: /", "Disallow: /adminweb/"]
    else:
        lines += ["Allow: /", "Disallow: /siteman", "", f"Sitemap: {base}/sitemap.xml"]
    return "\n".join(lines) + "\n"


def _page_number(query: str) -> int:
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key in ("page", "paged") and value.isdigit():
            return max(int(value), 1)
    return 1


class _Pages:
    """Shared helpers of the three kinds; one instance per request (cheap)."""

    def __init__(self, site: Site, base: str) -> None:
        self.site = site
        self.base = base
        self.today = site.today

    def url(self, item: Item) -> str:
        return self.base + self.site.item_path(item)

    def menu(self, news: list[tuple[str, str]]) -> str:
        """The ~100-link main menu: news sections first, then every static page by section."""
        site = self.site
        out = ['<ul id="primary-menu" class="menu nav navbar-nav">',
               f'<li class="menu-item"><a href="{self.base}/">Beranda</a></li>']  # fmt: skip
        for label, href in news:
            out.append(f'<li class="menu-item"><a href="{self.base}{href}">{label}</a></li>')
        by_section: dict[str, list[tuple[str, str]]] = {}
        for path, (section, title) in site.page_paths.items():
            by_section.setdefault(section, []).append((path, title))
        for section, pages in by_section.items():
            out.append(
                f'<li class="menu-item menu-item-has-children dropdown"><a href="#" '
                f'class="dropdown-toggle">{section}</a><ul class="sub-menu dropdown-menu">'
            )
            out += [
                f'<li class="menu-item"><a href="{self.base}{path}">{title}</a></li>'
                for path, title in pages
            ]
            out.append("</ul></li>")
        out.append("</ul>")
        return "\n".join(out)

    def counter(self) -> str:
        ordinal = self.today.toordinal() + self.site.plan.index
        rows = (("Hari ini", 14 + ordinal % 53), ("Kemarin", 38 + ordinal % 71),
                ("Minggu ini", 211 + ordinal % 240), ("Bulan ini", 900 + ordinal % 997),
                ("Total Pengunjung", self.site.visitors + ordinal % 1000),
                ("Sedang Online", 1 + ordinal % 6))  # fmt: skip
        cells = "".join(f'<tr><td>{k}</td><td class="text-right">{v}</td></tr>' for k, v in rows)
        return (
            '<div class="box widget statistik-pengunjung"><h3 class="box-title">Statistik '
            f'Pengunjung</h3><div class="box-body"><table class="statistik">{cells}</table>'
            "</div></div>\n"
        )

    def static_page(self, section: str, title: str, shell: Any) -> Answer:
        b = blobs()
        start = (hash_text(title) + self.site.plan.index) % (len(b.bounds) - 20)
        content = (
            f'<article class="page type-page"><header class="entry-header"><h1 '
            f'class="entry-title">{title}</h1></header><div class="entry-content">'
            f"<p><strong>{title}</strong> {esc(self.site.name)} ({section}).</p>\n"
            f"{b.filler[b.bounds[start] : b.bounds[start + 3 + len(title) % 6]]}"
            "</div></article>\n"
        )
        return 200, HTML, shell(title, content)


def hash_text(text: str) -> int:
    """A stable small hash (Python's hash() is salted per process)."""
    value = 0
    for ch in text:
        value = (value * 31 + ord(ch)) & 0xFFFFFF
    return value


class WordPress(_Pages):
    """A WordPress site with a news theme: REST API, feed, core sitemaps, dated permalinks."""

    NEWS = (("Berita", "/category/berita/"), ("Pengumuman", "/category/pengumuman/"),
            ("Artikel", "/category/artikel/"))  # fmt: skip

    def route(self, path: str, query: str) -> Answer:
        site = self.site
        dated = site.plan.dated
        if path == "/":
            return 200, HTML, self.listing(site.items, "", query)
        if path in ("/feed/", "/feed"):
            return (200, RSS, self.feed()) if dated else not_found()
        if path == "/wp-json/wp/v2/posts":
            return (200, JSON, self.api(query)) if dated else self.api_refused()
        if path == "/wp-json/":
            return (200, JSON, self.api_index()) if dated else self.api_refused()
        if path == "/wp-sitemap.xml":
            return 200, XML, self.sitemap_index()
        if path == "/wp-sitemap-posts-post-1.xml":
            return 200, XML, self.urlset(self.url(i) for i in site.items)
        if path == "/wp-sitemap-posts-page-1.xml":
            return 200, XML, self.urlset(self.base + p for p in site.page_paths)
        if path == "/wp-sitemap-taxonomies-category-1.xml":
            return 200, XML, self.urlset(self.base + href for _, href in self.NEWS)
        if path.startswith("/category/"):
            parts = [p for p in path.split("/") if p]
            if len(parts) >= 2 and parts[1] in ("berita", "pengumuman", "artikel"):
                chosen = [i for i in site.items if i.category == parts[1]]
                page = int(parts[3]) if len(parts) == 4 and parts[3].isdigit() else 1
                return 200, HTML, self.listing(chosen, parts[1].title(), query, page)
        if path.startswith("/page/"):
            number = path.strip("/").split("/")[-1]
            if number.isdigit():
                return 200, HTML, self.listing(site.items, "", query, int(number))
        if path in site.page_paths:
            return self.static_page(*site.page_paths[path], self.shell)
        slug = path.rstrip("/").rsplit("/", 1)[-1]
        item = site.by_slug.get(slug)
        if item is not None and site.item_path(item) == path:
            return 200, HTML, self.article(item)
        return not_found()

    def api_refused(self) -> Answer:
        body = {
            "code": "rest_disabled",
            "message": "The REST API is disabled on this site.",
            "data": {"status": 401},
        }
        return 401, JSON, json.dumps(body)

    def head(self, title: str, extra: str = "") -> str:
        site, base = self.site, self.base
        feeds = ""
        if site.plan.dated:
            feeds = (
                f'<link rel="alternate" type="application/rss+xml" title="{esc(site.name)} '
                f'&raquo; Feed" href="{base}/feed/">\n<link rel="alternate" '
                f'type="application/rss+xml" title="{esc(site.name)} &raquo; Umpan Komentar" '
                f'href="{base}/comments/feed/">\n<link rel="https://api.w.org/" '
                f'href="{base}/wp-json/">\n'
            )
        return (
            '<!DOCTYPE html>\n<html lang="id-ID">\n<head>\n<meta charset="UTF-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title} &#8211; {esc(site.name)}</title>\n"
            '<meta name="robots" content="max-image-preview:large">\n'
            f"{feeds}{extra}"
            f'<link rel="stylesheet" id="theme-style-css" href="{base}/wp-content/themes/'
            'newsup/style.css?ver=6.6.2" media="all">\n'
            f'<script src="{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" '
            'id="jquery-core-js"></script>\n'
            '<meta name="generator" content="WordPress 6.6.2">\n'
            f"{site.head_assets}</head>\n"
        )

    def shell(self, title: str, main: str, extra_head: str = "", body_class: str = "") -> str:
        site, base = self.site, self.base
        return (
            f"{self.head(title, extra_head)}"
            f'<body class="{body_class or "page-template-default page"}">\n{site.sprite}'
            '<div id="page" class="site"><header id="masthead" class="site-header">'
            f'<div class="site-branding"><p class="site-title"><a href="{base}/" rel="home">'
            f'{esc(site.name)}</a></p><p class="site-description">Website Resmi '
            f"{esc(site.name)} Kabupaten Bengkalis</p></div>\n"
            '<nav id="site-navigation" class="main-navigation">\n'
            f"{self.menu(list(self.NEWS))}\n</nav></header>\n"
            '<div id="content" class="site-content"><div class="container"><div class="row">'
            f'<main id="primary" class="site-main col-md-8">\n{main}</main>\n'
            f"{self.sidebar()}</div></div></div>\n"
            f'<footer id="colophon" class="site-footer"><div class="site-info">Hak Cipta '
            f"&copy; {self.today.year} {esc(site.name)} | Tema oleh Themeansar | Didukung oleh "
            '<a href="https://wordpress.org/">WordPress</a></div></footer></div>\n'
            f"{site.foot_assets}</body>\n</html>\n"
        )

    def sidebar(self) -> str:
        site, base = self.site, self.base
        recent = "".join(f'<li><a href="{self.url(i)}">{i.title}</a></li>' for i in site.items[:5])
        parts = [
            '<aside id="secondary" class="widget-area col-md-4">',
            '<section id="search-2" class="widget widget_search"><form role="search" '
            f'method="get" class="search-form" action="{base}/"><label><span '
            'class="screen-reader-text">Cari untuk:</span><input type="search" '
            'class="search-field" name="s"></label></form></section>',
            '<section id="recent-posts-2" class="widget widget_recent_entries"><h2 '
            f'class="widget-title">Pos-pos Terbaru</h2><ul>{recent}</ul></section>',
        ]
        if site.plan.dated:
            months = []
            for item in site.items:
                key = (item.day.year, item.day.month)
                if key not in months:
                    months.append(key)
            archive = "".join(
                f'<li><a href="{base}/{y}/{m:02d}/">{MONTHS[m - 1]} {y}</a></li>'
                for y, m in months[:12]
            )
            parts.append(
                '<section id="archives-2" class="widget widget_archive"><h2 '
                f'class="widget-title">Arsip</h2><ul>{archive}</ul></section>'
            )
            if site.calendar:
                parts.append(self.calendar())
        categories = "".join(
            f'<li class="cat-item"><a href="{base}{href}">{label}</a></li>'
            for label, href in self.NEWS
        )
        parts.append(
            '<section id="categories-2" class="widget widget_categories"><h2 '
            f'class="widget-title">Kategori</h2><ul>{categories}</ul></section>'
        )
        parts.append("</aside>\n")
        return "\n".join(parts)

    def calendar(self) -> str:
        """WordPress's calendar widget: the current month, days with posts linked."""
        today, base = self.today, self.base
        first = today.replace(day=1)
        posted = {i.day.day for i in self.site.items if (i.day.year, i.day.month) ==
                  (today.year, today.month)}  # fmt: skip
        pad = first.weekday()
        cells = [f'<td colspan="{pad}" class="pad">&nbsp;</td>'] if pad else []
        day = first
        while day.month == today.month:
            if day.day in posted:
                cells.append(
                    f'<td><a href="{base}/{day.year}/{day.month:02d}/{day.day:02d}/" '
                    f'aria-label="Pos diterbitkan pada {id_long(day)}">{day.day}</a></td>'
                )
            elif day == today:
                cells.append(f'<td id="today">{day.day}</td>')
            else:
                cells.append(f"<td>{day.day}</td>")
            day += timedelta(days=1)
        rows = "".join(
            "<tr>" + "".join(cells[i : i + 7]) + "</tr>" for i in range(0, len(cells), 7)
        )
        last = self.site.items[0].day
        heads = "".join(f'<th scope="col" title="{n}">{n[0]}</th>' for n in DAY_NAMES)
        return (
            '<section id="calendar-2" class="widget widget_calendar"><div id="calendar_wrap" '
            'class="calendar_wrap"><table id="wp-calendar" class="wp-calendar-table">'
            f"<caption>{MONTHS[today.month - 1]} {today.year}</caption><thead><tr>{heads}"
            f'</tr></thead><tbody>{rows}</tbody></table><nav aria-label="Bulan sebelumnya dan '
            'selanjutnya" class="wp-calendar-nav"><span class="wp-calendar-nav-prev"><a '
            f'href="{base}/{last.year}/{last.month:02d}/">&laquo; {MONTHS_SHORT[last.month - 1]}'
            "</a></span></nav></div></section>"
        )

    def time_tag(self, item: Item) -> str:
        if not self.site.plan.dated:
            return ""
        return (
            f'<span class="posted-on"><a href="{self.url(item)}" rel="bookmark"><time '
            f'class="entry-date published" datetime="{iso_local(item.day, item.hhmm)}">'
            f"{id_long(item.day)}</time></a></span> "
        )

    def listing(self, items: list[Item], label: str, query: str, page: int = 1) -> str:
        shown = items[(page - 1) * 10 : page * 10]
        out = []
        if label:
            out.append(
                f'<header class="page-header"><h1 class="page-title">Kategori: {label}</h1>'
                "</header>"
            )
        for item in shown:
            url = self.url(item)
            out.append(
                f'<article id="post-{item.id}" class="post-{item.id} post type-post '
                f"status-publish format-standard has-post-thumbnail hentry category-"
                f'{item.category}"><div class="post-thumbnail"><a href="{url}"><img '
                f'width="640" height="360" src="{self.base}/wp-content/uploads/thumb-'
                f'{item.id}-640x360.jpg" alt=""></a></div><header class="entry-header">'
                f'<h2 class="entry-title"><a href="{url}" rel="bookmark">{item.title}</a></h2>'
                f'<div class="entry-meta">{self.time_tag(item)}<span class="byline">oleh '
                f'<span class="author vcard">{item.author}</span></span></div></header>'
                f'<div class="entry-summary"><p>{item.summary} [&hellip;]</p></div>'
                f'<footer class="entry-footer"><a class="more-link" href="{url}">Baca '
                "Selengkapnya</a></footer></article>\n"
            )
        if len(items) > page * 10:
            older = f"{self.base}/page/{page + 1}/"
            out.append(
                '<nav class="navigation posts-navigation" aria-label="Pos"><div '
                f'class="nav-links"><div class="nav-previous"><a href="{older}">Berita '
                "Sebelumnya</a></div></div></nav>\n"
            )
        title = label or "Berita Terbaru"
        return self.shell(title, "".join(out), body_class="home blog")

    def article(self, item: Item) -> str:
        site, url = self.site, self.url(item)
        meta = f'<link rel="canonical" href="{url}">\n<meta property="og:type" content="article">\n'
        if site.plan.dated:
            meta += (
                f'<meta property="article:published_time" content="'
                f'{iso_local(item.day, item.hhmm)}">\n<meta property="article:modified_time" '
                f'content="{iso_local(item.modified, "15:02")}">\n'
            )
        dates = ""
        if site.plan.dated:
            dates = (
                f'<span class="posted-on">Diposting pada <a href="{url}" rel="bookmark"><time '
                f'class="entry-date published" datetime="{iso_local(item.day, item.hhmm)}">'
                f'{id_long(item.day)}</time><time class="updated" datetime="'
                f'{iso_local(item.modified, "15:02")}">{id_long(item.modified)}</time></a>'
                "</span> "
            )
        comments = ""
        if item.comments:
            entries = "".join(
                f'<li id="comment-{item.id * 10 + n}" class="comment even thread-even depth-1">'
                '<article class="comment-body"><footer class="comment-meta"><div '
                f'class="comment-author vcard"><b class="fn">{name}</b> <span class="says">'
                'berkata:</span></div><div class="comment-metadata"><a href="'
                f'{url}#comment-{item.id * 10 + n}"><time datetime="'
                f'{iso_local(day, hhmm.replace(".", ":"))}">{id_long(day)} pukul {hhmm}</time>'
                '</a></div></footer><div class="comment-content"><p>Terima kasih atas '
                "informasinya, semoga bermanfaat bagi warga.</p></div></article></li>"
                for n, (name, day, hhmm) in enumerate(item.comments)
            )
            comments = (
                f'<h2 class="comments-title">{len(item.comments)} tanggapan untuk &ldquo;'
                f'{item.title}&rdquo;</h2><ol class="comment-list">{entries}</ol>'
            )
        main = (
            f'<article id="post-{item.id}" class="post-{item.id} post type-post status-publish '
            f'format-standard hentry category-{item.category}"><header class="entry-header">'
            f'<h1 class="entry-title">{item.title}</h1><div class="entry-meta">{dates}'
            f'<span class="byline"> oleh <span class="author vcard"><a class="url fn n" '
            f'href="{self.base}/author/{item.author.lower()}/">{item.author}</a></span></span>'
            f'</div></header><div class="entry-content">\n<p><strong>BENGKALIS</strong> '
            f"&ndash; {item.summary}</p>\n{site.body_of(item)}</div>"
            f'<footer class="entry-footer"><span class="cat-links">Kategori: <a href="'
            f'{self.base}/category/{item.category}/" rel="category tag">'
            f"{item.category.title()}</a></span></footer></article>\n"
            f'<div id="comments" class="comments-area">{comments}<div id="respond" '
            'class="comment-respond"><h3 id="reply-title" class="comment-reply-title">'
            f'Tinggalkan Balasan</h3><form action="{self.base}/wp-comments-post.php" '
            'method="post" id="commentform" class="comment-form"><textarea id="comment" '
            'name="comment"></textarea><input type="hidden" name="comment_post_ID" value="'
            f'{item.id}"></form></div></div>\n'
        )
        body_class = f"post-template-default single single-post postid-{item.id}"
        return self.shell(item.title, main, meta, body_class)

    def feed(self) -> str:
        site, items = self.site, self.site.items[:10]
        entries = "".join(
            f"<item><title>{i.title}</title><link>{self.url(i)}</link><comments>"
            f"{self.url(i)}#respond</comments><dc:creator><![CDATA[{i.author}]]></dc:creator>"
            f"<pubDate>{rfc822(i.day, i.hhmm)}</pubDate><category><![CDATA["
            f'{i.category.title()}]]></category><guid isPermaLink="false">{self.base}/?p='
            f"{i.id}</guid><description><![CDATA[{i.summary} [&#8230;]]]></description>"
            f"<wfw:commentRss>{self.url(i)}feed/</wfw:commentRss><slash:comments>"
            f"{len(i.comments)}</slash:comments></item>\n"
            for i in items
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
            'xmlns:slash="http://purl.org/rss/1.0/modules/slash/">\n<channel>'
            f'<title>{esc(site.name)}</title><atom:link href="{self.base}/feed/" rel="self" '
            f'type="application/rss+xml" /><link>{self.base}</link><description>Website Resmi'
            f"</description><lastBuildDate>{rfc822(items[0].day, items[0].hhmm)}</lastBuildDate>"
            "<language>id</language><generator>https://wordpress.org/?v=6.6.2</generator>\n"
            f"{entries}</channel></rss>\n"
        )

    def api(self, query: str) -> str:
        per_page = 10
        for pair in query.split("&"):
            key, _, value = pair.partition("=")
            if key == "per_page" and value.isdigit():
                per_page = min(max(int(value), 1), 100)
        page = _page_number(query)
        items = self.site.items[(page - 1) * per_page : page * per_page]
        return json.dumps(
            [
                {
                    "id": i.id,
                    "date": f"{i.day.isoformat()}T{i.hhmm}:00",
                    "date_gmt": iso_gmt(i.day, i.hhmm),
                    "modified": f"{i.modified.isoformat()}T15:02:00",
                    "modified_gmt": iso_gmt(i.modified, "15:02"),
                    "slug": i.slug,
                    "status": "publish",
                    "type": "post",
                    "link": self.url(i),
                    "title": {"rendered": i.title},
                }
                for i in items
            ]
        )

    def api_index(self) -> str:
        return json.dumps(
            {"name": self.site.name, "url": self.base, "namespaces": ["oembed/1.0", "wp/v2"]}
        )

    def sitemap_index(self) -> str:
        children = ("posts-post-1", "posts-page-1", "taxonomies-category-1", "users-1")
        entries = "".join(
            f"<sitemap><loc>{self.base}/wp-sitemap-{c}.xml</loc></sitemap>" for c in children
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n'
        )

    def urlset(self, urls: Any) -> str:
        entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n'
        )


class RegencyCMS(_Pages):
    """The regency's own PHP CMS: /web/berita, /web/detailberita/{id}/{slug}; no feed, no
    sitemap; "Senin, 12 Agustus 2024" dates, today's date in the header, visitor counter."""

    NEWS = (("Berita", "/web/berita"), ("Pengumuman", "/web/kategori/2/pengumuman"),
            ("Artikel", "/web/kategori/3/artikel"))  # fmt: skip
    CATEGORIES: ClassVar[dict[str, str]] = {"1": "berita", "2": "pengumuman", "3": "artikel"}

    def route(self, path: str, query: str) -> Answer:
        site = self.site
        if path in ("/", "/web", "/web/home"):
            return 200, HTML, self.home()
        if path == "/web/berita":
            return 200, HTML, self.listing(site.items, "Semua Berita", _page_number(query))
        if path.startswith("/web/kategori/"):
            parts = path.split("/")
            if len(parts) == 5 and parts[3] in self.CATEGORIES:
                kind = self.CATEGORIES[parts[3]]
                chosen = [i for i in site.items if i.category == kind]
                return 200, HTML, self.listing(chosen, kind.title(), _page_number(query))
        if path.startswith("/web/detailberita/"):
            parts = path.split("/")
            if len(parts) == 5 and parts[3].isdigit():
                item = site.by_id.get(int(parts[3]))
                if item is not None and item.slug == parts[4]:
                    return 200, HTML, self.article(item)
        if path in site.page_paths:
            return self.static_page(*site.page_paths[path], self.shell)
        return not_found()

    def date_line(self, item: Item) -> str:
        return id_long_day(item.day) if self.site.plan.dated else ""

    def shell(self, title: str, content: str, meta: str = "") -> str:
        site, base, today = self.site, self.base, self.today
        return (
            '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title} - {esc(site.name)}</title>\n"
            f'<meta name="description" content="Website Resmi {esc(site.name)}">\n{meta}'
            f'<link href="{base}/template/bengkalis/css/bootstrap.min.css" rel="stylesheet">\n'
            f'<script src="{base}/template/bengkalis/js/jquery-1.11.3.min.js"></script>\n'
            f"{site.head_assets}</head>\n<body>\n{site.sprite}"
            '<div class="top-header"><div class="container"><div class="pull-left">'
            f'<i class="fa fa-calendar"></i> {id_long_day(today)} &nbsp;|&nbsp; <span id="jam">'
            '08:00:00</span> WIB</div><div class="pull-right"><a href="https://www.facebook.com/'
            f'pemkab.bengkalis">Facebook</a> <a href="{base}/adminweb" rel="nofollow">Login</a>'
            '</div></div></div>\n<div class="header-logo"><div class="container"><a href="'
            f'{base}/"><img src="{base}/asset/images/logo.png" alt="Logo"></a><h2>Pemerintah '
            f"Kabupaten Bengkalis</h2><h1>{esc(site.name)}</h1></div></div>\n"
            '<nav class="navbar navbar-default navbar-pemda"><div class="container">'
            f"{self.menu(list(self.NEWS))}</div></nav>\n"
            '<div class="container" id="konten"><div class="row"><div class="col-md-8">\n'
            f'{content}</div><div class="col-md-4">\n{self.sidebar()}</div></div></div>\n'
            '<footer class="footer"><div class="container"><h4>Link Terkait</h4><ul>'
            '<li><a href="https://bengkaliskab.go.id/">Portal Kabupaten Bengkalis</a></li>'
            '<li><a href="https://www.lapor.go.id/">SP4N-LAPOR!</a></li></ul></div>'
            f'<div class="copyright"><div class="container">Copyright &copy; {today.year} '
            f"{esc(site.name)}. All Rights Reserved.</div></div></footer>\n"
            f"{site.foot_assets}</body>\n</html>\n"
        )

    def sidebar(self) -> str:
        site = self.site
        popular = sorted(site.items[:15], key=lambda i: -i.views)[:5]
        items = "".join(
            f'<li><a href="{self.url(i)}">{i.title}</a><br><span class="tanggal">'
            f"{self.date_line(i)} &middot; {i.views} kali dibaca</span></li>"
            for i in popular
        )
        return (
            '<div class="box"><h3 class="box-title">Kepala Dinas</h3><div class="box-body '
            'text-center"><img src="/asset/foto_pejabat/kepala.jpg" alt="Kepala" width="180">'
            "</div></div>\n"
            '<div class="box"><h3 class="box-title">Berita Populer</h3><div class="box-body">'
            f'<ul class="list-berita">{items}</ul></div></div>\n{self.counter()}'
        )

    def news_item(self, item: Item) -> str:
        url = self.url(item)
        return (
            '<div class="media berita-item"><div class="media-left"><a href="'
            f'{url}"><img class="media-object" src="{self.base}/asset/foto_berita/'
            f'{item.id}.jpg" width="160" alt=""></a></div><div class="media-body"><h4 '
            f'class="media-heading"><a href="{url}">{item.title}</a></h4><div class="tanggal">'
            f'<i class="fa fa-calendar"></i> {self.date_line(item)} &nbsp;|&nbsp; <i class="fa '
            f'fa-eye"></i> Dibaca {item.views} kali</div><p>{item.summary}</p></div></div>\n'
        )

    def home(self) -> str:
        items = self.site.items
        news = "".join(self.news_item(i) for i in items[:8])
        notices = [i for i in items if i.category == "pengumuman"][:4]
        notice_list = (
            "".join(
                f'<li><a href="{self.url(i)}">{i.title}</a> <span class="tanggal">'
                f"{self.date_line(i)}</span></li>"
                for i in notices
            )
            or "<li>Belum ada pengumuman.</li>"
        )
        content = (
            '<div class="box"><h3 class="box-title">Berita Terkini</h3><div class="box-body">'
            f'{news}<p class="text-right"><a href="{self.base}/web/berita" class="btn btn-sm">'
            "Indeks Berita &raquo;</a></p></div></div>\n"
            '<div class="box"><h3 class="box-title">Pengumuman</h3><div class="box-body"><ul '
            f'class="list-berita">{notice_list}</ul></div></div>\n'
        )
        return self.shell("Beranda", content)

    def listing(self, items: list[Item], label: str, page: int) -> str:
        shown = "".join(self.news_item(i) for i in items[(page - 1) * 10 : page * 10])
        pages = (len(items) + 9) // 10
        links = "".join(
            f'<li{" class=active" if n == page else ""}><a href="{self.base}/web/berita?page='
            f'{n}">{n}</a></li>'
            for n in range(1, pages + 1)
        )
        content = (
            f'<ol class="breadcrumb"><li><a href="{self.base}/">Beranda</a></li><li '
            f'class="active">{label}</li></ol><div class="box"><h3 class="box-title">{label}'
            f'</h3><div class="box-body">{shown or "<p>Belum ada data.</p>"}<ul '
            f'class="pagination">{links}</ul></div></div>\n'
        )
        return self.shell(label, content)

    def article(self, item: Item) -> str:
        site = self.site
        related = [i for i in site.items if i.category == item.category and i is not item][:4]
        related_list = "".join(
            f'<li><a href="{self.url(i)}">{i.title}</a> <span class="tanggal">'
            f"{self.date_line(i)}</span></li>"
            for i in related
        )
        date_span = ""
        if site.plan.dated:
            date_span = (
                f'<span class="date"><i class="fa fa-calendar"></i> {id_long_day(item.day)}</span> '
            )
        content = (
            f'<ol class="breadcrumb"><li><a href="{self.base}/">Beranda</a></li><li><a href="'
            f'{self.base}/web/berita">Berita</a></li></ol><div class="box"><div class="box-body '
            f'detail-berita"><h2 class="judul-berita">{item.title}</h2><div '
            f'class="meta-berita">{date_span}<span class="author"><i class="fa fa-user"></i> '
            f'{item.author}</span> <span class="dibaca">Dibaca {item.views} kali</span></div>'
            f'<div class="foto-berita"><img src="{self.base}/asset/foto_berita/{item.id}.jpg" '
            f'alt="{item.title}" class="img-responsive"></div><div class="isi-berita">\n'
            f"<p><strong>BENGKALIS</strong> - {item.summary}</p>\n{site.body_of(item)}</div>"
            '<div class="bagikan">Bagikan: <a href="https://www.facebook.com/sharer.php?u='
            f'{quote(self.url(item), safe="")}">Facebook</a></div></div></div>\n'
            '<div class="box"><h3 class="box-title">Berita Terkait</h3><div class="box-body">'
            f'<ul class="list-berita">{related_list}</ul></div></div>\n'
        )
        return self.shell(item.title, content, '<meta property="og:type" content="article">\n')


STAFF = ("Kepala Desa", "Sekretaris Desa", "Kaur Keuangan", "Kasi Pemerintahan", "Kasi Pelayanan")


class Village(_Pages):
    """An OpenSID village site: /artikel/YYYY/MM/DD/slug, /feed, /sitemap.xml with lastmod."""

    NEWS = (("Berita Desa", "/artikel/kategori/berita-desa"),
            ("Pengumuman", "/artikel/kategori/pengumuman"),
            ("Artikel", "/artikel/kategori/artikel"))  # fmt: skip
    CATEGORIES: ClassVar[dict[str, str]] = {
        "berita-desa": "berita",
        "pengumuman": "pengumuman",
        "artikel": "artikel",
    }
    PER_PAGE = 6

    def route(self, path: str, query: str) -> Answer:
        site = self.site
        dated = site.plan.dated
        if path == "/":
            return 200, HTML, self.listing(site.items, "", 1)
        if path.startswith("/first/index/"):
            number = path.rsplit("/", 1)[-1]
            if number.isdigit():
                return 200, HTML, self.listing(site.items, "", int(number))
        if path in ("/feed", "/feed/"):
            return (200, RSS, self.feed()) if dated else not_found()
        if path in ("/sitemap.xml", "/sitemap"):
            return 200, XML, self.sitemap()
        if path.startswith("/artikel/kategori/"):
            slug = path.rsplit("/", 1)[-1]
            if slug in self.CATEGORIES:
                chosen = [i for i in site.items if i.category == self.CATEGORIES[slug]]
                label = dict((h.rsplit("/", 1)[-1], lab) for lab, h in self.NEWS)[slug]
                return 200, HTML, self.listing(chosen, label, _page_number(query))
        if path.startswith(("/artikel/", "/first/artikel/")):
            item = None
            if dated:
                item = site.by_slug.get(path.rsplit("/", 1)[-1])
            elif path.rsplit("/", 1)[-1].isdigit():
                item = site.by_id.get(int(path.rsplit("/", 1)[-1]))
            if item is not None and site.item_path(item) == path:
                return 200, HTML, self.article(item)
        if path in site.page_paths:
            return self.static_page(*site.page_paths[path], self.shell)
        return not_found()

    def shell(self, title: str, content: str, meta: str = "") -> str:
        site, base, today = self.site, self.base, self.today
        village = site.name.rsplit(" ", 1)[0]
        feed = ""
        if site.plan.dated:
            feed = (
                f'<link rel="alternate" type="application/rss+xml" title="Feed {village}" '
                f'href="{base}/feed">\n'
            )
        return (
            '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title} - Website {esc(village)}</title>\n{feed}{meta}"
            f'<link rel="stylesheet" href="{base}/themes/natra/assets/css/style.css">\n'
            f"{site.head_assets}</head>\n<body>\n{site.sprite}"
            '<header id="header"><div class="header_top"><div class="header_top_left">'
            f'<span class="tanggal-hari-ini">{id_long_day(today)}</span></div>'
            f'<div class="header_top_right"><a href="{base}/layanan-mandiri">Layanan Mandiri'
            f'</a></div></div><div class="header_bottom"><a href="{base}/" class="logo"><img '
            f'src="{base}/desa/logo/logo.png" alt="Logo"></a><h1>{esc(village)}</h1><p>Kecamatan '
            "Bengkalis, Kabupaten Bengkalis, Provinsi Riau</p></div></header>\n"
            f'<nav id="navArea" class="navbar navbar-inverse">{self.menu(list(self.NEWS))}</nav>\n'
            '<section id="mainContent"><div class="row"><div class="col-lg-8 col-md-8">\n'
            f'{content}</div><div class="col-lg-4 col-md-4"><aside class="right_content">\n'
            f"{self.sidebar()}</aside></div></div></section>\n"
            '<footer id="footer"><div class="footer_bottom"><p class="copyright">&copy; '
            f'{today.year} {esc(village)} &middot; <a href="https://opendesa.id">OpenSID</a> '
            f'&middot; <a href="{base}/feed">RSS</a></p></div></footer>\n'
            f"{site.foot_assets}</body>\n</html>\n"
        )

    def sidebar(self) -> str:
        site = self.site
        agenda = ""
        if site.plan.dated and site.items:
            newest = site.items[0].day
            events = (("Musyawarah Desa Pembahasan RKPDes", newest - timedelta(days=3)),
                      ("Posyandu Lansia", newest - timedelta(days=10)))  # fmt: skip
            agenda = "".join(
                f'<li><strong>{name}</strong><br><span class="tanggal">{id_long_day(day)}, '
                "09.00 WIB</span><br>Aula Kantor Desa</li>"
                for name, day in events
            )
            agenda = (
                '<div class="single_sidebar"><h2><span>Agenda</span></h2><ul class="agenda">'
                f"{agenda}</ul></div>\n"
            )
        staff = "".join(
            f'<li><img src="{self.base}/desa/upload/user_pict/{n}.jpg" alt=""> {role}</li>'
            for n, role in enumerate(STAFF)
        )
        return (
            '<div class="single_sidebar"><h2><span>Aparatur Desa</span></h2><ul>'
            f"{staff}</ul></div>\n{agenda}{self.counter()}"
        )

    def byline(self, item: Item) -> str:
        date_part = f"Diposting {id_padded(item.day)} / " if self.site.plan.dated else ""
        return f"{date_part}oleh {item.author} / Dibaca {item.views} kali"

    def listing(self, items: list[Item], label: str, page: int) -> str:
        per = self.PER_PAGE
        shown = items[(page - 1) * per : page * per]
        entries = []
        for item in shown:
            url = self.url(item)
            when = (
                f'<span><i class="fa fa-calendar"></i> {id_padded(item.day)}</span>'
                if self.site.plan.dated
                else ""
            )
            entries.append(
                '<li class="artikel"><div class="single_post_content_left"><figure '
                f'class="bsbig_fig"><a href="{url}" class="featured_img"><img src="'
                f'{self.base}/desa/upload/artikel/kecil_{item.id}.jpg" alt=""></a></figure>'
                '</div><div class="single_post_content_right"><h3 class="judul"><a href="'
                f'{url}">{item.title}</a></h3><div class="post_commentbox">{when}<span><i '
                f'class="fa fa-user"></i> {item.author}</span><span><i class="fa fa-eye"></i> '
                f'Dibaca {item.views} kali</span></div><p>{item.summary} <a href="{url}">'
                "..selengkapnya</a></p></div></li>\n"
            )
        pages = max((len(items) + per - 1) // per, 1)
        links = "".join(
            f'<li><a href="{self.base}/first/index/{n}">{n}</a></li>' for n in range(2, pages + 1)
        )
        heading = label or "Artikel Terkini"
        content = (
            f'<div class="single_post_content"><h2><span>{heading}</span></h2><ul '
            f'class="artikel-list">{"".join(entries)}</ul><div class="pagination_area">'
            f'<div>Halaman {page} dari {pages}</div><ul class="pagination">{links}</ul></div>'
            "</div>\n"
        )
        return self.shell(heading, content)

    def article(self, item: Item) -> str:
        site = self.site
        comments = ""
        if item.comments and site.plan.dated:
            comments = "".join(
                f'<div class="comment"><b>{name}</b> <span class="tgl">{id_padded(day)} '
                f"{hhmm.replace('.', ':')}</span><p>Semoga bermanfaat.</p></div>"
                for name, day, hhmm in item.comments
            )
            comments = f'<div class="komentar"><h3>Komentar</h3>{comments}</div>'
        content = (
            f'<div class="single_page_area"><h2 class="post_titile">{item.title}</h2>'
            f'<div class="post_commentbox"><span><i class="fa fa-calendar"></i> '
            f'{self.byline(item)}</span></div><div class="single_page_content"><img src="'
            f'{self.base}/desa/upload/artikel/sedang_{item.id}.jpg" alt="">\n'
            f"<p>{item.summary}</p>\n{site.body_of(item)}</div></div>\n{comments}\n"
        )
        return self.shell(item.title, content, '<meta property="og:type" content="article">\n')

    def feed(self) -> str:
        items = self.site.items[:20]
        entries = "".join(
            f"<item><title>{i.title}</title><link>{self.url(i)}</link><guid>{self.url(i)}</guid>"
            f"<pubDate>{rfc822(i.day, i.hhmm)}</pubDate><category><![CDATA[{i.category}]]>"
            f"</category><description><![CDATA[{i.summary}[...]]]></description>"
            f"<dc:creator>{i.author}</dc:creator></item>\n"
            for i in items
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>{esc(self.site.name)}</title><link>{self.base}/</link>"
            f'<atom:link href="{self.base}/feed" rel="self" type="application/rss+xml" />'
            f"<description>Situs Web {esc(self.site.name)}</description>\n{entries}"
            "</channel></rss>\n"
        )

    def sitemap(self) -> str:
        dated = self.site.plan.dated
        entries = [f"<url><loc>{self.base}/</loc><priority>1.0</priority></url>"]
        for item in self.site.items:
            lastmod = f"<lastmod>{item.day.isoformat()}</lastmod>" if dated else ""
            entries.append(
                f"<url><loc>{self.url(item)}</loc>{lastmod}<priority>0.5</priority>"
                "<changefreq>weekly</changefreq></url>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8" ?>\n<urlset '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(entries)
            + "\n</urlset>\n"
        )


# -- the server process ----------------------------------------------------------------------

SERVER_HEADERS = {"wp": "Apache", "cms": "Apache/2.4.41 (Ubuntu)", "desa": "nginx"}
REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
           405: "Method Not Allowed", 500: "Internal Server Error"}  # fmt: skip


def _bind_all(count: int, attempts: int = 20) -> tuple[list[socket.socket], int]:
    """One listening socket per site address, all on one port (retried on a collision)."""
    for _ in range(attempts):
        first = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        first.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        first.bind((site_address(0), 0))
        port = first.getsockname()[1]
        socks = [first]
        try:
            for index in range(1, count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(sock)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((site_address(index), port))
        except OSError:
            for sock in socks:
                sock.close()
            continue
        for sock in socks:
            sock.listen(128)
            sock.setblocking(False)
        return socks, port
    raise OSError(f"no port free on all {count} loopback addresses after {attempts} tries")


class _Server:
    def __init__(self, count: int, today: date, seed: int, port: int) -> None:
        self.today, self.seed, self.port = today, seed, port
        self.by_address = {site_address(i): i for i in range(count)}
        self.sites: OrderedDict[int, Site] = OrderedDict()
        self.requests = 0
        self.bytes = 0
        self.errors: list[str] = []
        self.connections = 0
        self._date = (0, "")

    def site(self, index: int) -> Site:
        site = self.sites.get(index)
        if site is None:
            site = self.sites[index] = Site(self.seed, index, self.today)
            if len(self.sites) > SITE_CACHE:
                self.sites.popitem(last=False)
        else:
            self.sites.move_to_end(index)
        return site

    def http_date(self) -> str:
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, formatdate(now, usegmt=True))
        return self._date[1]

    def respond(self, address: str, method: str, target: str) -> tuple[int, str, bytes, str]:
        index = self.by_address.get(address)
        if index is None:
            return 404, TEXT, b"no such site\n", "Apache"
        site = self.site(index)
        if method not in ("GET", "HEAD"):
            return 405, TEXT, b"method not allowed\n", SERVER_HEADERS[site.kind]
        path, _, query = target.partition("?")
        if path.startswith("http://"):  # absolute-form request target
            path = "/" + path.split("/", 3)[-1] if path.count("/") >= 3 else "/"
        try:
            status, ctype, body = answer(site, f"http://{address}:{self.port}", path, query)
        except Exception as exc:  # a generator bug: count it, answer 500
            self.errors.append(f"{address}{target}: {exc!r}")
            status, ctype, body = 500, TEXT, "generator error\n"
        return status, ctype, body.encode("utf-8"), SERVER_HEADERS[site.kind]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        address = writer.get_extra_info("sockname")[0]
        served = 0
        try:
            while True:
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), KEEPALIVE_SECONDS)
                except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    break
                line, _, rest = head.partition(b"\r\n")
                parts = line.decode("latin-1").split()
                if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
                    writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")  # fmt: skip
                    break
                method, target, version = parts
                headers = rest.lower()
                length = _content_length(headers)
                if length:
                    await reader.readexactly(length)
                keep = (
                    b"connection: close" not in headers
                    if version == "HTTP/1.1"
                    else b"connection: keep-alive" in headers
                )
                served += 1
                keep = keep and served < KEEPALIVE_MAX
                status, ctype, body, server = self.respond(address, method, target)
                self.requests += 1
                self.bytes += len(body)
                connection = (
                    f"Connection: keep-alive\r\nKeep-Alive: timeout={KEEPALIVE_SECONDS:.0f}, "
                    f"max={KEEPALIVE_MAX - served}"
                    if keep
                    else "Connection: close"
                )
                top = (
                    f"HTTP/1.1 {status} {REASONS.get(status, 'OK')}\r\nDate: {self.http_date()}"
                    f"\r\nServer: {server}\r\nContent-Type: {ctype}\r\nContent-Length: "
                    f"{len(body)}\r\n{connection}\r\n\r\n"
                ).encode("latin-1")
                writer.write(top if method == "HEAD" else top + body)
                await writer.drain()
                if not keep:
                    break
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    def stats(self) -> dict[str, Any]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "requests": self.requests,
            "bytes": self.bytes,
            "connections": self.connections,
            "errors": list(self.errors[:20]),
            "error_count": len(self.errors),
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "max_rss_mb": usage.ru_maxrss / 1024,
        }

    async def run(self, socks: list[socket.socket], conn: Any) -> None:
        loop = asyncio.get_running_loop()
        servers = [await asyncio.start_server(self.handle, sock=sock) for sock in socks]
        stop = asyncio.Event()

        def on_message() -> None:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                message = "stop"
            if message == "stats":
                conn.send(self.stats())
            else:
                loop.remove_reader(conn.fileno())
                stop.set()

        loop.add_reader(conn.fileno(), on_message)
        conn.send(("ready", self.port))
        await stop.wait()
        for server in servers:
            server.close()
        with contextlib.suppress(Exception):
            conn.send(self.stats())


def _content_length(headers: bytes) -> int:
    at = headers.find(b"content-length:")
    if at < 0:
        return 0
    value = headers[at + 15 : headers.find(b"\r\n", at)].strip()
    return int(value) if value.isdigit() else 0


def _serve(count: int, today_iso: str, seed: int, conn: Any) -> None:
    """The server process: bind every site's address, then serve until told to stop."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        socks, port = _bind_all(count)
    except OSError as exc:
        conn.send(("error", str(exc)))
        return
    blobs()  # build the shared pieces before the first request
    server = _Server(count, date.fromisoformat(today_iso), seed, port)
    asyncio.run(server.run(socks, conn))


# -- the parent's handle -----------------------------------------------------------------------


class LoadFleet:
    """N synthetic agency sites served by one spawned process on loopback addresses."""

    def __init__(self, n_sites: int, today: date, seed: int = 0) -> None:
        if not 1 <= n_sites <= 254 * 256 * 100:
            raise ValueError(f"n_sites must be between 1 and {254 * 256 * 100}")
        self.n_sites = n_sites
        self.today = today
        self.seed = seed
        self.port: int | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        self.final_stats: dict[str, Any] | None = None
        self._conn: Any = None
        self._plans: list[Plan] | None = None

    def __enter__(self) -> LoadFleet:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self, timeout: float = 120.0) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self.process = context.Process(
            target=_serve,
            args=(self.n_sites, self.today.isoformat(), self.seed, child),
            name="loadfleet-server",
            daemon=True,
        )
        self.process.start()
        child.close()
        self._conn = parent
        if not parent.poll(timeout):
            self.close()
            raise RuntimeError(f"the load fleet server did not start within {timeout:.0f} s")
        try:
            message = parent.recv()
        except EOFError:
            self.close()
            raise RuntimeError("the load fleet server died while starting") from None
        if message[0] != "ready":
            self.close()
            raise RuntimeError(f"the load fleet server could not start: {message[1]}")
        self.port = message[1]

    def close(self) -> None:
        if self.process is None:
            return
        if self._conn is not None:
            with contextlib.suppress(OSError, EOFError):
                self._conn.send("stop")
                if self._conn.poll(10):
                    self.final_stats = self._conn.recv()
            self._conn.close()
            self._conn = None
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        self.process = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def server_stats(self) -> dict[str, Any]:
        """Requests, bytes, generator errors and CPU seconds of the server process so far."""
        if self._conn is None:
            return dict(self.final_stats or {})
        self._conn.send("stats")
        return self._conn.recv()

    # -- what is served ------------------------------------------------------------------------

    def plans(self) -> list[Plan]:
        if self._plans is None:
            self._plans = [plan_site(self.seed, i) for i in range(self.n_sites)]
        return self._plans

    def agency_id(self, index: int) -> str:
        return f"load-{index + 1:05d}"

    def url(self, index: int) -> str:
        if self.port is None:
            raise RuntimeError("the load fleet is not started")
        return f"http://{site_address(index)}:{self.port}/"

    def truth(self) -> dict[str, dict[str, Any]]:
        """Agency id -> {"status", "last_updated" (date or None), "kind"}."""
        out = {}
        for plan in self.plans():
            last = None
            if plan.dated and plan.days:
                last = self.today - timedelta(days=plan.days[0])
            out[plan.agency_id] = {"status": plan.status, "last_updated": last, "kind": plan.kind}
        return out

    def write_config(self, path: str | Path, **crawl_overrides: Any) -> Path:
        """A crawler config naming every site; overrides go into `crawl:`."""
        crawl = {**DEFAULT_CRAWL, **crawl_overrides}
        lines = [
            "thresholds: {" + ", ".join(f"{k}: {v}" for k, v in THRESHOLDS.items()) + "}",
            "crawl:",
            *(f"  {key}: {_scalar(value)}" for key, value in crawl.items()),
            "agencies:",
        ]
        for plan in self.plans():
            name, category = site_name(self.seed, plan)
            lines += [
                f"  - id: {plan.agency_id}",
                f"    name: {_scalar(name)}",
                f"    url: {self.url(plan.index)}",
                f"    category: {category}",
            ]
        path = Path(path)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML string


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve a load fleet until Ctrl-C.")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--today", type=date.fromisoformat, help="pretend day, YYYY-MM-DD")
    parser.add_argument("--config", type=Path, help="also write a crawler config here")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from crawler.model import jakarta_date, now_utc

    today = args.today or jakarta_date(now_utc())
    with LoadFleet(args.sites, today, args.seed) as fleet:
        truth = fleet.truth()
        for index in range(min(args.sites, 50)):
            t = truth[fleet.agency_id(index)]
            print(f"  {fleet.agency_id(index)} {t['kind']:<5} {fleet.url(index):28} "
                  f"{t['status']:<12} {t['last_updated'] or '-'}")  # fmt: skip
        if args.config:
            print(f"config: {fleet.write_config(args.config)}")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
