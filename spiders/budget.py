"""The page budget of one site: how many pages a probe may cost, in all and of each role.

A probe is small on purpose (`crawl.max_pages_per_site`, and a cap per page role below), so a
big site costs what a small one does. A followed redirect costs a page like any other, but a
request already under way is never cut short by the budget: its redirects are followed to the
end. Pure bookkeeping; the spider asks it before each request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.model import PageRole

#: How many of each kind of page one site may cost, within `max_pages_per_site`.
ROLE_CAPS = {
    PageRole.SITEMAP: 3,  # top-level sitemaps + newest children of an index
    PageRole.FEED: 2,
    PageRole.WP_API: 1,
    PageRole.LISTING: 3,
    PageRole.ARTICLE: 4,
    PageRole.PPID: 3,  # the section's home, its DIP and its periodic-information page
}


@dataclass(slots=True)
class PageBudget:
    """What one site has cost so far (mutable; one per site, private to the crawl)."""

    limit: int  # pages in all: crawl.max_pages_per_site
    #: URLs asked for, or refused by robots.txt: each is asked for (or recorded) once.
    requested: set[str] = field(default_factory=set)
    spent: int = 0
    by_role: dict[PageRole, int] = field(default_factory=dict)

    def admits(self, url: str, role: PageRole) -> bool:
        """True when a first request for `url` fits: new, within the site's pages and its
        role's cap."""
        if url in self.requested or self.spent >= self.limit:
            return False
        return not self.role_full(role)

    def role_full(self, role: PageRole) -> bool:
        return role in ROLE_CAPS and self.by_role.get(role, 0) >= ROLE_CAPS[role]

    def charge(self, url: str, role: PageRole) -> None:
        """Count a request for `url` (a first request or a redirect's next hop)."""
        self.requested.add(url)
        self.spent += 1
        self.by_role[role] = self.by_role.get(role, 0) + 1

    def first_refusal(self, url: str) -> bool:
        """True when `url`, refused without being asked for, has not been met before; it is
        met from now on (a refusal is recorded once, and never for a URL asked for)."""
        if url in self.requested:
            return False
        self.requested.add(url)
        return True

    def forget(self, *urls: str | None) -> None:
        """Let `urls` be asked for again (a late retry of a site that never answered); None,
        a URL that could not be made, was never asked for."""
        self.requested.difference_update(urls)
