"""Name what went wrong with a request, in the vocabulary an agency can act on."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit
from urllib.request import getproxies

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.utils.url import add_http_if_no_scheme
from twisted.internet import error as tx
from twisted.python.failure import Failure

from crawler.model import FailureKind
from spiders.guard import PrivateAddressError, ResponseTooLarge, address_refusal

_BY_TYPE: tuple[tuple[tuple[type[BaseException], ...], FailureKind], ...] = (
    # Ours first: they subclass IgnoreRequest, and say exactly what happened.
    ((PrivateAddressError,), FailureKind.PRIVATE),
    ((ResponseTooLarge,), FailureKind.TOO_LARGE),
    ((CannotResolveHostError, tx.DNSLookupError), FailureKind.DNS),
    ((DownloadConnectionRefusedError, tx.ConnectionRefusedError), FailureKind.REFUSED),
    (
        (DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError, TimeoutError),
        FailureKind.TIMEOUT,
    ),
)

#: What stands in a published detail for the proxy and for addresses of a private network.
PROXY = "[proxy]"
PRIVATE_ADDRESS = "[private address]"

# Candidates only (each is parsed before it is replaced), never inside a longer word or
# number; with their port. IPv6 may end in a dotted IPv4 (`::ffff:10.0.0.1`).
_IPV4 = re.compile(r"(?<![\w.:])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.])")
_IPV6 = re.compile(
    r"\[?(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:\.\d{1,3}){0,3}(?![\w:.])"
    r"\]?(?::\d{1,5})?"
)


def failure_kind(failure: Failure) -> tuple[FailureKind, str]:
    """The kind of a download failure and a one-line detail fit to publish."""
    exc = failure.value
    detail = public_detail(f"{type(exc).__name__}: {exc}")[:300]
    if exc is None:  # a Failure always carries its exception; "NoneType: None" says so
        return FailureKind.OTHER, detail
    for types, kind in _BY_TYPE:
        if isinstance(exc, types):
            return kind, detail
    if _is_too_large(exc):
        return FailureKind.TOO_LARGE, detail
    if isinstance(exc, IgnoreRequest):
        return FailureKind.OTHER, detail
    if _mentions_tls(exc):
        return FailureKind.TLS, detail
    return FailureKind.OTHER, detail


def public_detail(text: str, proxies: tuple[str, ...] | None = None) -> str:
    """`text` without the proxy's host (and port) or any private IP address in it.

    Failure details are published in the report; "Could not open CONNECT tunnel with proxy
    10.0.0.1:8080" would publish the office network's layout. `proxies` defaults to the
    proxy URLs of the environment, as Scrapy's HttpProxyMiddleware reads them.
    """
    for host, port in _proxy_hosts(proxies):
        name = re.escape(host)
        if port:
            text = re.sub(rf"\[?{name}\]?:{port}(?!\d)", PROXY, text, flags=re.IGNORECASE)
        if "." in host or ":" in host:  # a one-label name (`proxy`) says nothing; keep words
            text = re.sub(rf"(?<![\w.-]){name}(?![\w-])", PROXY, text, flags=re.IGNORECASE)
    text = _IPV4.sub(_private_or_kept, text)
    return _IPV6.sub(_private_or_kept, text)


def _proxy_hosts(proxies: tuple[str, ...] | None) -> list[tuple[str, int | None]]:
    if proxies is None:
        proxies = tuple(url for scheme, url in getproxies().items() if scheme != "no" and url)
    hosts = []
    for url in proxies:
        try:
            parts = urlsplit(add_http_if_no_scheme(url))
            host, port = parts.hostname, parts.port
        except ValueError:
            continue
        if host:
            hosts.append((host, port))
    # Longest first, so `proxy.office` is not half-replaced by a proxy named `office`.
    return sorted(hosts, key=lambda pair: -len(pair[0]))


def _private_or_kept(match: re.Match[str]) -> str:
    literal = match.group(0)
    bare = literal
    if bare.startswith("["):
        bare = bare[1:].split("]", 1)[0]
    elif bare.count(":") == 1:  # IPv4 with a port
        bare = bare.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        return literal
    return PRIVATE_ADDRESS if address_refusal(address) else literal


def _is_too_large(exc: BaseException) -> bool:
    # Over DOWNLOAD_MAXSIZE as sent (the download is cancelled) or once decompressed (a gzip
    # bomb: the compression middleware ignores the response).
    text = str(exc).lower()
    if isinstance(exc, DownloadCancelledError):
        return "max size" in text
    return isinstance(exc, IgnoreRequest) and "download_maxsize" in text


def _mentions_tls(exc: BaseException) -> bool:
    # Twisted wraps handshake errors (OpenSSL.SSL.Error) in ResponseNeverReceived /
    # ConnectionLost with a list of reasons; the names are the reliable part.
    texts = [type(exc).__name__, str(exc)]
    for reason in getattr(exc, "reasons", []) or []:
        value = getattr(reason, "value", reason)
        texts += [type(value).__module__, type(value).__name__, str(value)]
    blob = " ".join(texts).lower()
    return any(word in blob for word in ("ssl", "tls", "certificate", "handshake"))
