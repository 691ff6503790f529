"""Machine-readable sources (sitemaps, feeds, WordPress REST, Last-Modified) and robots.txt."""

from __future__ import annotations

import gzip
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.model import Evidence, Source, is_plausible
from crawler.read.feeds import parse_feed
from crawler.read.headers import last_modified_evidence
from crawler.read.sitemaps import Sitemap, SitemapChild, parse_sitemap, sitemap_urls_of_index
from crawler.read.wpapi import parse_wp_posts
from spiders.robots import parse_robots

TODAY = date(2026, 11, 28)
SITE = "https://bpkad.bengkaliskab.go.id"
UA = "AgencyFreshnessBot/0.1 (+https://diskominfotik.bengkaliskab.go.id/freshness)"

# --------------------------------------------------------------------------- fixtures

YOAST_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl"
 href="//bpkad.bengkaliskab.go.id/main-sitemap.xsl"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>https://bpkad.bengkaliskab.go.id/post-sitemap.xml</loc>
  <lastmod>2023-05-02T08:11:43+00:00</lastmod></sitemap>
 <sitemap><loc>https://bpkad.bengkaliskab.go.id/post-sitemap2.xml</loc>
  <lastmod>2025-02-14T02:05:10+00:00</lastmod></sitemap>
 <sitemap><loc>https://bpkad.bengkaliskab.go.id/page-sitemap.xml</loc>
  <lastmod>2024-10-01T01:00:00+00:00</lastmod></sitemap>
 <sitemap><loc>https://bpkad.bengkaliskab.go.id/category-sitemap.xml</loc>
  <lastmod>2025-02-14T02:05:10+00:00</lastmod></sitemap>
 <sitemap><loc>https://bpkad.bengkaliskab.go.id/author-sitemap.xml</loc></sitemap>
 <sitemap><loc>https://evil.example.com/sitemap.xml</loc><lastmod>2026-11-27</lastmod></sitemap>
</sitemapindex>
"""

# WordPress core sitemap: no lastmod anywhere.
WP_CORE_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://dpmd.bengkaliskab.go.id/wp-sitemap-posts-post-1.xml</loc></sitemap>
<sitemap><loc>https://dpmd.bengkaliskab.go.id/wp-sitemap-posts-post-2.xml</loc></sitemap>
<sitemap><loc>https://dpmd.bengkaliskab.go.id/wp-sitemap-posts-page-1.xml</loc></sitemap>
<sitemap><loc>https://dpmd.bengkaliskab.go.id/wp-sitemap-taxonomies-category-1.xml</loc></sitemap>
<sitemap><loc>https://dpmd.bengkaliskab.go.id/wp-sitemap-users-1.xml</loc></sitemap>
</sitemapindex>"""

WP_CORE_URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://dpmd.bengkaliskab.go.id/2024/03/05/rakor-pemberdayaan-desa/</loc></url>
<url><loc>https://dpmd.bengkaliskab.go.id/bumdes-award-2023/</loc></url>
</urlset>"""

POST_URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
 xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc>https://bpkad.bengkaliskab.go.id/</loc><lastmod>2026-11-28T01:00:00+00:00</lastmod></url>
 <url><loc>https://bpkad.bengkaliskab.go.id/sosialisasi-aplikasi-sipd-2025/</loc>
  <lastmod>2025-02-14T02:05:10+00:00</lastmod>
  <image:image><image:loc>https://bpkad.bengkaliskab.go.id/wp-content/uploads/a.jpg</image:loc>
  </image:image></url>
 <url><loc>https://bpkad.bengkaliskab.go.id/rekonsiliasi-aset-daerah/</loc>
  <lastmod>2024-12-30T17:30:00+00:00</lastmod></url>
 <url><loc>https://bpkad.bengkaliskab.go.id/laporan-keuangan/</loc><lastmod>garbage</lastmod></url>
 <url><loc>https://other.go.id/2025/01/01/spam/</loc><lastmod>2026-11-20</lastmod></url>
</urlset>"""


