"""One spider over every agency: it probes each site within a small request budget.

It fetches and routes; it never judges. Each response is handed to the pure readers in
`crawler.read`, and what they find is yielded as `Observed` items for the store. Per site:
robots.txt, the homepage (asked for whatever came of robots.txt), then (in this order of
trust) the WordPress REST API when advertised, feeds, sitemaps, listing pages and a few of
the newest article pages.

Around it, in Scrapy's places: redirects are followed on the site and refused off it by
`spiders.redirects` (a downloader middleware; the spider records a refusal); no request
reaches a private or local address unless the config allows it (`spiders.guard`); the page
budget is `spiders.budget`, robots.txt's rules `spiders.robots`, and the pipeline hands the
items to the store (`spiders.pipelines`).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.config import PORTAL_CATEGORY, Agency, Fleet
from crawler.model import (
    NETWORK_FAILURES,
    Evidence,
    FailureKind,
    Fetch,
    PageRole,
    PpidPage,
    SetAsideDate,
    Source,
    SpamPage,
    jakarta_date,
)
from crawler.read.feeds import parse_feed
from crawler.read.headers import last_modified_evidence
from crawler.read.page import PageReading, read_page
from crawler.read.parked import parked_reason
from crawler.read.ppid import PpidKind, PpidLink
from crawler.read.sitemaps import parse_sitemap, sitemap_urls_of_index
from crawler.read.tls import certificate_problem
from crawler.read.wpapi import parse_wp_posts
from crawler.urls import absolute, host_of, registrable_domain, same_site, without_root_dot
from spiders.budget import PageBudget
from spiders.failures import failure_kind
from spiders.http import fetch_meta, header, is_redirect
from spiders.items import Observed
from spiders.reader import run_reader
from spiders.redirects import NOT_FOLLOWED, REDIRECT_REFUSED
from spiders.robots import Robots, honour_crawl_delay, parse_robots

log = logging.getLogger(__name__)

#: PPID links recorded per site (a menu may list every kind of information twice).
MAX_PPID_LINKS = 8
#: Stats key prefix: pages a reader stopped reading at its work budget (crawler.read.budget).
OVER_BUDGET_STAT = "freshness/page_over_budget"
WP_POSTS_QUERY = "wp/v2/posts?per_page=20&orderby=date&_fields=date,date_gmt,modified_gmt,link"
#: The category of a regency portal: its homepage's links to other sites are recorded, for the
#: report's site list (what the portal links against what is configured).


@dataclass(slots=True)
class _Site:
    """Crawl-time bookkeeping for one agency (mutable, private to the spider)."""

    agency: Agency
    budget: PageBudget
    robots: Robots | None = None
    unanswered: bool = False  # robots.txt or the homepage failed at the network level
    retried_late: bool = False
    pending: int = 0  # requests asked for and not yet answered or failed
    in_window: bool = False  # started and not yet finished: counts in the spider's window

    @property
    def slot(self) -> str:
        """The download slot its requests share with every site of its registrable domain."""
        return registrable_domain(host_of(self.agency.url))

    started: float = 0.0
    ppid_kinds: dict[str, str] = field(default_factory=dict)  # PPID page url -> PpidKind
    fetches: list[Fetch] = field(default_factory=list)  # kept for the per-site log line
    evidence: list[Evidence] = field(default_factory=list)

    def tally(self, observed: Observed) -> None:
        if observed.fetch is not None:
            self.fetches.append(observed.fetch)
        self.evidence.extend(observed.evidence)


def _tallied(callback: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Wrap a callback or errback: keep the site's tally and log the site once it is done."""

    @functools.wraps(callback)
    def tallied(spider: FreshnessSpider, answer: Response | Failure) -> Iterator[Any]:
        meta = answer.meta if isinstance(answer, Response) else _failed_request(answer).meta
        site = spider.sites[meta["agency_id"]]
        try:
            yield from _tally(site, callback(spider, answer))
        finally:
            _answer_done(spider, site)

    return tallied


def _tally(site: _Site, things: Iterable[Any]) -> Iterator[Any]:
    """Pass `things` on, keeping the site's tally of what it yielded."""
    for thing in things:
        if isinstance(thing, Observed):
            site.tally(thing)
        yield thing


