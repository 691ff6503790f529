"""A fleet of fake agency websites served on loopback, for crawl tests.

Each site is a folder `sites/<id>/` with a `site.yaml` (name, category, behaviour, content
items, routes) and Jinja2 templates; layouts shared by several sites live in `sites/_shared/`.
Templates print dates relative to `Fleet.today`, so the fleet is current whatever day the
tests run, and `truth.yaml` says what the monitor must conclude about each site.

    with Fleet() as fleet:
        fleet.url("wp-fresh")            # "http://127.0.0.2:43121/"
        fleet.write_config(tmp / "fleet.yaml", max_pages_per_site=20)
        fleet.requests("wp-fresh")       # paths the crawler asked for

Every site gets its own loopback address (Linux routes all of 127/8 to loopback), so a
crawler that throttles per host sees one host per agency. Run `python -m tests.fleet.server`
to serve the fleet by hand and print its URLs.

A site may name its host (`host: disdik.bengkaliskab.go.id`, plus `aliases: [www.…]`): it is
then served under that name, which `hosts()` maps to its address for the fleet's resolver. A
site may also belong to a `group:` (e.g. `directory`, the regency portal of discovery tests):
such sites are served only by a fleet asking for that group, `Fleet(group="directory")`, so
the crawl tests' fleet (and its truth.yaml) never sees them.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import secrets
import select
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jinja2
import yaml

from crawler.model import WIB, jakarta_date

from .certs import Authority
from .dates import FILTERS, http_date

HERE = Path(__file__).resolve().parent
SITES_DIR = HERE / "sites"
SHARED_DIR = SITES_DIR / "_shared"  # layouts shared by several sites (regency CMS, WordPress)
TRUTH_FILE = HERE / "truth.yaml"

BEHAVIOURS = frozenset(
    {"normal", "refuse", "hang", "error", "cloudflare", "redirect_offsite", "dns_fail"}
)
CONTENT_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".xml": "application/xml; charset=UTF-8",
    ".json": "application/json; charset=UTF-8",
    ".txt": "text/plain; charset=UTF-8",
}
DEFAULT_CRAWL: dict[str, Any] = {
    "delay_seconds": 0,
    "concurrency_per_host": 1,
    "timeout_seconds": 3,
    "max_pages_per_site": 25,
    "obey_robots": True,
    "user_agent": "freshness-monitor-tests/0.1 (+https://example.invalid/contact)",
    "allow_private_hosts": True,
}
DEFAULT_THRESHOLDS = {"fresh_days": 30, "aging_days": 90, "stale_days": 180}


def site_ids(group: str = "") -> list[str]:
    """The sites of `group` ("" is the crawl tests' fleet: the sites that name no group)."""
    return sorted(
        p.name
        for p in SITES_DIR.iterdir()
        if (p / "site.yaml").is_file() and _group(p / "site.yaml") == group
    )


def _group(spec_file: Path) -> str:
    spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    return str(spec.get("group", ""))


def load_truth() -> dict[str, dict[str, Any]]:
    """truth.yaml keyed by site id: status, last_updated_days_ago, flags, why."""
    entries = yaml.safe_load(TRUTH_FILE.read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in entries}


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    #: Send only this many bytes of the body (with the whole body's Content-Length), then
    #: hang up: a truncated answer.
    sent: int | None = None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass(slots=True)
class _Route:
    path: str
    template: str | None = None
    body: str | None = None  # an inline template instead of a file
    status: int = 200
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)  # required query parameters
    redirect: str | None = None  # Location (a template), for 301/302 routes
    bound: dict[str, Any] = field(default_factory=dict)  # names bound for per-item routes
    file: str | None = None  # a binary file of the site's folder, served as it is
    encoding: str = "utf-8"  # the body's bytes, whatever the headers or the page claim
    bom: bool = False  # a byte-order mark before the body
    pad_bytes: int = 0  # an inline base64 image this big (an editor pasted a photo)
    gzip_bomb: int = 0  # the body is this many bytes of zeros, gzipped
    truncate: int | None = None  # send only this many bytes, then hang up


