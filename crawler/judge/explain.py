"""What `freshness check` explains about one site, as data: no words, no layout.

The estimate gives the verdict; a person asking "why this verdict?" also needs what stands
around it, and all of it is worked out here, once:

- the dates found, page by page, with every source that dated each page (`DatedPage`);
- per kind of page, how many were fetched, how many failed, how many dates they gave
  (`RoleTally`); each request's own outcome is its `Fetch` (HTTP status, failure kind);
- the dates newer than the verdict's that did not count, and why: the estimate's reasons
  (`SetAside`, `set_aside`) and the page reader's (`SetAsideDate`, `newer_page_dates`);
- the PPID verdict's lines (`PpidSummary`);
- what the agency should do about it, most urgent first (`crawler.judge.fixes`).

`reports.check` lays a `Diagnosis` out as text, in either language, or as JSON. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from crawler.judge.estimate import credible, dated_items
from crawler.judge.fixes import Fix, fixes
from crawler.judge.spam import site_spam
from crawler.model import (
    Evidence,
    Fetch,
    PageRole,
    PpidDocument,
    PpidResult,
    PpidStatus,
    SetAsideDate,
    SiteObservation,
    SiteResult,
    Source,
    is_plausible,
)
from crawler.urls import item_key, same_site


class SetAside(StrEnum):
    """Why a date newer than the verdict's did not count."""

    IMPLAUSIBLE = "implausible"  # in the future, or before 1995
    OFFSITE = "offsite"
    HEADER_ONLY = "header-only"
    MODIFIED = "modified"  # a modification stamp where a publication date exists
    SITEMAP_ONLY = "sitemap-only"
    BETTER_SOURCE = "better-source"  # the item's more trustworthy source dates it older
    SPAM = "spam"  # from, or about, a page of a defaced site whose own content is gambling spam


@dataclass(frozen=True, slots=True)
class DatedPage:
    """One page that gave dates: its newest date and every source that dated it."""

    url: str
    newest: date
    #: Each source once, in the order of the page's dates (newest first), with its count.
    sources: tuple[tuple[Source, int], ...]
    snippet: str  # the first words found beside one of its dates, "" when none


@dataclass(frozen=True, slots=True)
class RoleTally:
    """What one kind of page gave: requests made, requests failed, dates found on them."""

    role: PageRole
    fetched: int
    failed: int
    dates: int


@dataclass(frozen=True, slots=True)
class PpidSummary:
    """The PPID verdict as `check` tells it: status, the section read, the newest document."""

    status: PpidStatus
    section_url: str
    #: The newest periodic document, when the earliest day it can have been published is known.
    newest: PpidDocument | None


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Everything `check` shows about one site."""

    url: str
    result: SiteResult
    observation: SiteObservation
    aside: Sequence[tuple[Evidence, SetAside]]  # evidence newer than the verdict, not counted
    page_dates: Sequence[SetAsideDate]  # dates on the pages that are no publication dates
    fixes: tuple[Fix, ...] = ()  # what to do, most urgent first

    @property
    def fetches(self) -> tuple[Fetch, ...]:
        return tuple(self.observation.fetches)

    @property
    def newer_page_dates(self) -> list[SetAsideDate]:
        """Page dates newer than the verdict's, one per (date, reason), newest first."""
        return newer_page_dates(self.page_dates, self.result.last_updated)

    @property
    def dated_pages(self) -> list[DatedPage]:
        return dated_pages(self.observation.evidence)

    @property
    def sources_tried(self) -> list[RoleTally]:
        return sources_tried(self.observation)

    @property
    def ppid(self) -> PpidSummary | None:
        return ppid_summary(self.result.ppid)


def diagnose(
    url: str,
    result: SiteResult,
    observation: SiteObservation,
    as_of: date,
    page_dates: Iterable[SetAsideDate],
) -> Diagnosis:
    """The diagnosis of the site at `url`, judged `result` on `observation` as of `as_of`;
    `page_dates` are the dates its pages showed that were no publication dates."""
    aside = set_aside(observation, url, as_of, result)
    todo = fixes(result, observation, as_of)
    return Diagnosis(url, result, observation, aside, list(page_dates), todo)


def set_aside(
    observation: SiteObservation, site_url: str, as_of: date, result: SiteResult
) -> list[tuple[Evidence, SetAside]]:
    """Every date newer than the verdict's last update, with the reason it did not count."""
    sitemaps = {f.url for f in observation.fetches if f.role is PageRole.SITEMAP}
    kept = credible(observation.evidence, site_spam(observation.spam))
    items = {item_key(i.url): i for i in dated_items(kept, site_url, as_of, sitemaps)}
    kept_set = set(kept)
    floor = result.last_updated
    reasons = []
    for e in sorted(observation.evidence, key=lambda e: e.date, reverse=True):
        if floor is not None and e.date <= floor:
            break
        item = items.get(item_key(e.url))
        if e not in kept_set:
            reason = SetAside.SPAM
        elif not is_plausible(e.date, as_of):
            reason = SetAside.IMPLAUSIBLE
        elif not same_site(e.url, site_url):
            reason = SetAside.OFFSITE
        elif e.source is Source.HTTP_HEADER:
            reason = SetAside.HEADER_ONLY
        elif item is not None and item.sitemap_only:
            reason = SetAside.SITEMAP_ONLY
        elif e.modified and result.last_updated is not None:
            reason = SetAside.MODIFIED
        else:
            reason = SetAside.BETTER_SOURCE
        reasons.append((e, reason))
    return reasons


def newer_page_dates(page_dates: Iterable[SetAsideDate], floor: date | None) -> list[SetAsideDate]:
    """Page dates newer than `floor` (all when None), one per (date, reason), newest first."""
    seen: dict[tuple[date, str], SetAsideDate] = {}
    for d in sorted(page_dates, key=lambda d: d.date, reverse=True):
        if floor is None or d.date > floor:
            seen.setdefault((d.date, d.reason), d)
    return list(seen.values())


def dated_pages(evidence: Iterable[Evidence]) -> list[DatedPage]:
    """One entry per page that gave dates, the page with the newest date first."""
    by_url: dict[str, list[Evidence]] = {}
    for e in sorted(evidence, key=lambda e: e.date, reverse=True):
        by_url.setdefault(e.url, []).append(e)
    return [
        DatedPage(
            url,
            found[0].date,
            tuple(Counter(e.source for e in found).items()),
            next((e.snippet for e in found if e.snippet), ""),
        )
        for url, found in by_url.items()
    ]


def sources_tried(observation: SiteObservation) -> list[RoleTally]:
    """Per kind of page, in the order first asked for: fetched, failed, dates they gave."""
    roles = {f.url: f.role for f in observation.fetches}
    tallies = []
    for role in dict.fromkeys(f.role for f in observation.fetches):
        fetched = [f for f in observation.fetches if f.role == role]
        failed = sum(1 for f in fetched if f.error)
        dates = sum(1 for e in observation.evidence if roles.get(e.found_on or e.url) == role)
        tallies.append(RoleTally(role, len(fetched), failed, dates))
    return tallies


def ppid_summary(ppid: PpidResult | None) -> PpidSummary | None:
    """The PPID verdict's lines; None when the site was judged without one."""
    if ppid is None:
        return None
    newest = ppid.newest if ppid.newest is not None and ppid.newest.earliest is not None else None
    return PpidSummary(ppid.status, ppid.section_url, newest)
