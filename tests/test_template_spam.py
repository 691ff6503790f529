"""Gambling spam is judged by a page's own content, not by a block its template repeats.

A defaced theme prints a hidden link farm in the footer of every page: the site is
compromised (an incident), but its genuine posts still date it. The reader tells own content
from template by where a block sits (test (a), crawler.read.spam) and the judge by whether a
block recurs across the site's pages (test (b), crawler.judge.spam); a defacer's own post
never dates the site, and rows stored before migration 9 keep the old rule.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from crawler.judge.estimate import credible, estimate
from crawler.judge.spam import GENUINE_TEXT_CHARS, repeated_blocks, site_spam
from crawler.judge.uncounted import Uncounted, uncounted
from crawler.model import (
    Evidence,
    Fetch,
    Flag,
    PageRole,
    SiteObservation,
    Source,
    SpamPage,
    Status,
    Thresholds,
)
from crawler.read.spam import SpamVerdict, page_spam
from crawler.spamwords import SPAM_THRESHOLD, WEAK_THRESHOLD

SITE = "https://dispersip.bengkaliskab.go.id/"
AS_OF = date(2026, 11, 28)
FARM = (
    '<div style="display:none">'
    + "".join(
        f'<a href="https://{host}.example/" rel="dofollow">{words}</a> '
        for host, words in (
            ("slotgacor-maxwin88", "slot gacor"), ("situs-toto-resmi", "situs toto"),
            ("rtplive-pragmatic", "rtp live slot gacor hari ini"),
            ("slot88-olympus", "slot88 gates of olympus"), ("bandartogel", "togel sgp hari ini"),
        )
    )
    + "</div>"
)  # fmt: skip
POSTS = [
    "Sebanyak 32 siswa sekolah dasar dari sebelas kecamatan mengikuti lomba bercerita yang "
    "digelar Dinas Perpustakaan dan Kearsipan di Aula Perpustakaan Daerah. Para juri menilai "
    "penguasaan cerita, ekspresi dan pesan moral yang disampaikan setiap peserta.",
    "Mobil perpustakaan keliling membawa lebih dari seribu judul buku bacaan anak dan buku "
    "pertanian bagi warga Desa Teluk Pambang, Kecamatan Bantan. Layanan ini dijadwalkan "
    "singgah di setiap desa sekali dalam sebulan sepanjang tahun anggaran berjalan.",
    "Pengelola arsip dari empat puluh perangkat daerah mengikuti bimbingan teknis pengelolaan "
    "arsip dinamis dan penyusunan jadwal retensi arsip di ruang rapat Dinas Perpustakaan dan "
    "Kearsipan, dipandu arsiparis dari Arsip Nasional Republik Indonesia.",
]
DEFACER_TITLE = "SLOT GACOR HARI INI Situs Slot Maxwin x5000 Link Alternatif"
DEFACER_BODY = (
    "<p>Daftar sekarang di situs slot gacor terpercaya, RTP live tertinggi, scatter hitam, "
    "bonus new member 100% dan deposit pulsa tanpa potongan.</p>"
)


def wordpress(
    content: str,
    title: str = "Dispersip Gelar Lomba Bercerita",
    *,
    footer: str = "",
    after: str = "",
    wrapped: bool = True,
) -> str:
    """A WordPress-like page: header, the post in <main>, a sidebar, a footer; `after` goes
    after the footer, at the body's level. Without `wrapped`, no article wrapper at all."""
    post = f'<h1 class="entry-title">{title}</h1><div class="entry-content">{content}</div>'
    if wrapped:
        post = f'<main class="site-main"><article class="post hentry">{post}</article></main>'
    return f"""<!DOCTYPE html><html><head><title>{title} &#8211; Dispersip Bengkalis</title>
<meta property="og:title" content="{title}"></head><body>
<header id="masthead" class="site-header"><nav class="main-navigation"><a href="/">Beranda</a>
<a href="/category/berita/">Berita</a></nav></header>
<div id="content" class="site-content">{post}
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">
Kategori</h2><ul><li><a href="/category/berita/">Berita</a></li></ul></section></aside></div>
<footer id="colophon" class="site-footer"><p>Jl. Jenderal Sudirman No. 88, Bengkalis</p>
{footer}<div class="site-info">&copy; 2026 Dispersip</div></footer>{after}</body></html>"""


def genuine(n: int, *, footer: str = "", after: str = "", wrapped: bool = True) -> SpamVerdict:
    """Genuine post `n` at its own address, laid out as `wordpress` does."""
    html = wordpress(f"<p>{POSTS[n]}</p>", footer=footer, after=after, wrapped=wrapped)
    return page_spam(html, f"{SITE}berita/{n}/")


def stored(verdict: SpamVerdict) -> SpamPage:
    """The row the spider stores for a page (spiders.freshness._spam_check)."""
    return SpamPage(
        verdict.url, verdict.score, verdict.is_spam, verdict.kind, verdict.snippet,
        own_score=verdict.own_score, head_score=verdict.head_score,
        own_blocks=verdict.own_blocks, template_blocks=verdict.template_blocks,
        clean_chars=verdict.clean_chars,
    )  # fmt: skip


