from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.model import WIB, Evidence, Source, is_plausible
from crawler.read.listing import listing_items

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
TODAY = date(2026, 11, 28)
SITE = "https://diskominfotik.bengkaliskab.go.id"
PAGE = f"{SITE}/web/berita"

HEADER = """<header><div class="top-bar"><span class="tanggal">Sabtu, 28 November 2026</span>
</div><nav><a href="/web/berita">Berita</a><a href="/web/profil">Profil</a></nav></header>"""
FOOTER = """<footer><p>Copyright © 2019-2026</p><a href="/web/kontak">Kontak</a>
<div class="statistik">Hari ini : 45<br>Kemarin : 120</div></footer>"""


def page(body: str) -> str:
    return f"<html><head><title>Berita</title></head><body>{HEADER}{body}{FOOTER}</body></html>"


def items(html: str | bytes, url: str = PAGE) -> list[tuple[str, date]]:
    return [(e.url.removeprefix(SITE), e.date) for e in listing_items(html, url, now=NOW)]


def flagged(html: str) -> dict[str, tuple[date, bool]]:
    """URL path -> (date, is a modification) of each item."""
    return {
        e.url.removeprefix(SITE): (e.date, e.modified) for e in listing_items(html, PAGE, now=NOW)
    }


def test_bengkalis_cms_posts() -> None:
    html = page(
        """<div class="col-md-8">
        <div class="post"><h3><a href="/web/detailberita/123/bupati-resmikan">Bupati
        resmikan</a></h3><span>Senin, 19 Juni 2023 | 10:21 WIB</span><p>Ringkasan...</p></div>
        <div class="post"><h3><a href="/web/detailberita/122/rapat">Rapat</a></h3>
        <span>Jumat, 16 Juni 2023 | 08:00 WIB</span></div></div>"""
    )
    evidence = listing_items(html, PAGE, now=NOW)
    assert evidence[0] == Evidence(
        source=Source.LISTING,
        url=f"{SITE}/web/detailberita/123/bupati-resmikan",
        date=date(2023, 6, 19),
        snippet="Bupati resmikan Senin, 19 Juni 2023 | 10:21 WIB Ringkasan...",
        found_on=PAGE,
    )
    assert items(html)[1] == ("/web/detailberita/122/rapat", date(2023, 6, 16))
    assert len(evidence) == 2


def test_relative_dates_in_list_items() -> None:
    html = page(
        """<ul class="list-berita">
        <li><a href="/berita/a">Vaksinasi</a> <small>3 hari yang lalu</small></li>
        <li><a href="/berita/b">Posyandu</a> <small>kemarin</small></li>
        <li><a href="/berita/c">Musrenbang</a> <small>2 minggu yang lalu</small></li></ul>"""
    )
    assert items(html) == [
        ("/berita/a", date(2026, 11, 25)),
        ("/berita/b", date(2026, 11, 27)),
        ("/berita/c", date(2026, 11, 7)),  # 14 to 20 days: the oldest day it can be
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        '<p>Today, <a href="/topik/perempuan">women</a> create and lead more businesses.</p>',
        '<p>Kemarin, <a href="/profil/bupati">Bupati</a> membuka MTQ tingkat kabupaten.</p>',
        '<p>Hari ini <a href="/profil/dprd">DPRD</a> menggelar rapat paripurna.</p>',
    ],
)
def test_a_bare_today_or_yesterday_opening_a_sentence_dates_no_link(paragraph: str) -> None:
    # The word is a piece of the paragraph's text, not a badge: no item of today.
    html = page(f"<article><h1>Judul</h1>{paragraph}<p>Isi berita.</p></article>")
    assert items(html, f"{SITE}/berita/judul") == []


def test_a_headlines_event_date_after_the_urls_day_is_the_urls() -> None:
    html = page(
        """<ul class="list-berita"><li><a href="/2020/02/17/stammtisch">20.02.2020 20:00
        Stammtisch der Ortsgruppe</a></li><li><a href="/2020/02/10/stammtisch-2">13.02.2020
        20:00 Stammtisch der Ortsgruppe</a></li></ul>"""
    )
    assert items(html) == [
        ("/2020/02/17/stammtisch", date(2020, 2, 17)),
        ("/2020/02/10/stammtisch-2", date(2020, 2, 10)),
    ]