def _stamped_urlset(stamp: str, count: int = 12) -> bytes:
    rows = "".join(
        f"<url><loc>https://disdik.bengkaliskab.go.id/web/detailberita/{n}/2019/03/0{n % 9 + 1}/"
        f"judul-{n}</loc><lastmod>{stamp}</lastmod><changefreq>daily</changefreq></url>"
        for n in range(count)
    )
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()


# OpenSID: no namespace, lists unpublished and future-scheduled articles.
OPENSID_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset>
<url><loc>https://desa-pambang.bengkaliskab.go.id/artikel/2024/8/27/musyawarah-desa</loc>
<lastmod>2024-08-27</lastmod></url>
<url><loc>https://desa-pambang.bengkaliskab.go.id/artikel/2027/1/5/jadwal-posyandu</loc>
<lastmod>2027-01-05</lastmod></url>
<url><loc>https://desa-pambang.bengkaliskab.go.id/artikel/2026/12/1/rencana-kerja</loc>
<lastmod>2026-12-01</lastmod></url>
<url><loc>https://desa-pambang.bengkaliskab.go.id/artikel/1970/1/1/draft</loc>
<lastmod>0000-00-00</lastmod></url>
</urlset>"""

WP_FEED = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
 <title>BPKAD Kabupaten Bengkalis</title>
 <atom:link href="https://bpkad.bengkaliskab.go.id/feed/" rel="self" type="application/rss+xml" />
 <link>https://bpkad.bengkaliskab.go.id</link>
 <lastBuildDate>Sat, 28 Nov 2026 03:00:00 +0000</lastBuildDate>
 <language>id</language>
 <item>
  <title><![CDATA[Sosialisasi Aplikasi SIPD Tahun 2025]]></title>
  <link>https://bpkad.bengkaliskab.go.id/sosialisasi-aplikasi-sipd-2025/</link>
  <dc:creator><![CDATA[admin]]></dc:creator>
  <pubDate>Fri, 14 Feb 2025 02:05:10 +0000</pubDate>
  <category><![CDATA[Berita]]></category>
  <guid isPermaLink="false">https://bpkad.bengkaliskab.go.id/?p=812</guid>
 </item>
 <item>
  <title>Rekonsiliasi Aset Daerah</title>
  <link>https://bpkad.bengkaliskab.go.id/rekonsiliasi-aset-daerah/</link>
  <pubDate>Mon, 30 Dec 2024 17:30:00 +0000</pubDate>
 </item>
 <item>
  <title>Dijadwalkan</title>
  <link>https://bpkad.bengkaliskab.go.id/dijadwalkan/</link>
  <pubDate>Mon, 04 Jan 2027 01:00:00 +0000</pubDate>
 </item>
</channel></rss>"""

WP_COMMENT_FEED = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">
<channel>
 <title>Komentar untuk BPKAD Kabupaten Bengkalis</title>
 <link>https://bpkad.bengkaliskab.go.id</link>
 <item>
  <title>Komentar pada Sosialisasi SIPD oleh Budi</title>
  <link>https://bpkad.bengkaliskab.go.id/sosialisasi-aplikasi-sipd-2025/#comment-31</link>
  <pubDate>Wed, 25 Nov 2026 02:05:10 +0000</pubDate>
 </item>
</channel></rss>"""

# Blogger on a go.id domain: Atom with published and updated; replies links carry #comment-form.
BLOGGER_ATOM = b"""<?xml version='1.0' encoding='UTF-8'?><feed xmlns='http://www.w3.org/2005/Atom'
 xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/'>
<id>tag:blogger.com,1999:blog-123</id><updated>2026-11-28T09:00:00.001+07:00</updated>
<title type='text'>Kecamatan Bantan</title>
<entry><id>tag:blogger.com,1999:blog-123.post-9</id>
 <published>2023-07-06T10:15:00.000+07:00</published>
 <updated>2026-11-27T08:00:00.000+07:00</updated>
 <title type='text'>Gotong Royong Bersih Desa</title>
 <link rel='replies' type='text/html'
  href='https://kecbantan.bengkaliskab.go.id/2023/07/gotong-royong.html#comment-form'/>
 <link rel='edit' type='application/atom+xml'
  href='https://www.blogger.com/feeds/123/posts/default/9'/>
 <link rel='alternate' type='text/html'
  href='https://kecbantan.bengkaliskab.go.id/2023/07/gotong-royong.html' title='Gotong Royong'/>
