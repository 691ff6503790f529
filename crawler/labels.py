"""Every word people read about a verdict, in Indonesian (the users' language) and English."""

from __future__ import annotations

from datetime import date

from crawler.model import Confidence, PageRole, Source, Status

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

STATUS_ID = {
    Status.FRESH: "Segar",
    Status.AGING: "Mulai usang",
    Status.STALE: "Usang",
    Status.ABANDONED: "Terbengkalai",
    Status.UNDATED: "Tanpa tanggal",
    Status.UNREACHABLE: "Tidak dapat diakses",
}

CONFIDENCE_ID = {
    Confidence.HIGH: "tinggi",
    Confidence.MEDIUM: "sedang",
    Confidence.LOW: "rendah",
}

SOURCE_ID = {
    Source.WP_API: "API WordPress",
    Source.FEED: "feed RSS/Atom",
    Source.ARTICLE: "halaman berita",
    Source.LISTING: "daftar berita",
    Source.SITEMAP: "sitemap",
    Source.URL: "tanggal di alamat URL",
    Source.HTTP_HEADER: "header Last-Modified",
}

ROLE_ID = {
    PageRole.HOMEPAGE: "beranda",
    PageRole.ROBOTS: "robots.txt",
    PageRole.SITEMAP: "sitemap",
    PageRole.FEED: "feed",
    PageRole.WP_API: "API WordPress",
    PageRole.LISTING: "daftar berita",
    PageRole.ARTICLE: "berita",
}


def date_id(day: date) -> str:
    """19 Juni 2023"""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"
