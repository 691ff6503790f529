"""Link discovery: what to fetch next from a homepage or listing page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.read.links import Discovered, discover, is_article_url, is_feed_url, listing_score
from crawler.urls import is_http_url, same_site, without_session

# The shared regency CMS (diskominfotik, disdik, bappeda … .bengkaliskab.go.id).
BENGKALIS_HOME = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>Dinas Komunikasi, Informatika dan Statistik Kabupaten Bengkalis</title>
<link rel="stylesheet" href="/assets/css/style.css">
</head><body>
<div class="top-bar"><span id="jam">Sabtu, 28 November 2026</span>
 <a href="https://www.facebook.com/diskominfotikbengkalis">Facebook</a>
 <a href="https://bengkaliskab.go.id">Portal Kabupaten</a></div>
<header class="site-header"><a href="/"><img src="/assets/img/logo.png" alt="logo"></a></header>
<nav class="navbar"><ul class="menu">
 <li><a href="https://diskominfotik.bengkaliskab.go.id/">Beranda</a></li>
 <li><a href="#">Profil</a><ul>
  <li><a href="/web/halaman/1/visi-dan-misi">Visi dan Misi</a></li>
  <li><a href="/web/halaman/2/struktur-organisasi-dinas-kominfotik">Struktur Organisasi</a></li>
 </ul></li>
 <li><a href="/web/berita">Berita</a></li>
 <li><a href="/web/pengumuman">Pengumuman</a></li>
 <li><a href="/web/galeri">Galeri</a></li>
 <li><a href="/web/agenda?bulan=11&amp;tahun=2026">Agenda</a></li>
 <li><a href="https://e-ppid.bengkaliskab.go.id/">PPID</a></li>
 <li><a href="/administrator/login">Login</a></li>
</ul></nav>
<div class="container"><div class="row"><div class="col-md-8" id="konten">
 <h3>Berita Terkini</h3>
 <div class="item-berita">
  <a href="/web/detailberita/1843/diskominfotik-gelar-pelatihan-pengelola-website-opd">
   <img src="/upload/berita/1843.jpg"></a>
  <h4><a href="/web/detailberita/1843/diskominfotik-gelar-pelatihan-pengelola-website-opd">
   Diskominfotik Gelar Pelatihan Pengelola Website OPD</a></h4>
  <span>Rabu, 18 Oktober 2017 - 12:07:39 WIB - Dibaca : 1105 Kali</span></div>
 <div class="item-berita"><h4>
  <a href="https://diskominfotik.bengkaliskab.go.id/web/detailberita/1841/2017/10/16/rapat-koordinasi-statistik-sektoral">
   Rapat Koordinasi Statistik Sektoral</a></h4></div>
 <a class="btn" href="/web/berita">Lihat Semua Berita</a>
 <a href="/upload/dokumen/renstra-2021-2026.pdf">Unduh Renstra</a>
 <a href="/web/berita/page/2">2</a>
 <a href="mailto:diskominfotik@bengkaliskab.go.id">Email</a>
 <a href="javascript:void(0)">Tutup</a>
 <a href="tel:+62766123">Telepon</a>
</div>
<div class="col-md-4 sidebar"><div class="widget"><h4>Berita Populer</h4>
 <a href="/web/detailberita/1500/bupati-resmikan-jaringan-fiber-optik-desa">Fiber Optik</a>
</div></div></div></div>
<footer><a href="/web/detailberita/1200/hari-jadi-kabupaten-bengkalis-ke-512">Hari Jadi</a>
 © 2026 Diskominfotik</footer>
</body></html>"""

