"""Machine-readable sources of dates: sitemaps, feeds, the WordPress REST API, robots.txt, headers.

Every parser takes the bytes the spider fetched and returns plain data. Hostile or garbage input
(malformed or truncated XML, an HTML page served instead of XML, a JSON error object, a gzip bomb)
yields an empty result, never an exception. Every date returned is plausible for the crawl day:
a date in the future is dropped, because calling a stale site fresh is the worst error we make.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from protego import Protego

from crawler.model import Evidence, Source, is_plausible
from crawler.read.stamps import parse_machine_date, url_date
from crawler.urls import absolute, same_site

#: Decompressed size cap: the sitemap protocol allows 50 MB, but a probe needs far less, and
#: an unbounded gunzip is a classic bomb.
MAX_BODY_BYTES = 20 * 1024 * 1024
#: The sitemap protocol caps a file at 50,000 entries; more means garbage.
MAX_SITEMAP_ENTRIES = 50_000
MAX_INDEX_CHILDREN = 5_000
MAX_FEED_ITEMS = 1_000
MAX_API_ITEMS = 1_000
#: Google reads only the first 500 KiB of robots.txt; so do we.
MAX_ROBOTS_CHARS = 500 * 1024
#: A generator stamps "now" on (nearly) every entry; this share of equal lastmods betrays it.
GENERATED_SHARE = 0.9
#: Equal lastmods on this many entries are a build stamp whatever day it is (a weekly cron
#: regenerating a sitemap would otherwise make a dead site look a few days old).
GENERATED_MIN_ENTRIES = 5
#: A full timestamp shared by this many entries is a stamp, not a publication moment.
STAMP_REPEATS = 3
SNIPPET_CHARS = 120

_XML_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
}


# --------------------------------------------------------------------------- shared XML helpers


def _decompressed(body: bytes) -> bytes:
    """The body, gunzipped when it is gzip (servers send .xml.gz without Content-Encoding)."""
    if body[:2] != b"\x1f\x8b":
        return body[:MAX_BODY_BYTES]
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        # A truncated download still yields the entries before the cut.
        return inflater.decompress(body, MAX_BODY_BYTES)
    except zlib.error:
        return b""


def _xml_root(body: bytes) -> etree._Element | None:
    if not isinstance(body, bytes | bytearray):
        return None
    data = _decompressed(bytes(body)).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data:
        return None
    try:
        return etree.fromstring(data, etree.XMLParser(**_XML_PARSER_OPTIONS))
    except (etree.LxmlError, ValueError, TypeError):
        return None


def _local(element: Any) -> str:
    """Tag name without namespace or (undeclared) prefix, lower-cased; "" for comments."""
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _text(element: Any) -> str:
    if element is None:
        return ""
    try:
        return " ".join("".join(element.itertext()).split())
    except (ValueError, TypeError):
        return ""


def _children(element: Any, *names: str) -> list[Any]:
    return [child for child in element if _local(child) in names]


def _first_text(element: Any, *names: str) -> str:
    """Text of the first child named by the earliest name in `names` that has text."""
    for name in names:
        for child in _children(element, name):
            text = _text(child)
            if text:
                return text
    return ""


def _plausible_day(value: str, today: date) -> date | None:
    day = parse_machine_date(value)
    return day if day is not None and is_plausible(day, today) else None


def _snippet(text: str) -> str:
    return " ".join(text.split())[:SNIPPET_CHARS]


# --------------------------------------------------------------------------- sitemaps


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
    root = _xml_root(body)
    kind = _local(root)
    if kind == "sitemapindex":
        return _parse_index(root, url, today)
    if kind == "urlset":
        entries = [_url_entry(node, url) for node in _iter_named(root, "url", MAX_SITEMAP_ENTRIES)]
        return _urlset(entries, url, today)
    if root is None:
        return _urlset(_text_sitemap_entries(body, url), url, today)
    return Sitemap()


def sitemap_urls_of_index(sitemap: Sitemap, limit: int = 2) -> tuple[str, ...]:
    """The child sitemaps worth fetching: the first `limit` in best-first order."""
    return tuple(child.url for child in sitemap.children[: max(limit, 0)])


def _iter_named(root: Any, name: str, limit: int) -> list[Any]:
    # Recovered documents can nest entries oddly; any depth will do.
    found = []
    for element in root.iter():
        if _local(element) == name:
            found.append(element)
            if len(found) >= limit:
                break
    return found


@dataclass(frozen=True, slots=True)
class _Entry:
    loc: str
    lastmod_text: str = ""
    published_text: str = ""  # <news:publication_date> of a Google News sitemap


def _url_entry(node: Any, sitemap_url: str) -> _Entry | None:
    loc = absolute(sitemap_url, _first_text(node, "loc"))
    if loc is None or not same_site(loc, sitemap_url):
        return None  # evidence from another site never counts
    published = ""
    for news in _children(node, "news"):
        published = _first_text(news, "publication_date")
    return _Entry(loc, _first_text(node, "lastmod"), published)


def _text_sitemap_entries(body: bytes, sitemap_url: str) -> list[_Entry | None]:
    """A plain-text sitemap: one URL per line, nothing else (so an HTML page never qualifies)."""
    try:
        lines = _decompressed(bytes(body)).decode("utf-8").split()
    except (UnicodeDecodeError, TypeError, ValueError):
        return []
    if not lines or not all(re.match(r"https?://", line, re.I) for line in lines):
        return []
    entries = []
    for line in lines[:MAX_SITEMAP_ENTRIES]:
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
            snippet = _snippet(f"<lastmod>{entry.lastmod_text}</lastmod>")
            add(Evidence(Source.SITEMAP, entry.loc, stamp, snippet, url, modified=True))
        published = _plausible_day(entry.published_text, today)
        if published is not None and not home:
            snippet = _snippet(f"<news:publication_date>{entry.published_text}")
            add(Evidence(Source.SITEMAP, entry.loc, published, snippet, url))
        in_path = url_date(entry.loc)
        if in_path is not None and is_plausible(in_path, today):
            add(Evidence(Source.URL, entry.loc, in_path, _snippet(entry.loc), url))
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
    for node in _iter_named(root, "sitemap", MAX_INDEX_CHILDREN):
        loc = absolute(url, _first_text(node, "loc"))
        if loc is None or not same_site(loc, url) or loc in children:
            continue
        children[loc] = parse_machine_date(_first_text(node, "lastmod"))
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


# --------------------------------------------------------------------------- feeds

_COMMENT_TITLE = re.compile(r"^\s*(comments (on|for)|komentar (untuk|pada|di))\b", re.I)
#: WordPress `/comments/feed/`, `?feed=comments-rss2`; Blogger `/feeds/comments/default`.
_COMMENT_FEED_URL = re.compile(r"/comments/feed|[?&]feed=comments|/feeds/(\d+/)?comments/", re.I)
#: Item links of comments: WordPress `#comment-12`, Blogger `?showComment=1690000000000`.
_COMMENT_LINK = re.compile(r"#comment-|[?&]showcomment=", re.I)


def parse_feed(body: bytes, url: str, *, today: date) -> list[Evidence]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed with their publication dates.

    Comment feeds and HTML pages served at feed URLs yield nothing: a comment is not content.
    """
    root = _xml_root(body)
    kind = _local(root)
    if kind not in ("rss", "feed", "rdf") or _COMMENT_FEED_URL.search(url):
        return []
    channel = next(iter(_children(root, "channel")), root)
    if _COMMENT_TITLE.match(_first_text(channel, "title")):
        return []
    items = _iter_named(root, "entry" if kind == "feed" else "item", MAX_FEED_ITEMS)
    links = [_item_link(item, kind) for item in items]
    if links and sum(bool(_COMMENT_LINK.search(link)) for link in links) * 2 >= len(links):
        return []
    found: dict[tuple[str, date, bool], Evidence] = {}
    for item, raw_link in zip(items, links, strict=True):
        if _COMMENT_LINK.search(raw_link):
            continue
        evidence = _item_evidence(item, raw_link, url, today)
        if evidence is not None:
            found.setdefault((evidence.url, evidence.date, evidence.modified), evidence)
    return list(found.values())


