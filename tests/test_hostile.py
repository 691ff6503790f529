"""The hostile and broken web, crawled for real: traps that loop, pages that are too big,
cut short, wrongly encoded or not HTML at all, bad certificates, parked domains.

Every site's verdict is checked against truth.yaml by test_crawl; these tests check how
each trap was met: what was asked for, what was recorded, and what was kept.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from crawler.model import FailureKind, Fetch, PageRole, Source
from spiders.redirects import MAX_REDIRECTS


def _fetches(crawled, site_id: str) -> list[Fetch]:
    return list(crawled.observations[site_id].fetches)


def _by_path(fetches: list[Fetch]) -> dict[str, Fetch]:
    return {urlsplit(f.url).path: f for f in fetches}


def test_traps_do_not_lead_the_crawler_around(crawled):
    asked = crawled.requests["trap-maze"]
    queries = [parse_qs(urlsplit(path).query) for path in asked]
    # Session ids are dropped from every link, so no page is asked for twice under new ids.
    assert not any("PHPSESSID" in q for q in queries), asked
    # The calendar (month pages and day pages) is never entered.
    assert not any({"bulan", "tahun", "tgl"} & q.keys() for q in queries), asked
    # Endless paging and the faceted tag cloud cost at most the listing budget.
    listings = [f for f in _fetches(crawled, "trap-maze") if f.role is PageRole.LISTING]
    assert len(listings) <= 3
    assert not any("hal" in q and q["hal"] != ["1"] for q in queries), asked
    # The redirect loop is given up after the browser's limit and recorded as such.
    loops = [f for f in listings if f.error is FailureKind.REDIRECT_LOOP]
    assert [urlsplit(f.url).path for f in loops] == ["/arsip"]
    assert sum(1 for path in asked if path.startswith("/arsip")) == MAX_REDIRECTS + 1
    # Apart from the loop, every path is asked for once.
    others = [path for path in asked if not path.startswith("/arsip")]
    assert len(others) == len(set(others))


def test_a_homepage_redirect_loop_makes_the_site_unreachable(crawled):
    homepage = next(f for f in _fetches(crawled, "loop-home") if f.role is PageRole.HOMEPAGE)
    assert homepage.error is FailureKind.REDIRECT_LOOP
    assert "redirects" in homepage.detail
    assert len(crawled.requests["loop-home"]) == 1 + 1 + MAX_REDIRECTS  # robots, /, the hops


def test_oversized_and_truncated_pages(crawled):
    fetches = _by_path(_fetches(crawled, "huge-pages"))
    # The 30 MB page is refused from its Content-Length; the gzip bomb while unpacking.
    assert fetches["/berita/604"].error is FailureKind.TOO_LARGE
    assert fetches["/berita"].error is FailureKind.TOO_LARGE
    assert "decompress" in fetches["/berita"].detail
    # The truncated page is kept, marked, and its date (which arrived) still counts.
    cut = fetches["/berita/601"]
    assert cut.ok and cut.detail.startswith("truncated")
    evidence = crawled.observations["huge-pages"].evidence
    assert any(e.source is Source.ARTICLE and e.url.endswith("/berita/601") for e in evidence)
    assert not any(e.source is Source.ARTICLE and e.url.endswith("/berita/604") for e in evidence)


def test_legacy_charsets_are_read(crawled):
    # windows-1252 under a header claiming UTF-8: the dash between date and time is an invalid
    # byte, and the article dates are still read.
    evidence = crawled.observations["legacy-charset"].evidence
    dated = {e.url.rsplit("=", 1)[1] for e in evidence if e.source is Source.ARTICLE}
    assert {"91", "90"} <= dated
    # The BOM outranks the header's ISO-8859-1 on the news index.
    assert any("/berita" in e.found_on and e.source is Source.LISTING for e in evidence)


def test_a_homepage_that_is_not_html_is_fetched_and_left_undated(crawled):
    for site_id, kind in (("pdf-home", "application/pdf"), ("image-home", "image/png")):
        homepage = next(f for f in _fetches(crawled, site_id) if f.role is PageRole.HOMEPAGE)
        assert homepage.ok and homepage.content_type == kind
        assert not crawled.observations[site_id].evidence
        assert len(crawled.requests[site_id]) <= 3  # robots.txt, the file, a sitemap guess


def test_certificate_problems_are_recorded_on_pages_fetched_anyway(crawled):
    def problems(site_id: str) -> set[str]:
        return {f.tls for f in _fetches(crawled, site_id) if f.status is not None}

    assert problems("tls-selfsigned") == {"self-signed certificate"}
    (expired,) = problems("tls-expired")
    assert expired.startswith("certificate expired on ")
    assert problems("tls-valid") == {""}
    for site_id in ("tls-selfsigned", "tls-expired", "tls-valid"):
        assert all(f.url.startswith("https://") for f in _fetches(crawled, site_id))


def test_a_parked_domain_is_recorded_and_not_explored(crawled):
    homepage = next(f for f in _fetches(crawled, "parked") if f.role is PageRole.HOMEPAGE)
    assert homepage.error is FailureKind.PARKED
    assert "for sale" in homepage.detail
    assert crawled.requests["parked"] == ["/robots.txt", "/"]  # its ad links are not followed


def test_robots_txt_redirected_to_another_host_is_followed_and_the_homepage_still_asked(
    crawled, fleet
):
    fetches = _fetches(crawled, "robots-elsewhere")
    robots = next(f for f in fetches if f.role is PageRole.ROBOTS)
    # RFC 9309: robots.txt's redirects are followed, to another host too.
    assert robots.ok and robots.final_url == fleet.url("portal") + "robots.txt"
    # Whatever robots.txt did, the homepage is asked for, and its move off the site is seen.
    homepage = next(f for f in fetches if f.role is PageRole.HOMEPAGE)
    assert homepage.error is FailureKind.OFFSITE
    assert crawled.requests["robots-elsewhere"] == ["/robots.txt", "/"]