# -- test (a): where a block sits, page by page -------------------------------------------


def test_a_hidden_link_farm_in_the_footer_is_the_templates_not_the_posts():
    verdict = genuine(0, footer=FARM)
    assert verdict.is_spam  # the site is still compromised by it
    assert verdict.own_score == 0 and verdict.head_score == 0
    assert verdict.own_blocks == () and len(verdict.template_blocks) == 1
    assert verdict.clean_chars >= GENUINE_TEXT_CHARS


def test_a_hidden_block_outside_the_main_content_is_template_wherever_it_is():
    verdict = genuine(0, after=FARM)  # after the footer, at the body's level
    assert verdict.is_spam and verdict.own_score == 0 and len(verdict.template_blocks) == 1


def test_without_an_article_wrapper_a_block_outside_the_chrome_is_the_pages_own():
    verdict = genuine(0, after=FARM, wrapped=False)
    assert verdict.own_score is not None and verdict.own_score >= SPAM_THRESHOLD
    assert len(verdict.own_blocks) == 1 and verdict.template_blocks == ()


def test_a_farm_injected_into_the_post_body_is_its_own_by_position():
    verdict = page_spam(wordpress(f"<p>{POSTS[1]}</p>{FARM}"), f"{SITE}berita/1/")
    assert verdict.own_score is not None and verdict.own_score >= SPAM_THRESHOLD
    assert len(verdict.own_blocks) == 1 and verdict.clean_chars >= GENUINE_TEXT_CHARS


def test_a_defacers_post_is_spam_of_its_own_in_title_and_body():
    verdict = page_spam(wordpress(DEFACER_BODY, DEFACER_TITLE, footer=FARM), f"{SITE}slot/")
    assert verdict.own_score is not None and verdict.own_score >= SPAM_THRESHOLD
    assert verdict.head_score >= SPAM_THRESHOLD  # its title alone
    assert len(verdict.own_blocks) == 2  # its heading and its body, the footer's farm apart
    assert len(verdict.template_blocks) == 1


def test_the_same_block_has_the_same_fingerprint_on_every_page():
    first, second = genuine(0, footer=FARM), genuine(1, footer=FARM)
    assert first.template_blocks == second.template_blocks
    body = [page_spam(wordpress(f"<p>{p}</p>{FARM}"), f"{SITE}b/{i}/") for i, p in enumerate(POSTS)]
    assert len({v.own_blocks for v in body}) == 1
    other = page_spam(wordpress(f"<p>{POSTS[0]}</p>", footer=FARM.replace("sgp", "hk")), SITE)
    assert other.template_blocks != first.template_blocks


def test_a_clean_page_and_news_about_gambling_keep_their_verdicts():
    assert page_spam(wordpress(f"<p>{POSTS[0]}</p>"), SITE) == SpamVerdict(SITE, False, 0.0)
    news = "<p>Pemkab Bengkalis sosialisasikan bahaya judi online dan slot kepada pelajar.</p>"
    verdict = page_spam(wordpress(news, "Pemkab Sosialisasikan Bahaya Judi Online"), SITE)
    assert verdict.score < WEAK_THRESHOLD and verdict.own_score == verdict.score


# -- test (b) and the site's verdict ----------------------------------------------------


def test_a_template_farm_compromises_the_site_but_sets_no_page_aside():
    pages = [stored(genuine(n, footer=FARM)) for n in range(3)]
    site = site_spam(pages)
    assert site.compromised and site.flags == (Flag.GAMBLING_SPAM,)
    assert {e.url for e in site.evidence} == {p.url for p in pages}  # the incident's pages
    assert site.spam_urls == frozenset()


def test_a_farm_in_every_posts_body_is_template_by_recurring():
    pages = [
        stored(page_spam(wordpress(f"<p>{post}</p>{FARM}"), f"{SITE}berita/{n}/"))
        for n, post in enumerate(POSTS)
    ]
    assert all(p.own_score is not None and p.own_score >= SPAM_THRESHOLD for p in pages)
    assert set(pages[0].own_blocks) <= repeated_blocks(pages)
    site = site_spam(pages)
    assert site.compromised and site.spam_urls == frozenset()


def test_a_defacers_post_is_set_aside_under_a_defaced_template():
    posts = [stored(genuine(n, footer=FARM)) for n in range(3)]
    defacer = stored(
        page_spam(wordpress(DEFACER_BODY, DEFACER_TITLE, footer=FARM), f"{SITE}slot-gacor/")
    )
    assert site_spam([*posts, defacer]).spam_urls == {defacer.url}


def test_the_defacers_blocks_on_a_few_of_many_pages_stay_their_own():
    """Excerpts of the defacers' posts on the homepage and a category page recur on two
    pages, not on the many the template is on: those listings stay set aside."""
    excerpts = DEFACER_BODY * 2 + f"<p>{POSTS[2]}</p>"
    listings = [
        stored(page_spam(wordpress(excerpts, "Berita", footer=FARM), url))
        for url in (SITE, f"{SITE}category/berita/")
    ]
    posts = [replace(stored(genuine(n % 3, footer=FARM)), url=f"{SITE}p/{n}/") for n in range(4)]
    site = site_spam([*listings, *posts])
    assert site.spam_urls == {p.url for p in listings}


