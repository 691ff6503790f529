"""The site-level verdict from evidence: table-driven cases with a fixed as_of."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crawler.judge.estimate import estimate, score_for, status_for, unreachable_cause
from crawler.judge.explain import SetAside, set_aside
from crawler.model import (
    Confidence,
    Evidence,
    FailureKind,
    Fetch,
    Flag,
    PageRole,
    SiteObservation,
    Source,
    SpamPage,
    Status,
    Thresholds,
)

AS_OF = date(2026, 11, 28)
SITE = "https://disdik.example.go.id/"
T = Thresholds()
HOME_OK = Fetch(SITE, PageRole.HOMEPAGE, status=200)


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def ev(source: Source, path: str, days: int, *, modified: bool = False) -> Evidence:
    return Evidence(source, SITE.rstrip("/") + path, ago(days), "snippet", modified=modified)


def run(*evidence: Evidence, fetches: tuple[Fetch, ...] = (HOME_OK,)):
    return estimate(SiteObservation("disdik", fetches, evidence), SITE, AS_OF, T)


CASES = [
    # (name, evidence, expected days, status, confidence)
    (
        "feed and article agree",
        [ev(Source.FEED, "/a", 3), ev(Source.ARTICLE, "/a", 3), ev(Source.FEED, "/b", 10)],
        3, Status.FRESH, Confidence.HIGH,
    ),
    (
        "article byline beats a listing's misread date for the same item",
        [ev(Source.LISTING, "/a", 1), ev(Source.ARTICLE, "/a", 200), ev(Source.LISTING, "/b", 210)],
        200, Status.ABANDONED, Confidence.MEDIUM,  # the byline, not corroborated
    ),
    (
        "sitemap lastmod never outranks publication dates",
        [ev(Source.SITEMAP, "/x", 0, modified=True), ev(Source.FEED, "/a", 100)],
        100, Status.STALE, Confidence.MEDIUM,
    ),
    (
        "dateModified bump on the article is ignored when a publication date exists",
        [ev(Source.ARTICLE, "/a", 0, modified=True), ev(Source.URL, "/a", 150)],
        150, Status.STALE, Confidence.LOW,  # one item, dated by its URL alone
    ),
    (
        "a page dated by its last-updated line alone never outranks another's publication",
        [ev(Source.ARTICLE, "/syarat-dan-ketentuan", 2, modified=True), ev(Source.FEED, "/a", 100)],
        100, Status.STALE, Confidence.MEDIUM,
    ),
    (
        "one last-updated day on three article pages is a template's stamp",
        [*(ev(Source.ARTICLE, f"/halaman-{i}", 3, modified=True) for i in range(3)),
         ev(Source.ARTICLE, "/tentang", 90, modified=True)],
        90, Status.AGING, Confidence.LOW,
    ),
    (
        "last-updated lines alone give a low-confidence date",
        [ev(Source.ARTICLE, "/tentang-kami", 40, modified=True)],
        40, Status.AGING, Confidence.LOW,
    ),
    (
        "sitemap alone gives a low-confidence date",
        [ev(Source.SITEMAP, "/x", 40, modified=True), ev(Source.SITEMAP, "/y", 50, modified=True)],
        40, Status.AGING, Confidence.LOW,
    ),
    (
        "Last-Modified alone is never evidence",
        [ev(Source.HTTP_HEADER, "/", 2, modified=True)],
        None, Status.UNDATED, None,  # no date, so no confidence in one
    ),
    (
        "future dates are discarded",
        [ev(Source.LISTING, "/agenda", -10), ev(Source.LISTING, "/a", 95)],
        95, Status.STALE, Confidence.LOW,  # one item, from a listing alone
    ),
    (
        "dates before 1995 are discarded",
        [Evidence(Source.LISTING, SITE + "old", date(1990, 1, 1)), ev(Source.FEED, "/a", 31)],
        31, Status.AGING, Confidence.MEDIUM,  # one item, from its feed
    ),
    (
        "evidence about another host never counts",
        [Evidence(Source.FEED, "https://portal.go.id/x", ago(1)), ev(Source.FEED, "/a", 400)],
        400, Status.ABANDONED, Confidence.MEDIUM,  # one item, from its feed
    ),
    (
        "one lonely listing date far newer than everything else gets low confidence",
        [ev(Source.LISTING, "/new", 2), ev(Source.FEED, "/a", 300), ev(Source.FEED, "/b", 320)],
        2, Status.FRESH, Confidence.LOW,
    ),
    (
        "wp api on its own",
        [ev(Source.WP_API, "/a", 30), ev(Source.WP_API, "/b", 60)],
        30, Status.FRESH, Confidence.MEDIUM,
    ),
    ("no evidence at all", [], None, Status.UNDATED, None),  # no date, no confidence
]  # fmt: skip


@pytest.mark.parametrize(("name", "evidence", "days", "status", "confidence"), CASES)
def test_site_verdicts(name, evidence, days, status, confidence):
    result = run(*evidence)
    assert result.status is status, name
    assert result.days_since_update == days, name
    assert result.confidence is confidence, name


def test_unreachable_homepage_and_its_flags():
    refused = Fetch(SITE, PageRole.HOMEPAGE, error=FailureKind.REFUSED, detail="refused")
    result = run(ev(Source.FEED, "/a", 1), fetches=(refused,))
    assert (result.status, result.confidence) == (Status.UNREACHABLE, None)
    server_error = Fetch(SITE, PageRole.HOMEPAGE, status=503)
    result = run(fetches=(server_error,))
    assert (result.status, result.confidence) == (Status.UNREACHABLE, None)
    offsite = Fetch(SITE, PageRole.HOMEPAGE, status=302, error=FailureKind.OFFSITE)
    result = run(ev(Source.FEED, "/a", 1), fetches=(offsite,))
    assert (result.status, result.confidence) == (Status.UNREACHABLE, None)
    assert result.flags == ("redirects-offsite",)
    result = run(fetches=())
    assert (result.status, result.confidence) == (Status.UNREACHABLE, None)


def test_the_failure_that_made_a_site_unreachable_is_decided_once():
    robots = Fetch(SITE + "robots.txt", PageRole.ROBOTS, error=FailureKind.DNS, detail="no name")
    refused = Fetch(SITE, PageRole.HOMEPAGE, error=FailureKind.REFUSED, detail="refused")
    # The homepage never asked (robots.txt got no answer): robots.txt's failure.
    assert unreachable_cause((robots,)) is robots
    assert run(fetches=(robots,)).reason == "host did not answer: dns (no name)"
    # The homepage's last attempt, once it was asked for.
    assert unreachable_cause((robots, refused)) is refused
    assert run(fetches=(robots, refused)).reason == "homepage failed: refused (refused)"
    # A homepage that answered, with no page: no failed request to name.
    moved = Fetch(SITE, PageRole.HOMEPAGE, status=304)
    assert unreachable_cause((robots, refused, moved)) is None
    assert run(fetches=(robots, refused, moved)).reason == "homepage answered HTTP 304"
    assert unreachable_cause(()) is None
    assert run(fetches=()).reason == "homepage was never fetched"


def test_robots_disallowed_site_is_undated_and_flagged():
    robots = Fetch(SITE, PageRole.HOMEPAGE, error=FailureKind.ROBOTS)
    result = run(fetches=(robots,))
    assert (result.status, result.confidence) == (Status.UNDATED, None)
    assert "robots-disallowed" in result.flags


def test_evidence_and_counts_are_reported():
    result = run(ev(Source.FEED, "/a", 3), ev(Source.FEED, "/b", 20), ev(Source.FEED, "/c", 60))
    assert result.evidence is not None and result.evidence.url.endswith("/a")
    assert (result.items_30d, result.items_90d) == (2, 3)
    assert result.confidence is Confidence.MEDIUM  # one source, the feed


@pytest.mark.parametrize(
    ("days", "status"),
    [(0, Status.FRESH), (30, Status.FRESH), (31, Status.AGING), (90, Status.AGING),
     (91, Status.STALE), (180, Status.STALE), (181, Status.ABANDONED)],
)  # fmt: skip
def test_status_thresholds(days, status):
    assert status_for(days, T) is status


def test_score_falls_with_age_and_doubt():
    scores = [score_for(d, T, Confidence.HIGH) for d in (0, 15, 30, 60, 90, 180, 300, 360, 1000)]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == 100 and scores[-1] == 0
    assert score_for(10, T, Confidence.LOW) < score_for(10, T, Confidence.HIGH)


def test_items_known_only_from_a_sitemap_are_not_proof_of_publication():
    sitemap = "https://disdik.example.go.id/sitemap"
    listed = Evidence(Source.URL, SITE + "artikel/2026/11/20/draft", ago(8), found_on=sitemap)
    fetches = (HOME_OK, Fetch(sitemap, PageRole.SITEMAP, status=200))
    result = run(listed, ev(Source.FEED, "/a", 150), fetches=fetches)
    assert (result.status, result.days_since_update) == (Status.STALE, 150)
    assert result.confidence is Confidence.MEDIUM  # the feed's item, the sitemap's set aside
    alone = run(listed, fetches=fetches)
    assert alone.days_since_update == 8 and alone.confidence is Confidence.LOW


def test_a_defaced_site_is_flagged_and_the_defacers_dates_never_count():
    site = "https://disnaker.example.go.id/"
    spam_post = f"{site}2026/11/27/slot-gacor-hari-ini-maxwin/"
    unfetched = f"{site}2026/11/20/link-alternatif-sbobet-judi-bola/"
    real = f"{site}2025/12/01/job-fair-bengkalis/"
    evidence = (
        Evidence(Source.FEED, spam_post, date(2026, 11, 27), "SLOT GACOR HARI INI Maxwin"),
        Evidence(Source.WP_API, unfetched, date(2026, 11, 20), "date_gmt 2026-11-20"),
        Evidence(Source.FEED, real, date(2025, 12, 1), "Disnaker Gelar Job Fair Bengkalis"),
    )
    spam = (SpamPage(spam_post, 1.5, True, "title", "SLOT GACOR HARI INI ⚡ Situs Slot Maxwin"),)
    home = Fetch(site, PageRole.HOMEPAGE, status=200)
    observation = SiteObservation("disnaker", (home,), evidence, spam=spam)
    result = estimate(observation, site, date(2026, 11, 28), Thresholds())
    assert result.status is Status.ABANDONED and result.last_updated == date(2025, 12, 1)
    assert result.confidence is Confidence.MEDIUM  # the real item's feed entry
    assert Flag.GAMBLING_SPAM in result.flags
    reasons = dict((e.url, r) for e, r in set_aside(observation, site, date(2026, 11, 28), result))
    assert reasons == {spam_post: SetAside.SPAM, unfetched: SetAside.SPAM}
    clean = SiteObservation("disnaker", (home,), evidence)  # no spam page seen: no flag
    unflagged = estimate(clean, site, date(2026, 11, 28), Thresholds())
    assert Flag.GAMBLING_SPAM not in unflagged.flags
    assert (unflagged.last_updated, unflagged.confidence) == (date(2026, 11, 27), Confidence.MEDIUM)
