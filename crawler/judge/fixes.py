"""What an agency should do about its site, most urgent first: the fix list of its page.

From the stored verdict (`SiteResult`: status, days, flags, PPID verdict) and the run's
observations (fetches, evidence), only the items that apply, each as a typed record of the
facts its sentence needs (the words are the report's, `reports/wording.py`):

1. an incident, first (`IncidentFix`: defacement, parked domain, bad certificate, off-site
   redirect; found by `crawler.judge.incidents`);
2. an unreachable site: make it reachable, with the cause (`MakeReachable`);
3. robots.txt forbids the monitor the whole site (`UnblockMonitor`);
4. the newest news is old (`PublishNews`);
5. the PPID's periodic information is missing or outdated (`PublishPpid`);
6. no machine-readable date: no feed, no sitemap, article pages without dates
   (`MachineReadableDates`);
7. template dates: one date printed on many pages, modification stamps of the crawl day on
   (nearly) every page (`StopDateBumping`).

A site that could not be read gets only the first three: nothing else can be known of it. A
fresh site with nothing wrong gets an empty list. Pure: the day of the verdict is a parameter.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar

from crawler.judge.estimate import (
    COMMENT_FEED,
    TEMPLATE_PAGES,
    homepage_fetch,
    template_dates,
    unreachable_cause,
)
from crawler.judge.incidents import Incident, IncidentKind, incidents
from crawler.model import (
    Evidence,
    FailureKind,
    Fetch,
    Flag,
    PageRole,
    PpidDocument,
    PpidStatus,
    SiteObservation,
    SiteResult,
    Source,
    Status,
    is_plausible,
)
from crawler.urls import item_key

#: Pages named under one item: enough to find the problem, short enough to read on a phone.
MAX_PAGES = 3

#: Modification stamps of the crawl day on this share of the stamped items are a template's
#: "now", not edits (the share the sitemap reader uses to call a sitemap generated).
STAMP_SHARE = 0.9

#: Sources that give machine-readable dates for many items at once.
FEED_SOURCES = frozenset({Source.FEED, Source.WP_API})


class FixCode(StrEnum):
    """One kind of item, in the order of urgency (the list is sorted by it)."""

    CLEAN_DEFACEMENT = "clean-defacement"
    RECLAIM_DOMAIN = "reclaim-domain"
    RENEW_CERTIFICATE = "renew-certificate"
    STOP_REDIRECT = "stop-redirect"
    MAKE_REACHABLE = "make-reachable"
    UNBLOCK_MONITOR = "unblock-monitor"
    PUBLISH_NEWS = "publish-news"
    PUBLISH_PPID = "publish-ppid"
    MACHINE_READABLE_DATES = "machine-readable-dates"
    STOP_DATE_BUMPING = "stop-date-bumping"


_INCIDENT_CODE = {
    IncidentKind.DEFACEMENT: FixCode.CLEAN_DEFACEMENT,
    IncidentKind.PARKED_DOMAIN: FixCode.RECLAIM_DOMAIN,
    IncidentKind.TLS: FixCode.RENEW_CERTIFICATE,
    IncidentKind.REDIRECT_OFFSITE: FixCode.STOP_REDIRECT,
}
_URGENCY = {code: rank for rank, code in enumerate(FixCode)}


@dataclass(frozen=True, slots=True)
class IncidentFix:
    """Deal with an incident: what was seen and where (`crawler.judge.incidents`)."""

    incident: Incident

    @property
    def code(self) -> FixCode:
        return _INCIDENT_CODE[self.incident.kind]

    @property
    def pages(self) -> tuple[str, ...]:
        return self.incident.pages[:MAX_PAGES]


@dataclass(frozen=True, slots=True)
class MakeReachable:
    """The site could not be opened: the request that failed, as the estimate decided it."""

    code: ClassVar[FixCode] = FixCode.MAKE_REACHABLE
    failure: FailureKind | None  # None: the homepage answered with no page, or nothing failed
    http_status: int | None
    url: str  # the request that failed ("" when none did)

    @property
    def pages(self) -> tuple[str, ...]:
        return (self.url,) if self.url else ()


@dataclass(frozen=True, slots=True)
class UnblockMonitor:
    """robots.txt forbids the monitor the homepage, so the site could not be read at all."""

    code: ClassVar[FixCode] = FixCode.UNBLOCK_MONITOR
    robots_url: str

    @property
    def pages(self) -> tuple[str, ...]:
        return (self.robots_url,) if self.robots_url else ()


@dataclass(frozen=True, slots=True)
class PublishNews:
    """The newest credible content is `days` old (the site is aging, stale or abandoned)."""

    code: ClassVar[FixCode] = FixCode.PUBLISH_NEWS
    days: int
    newest: date
    url: str  # the newest item
    #: No publication date was found: the newest is a change (a lastmod, a "last updated" line).
    modified: bool = False

    @property
    def pages(self) -> tuple[str, ...]:
        return (self.url,) if self.url else ()


@dataclass(frozen=True, slots=True)
class PublishPpid:
    """The public-information duty is not met: no PPID section, or nothing periodic lately."""

    code: ClassVar[FixCode] = FixCode.PUBLISH_PPID
    status: PpidStatus  # missing or outdated
    newest: PpidDocument | None  # the newest dated periodic document, when there is one
    section_url: str
    unread: bool  # the section is linked, but none of its pages could be read

    @property
    def pages(self) -> tuple[str, ...]:
        url = self.newest.url if self.newest is not None else self.section_url
        return (url,) if url else ()


class Found(StrEnum):
    """What the crawl got from one kind of machine-readable source."""

    DATED = "dated"  # it gave dates
    EMPTY = "empty"  # it was read and gave none (no lastmod, or only generated ones)
    ABSENT = "absent"  # none was found, or none answered


@dataclass(frozen=True, slots=True)
class MachineReadableDates:
    """Dates a program can read are missing: which sources were tried and gave nothing."""

    code: ClassVar[FixCode] = FixCode.MACHINE_READABLE_DATES
    feed: Found  # an RSS/Atom feed or the WordPress API
    feed_url: str  # the feed read, when EMPTY
    sitemap: Found
    sitemap_url: str  # the sitemap read, when EMPTY
    undated_articles: tuple[str, ...]  # article pages read that showed no date of their own
    articles: int  # article pages read

    @property
    def pages(self) -> tuple[str, ...]:
        """The feed and sitemap that gave no dates, then article pages that showed none."""
        read = tuple(url for url in (self.feed_url, self.sitemap_url) if url)
        return (read + self.undated_articles)[:MAX_PAGES]


@dataclass(frozen=True, slots=True)
class RepeatedDate:
    """One date printed as the publication date of `pages` different article pages."""

    date: date
    pages: int


@dataclass(frozen=True, slots=True)
class StopDateBumping:
    """The site's template stamps dates: the evidence the estimate set aside as such."""

    code: ClassVar[FixCode] = FixCode.STOP_DATE_BUMPING
    repeated: tuple[RepeatedDate, ...]  # template dates (`estimate.template_dates`), newest first
    stamped: int  # items whose modification stamp is the crawl day, when (nearly) all are
    examples: tuple[str, ...] = ()  # pages showing it

    @property
    def pages(self) -> tuple[str, ...]:
        return self.examples[:MAX_PAGES]


