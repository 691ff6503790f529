"""Whether a site is compromised by online-gambling spam, from the spam signals of its pages.

The verdict on one page (its score, whether it is clearly spam, its strongest signal) is the
reader's (`crawler.read.spam`); the store keeps it as a `SpamPage`. This module only weighs
the pages of one site together: one clear spam page, or several weak ones, make the site
compromised, and their addresses are the pages whose dates must never count. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from crawler.model import Flag
from crawler.spamwords import WEAK_THRESHOLD

#: This many weak pages make a site compromised even with no clear spam page.
SITE_WEAK_PAGES = 3


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
    spam_urls: frozenset[str] = frozenset()  # pages whose dates must never count

    @property
    def flags(self) -> tuple[Flag, ...]:
        return (Flag.GAMBLING_SPAM,) if self.compromised else ()


def site_spam(pages: Iterable[PageSpam]) -> SiteSpam:
    """A site is compromised when one page is clearly spam, or several are weakly so."""
    signalled = [page for page in pages if page.score > 0]
    clear = [page for page in signalled if page.is_spam]
    weak = [page for page in signalled if page.score >= WEAK_THRESHOLD]
    compromised = bool(clear) or len(weak) >= SITE_WEAK_PAGES
    suspects = sorted(weak if compromised else clear, key=lambda p: -p.score)
    evidence = tuple(SpamEvidence(p.url, p.score, p.kind, p.snippet) for p in suspects)
    return SiteSpam(compromised, evidence, frozenset(p.url for p in suspects))
