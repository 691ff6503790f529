"""Deliver the spider's observations to the store in batches (one transaction each).

The store's writer (a `Sink`) reaches the pipeline through the crawler's settings
(`SINK_SETTING`), where `scrapy_settings(..., sink=...)` puts it.

A batch that cannot be written (a full disk, a damaged database) stops the crawl: a run that
went on without its observations would judge sites on what it failed to keep.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from spiders.items import Observed

#: Writes one batch of observations to the store, in one transaction.
Sink = Callable[[list[Observed]], None]
#: The Scrapy setting that carries the `Sink` to the pipeline.
SINK_SETTING = "FRESHNESS_SINK"

#: Observations per transaction: few enough to lose little on a crash, many
#: enough that SQLite commits do not dominate a large crawl.
BATCH_SIZE = 100
#: The spider's finish reason when the store failed; the crawl marks the run failed.
STORE_FAILED = "store-failed"
STORE_ERROR_STAT = "freshness/store_error"

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler, sink: Sink):
        self.crawler = crawler
        self.sink = sink
        self.batch: list[Observed] = []
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        sink = crawler.settings.get(SINK_SETTING)
        if not callable(sink):
            raise ValueError(f"StorePipeline needs a sink: the {SINK_SETTING} setting")
        return cls(crawler, sink)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, Observed):
            self.batch.append(item)
            if len(self.batch) >= BATCH_SIZE:
                self.flush()
        return item

    def close_spider(self, spider: Any = None) -> None:
        self.flush()

    def flush(self) -> None:
        if not self.batch or self.failed:
            self.batch.clear()
            return
        batch, self.batch = self.batch, []
        try:
            self.sink(batch)
        except (sqlite3.Error, OSError) as exc:
            self._stop(exc)
            return
        self.crawler.stats.inc_value("freshness/observations_stored", len(batch))

    def _stop(self, exc: BaseException) -> None:
        self.failed = True
        problem = f"{type(exc).__name__}: {exc}"[:300]
        log.error("the database cannot take the crawl's observations (%s); stopping", problem)
        self.crawler.stats.set_value(STORE_ERROR_STAT, problem)
        if self.crawler.engine is not None and self.crawler.engine.running:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=STORE_FAILED))
