import logging
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.model import WIB, is_plausible
from crawler.read import cascade
from crawler.read.cascade import PageDate, page_date

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=WIB)
TODAY = date(2026, 11, 28)
SITE = "https://diskominfotik.bengkaliskab.go.id"

HEADER = """<header><div class="top-bar"><span class="tanggal">Sabtu, 28 November 2026</span>
<span class="jam" id="clock">10:00:00</span></div><nav><a href="/">Beranda</a>
<a href="/web/berita">Berita</a></nav></header>"""
SIDEBAR = """<div class="col-md-4"><div class="box"><h4>Berita Terbaru</h4><ul>
<li><a href="/web/detailberita/900/a">Rapat koordinasi</a> <span>Jumat, 27 November 2026</span></li>
<li><a href="/web/detailberita/899/b">Vaksinasi</a> <span>Kamis, 26 November 2026</span></li>
</ul></div></div>"""
FOOTER = """<footer><p>Copyright © 2019-2026 Diskominfotik Kabupaten Bengkalis</p>
<div class="statistik">Hari ini : 45<br>Kemarin : 120<br>Total : 90.210</div></footer>"""


def page(body: str, *, head: str = "", title: str = "Bupati Resmikan Jembatan Baru") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title} | Diskominfotik</title>{head}</head>"
        f"<body>{HEADER}<div class='container'>{body}</div>{FOOTER}</body></html>"
    )


def article(byline: str, *, extra: str = "", heading: str = "h1") -> str:
    return page(
        f"""<div class="col-md-8"><{heading}>Bupati Resmikan Jembatan Baru</{heading}>
        {byline}<p>Bengkalis - Bupati meresmikan jembatan baru di Desa Pematang Duku.</p>
        {extra}</div>{SIDEBAR}"""
    )


def found(html: str | bytes, url: str | None = None) -> tuple[date, str] | None:
    result = page_date(html, url, now=NOW)
    return (result.date, result.source) if result else None


# --- the sites we know -------------------------------------------------------------


def test_bengkalis_cms_byline_beats_header_widget_and_sidebar() -> None:
    html = article(
        '<div class="tanggal">Rabu, 18 Oktober 2017 - 12:07:39 WIB - Dibaca : 1105 Kali</div>',
        heading="h3",
    )
    result = page_date(html, f"{SITE}/web/detailberita/123/slug", now=NOW)
    assert result == PageDate(
        date(2017, 10, 18), "byline", "Rabu, 18 Oktober 2017 - 12:07:39 WIB - Dibaca : 1105 Kali"
    )


def test_bengkalis_date_in_url() -> None:
    html = page("<h3>Bupati Resmikan Jembatan Baru</h3><p>Isi berita.</p>")
    url = f"{SITE}/mobile/detailberita/77/2024/08/12/slug"
    assert found(html, url) == (date(2024, 8, 12), "url")


def test_dinkes_byline_with_seconds() -> None:
    html = article('<p class="meta">Senin, 17 November 2025 18:01:43 Wib</p>')
    assert found(html) == (date(2025, 11, 17), "byline")


def test_posted_on_byline() -> None:
    assert found(article("<p>Diposting pada 12 Agustus 2022</p>")) == (date(2022, 8, 12), "byline")


def test_author_pipe_date_byline() -> None:
    html = article('<div class="post-meta">Oleh admin | 19 Juni 2023</div>')
    assert found(html) == (date(2023, 6, 19), "byline")


def test_relative_byline() -> None:
    html = article('<div class="post-meta"><span>3 hari yang lalu</span></div>')
    assert found(html) == (date(2026, 11, 25), "byline")


def test_byline_above_the_title() -> None:
    html = page(
        """<div class="col-md-8"><div class="cat">Pemerintahan · 5 Maret 2024</div>
        <h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p></div>"""
    )
    assert found(html) == (date(2024, 3, 5), "byline")


def test_wordpress_meta_published_not_modified() -> None:
    head = """<meta property="article:published_time" content="2023-06-19T03:15:00+00:00">
    <meta property="article:modified_time" content="2026-11-27T10:00:00+00:00">"""
    html = page("<article><h1>Bupati Resmikan Jembatan Baru</h1></article>", head=head)
    assert found(html) == (date(2023, 6, 19), "meta")


def test_wordpress_time_element_published_not_updated() -> None:
    html = page(
        """<article><header class="entry-header"><h1 class="entry-title">Bupati Resmikan
        Jembatan Baru</h1><div class="entry-meta"><time class="entry-date published"
        datetime="2023-06-19T10:15:00+07:00">19 Juni 2023</time><time class="updated"
        datetime="2026-11-27T10:00:00+07:00">27 November 2026</time></div></header>
        <div class="entry-content"><p>Isi.</p></div></article>"""
        + SIDEBAR.replace("<span>", "<time datetime='2026-11-27'>").replace("</span>", "</time>")
    )
    assert found(html) == (date(2023, 6, 19), "time")


def test_a_time_in_another_article_element_is_that_articles() -> None:
    # The article's <time> sits above its title; teasers of other articles, each in its own
    # <article> with a linked title too long for a list item, follow.
    teaser = """<article class="teaser"><header><time datetime="2026-11-2{d}">2{d}.11.2026</time>
    </header><p>Ringkasan berita lain yang cukup panjang tentang kegiatan dinas di kecamatan
    dan desa, dengan kutipan pejabat dan rincian anggaran yang dibahas dalam rapat.</p>
    <h3><a href="/berita/jembatan-{d}">Berita lain nomor {d}</a></h3></article>"""
    html = page(
        """<article class="main"><header><time datetime="2023-06-19">19.06.2023</time>
        <h1>Bupati Resmikan Jembatan Baru</h1></header><p>Isi berita.</p></article>"""
        + "".join(teaser.format(d=d) for d in (6, 7))
    )
    assert found(html) == (date(2023, 6, 19), "time")