</entry>
<entry><id>tag:blogger.com,1999:blog-123.post-8</id>
 <updated>2023-06-01T23:30:00.000Z</updated>
 <title type='text'>Rapat Koordinasi</title>
 <link rel='alternate' type='text/html' href='/2023/06/rapat.html'/>
</entry>
</feed>"""

RDF_FEED = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://jdih.bengkaliskab.go.id/rss"><title>JDIH</title></channel>
<item rdf:about="https://jdih.bengkaliskab.go.id/produk/1">
 <title>Perda Nomor 1 Tahun 2024</title><link>https://jdih.bengkaliskab.go.id/produk/1</link>
 <dc:date>2024-01-15T09:00:00+07:00</dc:date></item>
</rdf:RDF>"""

CLOUDFLARE_CHALLENGE = b"""<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body class="no-js">
<div class="main-wrapper" role="main"><div class="main-content"><noscript>Enable JavaScript and
cookies to continue</noscript></div></div>
<script>window._cf_chl_opt={cvId: '3',cZone: 'bpkad.bengkaliskab.go.id',cType: 'managed'};</script>
</body></html>"""

WP_POSTS_JSON = b"""[
 {"date":"2025-02-14T09:05:10","date_gmt":"2025-02-14T02:05:10",
  "modified_gmt":"2026-11-27T01:00:00","link":"https:\\/\\/bpkad.bengkaliskab.go.id\\/sipd\\/"},
 {"date":"2024-12-31T00:30:00","date_gmt":"2024-12-30T17:30:00",
  "link":"https://bpkad.bengkaliskab.go.id/rekonsiliasi/"},
 {"date":"2026-11-20T10:00:00","date_gmt":"0000-00-00T00:00:00","status":"draft",
  "link":"https://bpkad.bengkaliskab.go.id/?p=900"},
 {"date":"2026-11-21T10:00:00","date_gmt":"0000-00-00T00:00:00","link":"https://x.go.id/?p=9"},
 {"date":"2024-06-01T10:00:00","date_gmt":null,"link":"https://localhost/wp/?p=5"},
 {"date_gmt":"2027-03-01T00:00:00","link":"https://bpkad.bengkaliskab.go.id/future/"},
 "not an object"
]"""

WP_FORBIDDEN = (
    b'{"code":"rest_forbidden","message":"Sorry, you are not allowed to do that.",'
    b'"data":{"status":401}}'
)

ROBOTS = """# robots for bengkaliskab
User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Crawl-delay: 10

User-agent: AhrefsBot
Disallow: /

Sitemap: https://bpkad.bengkaliskab.go.id/sitemap_index.xml
Sitemap: https://bpkad.bengkaliskab.go.id/sitemap_index.xml
Sitemap: /relative-sitemap.xml
"""


def _assert_plausible(evidence: list[Evidence] | tuple[Evidence, ...]) -> None:
    for item in evidence:
        assert is_plausible(item.date, TODAY), item


# --------------------------------------------------------------------------- sitemaps


def test_yoast_index_orders_children_newest_first_and_drops_offsite() -> None:
    sitemap = parse_sitemap(YOAST_INDEX, f"{SITE}/sitemap_index.xml", today=TODAY)
    assert sitemap.is_index and not sitemap.evidence and not sitemap.generated
    assert [child.url.rsplit("/", 1)[1] for child in sitemap.children] == [
        "post-sitemap2.xml",  # 2025-02-14, and posts before categories on the same day
        "category-sitemap.xml",
        "page-sitemap.xml",
        "post-sitemap.xml",
        "author-sitemap.xml",  # undated last
    ]
    assert sitemap.children[0] == SitemapChild(f"{SITE}/post-sitemap2.xml", date(2025, 2, 14))
    assert sitemap_urls_of_index(sitemap) == (
        f"{SITE}/post-sitemap2.xml",
        f"{SITE}/category-sitemap.xml",
    )


