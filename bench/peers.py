"""Benchmark: the project's crawl beside two Scrapy peers, on one load fleet, in one run.

    python bench/peers.py [--sites 200] [--repeats 2] [--seed 0] [--keep DIR]

Serves one `LoadFleet` (bench/loadfleet.py) of `--sites` sites and, `--repeats` times, runs
in turn, each in its own subprocess measured as bench/crawl_scale.py measures (its `run`):

  project          `freshness crawl --quiet` into a fresh database (crawl only, no report);
  scrapy           bench/peer_spider.py: bare Scrapy with the project's politeness settings
                   fetching exactly the URLs the project fetched in that repetition (its
                   `fetches` rows answered 2xx with an HTML or XML body), bodies dropped;
  scrapy+htmldate  the same, calling htmldate.find_date(..., extensive_search=False,
                   original_date=True) on every HTML response.

The peers' order alternates between repetitions; the project goes first in each, since its
URL list is theirs. Columns (each the median over the repeats):

  pages        responses the crawler received: the project's `fetches` rows with a status
               (robots.txt, sitemaps, feeds and error pages included), a peer's Scrapy
               `downloader/response_count` (retries and redirects included)
  wall s       the subprocess's wall time, start-up and the project's scoring included
  pages/s      pages / wall s
  CPU ms/page  user + system CPU of the subprocess (os.wait4) per page
  RSS MB       the subprocess's peak resident memory (ru_maxrss)
  conns        TCP connections the fleet's server accepted during the run (it closes a
               connection idle 5 s, Apache's KeepAliveTimeout: a crawler that comes back to
               a site less often than that reconnects, so slow crawls of many sites open more)
  conns/site   conns / sites

Then the project/peer ratios, the project's CPU per page of the peers' list (the same
denominator for all: the project's extra robots.txt, 404 and JSON answers are cheap pages that
lower its own CPU ms/page), and issue 17's targets, each marked met or NOT MET: project CPU
per page at most 1.5x scrapy+htmldate's, project RSS under 400 MB (stated for 5,000 sites:
at fewer sites it is a floor, not proof), connections within 2x the site count. The load
average before and after is printed: numbers from a busy machine are noise. The fleet's
server builds a site on its first request and keeps it, so the very first run (the project's
in repeat 1) waits a little longer on the server than later runs; its CPU is not affected.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from itertools import chain, zip_longest
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.crawl_scale import Ran, count_pages, run  # noqa: E402
from bench.loadfleet import LoadFleet  # noqa: E402
from crawler.model import jakarta_date, now_utc  # noqa: E402

PROJECT, SCRAPY, HTMLDATE = "project", "scrapy", "scrapy+htmldate"
PEERS = (SCRAPY, HTMLDATE)
#: Issue 17's targets.
CPU_RATIO_TARGET = 1.5  # project CPU per page / scrapy+htmldate's
RSS_TARGET_MB = 400.0  # per process, at 5,000 sites
CONNECTIONS_PER_SITE_TARGET = 2.0


@dataclass(frozen=True, slots=True)
class Measured:
    """One crawler's run: its subprocess, the responses it got, the connections it opened."""

    crawler: str
    ran: Ran
    pages: int
    connections: int
    listed: int = 0  # the repetition's URL list (the peers' pages); set after the project ran

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.ran.wall if self.ran.wall else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return self.ran.cpu / max(self.pages, 1) * 1000

    @property
    def cpu_ms_per_listed(self) -> float:
        """CPU per page of the peers' list: one denominator for all three crawlers."""
        return self.ran.cpu / max(self.listed, 1) * 1000


@dataclass(frozen=True, slots=True)
class Median:
    """The median of one crawler's repeats, metric by metric."""

    crawler: str
    pages: float
    wall: float
    pages_per_second: float
    cpu_ms_per_page: float
    cpu_ms_per_listed: float
    rss_mb: float
    connections: float
    listed: float


def median_of(crawler: str, runs: list[Measured]) -> Median:
    def middle(metric: Callable[[Measured], float]) -> float:
        return statistics.median(metric(m) for m in runs)

    return Median(
        crawler=crawler,
        pages=middle(lambda m: m.pages),
        wall=middle(lambda m: m.ran.wall),
        pages_per_second=middle(lambda m: m.pages_per_second),
        cpu_ms_per_page=middle(lambda m: m.cpu_ms_per_page),
        cpu_ms_per_listed=middle(lambda m: m.cpu_ms_per_listed),
        rss_mb=middle(lambda m: m.ran.rss_mb),
        connections=middle(lambda m: m.connections),
        listed=middle(lambda m: m.listed),
    )


