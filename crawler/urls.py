"""What counts as the same site, and which sites share a server slot.

Pure string work: no DNS lookups, no network. The public-suffix list is the
snapshot bundled with `tldextract` (never downloaded at run time).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

R = TypeVar("R")
#: Longer arguments are not kept by `cache_short`: a hostile site's megabyte-long URLs must
#: not stay in memory for the whole crawl.
MAX_CACHED_CHARS = 2_000


def cache_short(maxsize: int) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """`functools.lru_cache(maxsize)` for calls whose string arguments are short; a call with
    longer ones is computed and not kept. For pure functions of URLs and link texts."""

    def decorate(function: Callable[..., R]) -> Callable[..., R]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(*args: Any) -> R:
            if sum(len(a) for a in args if isinstance(a, str)) > MAX_CACHED_CHARS:
                return function(*args)
            return cached(*args)

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]  # as lru_cache's
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call

    return decorate


ALLOWED_SCHEMES = frozenset({"http", "https"})

#: Session ids that old PHP, Java and ColdFusion sites put in every link when cookies are off
#: (as they are for the crawler): each answer's links differ, so the same page looks new each
#: time. A parameter counts only with a token-like value, so `?sid=5` (a section) stays.
_SESSION_PARAMS = frozenset(
    [
        "phpsessid",
        "sid",
        "sessid",
        "sessionid",
        "session_id",
        "session",
        "jsessionid",
        "aspsessionid",
        "cfid",
        "cftoken",
        "oscsid",
        "zenid",
        "ci_session",
    ]
)
_SESSION_TOKEN = re.compile(r"[A-Za-z0-9%,._-]{16,}")
_SESSION_HINTS = ("sess", "sid", "cfid", "cftoken", "zenid")
_MAYBE_SESSION = re.compile("|".join(_SESSION_HINTS), re.IGNORECASE)
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)


@lru_cache(maxsize=16384)
def normal_host(host: str) -> str:
    """The one spelling of a host that every comparison of hosts uses.

    Lower case; no trailing dot (`dinas.go.id.` is the fully-qualified spelling of the
    same name); IDNA-encoded, because Scrapy sends `bücher.go.id` as `xn--bcher-kva.go.id`
    and the pages of the site link to either. The stdlib codec (IDNA 2003) is the one
    w3lib encodes request URLs with, so both sides of a comparison agree.
    """
    host = host.strip().rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:  # an empty or overlong label: not a name DNS could answer anyway
        return host


@lru_cache(maxsize=16384)  # a site's menu links repeat on every page it serves
def host_of(url: str) -> str:
    """Normal host (see `normal_host`) with port (`127.0.0.2:8080`), without a leading `www.`."""
    try:
        parts = urlsplit(url)
        host = normal_host(parts.hostname or "")
        port = parts.port
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    return f"{host}:{port}" if port and port not in (80, 443) else host


def without_root_dot(url: str) -> str:
    """`url` with the trailing dot of its host name dropped (`https://dinas.go.id./` ->
    `https://dinas.go.id/`): the name is the same, but hosts files, Host-header virtual
    hosts, TLS SNI and certificate names only know it without the dot."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not (parts.hostname or "").endswith("."):
        return url
    userinfo, at, hostport = parts.netloc.rpartition("@")
    name, colon, port = hostport.partition(":")  # an IPv6 literal never ends with a dot
    return urlunsplit(parts._replace(netloc=f"{userinfo}{at}{name.rstrip('.')}{colon}{port}"))


def same_site(url: str, other: str) -> bool:
    """True when both URLs are on one site; http/https and the sibling-host prefixes `www.`,
    `www2.`, `www3.` and `m.` do not matter (an agency's items may live on `www3.` beside
    `www.`: one site, one organisation). Other subdomains are other sites: every agency of a
    regency is a subdomain of the regency's domain."""
    host = site_host(url)
    return bool(host) and host == site_host(other)


def item_key(url: str) -> str:
    """One key for the variants of an item's URL (scheme, www., trailing slash, case): the
    estimate groups evidence by it, and the spam verdict counts a page once by it."""
    key = url.split("://", 1)[-1].removeprefix("www.")
    return key.rstrip("/").lower()


_SIBLING_PREFIX = re.compile(r"^(?:www\d*|m)\.(?=[^.]+\.[^.])")


def site_host(url: str) -> str:
    """`host_of(url)` without a sibling-host prefix (`www3.`, `m.`) before a name of two
    labels or more: the key `same_site` compares."""
    return _SIBLING_PREFIX.sub("", host_of(url))


@lru_cache(maxsize=16384)
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
    link = link.strip()
    if link[:8].lower().startswith(("http://", "https://")) and "/." not in link:
        url = link.split("#", 1)[0]  # already absolute: what urljoin would return, faster
    else:
        try:
            url = urljoin(base, link).split("#", 1)[0]
        except ValueError:
            return None
    return without_session(url) if is_http_url(url) else None


def without_session(url: str) -> str:
    """`url` without session-id parameters (`?PHPSESSID=…`, `;jsessionid=…`)."""
    if not _may_hold_session(url):
        return url  # the common case
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    kept = [pair for pair in parts.query.split("&") if pair and not _is_session_pair(pair)]
    return urlunsplit((parts.scheme, parts.netloc, path, "&".join(kept), ""))


def _may_hold_session(url: str) -> bool:
    if url.isascii():  # nearly every URL: plain substring tests do what the regex does
        lowered = url.lower()
        return any(hint in lowered for hint in _SESSION_HINTS)
    return _MAYBE_SESSION.search(url) is not None  # "ſ" is an "s" to re.IGNORECASE


def _is_session_pair(pair: str) -> bool:
    name, _, value = pair.partition("=")
    name = name.lower()
    is_session_name = name in _SESSION_PARAMS or name.startswith("aspsessionid")
    return is_session_name and bool(_SESSION_TOKEN.fullmatch(value))


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
    host = normal_host(host.split(":", 1)[0])
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    parts = _EXTRACT(host)
    return parts.top_domain_under_public_suffix or host


def homepage_url(url: str) -> str:
    """The homepage of the site `url` is on, as linked: `scheme://host[:port]/` (host in its
    normal spelling, `www.` kept, default ports dropped); "" for a URL without a host.

    The one key of a linked site: `site_links` deduplicates by it, and discovery's homepages
    (`crawler.judge.discovery.discover`) are looked up by it.
    """
    try:
        parts = urlsplit(url)
        host = normal_host(parts.hostname or "")
        port = parts.port
    except ValueError:
        return ""
    if not host:
        return ""
    scheme = parts.scheme.lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}{f':{port}' if port and port != default else ''}/"