def test_a_relative_date_beside_an_older_url_date_is_the_urls() -> None:
    # "2 jam yang lalu" counts from when the page was rendered: a cached or frozen homepage
    # says it of a post whose address dates it years back.
    html = page(
        """<ul class="list-berita"><li><a href="/2023/06/19/rapat-koordinasi">Rapat
        koordinasi</a> <small>2 jam yang lalu</small></li><li><a href="/berita/posyandu">
        Posyandu balita</a> <small>3 hari yang lalu</small></li></ul>"""
    )
    assert items(html) == [
        ("/2023/06/19/rapat-koordinasi", date(2023, 6, 19)),
        ("/berita/posyandu", date(2026, 11, 25)),
    ]


_PROSE = (
    "Pemerintah Kabupaten Bengkalis terus mendorong percepatan pembangunan infrastruktur "
    "di wilayah pesisir, termasuk jalan, jembatan dan sarana air bersih bagi masyarakat desa. "
)


def test_a_date_deep_in_a_paragraph_dates_no_inline_link() -> None:
    # An article's paragraph links another page; the date it names is an event (a meeting to
    # come), not that page's date.
    html = page(
        f"""<article><h1>Judul</h1><p>{_PROSE} Menurut <a href="/berita/rencana-kerja-2024">
        rencana kerja</a> yang dibahas, rapat evaluasi berikutnya dijadwalkan pada 29 Januari
        2026 di aula kantor bupati. {_PROSE}</p></article>"""
    )
    assert items(html, f"{SITE}/berita/judul") == []


def test_an_item_with_its_date_after_the_headline_and_a_long_excerpt_keeps_it() -> None:
    html = page(
        f"""<div class="posts"><div class="post"><a href="/berita/123/rapat-koordinasi">Rapat
        koordinasi penanganan stunting</a> Senin, 19 Juni 2023 {_PROSE}{_PROSE}</div>
        <div class="post"><a href="/berita/124/posyandu">Posyandu balita di Desa Pedekik</a>
        <span>Diterbitkan oleh Humas pada Jumat, 16 Juni 2023 pukul 10:00</span> {_PROSE}</div>
        </div>"""
    )
    assert items(html) == [
        ("/berita/123/rapat-koordinasi", date(2023, 6, 19)),
        ("/berita/124/posyandu", date(2023, 6, 16)),
    ]


def test_a_bare_word_badge_with_an_icon_still_dates_its_item() -> None:
    html = page(
        """<ul class="list-berita"><li><a href="/berita/a">Posyandu balita di Desa Pedekik</a>
        <span class="meta"><i class="fa fa-clock"></i> Kemarin</span></li>
        <li><a href="/berita/b">Vaksinasi lansia di Kecamatan Bantan</a>
        <span>Hari ini</span></li></ul>"""
    )
    assert items(html) == [("/berita/a", date(2026, 11, 27)), ("/berita/b", TODAY)]


def test_announcement_table_with_pdf_links() -> None:
    html = page(
        """<table class="table"><tr><th>No</th><th>Judul</th><th>Tanggal</th><th>File</th></tr>
        <tr><td>1</td><td><a href="/pengumuman/5">Seleksi PPPK</a></td><td>19/06/2023</td>
        <td><a href="/uploads/pengumuman-5.pdf">Unduh</a></td></tr>
        <tr><td>2</td><td>Hasil seleksi</td><td>02-05-2023</td>
        <td><a href="/uploads/hasil.pdf">Unduh</a></td></tr></table>"""
    )
    assert items(html) == [
        ("/pengumuman/5", date(2023, 6, 19)),
        ("/uploads/pengumuman-5.pdf", date(2023, 6, 19)),
        ("/uploads/hasil.pdf", date(2023, 5, 2)),
    ]


def test_wordpress_cards_with_taxonomy_links_and_split_dates() -> None:
    html = page(
        """<div class="row"><article class="card"><a href="/2023/06/19/jembatan/"><img
        src="/wp-content/uploads/a.jpg"></a><div class="card-body"><h2><a
        href="/2023/06/19/jembatan/">Jembatan</a></h2><a href="/category/berita/">Berita</a>
        <a href="/author/admin/">admin</a></div><div class="card-footer"><span class="d">19</span>
        <span class="m">Jun</span> <span class="y">2023</span></div></article>
        <article class="card"><h2><a href="/2023/06/12/pasar/">Pasar</a></h2>
        <div class="card-footer"><time datetime="2023-06-12">12 Juni 2023</time></div>
        </article></div>"""
    )
    assert items(html) == [
        ("/2023/06/19/jembatan/", date(2023, 6, 19)),
        ("/2023/06/12/pasar/", date(2023, 6, 12)),
    ]


