"""Run one crawl of a fleet: start a run, let Scrapy fetch, score, finish the run.

The only place that starts Scrapy. One crawl per process (Twisted's reactor
cannot restart): tests that crawl more than once use a subprocess.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawler.config import Fleet
from crawler.judge.estimate import estimate, network_down
from crawler.model import (
    SetAsideDate,
    SiteResult,
    Status,
    Thresholds,
    jakarta_date,
    now_utc,
)
from crawler.shard import Shard, shard_fleet
from crawler.store import RunState, Store, StoreError

log = logging.getLogger("freshness")


@dataclass(frozen=True, slots=True)
class CrawlOutcome:
    run_id: int
    state: str
    results: tuple[SiteResult, ...]
    stats: dict[str, Any]
    #: With `diagnose`: dates the pages showed that were not publication dates, and why.
    set_aside: tuple[SetAsideDate, ...] = ()


def crawl(
    fleet: Fleet,
    store: Store,
    *,
    config_path: str = "",
    now: datetime | None = None,
    log_level: str = "INFO",
    log_file: str | None = None,
    only: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
    diagnose: bool = False,
    shard: Shard | None = None,
) -> CrawlOutcome:
    """Crawl every agency of `fleet` into a new run of `store` and score it.

    With `only`, just those agencies are crawled; the others' observations are carried over
    from the latest complete run and scored again as of now, so the new run is whole.
    With `shard`, the run holds only that shard's agencies (`freshness merge` joins them).
    """
    from scrapy.crawler import AsyncCrawlerProcess

    from spiders.freshness import FreshnessSpider
    from spiders.items import Observed
    from spiders.pipelines import STORE_ERROR_STAT
    from spiders.settings import scrapy_settings

    now = now or now_utc()
    if shard is not None:
        fleet = shard_fleet(fleet, shard)
    crawled = fleet.only(only) if only else fleet
    source = store.latest_run() if only else None
    if source is not None and source.pruned_at:
        raise StoreError(
            f"--only: the latest complete run ({source.id}) has had its pages pruned, so the "
            "other agencies cannot be carried over; crawl every agency instead"
        )
    before = {a.id for a in store.agencies(source.id)} if source else set()
    carried = [a.id for a in fleet.agencies if a.id not in only and a.id in before]
    agencies = [a for a in fleet.agencies if a.id in carried or a in crawled.agencies]
    run_id = store.start_run(
        now, jakarta_date(now), agencies, config_path,
        thresholds=fleet.thresholds, shard=str(shard) if shard else None,
    )  # fmt: skip

    def sink(batch: list[Observed]) -> None:
        store.add_observations(
            run_id,
            fetches=[(o.agency_id, o.fetch) for o in batch if o.fetch is not None],
            evidence=[(o.agency_id, e) for o in batch for e in o.evidence],
            spam=[(o.agency_id, o.spam) for o in batch if o.spam is not None],
            ppid_pages=[(o.agency_id, p) for o in batch for p in o.ppid_pages],
            ppid_documents=[(o.agency_id, d) for o in batch for d in o.ppid_documents],
            site_links=[(o.agency_id, link) for o in batch for link in o.site_links],
        )

    process = AsyncCrawlerProcess(
        scrapy_settings(fleet.crawl, log_level=log_level, log_file=log_file, sink=sink)
    )
    crawler = process.create_crawler(FreshnessSpider)
    state, reason = RunState.FAILED, "crashed"
    stats: dict[str, Any] = {}
    results: list[SiteResult] = []
    try:
        process.crawl(
            crawler, fleet=crawled, now=now, progress=progress, diagnose=diagnose
        )
        _quiet_retry_log(log_level)  # after Scrapy's logging setup, which resets levels
        process.start()
        stats.update(crawler.stats.get_stats() if crawler.stats else {})
        reason = str(stats.get("finish_reason", "unknown"))
        if stats.get(STORE_ERROR_STAT):  # observations were lost: judge nobody on the rest
            state, reason = RunState.FAILED, f"store failed: {stats[STORE_ERROR_STAT]}"
        elif reason == "finished":
            if network_down(store.iter_observations(run_id)):
                # Nobody's site is judged on a run where our own network was down.
                state, reason = RunState.NETWORK_FAILURE, "every site failed at the network level"
            else:
                if source is not None and carried:
                    store.copy_observations(source.id, run_id, carried)
                    stats["carried_from_run"] = source.id
                results = score_run(store, run_id, fleet.thresholds)
                store.complete_run(
                    run_id, results, finished_at=now_utc(), reason=reason, stats=stats
                )
                state = RunState.COMPLETE
        else:
            state = RunState.INTERRUPTED
    except BaseException as exc:
        state, reason, results = RunState.FAILED, f"{type(exc).__name__}: {exc}"[:300], []
        raise
    finally:
        if state != RunState.COMPLETE:
            # A failure to record this (a full disk) leaves the run "running": the next
            # start marks it interrupted.
            store.finish_run(run_id, state=state, finished_at=now_utc(), reason=reason, stats=stats)
    _log_results(run_id, state, results)
    set_aside = tuple(getattr(crawler.spider, "set_aside", ()))
    return CrawlOutcome(run_id, state, tuple(results), stats, set_aside)


def _quiet_retry_log(log_level: str) -> None:
    """A dead agency site is a finding stored as data, not an error of this program: Scrapy's
    "Gave up retrying" ERROR lines would make cron mail the office about it every week."""
    level = logging.DEBUG if log_level.upper() == "DEBUG" else logging.CRITICAL
    logging.getLogger("scrapy.downloadermiddlewares.retry").setLevel(level)


def _log_results(run_id: int, state: str, results: list[SiteResult]) -> None:
    """One line per agency with its stored verdict, then the counts per status: the line an
    operator greps the log for. The verdicts are the ones saved, computed once."""
    for result in results:
        log.info(
            "%s: %s, last update %s", result.agency_id, result.status,
            result.last_updated.isoformat() if result.last_updated else "-",
        )  # fmt: skip
    counts = Counter(str(r.status) for r in results)
    summary = ", ".join(f"{counts[s]} {s}" for s in Status if counts[s]) or "nothing scored"
    log.info("run %d %s: %s", run_id, state, summary)


def score_run(store: Store, run_id: int, thresholds: Thresholds) -> list[SiteResult]:
    """Every agency's verdict from the run's stored observations (the caller saves them,
    with the run's completion, in one transaction). One agency at a time from the store:
    a big run is never all in memory at once."""
    run = store.run(run_id)
    urls = {a.id: a.url for a in store.agencies(run_id)}
    return [
        estimate(observation, urls[observation.agency_id], run.as_of, thresholds)
        for observation in store.iter_observations(run_id)
    ]