class Site:
    """One fake website: its spec, content items, route table and renderer."""

    def __init__(self, site_id: str, fleet: Fleet) -> None:
        self.id = site_id
        self.fleet = fleet
        self.directory = SITES_DIR / site_id
        spec = yaml.safe_load((self.directory / "site.yaml").read_text(encoding="utf-8"))
        self.spec: dict[str, Any] = spec
        self.name: str = spec["name"]
        self.category: str = spec["category"]
        self.behaviour: str = spec.get("behaviour", "normal")
        if self.behaviour not in BEHAVIOURS:
            raise ValueError(f"{site_id}: unknown behaviour {self.behaviour!r}")
        self.soft_404: bool = spec.get("soft_404", False)
        self.fail_next = 0  # tests set it: hang up on this many requests without answering
        self.robots_extra = ""  # tests set it: lines appended to robots.txt (Crawl-delay: 1)
        self.base = ""  # "http://127.0.0.2:40001", set once the server is bound
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [jinja2.FileSystemLoader(self.directory), jinja2.FileSystemLoader(SHARED_DIR)]
            ),
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(FILTERS)
        self.items: dict[str, list[dict[str, Any]]] = {}
        self.routes: list[_Route] = []

    def take_failure(self) -> bool:
        """True (and one fewer to go) while the site is set to fail its next requests."""
        with self.fleet._log_lock:
            if self.fail_next <= 0:
                return False
            self.fail_next -= 1
            return True

    # -- content ---------------------------------------------------------------------------

    def build(self, base: str) -> None:
        """Date the content items against fleet.today and expand per-item routes."""
        self.base = base.rstrip("/")
        today = self.fleet.today
        self.env.globals.update(self._globals())
        item_routes = [r for r in self.spec.get("routes", []) if "each" in r]
        for list_name, raw_items in (self.spec.get("items") or {}).items():
            items = []
            for raw in raw_items:
                item = dict(raw)
                item["date"] = today - timedelta(days=item["days_ago"])
                item.setdefault("time", _default_time(item))
                item.setdefault("views", 97 + (int(item["id"]) * 37) % 1900)
                item["published"] = item.get("published", True) and item["days_ago"] >= 0
                items.append(item)
            items.sort(key=lambda i: i["days_ago"])
            route = next((r for r in item_routes if r["each"] == list_name), None)
            for item in items:
                if "url" in item:
                    item["url"] = self.env.from_string(item["url"]).render(item=item)
                elif route is not None:
                    item["url"] = self.env.from_string(route["path"]).render(item=item)
                    if route.get("query"):  # /berita/baca.aspx?id={{ item.id }}
                        query = self.env.from_string(
                            "&".join(f"{k}={v}" for k, v in route["query"].items())
                        )
                        item["url"] += "?" + query.render(item=item)
                item["abs_url"] = self.base + item["url"] if "url" in item else ""
            self.items[list_name] = items
        self.routes = []
        url_paths: dict[str, str] = {}  # list name -> the `each:` path that gave items their url
        for raw in self.spec.get("routes", []):
            raw = dict(raw)
            each = raw.pop("each", None)
            alias = raw.pop("as", "item")
            drafts = raw.pop("drafts", False)
            bound = raw.pop("vars", {})
            if each is None:
                self.routes.append(_Route(**raw, bound=bound))
                continue
            # A list's first `each:` route is its items' `url`; later ones (printable pages,
            # mobile views) render their own path per item.
            path_template = self.env.from_string(raw["path"])
            is_url = url_paths.setdefault(each, raw["path"]) == raw["path"]
            for item in self.items[each]:
                if item["published"] or drafts:
                    per_item = {**bound, "item": item, alias: item}
                    path = (
                        item["url"].split("?", 1)[0] if is_url else path_template.render(item=item)
                    )
                    # An item may be served oddly (`serve: {truncate: 2600}`).
                    options = {**raw, **item.get("serve", {}), "path": path, "bound": per_item}
                    options["query"] = {
                        k: self.env.from_string(str(v)).render(item=item)
                        for k, v in raw.get("query", {}).items()
                    }
                    self.routes.append(_Route(**options))

    def _globals(self) -> dict[str, Any]:
        today = self.fleet.today
        return {
            "today": today,
            "year": today.year,
            "ago": lambda days: today - timedelta(days=days),
            "ahead": lambda days: today + timedelta(days=days),
            "site": self.spec,
            "site_id": self.id,
            "base": self.base,
            "fleet_url": self.fleet.url,
            "data": self.spec.get("data", {}),
            # A new session id per call: a PHP site with cookies off (use_trans_sid)
            # writes one into every link of every answer.
            "session_id": lambda: secrets.token_hex(16),
        }

    def context(self) -> dict[str, Any]:
        now = self.fleet.now()
        context: dict[str, Any] = {"now": now, "http_now": http_date(now)}
        for name, items in self.items.items():
            context[name] = [i for i in items if i["published"]]
            context[f"{name}_all"] = items
        return context

    # -- answering -------------------------------------------------------------------------

    def respond(self, raw_path: str) -> Response:
        parts = urlsplit(raw_path)
        path = parts.path or "/"
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if self.behaviour == "error":
            status = int(self.spec.get("status", 500))
            return self._render(_Route(path, "errors/500.html", status=status), query)
        if self.behaviour == "cloudflare":
            return self._render(_Route(path, "errors/cloudflare.html", status=403), query)
        if self.behaviour == "redirect_offsite":
            if path == "/":
                target = self.fleet.url(self.spec["redirect_to"])
                return self._render(_Route(path, redirect=target, status=302), query)
            return self._render(_Route(path, "errors/404.html", status=404), query)
        route = self._match(path, query)
        if route is None and self.soft_404:
            route = self._match("/", {})
            assert route is not None, f"{self.id}: a soft-404 site needs a homepage route"
        if route is None:
            template = "404.html" if (self.directory / "404.html").exists() else "errors/404.html"
            route = _Route(path, template, status=404)
        return self._render(route, query)

    def _match(self, path: str, query: dict[str, str]) -> _Route | None:
        for route in self.routes:
            if route.path == path and all(query.get(k) == v for k, v in route.query.items()):
                return route
        return None

    def _render(self, route: _Route, query: dict[str, str]) -> Response:
        context = {**self.context(), "path": route.path, "query": query, **route.bound}
        headers = {**self.spec.get("headers", {}), **route.headers}
        if route.redirect is not None:
            headers["Location"] = self.env.from_string(route.redirect).render(context)
            body = ""
        elif route.body is not None:
            body = self.env.from_string(route.body).render(context)
        elif route.template is not None:
            body = self.env.get_template(route.template).render(context)
        else:
            body = ""
        if route.path == "/robots.txt" and self.robots_extra:
            body = body.rstrip("\n") + "\n" + self.robots_extra + "\n"
        if route.pad_bytes:
            body = body.replace("</body>", _inline_image(route.pad_bytes) + "</body>", 1)
        content_type = route.content_type or CONTENT_TYPES.get(
            Path(route.template or "x.html").suffix, "text/html; charset=UTF-8"
        )
        rendered = [("Content-Type", content_type)]
        for name, value in headers.items():
            rendered.append((name, self.env.from_string(str(value)).render(context)))
        if route.file is not None:
            raw = (self.directory / route.file).read_bytes()
        elif route.gzip_bomb:
            raw = _gzip_bomb(route.gzip_bomb)
            rendered.append(("Content-Encoding", "gzip"))
        else:
            raw = (b"\xef\xbb\xbf" if route.bom else b"") + body.encode(route.encoding)
        return Response(route.status, tuple(rendered), raw, sent=route.truncate)


