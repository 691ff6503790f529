"""Feeds: the items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed with their publication dates.

Pure: bytes in, evidence out. Comment feeds, items from another site and HTML pages served at
feed URLs yield nothing; garbage never raises; a date in the future is dropped.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from crawler.model import Evidence, Source
from crawler.read.machine import (
    children,
    first_text,
    iter_named,
    local_name,
    plausible_day,
    snippet_of,
    text_of,
    xml_root,
)
from crawler.urls import absolute, same_site

MAX_FEED_ITEMS = 1_000

_COMMENT_TITLE = re.compile(r"^\s*(comments (on|for)|komentar (untuk|pada|di))\b", re.I)
#: WordPress `/comments/feed/`, `?feed=comments-rss2`; Blogger `/feeds/comments/default`.
_COMMENT_FEED_URL = re.compile(r"/comments/feed|[?&]feed=comments|/feeds/(\d+/)?comments/", re.I)
#: Item links of comments: WordPress `#comment-12`, Blogger `?showComment=1690000000000`.
_COMMENT_LINK = re.compile(r"#comment-|[?&]showcomment=", re.I)


def parse_feed(body: bytes, url: str, *, today: date) -> list[Evidence]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed with their publication dates.

    Comment feeds and HTML pages served at feed URLs yield nothing: a comment is not content.
    """
    root = xml_root(body)
    kind = local_name(root)
    if kind not in ("rss", "feed", "rdf") or _COMMENT_FEED_URL.search(url):
        return []
    channel = next(iter(children(root, "channel")), root)
    if _COMMENT_TITLE.match(first_text(channel, "title")):
        return []
    items = iter_named(root, "entry" if kind == "feed" else "item", MAX_FEED_ITEMS)
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
    for link in children(item, "link"):
        if link.get("href") and (link.get("rel") or "alternate") == "alternate":
            return str(link.get("href")).strip()
    if kind == "feed":
        return ""
    link = first_text(item, "link")
    if link:
        return link
    for guid in children(item, "guid"):
        if (guid.get("isPermaLink") or "true").lower() != "false":
            return text_of(guid)
    return ""


def _item_evidence(item: Any, raw_link: str, feed_url: str, today: date) -> Evidence | None:
    modified = False
    stamp = first_text(item, "pubdate", "published", "issued", "date")
    if not stamp:
        # Atom's <updated> alone is a modification stamp: weaker, but still the item's.
        stamp, modified = first_text(item, "updated", "modified"), True
    day = plausible_day(stamp, today)
    if day is None:
        return None
    link = absolute(feed_url, raw_link) if raw_link else feed_url
    if link is None or not same_site(link, feed_url):
        return None  # an aggregated item from another site says nothing about this one
    title = snippet_of(first_text(item, "title")) or snippet_of(stamp)
    return Evidence(Source.FEED, link, day, title, feed_url, modified=modified)