def test_the_time_in_the_titles_own_header_beats_a_nearer_one_below() -> None:
    # The article's date opens its header, above the title; below the text, similar posts
    # each carry a date three levels under their link (no list item for the time step).
    similar = """<li><a href="/posts/{d}">Another post title that is long enough</a>
    <ul class="info"><li><time datetime="2026-11-2{d}">2{d} November 2026</time></li></ul></li>"""
    html = page(
        """<div class="article"><header class="article__header"><ul class="info"><li><time
        datetime="2023-06-19">19 Juni 2023</time></li></ul><h1>Bupati Resmikan Jembatan
        Baru</h1></header><p>Isi berita.</p><ul class="similar">"""
        + "".join(similar.format(d=d) for d in (6, 7))
        + "</ul></div>"
    )
    assert found(html) == (date(2023, 6, 19), "time")


def test_a_teaser_with_a_long_summary_dates_only_itself() -> None:
    # "More like this": each card's heading links its page, its summary is too long for a
    # list item, and its <time> sits two levels under the heading's container.
    card = """<li><div class="card"><div class="card__content"><h3><a
    href="/berita/jembatan-{d}">Jembatan desa {d} diresmikan</a></h3><p>{summary}</p>
    <div class="card__details"><span>Humas</span><time datetime="2026-11-2{d}">2{d}.11.26</time>
    </div></div></div></li>"""
    summary = "Ringkasan panjang tentang kegiatan lain di kabupaten. " * 9
    html = page(
        """<div class="main"><h1>Bupati Resmikan Jembatan Baru</h1><p class="meta">Senin,
        19 Juni 2023</p><p>Isi berita.</p></div><ul class="more">"""
        + "".join(card.format(d=d, summary=summary) for d in (6, 7))
        + "</ul>"
    )
    assert found(html) == (date(2023, 6, 19), "byline")


def test_wordpress_taxonomy_classes_are_not_noise() -> None:
    html = page(
        """<article class="post type-post category-agenda tag-event tag-berita-terbaru">
        <h1>Bupati Resmikan Jembatan Baru</h1><div class="entry-meta">19 Juni 2023</div>
        <p>Isi.</p></article>"""
    )
    assert found(html) == (date(2023, 6, 19), "byline")


def test_article_header_and_footer_classes_inside_article() -> None:
    html = page(
        """<article><div class="header"><h3>Bupati Resmikan Jembatan Baru</h3></div>
        <div class="footer"><span class="news-list-date">19.06.2023</span></div></article>"""
    )
    assert found(html) == (date(2023, 6, 19), "byline")


@pytest.mark.parametrize(
    "classes", ["entry-header", "article-header", "art-header", "post-page__header", "ArticleHero"]
)
def test_an_articles_own_header_outside_an_article_element_is_not_chrome(classes: str) -> None:
    html = page(
        f"""<div class="content"><header class="{classes}"><h1>Bupati Resmikan Jembatan Baru</h1>
        <div class="meta"><time datetime="2022-01-25T10:16:21+07:00">25 Januari 2022</time></div>
        </header><div class="entry-content"><p>Isi berita.</p></div></div>"""
    )
    assert found(html) == (date(2022, 1, 25), "time")


def test_a_wrapper_of_content_and_sidebar_is_no_sidebar() -> None:
    # Genesis wraps the article and the sidebar in "content-sidebar-wrap"; its sidebar is
    # still one, and so is a block named "sidebar-content".
    html = page(
        """<h1>Bupati Resmikan Jembatan Baru</h1><div class="content-sidebar-wrap">
        <div class="content"><p class="entry-meta"><time class="entry-time">24 Juli 2019</time></p>
        <p>Isi berita.</p></div><div class="sidebar-content"><p>Kamis, 26 November 2026</p>
        </div></div>"""
    )
    assert found(html) == (date(2019, 7, 24), "time")
    assert found(html.replace('<time class="entry-time">24 Juli 2019</time>', "")) is None


#: A theme's inline configuration: most of the page's characters, none of its visible text.
THEME_SCRIPT = (
    "<script>window.themeConfig = {"
    + ",".join(f'"option{i}": "value{i}"' for i in range(1500))
    + "};</script>"
)
LONG_TEXT = f"<p>{'Bengkalis - Bupati meresmikan jembatan baru di Desa Pematang Duku. ' * 40}</p>"


def test_a_wrapper_holding_most_visible_text_is_no_widget_beside_a_big_script() -> None:
    # A sticky-sidebar plugin wraps the article in "theiaStickySidebar", the theme the whole
    # layout in "header-style-...": both hold most of what a reader sees. The inline script
    # is most of the page's characters, but no text of it: counted, it hid the wrappers.
    html = page(
        f"""<div class="wrapper-boxed header-style-header-10"><div class="theiaStickySidebar">
        <article><h1>Bupati Resmikan Jembatan Baru</h1>
        <div class="post-meta"><span>Selasa, 3 Oktober 2023</span></div>{LONG_TEXT}</article>
        </div></div>{THEME_SCRIPT}"""
    )
    assert found(html) == (date(2023, 10, 3), "byline")


