"""The peers of bench/peers.py: bare Scrapy fetching a given URL list, with or without htmldate.

    python -m bench.peer_spider --config load.yaml --urls urls.txt --stats stats.json [--htmldate]

Fetches every URL of `--urls` (one a line) once, with the project's politeness: the
settings below are taken from `spiders.settings.scrapy_settings` for the config's `crawl:`
block (not retyped), so per-domain concurrency, delay, timeout, user agent, retries and
response size limits are the project's. Robots are off: the list is given. Nothing else of
the project runs: no guard, no redirect policy, no item pipeline, no store.

Without `--htmldate` the bodies are dropped unread. With it, every HTML response goes
through `htmldate.find_date(text, extensive_search=False, original_date=True)` (its fast
mode), the cheapest credible "page date" pipeline. Scrapy's stats are written as JSON to
`--stats`, with `peer/htmldate_pages` and `peer/htmldate_found` added.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scrapy import Request, Spider  # noqa: E402
from scrapy.crawler import AsyncCrawlerProcess  # noqa: E402
from scrapy.http import Response, TextResponse  # noqa: E402
from scrapy.settings import Settings  # noqa: E402

from crawler.config import load_fleet  # noqa: E402
from spiders.settings import scrapy_settings  # noqa: E402

#: What of the project's Scrapy settings a peer shares: politeness and limits, not behaviour.
SHARED_SETTINGS = (
    "USER_AGENT",
    "DEFAULT_REQUEST_HEADERS",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_START_DELAY",
    "AUTOTHROTTLE_MAX_DELAY",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "DOWNLOAD_WARNSIZE",
    "DOWNLOAD_FAIL_ON_DATALOSS",
    "RETRY_ENABLED",
    "RETRY_TIMES",
    "COOKIES_ENABLED",
    "TELNETCONSOLE_ENABLED",
)
HTMLDATE_PAGES = "peer/htmldate_pages"
HTMLDATE_FOUND = "peer/htmldate_found"


def peer_settings(config: Path) -> Settings:
    """The project's politeness for `config`, robots off, logging as the project's --quiet."""
    project = scrapy_settings(load_fleet(config).crawl)
    values: dict[str, Any] = {key: project[key] for key in SHARED_SETTINGS}
    values |= {"BOT_NAME": "peer", "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "WARNING"}
    return Settings(values)


def read_urls(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class ListSpider(Spider):
    """Fetches the given URLs; with `htmldate`, dates every HTML page in fast mode."""

    name = "peer"

    def __init__(self, urls: Iterable[str], htmldate: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = list(urls)
        self.htmldate = htmldate

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            yield Request(url, callback=self.parse)

    def parse(self, response: Response, **kwargs: Any) -> None:
        if not self.htmldate or not isinstance(response, TextResponse):
            return
        if b"html" not in (response.headers.get("Content-Type") or b"").lower():
            return
        from htmldate import find_date

        found = find_date(response.text, extensive_search=False, original_date=True)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(HTMLDATE_PAGES)
        if found:
            self.crawler.stats.inc_value(HTMLDATE_FOUND)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True, help="the crawl's config")
    parser.add_argument("--urls", type=Path, required=True, help="URLs to fetch, one a line")
    parser.add_argument("--stats", type=Path, required=True, help="write Scrapy's stats here")
    parser.add_argument("--htmldate", action="store_true", help="date every HTML page")
    args = parser.parse_args()

    process = AsyncCrawlerProcess(peer_settings(args.config))
    crawler = process.create_crawler(ListSpider)
    process.crawl(crawler, urls=read_urls(args.urls), htmldate=args.htmldate)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    args.stats.write_text(json.dumps(stats, default=str, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
