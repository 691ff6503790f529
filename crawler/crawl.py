"""Run one crawl of a fleet: start a run, let Scrapy fetch, score, finish the run.

The only place that starts Scrapy. One crawl per process (Twisted's reactor
cannot restart): tests that crawl more than once use a subprocess.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from crawler.config import Fleet
from crawler.estimate import estimate
from crawler.model import SiteResult, Thresholds, jakarta_date, now_utc
from crawler.store import RunState, Store


@dataclass(frozen=True, slots=True)
class CrawlOutcome:
    run_id: int
    state: str
    results: tuple[SiteResult, ...]
    stats: dict[str, Any]


def crawl(
    fleet: Fleet,
    store: Store,
    *,
    config_path: str = "",
    now: datetime | None = None,
    log_level: str = "INFO",
) -> CrawlOutcome:
    """Crawl every agency of `fleet` into a new run of `store` and score it."""
    from scrapy.crawler import AsyncCrawlerProcess

    from spiders.freshness import FreshnessSpider, Observed
    from spiders.settings import scrapy_settings

    now = now or now_utc()
    run_id = store.start_run(now, jakarta_date(now), fleet.agencies, config_path)

    def sink(batch: list[Observed]) -> None:
        store.add_observations(
            run_id,
            fetches=[(o.agency_id, o.fetch) for o in batch if o.fetch is not None],
            evidence=[(o.agency_id, e) for o in batch for e in o.evidence],
        )

    process = AsyncCrawlerProcess(scrapy_settings(fleet.crawl, log_level=log_level))
    crawler = process.create_crawler(FreshnessSpider)
    state, reason = RunState.FAILED, "crashed"
    stats: dict[str, Any] = {}
    results: list[SiteResult] = []
    try:
        process.crawl(crawler, fleet=fleet, now=now, sink=sink)
        process.start()
        stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
        reason = str(stats.get("finish_reason", "unknown"))
        if reason == "finished":
            state = RunState.COMPLETE
            results = score_run(store, run_id, fleet.thresholds)
        else:
            state = RunState.INTERRUPTED
    finally:
        stats["thresholds"] = asdict(fleet.thresholds)
        store.finish_run(run_id, state=state, finished_at=now_utc(), reason=reason, stats=stats)
    return CrawlOutcome(run_id, state, tuple(results), stats)


def score_run(store: Store, run_id: int, thresholds: Thresholds) -> list[SiteResult]:
    """Compute and save every agency's verdict from the run's stored observations."""
    run = store.run(run_id)
    urls = {a.id: a.url for a in store.agencies(run_id)}
    results = [
        estimate(observation, urls[agency_id], run.as_of, thresholds)
        for agency_id, observation in store.observations(run_id).items()
    ]
    store.save_results(run_id, results)
    return results