Fix = (
    IncidentFix
    | MakeReachable
    | UnblockMonitor
    | PublishNews
    | PublishPpid
    | MachineReadableDates
    | StopDateBumping
)

#: Statuses whose news is old enough to ask for more.
OLD_NEWS = frozenset({Status.AGING, Status.STALE, Status.ABANDONED})


def fixes(result: SiteResult, observation: SiteObservation | None, as_of: date) -> tuple[Fix, ...]:
    """The fix list of one verdict, most urgent first; empty when nothing needs doing.

    `observation` is the verdict's run's (None when there is none: only what the verdict
    itself says is listed); `as_of` the day of the verdict.
    """
    fetches = tuple(observation.fetches) if observation is not None else ()
    found: list[Fix] = [IncidentFix(i) for i in incidents(result, observation)]
    if result.status is Status.UNREACHABLE:
        if not _explained(found):
            found.append(_make_reachable(fetches))
    elif Flag.ROBOTS_DISALLOWED in result.flags:
        found.append(UnblockMonitor(_robots_url(fetches)))
    else:
        found += _content_fixes(result, observation, as_of)
    return tuple(sorted(found, key=lambda f: _URGENCY[f.code]))


def _explained(found: Sequence[Fix]) -> bool:
    """An incident that is itself why the site could not be opened: a parked domain or a
    redirect elsewhere. (A certificate warning is no reason: such pages are still read.)"""
    return any(f.code in (FixCode.RECLAIM_DOMAIN, FixCode.STOP_REDIRECT) for f in found)


def _make_reachable(fetches: Sequence[Fetch]) -> MakeReachable:
    cause = unreachable_cause(fetches)
    if cause is not None:
        return MakeReachable(cause.error, cause.status, cause.url)
    homepage = homepage_fetch(fetches)
    if homepage is not None:  # it answered, with no page (a status outside 2xx, no failure)
        return MakeReachable(None, homepage.status, homepage.url)
    return MakeReachable(None, None, "")


def _robots_url(fetches: Sequence[Fetch]) -> str:
    """The robots.txt read (the last attempt); "" when there is no observation of it."""
    robots = [f.url for f in fetches if f.role is PageRole.ROBOTS]
    return robots[-1] if robots else ""


def _content_fixes(
    result: SiteResult, observation: SiteObservation | None, as_of: date
) -> list[Fix]:
    """The items that need a site that was read; without its observation, only those the
    verdict itself tells."""
    found: list[Fix | None] = [_publish_news(result), _publish_ppid(result, observation)]
    if observation is not None:
        found += [_machine_readable(result, observation), _date_bumping(observation, as_of)]
    return [f for f in found if f is not None]