def _item_link(item: Any, kind: str) -> str:
    # Atom links are attributes, and Blogger adds replies/edit/self links beside the post's own.
    for link in _children(item, "link"):
        if link.get("href") and (link.get("rel") or "alternate") == "alternate":
            return str(link.get("href")).strip()
    if kind == "feed":
        return ""
    link = _first_text(item, "link")
    if link:
        return link
    for guid in _children(item, "guid"):
        if (guid.get("isPermaLink") or "true").lower() != "false":
            return _text(guid)
    return ""


def _item_evidence(item: Any, raw_link: str, feed_url: str, today: date) -> Evidence | None:
    modified = False
    stamp = _first_text(item, "pubdate", "published", "issued", "date")
    if not stamp:
        # Atom's <updated> alone is a modification stamp: weaker, but still the item's.
        stamp, modified = _first_text(item, "updated", "modified"), True
    day = _plausible_day(stamp, today)
    if day is None:
        return None
    link = absolute(feed_url, raw_link) if raw_link else feed_url
    if link is None or not same_site(link, feed_url):
        return None  # an aggregated item from another site says nothing about this one
    title = _snippet(_first_text(item, "title")) or _snippet(stamp)
    return Evidence(Source.FEED, link, day, title, feed_url, modified=modified)


# --------------------------------------------------------------------------- WordPress REST API