def test_a_sidebar_holding_a_big_script_stays_a_sidebar() -> None:
    # Its script made the sidebar look like most of the page: its item's date, two days
    # before the crawl, dated an undated article (the false-fresh error).
    html = page(
        f"""<div class="col-md-8"><h1>Bupati Resmikan Jembatan Baru</h1>{LONG_TEXT}</div>
        <div class="sidebar"><p><time datetime="2026-11-26">Kamis, 26 November 2026</time>
        Rapat koordinasi</p>{THEME_SCRIPT}</div>"""
    )
    assert found(html) is None


@pytest.mark.parametrize("classes", ["site-header", "header-single", "story-header"])
def test_the_sites_header_with_a_heading_and_a_date_widget_stays_chrome(classes: str) -> None:
    # The site's <header> (no article named in its class) holds the agency's name as <h1>
    # and today's date: neither is the article's.
    header = f"""<header class="{classes}"><h1>Dinas Pendidikan</h1>
    <time datetime="2026-11-28">Sabtu, 28 November 2026</time></header>"""
    html = page(f"{header}<div class='content'><h2>Program Sekolah</h2><p>Isi.</p></div>")
    assert found(html) is None


@pytest.mark.parametrize(
    "classes",
    ["relative pointer-events-auto", "pointer-events-none", "sticker-boundary", "stickers"],
)
def test_utility_classes_that_only_contain_a_noise_word(classes: str) -> None:
    # Tailwind's "pointer-events-*" is no events box, a "sticker" no news ticker.
    html = page(
        f"""<article><h1>Bupati Resmikan Jembatan Baru</h1><div class="{classes}">
        <div class="meta">19 Juni 2023</div></div><p>Isi.</p></article>"""
    )
    assert found(html) == (date(2023, 6, 19), "byline")


@pytest.mark.parametrize("classes", ["upcoming-events", "events-list", "newsticker", "ticker"])
def test_event_and_ticker_boxes_stay_noise(classes: str) -> None:
    html = article("", extra=f'<div class="{classes}"><p>Kamis, 26 November 2026</p></div>')
    assert found(html) is None


def test_layout_classes_on_body_are_not_noise() -> None:
    html = article("<p>Diposting pada 12 Agustus 2022</p>").replace(
        "<body>", '<body class="single right-sidebar navbar-fixed-top">'
    )
    assert found(html) == (date(2022, 8, 12), "byline")


def test_blogger_json_ld_and_month_first_date() -> None:
    head = """<script type="application/ld+json">{"@context": "http://schema.org",
    "@type": "BlogPosting", "headline": "Bupati", "datePublished": "2023-07-06T08:00:00+07:00",
    "dateModified": "2026-11-20T08:00:00+07:00"}</script>"""
    html = page('<h3 class="post-title">Bupati</h3><span>Juli 06, 2023</span>', head=head)
    assert found(html) == (date(2023, 7, 6), "json-ld")


def test_blogger_month_first_byline_without_json_ld() -> None:
    html = article('<h2 class="date-header"><span>Kamis, Juli 06, 2023</span></h2>')
    assert found(html) == (date(2023, 7, 6), "byline")


def test_json_ld_graph_prefers_article() -> None:
    head = """<script type="application/ld+json">{"@graph": [
      {"@type": "WebSite", "name": "Diskominfotik"},
      {"@type": ["Article"], "datePublished": "2024-02-01T09:00:00+07:00"},
      {"@type": "WebPage", "datePublished": "2024-02-03T09:00:00+07:00"}]}</script>"""
    assert found(page("<h1>x</h1>", head=head)) == (date(2024, 2, 1), "json-ld")


def test_json_ld_list_and_broken_json() -> None:
    listed = '<script type="application/ld+json">[{"@type": "NewsArticle", '
    listed += '"datePublished": "2022-05-04"}]</script>'
    assert found(page("", head=listed)) == (date(2022, 5, 4), "json-ld")
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", '
    broken += '"datePublished": "2022-05-04T10:00:00+07:00", "headline": "a "quoted" b",}</script>'
    assert found(page("", head=broken)) == (date(2022, 5, 4), "json-ld")


def test_opensid_article_without_machine_dates() -> None:
    html = page(
        """<div class="single_page_area"><h4 class="post_titile">Bupati Resmikan Jembatan
        Baru</h4><div class="post_commentbox"><a href="#"><i class="fa fa-user"></i>Admin</a>
        <span><i class="fa fa-calendar"></i>27 Agustus 2024</span></div><p>Isi.</p></div>"""
    )
    assert found(html, "https://pematangduku.desa.id/artikel/2024/8/27/slug") == (
        date(2024, 8, 27),
        "byline",
    )


def test_bytes_with_declared_charset() -> None:
    html = article("<p>Diposting pada 12 Agustus 2022 — café</p>").replace("utf-8", "windows-1252")
    assert found(html.encode("cp1252")) == (date(2022, 8, 12), "byline")


# --- traps: none of these is the page's date --------------------------------------------


def test_trap_header_today_widget_alone() -> None:
    assert found(page("<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi tanpa tanggal.</p>")) is None


def test_trap_today_widget_outside_header() -> None:
    html = (
        "<html><head><title>Bupati Resmikan Jembatan Baru</title></head><body>"
        '<div class="tanggal-hari-ini">Sabtu, 28 November 2026</div>'
        "<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi tanpa tanggal.</p></body></html>"
    )
    assert found(html) is None


def test_trap_unlabelled_today_line_above_title() -> None:
    html = (
        "<html><head><title>Bupati Resmikan Jembatan Baru</title></head><body>"
        "<div>Sabtu, 28 November 2026</div>"
        "<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi tanpa tanggal.</p></body></html>"
    )
    assert found(html) is None


