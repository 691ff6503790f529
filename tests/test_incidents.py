"""Incidents (`crawler.judge.incidents`) and the evidence the estimate did not count
(`crawler.judge.uncounted`): plain values in, dataclasses out, no store, no HTML.

The report's side (the index's section, the agency page's lead, the feed) is in
tests/test_report.py, on the fixture fleet.
"""

from __future__ import annotations

from datetime import date, timedelta

from crawler.judge.estimate import estimate
from crawler.judge.incidents import (
    MAX_PAGES,
    SEEN_CHARS,
    Incident,
    IncidentKind,
    IncidentStart,
    RunFlags,
    incident_starts,
    incidents,
    kinds_flagged,
    spam_words,
    streak_start,
)
from crawler.judge.uncounted import Uncounted, uncounted
from crawler.model import (
    Evidence,
    FailureKind,
    Fetch,
    Flag,
    PageRole,
    SiteObservation,
    SiteResult,
    Source,
    SpamPage,
    Status,
    Thresholds,
)

SITE = "https://disnaker.bengkaliskab.go.id/"
AS_OF = date(2026, 11, 9)
HOME = Fetch(SITE, PageRole.HOMEPAGE, 200)


def result(*flags: str, status: Status = Status.FRESH) -> SiteResult:
    return SiteResult("disnaker", status, flags=tuple(sorted(flags)))


def observation(*fetches: Fetch, spam: tuple[SpamPage, ...] = (), evidence=()) -> SiteObservation:
    return SiteObservation("disnaker", tuple(fetches), tuple(evidence), spam=spam)


def week(n: int, *flags: str) -> RunFlags:
    return RunFlags(n, AS_OF + timedelta(weeks=n - 10), frozenset(flags))


# -- incidents ------------------------------------------------------------------------


def test_a_clean_verdict_has_no_incident():
    assert incidents(result(Flag.FLAKY, Flag.PPID_MISSING), observation(HOME)) == ()


def test_defacement_names_the_spam_pages_and_their_words():
    farm = "8 links: 5 desember 2026 | facebook | slot gacor hari ini ⚡ situs slot maxwin | rtp"
    spam = (
        SpamPage(f"{SITE}2026/12/05/slot-gacor/", 7.8, True, "link-farm", farm),
        SpamPage(f"{SITE}berita/pemberantasan-judi/", 0.2, False, "keyword", "judi online"),
        SpamPage(SITE, 6.7, True, "link-farm", farm),
    )
    (found,) = incidents(result(Flag.GAMBLING_SPAM), observation(HOME, spam=spam))
    assert found.kind is IncidentKind.DEFACEMENT
    assert found.pages == (f"{SITE}2026/12/05/slot-gacor/", SITE)  # strongest first
    assert found.seen == "slot gacor hari ini ⚡ situs slot maxwin"  # not the link count


def test_spam_words_falls_back_to_a_short_start():
    assert spam_words("Daftar SLOT88 gacor") == "Daftar SLOT88 gacor"
    long = "x" * 500
    assert len(spam_words(long)) == SEEN_CHARS and spam_words(long).endswith("…")


def test_parked_domain_shows_the_parking_words():
    home = Fetch(
        SITE, PageRole.HOMEPAGE, 200, FailureKind.PARKED,
        detail="parked-domain page: 'This domain may be for sale'",
    )  # fmt: skip
    (found,) = incidents(result(Flag.PARKED_DOMAIN, status=Status.UNREACHABLE), observation(home))
    assert found == Incident(IncidentKind.PARKED_DOMAIN, "This domain may be for sale", (SITE,))


def test_tls_names_each_problem_once_homepage_first():
    expired = "certificate expired on 2026-10-07"
    fetches = [
        Fetch(f"{SITE}robots.txt", PageRole.ROBOTS, 200, tls=expired),
        Fetch(SITE, PageRole.HOMEPAGE, 200, tls=expired),
        *(Fetch(f"{SITE}berita/{n}", PageRole.ARTICLE, 200, tls=expired) for n in range(9)),
        Fetch(f"{SITE}ppid", PageRole.PPID, 200, tls="self-signed certificate"),
    ]
    (found,) = incidents(result(Flag.TLS_ERROR), observation(*fetches))
    assert found.kind is IncidentKind.TLS
    assert found.seen == f"{expired}; self-signed certificate"
    assert found.pages[0] == SITE and len(found.pages) == MAX_PAGES
    assert f"{SITE}robots.txt" not in found.pages  # last, so cut first


def test_a_failed_handshake_is_no_certificate_incident():
    home = Fetch(SITE, PageRole.HOMEPAGE, None, FailureKind.TLS, detail="handshake failure")
    assert incidents(result(Flag.TLS_ERROR, status=Status.UNREACHABLE), observation(home)) == ()


def test_redirect_names_its_target():
    home = Fetch(
        SITE, PageRole.HOMEPAGE, None, FailureKind.OFFSITE,
        detail="redirects to https://portal.bengkaliskab.go.id/",
    )  # fmt: skip
    flagged = result(Flag.REDIRECTS_OFFSITE, status=Status.UNREACHABLE)
    (found,) = incidents(flagged, observation(home))
    assert found.seen == "https://portal.bengkaliskab.go.id/" and found.pages == (SITE,)


