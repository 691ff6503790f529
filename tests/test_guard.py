"""Where the crawler may connect, and how hosts are spelled: attacks and odd names, for real.

Each crawl runs in a subprocess (Twisted's reactor cannot restart) against loopback servers
that log every request, so "refused" means the server never saw one. The fleet's resolver
(tests/fleet/resolver.py, FLEET_HOSTS) makes names resolve to loopback; it goes through the
same private-address check as the system's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.core.downloader.handlers.http11 import TunnelError
from scrapy.exceptions import DownloadConnectionRefusedError
from scrapy.resolver import HostResolution, dnscache
from twisted.internet.address import IPv4Address
from twisted.python.failure import Failure

from crawler.model import NETWORK_FAILURES, FailureKind
from crawler.urls import host_of, normal_host, registrable_domain, same_site, without_root_dot
from spiders.failures import failure_kind, public_detail
from spiders.guard import GuardedResolver, dns_refusal, host_refusal
from tests.fleet.resolver import FLEET_DNS
from tests.fleet.server import Fleet

REPO = Path(__file__).resolve().parent.parent

#: Builds a fleet in code (no config file, so no config check stands in for the crawl's own)
#: and crawls it with the fleet's resolver; prints what was fetched as JSON.
_CRAWL = FLEET_DNS + """
import json
from crawler.config import Agency, CrawlSettings, Fleet
from crawler.crawl import crawl
from crawler.store import Store

spec = json.loads(sys.argv[1])
agencies = tuple(Agency(id=key, name=key, url=url) for key, url in spec["urls"].items())
options = {"delay_seconds": 0, "timeout_seconds": 3, **spec["crawl"]}
store = Store(spec["db"])
outcome = crawl(Fleet(agencies, crawl=CrawlSettings(**options)), store, log_level="ERROR")
observations = store.observations(outcome.run_id)
print(json.dumps({
    "state": outcome.state,
    "status": {r.agency_id: r.status for r in outcome.results},
    "fetches": {
        key: [{"role": f.role, "status": f.status, "error": f.error, "detail": f.detail,
               "url": f.url, "final_url": f.final_url} for f in o.fetches]
        for key, o in observations.items()
    },
}))
"""


@dataclass
class _Server:
    """A loopback HTTP server that logs (Host, request target) and answers with `answer`."""

    answer: Callable[[BaseHTTPRequestHandler], None]
    seen: list[tuple[str, str]] = field(default_factory=list)
    port: int = 0


@contextmanager
def _serving(answer: Callable[[BaseHTTPRequestHandler], None]) -> Iterator[_Server]:
    server = _Server(answer)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            server.seen.append((self.headers.get("Host", ""), self.path))
            answer(self)

        do_CONNECT = do_GET

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    handler.send_response(status)
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    for name, value in {"Content-Type": "text/html; charset=UTF-8", **named}.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)


HOME = b"<!doctype html><html><head><title>Dinas</title></head><body><p>Beranda</p></body></html>"


def _site(handler: BaseHTTPRequestHandler) -> None:
    """A plain site: robots.txt allows everything, every other path is a small page."""
    if handler.path.endswith("/robots.txt"):
        _send(handler, 200, b"User-agent: *\nAllow: /\n", Content_Type="text/plain")
    else:
        _send(handler, 200, HOME)


def _crawl(
    urls: dict[str, str], tmp_path: Path, *, env: dict[str, str] | None = None, **crawl: Any
) -> dict[str, Any]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    spec = {"urls": urls, "crawl": crawl, "db": str(tmp_path / "guard.db")}
    done = subprocess.run(
        [sys.executable, "-c", _CRAWL, json.dumps(spec)],
        capture_output=True, text=True, cwd=REPO, timeout=180, env={**os.environ, **(env or {})},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def _errors(crawled: dict[str, Any], key: str) -> list[str | None]:
    return [f["error"] for f in crawled["fetches"][key]]


# -- 1. private addresses ------------------------------------------------------------------

LOOPBACK_SPELLINGS = ["127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "localhost"]


def test_no_spelling_of_loopback_nor_a_name_resolving_to_it_is_fetched(tmp_path):
    with _serving(_site) as server:
        port = server.port
        urls = {f"odd{i}": f"http://{host}:{port}/" for i, host in enumerate(LOOPBACK_SPELLINGS)}
        urls["named"] = f"http://dinas.fleet.test:{port}/"
        env = {"FLEET_HOSTS": json.dumps({"dinas.fleet.test": "127.0.0.1"})}
        refused = _crawl(urls, tmp_path / "refused", env=env, allow_private_hosts=False)
        assert server.seen == []  # not one request reached the loopback server
        allowed = _crawl(urls, tmp_path / "allowed", env=env, allow_private_hosts=True)
        hosts = {host.rsplit(":", 1)[0] for host, _ in server.seen}

    # Refused and recorded: each site's robots.txt and homepage, with the reason.
    for key in urls:
        assert _errors(refused, key) == ["private-address", "private-address"], key
        assert refused["status"][key] == "unreachable"
    details = {f["detail"] for fetches in refused["fetches"].values() for f in fetches}
    assert any("unusual spelling" in d for d in details)
    assert any("dinas.fleet.test resolves to a loopback address" in d for d in details)
    # Our refusal is not the network failing: the run is complete and judged.
    assert refused["state"] == "complete"
    # Allowed (tests, intranets), the very same fetches work.
    assert allowed["state"] == "complete"
    for key in urls:
        homepage = next(f for f in allowed["fetches"][key] if f["role"] == "homepage")
        assert homepage["status"] == 200, (key, homepage)
    assert hosts == {*LOOPBACK_SPELLINGS, "dinas.fleet.test"}


def test_freshness_check_refuses_an_odd_spelling_of_loopback(tmp_path):
    with _serving(_site) as server:
        done = subprocess.run(
            [sys.executable, "-m", "crawler", "check", f"http://0x7f.1:{server.port}/",
             "--json", "--timeout", "3", "--log-level", "ERROR"],
            capture_output=True, text=True, cwd=REPO, timeout=120,
        )  # fmt: skip
        assert server.seen == []
    if done.returncode == 2:  # refused by the URL check up front: as good
        assert "0x7f.1" in done.stderr
        return
    assert done.returncode == 0, done.stderr[-3000:]
    verdict = json.loads(done.stdout)
    assert verdict["status"] == "unreachable"
    assert {f["error"] for f in verdict["fetches"]} == {"private-address"}


def _through_proxy(recorder_port: int) -> Callable[[BaseHTTPRequestHandler], None]:
    """A forward proxy that serves three sites itself and refuses every CONNECT tunnel."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        if handler.command == "CONNECT":
            _send(handler, 403, b"tunnels are not allowed here")
            return
        url = urlsplit(handler.path)
        if url.hostname == "dinas.example.go.id" and url.path == "/robots.txt":
            # robots.txt on a loopback address: followed (it may be elsewhere) but refused.
            _send(handler, 302, Location=f"http://127.1:{recorder_port}/robots.txt")
        elif url.hostname == "putar.example.go.id" and url.path == "/robots.txt":
            hop = int(url.query or 0) + 1
            _send(handler, 302, Location=f"/robots.txt?{hop}")  # a loop
        elif url.hostname in ("dinas.example.go.id", "putar.example.go.id"):
            _send(handler, 200, HOME)
        else:
            _send(handler, 404, b"not found")

    return answer


