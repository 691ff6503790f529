"""The award scorecard: each agency's verdicts over a period, summed up and ranked.

The regency's yearly transparency award (Bengkalis Transparansi Award) needs more than one
week's verdict: how often a site was fresh, how old its news usually was, how often its PPID
periodic information was current, how often it could be opened, and how often it showed an
incident (defacement, a lapsed domain, a bad certificate, a redirect elsewhere).

Pure: the verdicts of the complete runs in the period come in (`RunVerdicts`, gathered by the
caller from the store), a ranked `Scorecard` comes out. Only complete runs may be given:
interrupted, failed and network-failure runs judged nobody, so counting them would punish
agencies for the monitor's own trouble.

The combined score (0–100, higher is better) is a weighted sum of four shares of the
agency's own runs in the period (`WEIGHTS`):

    score = 40 × fresh share + 25 × PPID-current share + 20 × reachable share
            + 15 × incident-free share

rounded half up to a whole number. Fresh weighs most (the report's question); PPID periodic
information next (the legal duty of UU 14/2008 the award is about); reachable, since a site
that cannot be opened informs nobody; incident-free, since a defaced or lost site is a
security failure. Agencies are ranked by score, best first; equal scores by the median days
since update (fewer first, never dated last), then by name. Agencies with the same score and
median share a rank.

An agency first seen after the period's first run (it joined the fleet mid-period) is scored
on its own runs only, and marked (`joined_mid_period`); an agency with no run in the period
is absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from statistics import median

from crawler.config import Agency
from crawler.judge.incidents import kinds_flagged
from crawler.model import PpidStatus, SiteResult, Status


@dataclass(frozen=True, slots=True)
class Weight:
    """One measure's part of the combined score, in percent."""

    measure: str  # "fresh", "ppid_current", "reachable", "incident_free"
    percent: int


#: The score's method, shown on the scorecard page and in the CLI; the percents sum to 100.
WEIGHTS = (
    Weight("fresh", 40),
    Weight("ppid_current", 25),
    Weight("reachable", 20),
    Weight("incident_free", 15),
)


@dataclass(frozen=True, slots=True)
class RunVerdicts:
    """One complete run's verdicts, each with its agency as configured for that run."""

    run_id: int
    as_of: date
    verdicts: tuple[tuple[Agency, SiteResult], ...]


@dataclass(frozen=True, slots=True)
class AgencyScore:
    """One agency's measures over the runs of the period it was in."""

    agency: Agency  # as configured in its latest run of the period
    runs: int
    fresh_runs: int
    dated_runs: int  # runs with a days-since-update (the median is over these)
    median_days: float | None
    ppid_current_runs: int
    reachable_runs: int
    incident_runs: int
    first_as_of: date
    last_as_of: date
    joined_mid_period: bool
    score: int
    rank: int = 0  # 1 = best; set by `scorecard`

    @property
    def fresh_share(self) -> float:
        return self.fresh_runs / self.runs

    @property
    def ppid_current_share(self) -> float:
        return self.ppid_current_runs / self.runs

    @property
    def reachable_share(self) -> float:
        return self.reachable_runs / self.runs

    @property
    def incident_free_share(self) -> float:
        return (self.runs - self.incident_runs) / self.runs


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The period asked for, the complete runs found in it, and the agencies ranked."""

    first: date  # the period, inclusive, as asked
    last: date
    run_ids: tuple[int, ...]  # the complete runs counted, oldest first
    first_run_as_of: date | None  # the days of the first and last of them
    last_run_as_of: date | None
    scores: tuple[AgencyScore, ...]  # best first

    @property
    def runs(self) -> int:
        return len(self.run_ids)


def is_incident(result: SiteResult) -> bool:
    """The run found the site defaced, lost, insecure or sent elsewhere (its stored flags)."""
    return bool(kinds_flagged(result.flags))


def is_ppid_current(result: SiteResult) -> bool:
    return result.ppid is not None and result.ppid.status is PpidStatus.CURRENT


def combined_score(runs: int, fresh: int, ppid_current: int, reachable: int, incidents: int) -> int:
    """`WEIGHTS` applied to the shares of `runs`, 0–100, rounded half up (exactly: in whole
    numbers, so 0.5 never rounds to even and no float error moves a rank)."""
    counts = {
        "fresh": fresh, "ppid_current": ppid_current, "reachable": reachable,
        "incident_free": runs - incidents,
    }  # fmt: skip
    points = sum(w.percent * counts[w.measure] for w in WEIGHTS)  # percent × runs
    return (2 * points + runs) // (2 * runs)


def score_agency(
    runs: Sequence[tuple[date, Agency, SiteResult]], *, joined_mid_period: bool
) -> AgencyScore:
    """One agency's measures from its verdicts in the period, oldest first (at least one)."""
    results = [result for _, _, result in runs]
    days = [r.days_since_update for r in results if r.days_since_update is not None]
    fresh = sum(r.status is Status.FRESH for r in results)
    ppid_current = sum(is_ppid_current(r) for r in results)
    reachable = sum(r.status is not Status.UNREACHABLE for r in results)
    incidents = sum(is_incident(r) for r in results)
    return AgencyScore(
        agency=runs[-1][1],
        runs=len(results),
        fresh_runs=fresh,
        dated_runs=len(days),
        median_days=median(days) if days else None,
        ppid_current_runs=ppid_current,
        reachable_runs=reachable,
        incident_runs=incidents,
        first_as_of=runs[0][0],
        last_as_of=runs[-1][0],
        joined_mid_period=joined_mid_period,
        score=combined_score(len(results), fresh, ppid_current, reachable, incidents),
    )


def ranking_key(item: AgencyScore) -> tuple[int, bool, float, str, str]:
    """Best first: the higher score, then the fewer median days (never dated: last), then by
    name and id so the order never depends on the input's."""
    undated = item.median_days is None
    return (-item.score, undated, item.median_days or 0.0, item.agency.name.lower(), item.agency.id)


def scorecard(first: date, last: date, runs: Iterable[RunVerdicts]) -> Scorecard:
    """The ranked scorecard of the period `first`..`last` (inclusive) from complete runs'
    verdicts; runs whose day lies outside the period are left out."""
    counted = sorted((r for r in runs if first <= r.as_of <= last), key=lambda r: r.run_id)
    per_agency: dict[str, list[tuple[date, Agency, SiteResult]]] = {}
    first_run: dict[str, int] = {}
    for run in counted:
        for agency, result in run.verdicts:
            per_agency.setdefault(agency.id, []).append((run.as_of, agency, result))
            first_run.setdefault(agency.id, run.run_id)
    opening = counted[0].run_id if counted else None
    scores = sorted(
        (
            score_agency(seen, joined_mid_period=first_run[agency_id] != opening)
            for agency_id, seen in per_agency.items()
        ),
        key=ranking_key,
    )
    return Scorecard(
        first=first,
        last=last,
        run_ids=tuple(r.run_id for r in counted),
        first_run_as_of=counted[0].as_of if counted else None,
        last_run_as_of=counted[-1].as_of if counted else None,
        scores=tuple(_ranked(scores)),
    )


def _ranked(scores: Sequence[AgencyScore]) -> Iterable[AgencyScore]:
    """Ranks 1, 2, 2, 4…: agencies equal on score and median days share a rank."""
    rank = 0
    previous: tuple[int, float | None] | None = None
    for position, item in enumerate(scores, start=1):
        tie = (item.score, item.median_days)
        if tie != previous:
            rank, previous = position, tie
        yield replace(item, rank=rank)