def test_copies_of_one_spam_page_are_not_a_template():
    """A doorway page served under many addresses has its blocks on each, but no genuine
    text of its own besides: every copy stays set aside."""
    html = f"<html><body><main><p>{DEFACER_BODY}</p></main></body></html>"
    pages = [stored(page_spam(html, f"{SITE}?slot=gacor-{n}")) for n in range(3)]
    assert all(p.clean_chars < GENUINE_TEXT_CHARS for p in pages)
    assert site_spam(pages).spam_urls == {p.url for p in pages}


def test_one_page_read_under_two_addresses_is_one_page():
    html = wordpress(f"<p>{POSTS[0]}</p>{FARM}")
    pages = [
        stored(page_spam(html, f"{SITE}berita/0")),
        stored(page_spam(html, f"{SITE}berita/0/")),
    ]
    assert repeated_blocks(pages) == frozenset()
    assert site_spam(pages).spam_urls == {p.url for p in pages}


def test_rows_stored_before_migration_9_are_all_their_own():
    """No own score stored: today's rule, every weak page set aside (never guessed upward)."""
    pages = [SpamPage(f"{SITE}berita/{n}/", 4.5, True, "hidden-links", "5 links") for n in range(3)]
    assert site_spam(pages).spam_urls == {p.url for p in pages}


# -- the estimate, and why evidence did not count ----------------------------------------


def _observation(spam: tuple[SpamPage, ...]) -> SiteObservation:
    def ago(days: int) -> date:
        return AS_OF - timedelta(days=days)

    newest, older, defacer = f"{SITE}berita/0/", f"{SITE}berita/1/", f"{SITE}slot-gacor/"
    evidence = (
        Evidence(Source.ARTICLE, newest, ago(9), "Diposting pada ..."),
        Evidence(Source.LISTING, newest, ago(9), "Dispersip Gelar Lomba Bercerita", SITE),
        Evidence(Source.ARTICLE, older, ago(25), "Diposting pada ..."),
        Evidence(Source.ARTICLE, defacer, ago(1), "Diposting pada ..."),
        Evidence(Source.LISTING, defacer, ago(1), "Daftar Sekarang", SITE),
    )
    home = Fetch(SITE, PageRole.HOMEPAGE, status=200)
    return SiteObservation("dispersip", (home,), evidence, spam=spam)


def _pages() -> tuple[SpamPage, ...]:
    home = stored(page_spam(wordpress(f"<p>{POSTS[2]}</p>", "Beranda", footer=FARM), SITE))
    posts = tuple(stored(genuine(n, footer=FARM)) for n in range(2))
    defacer = stored(
        page_spam(wordpress(DEFACER_BODY, DEFACER_TITLE, footer=FARM), f"{SITE}slot-gacor/")
    )
    return (home, *posts, defacer)


def test_the_newest_genuine_post_dates_a_site_under_a_defaced_template():
    observation = _observation(_pages())
    result = estimate(observation, SITE, AS_OF, Thresholds())
    assert result.status is Status.FRESH and result.days_since_update == 9
    assert Flag.GAMBLING_SPAM in result.flags
    kept = credible(observation.evidence, site_spam(observation.spam))
    assert {e.url for e in kept} == {f"{SITE}berita/0/", f"{SITE}berita/1/"}
    reasons = uncounted(observation, SITE, AS_OF)
    spam = {e.url for e, reason in reasons.items() if reason is Uncounted.SPAM}
    assert spam == {f"{SITE}slot-gacor/"}  # the rule the estimate used, nothing more


def test_rows_without_own_scores_set_every_signalled_page_aside_as_before():
    old = tuple(SpamPage(p.url, p.score, p.is_spam, p.kind, p.snippet) for p in _pages())
    observation = _observation(old)
    result = estimate(observation, SITE, AS_OF, Thresholds())
    assert result.days_since_update is None or result.days_since_update > 9
    reasons = uncounted(observation, SITE, AS_OF)
    assert set(reasons.values()) == {Uncounted.SPAM} and len(reasons) == 5


# -- the fleet --------------------------------------------------------------------------


def test_the_crawl_stores_what_of_each_page_is_its_own(crawled):
    """The spider stores each spam page's own score and fingerprints (migration 9): under
    wp-template-spam's footer farm no page is set aside, while wp-defaced's posts are."""
    template = crawled.observations["wp-template-spam"].spam
    assert template and all(p.own_score == 0 and p.template_blocks for p in template)
    assert len({p.template_blocks for p in template}) == 1  # one farm, printed on every page
    assert site_spam(template).compromised and site_spam(template).spam_urls == frozenset()
    defaced = site_spam(crawled.observations["wp-defaced"].spam)
    assert any("slot-gacor" in url for url in defaced.spam_urls)
