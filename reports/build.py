"""What the report shows, gathered from the store: one `Report` per run, no HTML here.

The data flows one way: store -> `build_report` -> templates. Everything a page needs is
computed here (sorting, week-over-week changes, history), so templates only lay it out.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, datetime
from typing import Any, TypedDict, TypeVar, cast

from crawler.config import PORTAL_CATEGORY, Agency, is_agency_id, without_userinfo
from crawler.config import shown as shown_value
from crawler.judge.discovery import Drift, drift
from crawler.judge.estimate import unreachable_cause
from crawler.judge.fixes import Fix, fixes
from crawler.judge.history import (
    SEVERITY,
    Change,
    Point,
    Transition,
    removed,
    timelines,
    transitions,
)
from crawler.judge.incidents import (
    URGENCY,
    Incident,
    IncidentKind,
    RunFlags,
    incident_starts,
    incidents,
)
from crawler.judge.ppid import section_documents
from crawler.judge.scorecard import Scorecard
from crawler.judge.uncounted import Uncounted, uncounted
from crawler.model import (
    Confidence,
    Evidence,
    Fetch,
    Flag,
    PpidDocument,
    SiteObservation,
    SiteResult,
    Status,
    Thresholds,
)
from crawler.store import ResultRow, RunInfo, RunState, Store
from crawler.urls import host_of, registrable_domain
from reports.scorecard import year_to_date

HISTORY_RUNS = 52  # a year of weekly runs
MAX_EVIDENCE_ROWS = 40  # per agency page; the rest is in results.json and `freshness check`
FEED_ENTRIES = 200
CONFIDENCE_RANK = {Confidence.HIGH: 3, Confidence.MEDIUM: 2, Confidence.LOW: 1}
CHANGE_RANK = {Change.WORSE: 3, Change.NEW: 2, Change.BETTER: 1}

T = TypeVar("T")


class ReportError(ValueError):
    """The database holds something the report must not publish (an id that is no file name)."""


@dataclass(frozen=True, slots=True)
class AgencyReport:
    agency: Agency
    result: SiteResult
    transition: Transition
    previous: SiteResult | None
    timeline: tuple[Point, ...]
    evidence: tuple[Evidence, ...]  # newest first, one row per (page, source, date)
    evidence_total: int
    fetches: tuple[Fetch, ...]
    ppid_documents: tuple[PpidDocument, ...] = ()  # periodic ones first, newest first
    incidents: tuple[Incident, ...] = ()  # most urgent first (crawler.judge.incidents)
    #: Per row of `evidence`, why the estimate did not count it (None: it counted).
    uncounted: tuple[Uncounted | None, ...] = ()
    fixes: tuple[Fix, ...] = ()  # what to do, most urgent first (crawler.judge.fixes)

    @property
    def id(self) -> str:
        return self.agency.id

    @property
    def confidence_rank(self) -> int:
        """For sorting the table: high 3, medium 2, low 1, none 0."""
        confidence = self.result.confidence
        return CONFIDENCE_RANK[confidence] if confidence is not None else 0

    @property
    def change_rank(self) -> int:
        """For sorting the table: worse first, then new, then better."""
        return CHANGE_RANK.get(self.transition.change, 0)

    @property
    def unreachable_cause(self) -> Fetch | None:
        """The failed request that made the site unreachable, as the estimate decided it
        (`crawler.judge.estimate.unreachable_cause`)."""
        return unreachable_cause(self.fetches)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """A status change between two consecutive runs, for the Atom feed."""

    run: RunInfo
    agency_id: str
    name: str
    before: Status | None
    after: Status


@dataclass(frozen=True, slots=True)
class IncidentFeedEntry:
    """An incident in the first run that had it, for the Atom feed."""

    run: RunInfo
    agency_id: str
    name: str
    kind: IncidentKind


@dataclass(frozen=True, slots=True)
class SiteList:
    """What the portal's homepage links say of the configured list (the "Daftar situs" box
    and the export's `portal_listed`)."""

    drift: Drift
    #: agency id -> True when the portal links its site, False when it vanished from the
    #: portal (drift); absent when neither: a site the portal is not expected to list (off
    #: its domain, no village), and the portal itself.
    listed: dict[str, bool]

    @property
    def any(self) -> bool:
        """Whether there is anything to show."""
        d = self.drift
        return bool(d.vanished or d.unlisted or d.moved)


