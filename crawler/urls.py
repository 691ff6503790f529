"""What counts as the same site, and which sites share a server slot.

Pure string work: no DNS lookups, no network. The public-suffix list is the
snapshot bundled with `tldextract` (never downloaded at run time).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

ALLOWED_SCHEMES = frozenset({"http", "https"})


def host_of(url: str) -> str:
    """Lower-case host with port (`127.0.0.2:8080`), without a leading `www.`."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    return f"{host}:{port}" if port and port not in (80, 443) else host


def same_site(url: str, other: str) -> bool:
    """True when both URLs are on one site; `www.` and http/https differences do not matter."""
    host = host_of(url)
    return bool(host) and host == host_of(other)


def is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.hostname)


def absolute(base: str, link: str | None) -> str | None:
    """`link` resolved against `base`, fragment dropped; None unless it is http(s)."""
    if not link:
        return None
    try:
        url = urljoin(base, link.strip()).split("#", 1)[0]
    except ValueError:
        return None
    return url if is_http_url(url) else None


def is_ip_literal(url: str) -> bool:
    try:
        ipaddress.ip_address(urlsplit(url).hostname or "")
    except ValueError:
        return False
    return True


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """`disdik.bengkaliskab.go.id` -> `bengkaliskab.go.id`: sites that likely share one server.

    IP literals and hosts without a public suffix (fixtures, intranets) are their own domain.
    """
    host = host.split(":", 1)[0].lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    parts = _EXTRACT(host)
    return parts.top_domain_under_public_suffix or host