def test_through_a_proxy_on_a_private_address(tmp_path):
    """The office proxy may sit on a private address: it stays usable, while targets that
    are private addresses, odd spellings or robots.txt redirects to them are still refused."""
    with _serving(_site) as recorder, _serving(_through_proxy(recorder.port)) as proxy:
        address = f"http://127.0.0.1:{proxy.port}"
        env = {"http_proxy": address, "https_proxy": address, "no_proxy": ""}
        urls = {
            "dinas": "http://dinas.example.go.id/",
            "putar": "http://putar.example.go.id/",
            "tls": "https://aman.example.go.id/",
            "literal": f"http://127.0.0.1:{recorder.port}/",
            "odd": f"http://0x7f.0.0.1:{recorder.port}/",
        }
        crawled = _crawl(urls, tmp_path, env=env, allow_private_hosts=False)
        asked = [target for _, target in proxy.seen]
        assert recorder.seen == []
    assert not any("127.1" in t or "0x7f" in t or "127.0.0.1" in t for t in asked), asked
    # robots.txt redirected to loopback: refused, and the homepage is asked for all the same.
    dinas = crawled["fetches"]["dinas"]
    assert [f["error"] for f in dinas if f["role"] == "robots"] == ["private-address"]
    assert [f["status"] for f in dinas if f["role"] == "homepage"] == [200]
    # A robots.txt redirect loop: given up after five hops, then the homepage.
    putar = crawled["fetches"]["putar"]
    assert [f["error"] for f in putar if f["role"] == "robots"] == ["redirect-loop"]
    assert [f["status"] for f in putar if f["role"] == "homepage"] == [200]
    assert sum("putar" in t and "robots" in t for t in asked) == 6
    for key in ("literal", "odd"):
        assert set(_errors(crawled, key)) == {"private-address"}, key
    # 5. The proxy's address never reaches a published failure detail.
    tls = [f["detail"] for f in crawled["fetches"]["tls"]]
    assert tls and all("CONNECT tunnel" in d for d in tls), tls
    assert not any("127.0.0.1" in d or str(proxy.port) in d for d in tls), tls


