"""Benchmark: the crawler's per-page extraction alone (no network, no Scrapy, no SQLite).

    python bench/extraction.py [--sites 60] [--repeat 3] [--profile N]

Builds pages of the load fleet (bench/loadfleet.py) without serving them: each site's
homepage, its first listing and up to four articles, as the spider picks them. Then runs on
each page exactly what the spider runs for its role (listing dates, links, article date,
gambling-spam check, parked-domain check) and prints milliseconds per page by role and by
function. The crawl's own overhead (Scrapy, the store) is what bench/crawl_scale.py adds.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.loadfleet import Site, answer  # noqa: E402
from crawler.model import jakarta_date  # noqa: E402
from crawler.read.cascade import page_date  # noqa: E402
from crawler.read.links import discover  # noqa: E402
from crawler.read.listing import listing_items  # noqa: E402
from crawler.read.parked import parked_reason  # noqa: E402
from crawler.read.spam import page_spam  # noqa: E402
from crawler.read.structure import load_html  # noqa: E402

NOW = datetime(2026, 11, 29, 5, 0, tzinfo=UTC)
ARTICLES_PER_SITE = 4


def sample(sites: int) -> list[tuple[str, str, str]]:
    """(role, url, html) of the pages a probe of each site reads."""
    pages = []
    today = jakarta_date(NOW)
    for index in range(sites):
        site = Site(0, index, today)
        base = f"http://127.1.{(index + 1) // 255}.{(index + 1) % 255 or 1}:8000"
        home = _get(site, base, base + "/")
        if home is None:
            continue
        pages.append(("homepage", base + "/", home))
        found = discover(home, base + "/")
        for listing in found.listings[:1]:
            if (html := _get(site, base, listing)) is not None:
                pages.append(("listing", listing, html))
        for article in found.articles[:ARTICLES_PER_SITE]:
            if (html := _get(site, base, article)) is not None:
                pages.append(("article", article, html))
    return pages


def _get(site: Site, base: str, url: str) -> str | None:
    parts = urlsplit(url)
    status, _, body = answer(site, base, parts.path or "/", parts.query)
    return body if status == 200 and isinstance(body, str) else None


#: What the spider runs on each page, by role: the page is parsed once ("parse") and the
#: readers share the tree; the spam and parked checks look at the raw text first.
STEPS: dict[str, tuple[str, ...]] = {
    "homepage": ("parse", "listing_items", "discover", "page_spam", "parked_reason"),
    "listing": ("parse", "listing_items", "discover", "page_spam"),
    "article": ("parse", "page_date", "listing_items", "page_spam"),
}


def _step(name: str, html: str, url: str, tree: object) -> object:
    page = tree if tree is not None else ""
    if name == "parse":
        return load_html(html)
    if name == "listing_items":
        return listing_items(page, url, now=NOW)
    if name == "discover":
        return discover(page, url)
    if name == "page_date":
        return page_date(page, url, now=NOW)
    if name == "page_spam":
        return page_spam(html, url, tree=tree)
    return parked_reason(html)


def run(pages: list[tuple[str, str, str]]) -> dict[tuple[str, str], float]:
    spent: dict[tuple[str, str], float] = defaultdict(float)
    for role, url, html in pages:
        tree = None
        for name in STEPS[role]:
            start = time.perf_counter()
            result = _step(name, html, url, tree)
            spent[role, name] += time.perf_counter() - start
            if name == "parse":
                tree = result
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many passes")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="top N functions")
    args = parser.parse_args()
    pages = sample(args.sites)
    count = Counter(role for role, *_ in pages)
    size = sum(len(html) for *_, html in pages) / len(pages) / 1024
    print(f"{len(pages)} pages of {args.sites} sites, {size:.0f} KB on average: "
          + ", ".join(f"{n} {role}" for role, n in count.items()))  # fmt: skip
    best: dict[tuple[str, str], float] = {}
    for _ in range(args.repeat):
        for key, seconds in run(pages).items():
            best[key] = min(best.get(key, seconds), seconds)
    total = sum(best.values())
    for role in STEPS:
        steps = {name: best[role, name] for name in STEPS[role]}
        line = ", ".join(f"{name} {1000 * s / count[role]:.2f}" for name, s in steps.items())
        print(f"  {role:9} {1000 * sum(steps.values()) / count[role]:6.2f} ms/page  ({line})")
    print(f"  all       {1000 * total / len(pages):6.2f} ms/page, {len(pages) / total:.0f} pages/s")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run, pages)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
