"""Shared fixtures: the loopback fixture fleet, started once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.config import load_fleet
from crawler.crawl import CrawlOutcome, crawl
from crawler.model import SiteObservation
from crawler.store import Store
from tests.fleet.server import Fleet

# The fleet lives on loopback; a proxy configured for this machine must not carry its traffic
# (the crawler honours the standard proxy variables, and so do the CLI subprocesses).
for _name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
    os.environ.pop(_name, None)


@pytest.fixture(scope="session")
def fleet():
    with Fleet() as running:
        yield running


@pytest.fixture(scope="session")
def published_report(fleet, tmp_path_factory) -> Path:
    """`freshness run` (crawl, then report) against the fleet, as cron runs it; read-only."""
    tmp = tmp_path_factory.mktemp("published")
    config = fleet.write_config(tmp / "agencies.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "run", "--config", str(config),
         "--db", str(tmp / "freshness.db"), "--out", str(tmp / "public"),
         "--log-level", "ERROR"],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return tmp / "public"


@dataclass(frozen=True)
class Crawled:
    outcome: CrawlOutcome
    observations: dict[str, SiteObservation]
    requests: dict[str, list[str]]  # site id -> the paths the crawl asked it for


@pytest.fixture(scope="session")
def crawled(fleet, tmp_path_factory) -> Crawled:
    """One in-process crawl of the whole fleet (Twisted's reactor cannot restart: only one)."""
    tmp = tmp_path_factory.mktemp("crawl")
    config = fleet.write_config(tmp / "agencies.yaml")
    store = Store(tmp / "freshness.db")
    before = {site: len(fleet.requests(site)) for site in fleet.sites}
    outcome = crawl(load_fleet(config), store, config_path=str(config), log_level="WARNING")
    requests = {site: fleet.requests(site)[before[site] :] for site in fleet.sites}
    return Crawled(outcome, store.observations(outcome.run_id), requests)


@pytest.fixture(scope="session")
def directory_portal(tmp_path_factory):
    """The directory fleet (a regency portal and every site it links) served under its host
    names, with its truth and an agencies.yaml: a tests.fleet.directory.ServedDirectory."""
    from tests.fleet.directory import serve_directory

    with serve_directory(tmp_path_factory.mktemp("directory")) as served:
        yield served
