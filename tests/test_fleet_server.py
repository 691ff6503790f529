"""The fixture fleet itself: every site answers as its spec says, and truth covers every site.

A broken fixture would make the crawl tests fail (or pass) for the wrong reason, so the fleet
is checked on its own first: every route of every site renders, over real HTTP.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
import urllib.request
from datetime import date

import pytest

from tests.fleet.dates import id_long
from tests.fleet.server import Fleet, load_truth, site_ids

TRUTH = load_truth()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not to follow


def _get(url: str, timeout: float = 5.0) -> tuple[int, dict[str, str], str]:
    # The fleet's HTTPS sites show test certificates (some bad on purpose).
    unverified = urllib.request.HTTPSHandler(context=ssl._create_unverified_context())
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect, unverified)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, dict(response.headers), _body(response)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


def _body(response) -> str:
    try:
        raw = response.read()
    except http.client.IncompleteRead as cut:  # a route that truncates on purpose
        raw = cut.partial
    return raw.decode("utf-8", "replace")  # legacy-charset sites are not UTF-8


def test_truth_names_every_site_once():
    assert sorted(TRUTH) == site_ids()
    for site_id, entry in TRUTH.items():
        assert entry["status"] in {
            "fresh", "aging", "stale", "abandoned", "undated", "unreachable",
        }, site_id  # fmt: skip
        assert entry["why"], site_id


def test_every_route_of_every_site_renders(fleet):
    for site_id in fleet.sites:
        site = fleet.site(site_id)
        if site.behaviour != "normal":
            continue
        for route in site.routes:
            query = "&".join(f"{k}={v}" for k, v in route.query.items())
            path = route.path + (f"?{query}" if query else "")
            status, _, _ = _get(fleet.url(site_id).rstrip("/") + path)
            assert status == route.status, f"{site_id} {path}: {status}"
    assert fleet.errors == []


def test_newest_item_matches_truth(fleet):
    """Each dated site's newest published item is exactly the day truth.yaml names."""
    for site_id in fleet.sites:
        site = fleet.site(site_id)
        expected = TRUTH[site_id]["last_updated_days_ago"]
        published = [
            i
            for items in site.items.values()
            for i in items
            if i["published"] and not i.get("spam")  # the defacers' posts are not content
        ]
        if expected is None or not published or site_id == "robots-blocked":
            continue
        assert min(i["days_ago"] for i in published) == expected, site_id


def test_dates_follow_the_fleets_today():
    day = date(2024, 2, 29)
    with Fleet(today=day, sites=["wp-fresh"]) as fleet:
        status, _, body = _get(fleet.url("wp-fresh"))
        assert status == 200
        newest = fleet.site("wp-fresh").items["posts"][0]
        assert id_long(newest["date"]) in body
        assert newest["date"] == date(2024, 2, 27)


def test_failure_behaviours(fleet):
    refused = fleet.url("down-refused")
    with pytest.raises(urllib.error.URLError) as refused_error:
        _get(refused)
    assert isinstance(refused_error.value.reason, ConnectionRefusedError)

    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        _get(fleet.url("slow-hang") + "probe", timeout=0.5)
    assert "/probe" in fleet.requests("slow-hang")

    assert _get(fleet.url("error-500"))[0] == 500
    status, headers, body = _get(fleet.url("cloudflare-403"))
    assert status == 403 and "Just a moment" in body
    assert headers["Server"] == "cloudflare"

    status, headers, _ = _get(fleet.url("redirect-offsite"))
    assert status == 302 and headers["Location"] == fleet.url("portal")

    assert fleet.url("dns-fail").endswith(".invalid/")


def test_soft_404_answers_the_homepage(fleet):
    base = fleet.url("soft404-feed")
    home = _get(base)
    missing = _get(base + "feed")
    assert missing[0] == 200
    assert missing[2] == home[2]


def test_each_site_has_its_own_host(fleet):
    hosts = {fleet.url(s).split("/")[2] for s in fleet.sites}
    assert len(hosts) == len(fleet.sites)