def test_flat_list_dates_after_titles() -> None:
    html = page(
        """<div class="berita"><h4><a href="/berita/1">Satu</a></h4><p>1 Mei 2023</p>
        <h4><a href="/berita/2">Dua</a></h4><p>28 April 2023</p>
        <h4><a href="/berita/3">Tiga</a></h4><p>Tanpa tanggal</p></div>"""
    )
    assert items(html) == [("/berita/1", date(2023, 5, 1)), ("/berita/2", date(2023, 4, 28))]


def test_flat_list_dates_before_titles() -> None:
    html = page(
        """<div class="berita"><p>1 Mei 2023</p><h4><a href="/berita/1">Satu</a></h4>
        <p>28 April 2023</p><h4><a href="/berita/2">Dua</a></h4></div>"""
    )
    assert items(html) == [("/berita/1", date(2023, 5, 1)), ("/berita/2", date(2023, 4, 28))]


def test_date_never_taken_from_a_neighbouring_item() -> None:
    html = page(
        """<ul><li><a href="/berita/1">Tanpa tanggal</a></li>
        <li><a href="/berita/2">Dengan tanggal</a> <span>5 Mei 2023</span></li></ul>"""
    )
    assert items(html) == [("/berita/2", date(2023, 5, 5))]


def test_one_evidence_per_url_first_wins() -> None:
    html = page(
        """<div class="headline"><a href="/berita/1">Satu</a> <span>1 Mei 2023</span></div>
        <ul><li><a href="/berita/1">Satu lagi</a> 3 Mei 2023</li></ul>"""
    )
    assert items(html) == [("/berita/1", date(2023, 5, 1))]


def test_recent_news_sidebar_items_count() -> None:
    html = page(
        """<div class="col-md-8"><h1>Bupati Resmikan Jembatan</h1><p>Rabu, 18 Oktober 2017</p>
        </div><aside class="sidebar"><h4>Berita Terbaru</h4><ul>
        <li><a href="/web/detailberita/900/a">Rapat</a> <span>Jumat, 27 November 2026</span></li>
        </ul></aside>"""
    )
    assert items(html, f"{SITE}/web/detailberita/1/bupati") == [
        ("/web/detailberita/900/a", date(2026, 11, 27))
    ]


def test_trap_counter_text_next_to_a_link() -> None:
    # "Pengunjung hari ini" is a counter, not a date, even next to a link.
    html = page('<div class="x"><a href="/berita/1">Pengunjung hari ini: 45</a></div>')
    assert items(html) == []


# --- traps -------------------------------------------------------------------------------


def test_trap_header_footer_nav_and_date_widget() -> None:
    html = page("<p>Tidak ada berita.</p>")
    assert items(html) == []


def test_trap_unlabelled_today_widget_beside_menu_links() -> None:
    html = (
        "<html><body><div><div>Sabtu, 28 November 2026</div><a href='/web/profil'>Profil</a>"
        "</div><ul><li><a href='/berita/1'>Bupati meresmikan jembatan baru</a> 28 November 2026"
        "</li></ul></body></html>"
    )
    assert items(html) == [("/berita/1", TODAY)]


def test_trap_agenda_and_calendar() -> None:
    html = page(
        """<div class="agenda"><h4>Agenda</h4><ul><li><a href="/agenda/1">Rapat</a>
        Senin, 16 November 2026</li></ul></div><table id="wp-calendar"><tr><td><a
        href="/2026/11/27/">27</a></td></tr></table>
        <div><h4>Kegiatan Mendatang</h4><ul><li><a href="/agenda/2">Lomba</a> 2 Mei 2023</li>
        </ul></div>"""
    )
    assert items(html) == []


def test_trap_prayer_times() -> None:
    html = page(
        """<div class="jadwal-sholat"><a href="/sholat">Jadwal</a> Sabtu, 28 November 2026
        Subuh 04:41 Dzuhur 12:05 Maghrib 18:15</div>"""
    )
    assert items(html) == []