OPENSID_HOME = """<!DOCTYPE html><html><head>
<title>Website Desa Pambang Baru</title>
<link rel="alternate" type="application/rss+xml" title="Feed Desa" href="/feed">
</head><body>
<nav id="navigation"><ul>
 <li><a href="https://pambangbaru.desa.id/">Beranda</a></li>
 <li><a href="https://pambangbaru.desa.id/artikel/kategori/berita-desa">Berita Desa</a></li>
 <li><a href="https://pambangbaru.desa.id/first/kategori/2">Produk Desa</a></li>
 <li><a href="https://pambangbaru.desa.id/arsip">Arsip Artikel</a></li>
 <li><a href="https://pambangbaru.desa.id/peta">Peta</a></li>
 <li><a href="https://pambangbaru.desa.id/siteman">Login Admin</a></li>
</ul></nav>
<main><div class="artikel">
 <a href="https://pambangbaru.desa.id/artikel/2024/8/27/musyawarah-desa-penetapan-rkpdes">
  Musyawarah Desa Penetapan RKPDes</a>
 <a href="https://pambangbaru.desa.id/artikel/2024/8/20/penyaluran-blt-dana-desa-tahap-iii">
  Penyaluran BLT Dana Desa</a>
 <a href="https://pambangbaru.desa.id/first/artikel/415-Posyandu-Balita-Dusun-I">Posyandu</a>
</div>
<a href="https://pambangbaru.desa.id/first/kategori/1?page=3">3</a>
</main>
<aside><div class="kalender"><a href="https://pambangbaru.desa.id/agenda?tanggal=2026-11-30">30</a>
</div></aside>
<a href="https://pambangbaru.desa.id/feed">RSS</a>
<a href="https://pambangbaru.desa.id/sitemap">Sitemap</a>
</body></html>"""

WORDPRESS_HOME = b"""<!DOCTYPE html><html lang="id-ID"><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>BPKAD Kabupaten Bengkalis</title>
<link rel="alternate" type="application/rss+xml" title="BPKAD &raquo; Feed"
 href="https://bpkad.bengkaliskab.go.id/feed/" />
<link rel="alternate" type="application/rss+xml" title="BPKAD &raquo; Umpan Komentar"
 href="https://bpkad.bengkaliskab.go.id/comments/feed/" />
<link rel="alternate" type="application/rss+xml" title="BPKAD &raquo; Rekonsiliasi RSS"
 href="https://bpkad.bengkaliskab.go.id/rekonsiliasi-aset-daerah-tahun-2024/feed/" />
<link rel="https://api.w.org/" href="https://bpkad.bengkaliskab.go.id/wp-json/" />
<link rel="alternate" type="application/json+oembed"
 href="https://bpkad.bengkaliskab.go.id/wp-json/oembed/1.0/embed?url=x" />
<link rel="stylesheet" href="https://bpkad.bengkaliskab.go.id/wp-content/themes/x/style.css" />
<meta name="generator" content="WordPress 6.4.2" />
</head><body class="home blog">
<header id="masthead"><a href="https://bpkad.bengkaliskab.go.id/category/berita/">Berita</a>
<a href="https://bpkad.bengkaliskab.go.id/category/pengumuman/">Pengumuman</a></header>
<div id="primary" class="content-area"><main id="main">
<article><h2><a href="https://bpkad.bengkaliskab.go.id/sosialisasi-aplikasi-sipd-tahun-2025/">
Sosialisasi</a></h2>
<a href="https://bpkad.bengkaliskab.go.id/sosialisasi-aplikasi-sipd-tahun-2025/#respond">0</a>
<a href="https://bpkad.bengkaliskab.go.id/author/admin/">admin</a>
<a href="https://bpkad.bengkaliskab.go.id/2025/02/">Februari 2025</a></article>
<article><h2><a href="https://bpkad.bengkaliskab.go.id/?p=790">Rekonsiliasi</a></h2></article>
<a href="https://bpkad.bengkaliskab.go.id/page/2/">Older posts</a>
</main></div>
<a href="https://bpkad.bengkaliskab.go.id/sosialisasi-aplikasi-sipd-tahun-2025/feed/">komentar</a>
</body></html>"""