@dataclass(frozen=True, slots=True)
class Report:
    run: RunInfo
    previous_run: RunInfo | None
    thresholds: Thresholds
    agencies: tuple[AgencyReport, ...]  # worst first
    removed: tuple[str, ...]
    feed: tuple[FeedEntry, ...]  # newest first
    generated_at: datetime
    counts: dict[Status, int] = field(default_factory=dict)
    failed_attempt: RunInfo | None = None  # a newer run that gave no verdicts, and why
    incident_feed: tuple[IncidentFeedEntry, ...] = ()  # newest first
    scorecard: Scorecard | None = None  # the calendar year up to this run (scorecard.html)
    #: How the configured list drifts from the portal's links; None when the run read no
    #: portal's links (no portal configured, or its homepage did not answer).
    site_list: SiteList | None = None

    @property
    def drift(self) -> Drift | None:
        return self.site_list.drift if self.site_list is not None else None

    @property
    def portal_listed(self) -> dict[str, bool]:
        """agency id -> whether the portal links it (agencies it could not link absent)."""
        return self.site_list.listed if self.site_list is not None else {}

    @property
    def newly_stale(self) -> list[AgencyReport]:
        return [a for a in self.agencies if a.transition.newly_stale]

    @property
    def recovered(self) -> list[AgencyReport]:
        return [a for a in self.agencies if a.transition.change is Change.BETTER]

    @property
    def unreachable(self) -> list[AgencyReport]:
        return [a for a in self.agencies if a.result.status is Status.UNREACHABLE]

    @property
    def categories(self) -> list[str]:
        return sorted({a.agency.category for a in self.agencies})

    @property
    def with_incidents(self) -> list[AgencyReport]:
        """Agencies with an incident: the most urgent incident first, then by name."""
        found = [a for a in self.agencies if a.incidents]
        return sorted(found, key=lambda a: (a.incidents[0].urgency, a.agency.name.lower()))

    @property
    def atom_entries(self) -> list[FeedEntry | IncidentFeedEntry]:
        """The feed's entries, newest run first; in a run, its incidents before its changes."""
        entries: list[FeedEntry | IncidentFeedEntry] = [*self.incident_feed, *self.feed]
        return sorted(entries, key=lambda e: -e.run.id)  # stable: each list keeps its order


def worst_first(item: AgencyReport) -> tuple[int, int, str]:
    """Most severe status first, then the longest silence, then by name."""
    r = item.result
    return (-SEVERITY[r.status], -(r.days_since_update or 0), item.agency.name.lower())


def build_report(store: Store, run_id: int | None, now: datetime) -> Report:
    """The report of run `run_id` (default: the latest complete run) with its history."""
    run = store.run(run_id) if run_id is not None else _latest_to_show(store)
    if run.pruned_at:
        raise LookupError(
            f"run {run.id}'s pages and evidence were pruned ({run.pruned_at[:10]}), so its "
            f"report cannot be shown; its verdicts remain in `freshness export --run {run.id}`"
        )
    history_runs = store.complete_runs(up_to=run.id, limit=HISTORY_RUNS)
    if run.id not in {r.id for r in history_runs}:
        history_runs.append(run)  # a chosen incomplete run still gets its own page
    earlier = [r for r in history_runs if r.id < run.id]
    previous_run = earlier[-1] if earlier else None

    rows = store.results(run.id)
    previous_results = (
        {row.agency.id: row.result for row in store.results(previous_run.id)}
        if previous_run
        else {}
    )
    current = {row.agency.id: row.result.status for row in rows}
    before = {k: v.status for k, v in previous_results.items()} if previous_run else None
    moves = transitions(current, before)
    history = store.status_history([r.id for r in history_runs])
    for history_run_id, statuses in history.items():
        check_ids(statuses, history_run_id)  # the feed links to these ids' pages
    check_ids(current, run.id)
    lines = timelines([(r.id, r.as_of) for r in history_runs], history)
    observations = store.observations(run.id)

    flag_lines = _flag_lines(store, history_runs)
    agencies = [
        without_credentials(
            AgencyReport(
                agency=row.agency,
                result=row.result,
                transition=moves[row.agency.id],
                previous=previous_results.get(row.agency.id),
                timeline=tuple(lines.get(row.agency.id, ())),
                **_evidence_and_fetches(
                    observations.get(row.agency.id), site_url=row.agency.url, as_of=run.as_of
                ),
                incidents=incidents(
                    row.result,
                    observations.get(row.agency.id),
                    flag_lines.get(row.agency.id, ()),
                ),
                fixes=fixes(row.result, observations.get(row.agency.id), run.as_of),
            )
        )
        for row in rows
    ]
    agencies.sort(key=worst_first)
    names = {row.agency.id: row.agency.name for row in rows}
    return Report(
        run=run,
        previous_run=previous_run,
        thresholds=run.thresholds,
        agencies=tuple(agencies),
        removed=tuple(removed(current, before)),
        feed=tuple(_feed(history_runs, history, names)),
        generated_at=now,
        counts=dict(Counter(a.result.status for a in agencies)),
        failed_attempt=_newer_failed_run(store, run) or _itself_failed(run),
        incident_feed=tuple(_incident_feed(store, history_runs, flag_lines, agencies, names)),
        scorecard=year_to_date(store, run),
        site_list=without_credentials(site_list(store, run.id, rows)),
    )