def test_wordpress_core_index_without_lastmod_prefers_the_last_posts_file() -> None:
    sitemap = parse_sitemap(
        WP_CORE_INDEX, "https://dpmd.bengkaliskab.go.id/wp-sitemap.xml", today=TODAY
    )
    names = [child.url.rsplit("/", 1)[1] for child in sitemap.children]
    assert names == [
        "wp-sitemap-posts-post-2.xml",
        "wp-sitemap-posts-post-1.xml",
        "wp-sitemap-posts-page-1.xml",
        "wp-sitemap-taxonomies-category-1.xml",
        "wp-sitemap-users-1.xml",
    ]
    assert all(child.lastmod is None for child in sitemap.children)


def test_wordpress_core_urlset_gives_url_dates_only() -> None:
    url = "https://dpmd.bengkaliskab.go.id/wp-sitemap-posts-post-1.xml"
    sitemap = parse_sitemap(WP_CORE_URLSET, url, today=TODAY)
    assert sitemap.evidence == (
        Evidence(
            Source.URL,
            "https://dpmd.bengkaliskab.go.id/2024/03/05/rakor-pemberdayaan-desa/",
            date(2024, 3, 5),
            "https://dpmd.bengkaliskab.go.id/2024/03/05/rakor-pemberdayaan-desa/",
            url,
        ),
    )


def test_urlset_lastmods_become_modified_evidence_but_not_the_homepage() -> None:
    url = f"{SITE}/post-sitemap.xml"
    sitemap = parse_sitemap(POST_URLSET, url, today=TODAY)
    assert not sitemap.is_index and not sitemap.generated
    assert {(e.url, e.date) for e in sitemap.evidence} == {
        (f"{SITE}/sosialisasi-aplikasi-sipd-2025/", date(2025, 2, 14)),
        # 17:30 UTC on the 30th is already the 31st in Jakarta.
        (f"{SITE}/rekonsiliasi-aset-daerah/", date(2024, 12, 31)),
    }
    first = sitemap.evidence[0]
    assert first.source is Source.SITEMAP and first.modified and first.found_on == url
    assert first.snippet == "<lastmod>2025-02-14T02:05:10+00:00</lastmod>"


def test_build_stamped_sitemap_is_generated_and_keeps_only_url_dates() -> None:
    url = "https://disdik.bengkaliskab.go.id/sitemap.xml"
    for stamp in ("2026-11-28T04:12:55+07:00", "2026-11-27", "2026-11-28T20:00:00+00:00"):
        sitemap = parse_sitemap(_stamped_urlset(stamp), url, today=TODAY)
        assert sitemap.generated, stamp
        assert sitemap.evidence and {e.source for e in sitemap.evidence} == {Source.URL}
        assert max(e.date for e in sitemap.evidence) == date(2019, 3, 9)


def test_weekly_cron_stamp_is_generated_too() -> None:
    url = "https://disdik.bengkaliskab.go.id/sitemap.xml"
    sitemap = parse_sitemap(_stamped_urlset("2026-11-23"), url, today=TODAY)
    assert sitemap.generated and sitemap.evidence


def test_a_few_equal_old_lastmods_are_not_generated() -> None:
    url = "https://disdik.bengkaliskab.go.id/sitemap.xml"
    sitemap = parse_sitemap(_stamped_urlset("2021-03-01", 3), url, today=TODAY)
    assert not sitemap.generated
    assert {e.date for e in sitemap.evidence if e.source is Source.SITEMAP} == {date(2021, 3, 1)}