def _answer_done(spider: FreshnessSpider, site: _Site) -> None:
    """One of the site's requests is settled; the last one finishes the site."""
    site.pending -= 1
    if site.pending == 0:
        spider.leave_window(site)
        spider.site_finished(site)


def _answered(*, text: bool) -> Callable[[Callable[..., Iterator[Any]]], Callable[..., Any]]:
    """Wrap a parse callback: record a refused redirect or the fetch, and hand the site and
    response to the callback only for a 2xx answer; with `text`, only a text one, and what
    the page's readers found on it (`PageReading`).

    A text page is read by `_read`: a long one in the reader thread (`spiders.reader`), since
    a page that takes long to read must not hold up the event loop, where the other sites'
    requests and the run limit (CLOSESPIDER_TIMEOUT) wait; a page of the usual size on the
    loop, where reading costs least. The spider's bookkeeping of each site stays on the loop.
    """

    def wrap(parse: Callable[..., Iterator[Any]]) -> Callable[..., Any]:
        def answer(spider: FreshnessSpider, response: Response) -> tuple[list[Any], bool]:
            """The refused redirect or the fetch recorded; and whether the page is to be
            read."""
            if is_redirect(response):
                return list(spider._refused_redirect(response)), False
            recorded = spider._record(response)
            answered = recorded.fetch is not None and recorded.fetch.error is None
            return [recorded], answered and 200 <= response.status < 300

        if not text:

            @functools.wraps(parse)
            def callback(spider: FreshnessSpider, response: Response) -> Iterator[Any]:
                first, read = answer(spider, response)
                yield from first
                if read:
                    yield from parse(spider, spider.sites[response.meta["agency_id"]], response)

            return _tallied(callback)

        @functools.wraps(parse)
        async def read_callback(spider: FreshnessSpider, response: Response) -> AsyncIterator[Any]:
            # What _tallied does for the other callbacks, around an asynchronous one.
            site = spider.sites[response.meta["agency_id"]]
            try:
                first, read = answer(spider, response)
                for thing in _tally(site, first):  # the fetch is stored before the page is read
                    yield thing
                if read and isinstance(response, TextResponse):
                    reading = await _read(spider, response)
                    found = chain(
                        spider._spam_check(response, reading),
                        parse(spider, site, response, reading),
                    )
                    for thing in _tally(site, found):
                        yield thing
            finally:
                _answer_done(spider, site)

        return read_callback

    return wrap


async def _read(spider: FreshnessSpider, response: TextResponse) -> PageReading:
    """The page read by the readers of its role (a long page in the reader thread); a reader
    that ran out of its work budget (crawler.read.budget) is counted in the stats and logged
    once per reader."""
    meta = response.meta
    text = response.text  # decoded here: the response is the event loop's
    reading = await run_reader(
        len(text),
        read_page,
        meta["role"],
        text,
        response.url,
        meta["origin"],
        now=spider.now,
        diagnose=spider.diagnose,
        portal=spider.sites[meta["agency_id"]].agency.category == PORTAL_CATEGORY,
    )
    stats = spider.crawler.stats
    for reader in reading.over_budget:
        key = f"{OVER_BUDGET_STAT}/{reader}"
        if stats is not None:
            stats.inc_value(key)
        if stats is None or stats.get_value(key) == 1:
            log.warning(
                "%s stopped at its work budget on %s: the page is too big to read whole, "
                "and what it found is partial (further pages are counted in %s)",
                reader, meta["origin"], key,
            )  # fmt: skip
    return reading


#: Sites open at once: this many per concurrent request (`concurrent_requests`), at least
#: MIN_WINDOW; and at most one per download slot (see `FreshnessSpider.start`).
SITES_PER_CONCURRENT_REQUEST = 4
MIN_WINDOW = 16


