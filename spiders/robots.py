"""robots.txt: crawl policy, not a date source. What our user agent may fetch, its Crawl-delay
and the Sitemap: lines the site lists.

The spider fetches robots.txt first on every site (its redirects are followed to any host,
RFC 9309) and asks for the homepage whatever came of it: a robots.txt that cannot be had, or
that is an HTML page or garbage, allows everything. `honour_crawl_delay` slows the site's
download slot to the Crawl-delay it asks for, within `MAX_CRAWL_DELAY`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from protego import Protego

from crawler.urls import absolute

#: Google reads only the first 500 KiB of robots.txt; so do we.
MAX_ROBOTS_CHARS = 500 * 1024
#: robots.txt Crawl-delay is honoured up to this many seconds (a probe is ~25 requests).
MAX_CRAWL_DELAY = 30.0


@dataclass(frozen=True, slots=True)
class Robots:
    """robots.txt rules for our user agent; an unreadable file allows everything."""

    user_agent: str
    _parser: Protego = field(repr=False, compare=False)

    def allows(self, url: str) -> bool:
        try:
            return bool(self._parser.can_fetch(url, self.user_agent))
        except Exception:  # a parser bug on a strange URL must not stop the crawl
            return True

    @property
    def sitemaps(self) -> tuple[str, ...]:
        try:
            listed = [str(item).strip() for item in self._parser.sitemaps]
        except Exception:
            return ()
        # Relative Sitemap: lines cannot be resolved without the robots URL; skip them.
        return tuple(dict.fromkeys(u for u in listed if absolute(u, u) == u))

    @property
    def crawl_delay(self) -> float | None:
        try:
            delay = self._parser.crawl_delay(self.user_agent)
        except Exception:
            return None
        if delay is None:
            return None
        delay = float(delay)
        return delay if 0 <= delay < float("inf") else None

    @property
    def disallows_all(self) -> bool:
        """True when even the homepage is closed to us (`Disallow: /`)."""
        return not self.allows("/")


def parse_robots(text: str, user_agent: str) -> Robots:
    text = text if isinstance(text, str) else ""
    text = text[:MAX_ROBOTS_CHARS]
    if _looks_like_html(text):
        text = ""  # a CMS answered /robots.txt with a page: there are no rules
    try:
        parser = Protego.parse(text)
    except Exception:
        parser = Protego.parse("")
    return Robots(user_agent, parser)


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    return head.startswith("<") or "<html" in head or "<body" in head


def honour_crawl_delay(downloader: Any, slot: str, asked: float, known: float = 0.0) -> float:
    """Slow the download slot `slot` to `asked` seconds (capped, never below `known`, the delay
    already set for it); the delay set.

    Set for the live slot and for the one Scrapy creates again after the slot idled.
    """
    delay = max(min(asked, MAX_CRAWL_DELAY), known)
    downloader.per_slot_settings.setdefault(slot, {})["delay"] = delay
    if slot in downloader.slots:
        downloader.slots[slot].delay = max(downloader.slots[slot].delay, delay)
    return delay