def test_timestamps_repeated_to_the_second_are_stamps() -> None:
    rows = [
        ("profil/", "2026-11-28T03:14:15+07:00"),
        ("kontak/", "2026-11-28T03:14:15+07:00"),
        ("layanan/", "2026-11-28T03:14:15+07:00"),
        ("rapat-kerja-2019/", "2019-05-02T10:11:12+07:00"),
        ("musrenbang-2019/", "2019-04-01T00:00:00+07:00"),
        ("bimtek-2019/", "2019-04-01T00:00:00+07:00"),
        ("sosialisasi-2019/", "2019-04-01T00:00:00+07:00"),
    ]
    body = "<urlset>" + "".join(
        f"<url><loc>{SITE}/{path}</loc><lastmod>{stamp}</lastmod></url>" for path, stamp in rows
    )
    sitemap = parse_sitemap(body.encode(), f"{SITE}/page-sitemap.xml", today=TODAY)
    assert not sitemap.generated
    assert max(e.date for e in sitemap.evidence) == date(2019, 5, 2)
    assert len(sitemap.evidence) == 4  # posts of one day written at midnight still count


def test_opensid_sitemap_drops_future_and_zero_dates() -> None:
    url = "https://desa-pambang.bengkaliskab.go.id/sitemap"
    sitemap = parse_sitemap(OPENSID_SITEMAP, url, today=TODAY)
    assert {(e.source, e.date) for e in sitemap.evidence} == {
        (Source.SITEMAP, date(2024, 8, 27)),
        (Source.URL, date(2024, 8, 27)),
    }


def test_gzip_sitemap_and_gzip_bomb() -> None:
    url = f"{SITE}/post-sitemap.xml.gz"
    assert parse_sitemap(gzip.compress(POST_URLSET), url, today=TODAY).evidence
    bomb = gzip.compress(b"<urlset>" + b" " * 60_000_000)
    assert parse_sitemap(bomb, url, today=TODAY) == Sitemap()
    truncated = gzip.compress(POST_URLSET)[:-200]
    _assert_plausible(parse_sitemap(truncated, url, today=TODAY).evidence)


def test_html_or_garbage_instead_of_a_sitemap() -> None:
    url = f"{SITE}/sitemap.xml"
    for body in (CLOUDFLARE_CHALLENGE, b"", b"\x00\xff\xfe", WP_FEED, b"<urlset><url><loc>"):
        assert parse_sitemap(body, url, today=TODAY).evidence == ()


def test_external_entities_are_not_resolved_and_entity_bombs_fail_quietly() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
        b"<urlset><url><loc>https://x.go.id/&e;</loc><lastmod>2024-01-02</lastmod></url></urlset>"
    )
    sitemap = parse_sitemap(xxe, "https://x.go.id/sitemap.xml", today=TODAY)
    assert all("/etc/" not in e.url and "\n" not in e.url for e in sitemap.evidence)
    entities = b"".join(b'<!ENTITY %c "%s">' % (98 + i, b"&%c;" % (97 + i) * 10) for i in range(9))
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + entities + b"]>"
        b"<rss><channel><item><title>&j;</title><link>https://x.go.id/a</link>"
        b"<pubDate>2024-01-02</pubDate></item></channel></rss>"
    )
    assert all(len(e.snippet) <= 120 for e in parse_feed(bomb, "https://x.go.id/feed", today=TODAY))


def test_text_sitemap() -> None:
    body = (
        b"https://bpkad.bengkaliskab.go.id/2025/02/14/sipd/\nhttps://bpkad.bengkaliskab.go.id/a\n"
    )
    sitemap = parse_sitemap(body, f"{SITE}/sitemap.txt", today=TODAY)
    assert [e.date for e in sitemap.evidence] == [date(2025, 2, 14)]


# --------------------------------------------------------------------------- feeds


def test_wordpress_feed() -> None:
    url = f"{SITE}/feed/"
    evidence = parse_feed(WP_FEED, url, today=TODAY)
    assert evidence == [
        Evidence(
            Source.FEED,
            f"{SITE}/sosialisasi-aplikasi-sipd-2025/",
            date(2025, 2, 14),
            "Sosialisasi Aplikasi SIPD Tahun 2025",
            url,
        ),
        Evidence(
            Source.FEED,
            f"{SITE}/rekonsiliasi-aset-daerah/",
            date(2024, 12, 31),
            "Rekonsiliasi Aset Daerah",
            url,
        ),
    ]