def test_bengkalis_custom_cms_homepage() -> None:
    page = "https://diskominfotik.bengkaliskab.go.id/"
    found = discover(BENGKALIS_HOME, page)
    base = "https://diskominfotik.bengkaliskab.go.id"
    assert found.listings[:2] == (f"{base}/web/berita", f"{base}/web/pengumuman")
    assert f"{base}/web/galeri" not in found.listings
    assert not any("agenda" in url or "page/2" in url for url in found.listings)
    assert found.articles == (
        f"{base}/web/detailberita/1843/diskominfotik-gelar-pelatihan-pengelola-website-opd",
        f"{base}/web/detailberita/1841/2017/10/16/rapat-koordinasi-statistik-sektoral",
        f"{base}/web/detailberita/1500/bupati-resmikan-jaringan-fiber-optik-desa",
        f"{base}/web/detailberita/1200/hari-jadi-kabupaten-bengkalis-ke-512",
    )  # the long static-page slug "struktur-organisasi-…" in the menu is not an article
    assert not found.is_wordpress and found.wp_api is None
    assert set(found.offsite) == {
        "https://www.facebook.com/diskominfotikbengkalis",
        "https://bengkaliskab.go.id",
        "https://e-ppid.bengkaliskab.go.id/",
    }
    _assert_well_formed(found, page)


def test_opensid_village_homepage() -> None:
    page = "https://pambangbaru.desa.id/"
    found = discover(OPENSID_HOME, page)
    assert found.feeds == ("https://pambangbaru.desa.id/feed",)
    assert found.sitemaps == ("https://pambangbaru.desa.id/sitemap",)
    assert found.listings[0] == "https://pambangbaru.desa.id/artikel/kategori/berita-desa"
    assert "https://pambangbaru.desa.id/arsip" in found.listings
    assert not any("siteman" in url or "page=3" in url for url in found.listings)
    assert found.articles == (
        "https://pambangbaru.desa.id/artikel/2024/8/27/musyawarah-desa-penetapan-rkpdes",
        "https://pambangbaru.desa.id/artikel/2024/8/20/penyaluran-blt-dana-desa-tahap-iii",
        "https://pambangbaru.desa.id/first/artikel/415-Posyandu-Balita-Dusun-I",
    )
    _assert_well_formed(found, page)


def test_wordpress_homepage() -> None:
    page = "https://bpkad.bengkaliskab.go.id/"
    found = discover(WORDPRESS_HOME, page)
    assert found.is_wordpress
    assert found.wp_api == "https://bpkad.bengkaliskab.go.id/wp-json/"
    assert found.feeds == ("https://bpkad.bengkaliskab.go.id/feed/",)  # not the comment feeds
    assert found.listings[:2] == (
        "https://bpkad.bengkaliskab.go.id/category/berita/",
        "https://bpkad.bengkaliskab.go.id/category/pengumuman/",
    )
    assert found.articles == (
        "https://bpkad.bengkaliskab.go.id/sosialisasi-aplikasi-sipd-tahun-2025/",
        "https://bpkad.bengkaliskab.go.id/?p=790",
    )
    _assert_well_formed(found, page)


def test_wordpress_marks_without_api_link() -> None:
    html = '<html><body><img src="/wp-content/uploads/2024/logo.png"></body></html>'
    assert discover(html, "https://dpmd.bengkaliskab.go.id/").is_wordpress
    offsite = '<html><body><img src="https://other.org/wp-content/a.png"></body></html>'
    assert not discover(offsite, "https://dpmd.bengkaliskab.go.id/").is_wordpress


def test_base_href_and_the_page_itself() -> None:
    html = """<html><head><base href="https://dinkes.bengkaliskab.go.id/v2/"></head><body>
    <a href="berita">Berita</a><a href="https://dinkes.bengkaliskab.go.id/v2/berita/">Berita</a>
    <a href="berita/2041/dinkes-gelar-imunisasi-serentak">Imunisasi</a></body></html>"""
    found = discover(html, "https://dinkes.bengkaliskab.go.id/v2/berita")
    assert found.listings == ()
    assert found.articles == (
        "https://dinkes.bengkaliskab.go.id/v2/berita/2041/dinkes-gelar-imunisasi-serentak",
    )