@functools.cache
def _gzip_bomb(size: int) -> bytes:
    """`size` zero bytes gzipped: a few kilobytes that unpack to `size` bytes."""
    return gzip.compress(bytes(size), compresslevel=9)


@functools.cache
def _inline_image(size: int) -> str:
    """An <img> with a `size`-byte data: URL, as editors paste photos into articles."""
    return '<p><img alt="" src="data:image/jpeg;base64,' + "A" * size + '"></p>'


def _default_time(item: dict[str, Any]) -> str:
    """A stable, plausible office-hours time (never before 07:00 WIB; see dates.py)."""
    seed = int(item["id"])
    return f"{8 + seed % 9:02d}:{(seed * 7) % 60:02d}"


# -- servers ---------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _SiteHTTPServer
    sys_version = ""

    def version_string(self) -> str:
        return self.server.site.spec.get("server", "Apache")

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        site = self.server.site
        site.fleet._log(site.id, self.path)
        if site.take_failure():
            self.close_connection = True
            return  # the connection closes with no answer: a network-level failure
        # Counted as busy until the answer is ready, not while it is sent: the client can
        # ask again only once it has the answer, so a sequential client never overlaps.
        with site.fleet.busy():
            try:
                response = site.respond(self.path)
            except Exception as exc:
                site.fleet.errors.append(f"{site.id} {self.path}: {exc!r}")
                response = Response(500, (("Content-Type", "text/plain"),), b"fixture error\n")
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if send_body:
            self.wfile.write(response.body[: response.sent])

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the fleet keeps its own request log


class _SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        self.site = site
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up mid-answer (timeouts, size limits) are expected


