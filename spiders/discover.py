"""Discovery: from a portal's own pages, the other sites it links, and what each of them is.

`freshness discover` (crawler.discover) runs this spider once. Per start site (a configured
portal, or a `--from` URL): robots.txt first, then the start page and the site's sitemaps;
from each page of the start site, the same-host menu and section pages likely to list
agencies ("Perangkat Daerah", "Kecamatan", "Desa", "Link OPD"…) up to `depth` links away
from the start page, at most `MAX_START_PAGES` requests per start site.

Every page is read by `crawler.read.directory.site_links`. Every host that may be an
agency's (under a start site's registrable domain, or a go.id / desa.id host listed in a
directory or a sitemap) gets its robots.txt and its homepage (the root URL) asked for once.
A site a start site links (a district's) is read for the sites it lists in turn (its
villages): one level, no further.

It routes and records, never judges: `links` (every SiteLink read) and `visits` (root URL
-> what its homepage showed); which of them are agency sites is `crawler.judge.discovery`'s
call. The politeness is the crawl's own: `spiders.settings` (download slots per registrable
domain, delays, timeouts, the private-address guard), robots.txt obeyed per host with its
Crawl-delay, redirects followed on the site only (`spiders.redirects`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.config import CrawlSettings
from crawler.model import (
    NETWORK_FAILURES,
    FailureKind,
    Homepage,
    PageRole,
    SiteLink,
    jakarta_date,
    now_utc,
)
from crawler.read.directory import section_pages, site_links, site_name, sitemap_site_links
from crawler.read.sitemaps import parse_sitemap, sitemap_urls_of_index
from crawler.urls import (
    absolute,
    homepage_url,
    host_of,
    registrable_domain,
    same_site,
    without_root_dot,
)
from spiders.failures import failure_kind
from spiders.http import fetch_meta, header, is_redirect
from spiders.reader import run_reader
from spiders.redirects import NOT_FOLLOWED, REDIRECT_REFUSED
from spiders.robots import Robots, honour_crawl_delay, parse_robots

log = logging.getLogger(__name__)

#: Requests one start site may cost: robots.txt, its pages, its sitemaps (redirect hops of a
#: request under way are never cut short).
MAX_START_PAGES = 30
#: Sitemaps (top-level and an index's best children) read per start site, within the above.
MAX_SITEMAPS = 3
#: Same-host section pages followed from one page, best first.
MAX_SECTION_LINKS = 12
#: Candidate sites one start site may lead to (each costs its robots.txt and homepage).
MAX_SITES_PER_START = 600
STAT = "discover"


@dataclass(slots=True)
class _Site:
    """Crawl-time bookkeeping for one site (mutable, private to the spider)."""

    root: str  # scheme://host[:port]/ as linked or given
    entry: str  # the first page asked after robots.txt: the start URL, or the root
    start: str  # the root of the start site it was found from (itself for a start site)
    reads_links: bool  # its pages are read for further sites (start sites and their links)
    robots: Robots | None = None
    spent: int = 0  # requests charged to it
    sitemaps: int = 0  # sitemaps asked for (start sites only)
    asked: set[str] = field(default_factory=set)
    led_to: int = 0  # candidate sites found from it (start sites only)

    @property
    def is_start(self) -> bool:
        return self.start == self.root


class DiscoverSpider(scrapy.Spider):
    name = "discover"

    def __init__(
        self,
        starts: Sequence[str],
        crawl: CrawlSettings,
        depth: int = 2,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.crawl = crawl
        self.depth = depth
        #: The registrable domains of the start sites: every host under them is a candidate.
        self.scope = frozenset(registrable_domain(host_of(url)) for url in starts)
        self.links: list[SiteLink] = []
        self.visits: dict[str, Homepage] = {}
        self.sites: dict[str, _Site] = {}
        self.crawl_delays: dict[str, float] = {}  # download slot -> robots.txt Crawl-delay
        for url in starts:
            root = homepage_url(url)
            if root and root not in self.sites:
                self.sites[root] = _Site(root, url, start=root, reads_links=True)

    # -- scheduling -------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for site in list(self.sites.values()):
            yield self._robots_request(site)

    def _robots_request(self, site: _Site) -> scrapy.Request:
        url = absolute(site.root, "/robots.txt") or site.root
        return self._charged(site, url, PageRole.ROBOTS, self.parse_robots, depth=0, hops=0)

    def _charged(
        self,
        site: _Site,
        url: str,
        role: PageRole,
        callback: Callable[..., Any],
        *,
        depth: int,
        hops: int,
        origin: str | None = None,
    ) -> scrapy.Request:
        """The request for `url`, charged to `site`."""
        slot = registrable_domain(host_of(url))
        site.spent += 1
        site.asked.add(url)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"{STAT}/requests/{role}")
        return scrapy.Request(
            without_root_dot(url),
            callback=callback,
            errback=self.on_error,
            dont_filter=True,  # each site's `asked` deduplicates
            meta={
                "site": site.root,
                "role": role,
                "depth": depth,
                "hops": hops,
                "origin": origin or url,
                **fetch_meta(slot, self.crawl_delays),
            },
        )

    def _page(
        self, site: _Site, url: str | None, role: PageRole, callback: Callable[..., Any], depth: int
    ) -> Iterator[scrapy.Request]:
        """A request for a page of a start site, when new, on the site, allowed by its
        robots.txt and within its budget."""
        if url is None or url in site.asked or not same_site(url, site.root):
            return
        if site.spent >= MAX_START_PAGES or not self._allowed(site, url):
            return
        yield self._charged(site, url, role, callback, depth=depth, hops=0)

    def _allowed(self, site: _Site, url: str) -> bool:
        if not self.crawl.obey_robots or site.robots is None:
            return True
        return site.robots.allows(url)

    def _candidates(self, found_by: _Site, links: Iterable[SiteLink]) -> Iterator[scrapy.Request]:
        """Record `links`; ask for the robots.txt of each new site that may be an agency's."""
        start = self.sites[found_by.start]
        for link in links:
            self.links.append(link)
            root = homepage_url(link.url)
            if not root or root in self.sites or not link.may_be_agency(self.scope):
                continue
            if start.led_to >= MAX_SITES_PER_START:
                if self.crawler.stats is not None:
                    self.crawler.stats.inc_value(f"{STAT}/sites_over_budget")
                continue
            start.led_to += 1
            # Only a start site's own links are read for further sites (a district's villages).
            site = _Site(root, root, start=start.root, reads_links=found_by.is_start)
            self.sites[root] = site
            yield self._robots_request(site)

    # -- redirects (spiders.redirects.RedirectRoutes) ----------------------------------

    def on_site(self, request: scrapy.Request, url: str) -> bool:
        """Redirects are followed on the site only (`www.`, https): another host's page is
        never asked before its own robots.txt. A candidate's homepage is not followed to the
        homepage of another site asked for anyway: its answer says enough."""
        site = self.sites[request.meta["site"]]
        if not same_site(url, site.root):
            return False
        asked_anyway = url == homepage_url(url) and url in self.sites and url != site.root
        return site.is_start or request.meta["role"] is not PageRole.HOMEPAGE or not asked_anyway

    def next_hop(self, request: scrapy.Request, target: str) -> scrapy.Request:
        meta = request.meta
        return self._charged(
            self.sites[meta["site"]], target, meta["role"], request.callback or self.parse_page,
            depth=meta["depth"], hops=meta["hops"] + 1, origin=meta["origin"],
        )  # fmt: skip

    # -- responses --------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.sites[response.meta["site"]]
        readable = 200 <= response.status < 300 and isinstance(response, TextResponse)
        if readable and not is_redirect(response) and isinstance(response, TextResponse):
            site.robots = parse_robots(response.text, self.crawl.user_agent)
            self._honour_crawl_delay(site)
        yield from self._after_robots(site)

    def _after_robots(self, site: _Site) -> Iterator[scrapy.Request]:
        """A start site's start page and sitemaps; a candidate's homepage."""
        if not site.is_start:
            if self._allowed(site, site.root):
                yield self._charged(site, site.root, PageRole.HOMEPAGE, self.parse_homepage,
                                    depth=0, hops=0)  # fmt: skip
            else:
                log.info("%s: robots.txt disallows its homepage; not asked", site.root)
                self._visited(Homepage(site.root, "", None, "", False))
            return
        yield from self._page(site, site.entry, PageRole.LISTING, self.parse_page, 0)
        sitemaps = site.robots.sitemaps if site.robots is not None else ()
        for sitemap in sitemaps or (absolute(site.root, "/sitemap.xml"),):
            yield from self._sitemap(site, sitemap)

    def _sitemap(self, site: _Site, url: str | None) -> Iterator[scrapy.Request]:
        if site.sitemaps >= MAX_SITEMAPS:
            return
        for request in self._page(site, url, PageRole.SITEMAP, self.parse_sitemap, 0):
            site.sitemaps += 1
            yield request

    def _honour_crawl_delay(self, site: _Site) -> None:
        """Slow the site's download slot (its registrable domain) to robots.txt's Crawl-delay."""
        asked = site.robots.crawl_delay if site.robots is not None else None
        if not asked or not self.crawl.obey_robots or self.crawler.engine is None:
            return
        key = registrable_domain(host_of(site.root))
        self.crawl_delays[key] = honour_crawl_delay(
            self.crawler.engine.downloader, key, asked, self.crawl_delays.get(key, 0.0)
        )

    async def parse_page(self, response: Response) -> AsyncIterator[scrapy.Request]:
        """A page of a start site: the sites it links, and its section pages to follow."""
        meta = response.meta
        site = self.sites[meta["site"]]
        if meta["origin"] == site.root:
            self._visited(_visit(site.root, response))
        if not _readable(response):
            return
        assert isinstance(response, TextResponse)  # _readable says so; mypy cannot see it
        text = response.text  # decoded here: the response is the event loop's
        links = await run_reader(len(text), site_links, text, response.url)
        for request in self._candidates(site, links):
            yield request
        if meta["depth"] >= self.depth:
            return
        sections = await run_reader(len(text), section_pages, text, response.url)
        for url in sections[:MAX_SECTION_LINKS]:
            for request in self._page(site, url, PageRole.LISTING, self.parse_page,
                                      meta["depth"] + 1):  # fmt: skip
                yield request

    async def parse_homepage(self, response: Response) -> AsyncIterator[scrapy.Request]:
        """A candidate's homepage: what it showed, and (for a site a start site links) the
        sites it lists."""
        site = self.sites[response.meta["site"]]
        if not _readable(response):
            self._visited(_visit(site.root, response))
            return
        assert isinstance(response, TextResponse)
        text = response.text
        links, name = await run_reader(len(text), _read_homepage, text, response.url)
        self._visited(_visit(site.root, response, name))
        if site.reads_links:
            for request in self._candidates(site, links):
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.sites[response.meta["site"]]
        if not (200 <= response.status < 300) or is_redirect(response):
            return
        # Only an index's children are used here: the day matters to dated evidence only.
        sitemap = parse_sitemap(response.body, response.url, today=jakarta_date(now_utc()))
        if sitemap.is_index:
            for child in sitemap_urls_of_index(sitemap):
                yield from self._sitemap(site, child)
            return
        yield from self._candidates(site, sitemap_site_links(response.body, response.url))

    def _visited(self, visit: Homepage) -> None:
        self.visits.setdefault(visit.asked, visit)

    def on_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        request: scrapy.Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy
        meta = request.meta
        site = self.sites[meta["site"]]
        kind, detail = failure_kind(failure)
        role = meta["role"]
        if role is PageRole.HOMEPAGE or (role is PageRole.LISTING and meta["origin"] == site.root):
            self._visited(Homepage(site.root, "", None, "", False))
        if role is not PageRole.ROBOTS:
            log.debug("%s: %s (%s)", meta["origin"], kind, detail)
            return
        # robots.txt that cannot be had means "allowed", unless the site's own host did not
        # answer at all: asking it again would only cost the server (and us) a timeout.
        silent = kind in NETWORK_FAILURES and kind is not FailureKind.OTHER
        if silent and host_of(request.url) == host_of(site.root):
            log.info("%s did not answer: %s (%s)", site.root, kind, detail)
            self._visited(Homepage(site.root, "", None, "", False))
            return
        yield from self._after_robots(site)


# -- reading helpers (pure) -------------------------------------------------------------


def _readable(response: Response) -> bool:
    return (
        200 <= response.status < 300
        and not is_redirect(response)
        and isinstance(response, TextResponse)
    )


def _visit(root: str, response: Response, name: str = "") -> Homepage:
    """What the answer to a homepage request showed: a refused redirect names its target."""
    refused = response.meta.get(REDIRECT_REFUSED)
    if is_redirect(response):
        target = absolute(response.url, header(response, "Location")) or ""
        offsite = (refused or NOT_FOLLOWED).kind is FailureKind.OFFSITE and bool(target)
        if offsite and registrable_domain(host_of(target)) == registrable_domain(host_of(root)):
            offsite = False
        return Homepage(root, target, response.status, "", offsite)
    return Homepage(root, response.url, response.status, name, False)


def _read_homepage(text: str, url: str) -> tuple[list[SiteLink], str]:
    """A homepage's links to other sites and the name it gives itself (a long page is read
    beside the event loop: see `spiders.reader`)."""
    return site_links(text, url), site_name(text)
