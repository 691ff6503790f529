"""From a site's observations to its verdict: last update, confidence, status, score.

Pure: the day of the verdict (`as_of`) is a parameter, so an old crawl can be
re-scored under new rules. The guiding rule is that calling a stale site fresh is
the worst error: each item is dated by its most trustworthy source, modification
stamps never outrank publication dates, and weak evidence lowers the confidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from crawler.judge.ppid import ppid_flags, ppid_result
from crawler.judge.spam import SiteSpam, site_spam
from crawler.model import (
    NETWORK_FAILURES,
    Confidence,
    Evidence,
    FailureKind,
    Fetch,
    Flag,
    PageRole,
    PpidResult,
    PpidStatus,
    SiteObservation,
    SiteResult,
    Source,
    Status,
    Thresholds,
    is_plausible,
)
from crawler.spamwords import spam_title, spam_url
from crawler.urls import item_key, same_site

#: Which source dates an item when several disagree: the item's own machine-readable
#: record first, the page itself next, then what other pages say about it.
SOURCE_RANK: dict[Source, int] = {
    Source.WP_API: 0,
    Source.FEED: 1,
    Source.ARTICLE: 2,
    Source.URL: 3,
    Source.LISTING: 4,
    Source.SITEMAP: 5,
    Source.HTTP_HEADER: 6,
}

#: Sources that say when something was published (as opposed to touched).
PUBLICATION_SOURCES = frozenset(
    {Source.WP_API, Source.FEED, Source.ARTICLE, Source.URL, Source.LISTING}
)

#: Sources that list many items at once, so they can count recent publications.
COUNTING_SOURCES = frozenset({Source.WP_API, Source.FEED, Source.LISTING, Source.SITEMAP})

#: How many article pages must share one unconfirmed date for it to be a template's.
TEMPLATE_PAGES = 3

#: Evidence found in a feed of comments (WordPress, Blogger) says when someone commented.
COMMENT_FEED = re.compile(r"/comments/feed|/feeds/comments/|[?&]feed=comments", re.IGNORECASE)

#: A newest date this much newer than everything else, resting on one weak item,
#: is suspect (a misread widget, a mis-dated import): kept, but at low confidence.
OUTLIER_GAP_DAYS = 60


@dataclass(frozen=True, slots=True)
class DatedItem:
    """One content item with the date its best source gives it."""

    url: str
    date: date
    best: Evidence
    sources: frozenset[Source]
    #: Publication sources that put the item on (about) its date: corroboration. A
    #: bumped dateModified or a listing that gives another day confirms nothing.
    agreeing: frozenset[Source] = frozenset()
    #: Known only from a sitemap: OpenSID and others list unpublished and scheduled
    #: articles there, so such an item is not proof that anything was published.
    sitemap_only: bool = False

    @property
    def published(self) -> bool:
        return is_publication(self.best) and not self.sitemap_only


def estimate(
    observation: SiteObservation, site_url: str, as_of: date, thresholds: Thresholds
) -> SiteResult:
    """The verdict on one site as of `as_of`, with the PPID verdict beside it."""
    flags = site_flags(observation.fetches)
    homepage = homepage_fetch(observation.fetches)
    if homepage is None or homepage.error is FailureKind.OFFSITE or not _reached(homepage):
        unread = PpidResult(PpidStatus.UNKNOWN)
        if homepage is not None and homepage.error is FailureKind.ROBOTS:
            return SiteResult(
                observation.agency_id,
                Status.UNDATED,
                flags=flags,
                reason="robots.txt forbids fetching the homepage",
                ppid=unread,
            )
        return SiteResult(
            observation.agency_id,
            Status.UNREACHABLE,
            flags=flags,
            reason=_failure_reason(observation.fetches),
            ppid=unread,
        )
    ppid = ppid_result(observation.ppid_pages, observation.ppid_documents, as_of)
    flags = tuple(sorted({*flags, *ppid_flags(ppid)}))

    spam = site_spam(observation.spam)
    if spam.compromised:
        flags = tuple(sorted({*flags, Flag.GAMBLING_SPAM}))
    sitemaps = {f.url for f in observation.fetches if f.role is PageRole.SITEMAP}
    items = dated_items(credible(observation.evidence, spam), site_url, as_of, sitemaps)
    published = [i for i in items if i.published]
    # Modification stamps (sitemap lastmod, dateModified) only speak when nothing else does.
    candidates = published or items
    if not candidates:
        return SiteResult(
            observation.agency_id,
            Status.UNDATED,
            flags=flags,
            reason="reachable, but no credible content date found",
            ppid=ppid,
        )
    candidates.sort(key=lambda i: (i.date, -SOURCE_RANK[i.best.source]), reverse=True)
    newest = candidates[0]
    days = (as_of - newest.date).days
    status = status_for(days, thresholds)
    confidence = confidence_for(newest, candidates, bool(published))
    return SiteResult(
        agency_id=observation.agency_id,
        status=status,
        last_updated=newest.date,
        days_since_update=days,
        confidence=confidence,
        evidence=newest.best,
        score=score_for(days, thresholds, confidence),
        flags=flags,
        items_30d=_count_since(items, as_of, 30, observation.evidence),
        items_90d=_count_since(items, as_of, 90, observation.evidence),
        reason=f"newest item {newest.date.isoformat()} from {newest.best.source} ({newest.url})",
        ppid=ppid,
    )


def never_answered(observation: SiteObservation) -> bool:
    """No fetch of the site got any HTTP answer, and at least one failed at the network level."""
    fetches = observation.fetches
    return all(f.status is None for f in fetches) and any(
        f.error in NETWORK_FAILURES for f in fetches
    )


def network_down(
    observations: Iterable[SiteObservation], *, share: float = 0.9, minimum: int = 3
) -> bool:
    """True when (nearly) every site failed at the network level: our network, not theirs.

    `observations` are read once, one at a time (a stream from the store keeps memory flat)."""
    sites = down = 0
    for observation in observations:
        sites += 1
        down += never_answered(observation)
    if sites < minimum:
        return False  # one or two dead sites are just dead sites
    return down >= share * sites


def homepage_fetch(fetches: Iterable[Fetch]) -> Fetch | None:
    """The homepage attempt that counts: the last one (a retry later in the run wins)."""
    found = None
    for fetch in fetches:
        if fetch.role is PageRole.HOMEPAGE:
            found = fetch
    return found


def _reached(fetch: Fetch) -> bool:
    return fetch.ok


def unreachable_cause(fetches: Iterable[Fetch]) -> Fetch | None:
    """The failed request that made an unreachable site so: the homepage's last attempt, or,
    when the homepage was never asked for (the spider skips it when robots.txt got no answer
    at all), robots.txt's last failure. None when the homepage answered with no page (an
    HTTP status outside 2xx that is no failure), or when nothing failed at all.

    Decided here only: the estimate's reason and the report's sentence both come from it.
    """
    fetches = list(fetches)
    homepage = homepage_fetch(fetches)
    if homepage is not None:
        return homepage if homepage.error else None
    robots = [f for f in fetches if f.role is PageRole.ROBOTS and f.error]
    return robots[-1] if robots else None


def _failure_reason(fetches: Iterable[Fetch]) -> str:
    fetches = list(fetches)
    homepage, cause = homepage_fetch(fetches), unreachable_cause(fetches)
    if homepage is None:
        if cause is not None:
            return f"host did not answer: {cause.error} ({cause.detail})"
        return "homepage was never fetched"
    if cause is not None:
        return f"homepage failed: {cause.error}" + (f" ({cause.detail})" if cause.detail else "")
    return f"homepage answered HTTP {homepage.status}"


def site_flags(fetches: Iterable[Fetch]) -> tuple[str, ...]:
    fetches = list(fetches)
    flags: set[str] = set()
    homepage = homepage_fetch(fetches)
    # The spider asks for robots.txt a second time only in its late retry of a site that
    # never answered; if the homepage then answered, the first failure was a passing one.
    retried = sum(1 for f in fetches if f.role is PageRole.ROBOTS) > 1
    if retried and homepage is not None and homepage.ok:
        flags.add(Flag.FLAKY)
    for fetch in fetches:
        if fetch.role is PageRole.HOMEPAGE and fetch.error is FailureKind.OFFSITE:
            flags.add(Flag.REDIRECTS_OFFSITE)
        if fetch.role is PageRole.HOMEPAGE and fetch.error is FailureKind.ROBOTS:
            flags.add(Flag.ROBOTS_DISALLOWED)
        if fetch.role is PageRole.HOMEPAGE and fetch.error is FailureKind.PARKED:
            flags.add(Flag.PARKED_DOMAIN)
        if fetch.error is FailureKind.TLS or fetch.tls:
            flags.add(Flag.TLS_ERROR)
    return tuple(sorted(flags))


def dated_items(
    evidence: Iterable[Evidence], site_url: str, as_of: date, sitemaps: set[str] | None = None
) -> list[DatedItem]:
    """Group credible evidence by item and date each item by its most trustworthy source.

    `sitemaps` are the sitemap documents fetched, to tell items known only from them.
    """
    sitemaps = sitemaps or set()
    by_url: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        if not is_plausible(e.date, as_of) or not same_site(e.url, site_url):
            continue
        if COMMENT_FEED.search(e.found_on):
            continue  # a new comment on an old post is not new content
        by_url[item_key(e.url)].append(e)
    for key, day in template_dates(by_url):
        by_url[key] = [e for e in by_url[key] if not (e.source is Source.ARTICLE and e.date == day)]
    items = []
    for group in filter(None, by_url.values()):  # a group may be empty after templates
        # Publication before modification, then by trust; ties go to the older date.
        best = min(group, key=lambda e: (e.modified, SOURCE_RANK[e.source], e.date))
        if best.source is Source.HTTP_HEADER:
            continue  # "usually just now": never evidence on its own
        sitemap_only = all(e.source is Source.SITEMAP or e.found_on in sitemaps for e in group)
        agreeing = frozenset(
            e.source for e in group if is_publication(e) and abs((e.date - best.date).days) <= 1
        )
        sources = frozenset(e.source for e in group)
        items.append(
            DatedItem(
                best.url, best.date, best, sources, agreeing=agreeing, sitemap_only=sitemap_only
            )
        )
    return items


def template_dates(by_item: dict[str, list[Evidence]]) -> list[tuple[str, date]]:
    """(item, date) pairs where an article page's own date is the site's template, not its.

    One date printed on three or more different article pages, which no other source
    confirms for any of them, is a cached header or a theme's fixed date: a dated link list
    or feed would agree with at least one of them if they really were published that day.
    Publication dates and "last updated" lines are counted apart: three pages "updated"
    the same day are a template's stamp, however many were published that day.
    """
    pages_by_day: dict[tuple[date, bool], list[str]] = defaultdict(list)
    for key, group in by_item.items():
        for day, kind in {(e.date, e.modified) for e in group if e.source is Source.ARTICLE}:
            pages_by_day[(day, kind)].append(key)
    template = []
    for (day, _), keys in pages_by_day.items():
        if len(keys) < TEMPLATE_PAGES:
            continue
        confirmed = any(
            e.date == day
            for key in keys
            for e in by_item[key]
            if e.source is not Source.ARTICLE and is_publication(e)
        )
        if not confirmed:
            template += [(key, day) for key in keys]
    return template


def credible(evidence: Iterable[Evidence], spam: SiteSpam) -> list[Evidence]:
    """Evidence that is not the defacers': no date from, or listed on, a page whose own
    content is spam (`SiteSpam.spam_urls`: a genuine post under a template that carries an
    injected link farm still counts), and on a compromised site no item whose title or URL is
    in the gambling trade's words (the defacers post more than the crawl can open)."""
    if not spam.compromised:
        return list(evidence)
    spam_keys = {item_key(url) for url in spam.spam_urls}
    return [
        e
        for e in evidence
        if item_key(e.url) not in spam_keys
        and item_key(e.found_on or e.url) not in spam_keys
        and not spam_title(e.snippet)
        and not spam_url(e.url)
    ]