class _Hang:
    """Accepts connections, logs the request line, and never answers."""

    def __init__(self, host: str, fleet: Fleet, site_id: str) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((host, 0))
        self.sock.listen(16)
        self.fleet, self.site_id = fleet, site_id
        self.stopping = threading.Event()
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._run, name=f"fleet-{site_id}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.is_set():
            readable, _, _ = select.select([self.sock, *self.conns], [], [], 0.05)
            for sock in readable:
                if sock is self.sock:
                    conn, _ = self.sock.accept()
                    self.conns.append(conn)
                    continue
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    self.conns.remove(sock)
                    sock.close()
                elif data[:3].isalpha():
                    parts = data.split(b"\r\n", 1)[0].split()
                    if len(parts) >= 2:
                        self.fleet._log(self.site_id, parts[1].decode("latin-1"))

    def close(self) -> None:
        self.stopping.set()
        self.thread.join()
        for conn in self.conns:
            conn.close()
        self.sock.close()


class Fleet:
    """All fixture sites, each served by its own server thread on its own loopback address."""

    def __init__(
        self,
        today: date | None = None,
        sites: list[str] | None = None,
        domain: str = "",
        group: str = "",
    ) -> None:
        self.today: date = today or jakarta_date(datetime.now(UTC))
        #: With a domain, sites are named `<id>.<domain>` (resolve them with `hosts()`)
        #: instead of being addressed by IP: several agencies under one registrable domain.
        self.domain = domain
        self.answer_delay = 0.0  # tests set it: seconds every answer takes (a slow server)
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests the whole fleet was answering at once
        self.sites: list[str] = list(sites) if sites is not None else site_ids(group)
        self.errors: list[str] = []  # template errors met while answering (tests assert none)
        self._sites = {site_id: Site(site_id, self) for site_id in self.sites}
        self._urls: dict[str, str] = {}
        self._log_lock = threading.Lock()
        self._requests: dict[str, list[str]] = {site_id: [] for site_id in self.sites}
        self._times: dict[str, list[float]] = {site_id: [] for site_id in self.sites}
        self._servers: list[tuple[_SiteHTTPServer, threading.Thread]] = []
        self._addresses: dict[str, str] = {}
        self._closers: list[Any] = []
        self._ca: Authority | None = None

    def _authority(self) -> Authority:
        """The fleet's certificate authority, made on first use (its files in a temp dir)."""
        if self._ca is None:
            directory = tempfile.TemporaryDirectory(prefix="fleet-tls-")
            self._closers.append(directory.cleanup)
            self._ca = Authority(Path(directory.name))
        return self._ca

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Fleet:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        hosts = _loopback_hosts(len(self.sites))
        for site_id, host in zip(self.sites, hosts, strict=True):
            site = self._sites[site_id]
            if site.behaviour == "dns_fail":
                self._urls[site_id] = f"http://{site_id}.fleet.invalid/"
            elif site.behaviour == "refuse":
                # Bound but never listening: the kernel answers every connection with a reset.
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                self._closers.append(sock.close)
                sock.bind((host, 0))
                self._addresses[site_id] = host  # a named host that refuses: a dead link
                self._urls[site_id] = _url(sock.getsockname(), self._name(site_id))
            elif site.behaviour == "hang":
                hang = _Hang(host, self, site_id)
                self._closers.append(hang.close)
                self._addresses[site_id] = host
                self._urls[site_id] = _url(hang.sock.getsockname(), self._name(site_id))
            else:
                server = _SiteHTTPServer((host, 0), site)
                scheme = "http"
                if site.spec.get("tls"):
                    context = self._authority().server_context(site.spec["tls"], host, site_id)
                    server.socket = context.wrap_socket(server.socket, server_side=True)
                    scheme = "https"
                self._addresses[site_id] = host
                thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": 0.05},
                    name=f"fleet-{site_id}",
                    daemon=True,
                )
                self._servers.append((server, thread))
                self._urls[site_id] = _url(server.server_address, self._name(site_id), scheme)
        for site_id in self.sites:
            self._sites[site_id].build(self._urls[site_id])
        for _, thread in self._servers:
            thread.start()

    def close(self) -> None:
        for server, thread in self._servers:
            if thread.is_alive():
                server.shutdown()
                thread.join()
            server.server_close()
        self._servers.clear()
        for closer in self._closers:
            closer()
        self._closers.clear()

    # -- queries ---------------------------------------------------------------------------

    def _name(self, site_id: str) -> str | None:
        named = self._sites[site_id].spec.get("host")
        if named:
            return str(named)
        return f"{site_id}.{self.domain}" if self.domain else None

    def hosts(self) -> dict[str, str]:
        """Host name (and alias) -> IP address of each named site (empty when none is named)."""
        hosts: dict[str, str] = {}
        for site_id, address in self._addresses.items():
            name = self._name(site_id)
            if name is None:
                continue
            for alias in [name, *self._sites[site_id].spec.get("aliases", [])]:
                hosts[alias] = address
        return hosts

    def url(self, site_id: str, host: str | None = None) -> str:
        """Base URL with a trailing slash; a site outside this fleet gets a dead .invalid URL.

        `host` spells the URL with another of the site's names (an alias such as `www.…`).
        """
        base = self._urls.get(site_id, f"http://{site_id}.fleet.invalid/")
        if host is None:
            return base
        parts = urlsplit(base)
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}/"

    def site(self, site_id: str) -> Site:
        return self._sites[site_id]

    def now(self) -> datetime:
        """The current time of day, on fleet.today (so `Fleet(today=...)` stays consistent)."""
        return datetime.combine(self.today, datetime.now(WIB).timetz())

    def render(self, site_id: str, path: str) -> Response:
        """What the site would answer for `path`, without HTTP (for inspecting templates)."""
        return self._sites[site_id].respond(path)

    def requests(self, site_id: str) -> list[str]:
        """The paths (with query strings) requested from a site so far, in order."""
        with self._log_lock:
            return list(self._requests[site_id])

    def clear_requests(self) -> None:
        with self._log_lock:
            for paths in self._requests.values():
                paths.clear()
            for times in self._times.values():
                times.clear()

    def request_times(self, site_id: str) -> list[float]:
        """When each request of `requests(site_id)` arrived (time.monotonic())."""
        with self._log_lock:
            return list(self._times[site_id])

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """Count a request being answered (and take `answer_delay` over it)."""
        with self._log_lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.answer_delay:
                threading.Event().wait(self.answer_delay)  # a slow server, not a test wait
            yield
        finally:
            with self._log_lock:
                self.in_flight -= 1

    def _log(self, site_id: str, path: str) -> None:
        with self._log_lock:
            self._requests[site_id].append(path)
            self._times[site_id].append(time.monotonic())

    def write_config(
        self,
        path: Path,
        *,
        sites: list[str] | None = None,
        thresholds: dict[str, int] | None = None,
        **crawl_overrides: Any,
    ) -> Path:
        """A crawler config naming every fleet site (or `sites`); overrides go into `crawl:`."""
        crawl = {**DEFAULT_CRAWL, **crawl_overrides}
        lines = [
            "thresholds: " + _flow({**DEFAULT_THRESHOLDS, **(thresholds or {})}),
            "crawl:",
            *(f"  {key}: {_scalar(value)}" for key, value in crawl.items()),
            "agencies:",
        ]
        for site_id in sites if sites is not None else self.sites:
            site = self._sites[site_id]
            lines += [
                f"  - id: {site_id}",
                f"    name: {_scalar(site.name)}",
                f"    url: {self.url(site_id)}",
                f"    category: {site.category}",
            ]
            if "ppid_on" in site.spec:  # its PPID page lives on another fleet site (a portal)
                portal, path = site.spec["ppid_on"]["site"], site.spec["ppid_on"]["path"]
                lines.append(f"    ppid_url: {self.url(portal).rstrip('/')}{path}")
        path = Path(path)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


