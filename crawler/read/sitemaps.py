"""Sitemaps: an index as its child sitemaps best first, a URL set as dated evidence.

XML (sitemaps.org, Google News), gzip or plain text (one URL per line). Pure: bytes in, plain
data out. A sitemap is only evidence when its lastmods are credible: a generator stamping "now"
on every entry, a homepage lastmod and timestamps repeated to the second are set aside.
Garbage, an HTML page, a gzip bomb yield an empty result, never an exception; a date in the
future is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from crawler.model import Evidence, Source, is_plausible
from crawler.read.machine import (
    children,
    decompressed,
    first_text,
    iter_named,
    local_name,
    plausible_day,
    snippet_of,
    xml_root,
)
from crawler.read.stamps import parse_machine_date, url_date
from crawler.urls import absolute, same_site

#: The sitemap protocol caps a file at 50,000 entries; more means garbage.
MAX_SITEMAP_ENTRIES = 50_000
MAX_INDEX_CHILDREN = 5_000
#: A generator stamps "now" on (nearly) every entry; this share of equal lastmods betrays it.
GENERATED_SHARE = 0.9
#: Equal lastmods on this many entries are a build stamp whatever day it is (a weekly cron
#: regenerating a sitemap would otherwise make a dead site look a few days old).
GENERATED_MIN_ENTRIES = 5
#: A full timestamp shared by this many entries is a stamp, not a publication moment.
STAMP_REPEATS = 3


@dataclass(frozen=True, slots=True)
class SitemapChild:
    """A child sitemap listed by a sitemap index; `lastmod` only when credible."""

    url: str
    lastmod: date | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    is_index: bool = False
    #: For an index, child sitemaps best first: newest lastmod first, then undated ones with
    #: posts/news before pages and taxonomies, higher numbers (the newer posts) first.
    children: tuple[SitemapChild, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    #: The lastmods are build stamps, not content dates; SITEMAP evidence was dropped.
    generated: bool = False


def parse_sitemap(body: bytes, url: str, *, today: date) -> Sitemap:
    """A sitemap index or URL set (XML, gzip or plain text) as ordered children or evidence."""
    root = xml_root(body)
    kind = local_name(root)
    if kind == "sitemapindex":
        return _parse_index(root, url, today)
    if kind == "urlset":
        entries = [_url_entry(node, url) for node in iter_named(root, "url", MAX_SITEMAP_ENTRIES)]
        return _urlset(entries, url, today)
    if root is None:
        return _urlset(_text_sitemap_entries(body, url), url, today)
    return Sitemap()


def sitemap_urls_of_index(sitemap: Sitemap, limit: int = 2) -> tuple[str, ...]:
    """The child sitemaps worth fetching: the first `limit` in best-first order."""
    return tuple(child.url for child in sitemap.children[: max(limit, 0)])


@dataclass(frozen=True, slots=True)
class _Entry:
    loc: str
    lastmod_text: str = ""
    published_text: str = ""  # <news:publication_date> of a Google News sitemap


def _url_entry(node: Any, sitemap_url: str) -> _Entry | None:
    loc = absolute(sitemap_url, first_text(node, "loc"))
    if loc is None or not same_site(loc, sitemap_url):
        return None  # evidence from another site never counts
    published = ""
    for news in children(node, "news"):
        published = first_text(news, "publication_date")
    return _Entry(loc, first_text(node, "lastmod"), published)


def text_sitemap_urls(body: bytes) -> list[str]:
    """A plain-text sitemap's URLs: one per line, nothing else (so an HTML page never
    qualifies); at most MAX_SITEMAP_ENTRIES."""
    try:
        lines = decompressed(bytes(body)).decode("utf-8").split()
    except (UnicodeDecodeError, TypeError, ValueError):
        return []
    if not lines or not all(re.match(r"https?://", line, re.I) for line in lines):
        return []
    return lines[:MAX_SITEMAP_ENTRIES]


def _text_sitemap_entries(body: bytes, sitemap_url: str) -> list[_Entry | None]:
    entries = []
    for line in text_sitemap_urls(body):
        loc = absolute(sitemap_url, line)
        entries.append(_Entry(loc) if loc and same_site(loc, sitemap_url) else None)
    return entries


def _urlset(entries: list[_Entry | None], url: str, today: date) -> Sitemap:
    valid = [entry for entry in entries if entry is not None]
    stamps = [parse_machine_date(entry.lastmod_text) for entry in valid]
    generated = _looks_generated([day for day in stamps if day is not None], today)
    repeated = _repeated_timestamps(entry.lastmod_text for entry in valid)
    evidence: dict[tuple[Source, str, date, bool], Evidence] = {}

    def add(item: Evidence) -> None:
        evidence.setdefault((item.source, item.url, item.date, item.modified), item)

    for entry, stamp in zip(valid, stamps, strict=True):
        # A homepage lastmod is the newest anything, or just "now": never content.
        home = urlsplit(entry.loc).path in ("", "/", "/index.php", "/index.html")
        credible = not generated and not home and entry.lastmod_text not in repeated
        if credible and stamp is not None and is_plausible(stamp, today):
            snippet = snippet_of(f"<lastmod>{entry.lastmod_text}</lastmod>")
            add(Evidence(Source.SITEMAP, entry.loc, stamp, snippet, url, modified=True))
        published = plausible_day(entry.published_text, today)
        if published is not None and not home:
            snippet = snippet_of(f"<news:publication_date>{entry.published_text}")
            add(Evidence(Source.SITEMAP, entry.loc, published, snippet, url))
        in_path = url_date(entry.loc)
        if in_path is not None and is_plausible(in_path, today):
            add(Evidence(Source.URL, entry.loc, in_path, snippet_of(entry.loc), url))
    return Sitemap(evidence=tuple(evidence.values()), generated=generated)


def _repeated_timestamps(texts: Iterable[str]) -> frozenset[str]:
    """Lastmods repeated to the second: a plugin stamping "now" on pages it cannot date.

    Real posts never share a second; several posts of one day written at midnight may.
    """
    timed = Counter(t for t in texts if ":" in t and not re.search(r"[T ]00:00(:00)?\b", t))
    return frozenset(text for text, count in timed.items() if count >= STAMP_REPEATS)


def _looks_generated(stamps: list[date], today: date) -> bool:
    """True when (nearly) all lastmods share one day that is the crawl day or a build stamp."""
    if not stamps:
        return False
    day, count = Counter(stamps).most_common(1)[0]
    if count < GENERATED_SHARE * len(stamps):
        return False
    # Within a day of the crawl: stamped "now" (the generator may run in another time zone).
    if abs((day - today).days) <= 1:
        return True
    return count >= GENERATED_MIN_ENTRIES


def _parse_index(root: Any, url: str, today: date) -> Sitemap:
    children: dict[str, date | None] = {}
    for node in iter_named(root, "sitemap", MAX_INDEX_CHILDREN):
        loc = absolute(url, first_text(node, "loc"))
        if loc is None or not same_site(loc, url) or loc in children:
            continue
        children[loc] = parse_machine_date(first_text(node, "lastmod"))
    stamps = [day for day in children.values() if day is not None]
    # A single child stamped "now" orders nothing, but several equal stamps are a generator's.
    generated = len(stamps) > 1 and _looks_generated(stamps, today)
    dated = {
        loc: (None if generated or day is None or not is_plausible(day, today) else day)
        for loc, day in children.items()
    }
    ordered = sorted(enumerate(dated.items()), key=lambda item: _child_rank(item[0], *item[1]))
    return Sitemap(
        is_index=True,
        children=tuple(SitemapChild(loc, day) for _, (loc, day) in ordered),
        generated=generated,
    )


_LOW_VALUE_CHILD = re.compile(
    r"taxonom|categor|kategori|tag|author|user|penulis|attachment|media|image|video|gambar|galeri"
)
_PAGE_CHILD = re.compile(r"page|halaman|laman")


def _child_rank(position: int, loc: str, lastmod: date | None) -> tuple[Any, ...]:
    name = urlsplit(loc).path.rsplit("/", 1)[-1].lower()
    if _LOW_VALUE_CHILD.search(name):
        kind = 2
    elif _PAGE_CHILD.search(name):  # before "post": wp-sitemap-posts-page-1.xml holds pages
        kind = 1
    elif re.search(r"post|berita|artikel|news|article|blog|pengumuman", name):
        kind = 0
    else:
        kind = 1
    # Posts are numbered oldest first (WordPress orders them by ID): the last file is newest.
    # Dated names (sitemap-pt-post-2024-08.xml) sort the same way.
    numbers = tuple(-int(run) for run in re.findall(r"\d+", name)[:4]) or (-1,)
    if lastmod is not None:
        return (0, -lastmod.toordinal(), kind, numbers, position)
    return (1, kind, numbers, position)