def test_comment_feeds_yield_nothing() -> None:
    assert parse_feed(WP_COMMENT_FEED, f"{SITE}/comments/feed/", today=TODAY) == []
    assert parse_feed(WP_COMMENT_FEED, f"{SITE}/feed/", today=TODAY) == []
    assert parse_feed(WP_FEED, f"{SITE}/comments/feed/", today=TODAY) == []
    assert parse_feed(WP_FEED, f"{SITE}/?feed=comments-rss2", today=TODAY) == []
    blogger = "https://kecbantan.bengkaliskab.go.id/feeds/comments/default"
    assert parse_feed(BLOGGER_ATOM, blogger, today=TODAY) == []
    english = WP_FEED.replace(b"<title>BPKAD", b"<title>Comments on: BPKAD")
    assert parse_feed(english, f"{SITE}/feed/", today=TODAY) == []


def test_blogger_atom_uses_published_then_updated() -> None:
    url = "https://kecbantan.bengkaliskab.go.id/feeds/posts/default"
    evidence = parse_feed(BLOGGER_ATOM, url, today=TODAY)
    assert [(e.url, e.date, e.modified) for e in evidence] == [
        (
            "https://kecbantan.bengkaliskab.go.id/2023/07/gotong-royong.html",
            date(2023, 7, 6),
            False,
        ),
        ("https://kecbantan.bengkaliskab.go.id/2023/06/rapat.html", date(2023, 6, 2), True),
    ]


def test_rdf_feed() -> None:
    evidence = parse_feed(RDF_FEED, "https://jdih.bengkaliskab.go.id/rss", today=TODAY)
    assert [(e.date, e.snippet) for e in evidence] == [
        (date(2024, 1, 15), "Perda Nomor 1 Tahun 2024")
    ]


def test_html_served_as_feed_yields_nothing() -> None:
    assert parse_feed(CLOUDFLARE_CHALLENGE, f"{SITE}/feed/", today=TODAY) == []
    assert parse_feed(b"", f"{SITE}/feed/", today=TODAY) == []
    assert parse_feed(YOAST_INDEX, f"{SITE}/feed/", today=TODAY) == []


def test_feed_items_of_another_site_do_not_count() -> None:
    body = WP_FEED.replace(b"https://bpkad.bengkaliskab.go.id/reko", b"https://judi.example/reko")
    assert [e.date for e in parse_feed(body, f"{SITE}/feed/", today=TODAY)] == [date(2025, 2, 14)]


# --------------------------------------------------------------------------- WordPress REST


def test_wp_posts() -> None:
    url = f"{SITE}/wp-json/wp/v2/posts?per_page=20&_fields=date_gmt,modified_gmt,link"
    evidence = parse_wp_posts(WP_POSTS_JSON, url, today=TODAY)
    assert [(e.url, e.date, e.snippet) for e in evidence] == [
        (f"{SITE}/sipd/", date(2025, 2, 14), "date_gmt 2025-02-14T02:05:10"),
        (f"{SITE}/rekonsiliasi/", date(2024, 12, 31), "date_gmt 2024-12-30T17:30:00"),
        # date_gmt missing: the site-local date; the link points off the site, so the API URL.
        (url, date(2024, 6, 1), "date 2024-06-01T10:00:00"),
    ]
    assert all(e.source is Source.WP_API and e.found_on == url for e in evidence)


def test_wp_errors_and_non_lists() -> None:
    url = f"{SITE}/wp-json/wp/v2/posts"
    for body in (WP_FORBIDDEN, CLOUDFLARE_CHALLENGE, b"", b"null", b"[" * 100_000, b'"x"'):
        assert parse_wp_posts(body, url, today=TODAY) == []


def test_wp_posts_after_php_notice() -> None:
    body = b"<br />\n<b>Deprecated</b>: something in functions.php<br />\n" + WP_POSTS_JSON
    assert len(parse_wp_posts(body, f"{SITE}/wp-json/wp/v2/posts", today=TODAY)) == 3