_HAS_OFFSET = re.compile(r"(?:[zZ]|[+-]\d{2}:?\d{2})\s*$")


def parse_wp_posts(body: bytes, url: str, *, today: date) -> list[Evidence]:
    """Posts from `/wp-json/wp/v2/posts?_fields=date_gmt,modified_gmt,link` (a JSON array)."""
    posts = _json_array(body)
    found: dict[tuple[str, date], Evidence] = {}
    for post in posts[:MAX_API_ITEMS]:
        if not isinstance(post, dict):
            continue
        status = post.get("status", "publish")
        if status != "publish":
            continue
        evidence = _post_evidence(post, url, today)
        if evidence is not None:
            found.setdefault((evidence.url, evidence.date), evidence)
    return list(found.values())


def _json_array(body: bytes) -> list[Any]:
    if not isinstance(body, bytes | bytearray) or len(body) > MAX_BODY_BYTES:
        return []
    text = bytes(body).decode("utf-8-sig", errors="replace").strip()
    # Sloppy PHP installs print notices before the JSON; the array still follows.
    start = text.find("[") if not text.startswith("[") else 0
    if start < 0:
        return []
    try:
        value, _ = json.JSONDecoder().raw_decode(text, start)
    except (ValueError, RecursionError):
        return []
    return value if isinstance(value, list) else []


def _post_evidence(post: dict[str, Any], api_url: str, today: date) -> Evidence | None:
    for key, utc in (("date_gmt", True), ("date", False)):
        value = post.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        if value.startswith("0000"):
            return None  # never published (a draft or pending post), whatever its local date
        stamp = value + "Z" if utc and not _HAS_OFFSET.search(value) else value
        day = _plausible_day(stamp, today)
        if day is None:
            continue
        return Evidence(Source.WP_API, _post_link(post, api_url), day, f"{key} {value}", api_url)
    return None


def _post_link(post: dict[str, Any], api_url: str) -> str:
    link = post.get("link")
    if not isinstance(link, str):
        guid = post.get("guid")
        link = guid.get("rendered") if isinstance(guid, dict) else None
    resolved = absolute(api_url, link) if isinstance(link, str) else None
    # A misconfigured site URL (old domain, localhost) must not move the post off this site.
    return resolved if resolved is not None and same_site(resolved, api_url) else api_url


# --------------------------------------------------------------------------- robots.txt


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


# --------------------------------------------------------------------------- HTTP headers


def last_modified_evidence(header: str | None, url: str, *, today: date) -> Evidence | None:
    """`Last-Modified` as weak evidence; None when it is just "now" (today or yesterday)."""
    if not isinstance(header, str):
        return None
    day = _plausible_day(header, today)
    if day is None or day >= today - timedelta(days=1):
        return None
    snippet = _snippet(f"Last-Modified: {header}")
    return Evidence(Source.HTTP_HEADER, url, day, snippet, url, modified=True)