class FreshnessSpider(scrapy.Spider):
    name = "freshness"

    def __init__(
        self,
        fleet: Fleet,
        now: datetime,
        progress: Callable[[str], None] | None = None,
        diagnose: bool = False,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.fleet = fleet
        self.now = now
        self.today: date = jakarta_date(now)
        self.progress = progress  # told the id of each agency as it is done
        #: With `diagnose` (freshness check), the dates each page shows but does not count.
        self.diagnose = diagnose
        self.set_aside: list[SetAsideDate] = []
        pages = fleet.crawl.max_pages_per_site
        self.sites = {a.id: _Site(a, PageBudget(pages)) for a in fleet.agencies}
        #: Sites crawled at once (see `start`), and the signal that one of them finished.
        per_request = SITES_PER_CONCURRENT_REQUEST * fleet.crawl.concurrent_requests
        self.window = max(per_request, MIN_WINDOW)
        self.open_sites = 0
        self.room = asyncio.Event()
        #: Download slot -> its sites not started yet; the slots free to start one, in turn.
        self.waiting: dict[str, deque[_Site]] = {}
        self.ready: deque[str] = deque()
        self.crawl_delays: dict[str, float] = {}  # download slot -> robots.txt Crawl-delay
        self.tls_problems: dict[str, str] = {}  # host -> its certificate's problem ("" = none)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> FreshnessSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.retry_unanswered, signal=signals.spider_idle)
        return spider

    # -- scheduling -------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Each site's robots.txt, a window of sites at a time, one site per download slot.

        Started all at once, a thousand sites share the request slots, so each is asked
        again only every ten seconds or so: longer than a server keeps a connection open, so
        nearly every request opened a new one. So at most `window` sites are open at once,
        and at most one per download slot: the sites of one registrable domain (a regency's
        subdomains) share its slot and its delay anyway, and one at a time each keeps its
        connection. Slots take turns in the config's order; a slot's next site starts when
        its last one finishes. Per-slot politeness is unchanged.
        """
        for site in self.sites.values():
            self.waiting.setdefault(site.slot, deque()).append(site)
        self.ready.extend(self.waiting)
        while self.waiting:
            while not self.ready or self.open_sites >= self.window:
                self.room.clear()
                await self.room.wait()
            slot = self.ready.popleft()
            site = self.waiting[slot].popleft()
            if not self.waiting[slot]:
                del self.waiting[slot]
            robots_url = absolute(site.agency.url, "/robots.txt")
            request = self._request(site, robots_url, PageRole.ROBOTS, self.parse_robots)
            if request is None:
                self._free(slot)
                continue
            site.in_window = True
            self.open_sites += 1
            yield request

    def leave_window(self, site: _Site) -> None:
        """The site's last request is settled: its slot may start its next site."""
        if site.in_window:
            site.in_window = False
            self.open_sites -= 1
            self._free(site.slot)

    def _free(self, slot: str) -> None:
        if slot in self.waiting:
            self.ready.append(slot)
        self.room.set()

    def _request(
        self,
        site: _Site,
        url: str | None,
        role: PageRole,
        callback: Callable[..., Any],
        *,
        hops: int = 0,
        origin: str | None = None,
    ) -> scrapy.Request | None:
        """A request within the site's budget, or None (already seen, over budget, off-site).

        robots.txt may come from another host (RFC 9309 follows its redirects anywhere).
        Private and odd-spelled hosts are refused where the request is sent and resolved
        (spiders/guard.py), so that the refusal is recorded like any failed fetch.
        """
        if url is None or not (role is PageRole.ROBOTS or _on_site(url, site.agency)):
            return None
        if hops == 0 and not site.budget.admits(url, role):
            return None
        return self._charged(site, url, role, callback, hops=hops, origin=origin)

    def _charged(
        self,
        site: _Site,
        url: str,
        role: PageRole,
        callback: Callable[..., Any] | None,
        *,
        hops: int,
        origin: str | None,
    ) -> scrapy.Request:
        """The request for `url`, charged to the site's budget and awaited for its answer."""
        slot = registrable_domain(host_of(url))
        site.budget.charge(url, role)
        site.started = site.started or time.monotonic()
        site.pending += 1
        return scrapy.Request(
            without_root_dot(url),  # `dinas.go.id.` is asked for as `dinas.go.id`
            callback=callback,
            errback=self.on_error,
            dont_filter=True,  # the site's budget deduplicates
            meta={
                "agency_id": site.agency.id,
                "role": role,
                "hops": hops,
                "origin": origin or url,
                **fetch_meta(slot, self.crawl_delays),
            },
        )

    def _allowed(self, site: _Site, url: str) -> bool:
        if not self.fleet.crawl.obey_robots or site.robots is None:
            return True
        return site.robots.allows(url)

    def _follow(
        self, site: _Site, url: str | None, role: PageRole, callback: Callable[..., Any]
    ) -> Iterator[Any]:
        """Request `url` if robots.txt and the budget allow; a robots refusal is recorded."""
        if url is None:
            return
        if not self._allowed(site, url):
            if site.budget.first_refusal(url):
                yield Observed(
                    site.agency.id,
                    Fetch(
                        url=url,
                        role=role,
                        error=FailureKind.ROBOTS,
                        detail="disallowed by robots.txt",
                    ),
                )
            return
        request = self._request(site, url, role, callback)
        if request is not None:
            yield request

    # -- responses --------------------------------------------------------------------

    def _record(self, response: Response, *, detail: str = "") -> Observed:
        meta = response.meta
        error = _status_kind(response.status)
        if "dataloss" in response.flags:
            detail = detail or "truncated: the server closed the connection mid-page"
        if meta["role"] is PageRole.HOMEPAGE:
            self.sites[meta["agency_id"]].unanswered = False
            parked = _parked(response)
            if parked and error is None:
                error, detail = FailureKind.PARKED, f"parked-domain page: {parked!r}"
        return Observed(
            meta["agency_id"],
            Fetch(
                url=meta["origin"],
                role=meta["role"],
                status=response.status,
                error=error,
                detail=detail,
                final_url=response.url,
                content_type=header(response, "Content-Type"),
                size=len(response.body),
                seconds=float(meta.get("download_latency", 0.0)),
                tls=self._tls_problem(response),
            ),
        )

    def _tls_problem(self, response: Response) -> str:
        """The certificate problem of the host that answered (checked once per host)."""
        certificate = getattr(response, "certificate", None)
        if certificate is None or not response.url.startswith("https:"):
            return ""
        host = urlsplit(response.url).hostname or ""
        if host not in self.tls_problems:
            self.tls_problems[host] = certificate_problem(
                certificate.original.to_cryptography(), host, self.now
            )
        return self.tls_problems[host]

    def on_site(self, request: scrapy.Request, url: str) -> bool:
        """True when `url` is on the site of the agency `request` is for (RedirectRoutes)."""
        return _on_site(url, self.sites[request.meta["agency_id"]].agency)

    def next_hop(self, request: scrapy.Request, target: str) -> scrapy.Request:
        """The request for a followed redirect's `target` (RedirectRoutes): charged to the
        site's budget whatever is left of it, in place of the 3xx answer, which no callback
        sees."""
        meta = request.meta
        site = self.sites[meta["agency_id"]]
        hop = self._charged(
            site,
            target,
            meta["role"],
            request.callback,
            hops=meta["hops"] + 1,
            origin=meta["origin"],
        )
        site.pending -= 1  # the redirect is settled; its next hop is awaited instead
        return hop

    def _refused_redirect(self, response: Response) -> Iterator[Any]:
        """A redirect not followed (off the site, or one too many; spiders.redirects),
        recorded as a failure. When robots.txt cannot be had, the site is probed without it:
        the homepage is asked for all the same."""
        meta = response.meta
        refused = meta.get(REDIRECT_REFUSED) or NOT_FOLLOWED
        yield _redirect_failure(response, refused.kind, refused.detail)
        if meta["role"] is PageRole.ROBOTS:
            yield from self._homepage(self.sites[meta["agency_id"]])

    @_tallied
    def parse_robots(self, response: Response) -> Iterator[Any]:
        if is_redirect(response):
            yield from self._refused_redirect(response)
            return
        site = self.sites[response.meta["agency_id"]]
        yield self._record(response)
        if 200 <= response.status < 300 and isinstance(response, TextResponse):
            site.robots = parse_robots(response.text, self.fleet.crawl.user_agent)
            self._honour_crawl_delay(site)
        yield from self._homepage(site)

    def _honour_crawl_delay(self, site: _Site) -> None:
        """Slow the site's download slot (its registrable domain) to robots.txt's Crawl-delay."""
        asked = site.robots.crawl_delay if site.robots is not None else None
        if not asked or not self.fleet.crawl.obey_robots or self.crawler.engine is None:
            return
        key = registrable_domain(host_of(site.agency.url))
        self.crawl_delays[key] = honour_crawl_delay(
            self.crawler.engine.downloader, key, asked, self.crawl_delays.get(key, 0.0)
        )

    def _homepage(self, site: _Site) -> Iterator[Any]:
        url = site.agency.url
        if not self._allowed(site, url):
            yield Observed(
                site.agency.id,
                Fetch(
                    url=url,
                    role=PageRole.HOMEPAGE,
                    error=FailureKind.ROBOTS,
                    detail="robots.txt disallows the homepage for our user agent",
                ),
            )
            return
        request = self._request(site, url, PageRole.HOMEPAGE, self.parse_homepage)
        if request is not None:
            yield request

    @_answered(text=True)
    def parse_homepage(
        self, site: _Site, response: TextResponse, reading: PageReading
    ) -> Iterator[Any]:
        self._diagnose(reading)
        evidence = list(reading.listing)
        changed = last_modified_evidence(
            header(response, "Last-Modified"), response.url, today=self.today
        )
        yield Observed(
            site.agency.id,
            evidence=(*evidence, *([changed] if changed else [])),
            site_links=reading.site_links,
        )

        found = reading.found
        if found.wp_api:
            yield from self._follow(
                site, _wp_posts_url(found.wp_api), PageRole.WP_API, self.parse_wp_api
            )
        feeds: tuple[str | None, ...] = found.feeds or (
            (absolute(response.url, "/feed/"),) if found.is_wordpress else ()
        )
        for feed in feeds:
            yield from self._follow(site, feed, PageRole.FEED, self.parse_feed)
        sitemaps: tuple[str | None, ...] = (
            site.robots.sitemaps if site.robots else ()
        ) or found.sitemaps
        if not sitemaps:
            guess = "/wp-sitemap.xml" if found.is_wordpress else "/sitemap.xml"
            sitemaps = (absolute(response.url, guess),)
        for sitemap in sitemaps:
            yield from self._follow(site, sitemap, PageRole.SITEMAP, self.parse_sitemap)
        # Before the listings: "Informasi Berkala" also looks like a section of news.
        yield from self._ppid_section(site, reading.ppid_links)
        for listing in found.listings:
            yield from self._follow(site, listing, PageRole.LISTING, self.parse_listing)
        yield from self._articles(site, evidence, found.articles)

    def _ppid_section(self, site: _Site, links: tuple[PpidLink, ...]) -> Iterator[Any]:
        """Record the links into the PPID section and read its most telling pages: the DIP,
        the periodic information, the section's home (or the configured `ppid_url`)."""
        configured = site.agency.ppid_url
        # A "Download" menu item is not the section: it is read only from the section's pages.
        links = tuple(link for link in links if link.kind is not PpidKind.DOWNLOADS)
        links = links[:MAX_PPID_LINKS]
        seen = [PpidPage(link.url, str(link.kind), link.onsite) for link in links]
        if configured:
            seen.insert(
                0, PpidPage(configured, str(PpidKind.HOME), _on_site(configured, site.agency))
            )
        if seen:
            yield Observed(site.agency.id, ppid_pages=tuple(seen))
        readable = [p for p in seen if p.onsite or p.url == configured]
        for target in sorted(readable, key=lambda p: p.url != configured):
            site.ppid_kinds.setdefault(target.url, target.kind)
            yield from self._follow(site, target.url, PageRole.PPID, self.parse_ppid)

    @_answered(text=True)
    def parse_ppid(
        self, site: _Site, response: TextResponse, reading: PageReading
    ) -> Iterator[Any]:
        url = response.meta["origin"]
        kind = site.ppid_kinds.get(url, str(PpidKind.HOME))
        if kind == PpidKind.DOWNLOADS:
            yield self._download_centre_read(site, response, reading)
            return
        dip = reading.dip
        read = PpidPage(
            url, kind, same_site(url, site.agency.url), fetched=True,
            dip_rows=dip.rows if dip.present else None, dip_updated=dip.updated,
        )  # fmt: skip
        yield Observed(site.agency.id, ppid_pages=(read,), ppid_documents=reading.documents)
        if kind == PpidKind.HOME:  # the section's home links to its DIP and periodic pages
            for link in reading.ppid_links:
                if link.kind in (PpidKind.DIP, PpidKind.BERKALA) and _on_site(
                    link.url, site.agency
                ):
                    site.ppid_kinds.setdefault(link.url, str(link.kind))
                    yield from self._follow(site, link.url, PageRole.PPID, self.parse_ppid)
        yield from self._download_centre(site, reading)

    def _download_centre(self, site: _Site, reading: PageReading) -> Iterator[Any]:
        """Read the site's download centre when this PPID page lists periodic files without
        a printed date: the centre may print when the same files were uploaded. It is one
        more page of the section's budget (PageRole.PPID), asked for after the section's."""
        if not any(d.periodic and d.published is None for d in reading.documents):
            return
        centre = next(
            (
                link.url
                for link in reading.ppid_links
                if link.kind is PpidKind.DOWNLOADS and _on_site(link.url, site.agency)
            ),
            None,
        )
        if centre is not None:
            site.ppid_kinds.setdefault(centre, str(PpidKind.DOWNLOADS))
            yield from self._follow(site, centre, PageRole.PPID, self.parse_ppid)

    def _download_centre_read(
        self, site: _Site, response: TextResponse, reading: PageReading
    ) -> Observed:
        """The download centre's dated entries, under the page they were read on: the judge
        dates the section's files by them (crawler.judge.ppid.section_documents)."""
        page = PpidPage(
            response.url, str(PpidKind.DOWNLOADS), same_site(response.url, site.agency.url),
            fetched=True,
        )  # fmt: skip
        dated = tuple(d for d in reading.documents if d.published is not None)
        return Observed(site.agency.id, ppid_pages=(page,), ppid_documents=dated)

    def _articles(
        self, site: _Site, dated: list[Evidence], undated: tuple[str, ...] = ()
    ) -> Iterator[scrapy.Request]:
        """Request the newest article pages: dated items newest first, then links in order."""
        newest_first = [e.url for e in sorted(dated, key=lambda e: e.date, reverse=True)]
        for url in (*newest_first, *undated):
            if site.budget.role_full(PageRole.ARTICLE):
                return
            yield from self._follow(site, url, PageRole.ARTICLE, self.parse_article)

    @_answered(text=False)
    def parse_wp_api(self, site: _Site, response: Response) -> Iterator[Any]:
        found = parse_wp_posts(response.body, response.url, today=self.today)
        if found:
            yield Observed(site.agency.id, evidence=tuple(found))

    @_answered(text=False)
    def parse_feed(self, site: _Site, response: Response) -> Iterator[Any]:
        found = parse_feed(response.body, response.url, today=self.today)
        if found:
            yield Observed(site.agency.id, evidence=tuple(found))

    @_answered(text=False)
    def parse_sitemap(self, site: _Site, response: Response) -> Iterator[Any]:
        sitemap = parse_sitemap(response.body, response.url, today=self.today)
        if sitemap.evidence:
            yield Observed(site.agency.id, evidence=tuple(sitemap.evidence))
        for child in sitemap_urls_of_index(sitemap):  # an index: only its newest children
            yield from self._follow(site, child, PageRole.SITEMAP, self.parse_sitemap)

    @_answered(text=True)
    def parse_listing(
        self, site: _Site, response: TextResponse, reading: PageReading
    ) -> Iterator[Any]:
        if reading.listing:
            yield Observed(site.agency.id, evidence=reading.listing)
        yield from self._articles(site, list(reading.listing), reading.found.articles)

    @_answered(text=True)
    def parse_article(
        self, site: _Site, response: TextResponse, reading: PageReading
    ) -> Iterator[Any]:
        url = response.meta["origin"]
        found = reading.article
        self._diagnose(reading)
        evidence: list[Evidence] = []
        if found is not None:
            evidence.append(
                Evidence(
                    Source.ARTICLE,
                    url,
                    found.date,
                    found.snippet,
                    found_on=response.url if response.url != url else "",
                    modified=found.modified,  # only its "last updated" line: a modification
                )
            )
        # The "recent news" sidebar of an article page lists real, dated items.
        evidence += [e for e in reading.listing if e.url != url]
        if evidence:
            yield Observed(site.agency.id, evidence=tuple(evidence))

    def _spam_check(self, response: TextResponse, reading: PageReading) -> Iterator[Observed]:
        """A page with gambling-spam signals is recorded, so its dates can be set aside when
        its own content is spam (crawler.judge.spam)."""
        verdict = reading.spam
        strongest = verdict.strongest
        if verdict.score > 0 and strongest is not None:
            page = SpamPage(
                verdict.url, verdict.score, verdict.is_spam, str(strongest.kind), strongest.snippet,
                own_score=verdict.own_score, head_score=verdict.head_score,
                own_blocks=verdict.own_blocks, template_blocks=verdict.template_blocks,
                clean_chars=verdict.clean_chars,
            )  # fmt: skip
            yield Observed(response.meta["agency_id"], spam=page)

    def _diagnose(self, reading: PageReading) -> None:
        if self.diagnose:  # read with the page (crawler.read.page)
            self.set_aside += reading.set_aside

    def site_finished(self, site: _Site) -> None:
        """One INFO line per agency as soon as its last request is answered: facts only.

        The verdict is computed once, after the crawl, from what was stored (crawler.crawl
        logs it); judging here too could contradict it.
        """
        if site.unanswered and not site.retried_late:
            return  # it gets one more try at the end of the run
        log.info(
            "finished %s: %d pages fetched, %d dated items, %.1f s",
            site.agency.id,
            sum(1 for f in site.fetches if f.status is not None),
            len({e.url for e in site.evidence}),
            time.monotonic() - site.started,
        )
        site.fetches.clear()  # the store has them; keep memory flat on big fleets
        site.evidence.clear()
        if self.progress is not None:
            self.progress(site.agency.id)

    def retry_unanswered(self) -> None:
        """When everything else is done, give each site that never answered one more try.

        A single flaky failure (a reboot, a saturated link) must not make a site
        unreachable: it is that only when it fails again later in the same run.
        """
        late = [s for s in self.sites.values() if s.unanswered and not s.retried_late]
        for site in late:
            site.retried_late = True
            site.unanswered = False
            robots_url = absolute(site.agency.url, "/robots.txt")
            site.budget.forget(robots_url, site.agency.url)
            request = self._request(site, robots_url, PageRole.ROBOTS, self.parse_robots)
            if request is not None and self.crawler.engine is not None:
                self.crawler.engine.crawl(request)
        if late:
            raise DontCloseSpider

    @_tallied
    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = _failed_request(failure)
        meta = request.meta
        site = self.sites[meta["agency_id"]]
        kind, detail = failure_kind(failure)
        if meta["role"] in (PageRole.ROBOTS, PageRole.HOMEPAGE) and kind in NETWORK_FAILURES:
            site.unanswered = True
        yield Observed(
            site.agency.id,
            Fetch(
                url=meta["origin"],
                role=meta["role"],
                error=kind,
                detail=detail,
                final_url=request.url,
            ),
        )
        # robots.txt that cannot be had means "allowed": the homepage is asked for next,
        # unless the site's own host did not answer at all (DNS, refused, timeout, TLS):
        # asking it again would only cost the server (and us) another timeout. A failure on
        # a host robots.txt redirected to says nothing about the site's own host.
        silent = kind in NETWORK_FAILURES and kind is not FailureKind.OTHER
        own_host = host_of(request.url) == host_of(site.agency.url)
        if meta["role"] is PageRole.ROBOTS and not (silent and own_host):
            yield from self._homepage(site)


def _failed_request(failure: Failure) -> scrapy.Request:
    """The request an errback's failure is about."""
    # Scrapy sets the attribute on the Failure it hands an errback; Twisted does not declare it.
    request: scrapy.Request = failure.request  # type: ignore[attr-defined]
    return request


def _status_kind(status: int) -> FailureKind | None:
    if 400 <= status < 500:
        return FailureKind.HTTP_4XX
    if status >= 500:
        return FailureKind.HTTP_5XX
    return None


def _redirect_failure(response: Response, kind: FailureKind, detail: str) -> Observed:
    """A redirect not followed (off the site, or one too many), recorded as a failure."""
    meta = response.meta
    return Observed(
        meta["agency_id"],
        Fetch(
            url=meta["origin"],
            role=meta["role"],
            status=response.status,
            error=kind,
            detail=detail,
            final_url=response.url,
        ),
    )


def _on_site(url: str, agency: Agency) -> bool:
    """On the agency's site, or on the host of its configured PPID page."""
    return same_site(url, agency.url) or bool(agency.ppid_url and same_site(url, agency.ppid_url))


def _parked(response: Response) -> str:
    return parked_reason(response.text) if isinstance(response, TextResponse) else ""


def _wp_posts_url(root: str) -> str:
    # The advertised root is either /wp-json/ or ?rest_route=/ (no pretty permalinks).
    if "rest_route=" in root:
        return root.rstrip("/") + "/" + WP_POSTS_QUERY.replace("?", "&", 1)
    return root.rstrip("/") + "/" + WP_POSTS_QUERY