def test_trap_prayer_times_box() -> None:
    prayer = """<div class="box-kanan"><b>Bengkalis, Sabtu 28 November 2026</b><table>
    <tr><td>Subuh</td><td>04:41</td></tr><tr><td>Dzuhur</td><td>12:05</td></tr>
    <tr><td>Ashar</td><td>15:28</td></tr><tr><td>Maghrib</td><td>18:15</td></tr></table></div>"""
    html = page(f"<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p>{prayer}")
    assert found(html) is None


def test_trap_prayer_times_heading() -> None:
    html = page(
        "<h1>Bupati Resmikan Jembatan Baru</h1><div><h5>Jadwal Imsakiyah</h5>"
        "<p>Jumat, 27 November 2026</p></div>"
    )
    assert found(html) is None


def test_trap_visitor_counter_and_copyright() -> None:
    html = page(
        """<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p><div id="counter">
        Pengunjung hari ini: 45<br>Update: 27/11/2026</div><p>© 2026 Pemkab Bengkalis</p>"""
    )
    assert found(html) is None


def test_trap_unlabelled_counter_table() -> None:
    counter = "<table><tr><td>Hari ini</td><td>45</td></tr><tr><td>Kemarin</td><td>120</td></tr>"
    html = page(f"<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p>{counter}</table>")
    assert found(html) is None


def test_bare_relative_word_in_a_byline() -> None:
    assert found(article('<p class="post-date">Kemarin</p>')) == (date(2026, 11, 27), "byline")
    assert found(article("<p>Kemarin, 14:05 WIB</p>")) == (date(2026, 11, 27), "byline")


def test_trap_agenda_box() -> None:
    agenda = """<div class="col-md-4"><h4>Agenda</h4><ul>
    <li>Rapat Paripurna, Senin 30 November 2026</li><li>Musrenbang, 2 November 2026</li>
    </ul><h4>Kegiatan Mendatang</h4></div>"""
    html = page(f"<div><h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p></div>{agenda}")
    assert found(html) is None


def test_trap_calendar_widget() -> None:
    calendar = """<table id="wp-calendar"><caption>November 2026</caption><tr><td>1</td>
    <td><a href="/2026/11/27/">27</a></td></tr></table>"""
    html = page(f"<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p><aside>{calendar}</aside>")
    assert found(html) is None


def test_trap_recent_news_sidebar_alone() -> None:
    html = page(f"<div class='col-md-8'><h1>Bupati Resmikan Jembatan Baru</h1></div>{SIDEBAR}")
    assert found(html) is None


def test_trap_related_news_inside_article_column() -> None:
    related = """<h3>Berita Lainnya</h3><ul><li><a href="/web/detailberita/901/c">C</a>
    Jumat, 27 November 2026</li></ul><h3>Artikel Terkait</h3><p>Kamis, 26 November 2026</p>"""
    html = article("<p>Diposting pada 12 Agustus 2022</p>", extra=related)
    assert found(html) == (date(2022, 8, 12), "byline")
    assert found(article("", extra=related)) is None


UNLABELLED_LIST = """<div class="col-md-4"><b>Info</b><ul>
<li><a href="/berita/9">Rapat koordinasi penanganan banjir di kecamatan</a><br>
<div>27 November 2026</div></li><li><a href="/berita/8">Vaksinasi anak sekolah dasar di desa</a>
<span>26 November 2026</span></li></ul></div>"""


def test_trap_unlabelled_recent_list_after_a_short_article() -> None:
    html = page(
        f"<div class='col-md-8'><h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p></div>"
        f"{UNLABELLED_LIST}"
    )
    assert found(html) is None


def test_trap_unlabelled_recent_list_inside_the_article_column() -> None:
    html = page(
        f"<div class='col-md-8'><h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p>"
        f"{UNLABELLED_LIST}</div>"
    )
    assert found(html) is None


def test_trap_time_elements_of_an_unlabelled_list() -> None:
    listed = UNLABELLED_LIST.replace("<span>", "<time datetime='2026-11-26'>")
    listed = listed.replace("</span>", "</time>")
    html = page(f"<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p>{listed}")
    assert found(html) is None


def test_byline_with_author_and_category_links() -> None:
    byline = """<div class="meta">Oleh <a href="/author/admin">Admin Diskominfotik Bengkalis</a>
    | <a href="/kategori/pemerintahan">Berita Pemerintahan Daerah</a> | 19 Juni 2023</div>"""
    assert found(article(byline)) == (date(2023, 6, 19), "byline")


def test_trap_popular_news_block_before_title() -> None:
    html = page(
        """<div class="berita-populer"><a href="/b/1">X</a> 27 November 2026</div>
        <h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p>"""
    )
    assert found(html) is None


def test_trap_comments() -> None:
    comments = """<div id="comments"><h3>2 Komentar</h3><div class="comment">Budi
    <span>27 November 2026 pukul 08:00</span> Mantap!</div></div>"""
    assert found(article("", extra=comments)) is None


def test_a_link_to_the_comments_in_the_byline_heads_no_comments_box() -> None:
    # A link or button classed like a header ("js-comment-header") leads to the comments.
    byline = """<div class="meta"><a href="/author/angus">Angus Thompson</a>
    <div class="date">Jumat, 22 November 2024 08:49 WIB</div>
    <a class="js-comment-header"><span>5</span> <span>Komentar</span></a></div>"""
    assert found(article(byline)) == (date(2024, 11, 22), "byline")
    share = """<div class="meta"><div class="date">Jumat, 22 November 2024</div>
    <div class="share-bar--header"><button>Leave a comment</button></div></div>"""
    assert found(article(share)) == (date(2024, 11, 22), "byline")


