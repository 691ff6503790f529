"""Deliver the spider's observations to the store in batches (one transaction each)."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from spiders.freshness import Observed

#: Observations per transaction: few enough to lose little on a crash, many
#: enough that SQLite commits do not dominate a large crawl.
BATCH_SIZE = 100


class StorePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.batch: list[Observed] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, Observed):
            self.batch.append(item)
            if len(self.batch) >= BATCH_SIZE:
                self.flush()
        return item

    def close_spider(self, spider: Any = None) -> None:
        self.flush()

    def flush(self) -> None:
        if self.batch:
            batch, self.batch = self.batch, []
            self.crawler.spider.sink(batch)
            self.crawler.stats.inc_value("freshness/observations_stored", len(batch))
