"""The fix list of an agency (`crawler.judge.fixes`): only the items that apply, most urgent
first, each with the facts its sentence needs; and every item's sentence in both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from crawler.judge.fixes import (
    MAX_PAGES,
    Fix,
    FixCode,
    Found,
    IncidentFix,
    MachineReadableDates,
    MakeReachable,
    PublishNews,
    PublishPpid,
    RepeatedDate,
    StopDateBumping,
    UnblockMonitor,
    fixes,
)
from crawler.judge.incidents import Incident, IncidentKind
from crawler.model import (
    Category,
    Confidence,
    Evidence,
    FailureKind,
    Fetch,
    Flag,
    PageRole,
    PpidDocument,
    PpidPage,
    PpidResult,
    PpidStatus,
    SiteObservation,
    SiteResult,
    Source,
    SpamPage,
    Status,
)
from reports.wording import FAILURE, FIX_REACHABLE, Words

AS_OF = date(2026, 11, 28)
SITE = "https://disdik.example.go.id"
HOME = Fetch(f"{SITE}/", PageRole.HOMEPAGE, 200)
ROBOTS = Fetch(f"{SITE}/robots.txt", PageRole.ROBOTS, 200)
FEED = Fetch(f"{SITE}/feed", PageRole.FEED, 200)
SITEMAP = Fetch(f"{SITE}/sitemap.xml", PageRole.SITEMAP, 200)
CURRENT_PPID = PpidResult(PpidStatus.CURRENT, section_url=f"{SITE}/ppid")


def _day(days_ago: int) -> date:
    return AS_OF - timedelta(days=days_ago)


def _news(n: int, days_ago: int = 3) -> tuple[Evidence, ...]:
    """`n` items dated by the feed and the sitemap, as a site with both publishes them."""
    items = []
    for i in range(n):
        url = f"{SITE}/berita/{i}"
        items.append(Evidence(Source.FEED, url, _day(days_ago + i), f"Berita {i}", FEED.url))
        items.append(Evidence(Source.SITEMAP, url, _day(days_ago + i), "", SITEMAP.url, True))
    return tuple(items)


def _observation(
    fetches: tuple[Fetch, ...] = (ROBOTS, HOME, FEED, SITEMAP),
    evidence: tuple[Evidence, ...] | None = None,
    spam: tuple[SpamPage, ...] = (),
    ppid_pages: tuple[PpidPage, ...] = (),
) -> SiteObservation:
    found = _news(3) if evidence is None else evidence
    return SiteObservation("disdik", fetches, found, spam=spam, ppid_pages=ppid_pages)


def _result(
    status: Status = Status.FRESH,
    days: int | None = 3,
    flags: tuple[str, ...] = (),
    ppid: PpidResult | None = CURRENT_PPID,
) -> SiteResult:
    if days is None:
        return SiteResult("disdik", status, flags=flags, ppid=ppid)
    evidence = Evidence(Source.FEED, f"{SITE}/berita/0", _day(days), "Berita 0", FEED.url)
    return SiteResult(
        "disdik", status, _day(days), days, Confidence.HIGH, evidence, 80, flags, ppid=ppid
    )


def _codes(found: tuple[Fix, ...]) -> list[FixCode]:
    return [f.code for f in found]


# -- nothing to do ----------------------------------------------------------------------------


def test_a_fresh_clean_site_has_nothing_to_do():
    assert fixes(_result(), _observation(), AS_OF) == ()


def test_a_fresh_site_with_a_dated_sitemap_and_no_feed_has_nothing_to_do():
    evidence = tuple(e for e in _news(3) if e.source is Source.SITEMAP)
    assert fixes(_result(), _observation((ROBOTS, HOME, SITEMAP), evidence), AS_OF) == ()


def test_an_external_ppid_portal_is_nothing_for_the_agency_to_do():
    external = PpidResult(PpidStatus.EXTERNAL, section_url="https://ppid.example.go.id/")
    assert fixes(_result(ppid=external), _observation(), AS_OF) == ()


# -- incidents --------------------------------------------------------------------------------


def test_a_defaced_site_cleans_up_first_naming_the_spam_pages():
    spam = tuple(
        SpamPage(f"{SITE}/slot-gacor-{i}", 9.0 - i, True, "title", "slot gacor maxwin")
        for i in range(5)
    )
    observation = _observation(spam=spam)
    result = _result(Status.ABANDONED, 300, flags=(Flag.GAMBLING_SPAM,))
    found = fixes(result, observation, AS_OF)
    assert _codes(found) == [FixCode.CLEAN_DEFACEMENT, FixCode.PUBLISH_NEWS]
    first = found[0]
    assert isinstance(first, IncidentFix)
    assert first.incident.kind is IncidentKind.DEFACEMENT
    assert first.pages == tuple(f"{SITE}/slot-gacor-{i}" for i in range(MAX_PAGES))


def test_a_parked_domain_is_the_only_item_of_its_unreachable_site():
    parked = Fetch(f"{SITE}/", PageRole.HOMEPAGE, 200, FailureKind.PARKED, "for sale")
    result = _result(Status.UNREACHABLE, None, flags=(Flag.PARKED_DOMAIN,), ppid=None)
    found = fixes(result, _observation((ROBOTS, parked), ()), AS_OF)
    assert _codes(found) == [FixCode.RECLAIM_DOMAIN]  # no "make it reachable" besides


def test_an_offsite_redirect_names_its_target():
    moved = Fetch(
        f"{SITE}/", PageRole.HOMEPAGE, 302, FailureKind.OFFSITE, "redirects to https://x.com/"
    )
    result = _result(Status.UNREACHABLE, None, flags=(Flag.REDIRECTS_OFFSITE,), ppid=None)
    found = fixes(result, _observation((ROBOTS, moved), ()), AS_OF)
    assert _codes(found) == [FixCode.STOP_REDIRECT]
    assert isinstance(found[0], IncidentFix) and found[0].incident.seen == "https://x.com/"


def test_a_certificate_warning_comes_before_the_content_items():
    warned = Fetch(f"{SITE}/", PageRole.HOMEPAGE, 200, tls="certificate expired on 2026-10-07")
    result = _result(Status.STALE, 100, flags=(Flag.TLS_ERROR,))
    found = fixes(result, _observation((ROBOTS, warned, FEED, SITEMAP)), AS_OF)
    assert _codes(found) == [FixCode.RENEW_CERTIFICATE, FixCode.PUBLISH_NEWS]
    first = found[0]
    assert isinstance(first, IncidentFix)
    assert first.incident.seen == "certificate expired on 2026-10-07"


# -- unreachable ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fetches", "failure", "status", "url"),
    [
        (
            (Fetch(f"{SITE}/robots.txt", PageRole.ROBOTS, error=FailureKind.DNS),),
            FailureKind.DNS, None, f"{SITE}/robots.txt",
        ),
        (
            (ROBOTS, Fetch(f"{SITE}/", PageRole.HOMEPAGE, 500, FailureKind.HTTP_5XX)),
            FailureKind.HTTP_5XX, 500, f"{SITE}/",
        ),
        (  # a failed handshake: no certificate was judged, so no incident, but the cause
            (ROBOTS, Fetch(f"{SITE}/", PageRole.HOMEPAGE, error=FailureKind.TLS)),
            FailureKind.TLS, None, f"{SITE}/",
        ),
        ((ROBOTS, Fetch(f"{SITE}/", PageRole.HOMEPAGE, 204)), None, 204, f"{SITE}/"),
        ((), None, None, ""),
    ],
)  # fmt: skip
def test_an_unreachable_site_is_made_reachable_and_nothing_else(fetches, failure, status, url):
    flags = (Flag.TLS_ERROR,) if failure is FailureKind.TLS else ()
    result = _result(Status.UNREACHABLE, None, flags=flags, ppid=PpidResult(PpidStatus.UNKNOWN))
    found = fixes(result, _observation(fetches, ()), AS_OF)
    assert found == (MakeReachable(failure, status, url),)


# -- robots.txt -------------------------------------------------------------------------------


def test_a_robots_disallowed_site_is_asked_to_unblock_the_monitor_only():
    blocked = Fetch(f"{SITE}/", PageRole.HOMEPAGE, error=FailureKind.ROBOTS)
    unread = PpidResult(PpidStatus.UNKNOWN)
    result = _result(Status.UNDATED, None, (Flag.ROBOTS_DISALLOWED,), unread)
    found = fixes(result, _observation((ROBOTS, blocked), ()), AS_OF)
    assert found == (UnblockMonitor(ROBOTS.url),)  # no feed, no sitemap: nothing was read


# -- news -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.AGING, Status.STALE, Status.ABANDONED])
def test_old_news_asks_for_news_saying_how_old(status):
    found = fixes(_result(status, 120), _observation(), AS_OF)
    assert found == (PublishNews(120, _day(120), f"{SITE}/berita/0"),)


def test_old_news_dated_only_by_a_change_says_no_publication_date_was_found():
    """A site dated by a modification stamp (a lastmod, a page's "last updated" line) is not
    told its news was published that day."""
    stamp = Evidence(Source.ARTICLE, f"{SITE}/tentang", _day(120), "Stand", modified=True)
    result = replace(_result(Status.STALE, 120), evidence=stamp)
    (found,) = fixes(result, _observation(), AS_OF)
    assert found == PublishNews(120, _day(120), f"{SITE}/tentang", modified=True)
    assert "we found no publication date" in Words("en").fix(found)
    assert "kami tidak menemukan tanggal terbit" in Words("id").fix(found)
    assert "was published" not in Words("en").fix(found)


# -- PPID -------------------------------------------------------------------------------------


def test_a_missing_ppid_section_is_named():
    found = fixes(_result(ppid=PpidResult(PpidStatus.MISSING)), _observation(), AS_OF)
    assert found == (PublishPpid(PpidStatus.MISSING, None, "", unread=False),)


def test_outdated_periodic_information_names_the_newest_document():
    newest = PpidDocument(
        "Laporan Keuangan Semester I 2025", f"{SITE}/lk-2025.pdf", Category.REPORT, 2025,
        None, date(2025, 7, 1), f"{SITE}/ppid",
    )  # fmt: skip
    ppid = PpidResult(PpidStatus.OUTDATED, f"{SITE}/ppid", newest, documents=4)
    pages = (PpidPage(f"{SITE}/ppid", "berkala", onsite=True, fetched=True),)
    found = fixes(_result(ppid=ppid), _observation(ppid_pages=pages), AS_OF)
    assert found == (PublishPpid(PpidStatus.OUTDATED, newest, f"{SITE}/ppid", unread=False),)
    assert found[0].pages == (f"{SITE}/lk-2025.pdf",)
    text = Words("en").fix(found[0])
    assert "Laporan Keuangan Semester I 2025" in text and "1 July 2025" in text


def test_a_ppid_section_that_could_not_be_read_says_so():
    ppid = PpidResult(PpidStatus.OUTDATED, f"{SITE}/ppid")
    pages = (PpidPage(f"{SITE}/ppid", "berkala", onsite=True, fetched=False),)
    found = fixes(_result(ppid=ppid), _observation(ppid_pages=pages), AS_OF)
    assert found == (PublishPpid(PpidStatus.OUTDATED, None, f"{SITE}/ppid", unread=True),)


# -- machine-readable dates -------------------------------------------------------------------


def _listing_only(articles: int, dated: int) -> SiteObservation:
    """A site dated by its listing page: article pages, `dated` of them with a date."""
    pages = tuple(Fetch(f"{SITE}/berita/{i}", PageRole.ARTICLE, 200) for i in range(articles))
    evidence = [Evidence(Source.LISTING, f"{SITE}/berita/{i}", _day(3 + i)) for i in range(3)]
    evidence += [Evidence(Source.ARTICLE, f"{SITE}/berita/{i}", _day(3 + i)) for i in range(dated)]
    return _observation((ROBOTS, HOME, *pages), tuple(evidence))


def test_no_feed_and_no_sitemap_asks_for_machine_readable_dates():
    found = fixes(_result(), _listing_only(articles=4, dated=4), AS_OF)
    assert found == (MachineReadableDates(Found.ABSENT, "", Found.ABSENT, "", (), 4),)
    assert "no RSS/Atom feed; no sitemap" in Words("en").fix(found[0])


def test_a_sitemap_that_gave_no_dates_is_named_with_its_address():
    observation = _listing_only(articles=4, dated=4)
    observation = _observation((*observation.fetches, SITEMAP), observation.evidence)
    (found,) = fixes(_result(), observation, AS_OF)
    assert isinstance(found, MachineReadableDates)
    assert (found.sitemap, found.sitemap_url) == (Found.EMPTY, SITEMAP.url)
    assert found.pages == (SITEMAP.url,)


def test_article_pages_without_dates_are_named_when_most_have_none():
    (found,) = fixes(_result(), _listing_only(articles=4, dated=1), AS_OF)
    assert isinstance(found, MachineReadableDates)
    assert found.undated_articles == tuple(f"{SITE}/berita/{i}" for i in (1, 2, 3))
    assert "3 of 4 article pages without a publication date" in Words("en").fix(found)
    # One undated page of four (an "about us" page followed as an article) is no pattern.
    (few,) = fixes(_result(), _listing_only(articles=4, dated=3), AS_OF)
    assert isinstance(few, MachineReadableDates) and few.undated_articles == ()


def test_an_undated_site_with_a_feed_and_no_sitemap_is_asked_for_dates():
    result = _result(Status.UNDATED, None)
    found = fixes(result, _observation((ROBOTS, HOME, FEED), ()), AS_OF)
    assert found == (MachineReadableDates(Found.EMPTY, FEED.url, Found.ABSENT, "", (), 0),)


# -- template dates ---------------------------------------------------------------------------


def test_one_date_on_many_article_pages_is_template_bumping():
    template = _day(10)
    evidence = _news(3) + tuple(
        Evidence(Source.ARTICLE, f"{SITE}/halaman/{i}", template) for i in range(4)
    )
    found = fixes(_result(), _observation(evidence=evidence), AS_OF)
    assert _codes(found) == [FixCode.STOP_DATE_BUMPING]
    bumping = found[0]
    assert isinstance(bumping, StopDateBumping)
    assert bumping.repeated == (RepeatedDate(template, 4),) and bumping.stamped == 0
    assert len(bumping.pages) == MAX_PAGES
    assert f"{Words('en').date(template)} is printed as the publication date of 4" in (
        Words("en").fix(bumping)
    )


def test_modification_stamps_of_the_crawl_day_on_every_item_are_template_bumping():
    stamped = tuple(
        Evidence(Source.FEED, f"{SITE}/berita/{i}", AS_OF, "", FEED.url, modified=True)
        for i in range(4)
    )
    (found,) = fixes(_result(), _observation(evidence=_news(4) + stamped), AS_OF)
    assert isinstance(found, StopDateBumping) and found.stamped == 4
    # Edits of today on some items, beside older stamps, are edits.
    edited = stamped + tuple(
        Evidence(Source.FEED, f"{SITE}/lama/{i}", _day(40 + i), "", FEED.url, modified=True)
        for i in range(4)
    )
    assert fixes(_result(), _observation(evidence=_news(4) + edited), AS_OF) == ()


# -- order and wording ------------------------------------------------------------------------


def test_items_come_most_urgent_first():
    warned = Fetch(f"{SITE}/", PageRole.HOMEPAGE, 200, tls="self-signed certificate")
    observation = _listing_only(articles=4, dated=4)
    observation = _observation((ROBOTS, warned, *observation.fetches[2:]), observation.evidence)
    result = _result(Status.STALE, 120, (Flag.TLS_ERROR,), PpidResult(PpidStatus.MISSING))
    assert _codes(fixes(result, observation, AS_OF)) == [
        FixCode.RENEW_CERTIFICATE,
        FixCode.PUBLISH_NEWS,
        FixCode.PUBLISH_PPID,
        FixCode.MACHINE_READABLE_DATES,
    ]


def test_without_an_observation_only_the_verdict_speaks():
    result = _result(Status.STALE, 120, ppid=PpidResult(PpidStatus.OUTDATED, f"{SITE}/ppid"))
    assert _codes(fixes(result, None, AS_OF)) == [FixCode.PUBLISH_NEWS, FixCode.PUBLISH_PPID]


EVERY_ITEM: list[Fix] = [
    IncidentFix(Incident(IncidentKind.DEFACEMENT, "slot gacor", (f"{SITE}/slot",))),
    IncidentFix(Incident(IncidentKind.PARKED_DOMAIN, "for sale", (f"{SITE}/",))),
    IncidentFix(Incident(IncidentKind.TLS, "self-signed certificate", (f"{SITE}/",))),
    IncidentFix(Incident(IncidentKind.REDIRECT_OFFSITE, "", (f"{SITE}/",))),
    MakeReachable(FailureKind.TIMEOUT, None, f"{SITE}/"),
    MakeReachable(None, None, ""),
    UnblockMonitor(f"{SITE}/robots.txt"),
    PublishNews(45, _day(45), f"{SITE}/berita/1"),
    PublishPpid(PpidStatus.MISSING, None, "", unread=False),
    PublishPpid(PpidStatus.OUTDATED, None, f"{SITE}/ppid", unread=True),
    PublishPpid(PpidStatus.OUTDATED, None, f"{SITE}/ppid", unread=False),
    MachineReadableDates(Found.EMPTY, FEED.url, Found.EMPTY, SITEMAP.url, (f"{SITE}/b/1",), 2),
    StopDateBumping((RepeatedDate(_day(5), 3),), 4, (f"{SITE}/b/1",)),
]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_item_has_a_whole_sentence_in_both_languages(lang):
    w = Words(lang)
    sentences = [w.fix(item) for item in EVERY_ITEM]
    assert all(s and s.endswith(".") and "{" not in s for s in sentences), sentences
    assert len(set(sentences)) == len(sentences)
    assert "45" in w.fix(EVERY_ITEM[7])  # the news' age is said
    assert w.fix(EVERY_ITEM[3]) == w["incident_advice_redirect-offsite"]  # the incident's own


def test_every_failure_has_a_way_to_reach_the_site_in_both_languages():
    for lang in ("id", "en"):
        assert set(FIX_REACHABLE[lang]) == set(FailureKind) == set(FAILURE[lang])