def test_a_comments_box_headed_by_a_classed_block_is_still_one() -> None:
    comments = """<div class="diskusi"><div class="box-header">Komentar</div><div>Budi
    <span>27 November 2026 pukul 08:00</span> Mantap!</div></div>"""
    assert found(article("", extra=comments)) is None


def test_a_comments_heading_inside_the_article_marks_what_follows_not_the_article() -> None:
    # The heading is the article's own child: the article is not a comments box, the comments
    # after the heading are.
    html = page(
        """<div class="wrap"><h1>Bupati Resmikan Jembatan Baru</h1></div>
        <article class="article-grid"><div class="meta">19 Juni 2023</div><p>Isi.</p>
        <h2>Komentar</h2><div class="c"><span>27 November 2026 pukul 08:00</span> Mantap!</div>
        <div class="c"><span>26 November 2026 pukul 09:00</span> Setuju</div></article>"""
    )
    assert found(html) == (date(2023, 6, 19), "byline")
    assert found(html.replace('<div class="meta">19 Juni 2023</div>', "")) is None


def test_a_heading_after_its_containers_text_marks_what_follows_not_the_container() -> None:
    # An empty "Related stories" box (its items come by script) closes the article's container:
    # it heads nothing before it, so the byline stays the article's. Opening a box, the same
    # heading marks the box: the sidebar's dated items stay other pages'.
    html = page(
        """<h1>Bupati Resmikan Jembatan Baru</h1><div id="article_container">
        <div class="byline">on 19 Juni 2023 at 12:06</div>"""
        + "<p>Bupati meresmikan jembatan baru di Desa Pematang Duku hari ini.</p>" * 8
        + """<div class="box"><h2>Related stories</h2></div></div>"""
    )
    assert found(html) == (date(2023, 6, 19), "byline")
    sidebar = page(
        """<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi berita.</p><div class="kolom">
        <h2>Related stories</h2><p><span>27 November 2026</span> Rapat koordinasi dinas</p>
        </div>"""
    )
    assert found(sidebar) is None


def test_a_figures_caption_is_not_the_byline() -> None:
    # The recording's or the photo's date, under the title: the page's own comes after it.
    figure = """<figure><audio src="/a.mp3"></audio><figcaption>Audio: Radio Bengkalis |
    18.06.2023 | Humas | Bild: Humas</figcaption></figure><p class="meta">19 Juni 2023</p>"""
    assert found(article(figure)) == (date(2023, 6, 19), "byline")


def test_the_article_items_one_date_published_counts_in_any_region() -> None:
    # The page's own microdata says whose date it is: the region guessed around it (a
    # "related-content" wrapper holding the text) does not. Two in the item: the region rules.
    own = """<div class="col-md-8" itemscope itemtype="https://schema.org/NewsArticle">
    <h1 itemprop="headline">Bupati Resmikan Jembatan Baru</h1><div class="related-content">
    <h3><a href="/berita/lain-yang-lain">Berita lain</a></h3><p>Bupati meresmikan jembatan baru
    di Desa Pematang Duku.</p><time itemprop="datePublished" datetime="2023-06-19">19 Juni
    2023</time></div></div>"""
    assert found(page(own)) == (date(2023, 6, 19), "time")
    twice = own.replace(
        "</div></div>",
        '<time itemprop="datePublished" datetime="2026-11-27">27 November 2026</time></div></div>',
    )
    assert found(page(twice)) is None


def test_a_time_labelled_as_the_update_is_not_the_publication() -> None:
    byline = """<p><span class="stamp"><span>Published:</span> <time
    datetime="2020-09-26T22:00:27+07:00">26 September 2020</time></span> | <span
    class="stamp"><span>Updated:</span> <time datetime="2020-09-28T08:39:12+07:00">28
    September 2020</time></span></p>"""
    assert found(article(byline)) == (date(2020, 9, 26), "time")
    # The update alone, labelled in its parent: no publication, the page's modification.
    stand = '<p><span>Stand: </span><time datetime="2024-04-26 20:44">26.04.2024</time></p>'
    assert found(article(stand)) == (date(2024, 4, 26), "updated")
    assert page_date(article(stand), now=NOW).modified


def test_trap_updated_stamp_is_not_publication() -> None:
    byline = "<p>Diposting 12 Agustus 2022</p><p>Diperbarui: 27 November 2026</p>"
    assert found(article(byline)) == (date(2022, 8, 12), "byline")


def test_an_updated_stamp_alone_is_no_publication_date() -> None:
    """It dates the page as a modification, which the site estimate weighs as one."""
    for stamp in ("Terakhir diperbarui 20 November 2026", "Data diperbarui pada 20 November 2026"):
        result = page_date(article(f"<p>{stamp}</p>"), now=NOW)
        assert result is not None and (result.date, result.modified) == (date(2026, 11, 20), True)


def test_a_modified_meta_alone_is_no_publication_date() -> None:
    head = '<meta property="article:modified_time" content="2026-11-27T10:00:00+07:00">'
    html = page("<h1>Bupati Resmikan Jembatan Baru</h1><p>Diposting 3 Maret 2021</p>", head=head)
    assert found(html) == (date(2021, 3, 3), "byline")
    html = page("<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p>", head=head)
    assert found(html) is None


def test_trap_javascript_clock() -> None:
    script = """<script>var d = "Sabtu, 28 November 2026"; document.write(d);
    var published = "2026-11-28";</script>"""
    assert found(article(script)) is None


