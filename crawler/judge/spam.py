"""Whether a site is compromised by online-gambling spam, from the spam signals of its pages.

The verdict on one page (its score, whether it is clearly spam, its strongest signal, what of
it is the page's own) is the reader's (`crawler.read.spam`); the store keeps it as a
`SpamPage`. This module only weighs the pages of one site together: one clear spam page, or
several weak ones, make the site compromised, wherever on the pages the spam sits.

Which pages' dates must never count is another question: those whose *own* content is spam
(a defacer's post, its listing, a swapped title), not every page under a template that
carries an injected block (a hidden link farm in the footer of every page would otherwise set
aside every genuine post). The reader tells a page's own content from its template by where
a block sits (test (a)); here a block carrying signals whose fingerprint is on two or more
pages of the site, and on half its pages with signals, is template wherever it sits (test
(b)), and a page whose own blocks are all such, with genuine text of its own besides, keeps
only its title's and address's score. A row read before the store kept the own score
(migration 9) counts as all its own, as it did then: never guessed upward. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Protocol

from crawler.model import Flag
from crawler.spamwords import WEAK_THRESHOLD
from crawler.urls import item_key

#: This many weak pages make a site compromised even with no clear spam page.
SITE_WEAK_PAGES = 3
#: Text of its own, outside the blocks carrying signals, that makes a page whose blocks all
#: recur a genuine page under an injected template: a few sentences of a post. A page copied
#: under many addresses (doorway pages) has its spam blocks on each copy but little else.
GENUINE_TEXT_CHARS = 200
#: A block on at least this share of a site's pages with signals (and on two) is its template.
TEMPLATE_SHARE = 0.5


class PageSpam(Protocol):
    """What the site's verdict reads of a page: a stored `SpamPage`, or the reader's
    `SpamVerdict` straight from the page (its strongest signal's kind and words)."""

    @property
    def url(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def is_spam(self) -> bool: ...
    @property
    def kind(self) -> str: ...
    @property
    def snippet(self) -> str: ...
    @property
    def own_score(self) -> float | None: ...
    @property
    def head_score(self) -> float: ...
    @property
    def own_blocks(self) -> tuple[str, ...]: ...
    @property
    def template_blocks(self) -> tuple[str, ...]: ...
    @property
    def clean_chars(self) -> int: ...


@dataclass(frozen=True, slots=True)
class SpamEvidence:
    url: str
    score: float
    kind: str  # the page's strongest signal (crawler.read.spam.SignalKind)
    snippet: str


@dataclass(frozen=True, slots=True)
class SiteSpam:
    compromised: bool
    evidence: tuple[SpamEvidence, ...] = ()  # the spam pages, strongest first
    #: Pages whose dates must never count: those of the evidence whose own content is spam.
    spam_urls: frozenset[str] = frozenset()

    @property
    def flags(self) -> tuple[Flag, ...]:
        return (Flag.GAMBLING_SPAM,) if self.compromised else ()


def site_spam(pages: Iterable[PageSpam]) -> SiteSpam:
    """A site is compromised when one page is clearly spam, or several are weakly so; the
    pages whose own content is weakly spam or more are set aside."""
    signalled = [page for page in pages if page.score > 0]
    clear = [page for page in signalled if page.is_spam]
    weak = [page for page in signalled if page.score >= WEAK_THRESHOLD]
    compromised = bool(clear) or len(weak) >= SITE_WEAK_PAGES
    suspects = sorted(weak if compromised else clear, key=lambda p: -p.score)
    evidence = tuple(SpamEvidence(p.url, p.score, p.kind, p.snippet) for p in suspects)
    template = repeated_blocks(signalled)
    own = frozenset(p.url for p in suspects if own_score(p, template) >= WEAK_THRESHOLD)
    return SiteSpam(compromised, evidence, own)


def repeated_blocks(pages: Iterable[PageSpam]) -> frozenset[str]:
    """Fingerprints of blocks carrying signals on two or more pages, and on at least
    `TEMPLATE_SHARE` of the pages with signals: the site's template.

    A template prints its block on every page; the defacers' excerpts, listed on the homepage
    and a category page, are on two pages of many and stay the pages' own. A page read twice
    (its address with and without a trailing slash) is one page."""
    blocks: dict[str, set[str]] = {}
    for page in pages:
        blocks.setdefault(item_key(page.url), set()).update(page.own_blocks, page.template_blocks)
    least = max(2.0, TEMPLATE_SHARE * len(blocks))
    pages_with = Counter(fingerprint for found in blocks.values() for fingerprint in found)
    return frozenset(fingerprint for fingerprint, count in pages_with.items() if count >= least)


def own_score(page: PageSpam, template: Collection[str]) -> float:
    """What the page's own content scores, its blocks repeated across the site left out."""
    if page.own_score is None:
        return page.score  # read before the store kept it: all of it, never guessed upward
    if (
        page.own_blocks
        and all(block in template for block in page.own_blocks)
        and page.clean_chars >= GENUINE_TEXT_CHARS
    ):
        return page.head_score
    return page.own_score
