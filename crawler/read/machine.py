"""What the machine-readable sources share: a bounded body, a safe XML tree, a plausible day.

Sitemaps (`crawler.read.sitemaps`), feeds (`crawler.read.feeds`), the WordPress REST API
(`crawler.read.wpapi`) and HTTP headers (`crawler.read.headers`) each read one format; the
helpers they have in common live here. Hostile input (a gzip bomb, external entities, an entity
bomb, garbage) gives an empty result, never an exception.
"""

from __future__ import annotations

import zlib
from datetime import date
from typing import Any

from lxml import etree

from crawler.model import is_plausible
from crawler.read.stamps import parse_machine_date

#: Decompressed size cap: the sitemap protocol allows 50 MB, but a probe needs far less, and
#: an unbounded gunzip is a classic bomb.
MAX_BODY_BYTES = 20 * 1024 * 1024
SNIPPET_CHARS = 120

_XML_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
}


def decompressed(body: bytes) -> bytes:
    """The body, gunzipped when it is gzip (servers send .xml.gz without Content-Encoding)."""
    if body[:2] != b"\x1f\x8b":
        return body[:MAX_BODY_BYTES]
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        # A truncated download still yields the entries before the cut.
        return inflater.decompress(body, MAX_BODY_BYTES)
    except zlib.error:
        return b""


def xml_root(body: bytes) -> etree._Element | None:
    """The document's root element, or None for anything that is not (recoverable) XML."""
    if not isinstance(body, bytes | bytearray):
        return None
    data = decompressed(bytes(body)).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data:
        return None
    try:
        return etree.fromstring(data, etree.XMLParser(**_XML_PARSER_OPTIONS))
    except (etree.LxmlError, ValueError, TypeError):
        return None


def local_name(element: Any) -> str:
    """Tag name without namespace or (undeclared) prefix, lower-cased; "" for comments."""
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def text_of(element: Any) -> str:
    if element is None:
        return ""
    try:
        return " ".join("".join(element.itertext()).split())
    except (ValueError, TypeError):
        return ""


def children(element: Any, *names: str) -> list[Any]:
    return [child for child in element if local_name(child) in names]


def first_text(element: Any, *names: str) -> str:
    """Text of the first child named by the earliest name in `names` that has text."""
    for name in names:
        for child in children(element, name):
            text = text_of(child)
            if text:
                return text
    return ""


def iter_named(root: Any, name: str, limit: int) -> list[Any]:
    """Up to `limit` elements called `name`, at any depth."""
    # Recovered documents can nest entries oddly; any depth will do.
    found = []
    for element in root.iter():
        if local_name(element) == name:
            found.append(element)
            if len(found) >= limit:
                break
    return found


def plausible_day(value: str, today: date) -> date | None:
    """The day of a machine timestamp, when it is plausible for the crawl day."""
    day = parse_machine_date(value)
    return day if day is not None and is_plausible(day, today) else None


def snippet_of(text: str) -> str:
    return " ".join(text.split())[:SNIPPET_CHARS]