def test_trap_future_dates() -> None:
    head = '<script type="application/ld+json">{"@type": "Article", '
    head += '"datePublished": "2027-01-05T10:00:00+07:00"}</script>'
    html = page("<h1>Bupati Resmikan Jembatan Baru</h1><p>Diposting 5 Januari 2027</p>", head=head)
    assert found(html) is None
    assert found(html, f"{SITE}/2027/01/05/slug") is None


def test_trap_zero_dates() -> None:
    head = '<meta property="article:published_time" content="0000-00-00 00:00:00">'
    html = page("<h1>Bupati Resmikan Jembatan Baru</h1><p>Diposting 00 0000</p>", head=head)
    assert found(html) is None


def test_trap_generic_meta_date_equal_to_today() -> None:
    head = '<meta name="date" content="2026-11-28">'
    assert found(page("<h1>Bupati Resmikan Jembatan Baru</h1>", head=head)) is None


def test_trap_year_only_copyright_in_content() -> None:
    html = page("<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p><div>Hak Cipta © 2025</div>")
    assert found(html) is None


def test_without_now_no_relative_and_no_clock() -> None:
    html = article('<div class="post-meta">3 hari yang lalu</div>')
    assert page_date(html) is None
    html = article("<p>Diposting pada 12 Agustus 2022</p>")
    assert page_date(html) == PageDate(
        date(2022, 8, 12), "byline", "Diposting pada 12 Agustus 2022"
    )


@pytest.mark.parametrize(
    "html",
    [
        "",
        b"",
        "   ",
        "not html at all",
        b"\x00\xff\xfe garbage \x00",
        "<div>" * 50_000 + "19 Juni 2023",
        "<?xml version='1.0' encoding='utf-8'?><html><body>x</body></html>",
        b"<html><head><meta charset='no-such-charset'></head><body>Hi</body></html>",
        '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>",
        "<p>" + "x" * 4_000_000 + "</p>",
    ],
)
def test_hostile_input_returns_none(html: str | bytes) -> None:
    result = page_date(html, "not a url", now=NOW)
    assert result is None or is_plausible(result.date, TODAY)


_FRAGMENTS = st.sampled_from(
    [
        "<h1>Judul</h1>", "<header>", "</header>", "<div class='tanggal'>", "</div>",
        "Sabtu, 28 November 2026", "19 Juni 2023", "3 hari yang lalu", "kemarin", "2027-01-01",
        "<time datetime='2023-06-19'>", "</time>", "<aside>", "</aside>", "© 2026", "00 0000",
        "<script type='application/ld+json'>{\"datePublished\": \"2024-01-02\"", "</script>",
        "<meta property='article:published_time' content='2099-01-01'>", "Diperbarui ",
    ]
)  # fmt: skip


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=30)), max_size=25).map("".join))
def test_random_html_never_raises_nor_returns_implausible(html: str) -> None:
    result = page_date(html, f"{SITE}/web/detailberita/1/x", now=NOW)
    assert result is None or is_plausible(result.date, TODAY)
    assert result is None or len(result.snippet) <= 160


# --- day semantics, URL dates, prose (bench/page_dates.py causes) ----------------------


def test_utc_stamp_keeps_its_written_day_never_a_later_jakarta_day() -> None:
    head = '<meta property="article:published_time" content="2023-06-19T20:00:00+00:00">'
    html = page("<article><h1>Bupati Resmikan Jembatan Baru</h1></article>", head=head)
    assert found(html) == (date(2023, 6, 19), "meta")


def test_utc_stamp_takes_the_day_the_page_writes_in_its_own_offset() -> None:
    head = '<meta property="article:published_time" content="2024-03-19T18:30:00+00:00">'
    body = """<article><h1>Bupati Resmikan Jembatan Baru</h1><div class="entry-meta">
    <time datetime="2024-03-20T01:30:00+07:00">20 Maret 2024</time></div></article>"""
    assert found(page(body, head=head)) == (date(2024, 3, 20), "meta")


def test_older_url_date_wins_over_a_later_stamp() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T05:30:59Z">'
    html = page("<article><h1>Bupati Resmikan Jembatan Baru</h1></article>", head=head)
    assert found(html, f"{SITE}/2023/11/08/bupati-resmikan") == (date(2023, 11, 8), "url")


def test_a_number_opening_the_slug_is_not_the_day_of_the_url() -> None:
    html = page("<article><h1>Bupati Resmikan Jembatan Baru</h1></article>")
    assert found(html, f"{SITE}/2023/10/3-fragen-an-den-bupati/") is None


# A page that prints no date but embeds its own record for an app or an analytics tag.
ARTICLE_URL = f"{SITE}/web/detailberita/123/bupati-resmikan"


def script_data(record: str, *, kind: str = "application/json") -> str:
    return f'<script type="{kind}" id="state">{record}</script>'


def test_a_page_printing_no_date_is_dated_by_the_stamp_of_its_script_data() -> None:
    record = '{"article": {"id": 12, "publishedDate": "2024-03-19T18:30:00+07:00"}}'
    assert found(article("", extra=script_data(record)), ARTICLE_URL) == (
        date(2024, 3, 19),
        "script",
    )
    tracker = "window.dataLayer.push({'pageType': 'article', 'publish_date': '2021-05-02'});"
    html = article("", extra=script_data(tracker, kind="text/javascript"))
    assert found(html, ARTICLE_URL) == (date(2021, 5, 2), "script")


