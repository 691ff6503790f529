"""Merge the shards of one crawl (`freshness crawl --shard i/N` on N machines) into one run.

Each shard's database holds its own runs. `merge` takes the latest complete run of each
shard, checks that together they are one crawl (no agency twice, the same thresholds,
crawled within a week of each other), has the store copy every observation into a new run
of the target database, and scores the whole run again as of its newest shard's day, so
every verdict is as of one day. The SQL is the store's; this module decides what is merged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawler.config import Agency
from crawler.crawl import score_run
from crawler.model import SiteResult, now_utc
from crawler.shard import Shard
from crawler.store import RunInfo, RunState, Store, StoreError

log = logging.getLogger("freshness")

#: Shards crawled further apart than this are different weeks' crawls, not one crawl.
MAX_SPREAD_DAYS = 6


class MergeError(StoreError):
    pass


@dataclass(frozen=True, slots=True)
class ShardRun:
    path: Path
    run: RunInfo
    agencies: tuple[Agency, ...]


@dataclass(frozen=True, slots=True)
class Merged:
    run_id: int
    shards: tuple[ShardRun, ...]
    results: tuple[SiteResult, ...]


def read_shard(path: Path) -> ShardRun:
    """The latest complete run of the shard database at `path`."""
    if not path.is_file():
        raise MergeError(f"{path}: no such database")
    try:
        store = Store(path, read_only=True)  # a shard is read, never changed
    except StoreError as exc:
        raise MergeError(f"shard {exc}") from None
    with store:
        run = store.latest_run()
        if run is None:
            raise MergeError(f"{path}: no complete run to merge (see `freshness history`)")
        return ShardRun(path, run, tuple(store.agencies(run.id)))


def check_shards(shards: Sequence[ShardRun]) -> None:
    """Raise MergeError unless the shards together make one crawl."""
    owner: dict[str, Path] = {}
    for shard in shards:
        for agency in shard.agencies:
            if agency.id in owner:
                raise MergeError(
                    f"agency {agency.id!r} is in both {owner[agency.id]} and {shard.path}; "
                    "each shard must be crawled with a different --shard i/N of the same N"
                )
            owner[agency.id] = shard.path
    labels = [shard.run.shard for shard in shards if shard.run.shard]
    if len(labels) == len(shards):  # every shard says which part it is
        parts = [Shard.parse(label) for label in labels]
        counts = {part.count for part in parts}
        if len(counts) > 1:
            raise MergeError(f"the shards split the fleet differently: {', '.join(labels)}")
        missing = sorted(set(range(1, counts.pop() + 1)) - {part.index for part in parts})
        if missing:
            absent = ", ".join(f"{i}/{parts[0].count}" for i in missing)
            raise MergeError(f"shard {absent} is missing; merge every shard of the crawl")
    thresholds = {shard.run.thresholds for shard in shards}
    if len(thresholds) > 1:
        raise MergeError(
            "the shards were scored with different thresholds; crawl them with one config"
        )
    days = sorted(shard.run.as_of for shard in shards)
    if (days[-1] - days[0]).days > MAX_SPREAD_DAYS:
        raise MergeError(
            f"the shards were crawled {days[0]} to {days[-1]}: more than "
            f"{MAX_SPREAD_DAYS} days apart, so not one week's crawl"
        )


def merge(target: Store, paths: Sequence[Path], now: datetime | None = None) -> Merged:
    """Merge the latest complete run of each shard database into a new run of `target`."""
    if not paths:
        raise MergeError("name at least one shard database")
    try:
        resolved = [Path(p).resolve() for p in paths]
    except (RuntimeError, OSError) as exc:  # a symlink loop (RuntimeError before 3.13)
        raise MergeError(f"{exc}; check the shard paths") from None
    if len(set(resolved)) != len(resolved):
        raise MergeError("a shard database is named twice")
    shards = tuple(read_shard(p) for p in resolved)
    check_shards(shards)
    newest = max(shards, key=lambda s: s.run.as_of)
    started = min(datetime.fromisoformat(s.run.started_at) for s in shards)
    agencies = [a for shard in shards for a in shard.agencies]
    label = "merged from " + ", ".join(str(s.path) for s in shards)
    run_id = target.start_run(
        started, newest.run.as_of, agencies, label, thresholds=newest.run.thresholds
    )
    stats = {
        "merged": [
            {"db": str(s.path), "run": s.run.id, "as_of": s.run.as_of.isoformat(),
             "agencies": len(s.agencies), "shard": s.run.shard}
            for s in shards
        ],
    }  # fmt: skip
    try:
        for shard in shards:
            target.copy_observations_from(shard.path, shard.run.id, run_id)
        results = score_run(target, run_id, newest.run.thresholds)
        target.complete_run(
            run_id, results, finished_at=now or now_utc(), reason="finished", stats=stats
        )
    except BaseException as exc:
        target.finish_run(
            run_id, state=RunState.FAILED, finished_at=now or now_utc(),
            reason=f"merge failed: {type(exc).__name__}: {exc}"[:300], stats=stats,
        )  # fmt: skip
        raise
    log.info("run %d: merged %d shards, %d agencies", run_id, len(shards), len(agencies))
    return Merged(run_id, shards, tuple(results))
