"""Redirects, followed on the site and refused off it (a downloader middleware).

Scrapy's RedirectMiddleware would follow a redirect anywhere and fetch the other host's page;
here a page on another host is never fetched. `SiteRedirectMiddleware` takes that place:

- a redirect on the agency's site (or to the host of its configured PPID page) is followed,
  its next hop charged to the site's page budget by the spider (`RedirectRoutes.next_hop`);
- robots.txt's redirects are followed to any host (RFC 9309);
- a redirect off the site is refused (`offsite`), and so is the hop after `MAX_REDIRECTS`
  (`redirect-loop`): the 3xx answer goes on to the spider with the refusal in its meta
  (`REDIRECT_REFUSED`), and the spider records it like any failed fetch.

Requests without the spider's `hops` meta are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Self, runtime_checkable

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.model import FailureKind, PageRole
from crawler.urls import absolute
from spiders.http import header, is_redirect

MAX_REDIRECTS = 5
#: The meta key of a redirect not followed: its `Refusal`.
REDIRECT_REFUSED = "freshness_redirect_refused"


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a redirect was not followed, as the failure the spider records."""

    kind: FailureKind
    detail: str


#: What a 3xx that reached the spider without a refusal is recorded as (this middleware is
#: not installed): not followed, whatever the reason.
NOT_FOLLOWED = Refusal(FailureKind.OTHER, "redirect not followed")


@runtime_checkable
class RedirectRoutes(Protocol):
    """What the middleware asks of the spider: the site's scope, and the next hop's request."""

    def on_site(self, request: Request, url: str) -> bool:
        """True when `url` is on the site that `request` belongs to."""
        ...

    def next_hop(self, request: Request, target: str) -> Request:
        """The request for `target`, in place of `request`'s answer, charged to its site."""
        ...


def refusal(request: Request, target: str | None, *, on_site: bool) -> Refusal | None:
    """Why the redirect of `request` to `target` is not followed, or None to follow it."""
    robots = request.meta.get("role") is PageRole.ROBOTS
    if target is None or not (robots or on_site):
        return Refusal(FailureKind.OFFSITE, f"redirects to {target or 'an invalid location'}")
    if request.meta["hops"] >= MAX_REDIRECTS:
        return Refusal(
            FailureKind.REDIRECT_LOOP, f"more than {MAX_REDIRECTS} redirects, the last to {target}"
        )
    return None


class SiteRedirectMiddleware:
    """Downloader middleware: follow a redirect on the site, refuse one off it or past the
    limit (the refusal rides on to the spider in the meta)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        routes = self.crawler.spider
        if "hops" not in request.meta or not is_redirect(response):
            return response
        if not isinstance(routes, RedirectRoutes):
            return response
        target = absolute(response.url, header(response, "Location"))
        refused = refusal(
            request, target, on_site=target is not None and routes.on_site(request, target)
        )
        if refused is None and target is not None:
            return routes.next_hop(request, target)
        request.meta[REDIRECT_REFUSED] = refused
        return response