@pytest.mark.parametrize(
    "record",
    [
        # A blob of several articles: which of their days is the page's own is unknown.
        '{"items": [{"publishDate": "2026-11-27T08:00:00Z"}, {"publishDate": "2021-05-02"}]}',
        # Rendered for a reader, counted from when the app rendered it.
        '{"article": {"publishedAt": "3 days ago"}}',
        # The crawl day that nothing in the content shows: the generator's clock.
        '{"article": {"datePublished": "2026-11-28T09:59:02+07:00"}}',
    ],
)
def test_script_data_that_may_not_be_the_pages_own_day_dates_nothing(record: str) -> None:
    assert found(article("", extra=script_data(record)), ARTICLE_URL) is None


def test_the_script_of_a_sidebar_widget_dates_nothing() -> None:
    widget = script_data('{"post": {"publishDate": "2026-11-27T08:00:00+07:00"}}')
    html = article("").replace("<h4>Berita Terbaru</h4>", f"<h4>Berita Terbaru</h4>{widget}")
    assert widget in html
    assert found(html, ARTICLE_URL) is None


def test_a_printed_byline_dates_the_page_before_its_script_data() -> None:
    record = '{"article": {"publishedDate": "2017-10-20T08:00:00+07:00"}}'
    html = article('<div class="tanggal">Rabu, 18 Oktober 2017</div>', extra=script_data(record))
    assert found(html, ARTICLE_URL) == (date(2017, 10, 18), "byline")


def test_a_date_inside_a_sentence_is_an_event_not_a_byline() -> None:
    sentence = (
        "<p>Rapat koordinasi berikutnya bersama seluruh camat akan dilaksanakan pada"
        " 5 Desember 2026 di ruang rapat lantai dua kantor bupati.</p>"
    )
    assert found(article("", extra="").replace("<p>Bengkalis", sentence + "<p>Bengkalis")) is None


def test_a_dateline_opening_the_lead_paragraph_is_the_date() -> None:
    lead = "Bengkalis, 19 Juni 2023 - " + "Bupati meresmikan jembatan baru di desa. " * 8
    html = page(f"<div class='col-md-8'><h1>Bupati Resmikan Jembatan Baru</h1><p>{lead}</p></div>")
    assert found(html) == (date(2023, 6, 19), "byline")


# --- the golden set's causes -------------------------------------------------------


def test_a_published_stamp_of_the_crawl_day_loses_to_an_older_byline() -> None:
    stamp = "2026-11-28T09:59:02+07:00"  # the CMS writes the moment it generated the page
    byline = "<p class='keterangan'>Rabu, 01 September 2021 · Humas</p>"
    head = f'<meta property="article:published_time" content="{stamp}">'
    html = page(f"<h1>Bupati Resmikan Jembatan Baru</h1>{byline}<p>Isi.</p>", head=head)
    assert found(html) == (date(2021, 9, 1), "byline")
    ld = f'{{"@type": "NewsArticle", "datePublished": "{stamp}"}}'
    ld = f'<script type="application/ld+json">{ld}</script>'
    html = page(f"<h1>Bupati Resmikan Jembatan Baru</h1>{byline}<p>Isi.</p>", head=ld)
    assert found(html) == (date(2021, 9, 1), "byline")
    # Without a contradicting byline, an article of today is dated today.
    html = page("<h1>Bupati Resmikan Jembatan Baru</h1><p>Isi.</p>", head=head)
    assert found(html) == (TODAY, "meta")


def test_a_modified_time_element_alone_is_no_publication_date() -> None:
    # htmldate would take the dateModified element for the publication date.
    stamp = """<dl class="article-info"><dd class="modified">
    <time datetime="2026-11-24T14:00:00+07:00" itemprop="dateModified">
    Terakhir Diperbarui: Selasa, 24 November 2026 14:00</time></dd></dl>"""
    result = page_date(article(stamp), now=NOW)
    assert result is not None and (result.date, result.modified) == (date(2026, 11, 24), True)


def test_relative_weeks_take_the_exact_time_the_byline_keeps_in_its_title() -> None:
    byline = '<div class="meta"><span title="2026-11-10 09:00:00">2 minggu yang lalu</span></div>'
    assert found(article(byline)) == (date(2026, 11, 10), "byline")
    human = (
        '<div class="meta"><span title="Selasa, 10 November 2026 09:00">2 minggu yang lalu</span>'
    )
    assert found(article(human + "</div>")) == (date(2026, 11, 10), "byline")


def test_relative_weeks_without_an_exact_time_take_their_oldest_day() -> None:
    assert found(article("<p>Admin 2 minggu yang lalu</p>")) == (date(2026, 11, 7), "byline")
    # A title outside the phrase's range is some other date, not its exact time.
    byline = '<p><span title="2026-11-27 09:00:00">2 minggu yang lalu</span></p>'
    assert found(article(byline)) == (date(2026, 11, 7), "byline")


def test_a_register_of_documents_dates_its_rows_not_the_page() -> None:
    register = """<table class="table"><thead><tr><th>No</th><th>Ringkasan Informasi</th>
    <th>Tanggal Unggah</th><th>Unduh</th></tr></thead><tbody>
    <tr><td>1</td><td>Renstra</td><td>12/03/2022</td><td><a href="/a.pdf">PDF</a></td></tr>
    <tr><td>2</td><td>LKjIP</td><td>20/02/2026</td><td><a href="/b.pdf">PDF</a></td></tr>
    </tbody></table>"""
    assert found(article(register)) is None


def test_a_byline_laid_out_as_a_table_is_still_a_byline() -> None:
    info = """<table class="info-berita">
    <tr><td>Tanggal Posting</td><td>:</td><td>08/02/2023</td></tr>
    <tr><td>Penulis</td><td>:</td><td>Admin</td></tr></table>"""
    assert found(article(info)) == (date(2023, 2, 8), "byline")


