"""How verdicts change from run to run: the week-over-week view shared by report and CLI.

Pure functions over the store's status history; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from crawler.model import Status

#: How bad a status is, for "worse" and "better". Undated ranks with abandoned: a site that
#: shows no dated content at all is no better, for the public, than one abandoned.
SEVERITY = {
    Status.FRESH: 0,
    Status.AGING: 1,
    Status.STALE: 2,
    Status.ABANDONED: 3,
    Status.UNDATED: 3,
    Status.UNREACHABLE: 4,
}


class Change(StrEnum):
    NEW = "new"  # not in the previous run
    WORSE = "worse"
    BETTER = "better"
    SAME = "same"  # same severity (possibly another status of that severity)


@dataclass(frozen=True, slots=True)
class Point:
    """One agency's verdict in one run."""

    run_id: int
    as_of: date
    status: Status
    days_since_update: int | None


@dataclass(frozen=True, slots=True)
class Transition:
    """An agency's verdict now against the previous run's."""

    agency_id: str
    status: Status
    previous: Status | None
    change: Change

    @property
    def newly_unreachable(self) -> bool:
        return self.status is Status.UNREACHABLE and self.previous not in (None, Status.UNREACHABLE)

    @property
    def newly_stale(self) -> bool:
        """Worse than last run and now stale or worse: what the office must chase this week."""
        return self.change is Change.WORSE and SEVERITY[self.status] >= SEVERITY[Status.STALE]


def change_of(previous: Status | None, current: Status) -> Change:
    if previous is None:
        return Change.NEW
    before, now = SEVERITY[previous], SEVERITY[current]
    if now > before:
        return Change.WORSE
    if now < before:
        return Change.BETTER
    return Change.SAME


def transitions(
    current: Mapping[str, Status], previous: Mapping[str, Status] | None
) -> dict[str, Transition]:
    """Every current agency's transition from `previous` (None: there was no previous run)."""
    previous = previous or {}
    return {
        agency_id: Transition(
            agency_id, status, previous.get(agency_id), change_of(previous.get(agency_id), status)
        )
        for agency_id, status in current.items()
    }


def removed(current: Mapping[str, Status], previous: Mapping[str, Status] | None) -> list[str]:
    """Agencies in the previous run that are gone from the current one."""
    return sorted(set(previous or {}) - set(current))


def timelines(
    runs: Sequence[tuple[int, date]], history: Mapping[int, Mapping[str, tuple[str, int | None]]]
) -> dict[str, list[Point]]:
    """agency id -> its points over `runs` (oldest first), skipping runs it was not in."""
    lines: dict[str, list[Point]] = {}
    for run_id, as_of in runs:
        for agency_id, (status, days) in history.get(run_id, {}).items():
            lines.setdefault(agency_id, []).append(Point(run_id, as_of, Status(status), days))
    return lines


def statuses_in(lines: Mapping[str, Sequence[Point]], run_id: int) -> dict[str, Status]:
    """agency id -> its status in run `run_id`, for the agencies that were in it."""
    return {a: p.status for a, points in lines.items() for p in points if p.run_id == run_id}
