"""What the spider reads on each HTML page it fetched, by the page's role: one pure function.

The spider runs `read_page` on the event loop for a page of the usual size and in its reader
thread for a long one, so that a page that takes long to read cannot hold up the crawl and its
run limit (`spiders.reader`); `bench/page_size.py` times the same function. The page is
parsed once and every reader shares the tree; each reader has its own work budget
(crawler.read.budget), and the reading names the readers that ran out of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from crawler.model import Evidence, PageRole, PpidDocument, SetAsideDate, SiteLink
from crawler.read.budget import MAX_PAGE_WORK, WorkBudget
from crawler.read.cascade import PageDate, page_date
from crawler.read.diagnose import set_aside_dates
from crawler.read.directory import site_links
from crawler.read.links import Discovered, discover
from crawler.read.listing import listing_items
from crawler.read.ppid import DipState, PpidLink, dip_state, ppid_documents, ppid_links
from crawler.read.spam import SpamVerdict, page_spam
from crawler.read.structure import Html, load_html

#: The readers the spider runs on a page of each role, after the gambling-spam check that
#: every page gets. A PPID page's links are read for the section's home only, but reading
#: them costs less than telling the spider's bookkeeping to this thread.
READERS: dict[PageRole, tuple[str, ...]] = {
    PageRole.HOMEPAGE: ("listing_items", "discover", "ppid_links"),
    PageRole.LISTING: ("listing_items", "discover"),
    PageRole.ARTICLE: ("page_date", "listing_items"),
    PageRole.PPID: ("dip_state", "ppid_documents", "ppid_links"),
}
#: Roles whose dates `freshness check` explains (the readers of crawler.read.diagnose).
DIAGNOSED = frozenset({PageRole.HOMEPAGE, PageRole.ARTICLE})
#: Roles whose links to other sites are read when the site is a portal (its list of agencies,
#: for the report's site list).
PORTAL_READ = frozenset({PageRole.HOMEPAGE})


@dataclass(frozen=True, slots=True)
class PageReading:
    """What the readers found on one page; a reader that did not run left its default."""

    spam: SpamVerdict
    listing: tuple[Evidence, ...] = ()
    article: PageDate | None = None
    found: Discovered = field(default_factory=Discovered)
    ppid_links: tuple[PpidLink, ...] = ()
    dip: DipState = field(default_factory=lambda: DipState(False, 0, None))
    documents: tuple[PpidDocument, ...] = ()
    set_aside: tuple[SetAsideDate, ...] = ()
    site_links: tuple[SiteLink, ...] = ()  # a portal's links to other sites
    #: Readers that used up their work budget: what they found is partial (see crawler.read.budget).
    over_budget: tuple[str, ...] = ()


def read_page(
    role: PageRole,
    text: str,
    url: str,
    origin: str,
    *,
    now: datetime,
    diagnose: bool = False,
    portal: bool = False,
    work: int = MAX_PAGE_WORK,
) -> PageReading:
    """Read a fetched page (`url` where it was answered, `origin` what was asked for) as the
    spider does for its `role`; `work` is each reader's budget. With `portal` (the site is a
    regency portal), its homepage's links to other sites are read too."""
    tree = load_html(text)
    page: Html = tree if tree is not None else ""  # unparsable: readers find nothing in ""
    names = READERS.get(role, ())
    if diagnose and role in DIAGNOSED:
        names = (*names, "set_aside_dates")
    if portal and role in PORTAL_READ:
        names = (*names, "site_links")
    budgets = {name: WorkBudget(work) for name in names if name != "discover"}
    reading = PageReading(spam=page_spam(text, origin, tree=tree))
    if "page_date" in names:
        article = page_date(page, origin, now=now, budget=budgets["page_date"])
        reading = replace(reading, article=article)
    if "listing_items" in names:
        listing = listing_items(page, url, now=now, budget=budgets["listing_items"])
        reading = replace(reading, listing=tuple(listing))
    if "discover" in names:
        reading = replace(reading, found=discover(page, url))
    if "ppid_links" in names:
        links = ppid_links(page, url, budget=budgets["ppid_links"])
        reading = replace(reading, ppid_links=links)
    if "dip_state" in names:
        reading = replace(reading, dip=dip_state(page, now=now, budget=budgets["dip_state"]))
    if "ppid_documents" in names:
        documents = ppid_documents(page, url, now=now, budget=budgets["ppid_documents"])
        reading = replace(reading, documents=tuple(documents))
    if "set_aside_dates" in names:
        aside = set_aside_dates(page, origin, now=now, budget=budgets["set_aside_dates"])
        reading = replace(reading, set_aside=tuple(aside))
    if "site_links" in names:
        linked = site_links(page, url, budget=budgets["site_links"])
        reading = replace(reading, site_links=tuple(linked))
    over = tuple(name for name, budget in budgets.items() if budget.exceeded)
    return replace(reading, over_budget=over)
