"""Where the crawler connects: never to this machine or its private network, unless allowed.

Agency URLs come from a config, but the links, redirects and DNS answers the crawl follows
come from the web. A name that resolves to 127.0.0.1 or 169.254.169.254 (the cloud's
metadata service), or an address spelled oddly (`127.1`, `2130706433`, `0x7f.0.0.1`), would
turn the monitor into a way to read this machine's own services. Two checks close that:

- `GuardMiddleware` refuses a request whose URL names such a host before anything is sent;
- `GuardedResolver`, the reactor's name resolver, refuses every name with a non-public
  address among its answers, at connect time: the addresses it hands over are the ones
  the connection uses, so a DNS answer that changes between two lookups (rebinding) and a
  same-site redirect are checked like the first request.

Both step aside with `crawl.allow_private_hosts` (tests, intranets). Through a proxy the
proxy resolves the sites, so the resolver sees only the proxy's own name, which may well be
private (an office proxy on 10.x): the proxy hosts named in the environment stay allowed.

The middleware also names a response cut off for streaming past `DOWNLOAD_MAXSIZE` without
a Content-Length (Scrapy reports it as a bare cancellation) as too large.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from typing import Any, Protocol, Self, cast
from urllib.parse import urlsplit
from urllib.request import getproxies
from weakref import WeakKeyDictionary

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, DownloadCancelledError, IgnoreRequest
from scrapy.resolver import CachingHostnameResolver
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.url import add_http_if_no_scheme
from twisted.internet.base import ReactorBase
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import (
    IAddress,
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
)
from zope.interface import implementer  # type: ignore[import-untyped]  # ships no types

from crawler.urls import normal_host

#: The Scrapy setting that carries `crawl.allow_private_hosts` to the resolver and middleware.
ALLOW_PRIVATE_HOSTS = "FRESHNESS_ALLOW_PRIVATE_HOSTS"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the well-known prefix: an IPv4 address inside

#: Names the resolver refused (normal host -> why), for the middleware to tell a refusal from a
#: name that does not exist: Twisted turns both into "no results for hostname lookup". The
#: resolver is installed on the reactor, outside any one crawler, hence a module-level table.
_refused: dict[str, str] = {}


class PrivateAddressError(IgnoreRequest):
    """Not fetched: the host is, or resolves to, an address the crawl must not reach."""


class ResponseTooLarge(IgnoreRequest):
    """Not kept: the body streamed past the size limit (no Content-Length said so first)."""


# -- what may be reached (pure) -----------------------------------------------------------


def address_refusal(address: Address) -> str:
    """Why a connection to `address` is refused ("" when it is a public address)."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        address = embedded
    if address.is_global and not address.is_multicast:
        return ""
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_unspecified:
        return "unspecified"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private-network"
    return "non-public"


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (`::ffff:127.0.0.1`, NAT64, 6to4), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def _odd_ipv4(host: str) -> bool:
    """True for an IPv4 address in any spelling but the dotted quad: `127.1`, `2130706433`,
    `0x7f.0.0.1`, `0177.0.0.1`. The C library (and so the connection) reads them all as
    addresses; nobody publishes a site under one, and a filter on the usual spelling
    misses them."""
    try:
        packed = socket.inet_aton(host)
    except (OSError, ValueError):
        return False
    return socket.inet_ntoa(packed) != host


def host_refusal(host: str) -> str:
    """Why the host of a URL must not be asked for when private hosts are not allowed, or ""
    (a host name is left to the resolver, which checks what it resolves to)."""
    host = normal_host(host)
    if not host:
        return "not fetched: the URL has no host"
    if host == "localhost" or host.endswith(".localhost"):
        return "not fetched: a localhost name is this machine"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if _odd_ipv4(host):
            return f"not fetched: {host!r} is an IP address in an unusual spelling"
        return ""
    kind = address_refusal(address)
    return f"not fetched: the host is a {kind} address" if kind else ""


def proxy_hosts() -> frozenset[str]:
    """The hosts of the proxies in the environment (`http_proxy`, `https_proxy`…), which
    Scrapy's HttpProxyMiddleware connects to in place of the sites."""
    hosts = set()
    for scheme, url in getproxies().items():
        if scheme == "no" or not url:
            continue
        try:
            host = urlsplit(add_http_if_no_scheme(url)).hostname
        except ValueError:
            continue
        if host:
            hosts.add(normal_host(host))
    return frozenset(hosts)


# -- at connect time ----------------------------------------------------------------------


