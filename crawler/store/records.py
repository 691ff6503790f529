"""What the store hands back besides the model's dataclasses: a run (RunInfo, in a RunState)
and a verdict with its agency (ResultRow)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from crawler.config import Agency
from crawler.model import SiteResult, Thresholds


class RunState(StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"
    INTERRUPTED = "interrupted"
    FAILED = "failed"
    NETWORK_FAILURE = "network-failure"  # (nearly) every site failed at once: our network


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: int
    started_at: str  # ISO 8601, UTC
    finished_at: str | None
    as_of: date  # the Jakarta calendar day the verdicts are computed for
    state: RunState
    finish_reason: str | None
    agency_count: int
    stats: dict[str, Any]  # Scrapy's counters, and what merge and --only add
    pruned_at: str | None = None  # when its pages and evidence were deleted (`prune`)
    #: The thresholds the run was scored with (the defaults for runs that did not say).
    thresholds: Thresholds = field(default_factory=Thresholds)
    shard: str | None = None  # the part of the fleet it crawled (`--shard i/N`), as written

    @property
    def seconds(self) -> float | None:
        if not self.finished_at:
            return None
        return (
            datetime.fromisoformat(self.finished_at) - datetime.fromisoformat(self.started_at)
        ).total_seconds()


@dataclass(frozen=True, slots=True)
class ResultRow:
    """A verdict joined with the agency as it was configured for that run."""

    run_id: int
    agency: Agency
    result: SiteResult