def site_list(store: Store, run_id: int, rows: Iterable[ResultRow]) -> SiteList | None:
    """The run's drift between its agencies and what its portals' homepages link: scoped to
    the portals' registrable domains; `moved` are the agencies flagged redirects-offsite.
    None when no portal's links were read in the run: a portal that did not answer says
    nothing of the sites it lists."""
    rows = list(rows)
    agencies = [row.agency for row in rows]
    portals = [a for a in agencies if a.category == PORTAL_CATEGORY]
    found = store.site_links(run_id)
    links = [link for a in portals for link in found.get(a.id, ())]
    if not links:
        return None
    scope = {registrable_domain(host_of(a.url)) for a in portals}
    offsite = [row.agency.id for row in rows if Flag.REDIRECTS_OFFSITE in row.result.flags]
    found_drift = drift(links, agencies, offsite, scope=scope)
    linked = {host_of(link.url) for link in links}  # www. and scheme aside, as drift matches
    listed = {
        a.id: a.id not in found_drift.vanished
        for a in agencies
        if a not in portals and (host_of(a.url) in linked or a.id in found_drift.vanished)
    }
    return SiteList(found_drift, listed)


def _latest_to_show(store: Store) -> RunInfo:
    """The latest complete run; before the first one, a run that failed for our network
    (its report says so rather than showing nothing)."""
    run = store.latest_run()
    if run is not None:
        return run
    attempt = store.latest_run(complete_only=False)
    if attempt is not None and attempt.state == RunState.NETWORK_FAILURE:
        return attempt
    raise LookupError("no complete run in the database yet: run `freshness crawl` first")


def _itself_failed(run: RunInfo) -> RunInfo | None:
    return run if run.state == RunState.NETWORK_FAILURE else None


def check_ids(ids: Iterable[str], run_id: int) -> None:
    """ReportError unless every id is one the config accepts: ids become file names
    (`agencies/<id>.html`), and a database (a merged shard) may hold anything."""
    for agency_id in ids:
        if not is_agency_id(agency_id):
            raise ReportError(
                f"run {run_id} holds an invalid agency id {shown_value(agency_id)} (allowed: "
                "lower-case letters, digits and '-'); no report was written"
            )


def without_credentials(value: T) -> T:
    """`value` with user names and passwords removed from the URLs in its text, through
    nested model dataclasses and tuples: the report publishes every URL it holds."""
    return cast(T, _scrubbed(value))


def _scrubbed(value: Any) -> Any:
    if type(value) is str:  # not a StrEnum: a status stays a status
        return without_userinfo(value)
    if type(value) is tuple:
        items = tuple(_scrubbed(v) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if is_dataclass(value) and not isinstance(value, type):
        changed: dict[str, Any] = {}
        for name in _field_names(type(value)):
            old = getattr(value, name)
            new = _scrubbed(old)
            if new is not old:  # copy only what holds credentials: most objects hold none
                changed[name] = new
        return replace(value, **changed) if changed else value
    return value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.init)  # a whole fleet's pages: look up once


def _newer_failed_run(store: Store, shown: RunInfo) -> RunInfo | None:
    """The newest run, when it is newer than the one shown and ended without verdicts."""
    newest = store.latest_run(complete_only=False)
    if newest is None or newest.id <= shown.id or newest.state == RunState.RUNNING:
        return None
    return newest