class _ScriptedResolver(GuardedResolver):
    """The guard over a lookup that answers from a script, one answer per lookup."""

    def __init__(self, answers: list[list[str]], **options: Any) -> None:
        super().__init__(SimpleNamespace(nameResolver=None), dnscache.limit, **options)
        self.answers = answers

    def lookup(self, receiver, hostName, portNumber=0, addressTypes=None, transportSemantics="TCP"):
        resolution = HostResolution(hostName)
        receiver.resolutionBegan(resolution)
        for address in self.answers.pop(0):
            receiver.addressResolved(IPv4Address("TCP", address, portNumber))
        receiver.resolutionComplete()
        return resolution


class _Receiver:
    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.done = False

    def resolutionBegan(self, resolution: object) -> None:
        pass

    def addressResolved(self, address: IPv4Address) -> None:
        self.addresses.append(address.host)

    def resolutionComplete(self) -> None:
        self.done = True


def _resolve(resolver: GuardedResolver, name: str) -> list[str]:
    receiver = _Receiver()
    resolver.resolveHostName(receiver, name, 80)
    assert receiver.done
    return receiver.addresses


def test_the_resolver_checks_every_answer_so_dns_rebinding_fails():
    # A name that answers publicly first, then (a same-site redirect later) with loopback
    # among public addresses, then with the cloud metadata address.
    answers = [["93.184.216.34"], ["93.184.216.34", "127.0.0.1"], ["169.254.169.254"]]
    resolver = _ScriptedResolver(answers)
    assert _resolve(resolver, "rebind.example.go.id") == ["93.184.216.34"]
    assert _resolve(resolver, "rebind.example.go.id") == []
    assert "loopback" in dns_refusal("http://REBIND.example.go.id./x")
    assert _resolve(resolver, "rebind.example.go.id") == []
    assert "link-local" in dns_refusal("http://rebind.example.go.id/")
    # The proxy named in the environment may be private; with private hosts allowed, all may.
    assert _resolve(_ScriptedResolver([["10.1.2.3"]], proxies=frozenset({"proxy.kantor"})),
                    "proxy.kantor") == ["10.1.2.3"]  # fmt: skip
    assert _resolve(_ScriptedResolver([["10.1.2.3"]], allow_private=True), "x.go.id") == [
        "10.1.2.3"
    ]


@pytest.mark.parametrize(
    "host",
    [
        *LOOPBACK_SPELLINGS, "0251.0376.0251.0376", "0xa9fea9fe", "LOCALHOST.", "api.localhost",
        "127.0.0.1", "10.0.0.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1",
        "::1", "::ffff:127.0.0.1", "::ffff:a9fe:a9fe", "64:ff9b::a9fe:a9fe", "fe80::1", "fd00::1",
        "0x08080808",  # a public address, but no site is published under such a spelling
    ],
)  # fmt: skip
def test_private_and_oddly_spelled_hosts_are_refused(host):
    assert host_refusal(host)


@pytest.mark.parametrize(
    "host", ["dinas.bengkaliskab.go.id", "8.8.8.8", "2001:4860:4860::8888", "bücher.go.id", "a1.id"]
)
def test_public_hosts_are_left_to_the_resolver(host):
    assert host_refusal(host) == ""


def test_a_refusal_is_its_own_kind_and_not_a_network_failure():
    assert FailureKind.PRIVATE not in NETWORK_FAILURES
    assert FailureKind.TOO_LARGE not in NETWORK_FAILURES


# -- 3. and 4. one host, several spellings -------------------------------------------------


def test_host_spellings_compare_equal():
    assert (
        normal_host("BÜCHER.go.id.") == normal_host("xn--bcher-kva.go.id") == "xn--bcher-kva.go.id"
    )
    assert same_site("https://xn--bcher-kva.go.id/berita/1", "https://www.bücher.go.id/")
    assert same_site("https://dinas.example.go.id./", "http://Dinas.Example.go.id/berita")
    assert host_of("http://Dinas.go.id.:8080/") == "dinas.go.id:8080"
    assert registrable_domain("dinas.bücher.go.id.") == "xn--bcher-kva.go.id"
    assert registrable_domain("disdik.bengkaliskab.go.id.") == "bengkaliskab.go.id"
    assert without_root_dot("https://dinas.go.id.:8443/a?b=1") == "https://dinas.go.id:8443/a?b=1"
    assert without_root_dot("https://dinas.go.id/") == "https://dinas.go.id/"