def is_publication(e: Evidence) -> bool:
    return e.source in PUBLICATION_SOURCES and not e.modified


def confidence_for(newest: DatedItem, candidates: list[DatedItem], published: bool) -> Confidence:
    if not published:
        return Confidence.LOW
    # Sources that put something on (about) the same day: independent corroboration.
    near = {s for i in candidates if abs((i.date - newest.date).days) <= 2 for s in i.agreeing}
    runner_up = candidates[1].date if len(candidates) > 1 else None
    lonely = runner_up is None or (newest.date - runner_up) > timedelta(days=OUTLIER_GAP_DAYS)
    if lonely and len(newest.agreeing) <= 1 and newest.best.source in (Source.LISTING, Source.URL):
        return Confidence.LOW
    if len(near) >= 2:
        return Confidence.HIGH
    if newest.best.source in (Source.WP_API, Source.FEED, Source.ARTICLE):
        return Confidence.MEDIUM
    return Confidence.MEDIUM if not lonely else Confidence.LOW


def status_for(days: int, thresholds: Thresholds) -> Status:
    if days <= thresholds.fresh_days:
        return Status.FRESH
    if days <= thresholds.aging_days:
        return Status.AGING
    if days <= thresholds.stale_days:
        return Status.STALE
    return Status.ABANDONED


