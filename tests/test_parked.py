"""Parked-domain pages (crawler.read.parked): registrar placeholders yes, agency news no."""

from __future__ import annotations

import pytest

from crawler.read.parked import parked_reason

PARKED = {
    "sedo": '<html><head><script src="//img.sedoparking.com/js/p.js"></script></head>'
    "<body><div id='ad'></div></body></html>",
    "for sale": "<html><body><h1>desa-sukajadi.id</h1><p>This domain is for sale!</p>"
    "<a href='https://dan.com/buy-domain/desa-sukajadi.id'>Buy now</a></body></html>",
    "dijual": "<html><head><title>kelurahan-x.com</title></head><body><h2>Domain ini dijual"
    "</h2><p>Hubungi kami untuk penawaran.</p></body></html>",
    "suspended": "<html><head><title>Account Suspended</title></head><body><h1>Account Suspended"
    "</h1><p>This Account has been suspended. Contact your hosting provider.</p></body></html>",
    "ditangguhkan": "<html><body><h1>Akun hosting ini telah ditangguhkan</h1></body></html>",
}

NOT_PARKED = {
    # News that uses the words, on a real agency page with plenty of text.
    "lelang": "<html><body><h1>Pemkab Lelang Aset</h1><p>Rumah dinas lama dijual melalui "
    "lelang terbuka. Domain ini dijual? Bukan: ini berita tentang penjualan aset.</p>"
    + "<p>"
    + "Kegiatan pemerintahan berjalan seperti biasa. " * 80
    + "</p></body></html>",
    "hosting news": "<html><body><article><h1>Diskominfo Migrasikan Situs Desa</h1><p>Situs "
    "desa yang akun hostingnya ditangguhkan kini dipindahkan ke server pemerintah daerah.</p>"
    + "<p>"
    + "Pendampingan teknis diberikan kepada operator desa. " * 80
    + "</p></article></body></html>",
    "empty": "",
    "plain": "<html><body><h1>Selamat datang</h1></body></html>",
}


@pytest.mark.parametrize("name", sorted(PARKED))
def test_parking_pages_are_recognised(name):
    assert parked_reason(PARKED[name])


@pytest.mark.parametrize("name", sorted(NOT_PARKED))
def test_agency_pages_are_not_parked(name):
    assert parked_reason(NOT_PARKED[name]) == ""