# --------------------------------------------------------------------------- robots.txt


def test_robots() -> None:
    robots = parse_robots(ROBOTS, UA)
    assert robots.allows(f"{SITE}/feed/")
    assert not robots.allows(f"{SITE}/wp-admin/options.php")
    assert robots.sitemaps == (f"{SITE}/sitemap_index.xml",)
    assert robots.crawl_delay == 10.0
    assert not robots.disallows_all


def test_robots_disallow_all() -> None:
    robots = parse_robots("User-agent: *\nDisallow: /\n", UA)
    assert robots.disallows_all and not robots.allows(f"{SITE}/berita")
    named = parse_robots("User-agent: AgencyFreshnessBot\nDisallow: /\n", UA)
    assert named.disallows_all
    other = parse_robots("User-agent: AhrefsBot\nDisallow: /\n", UA)
    assert not other.disallows_all and other.crawl_delay is None


def test_robots_html_or_garbage_allows_everything() -> None:
    page = "<!DOCTYPE html><html><body><p>User-agent: *</p><p>Disallow: /</p></body></html>"
    for text in (page, "", "\x00\x01 garbage ::: \n\n Disallow", "Crawl-delay: -5\n"):
        robots = parse_robots(text, UA)
        assert robots.allows(f"{SITE}/") and not robots.disallows_all
        assert robots.sitemaps == () and robots.crawl_delay is None


# --------------------------------------------------------------------------- Last-Modified


def test_last_modified() -> None:
    url = f"{SITE}/"
    evidence = last_modified_evidence("Tue, 15 Oct 2024 04:00:00 GMT", url, today=TODAY)
    assert evidence == Evidence(
        Source.HTTP_HEADER,
        url,
        date(2024, 10, 15),
        "Last-Modified: Tue, 15 Oct 2024 04:00:00 GMT",
        url,
        modified=True,
    )
    for now in ("Sat, 28 Nov 2026 01:00:00 GMT", "Fri, 27 Nov 2026 01:00:00 GMT"):
        assert last_modified_evidence(now, url, today=TODAY) is None
    for bad in (None, "", "yesterday", "Mon, 01 Jan 2035 00:00:00 GMT", "Thu, 01 Jan 1970 0:0:0"):
        assert last_modified_evidence(bad, url, today=TODAY) is None


# --------------------------------------------------------------------------- never raise


_SEEDS = [
    YOAST_INDEX,
    POST_URLSET,
    OPENSID_SITEMAP,
    WP_FEED,
    BLOGGER_ATOM,
    RDF_FEED,
    WP_POSTS_JSON,
    gzip.compress(POST_URLSET),
]


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    body = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(0, 8))):
        position = draw(st.integers(0, len(body)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "truncate"]))
        chunk = draw(st.binary(max_size=12) | st.sampled_from([b"<", b"&", b"]]>", b"2099-01-01"]))
        if action == "insert":
            body[position:position] = chunk
        elif action == "delete":
            del body[position : position + len(chunk) + 1]
        elif action == "replace":
            body[position : position + len(chunk)] = chunk
        else:
            del body[position:]
    return bytes(body)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), _mutated()))
def test_parsers_never_raise_nor_return_implausible_dates(body: bytes) -> None:
    url = f"{SITE}/x.xml"
    sitemap = parse_sitemap(body, url, today=TODAY)
    _assert_plausible(sitemap.evidence)
    for child in sitemap.children:
        assert child.lastmod is None or is_plausible(child.lastmod, TODAY)
    _assert_plausible(parse_feed(body, url, today=TODAY))
    _assert_plausible(parse_wp_posts(body, url, today=TODAY))
    robots = parse_robots(body.decode("utf-8", errors="replace"), UA)
    robots.allows(url)
    assert isinstance(robots.sitemaps, tuple)
    header = body[:60].decode("latin-1")
    found = last_modified_evidence(header, url, today=TODAY)
    assert found is None or is_plausible(found.date, TODAY)