def test_trap_future_and_zero_dates() -> None:
    html = page(
        """<ul><li><a href="/berita/1">Satu</a> 5 Januari 2027</li>
        <li><a href="/berita/2">Dua</a> 00 0000</li><li><a href="/berita/3">Tiga</a> 0000-00-00
        </li><li><a href="/berita/4">Empat</a> 24 Jun</li></ul>"""
    )
    assert items(html) == []


def test_trap_offsite_self_and_homepage_links() -> None:
    html = page(
        """<ul><li><a href="https://www.facebook.com/share?u=x">Bagikan</a> 1 Mei 2023</li>
        <li><a href="#top">Atas</a> 1 Mei 2023</li><li><a href="/web/berita">Berita</a> 2 Mei
        2023</li><li><a href="/">Beranda</a> 3 Mei 2023</li>
        <li><a href="/web/berita?page=2">2</a> 4 Mei 2023</li></ul>"""
    )
    assert items(html) == []


def test_author_archive_and_policy_links_are_not_items() -> None:
    html = page(
        """<div class="byline">Oleh <a href="/authors/associated-press">Associated Press
        Indonesia</a> 19 Juni 2023 <a href="/kebijakan-privasi">Kebijakan privasi situs ini</a>
        <a href="/archiv/2023/06/19/">Arsip 19 Juni 2023</a></div>"""
    )
    assert items(html) == []


def test_article_page_own_byline_is_not_given_to_the_next_link() -> None:
    html = page(
        """<div class="col-md-8"><h1>Bupati Resmikan Jembatan</h1><p>Rabu, 18 Oktober 2017</p>
        <p>Isi berita yang panjang. """
        + "Lorem ipsum dolor sit amet. " * 40
        + """</p><a href="/web/detailberita/2/sebelumnya">Berita sebelumnya</a></div>"""
    )
    assert items(html, f"{SITE}/web/detailberita/1/bupati") == []


def test_www_and_scheme_do_not_matter() -> None:
    html = page('<ul><li><a href="http://www.diskominfotik.bengkaliskab.go.id/b/1">S</a> 1 Mei 2023'
                "</li></ul>")  # fmt: skip
    assert [e.url for e in listing_items(html, PAGE, now=NOW)] == [
        "http://www.diskominfotik.bengkaliskab.go.id/b/1"
    ]


@pytest.mark.parametrize(
    "html",
    ["", b"", "x", b"\x00\xff", "<a href='javascript:alert(1)'>1 Mei 2023</a>", "<ul>" * 40_000],
)
def test_hostile_input(html: str | bytes) -> None:
    assert listing_items(html, PAGE, now=NOW) == []
    assert listing_items("<a href='/b/1'>1 Mei 2023</a>", "not a url", now=NOW) == []


_FRAGMENTS = st.sampled_from(
    [
        "<ul>", "</ul>", "<li>", "</li>", "<a href='/berita/1'>", "<a href='/b/2'>", "</a>",
        "19 Juni 2023", "kemarin", "3 hari lalu", "2027-01-01", "00 0000", "<header>",
        "</header>", "<tr><td>", "</td></tr>", "<a href='/x.pdf'>", "Sabtu, 28 November 2026",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=20)), max_size=30).map("".join))
def test_random_html_never_raises_nor_returns_implausible(html: str) -> None:
    evidence = listing_items(html, PAGE, now=NOW)
    assert len({e.url for e in evidence}) == len(evidence)
    for item in evidence:
        assert is_plausible(item.date, TODAY)
        assert len(item.snippet) <= 160
        assert item.source is Source.LISTING and item.found_on == PAGE


def test_a_reader_bug_gives_no_items_and_is_logged(monkeypatch, caplog):
    """A bug tripped by a page must not break the crawl, nor pass unseen: it is logged."""
    import logging

    import crawler.read.listing as listing

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(listing, "_items", broken)
    with caplog.at_level(logging.DEBUG, logger="crawler.read.listing"):
        found = listing.listing_items("<p>1 Juni 2026</p>", "https://a.go.id/berita", now=NOW)
    assert found == []
    (record,) = [r for r in caplog.records if r.name == "crawler.read.listing"]
    assert "https://a.go.id/berita" in record.getMessage() and record.exc_info