def test_decoded_text_is_not_decoded_again() -> None:
    html = '<meta charset="iso-8859-1"><a href="/kategori/7">Bérita Daerah</a>'
    assert discover(html, "https://x.go.id/").listings == ("https://x.go.id/kategori/7",)
    xhtml = '<?xml version="1.0" encoding="utf-8"?><html><a href="/berita">Berita</a></html>'
    assert discover(xhtml, "https://x.go.id/").listings == ("https://x.go.id/berita",)


def test_hostile_or_empty_html() -> None:
    page = "https://x.bengkaliskab.go.id/"
    for html in (
        "",
        "   ",
        b"\x00\xff",
        "<?xml version='1.0' encoding='utf-8'?><a href='/berita'>B</a>",
    ):
        found = discover(html, page)
        assert isinstance(found, Discovered)
    many = "<html><body>" + "".join(f'<a href="/a-{n}-b-c-d">x</a>' for n in range(5000))
    found = discover(many, page)
    assert len(found.articles) == 30


def test_article_urls() -> None:
    yes = [
        "https://disdik.bengkaliskab.go.id/mobile/detailberita/77/2023/06/19/ujian-sekolah",
        "https://dinkes.bengkaliskab.go.id/berita/2041/dinkes-gelar-imunisasi",
        "https://rsudbengkalis.bengkaliskab.go.id/berita/rsud-raih-akreditasi-paripurna",
        "https://disdukcapil.bengkaliskab.go.id/disdukcapil/post/detail_berita/312",
        "https://kecbantan.bengkaliskab.go.id/2023/07/gotong-royong.html",
        "https://bpkad.bengkaliskab.go.id/2025/02/14/sipd/",
        "https://bpkad.bengkaliskab.go.id/?p=790",
        "https://x.go.id/index.php?option=com_content&view=article&id=12:rapat&catid=8",
        "https://x.go.id/read/12/bupati-buka-mtq",
        "https://x.go.id/berita.php?id=17",
    ]
    no = [
        "https://bpkad.bengkaliskab.go.id/category/berita/",
        "https://bpkad.bengkaliskab.go.id/2025/02/",
        "https://bpkad.bengkaliskab.go.id/2025/02/14/",
        "https://bpkad.bengkaliskab.go.id/page/2/",
        "https://bpkad.bengkaliskab.go.id/tag/sipd-dan-aset-daerah/",
        "https://x.go.id/web/berita",
        "https://x.go.id/upload/laporan-kinerja-instansi-pemerintah-2024.pdf",
        "https://x.go.id/wp-admin/post-new-item-here",
        "https://x.go.id/web/halaman/1/visi-dan-misi",
        "https://x.go.id/search?q=berita-terbaru-hari-ini",
        "https://x.go.id/persyaratan.php?id=3",
    ]
    assert [url for url in yes if not is_article_url(url)] == []
    assert [url for url in no if is_article_url(url)] == []


def test_feed_urls() -> None:
    assert is_feed_url("https://x.go.id/feed/")
    assert is_feed_url("https://x.go.id/?feed=rss2")
    assert is_feed_url("https://x.blogspot.com/feeds/posts/default")
    assert is_feed_url("https://x.go.id/rss.xml")
    assert not is_feed_url("https://x.go.id/comments/feed/")
    assert not is_feed_url("https://x.go.id/2024/08/12/rapat-kerja-dinas/feed/")
    assert not is_feed_url("https://x.go.id/sitemap.xml")