class _Receiver(Protocol):
    """`IResolutionReceiver` as mypy reads it: zope interfaces declare their methods without
    `self`, which mypy cannot check without a plugin."""

    def resolutionBegan(self, resolution: IHostResolution) -> None: ...

    def addressResolved(self, address: IAddress) -> None: ...

    def resolutionComplete(self) -> None: ...


@implementer(IResolutionReceiver)
class _Screened:
    """Hands a resolution on only when every address found is public: one private answer
    among public ones is still a way in (the connection tries each in turn)."""

    def __init__(self, receiver: _Receiver, host: str) -> None:
        self._receiver = receiver
        self._host = host
        self._addresses: list[IAddress] = []

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        self._receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        self._addresses.append(address)

    def resolutionComplete(self) -> None:
        kinds = [_kind_of(address) for address in self._addresses]
        refused = next((kind for kind in kinds if kind), "")
        if refused:
            _refused[self._host] = f"not fetched: {self._host} resolves to a {refused} address"
        else:
            _refused.pop(self._host, None)
            for address in self._addresses:
                self._receiver.addressResolved(address)
        self._receiver.resolutionComplete()


def _kind_of(address: IAddress) -> str:
    try:
        return address_refusal(ipaddress.ip_address(getattr(address, "host", "")))
    except ValueError:
        return "unrecognised"  # not an IP address: nothing we can vouch for


@implementer(IHostnameResolver)
class GuardedResolver(CachingHostnameResolver):
    """Scrapy's caching resolver (IPv4 and IPv6), refusing non-public answers.

    Installed with the `TWISTED_DNS_RESOLVER` setting. Every connection the crawl makes
    (to a site, a redirect target, or a proxy) asks it, so checking here cannot be
    bypassed by how a URL spells its host. Subclasses change `lookup`, not the check.
    """

    def __init__(
        self,
        reactor: ReactorBase,
        cache_size: int,
        *,
        allow_private: bool = False,
        proxies: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(reactor, cache_size)
        self.allow_private = allow_private
        self.proxies = proxies

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        settings = crawler.settings  # the process's settings: the resolver is per process
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        proxies = proxy_hosts() if settings.getbool("HTTPPROXY_ENABLED") else frozenset()
        return cls(
            reactor,
            cache_size,
            allow_private=settings.getbool(ALLOW_PRIVATE_HOSTS),
            proxies=proxies,
        )

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        host = normal_host(hostName)
        if not self.allow_private and host not in self.proxies:
            # The interface and the protocol are the same methods, told to mypy twice.
            screened = _Screened(cast(_Receiver, resolutionReceiver), host)
            resolutionReceiver = cast(IResolutionReceiver, screened)
        return self.lookup(
            resolutionReceiver, hostName, portNumber, addressTypes, transportSemantics
        )

    def lookup(
        self,
        receiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        """The lookup itself (cached; the system's resolver on a miss)."""
        return super().resolveHostName(
            receiver, hostName, portNumber, addressTypes, transportSemantics
        )


def dns_refusal(url: str) -> str:
    """Why the resolver refused the host of `url` ("" when it did not)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return _refused.get(normal_host(host), "")


class GuardMiddleware:
    """Downloader middleware: refuses private targets before a request is sent, and names
    the failures that the resolver's refusal and a streamed oversize body turn into.

    Its order (600) puts `process_exception` before RetryMiddleware's (550): a refusal is
    final, not a DNS failure worth a retry.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.allow_private = crawler.settings.getbool(ALLOW_PRIVATE_HOSTS)
        self.maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        # Per request object: a retry is a new Request and starts again from 0.
        self._received: WeakKeyDictionary[Request, int] = WeakKeyDictionary()
        crawler.signals.connect(self._count, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _count(self, data: bytes, request: Request) -> None:
        self._received[request] = self._received.get(request, 0) + len(data)

    def process_request(self, request: Request) -> None:
        if self.allow_private:
            return
        refusal = host_refusal(urlparse_cached(request).hostname or "")
        if refusal:
            raise PrivateAddressError(refusal)

    def process_exception(self, request: Request, exception: Exception) -> Any:
        if isinstance(exception, CannotResolveHostError | DNSLookupError):
            refusal = "" if self.allow_private else dns_refusal(request.url)
            if refusal:
                raise PrivateAddressError(refusal) from exception
        if isinstance(exception, DownloadCancelledError):
            limit = int(request.meta.get("download_maxsize", self.maxsize))
            received = self._received.get(request, 0)
            if limit and received > limit:
                raise ResponseTooLarge(
                    f"more than {limit} bytes sent without a Content-Length; stopped there"
                ) from exception
        return None
