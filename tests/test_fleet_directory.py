"""The directory fleet itself: the portal and every host it links answer as discovery.yaml says.

A broken fixture would make the discovery and drift tests pass or fail for the wrong reason,
so it is checked on its own: over real HTTP, through the host names, never a real network.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from crawler.config import CATEGORIES, load_fleet
from tests.fleet.directory import ServedDirectory, get
from tests.fleet.server import site_ids


class _Links(HTMLParser):
    """Every href and <option value> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        value = found.get("href") if tag == "a" else found.get("value") if tag == "option" else None
        if value and value != "#":
            self.urls.append(value)


def _page(served: ServedDirectory, path: str) -> str:
    status, _, body = get(served.portal_url.rstrip("/") + path, served.hosts)
    assert status == 200, path
    return body.decode("utf-8")


def _linked_hosts(served: ServedDirectory, *paths: str) -> set[str]:
    hosts: set[str] = set()
    for path in paths:
        parser = _Links()
        parser.feed(_page(served, path))
        hosts |= {urlsplit(urljoin(served.portal_url, u)).hostname or "" for u in parser.urls}
    return hosts


def _sitemap_hosts(served: ServedDirectory) -> set[str]:
    locs = re.findall(r"<loc>([^<]+)</loc>", _page(served, "/sitemap.xml"))
    return {urlsplit(loc).hostname or "" for loc in locs}


def test_directory_sites_stay_out_of_the_crawl_fleet():
    directory = site_ids("directory")
    assert directory and all(site.startswith("dir-") for site in directory)
    assert not set(directory) & set(site_ids())


def test_truth_names_every_directory_site_once(directory_portal):
    truth = directory_portal.truth
    assert sorted(s.site for s in truth.sites) == site_ids("directory")
    for site in truth.sites:
        assert site.category is None or site.category in CATEGORIES, site.site
        assert (site.kind == "service") == (site.reason is not None), site.site
    hosts = [h for s in truth.sites for h in s.hosts]
    assert len(hosts) == len(set(hosts))


def test_the_portal_links_exactly_the_hosts_truth_names(directory_portal):
    served = directory_portal
    own = {"bengkaliskab.go.id"}
    pages = ("/", "/kecamatan/bantan")
    linked = (_linked_hosts(served, *pages) | _sitemap_hosts(served)) - own
    assert linked == {h for s in served.truth.sites for h in s.hosts} - own
    assert linked <= set(served.hosts)  # every name stays on loopback
    on_home = {h for s in served.truth.sites if s.on_home for h in s.hosts} - own
    assert _linked_hosts(served, "/") - own == on_home


def test_every_candidate_homepage_names_itself(directory_portal):
    served = directory_portal
    for site in served.truth.sites:
        if site.kind == "dead":
            with pytest.raises(OSError):
                get(served.url(site.hosts[0]), served.hosts)
            continue
        if site.kind == "ignore" or not site.hosts:
            continue
        for host in site.hosts:
            status, headers, body = get(served.url(host), served.hosts)
            if site.final_host is not None:
                assert status == 301, host
                assert urlsplit(headers["Location"]).hostname == site.final_host
                status, _, body = get(headers["Location"], served.hosts)
            elif status == 302:  # a service app sending its root to its start page
                status, _, body = get(urljoin(served.url(host), headers["Location"]), served.hosts)
            assert status == 200, host
            if site.kind == "agency":
                assert site.name in body.decode("utf-8"), host
    assert served.fleet.requests("dir-social") == []
    assert served.fleet.errors == []


def test_the_district_page_lists_its_villages(directory_portal):
    page = _page(directory_portal, "/kecamatan/bantan")
    for village in ("telukpambang", "selatbaru", "jangkang", "muntai"):
        assert f">{village}.desa.id</a>" in page
    assert "Bantan Tua" in page  # a village without a site: no link


def test_the_config_loads_and_names_the_vanished_and_moved_sites(directory_portal):
    served = directory_portal
    fleet = load_fleet(served.config)
    ids = {agency.id for agency in fleet.agencies}
    assert ids == {entry.id for entry in served.truth.config}
    drift = served.truth.drift
    assert set(drift.vanished) | set(drift.moved) <= ids
    raw = yaml.safe_load(served.config.read_text(encoding="utf-8"))
    disdik = next(a for a in raw["agencies"] if a["id"] == "disdik")
    assert urlsplit(disdik["url"]).hostname == "www.disdik.bengkaliskab.go.id"