def fetched_urls(db: Path) -> list[str]:
    """The URLs the project fetched with a 2xx HTML or XML answer, once each, the sites'
    lists interleaved so that a peer's first requests spread over the sites as a crawl's do."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT agency_id, url FROM fetches WHERE status BETWEEN 200 AND 299 "
            "AND (content_type LIKE '%html%' OR content_type LIKE '%xml%') ORDER BY id"
        ).fetchall()
    by_site: dict[str, list[str]] = {}
    for agency_id, url in rows:
        by_site.setdefault(agency_id, []).append(url)
    ordered = chain.from_iterable(zip_longest(*by_site.values()))
    return list(dict.fromkeys(url for url in ordered if url is not None))


def connections_during(
    fleet: LoadFleet, action: Callable[[], tuple[Ran, int]], name: str
) -> Measured:
    """Run `action` (a subprocess and its page count) and count what the server accepted."""
    before = fleet.server_stats()["connections"]
    ran, pages = action()
    return Measured(name, ran, pages, fleet.server_stats()["connections"] - before)


def run_project(config: Path, folder: Path, timeout: float) -> tuple[Ran, int]:
    db = folder / "freshness.db"
    ran = run(
        [sys.executable, "-m", "crawler", "crawl", "--config", str(config), "--db", str(db),
         "--quiet"],
        folder, PROJECT, timeout,
    )  # fmt: skip
    if ran.code != 0:
        print(f"project crawl exited {ran.code}:\n{ran.stderr[-3000:]}", file=sys.stderr)
    return ran, count_pages(db) if db.exists() else 0


def run_peer(peer: str, config: Path, urls: Path, folder: Path, timeout: float) -> tuple[Ran, int]:
    stats_file = folder / f"{peer}.stats.json"
    extra = ["--htmldate"] if peer == HTMLDATE else []
    ran = run(
        [sys.executable, "-m", "bench.peer_spider", "--config", str(config), "--urls",
         str(urls), "--stats", str(stats_file), *extra],
        folder, peer, timeout,
    )  # fmt: skip
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    if ran.code != 0 or not stats:
        print(f"{peer} exited {ran.code}:\n{ran.stderr[-3000:]}", file=sys.stderr)
    errors = stats.get("log_count/ERROR", 0)
    if errors:
        print(f"       {peer}: {errors} errors logged (see {folder}/{peer}.stderr)")
    if peer == HTMLDATE:
        print(f"       {peer}: htmldate found a date on {stats.get('peer/htmldate_found', 0)} "
              f"of {stats.get('peer/htmldate_pages', 0)} HTML pages")  # fmt: skip
    return ran, int(stats.get("downloader/response_count", 0))


def repetition(
    fleet: LoadFleet, config: Path, folder: Path, index: int, timeout: float
) -> list[Measured]:
    """The project, then both peers over its URL list (their order alternating by `index`)."""
    folder.mkdir(parents=True, exist_ok=True)
    project = connections_during(fleet, partial(run_project, config, folder, timeout), PROJECT)
    urls = fetched_urls(folder / "freshness.db")
    listed = folder / "urls.txt"
    listed.write_text("\n".join(urls) + "\n", encoding="utf-8")
    print(f"  repeat {index + 1}: the project fetched {project.pages} pages, "
          f"{len(urls)} of them 2xx HTML/XML for the peers", flush=True)  # fmt: skip
    measured = [replace(project, listed=len(urls))]
    for peer in PEERS if index % 2 == 0 else PEERS[::-1]:
        got = connections_during(
            fleet, partial(run_peer, peer, config, listed, folder, timeout), peer
        )
        if got.pages < len(urls):
            print(f"       {peer}: only {got.pages} responses for {len(urls)} URLs")
        measured.append(replace(got, listed=len(urls)))
    for m in measured:
        print(f"    {m.crawler:<16} {m.pages:>7} pages {m.ran.wall:>7.1f} s "
              f"{m.cpu_ms_per_page:>6.2f} CPU ms/page {m.ran.rss_mb:>5.0f} MB "
              f"{m.connections:>6} conns", flush=True)  # fmt: skip
    return measured


HEADER = (
    f"{'crawler':<16} {'pages':>7} {'wall s':>7} {'pages/s':>8} {'CPU ms/page':>11} "
    f"{'RSS MB':>7} {'conns':>7} {'conns/site':>10}"
)


def table_row(m: Median, sites: int) -> str:
    return (
        f"{m.crawler:<16} {m.pages:>7.0f} {m.wall:>7.1f} {m.pages_per_second:>8.1f} "
        f"{m.cpu_ms_per_page:>11.2f} {m.rss_mb:>7.0f} {m.connections:>7.0f} "
        f"{m.connections / sites:>10.2f}"
    )


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def summary(medians: dict[str, Median], sites: int) -> list[str]:
    """The ratios project/peer and the targets, as lines to print."""
    project = medians[PROJECT]
    lines = []
    for peer in PEERS:
        other = medians[peer]
        cpu = project.cpu_ms_per_page / other.cpu_ms_per_page
        speed = project.pages_per_second / other.pages_per_second
        lines.append(
            f"project / {peer:<16} CPU ms/page {cpu:>5.2f}x   pages/s {speed:>5.2f}x"
            f"   RSS {project.rss_mb / other.rss_mb:>5.2f}x"
        )
    cpu_ratio = project.cpu_ms_per_page / medians[HTMLDATE].cpu_ms_per_page
    same_list = project.cpu_ms_per_listed / medians[HTMLDATE].cpu_ms_per_listed
    lines.append(
        f"per listed page (each crawler's CPU / the peers' {project.listed:.0f} URLs): "
        f"project {project.cpu_ms_per_listed:.2f} ms, {same_list:.2f}x scrapy+htmldate's"
    )
    per_site = project.connections / sites
    lines += [
        f"target: project CPU/page <= {CPU_RATIO_TARGET}x scrapy+htmldate's: {cpu_ratio:.2f}x "
        f"-> {verdict(cpu_ratio <= CPU_RATIO_TARGET)}",
        f"target: RSS per process < {RSS_TARGET_MB:.0f} MB (at 5,000 sites; here {sites}): "
        f"{project.rss_mb:.0f} MB -> {verdict(project.rss_mb < RSS_TARGET_MB)}",
        f"target: connections <= {CONNECTIONS_PER_SITE_TARGET:.0f}x the sites "
        f"({1000 * per_site:.0f} per 1,000 sites) -> "
        f"{verdict(per_site <= CONNECTIONS_PER_SITE_TARGET)}",
    ]
    return lines


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog=__doc__.split("\n\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--sites", type=int, default=200, help="sites in the fleet")
    parser.add_argument("--repeats", type=int, default=2, help="runs of each crawler")
    parser.add_argument("--seed", type=int, default=0, help="the fleet's seed")
    parser.add_argument("--keep", type=Path, help="keep each repeat's files in DIR/r<i>/")
    args = parser.parse_args()
    if args.sites < 1 or args.repeats < 1:
        parser.error("--sites and --repeats must be at least 1")

    today: date = jakarta_date(now_utc())
    root = args.keep or Path(tempfile.mkdtemp(prefix="peers-"))
    root.mkdir(parents=True, exist_ok=True)
    timeout = max(600.0, args.sites * 3.0)
    before = load()
    print(f"project vs Scrapy peers on a loopback fleet of {args.sites} sites, {args.repeats} "
          f"repeats, as of {today} ({os.cpu_count()} CPUs)", flush=True)  # fmt: skip
    runs: list[Measured] = []
    try:
        with LoadFleet(args.sites, today, args.seed) as fleet:
            config = fleet.write_config(root / "load.yaml")
            for index in range(args.repeats):
                runs += repetition(fleet, config, root / f"r{index + 1}", index, timeout)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    medians = {
        name: median_of(name, [m for m in runs if m.crawler == name]) for name in (PROJECT, *PEERS)
    }
    print(f"\nmedians of {args.repeats} repeats, {args.sites} sites:")
    print(HEADER)
    for m in medians.values():
        print(table_row(m, args.sites))
    print()
    for line in summary(medians, args.sites):
        print(line)
    print(f"load average (1, 5, 15 min): before {before}, after {load()}")
    if args.keep:
        print(f"kept: {root}/r<i>/ (freshness.db, urls.txt, logs, peers' stats)")


if __name__ == "__main__":
    main()