#: Score at each threshold; linear in between, reaching 0 at twice the stale threshold.
_SCORE_POINTS = ((0, 100.0), ("fresh", 85.0), ("aging", 60.0), ("stale", 30.0), ("end", 0.0))
_CONFIDENCE_PENALTY = {Confidence.HIGH: 0, Confidence.MEDIUM: 5, Confidence.LOW: 15}


def score_for(days: int, thresholds: Thresholds, confidence: Confidence) -> int:
    """0–100, higher is better: falls with age, and with doubt about the date."""
    xs = {
        0: 0,
        "fresh": thresholds.fresh_days,
        "aging": thresholds.aging_days,
        "stale": thresholds.stale_days,
        "end": thresholds.stale_days * 2,
    }
    points = [(xs[k], v) for k, v in _SCORE_POINTS]
    value = 0.0
    for (x0, y0), (x1, y1) in pairwise(points):
        if days <= x1:
            value = y0 + (y1 - y0) * (max(days, x0) - x0) / max(x1 - x0, 1)
            break
    return max(0, round(value) - _CONFIDENCE_PENALTY[confidence])


def _count_since(
    items: list[DatedItem], as_of: date, days: int, evidence: Iterable[Evidence]
) -> int | None:
    """Distinct items published in the last `days` days, if any source lists items."""
    if not any(e.source in COUNTING_SOURCES for e in evidence):
        return None
    since = as_of - timedelta(days=days)
    return sum(1 for i in items if i.published and i.date > since)