def test_a_modification_stamp_split_from_its_label_is_no_publication() -> None:
    """The label and the date in two spans ("Diperbarui pada" | "19 Juni 2023") or in a label
    line above the date's, in any of the languages read ("Stand:"): the item's date is a
    modification, whatever the spans; a word that only starts like one ("Standard") labels
    nothing."""
    html = page(
        """<div class="col-md-8">
        <div class="post"><h3><a href="/web/detailberita/123/jadwal-pelayanan">Jadwal
        pelayanan</a></h3><span class="meta">Diperbarui pada</span> <span>19 Juni 2023</span>
        </div>
        <div class="post"><h3><a href="/web/detailberita/122/hitzewelle">Hitzewelle</a></h3>
        <span>Stand: 16.06.2023 05:00 Uhr</span></div>
        <div class="post"><h3><a href="/web/detailberita/121/eu-standard">Zahlungen werden
        EU-Standard</a></h3><span>15.06.2023</span></div>
        <div class="post"><h3><a href="/web/detailberita/120/tarif-air">Tarif air bersih
        tahun ini</a></h3><dl><dt>Diperbarui:</dt><dd>14 Juni 2023</dd></dl></div></div>"""
    )
    assert flagged(html) == {
        "/web/detailberita/120/tarif-air": (date(2023, 6, 14), True),
        "/web/detailberita/123/jadwal-pelayanan": (date(2023, 6, 19), True),
        "/web/detailberita/122/hitzewelle": (date(2023, 6, 16), True),
        "/web/detailberita/121/eu-standard": (date(2023, 6, 15), False),
    }


def test_a_deadline_in_a_headline_is_not_the_item_date() -> None:
    """An announcement's headline names the day registration closes, after it was posted:
    the item is dated by its own badge, or not at all (never by the deadline: too new)."""
    html = page(
        """<div class="col-md-8">
        <div class="post"><h3><a href="/web/detailberita/131/seleksi-pppk">Pendaftaran seleksi
        PPPK dibuka hingga 30 Juni 2023</a></h3><span class="tgl">12 Juni 2023</span></div>
        <div class="post"><h3><a href="/web/detailberita/130/beasiswa">Beasiswa pelajar
        berprestasi, batas akhir pendaftaran 15 Juli 2023</a></h3></div></div>"""
    )
    assert items(html) == [("/web/detailberita/131/seleksi-pppk", date(2023, 6, 12))]


def test_an_item_dated_with_its_page_language_abbreviation() -> None:
    """A Spanish page prints "22 ene. 2019": its items are read in the page's language;
    on a page declaring none, "ene" is no month and the item stays undated."""
    body = """<div class="col-md-8"><div class="post"><h3><a href="/web/detailberita/140/pleno">
    Pleno municipal aprueba el presupuesto</a></h3><span>22 ene. 2019</span></div></div>"""
    spanish = page(body).replace("<html>", '<html lang="es">')
    assert items(spanish) == [("/web/detailberita/140/pleno", date(2019, 1, 22))]
    assert items(page(body)) == []


def test_a_date_in_the_headline_gives_way_to_the_item_badge() -> None:
    """ "Rapat Paripurna ... 30 Juni 2023" names the meeting's day, after the posting: the
    item's own badge dates it, whichever comes first; a headline ending in a word that can
    label a modification ("APBD Perubahan") labels nothing in the next line. With no badge,
    the headline's date is the only one the item has."""
    html = page(
        """<div class="col-md-8">
        <div class="post"><h3><a href="/web/detailberita/152/paripurna">Rapat Paripurna DPRD
        30 Juni 2023 Bahas APBD Perubahan</a></h3><span class="tgl">12 Juni 2023</span></div>
        <div class="post"><span class="tgl">11 Juni 2023</span><h3><a
        href="/web/detailberita/151/upacara">Upacara Hari Lahir Pancasila 1 Juni 2023</a></h3></div>
        <div class="post"><h3><a href="/web/detailberita/150/laporan">Laporan harian 10 Juni
        2023</a></h3></div></div>"""
    )
    assert flagged(html) == {
        "/web/detailberita/152/paripurna": (date(2023, 6, 12), False),
        "/web/detailberita/151/upacara": (date(2023, 6, 11), False),
        "/web/detailberita/150/laporan": (date(2023, 6, 10), False),
    }
