"""Homepage items with no full date printed beside them: dated by their own addresses (the
URL's date; a yearless "18 Mar" badge with the year of the item's URL or image path), never
by a guessed year; and items on a sibling host (`www3.` beside `www.`) are the site's own."""

from datetime import date, datetime

from crawler.model import WIB, Source
from crawler.read.listing import listing_items
from crawler.urls import same_site, site_host

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
SITE = "https://www.dinas.go.id"


def _home(items: str) -> str:
    return (
        "<html><head><title>Dinas</title></head><body><div class='content'><ul>"
        f"{items}</ul></div></body></html>"
    )


def _found(html: str) -> list[tuple[str, date, Source]]:
    return [(e.url, e.date, e.source) for e in listing_items(html, SITE + "/", now=NOW)]


def test_an_item_dated_only_by_its_url() -> None:
    html = _home(
        "<li><a href='/2018/03/19/rapat-koordinasi-penanganan-banjir'>Rapat koordinasi"
        " penanganan banjir di kecamatan</a></li>"
        "<li><a href='/2027/01/05/agenda-tahun-depan'>Agenda kegiatan pada tahun depan"
        " yang direncanakan</a></li>"
    )
    assert _found(html) == [
        (f"{SITE}/2018/03/19/rapat-koordinasi-penanganan-banjir", date(2018, 3, 19), Source.URL)
    ]


def test_a_yearless_badge_takes_the_year_of_the_items_url_or_image() -> None:
    by_url = _home(
        "<li><span class='badge'>18 Mar</span><a href='/2018/03/pelatihan-operator-desa'>"
        "Pelatihan operator desa se-kabupaten</a></li>"
    )
    assert _found(by_url) == [
        (f"{SITE}/2018/03/pelatihan-operator-desa", date(2018, 3, 18), Source.LISTING)
    ]
    by_image = _home(
        "<li><img src='/wp-content/uploads/2024/07/foto.jpg'><span>18<br>Jul</span>"
        "<a href='/berita/pelatihan-operator-desa'>Pelatihan operator desa se-kabupaten</a></li>"
    )
    assert _found(by_image) == [
        (f"{SITE}/berita/pelatihan-operator-desa", date(2024, 7, 18), Source.LISTING)
    ]


def test_a_yearless_badge_alone_or_of_another_month_dates_nothing() -> None:
    alone = _home(
        "<li><span>18 Mar</span><a href='/berita/pelatihan-operator-desa'>Pelatihan operator"
        " desa se-kabupaten</a></li>"
    )
    other_month = _home(
        "<li><img src='/wp-content/uploads/2024/07/foto.jpg'><span>18 Mar</span>"
        "<a href='/berita/pelatihan-operator-desa'>Pelatihan operator desa se-kabupaten</a></li>"
    )
    assert _found(alone) == [] and _found(other_month) == []


def test_sibling_hosts_are_one_site_and_subdomains_are_not() -> None:
    assert same_site("https://www3.dinas.go.id/berita/x", "https://www.dinas.go.id/")
    assert same_site("http://m.dinas.go.id/", "https://dinas.go.id/")
    assert not same_site("https://disdik.bengkaliskab.go.id/", "https://bengkaliskab.go.id/")
    assert not same_site("https://www3.dinas.go.id/", "https://www3.dinsos.go.id/")
    assert site_host("https://www2.dinas.go.id:8443/") == "dinas.go.id:8443"
    html = _home(
        "<li><a href='https://www3.dinas.go.id/berita/2026/11/20/rapat-evaluasi'>Rapat evaluasi"
        " program kerja tahun ini</a> <span>20 November 2026</span></li>"
    )
    assert [day for _, day, _ in _found(html)] == [date(2026, 11, 20)]