def test_listing_score() -> None:
    assert listing_score("https://x.go.id/berita") > listing_score("https://x.go.id/informasi")
    assert listing_score("https://x.go.id/web/kategori/3", "Berita") > 0
    assert listing_score("https://x.go.id/galeri", "Galeri") == 0
    assert (
        0
        < listing_score("https://x.go.id/kategori/kesehatan")
        < listing_score("https://x.go.id/kategori/berita")
    )
    assert listing_score("https://x.go.id/tag/jalan") == 0
    assert listing_score("https://x.go.id/", "Berita") == 0
    assert listing_score("https://x.go.id/berita?page=2") == 0
    assert listing_score("https://x.go.id/berita?page=1") > 0
    assert listing_score("https://x.go.id/agenda?bulan=11&tahun=2026", "Berita") == 0
    assert listing_score("https://x.go.id/berita/index/20") == 0
    assert listing_score("https://x.go.id/berita/2") == 0
    assert listing_score("https://x.blogspot.com/search/label/Berita") > 0


def _assert_well_formed(found: Discovered, page: str) -> None:
    fetchable = (*found.feeds, *found.sitemaps, *found.listings, *found.articles)
    assert all(is_http_url(url) and same_site(url, page) for url in fetchable)
    assert all(len(group) == len(set(group)) for group in (found.listings, found.articles))
    assert all(not same_site(url, page) for url in found.offsite)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<a href='",
                "'>",
                "</a>",
                "<base href='",
                "<link rel='alternate' ",
                "type='",
                "<main>",
                "/berita",
                "/web/detailberita/1/a-b-c",
                "?page=2",
                "javascript:",
                "http://[::1",
                "\x00",
                "<nav>",
                "</div>",
                "https://other.org/",
                "&#0;",
                "%",
                "/feed",
                "<!--",
                "mailto:",
            ]
        )
        | st.text(max_size=20),
        max_size=40,
    ).map("".join)
)
def test_discover_never_raises(html: str) -> None:
    page = "https://x.bengkaliskab.go.id/"
    _assert_well_formed(discover(html, page), page)
    _assert_well_formed(discover(html.encode("utf-8", "surrogatepass"), page), page)


def test_session_ids_are_dropped_from_links() -> None:
    # An old PHP site with cookies off writes a new session id into every link it serves.
    page = """<html><body>
      <a href="/berita?PHPSESSID=3f9a0c1b2d4e5f60718293a4b5c6d7e8">Berita</a>
      <a href="/berita/baca/77/banjir-rob;jsessionid=0A1B2C3D4E5F60718293A4B5C6D7E8F9">Rob</a>
      <a href="/berita/baca/78/panen?sid=a8f5f167f44f4964e6c998dee827110c">Panen</a>
    </body></html>"""
    found = discover(page, "http://dinas.example.go.id/")
    assert found.listings == ("http://dinas.example.go.id/berita",)
    assert found.articles == (
        "http://dinas.example.go.id/berita/baca/77/banjir-rob",
        "http://dinas.example.go.id/berita/baca/78/panen",
    )


def test_short_ids_that_look_like_sessions_stay() -> None:
    # ?sid=5 is a section number on some CMSs, not a session token.
    assert without_session("http://x.go.id/b?sid=5&id=3") == "http://x.go.id/b?sid=5&id=3"
    assert without_session("http://x.go.id/b?id=3") == "http://x.go.id/b?id=3"
    assert (
        without_session("http://x.go.id/c?CFID=123456789012345678&CFTOKEN=abcdef0123456789ab")
        == "http://x.go.id/c"
    )



def test_link_classifiers_keep_no_long_url_in_their_caches() -> None:
    """A hostile site's megabyte-long URLs are classified like any other, and not kept."""
    from crawler.read.links import is_article_url

    long_url = "https://dinas.go.id/berita/" + "a" * 5_000
    short_url = "https://dinas.go.id/berita/2024/08/12/rapat-koordinasi"
    is_article_url.cache_clear()
    assert is_article_url(long_url) is is_article_url.__wrapped__(long_url)
    assert is_article_url.cache_info().currsize == 0
    assert is_article_url(short_url) is True
    assert is_article_url.cache_info().currsize == 1
