"""Site-level golden cases: whole evidence sets of agency sites and the verdict a careful
reviewer would give them, as of one crawl day.

Each case is one site as the crawl saw it: the homepage fetch (and any failures), and the
dated evidence from its feeds, WordPress API, sitemaps, listings, article pages, URLs and
headers. The sources often disagree; the case says which one should win and why. The
expected day is the site's last credible content update; `None` means no credible date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from crawler.judge.estimate import estimate
from crawler.model import (
    Confidence,
    Evidence,
    FailureKind,
    Fetch,
    PageRole,
    SiteObservation,
    Source,
    Status,
    Thresholds,
)

AS_OF = date(2026, 11, 28)
SITE = "https://diskominfotik.bengkaliskab.go.id/"
HOST = SITE.rstrip("/")
HOME = Fetch(SITE, PageRole.HOMEPAGE, status=200, content_type="text/html")
SITEMAP = f"{HOST}/sitemap.xml"
SITEMAP_FETCH = Fetch(SITEMAP, PageRole.SITEMAP, status=200, content_type="application/xml")
COMMENTS_FEED = f"{HOST}/comments/feed/"


def ev(
    source: Source,
    path: str,
    day: str,
    *,
    modified: bool = False,
    found_on: str = "",
    host: str = HOST,
    snippet: str = "",
) -> Evidence:
    """Evidence about `host` + `path`, dated `day` (YYYY-MM-DD)."""
    return Evidence(
        source,
        host + path,
        date.fromisoformat(day),
        snippet or f"{source} {day}",
        found_on=found_on,
        modified=modified,
    )


def failed(kind: FailureKind, detail: str = "", status: int | None = None) -> Fetch:
    return Fetch(SITE, PageRole.HOMEPAGE, status=status, error=kind, detail=detail)


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    why: str
    evidence: tuple[Evidence, ...]
    last_updated: str | None  # YYYY-MM-DD, or None: no credible date
    status: Status
    confidence: Confidence | None  # None: no verdict date, so no confidence
    fetches: tuple[Fetch, ...] = (HOME,)
    flags: tuple[str, ...] = ()


CASES = [
    Case(
        "feed-and-article-agree",
        "the feed and the article page give the newest post the same day: corroborated",
        (
            ev(Source.FEED, "/web/detailberita/2291/a", "2026-11-20"),
            ev(Source.ARTICLE, "/web/detailberita/2291/a", "2026-11-20"),
            ev(Source.FEED, "/web/detailberita/2290/b", "2026-11-02"),
        ),
        "2026-11-20", Status.FRESH, Confidence.HIGH,
    ),
    Case(
        "sitemap-build-stamps-vs-visible-dates",
        "every sitemap lastmod is the crawl day (generated); the listing and byline say March",
        (
            ev(Source.SITEMAP, "/web/detailberita/1/a", "2026-11-28", modified=True),
            ev(Source.SITEMAP, "/web/detailberita/2/b", "2026-11-28", modified=True),
            ev(Source.SITEMAP, "/web/halaman/2/visi-dan-misi", "2026-11-28", modified=True),
            ev(Source.LISTING, "/web/detailberita/1/a", "2026-03-02"),
            ev(Source.ARTICLE, "/web/detailberita/1/a", "2026-03-02"),
            ev(Source.LISTING, "/web/detailberita/2/b", "2026-02-10"),
        ),
        "2026-03-02", Status.ABANDONED, Confidence.HIGH,
    ),
    Case(
        "sitemap-only",
        "only sitemap lastmods: modification stamps, so a date but a low-confidence one",
        (
            ev(Source.SITEMAP, "/berita/x", "2026-10-01", modified=True),
            ev(Source.SITEMAP, "/berita/y", "2026-09-01", modified=True),
        ),
        "2026-10-01", Status.AGING, Confidence.LOW,
    ),
    Case(
        "sitemap-lastmod-newer-than-byline",
        "a touched post: the sitemap says November, its own byline says May",
        (
            ev(Source.SITEMAP, "/berita/a", "2026-11-20", modified=True),
            ev(Source.ARTICLE, "/berita/a", "2026-05-01"),
        ),
        "2026-05-01", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "datemodified-bump-one-article",
        "Yoast dateModified bumped yesterday by a plugin; datePublished is 2023",
        (
            ev(Source.ARTICLE, "/penyampaian-lkpd/", "2026-11-27", modified=True),
            ev(Source.ARTICLE, "/penyampaian-lkpd/", "2023-06-19"),
        ),
        "2023-06-19", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "datemodified-bump-is-not-corroboration",
        "only the WP API dates the post; the article's bumped dateModified does not confirm it",
        (
            ev(Source.WP_API, "/program-bumdes/", "2025-01-10"),
            ev(Source.ARTICLE, "/program-bumdes/", "2026-11-26", modified=True),
            ev(Source.WP_API, "/lomba-desa/", "2024-12-01"),
        ),
        "2025-01-10", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "modification-stamps-only",
        "no publication date anywhere, only a dateModified: a date, but weak",
        (ev(Source.ARTICLE, "/profil/tupoksi", "2026-11-25", modified=True),),
        "2026-11-25", Status.FRESH, Confidence.LOW,
    ),
    Case(
        "comment-feed-entry",
        "a new comment on an old post is not new content; the post itself is from June 2025",
        (
            ev(Source.FEED, "/rapat-abrasi/", "2026-11-25", found_on=COMMENTS_FEED),
            ev(Source.ARTICLE, "/rapat-abrasi/", "2025-06-01"),
            ev(Source.FEED, "/pelantikan/", "2025-05-20", found_on=f"{HOST}/feed/"),
        ),
        "2025-06-01", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "relative-listing-dates",
        "'3 hari yang lalu' on the listing, resolved at crawl time, matches the article byline",
        (
            ev(Source.LISTING, "/berita/bazar-umkm", "2026-11-25", snippet="3 hari yang lalu"),
            ev(Source.ARTICLE, "/berita/bazar-umkm", "2026-11-25"),
            ev(Source.LISTING, "/berita/pelatihan", "2026-11-14", snippet="2 minggu yang lalu"),
        ),
        "2026-11-25", Status.FRESH, Confidence.HIGH,
    ),
    Case(
        "future-agenda-dates",
        "agenda items for December and January are events, not updates; last post is August",
        (
            ev(Source.LISTING, "/web/agenda/41", "2026-12-10"),
            ev(Source.LISTING, "/web/agenda/42", "2027-01-06"),
            ev(Source.ARTICLE, "/web/detailberita/880/a", "2026-08-01"),
        ),
        "2026-08-01", Status.STALE, Confidence.MEDIUM,
    ),
    Case(
        "scheduled-post-in-the-future",
        "a post scheduled for Christmas is not published yet; the feed's newest is September",
        (
            ev(Source.ARTICLE, "/ucapan-natal/", "2026-12-25"),
            ev(Source.FEED, "/rakor/", "2026-09-01"),
        ),
        "2026-09-01", Status.AGING, Confidence.MEDIUM,
    ),
    Case(
        "template-date-on-every-article",
        "five article pages all show 02 Nov 2026 (a cached header); listings date them to 2024-25",
        (
            ev(Source.ARTICLE, "/web/detailberita/501/a", "2026-11-02"),
            ev(Source.ARTICLE, "/web/detailberita/500/b", "2026-11-02"),
            ev(Source.ARTICLE, "/web/detailberita/499/c", "2026-11-02"),
            ev(Source.ARTICLE, "/web/detailberita/498/d", "2026-11-02"),
            ev(Source.LISTING, "/web/detailberita/501/a", "2025-02-03"),
            ev(Source.LISTING, "/web/detailberita/500/b", "2025-01-20"),
            ev(Source.LISTING, "/web/detailberita/499/c", "2024-12-11"),
            ev(Source.LISTING, "/web/detailberita/498/d", "2024-11-02"),
        ),
        "2025-02-03", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "template-date-alone",
        "the same date on every article page and nothing else: a template, not content",
        tuple(
            ev(Source.ARTICLE, f"/web/detailberita/{n}/x", "2026-11-02")
            for n in (601, 602, 603, 604, 605)
        ),
        None, Status.UNDATED, None,
    ),
    Case(
        "single-listing-date",
        "one date beside one listing item is all the crawl found: weak",
        (ev(Source.LISTING, "/berita/a", "2026-11-10"),),
        "2026-11-10", Status.FRESH, Confidence.LOW,
    ),
    Case(
        "single-url-date",
        "one /2026/11/02/ permalink and nothing else: weak",
        (ev(Source.URL, "/2026/11/02/rakor-pendamping/", "2026-11-02"),),
        "2026-11-02", Status.FRESH, Confidence.LOW,
    ),
    Case(
        "single-article-byline",
        "one article byline: a publication date, but uncorroborated",
        (ev(Source.ARTICLE, "/berita/a", "2026-10-20"),),
        "2026-10-20", Status.AGING, Confidence.MEDIUM,
    ),
    Case(
        "http-last-modified-alone",
        "Last-Modified is usually just 'now': never evidence on its own",
        (ev(Source.HTTP_HEADER, "/", "2026-11-28", modified=True),),
        None, Status.UNDATED, None,
    ),
    Case(
        "http-last-modified-beside-old-article",
        "the homepage's Last-Modified says today; the only article is from January 2024",
        (
            ev(Source.HTTP_HEADER, "/", "2026-11-28", modified=True),
            ev(Source.HTTP_HEADER, "/berita/a", "2026-11-28", modified=True),
            ev(Source.ARTICLE, "/berita/a", "2024-01-15"),
        ),
        "2024-01-15", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "offsite-portal-evidence",
        "the regency portal's fresh news about this agency is not this site's update",
        (
            ev(Source.FEED, "/berita/diskominfotik-raih-penghargaan", "2026-11-26",
               host="https://bengkaliskab.go.id"),
            ev(Source.FEED, "/web/detailberita/77/a", "2025-10-01"),
        ),
        "2025-10-01", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "sister-subdomain-evidence",
        "ppid.bengkaliskab.go.id is another site on the same domain: its posts do not count",
        (
            ev(Source.LISTING, "/web/detailberita/3059/a", "2026-11-25",
               host="https://ppid.bengkaliskab.go.id"),
            ev(Source.ARTICLE, "/web/detailberita/2101/b", "2026-04-14"),
        ),
        "2026-04-14", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "www-variant-counts",
        "www. and the bare host are one site",
        (ev(Source.FEED, "/berita/a", "2026-11-01",
            host="https://www.diskominfotik.bengkaliskab.go.id"),),
        "2026-11-01", Status.FRESH, Confidence.MEDIUM,
    ),
    Case(
        "wp-api-and-feed-disagree-by-a-day",
        "the API says 1 June, the feed (UTC pubDate) 2 June: the API wins; 180 days is stale",
        (
            ev(Source.WP_API, "/perbup-tarif/", "2026-06-01"),
            ev(Source.FEED, "/perbup-tarif/", "2026-06-02"),
        ),
        "2026-06-01", Status.STALE, Confidence.HIGH,
    ),
    Case(
        "listing-misread-vs-byline",
        "a listing put the newest sidebar date beside an old item; the item's byline is March 2025",
        (
            ev(Source.LISTING, "/web/detailberita/300/a", "2026-11-27"),
            ev(Source.ARTICLE, "/web/detailberita/300/a", "2025-03-01"),
            ev(Source.LISTING, "/web/detailberita/299/b", "2025-02-20"),
        ),
        "2025-03-01", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "opensid-sitemap-lists-unpublished",
        "OpenSID's sitemap lists an unpublished article; the feed and its URL agree on July",
        (
            ev(Source.SITEMAP, "/artikel/2026/11/27/draf-apbdes", "2026-11-27", modified=True,
               found_on=SITEMAP),
            ev(Source.URL, "/artikel/2026/11/27/draf-apbdes", "2026-11-27", found_on=SITEMAP),
            ev(Source.FEED, "/artikel/2026/7/15/posyandu", "2026-07-15", found_on=f"{HOST}/feed"),
            ev(Source.URL, "/artikel/2026/7/15/posyandu", "2026-07-15", found_on=f"{HOST}/feed"),
        ),
        "2026-07-15", Status.STALE, Confidence.HIGH,
        fetches=(HOME, SITEMAP_FETCH),
    ),
    Case(
        "lonely-fresh-listing-outlier",
        "one listing date eleven months newer than every feed item: kept, but doubted",
        (
            ev(Source.LISTING, "/berita/baru", "2026-11-20"),
            ev(Source.FEED, "/berita/a", "2025-12-15"),
            ev(Source.FEED, "/berita/b", "2025-11-30"),
        ),
        "2026-11-20", Status.FRESH, Confidence.LOW,
    ),
    Case(
        "fresh-boundary-30-days",
        "exactly 30 days old is still fresh",
        (ev(Source.FEED, "/berita/a", "2026-10-29"), ev(Source.FEED, "/berita/b", "2026-10-01")),
        "2026-10-29", Status.FRESH, Confidence.MEDIUM,
    ),
    Case(
        "pre-1995-and-zero-dates",
        "a 1970 epoch date from a broken CMS field is noise; the real post is from 2022",
        (
            ev(Source.LISTING, "/web/detailberita/3021/a", "1970-01-01"),
            ev(Source.ARTICLE, "/web/detailberita/2900/b", "2022-08-12"),
        ),
        "2022-08-12", Status.ABANDONED, Confidence.MEDIUM,
    ),
    Case(
        "firewall-page-with-http-200",
        "the homepage answered 200 with a firewall rejection page: reachable, nothing dated",
        (),
        None, Status.UNDATED, None,
    ),
    Case(
        "redirects-offsite",
        "the homepage redirects to another site (a parked domain): unreachable, flagged",
        (ev(Source.FEED, "/berita/a", "2026-11-20"),),
        None, Status.UNREACHABLE, None,
        fetches=(Fetch(SITE, PageRole.HOMEPAGE, status=302, error=FailureKind.OFFSITE,
                       detail="https://slot-gacor.example.com/"),),
        flags=("redirects-offsite",),
    ),
    Case(
        "redirect-within-site",
        "http -> https and /beranda on the same host is an ordinary, reachable homepage",
        (ev(Source.ARTICLE, "/web/detailberita/10/a", "2026-11-05"),),
        "2026-11-05", Status.FRESH, Confidence.MEDIUM,
        fetches=(Fetch("http://diskominfotik.bengkaliskab.go.id/", PageRole.HOMEPAGE, status=200,
                       final_url=f"{HOST}/beranda"),),
    ),
    Case(
        "robots-refuses-homepage",
        "robots.txt disallows everything: we may not look, so no date, and the flag says why",
        (),
        None, Status.UNDATED, None,
        fetches=(failed(FailureKind.ROBOTS, "Disallow: /"),),
        flags=("robots-disallowed",),
    ),
    Case(
        "dns-failure",
        "the host does not resolve",
        (),
        None, Status.UNREACHABLE, None,
        fetches=(failed(FailureKind.DNS, "NXDOMAIN"),),
    ),
    Case(
        "cloudflare-403",
        "a Cloudflare challenge answers 403: the homepage was not fetched",
        (),
        None, Status.UNREACHABLE, None,
        fetches=(Fetch(SITE, PageRole.HOMEPAGE, status=403),),
    ),
    Case(
        "server-error-with-earlier-feed",
        "the feed came through but the homepage answered 503: unreachable wins",
        (ev(Source.FEED, "/berita/a", "2026-11-27"),),
        None, Status.UNREACHABLE, None,
        fetches=(
            Fetch(f"{HOST}/feed/", PageRole.FEED, status=200),
            Fetch(SITE, PageRole.HOMEPAGE, status=503),
        ),
    ),
    Case(
        "tls-error",
        "a broken certificate chain: unreachable, flagged",
        (),
        None, Status.UNREACHABLE, None,
        fetches=(failed(FailureKind.TLS, "certificate verify failed"),),
        flags=("tls-error",),
    ),
    Case(
        "homepage-retry-succeeds",
        "a timeout followed by a successful retry: the last attempt counts",
        (ev(Source.FEED, "/berita/a", "2026-09-15"), ev(Source.ARTICLE, "/berita/a", "2026-09-15")),
        "2026-09-15", Status.AGING, Confidence.HIGH,
        fetches=(failed(FailureKind.TIMEOUT, "took longer than 15 s"), HOME),
    ),
    Case(
        "no-homepage-robots-unanswered",
        "robots.txt got no answer at all, so the homepage was never tried",
        (),
        None, Status.UNREACHABLE, None,
        fetches=(Fetch(f"{HOST}/robots.txt", PageRole.ROBOTS, error=FailureKind.REFUSED,
                       detail="Connection refused"),),
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_site_verdict(case: Case) -> None:
    observation = SiteObservation("diskominfotik", case.fetches, case.evidence)
    result = estimate(observation, SITE, AS_OF, Thresholds())
    got = (
        result.last_updated.isoformat() if result.last_updated else None,
        result.status,
        result.confidence,
    )
    assert got == (case.last_updated, case.status, case.confidence), (
        f"{case.name}: {case.why}\n  expected {case.last_updated} {case.status} "
        f"{case.confidence}\n  got      {got[0]} {got[1]} {got[2]} ({result.reason})"
    )
    for flag in case.flags:
        assert flag in result.flags, f"{case.name}: flag {flag} missing from {result.flags}"


def test_enough_cases() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)