def _loopback_hosts(count: int) -> list[str]:
    """127.0.0.2, 127.0.0.3, ...; all 127.0.0.1 (distinct ports) where only that one works."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind(("127.0.0.2", 0))
    except OSError:
        return ["127.0.0.1"] * count
    finally:
        probe.close()
    return [f"127.0.{(i + 2) // 256}.{(i + 2) % 256}" for i in range(count)]


def _url(address: tuple[str, int], name: str | None = None, scheme: str = "http") -> str:
    return f"{scheme}://{name or address[0]}:{address[1]}/"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return yaml.safe_dump(str(value), default_style='"', width=1000).strip()


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in mapping.items()) + "}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the fixture fleet until Ctrl-C.")
    parser.add_argument("--today", type=date.fromisoformat, help="pretend day, YYYY-MM-DD")
    parser.add_argument("--config", type=Path, help="also write a crawler config here")
    args = parser.parse_args()
    truth = load_truth()
    with Fleet(today=args.today) as fleet:
        print(f"fleet today = {fleet.today}")
        for site_id in fleet.sites:
            t = truth.get(site_id, {})
            print(f"  {site_id:18} {fleet.url(site_id):32} {t.get('status', '?')}")
        if args.config:
            print(f"config: {fleet.write_config(args.config)}")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