def _publish_news(result: SiteResult) -> PublishNews | None:
    if result.status not in OLD_NEWS:
        return None
    if result.days_since_update is None or result.last_updated is None:
        return None
    url = result.evidence.url if result.evidence is not None else ""
    modified = result.evidence is not None and result.evidence.modified
    return PublishNews(result.days_since_update, result.last_updated, url, modified)


def _publish_ppid(result: SiteResult, observation: SiteObservation | None) -> PublishPpid | None:
    ppid = result.ppid
    if ppid is None or ppid.status not in (PpidStatus.MISSING, PpidStatus.OUTDATED):
        return None
    newest = ppid.newest if ppid.newest is not None and ppid.newest.earliest else None
    unread = (
        ppid.status is PpidStatus.OUTDATED
        and observation is not None
        and not any(p.fetched for p in observation.ppid_pages)
    )
    return PublishPpid(ppid.status, newest, ppid.section_url, unread)


def _machine_readable(
    result: SiteResult, observation: SiteObservation
) -> MachineReadableDates | None:
    """Named when the site gave no machine-readable date at all (neither feed nor sitemap),
    when most of its article pages show no date, or when nothing dated it."""
    feed, feed_url = _found(observation, PageRole.FEED, FEED_SOURCES)
    sitemap, sitemap_url = _found(observation, PageRole.SITEMAP, frozenset({Source.SITEMAP}))
    articles = [f for f in observation.fetches if f.role is PageRole.ARTICLE and f.ok]
    dated = {item_key(e.url) for e in observation.evidence if e.source is Source.ARTICLE}
    undated = tuple(
        dict.fromkeys(
            f.url
            for f in articles
            if item_key(f.url) not in dated and item_key(f.final_url or f.url) not in dated
        )
    )
    mostly_undated = bool(undated) and 2 * len(undated) >= len(articles)
    if not (
        result.status is Status.UNDATED or Found.DATED not in (feed, sitemap) or mostly_undated
    ):
        return None
    named = undated if mostly_undated or result.status is Status.UNDATED else ()
    if feed is Found.DATED and sitemap is Found.DATED and not named:
        return None  # dated sources are there; why their dates did not count is `check`'s
    return MachineReadableDates(feed, feed_url, sitemap, sitemap_url, named, len(articles))


def _found(
    observation: SiteObservation, role: PageRole, sources: frozenset[Source]
) -> tuple[Found, str]:
    """Whether the sources of `role` gave dates; the URL of one read that gave none."""
    if any(s in sources for s in _sources(observation.evidence)):
        return Found.DATED, ""
    read = [
        f.url
        for f in observation.fetches
        if f.role is role and f.ok and not COMMENT_FEED.search(f.url)
    ]
    return (Found.EMPTY, read[0]) if read else (Found.ABSENT, "")


def _sources(evidence: Iterable[Evidence]) -> set[Source]:
    """The sources that dated something (a comment feed's dates are no content's)."""
    return {e.source for e in evidence if not COMMENT_FEED.search(e.found_on)}


def _date_bumping(observation: SiteObservation, as_of: date) -> StopDateBumping | None:
    by_item: dict[str, list[Evidence]] = defaultdict(list)
    for e in observation.evidence:
        if is_plausible(e.date, as_of):
            by_item[item_key(e.url)].append(e)
    pairs = template_dates(by_item)
    per_day = Counter(day for _, day in pairs)
    repeated = tuple(RepeatedDate(day, n) for day, n in sorted(per_day.items(), reverse=True))
    examples = [by_item[key][0].url for key, _ in pairs]
    stamped = _stamped_today(by_item, as_of)
    if not repeated and not stamped:
        return None
    if stamped:
        examples += [
            e.url for group in by_item.values() for e in group if _stamp_of_the_day(e, as_of)
        ]
    return StopDateBumping(repeated, stamped, tuple(dict.fromkeys(examples)))


def _stamped_today(by_item: dict[str, list[Evidence]], as_of: date) -> int:
    """Items whose modification stamp is the crawl day, when that is (nearly) every stamped
    item and at least as many as make a template date: a theme's "now", not edits."""
    stamped = [key for key, group in by_item.items() if any(e.modified for e in group)]
    today = [key for key in stamped if any(_stamp_of_the_day(e, as_of) for e in by_item[key])]
    if len(today) < TEMPLATE_PAGES or len(today) < STAMP_SHARE * len(stamped):
        return 0
    return len(today)


def _stamp_of_the_day(e: Evidence, as_of: date) -> bool:
    # Within a day: the stamping server may run in another time zone. A Last-Modified header
    # of "now" is what dynamic pages send; nothing for the agency to fix.
    return e.modified and e.source is not Source.HTTP_HEADER and abs((e.date - as_of).days) <= 1
