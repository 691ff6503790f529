"""The award scorecard as people and programs read it: gathered from the store, then a text
table (`freshness scorecard`), CSV (the command's and the report's scorecard.csv) and the
rows of the report's scorecard.html.

The measures and the ranking are worked out once, in `crawler.judge.scorecard`; this module
only fetches the complete runs of a period and lays the result out.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from crawler.config import without_userinfo
from crawler.judge.scorecard import WEIGHTS, AgencyScore, RunVerdicts, Scorecard, scorecard
from crawler.store import RunInfo, Store
from reports.check import printable
from reports.export import spreadsheet_safe

#: The scorecard's CSV columns (the command's and the report's): a public interface.
FIELDS = (
    "rank",
    "id",
    "name",
    "category",
    "score",
    "runs",
    "fresh_runs",
    "fresh_pct",
    "dated_runs",
    "median_days",
    "ppid_current_runs",
    "ppid_current_pct",
    "reachable_runs",
    "reachable_pct",
    "incident_runs",
    "joined_mid_period",
    "first_as_of",
    "last_as_of",
    "period_from",
    "period_to",
)


def gather(store: Store, first: date, last: date, *, up_to: int | None = None) -> Scorecard:
    """The scorecard of the complete runs whose day lies in `first`..`last`, up to run
    `up_to`: interrupted, failed and network-failure runs judged nobody and are not counted."""
    runs = [
        RunVerdicts(
            run.id, run.as_of, tuple((row.agency, row.result) for row in store.results(run.id))
        )
        for run in store.complete_runs_between(first, last, up_to=up_to)
    ]
    return scorecard(first, last, runs)


def year_to_date(store: Store, run: RunInfo) -> Scorecard:
    """The report's scorecard: the calendar year of `run`'s day, up to that run."""
    return gather(store, date(run.as_of.year, 1, 1), run.as_of, up_to=run.id)


def percent(share: float) -> float:
    """A share as a percentage with one decimal (87.5)."""
    return round(100 * share, 1)


def days(value: float | None) -> int | float | None:
    """A median of days: whole when it is (12), else with its half (12.5)."""
    if value is None:
        return None
    return int(value) if value == int(value) else value


def record(item: AgencyScore, card: Scorecard) -> dict[str, Any]:
    """One agency's line of the scorecard, flat (`FIELDS`)."""
    return {
        "rank": item.rank,
        "id": item.agency.id,
        "name": without_userinfo(item.agency.name),  # published, as results.csv's
        "category": item.agency.category,
        "score": item.score,
        "runs": item.runs,
        "fresh_runs": item.fresh_runs,
        "fresh_pct": percent(item.fresh_share),
        "dated_runs": item.dated_runs,
        "median_days": days(item.median_days),
        "ppid_current_runs": item.ppid_current_runs,
        "ppid_current_pct": percent(item.ppid_current_share),
        "reachable_runs": item.reachable_runs,
        "reachable_pct": percent(item.reachable_share),
        "incident_runs": item.incident_runs,
        "joined_mid_period": "true" if item.joined_mid_period else "false",
        "first_as_of": item.first_as_of.isoformat(),
        "last_as_of": item.last_as_of.isoformat(),
        "period_from": card.first.isoformat(),
        "period_to": card.last.isoformat(),
    }


def to_csv(card: Scorecard) -> str:
    """RFC 4180 CSV (CRLF), no cell a spreadsheet would run as a formula, as results.csv."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for item in card.scores:
        writer.writerow({k: spreadsheet_safe(v) for k, v in record(item, card).items()})
    return out.getvalue()


def method_line() -> str:
    """The score's method in one line of English, from `WEIGHTS`."""
    parts = " + ".join(f"{w.percent}% {w.measure.replace('_', '-')}" for w in WEIGHTS)
    return f"score 0-100 = {parts} (shares of the agency's own complete runs)"


#: The text table's columns: header, width, and the value of a record.
_COLUMNS = (
    ("rank", 4, "rank"),
    ("score", 5, "score"),
    ("fresh%", 6, "fresh_pct"),
    ("median", 6, "median_days"),
    ("ppid%", 6, "ppid_current_pct"),
    ("reach%", 6, "reachable_pct"),
    ("incid", 5, "incident_runs"),
    ("runs", 4, "runs"),
)


def to_text(card: Scorecard) -> str:
    """The ranked table for a terminal; agencies that joined mid-period marked `*`. Names are
    configured text: printed without terminal controls."""
    lines = [f"scorecard {card.first} .. {card.last}: {_runs_counted(card)}", method_line()]
    if not card.scores:
        return "\n".join(lines) + "\n"
    ids = max(len(printable(item.agency.id)) for item in card.scores)
    header = " ".join(f"{h:>{width}}" for h, width, _ in _COLUMNS)
    lines.append(f"{header}  {'id':<{ids}}  name")
    for item in card.scores:
        row = record(item, card)
        cells = " ".join(f"{_cell(row[key]):>{width}}" for _, width, key in _COLUMNS)
        mark = " *" if item.joined_mid_period else ""
        agency = f"{printable(item.agency.id):<{ids}}  {printable(item.agency.name)}"
        lines.append(f"{cells}  {agency}{mark}")
    if any(item.joined_mid_period for item in card.scores):
        lines.append("* joined mid-period: scored on its own runs since it was first checked")
    return "\n".join(lines) + "\n"


def _runs_counted(card: Scorecard) -> str:
    if not card.runs:
        return "no complete run in this period"
    return f"{card.runs} complete run(s), {card.first_run_as_of} .. {card.last_run_as_of}"


def _cell(value: object) -> str:
    return "-" if value is None else str(value)