class _Observed(TypedDict, total=False):
    """What an agency's page shows of its observation (`AgencyReport`'s fields)."""

    evidence: tuple[Evidence, ...]
    evidence_total: int
    fetches: tuple[Fetch, ...]
    ppid_documents: tuple[PpidDocument, ...]
    uncounted: tuple[Uncounted | None, ...]


def _evidence_and_fetches(
    observation: SiteObservation | None, *, site_url: str, as_of: date
) -> _Observed:
    if observation is None:
        return {"evidence": (), "evidence_total": 0, "fetches": ()}
    unique = {(e.url, e.source, e.date): e for e in observation.evidence}
    newest = sorted(unique.values(), key=lambda e: (e.date, e.url), reverse=True)
    # The section's own documents, dated as the verdict dated them (download centre included).
    listed = section_documents(observation.ppid_pages, observation.ppid_documents, as_of)
    documents = {d.url: d for d in listed}.values()
    shown = newest[:MAX_EVIDENCE_ROWS]
    return {
        "evidence": tuple(shown),
        "uncounted": _uncounted_rows(shown, observation, site_url, as_of),
        "evidence_total": len(newest),
        "fetches": tuple(observation.fetches),
        "ppid_documents": tuple(
            sorted(documents, key=lambda d: (d.periodic, d.earliest or date.min), reverse=True)
        )[:MAX_EVIDENCE_ROWS],
    }


def _uncounted_rows(
    rows: list[Evidence], observation: SiteObservation, site_url: str, as_of: date
) -> tuple[Uncounted | None, ...]:
    """Per evidence row (one per page, source and date), why it did not count: a row counted
    when any observation it stands for counted."""
    reasons = uncounted(observation, site_url, as_of)
    by_row: dict[tuple[str, str, date], list[Uncounted | None]] = {}
    for e in observation.evidence:
        by_row.setdefault((e.url, e.source, e.date), []).append(reasons.get(e))
    notes = [by_row[(e.url, e.source, e.date)] for e in rows]
    return tuple(None if None in found else found[0] for found in notes)


def _flag_lines(store: Store, runs: list[RunInfo]) -> dict[str, list[RunFlags]]:
    """agency id -> its stored verdict flags in `runs` (oldest first), skipping runs it was
    not in: the history incidents are dated from."""
    lines: dict[str, list[RunFlags]] = {}
    for run in runs:
        for row in store.results(run.id):
            point = RunFlags(run.id, run.as_of, frozenset(row.result.flags))
            lines.setdefault(row.agency.id, []).append(point)
    return lines


def _incident_feed(
    store: Store,
    runs: list[RunInfo],
    flag_lines: dict[str, list[RunFlags]],
    agencies: list[AgencyReport],
    names: dict[str, str],
) -> list[IncidentFeedEntry]:
    """Each incident in the run it first appeared in, newest first. The oldest run read
    announces its incidents only when no complete run came before it. In the reported run an
    entry needs the incident shown (a tls-error flag with no certificate named is none)."""
    if not runs:
        return []
    complete = not store.complete_runs(up_to=runs[0].id - 1, limit=1)
    by_id = {r.id: r for r in runs}
    shown = {(a.id, i.kind) for a in agencies for i in a.incidents}
    latest = runs[-1].id
    entries = [
        IncidentFeedEntry(
            by_id[start.run_id], agency_id, names.get(agency_id, agency_id), start.kind
        )
        for agency_id, line in sorted(flag_lines.items())
        for start in incident_starts(line, complete=complete)
        if start.run_id != latest or (agency_id, start.kind) in shown
    ]
    entries.sort(key=lambda e: (-e.run.id, URGENCY[e.kind], e.name.lower()))
    return entries[:FEED_ENTRIES]


def _feed(
    runs: list[RunInfo], history: dict[int, dict[str, tuple[str, int | None]]], names: dict
) -> list[FeedEntry]:
    """Status changes between consecutive runs, newest first."""
    entries: list[FeedEntry] = []
    for older, newer in itertools.pairwise(runs):
        before = {k: Status(v[0]) for k, v in history.get(older.id, {}).items()}
        for agency_id, (status, _) in sorted(history.get(newer.id, {}).items()):
            was = before.get(agency_id)
            if was != Status(status):
                name = names.get(agency_id, agency_id)
                entries.append(FeedEntry(newer, agency_id, name, was, Status(status)))
    entries.reverse()
    return entries[:FEED_ENTRIES]