def test_an_agency_named_statistik_in_the_header_is_not_a_counter() -> None:
    header = """<div class="header"><div class="nama-instansi">
    <h1>DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK</h1><h4>PEMERINTAH KABUPATEN BENGKALIS</h4>
    </div></div>"""
    byline = (
        '<div class="info-berita">Rabu, 18 Oktober 2017 - 12:07:39 WIB - Dibaca : 1105 Kali</div>'
    )
    html = page(
        f"{header}<div class='col-md-8'><h3>Bupati Resmikan Jembatan Baru</h3>{byline}</div>"
    )
    assert found(html) == (date(2017, 10, 18), "byline")


def test_a_short_statistics_heading_still_marks_a_counter() -> None:
    counter = """<div class="panel"><h4>Statistik Pengunjung</h4>
    <p>Update: 27/11/2026</p><p>Hari ini: 45</p></div>"""
    assert found(article("", extra=counter)) is None


def test_yesterday_with_a_clock_and_the_author_is_a_byline() -> None:
    byline = "<div><span>Kemarin, 14:20 WIB</span> <span>Humas Satpol PP</span></div>"
    assert found(article(byline)) == (date(2026, 11, 27), "byline")


@pytest.mark.parametrize(
    "opening",
    ["I went to Antarctica 20 years ago, and", "Saya ke Antartika 20 tahun yang lalu, dan"],
)
def test_a_relative_time_in_a_sentence_under_the_title_is_no_byline(opening: str) -> None:
    prose = f"<p>{opening} " + "the ice shelves were something else then. " * 8 + "</p>"
    assert found(article(prose)) is None


def test_hours_ago_is_a_byline_even_beside_a_today_widget() -> None:
    # HEADER shows today's date; "5 jam yang lalu" after the title is no widget.
    byline = "<div><span>Humas Dishub</span> <span>5 jam yang lalu</span></div>"
    assert found(article(byline)) == (TODAY, "byline")


@pytest.mark.parametrize(
    "byline",
    [
        "<p>Humas Dishub · 12 menit yang lalu · Rabu, 29 April 2020 | 15:32 WIB</p>",
        "<p>Fahad Shabbir 12 minutes ago Wed 29th April 2020 | 03:32 PM</p>",
        "<p>Rabu, 29 April 2020 (3 hari yang lalu)</p>",
    ],
)
def test_a_byline_printing_its_date_beside_a_relative_one_is_dated_by_the_older(
    byline: str,
) -> None:
    # "12 minutes ago" counts from when the page was rendered: a cached page's is past.
    assert found(article(byline)) == (date(2020, 4, 29), "byline")


def test_a_heading_the_title_cuts_short_is_the_title() -> None:
    html = """<html><head><title>Pengumuman Pendaftaran Lomba Kampung Bersih - Kecamatan Bukit Batu
    </title></head><body><div class="w3-container"><h2>KANTOR CAMAT BUKIT BATU</h2></div>
    <div class="w3-twothird"><h3>Pengumuman Pendaftaran Lomba Kampung Bersih dan Sehat</h3>
    <p class="w3-small">Dipublikasikan: Rabu, 02 Oktober 2024</p><p>Isi pengumuman.</p></div>
    </body></html>"""
    assert found(html) == (date(2024, 10, 2), "byline")


def test_a_heading_repeating_the_site_name_is_not_a_title_cut_short() -> None:
    html = """<html><head><title>Daily Legal News : Details : Murrays Mowing</title></head><body>
    <h2>Daily Legal News - New Corporations</h2><p>Saturday, July 25, 2020</p>
    <p>Murrays Mowing LLC, filed by Alexander Murray.</p></body></html>"""
    assert found(html) is None


def test_a_step_that_raises_is_logged_and_the_next_step_still_reads(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug in one step (here the meta step) must neither crash the crawl nor pass unseen."""

    def _meta_published(page: object) -> PageDate | None:
        raise ValueError("a coding bug")

    steps = tuple(
        _meta_published if step is cascade._meta_published else step for step in cascade._CASCADE
    )
    monkeypatch.setattr(cascade, "_CASCADE", steps)
    head = '<meta property="article:published_time" content="2023-06-20T09:00:00+07:00">'
    html = page(
        """<h1>Bupati Resmikan Jembatan Baru</h1>
        <p class="meta">Senin, 19 Juni 2023 08:00 WIB</p><p>Isi berita.</p>""",
        head=head,
    )
    url = f"{SITE}/web/detailberita/123/slug"
    with caplog.at_level(logging.DEBUG, logger="crawler.read.cascade"):
        result = page_date(html, url, now=NOW)
    assert result is not None and (result.date, result.source) == (date(2023, 6, 19), "byline")
    (record,) = [r for r in caplog.records if r.name == "crawler.read.cascade"]
    assert record.levelno == logging.DEBUG
    assert "_meta_published" in record.getMessage() and url in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is ValueError


def test_a_page_over_its_budget_is_no_bug_to_log(caplog: pytest.LogCaptureFixture) -> None:
    from crawler.read.budget import WorkBudget

    html = article('<p class="meta">Senin, 19 Juni 2023 08:00 WIB</p>')
    with caplog.at_level(logging.DEBUG, logger="crawler.read.cascade"):
        assert page_date(html, now=NOW, budget=WorkBudget(limit=1)) is None
    assert not [r for r in caplog.records if r.name == "crawler.read.cascade"]