def test_several_incidents_most_urgent_first_and_without_an_observation():
    flagged = result(Flag.REDIRECTS_OFFSITE, Flag.GAMBLING_SPAM, Flag.PARKED_DOMAIN)
    found = incidents(flagged, None)
    assert [i.kind for i in found] == [
        IncidentKind.DEFACEMENT, IncidentKind.PARKED_DOMAIN, IncidentKind.REDIRECT_OFFSITE,
    ]  # fmt: skip
    assert all(i.pages == () and i.seen == "" and i.since is None for i in found)


def test_since_is_the_first_run_of_the_unbroken_streak():
    spam = Flag.GAMBLING_SPAM
    history = [week(1, spam), week(2), week(3, spam, Flag.FLAKY), week(4, spam), week(5, spam)]
    (found,) = incidents(result(spam), None, history)
    assert (found.since_run, found.since) == (3, history[2].as_of)
    assert streak_start(IncidentKind.DEFACEMENT, history[:2]) is None  # gone in the last run
    assert streak_start(IncidentKind.DEFACEMENT, []) is None


def test_kinds_come_from_the_stored_flags():
    assert kinds_flagged({Flag.TLS_ERROR, Flag.PPID_OUTDATED}) == {IncidentKind.TLS}
    assert kinds_flagged(set()) == frozenset()


def test_incident_starts_are_the_runs_an_incident_appears_in():
    history = [
        week(1, Flag.TLS_ERROR),
        week(2, Flag.TLS_ERROR, Flag.GAMBLING_SPAM),
        week(3, Flag.TLS_ERROR),
        week(4, Flag.GAMBLING_SPAM, Flag.PARKED_DOMAIN),
    ]
    later = [
        IncidentStart(2, history[1].as_of, IncidentKind.DEFACEMENT),
        IncidentStart(4, history[3].as_of, IncidentKind.DEFACEMENT),
        IncidentStart(4, history[3].as_of, IncidentKind.PARKED_DOMAIN),
    ]
    # Runs before the history read may have had it: the oldest run announces nothing ...
    assert incident_starts(history, complete=False) == later
    # ... unless nothing came before it.
    first = IncidentStart(1, history[0].as_of, IncidentKind.TLS)
    assert incident_starts(history, complete=True) == [first, *later]
    assert incident_starts([], complete=True) == []


# -- evidence not counted -------------------------------------------------------------


def dated(source: Source, path: str, days: int, **kw) -> Evidence:
    return Evidence(source, f"{SITE}{path}", AS_OF - timedelta(days=days), **kw)


def test_each_row_says_why_it_did_not_count():
    spam_post = f"{SITE}2026/11/01/slot-gacor-maxwin/"
    counted = [
        dated(Source.FEED, "berita/a", 3),
        dated(Source.ARTICLE, "berita/a", 3),
        dated(Source.LISTING, "berita/a", 4, found_on=SITE),  # a day off: agrees
        dated(Source.FEED, "berita/b", 40),
    ]
    aside = {
        Evidence(Source.FEED, spam_post, AS_OF, "SLOT GACOR"): Uncounted.SPAM,
        dated(Source.LISTING, "agenda/c", -30, found_on=SITE): Uncounted.FUTURE,
        Evidence(Source.URL, f"{SITE}arsip/1990", date(1990, 1, 1)): Uncounted.TOO_OLD,
        Evidence(Source.FEED, "https://portal.go.id/x", AS_OF): Uncounted.OFFSITE,
        dated(Source.FEED, "berita/b", 1, found_on=f"{SITE}comments/feed/"): Uncounted.COMMENT,
        dated(Source.HTTP_HEADER, "berita/d", 0): Uncounted.HEADER,
        dated(Source.ARTICLE, "berita/a", 0, modified=True): Uncounted.MODIFIED,
        dated(Source.SITEMAP, "draf/e", 0, found_on=f"{SITE}sitemap.xml"): Uncounted.SITEMAP_ONLY,
        dated(Source.LISTING, "berita/b", 20, found_on=SITE): Uncounted.OUTRANKED,
        dated(Source.FEED, "berita/b", 30, found_on=f"{SITE}feed/"): Uncounted.OLDER,
    }
    template = [dated(Source.ARTICLE, f"profil/{n}", 2) for n in range(3)]
    fetches = (HOME, Fetch(f"{SITE}sitemap.xml", PageRole.SITEMAP, 200))
    spam = (SpamPage(spam_post, 2.0, True, "title", "SLOT GACOR"),)
    seen = SiteObservation("disnaker", fetches, (*counted, *aside, *template), spam=spam)

    reasons = uncounted(seen, SITE, AS_OF)
    assert {e: reasons[e] for e in aside} == aside
    assert all(reasons[e] is Uncounted.TEMPLATE for e in template)
    assert not set(counted) & set(reasons)
    verdict = estimate(seen, SITE, AS_OF, Thresholds())
    assert verdict.evidence is not None and verdict.evidence not in reasons  # never contradicts


def test_nothing_counts_when_the_homepage_was_not_read():
    home = Fetch(SITE, PageRole.HOMEPAGE, 503, FailureKind.HTTP_5XX)
    row = dated(Source.FEED, "berita/a", 3)
    assert uncounted(observation(home, evidence=[row]), SITE, AS_OF) == {row: Uncounted.UNREAD}


def test_modification_stamps_count_when_nothing_else_dates_the_site():
    stamp = dated(Source.SITEMAP, "berita/a", 5)
    assert uncounted(observation(HOME, evidence=[stamp]), SITE, AS_OF) == {}
