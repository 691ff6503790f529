"""The WordPress REST API: the newest posts (`/wp-json/wp/v2/posts`) as dated evidence.

Pure: bytes in, evidence out. A JSON error object, an HTML page, PHP notices before the array
and drafts yield nothing false; garbage never raises; a date in the future is dropped.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from crawler.model import Evidence, Source
from crawler.read.machine import MAX_BODY_BYTES, plausible_day
from crawler.urls import absolute, same_site

MAX_API_ITEMS = 1_000

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
        day = plausible_day(stamp, today)
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
