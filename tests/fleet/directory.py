"""The directory fleet: a regency portal and every site it links, for discovery and drift tests.

The sites of group `directory` (tests/fleet/sites/dir-*) serve the Bengkalis portal with its
"Link OPD" dropdown, district pages listing village sites, a jump menu, a footer of service
apps and a sitemap, plus a small homepage for every host it links. Each site is served under
its real-looking host name (`disdik.bengkaliskab.go.id`) on a loopback address; `hosts` maps
the names to addresses. `discovery.yaml` says what discovery and drift must conclude.

    with serve_directory(tmp) as served:
        served.portal_url                 # "http://bengkaliskab.go.id:41234/"
        served.config                     # agencies.yaml naming the `config:` entries
        served.env                        # os.environ + FLEET_HOSTS, for `python -m crawler`
        get(served.url("dinkes.bengkaliskab.go.id"), served.hosts)   # (status, headers, body)

A crawl in a subprocess resolves the names with `FLEET_HOSTS` (JSON in `env`) and Scrapy's
TWISTED_DNS_RESOLVER set to "tests.fleet.resolver.FleetResolver" (see test_operation.py); an
in-process crawl sets that resolver too, and the names are in `tests.fleet.resolver.HOSTS`
while the fleet is served.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .server import DEFAULT_CRAWL, DEFAULT_THRESHOLDS, HERE, Fleet

TRUTH_FILE = HERE / "discovery.yaml"
GROUP = "directory"
KINDS = frozenset({"agency", "service", "dead", "ignore"})


@dataclass(frozen=True, slots=True)
class ExpectedSite:
    """What discovery must conclude about one site of the directory fleet (discovery.yaml)."""

    site: str  # the fleet site id
    hosts: tuple[str, ...]  # the names the portal links it under, its own first
    kind: str  # agency | service | dead | ignore
    name: str
    category: str | None
    configured: str | None  # the config id of this site, else None (a new suggestion)
    via: tuple[str, ...]  # where the portal links it (opd, select, district, sitemap, ...)
    on_home: bool  # linked from the portal's homepage
    why: str
    reason: str | None = None  # (service) a keyword its service reason must contain
    final_host: str | None = None  # (redirect) the host its homepage ends on


@dataclass(frozen=True, slots=True)
class ConfigEntry:
    id: str
    site: str
    name: str
    category: str
    host: str | None = None  # spell the URL with this name of the site (www.…)


@dataclass(frozen=True, slots=True)
class ExpectedDrift:
    vanished: tuple[str, ...]
    moved: tuple[str, ...]
    unlisted_on_home: tuple[str, ...]  # hosts: linked on every page or the homepage
    unlisted_deeper: tuple[str, ...]  # hosts: linked from district pages or the sitemap


@dataclass(frozen=True, slots=True)
class DirectoryTruth:
    portal: str  # the portal's site id
    scope: tuple[str, ...]  # the registrable domains that count
    sites: tuple[ExpectedSite, ...]
    config: tuple[ConfigEntry, ...]
    drift: ExpectedDrift

    def by_host(self, host: str) -> ExpectedSite | None:
        """The site linked under `host` (or ending there after a redirect)."""
        host = host.lower().split(":", 1)[0]
        return next((s for s in self.sites if host in s.hosts or host == s.final_host), None)

    def of_kind(self, kind: str) -> tuple[ExpectedSite, ...]:
        """Sites of `kind` that the portal links (a site it does not link is no candidate)."""
        return tuple(s for s in self.sites if s.kind == kind and s.hosts)


def load_directory_truth(path: Path = TRUTH_FILE) -> DirectoryTruth:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sites = tuple(_expected(entry) for entry in raw["sites"])
    for site in sites:
        if site.kind not in KINDS:
            raise ValueError(f"{path}: {site.site}: unknown kind {site.kind!r}")
    drift = raw["drift"]
    return DirectoryTruth(
        portal=raw["portal"],
        scope=tuple(raw["scope"]),
        sites=sites,
        config=tuple(ConfigEntry(**entry) for entry in raw["config"]),
        drift=ExpectedDrift(
            vanished=tuple(drift["vanished"]),
            moved=tuple(drift["moved"]),
            unlisted_on_home=tuple(drift["unlisted_on_home"]),
            unlisted_deeper=tuple(drift["unlisted_deeper"]),
        ),
    )


def _expected(entry: dict[str, Any]) -> ExpectedSite:
    return ExpectedSite(
        site=entry["site"],
        hosts=tuple(entry["hosts"]),
        kind=entry["kind"],
        name=entry["name"],
        category=entry.get("category"),
        configured=entry.get("configured"),
        via=tuple(entry.get("via", ())),
        on_home=bool(entry.get("on_home", False)),
        why=entry["why"],
        reason=entry.get("reason"),
        final_host=entry.get("final_host"),
    )


@dataclass(frozen=True)
class ServedDirectory:
    """The running directory fleet, as the `directory_portal` fixture returns it."""

    fleet: Fleet
    truth: DirectoryTruth
    portal_url: str  # the portal's homepage URL, under its name
    config: Path  # agencies.yaml of the truth's `config:` entries
    hosts: dict[str, str]  # host name -> loopback IP, what FLEET_HOSTS carries
    env: dict[str, str]  # os.environ with FLEET_HOSTS, for CLI subprocesses

    def url(self, host: str) -> str:
        """The root URL of a linked host name (`www.disdik.bengkaliskab.go.id`), port included."""
        expected = self.truth.by_host(host)
        if expected is None:
            raise KeyError(host)
        return self.fleet.url(expected.site, host)

    def site_url(self, site_id: str) -> str:
        return self.fleet.url(site_id)


def write_directory_config(fleet: Fleet, truth: DirectoryTruth, path: Path) -> Path:
    """agencies.yaml naming the truth's `config:` entries at the fleet's URLs."""
    document = {
        "thresholds": dict(DEFAULT_THRESHOLDS),
        "crawl": dict(DEFAULT_CRAWL),
        "agencies": [
            {
                "id": entry.id,
                "name": entry.name,
                "url": fleet.url(entry.site, entry.host),
                "category": entry.category,
            }
            for entry in truth.config
        ],
    }
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), "utf-8")
    return path


@contextlib.contextmanager
def serve_directory(tmp: Path) -> Iterator[ServedDirectory]:
    """Serve the directory fleet, its names known to the fleet resolver while it runs."""
    from . import resolver  # imports Scrapy and Twisted: only when a fleet is served

    truth = load_directory_truth()
    with Fleet(group=GROUP) as fleet:
        hosts = fleet.hosts()
        config = write_directory_config(fleet, truth, tmp / "agencies.yaml")
        before = dict(resolver.HOSTS)
        resolver.HOSTS.update(hosts)
        try:
            yield ServedDirectory(
                fleet=fleet,
                truth=truth,
                portal_url=fleet.url(truth.portal),
                config=config,
                hosts=hosts,
                env={**os.environ, "FLEET_HOSTS": json.dumps(hosts)},
            )
        finally:
            resolver.HOSTS.clear()
            resolver.HOSTS.update(before)


def get(url: str, hosts: dict[str, str], timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    """GET `url` at the address `hosts` gives its name, with its name in the Host header.

    Redirects are answers, not followed. Raises OSError when the host never answers.
    """
    parts = urlsplit(url)
    name = parts.hostname or ""
    connection = http.client.HTTPConnection(hosts.get(name, name), parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path or "/", headers={"Host": parts.netloc})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()