def test_a_fully_qualified_host_with_its_trailing_dot_is_fetched(tmp_path):
    with _serving(_site) as server:
        urls = {
            "hosts-file": f"http://localhost.:{server.port}/",  # /etc/hosts has no "localhost."
            "named": f"http://dinas.fleet.test.:{server.port}/",
        }
        env = {"FLEET_HOSTS": json.dumps({"dinas.fleet.test": "127.0.0.1"})}
        crawled = _crawl(urls, tmp_path, env=env, allow_private_hosts=True)
        hosts = {host for host, _ in server.seen}
    for key in urls:
        homepage = next(f for f in crawled["fetches"][key] if f["role"] == "homepage")
        assert homepage["status"] == 200, (key, homepage)
        assert homepage["url"] == urls[key]  # recorded as configured
    # Asked for under the name without the dot (Host header, and TLS SNI alike).
    assert hosts == {f"localhost:{server.port}", f"dinas.fleet.test:{server.port}"}


def test_an_idn_site_is_dated_like_any_other(tmp_path):
    """Scrapy asks for `xn--bcher-kva.go.id`; the config says `bücher.go.id`: one site."""
    with Fleet(sites=["wp-fresh"], domain="xn--bcher-kva.go.id") as fleet:
        punycode = fleet.url("wp-fresh")
        unicode_url = punycode.replace("xn--bcher-kva", "bücher")
        env = {"FLEET_HOSTS": json.dumps(fleet.hosts())}
        crawled = _crawl({"idn": unicode_url}, tmp_path, env=env, allow_private_hosts=True)
        assert len(fleet.requests("wp-fresh")) > 3  # its feed, API and articles too
    assert crawled["status"]["idn"] == "fresh"


# -- 5. what a failure detail may publish ----------------------------------------------------


def test_failure_details_do_not_publish_the_proxy_or_private_addresses(monkeypatch):
    monkeypatch.setenv("https_proxy", "http://proxy.kantor.local:8080")
    monkeypatch.setenv("http_proxy", "http://10.0.0.1:3128")
    tunnel = TunnelError(
        "Could not open CONNECT tunnel with proxy proxy.kantor.local:8080 "
        "[{'status': 407, 'reason': b'Proxy Authentication Required'}]"
    )
    kind, detail = failure_kind(Failure(tunnel))
    assert "kantor" not in detail and "8080" not in detail and "407" in detail
    refused = DownloadConnectionRefusedError("Connection refused 10.0.0.1:3128")
    kind, detail = failure_kind(Failure(refused))
    assert kind is FailureKind.REFUSED and "10.0.0.1" not in detail and "3128" not in detail
    text = "no route to 192.168.1.20, [fd00::5]:80 or ::ffff:10.9.8.7; 8.8.8.8 and 2001:db8::1"
    cleaned = public_detail(text, proxies=())
    assert "192.168" not in cleaned and "fd00" not in cleaned and "10.9.8.7" not in cleaned
    assert "8.8.8.8" in cleaned


# -- 6. a body streamed past the size limit ------------------------------------------------


def _streaming(handler: BaseHTTPRequestHandler) -> None:
    """robots.txt, then a homepage sent in chunks with no Content-Length, for ever."""
    if handler.path == "/robots.txt":
        _site(handler)
        return
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 16_000 + b"</p>\n"
    try:
        for _ in range(1000):  # 16 MB if nobody stops it
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        handler.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass  # the crawler hung up: as it should


def test_a_body_streamed_past_the_limit_is_too_large_and_asked_for_once(tmp_path):
    with _serving(_streaming) as server:
        crawled = _crawl(
            {"big": f"http://127.0.0.1:{server.port}/"}, tmp_path,
            allow_private_hosts=True, max_response_bytes=100_000,
        )  # fmt: skip
        paths = [path for _, path in server.seen]
    homepage = [f for f in crawled["fetches"]["big"] if f["role"] == "homepage"]
    assert [f["error"] for f in homepage] == ["too-large"]
    assert "100000 bytes" in homepage[0]["detail"]
    assert paths == ["/robots.txt", "/"]  # no retry, no late retry
