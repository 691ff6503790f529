"""The database schema: every table's columns, listed once, and the migrations made from them.

Each table and each column says which migration brought it (`since`). Migration N creates the
tables that came in N, gives older tables the columns that came in N, then runs N's backfill,
if it has one. `PRAGMA user_version` records how many migrations ran; `upgrade` applies the
rest, so an old database is upgraded in place and never rewritten. The column lists here
are the only ones: the rows (`crawler.store.rows`) and the copies between runs follow them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from crawler.store.rows import SHARD_STAT, THRESHOLDS_STAT, run_metadata_from_stats


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: type
    since: int = 1  # the migration that added it


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    pk: str | tuple[str, ...]
    columns: tuple[Column, ...]
    since: int = 1  # the migration that created it
    #: One agency's observations in a run: indexed by (run, agency), carried between runs
    #: and databases, deleted by `prune`.
    observations: bool = False

    def columns_at(self, version: int) -> tuple[Column, ...]:
        """The columns the table had after migration `version`."""
        return tuple(c for c in self.columns if c.since <= version)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def carried(self) -> tuple[str, ...]:
        """The columns copied when observations move to another run: all but the row's own
        id and its run."""
        return tuple(n for n in self.names if n not in ("id", "run_id"))


def _columns(*spec: tuple[str, type] | tuple[str, type, int]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in spec)


RUNS = Table("runs", "id", _columns(
    ("id", int), ("started_at", str), ("finished_at", str), ("as_of", str), ("state", str),
    ("finish_reason", str), ("config_path", str), ("agency_count", int),
    ("stats", str),  # Scrapy's counters, and what merge and --only add, as JSON
    ("pruned_at", str, 5),  # when its pages and evidence were deleted
    # What the run was scored with and which part of the fleet it crawled (`--shard i/N`);
    # NULL thresholds are the defaults.
    ("fresh_days", int, 6), ("aging_days", int, 6), ("stale_days", int, 6), ("shard", str, 6),
))  # fmt: skip
AGENCIES = Table("agencies", ("run_id", "id"), _columns(
    ("run_id", int), ("id", str), ("name", str), ("url", str), ("category", str),
))  # fmt: skip
FETCHES = Table("fetches", "id", _columns(
    ("id", int), ("run_id", int), ("agency_id", str), ("url", str), ("role", str),
    ("status", int), ("error", str), ("detail", str), ("final_url", str), ("content_type", str),
    ("size", int), ("seconds", float),
    ("tls", str, 3),  # certificate problem on a page fetched anyway
), observations=True)  # fmt: skip
EVIDENCE = Table("evidence", "id", _columns(
    ("id", int), ("run_id", int), ("agency_id", str), ("source", str), ("url", str),
    ("date", str), ("snippet", str), ("found_on", str), ("modified", int),
), observations=True)  # fmt: skip
RESULTS = Table("results", ("run_id", "agency_id"), _columns(
    ("run_id", int), ("agency_id", str), ("status", str), ("last_updated", str),
    ("days_since_update", int), ("confidence", str), ("evidence_source", str),
    ("evidence_url", str), ("evidence_date", str), ("evidence_snippet", str),
    ("evidence_found_on", str), ("score", int), ("flags", str), ("items_30d", int),
    ("items_90d", int), ("reason", str),
    ("ppid", str, 4),  # the PpidResult as JSON
    # Only modification stamps dated the site (a lastmod, a "last updated" line); NULL before 10
    # and on undated verdicts.
    ("evidence_modified", int, 10),
))  # fmt: skip
SPAM = Table("spam", "id", _columns(
    ("id", int), ("run_id", int), ("agency_id", str), ("url", str), ("score", float),
    ("is_spam", int), ("kind", str), ("snippet", str),
    # What of the score is the page's own (its content, title, address) and the fingerprints
    # of the blocks carrying signals (crawler.read.spam); NULL own_score: read before 9.
    ("own_score", float, 9), ("head_score", float, 9), ("own_blocks", str, 9),
    ("template_blocks", str, 9), ("clean_chars", int, 9),
), since=2, observations=True)  # fmt: skip
# The PPID section: its pages, and the documents they list.
PPID_PAGES = Table("ppid_pages", "id", _columns(
    ("id", int), ("run_id", int), ("agency_id", str), ("url", str), ("kind", str),
    ("onsite", int), ("fetched", int), ("dip_rows", int), ("dip_updated", str),
), since=4, observations=True)  # fmt: skip
PPID_DOCUMENTS = Table("ppid_documents", "id", _columns(
    ("id", int), ("run_id", int), ("agency_id", str), ("title", str), ("url", str),
    ("category", str), ("year", int), ("published", str), ("earliest", str), ("found_on", str),
), since=4, observations=True)  # fmt: skip
# The notices e-mailed after a run (`freshness notify`), one row each once sent: a notice
# whose row is there is never sent again. `agency_id` is "" for the office's digest.
NOTICES = Table("notices", ("run_id", "kind", "recipient", "agency_id"), _columns(
    ("run_id", int, 7), ("kind", str, 7), ("recipient", str, 7), ("agency_id", str, 7),
    ("subject", str, 7), ("sent_at", str, 7),
), since=7)  # fmt: skip
# Links from a portal's homepage to other sites (crawler.read.directory): what the report's
# site list compares the configured agencies with (crawler.judge.discovery.drift).
SITE_LINKS = Table("site_links", "id", _columns(
    ("id", int, 8), ("run_id", int, 8), ("agency_id", str, 8), ("url", str, 8),
    ("text", str, 8), ("label", str, 8), ("place", str, 8), ("found_on", str, 8),
), since=8, observations=True)  # fmt: skip

#: Every table, in the order they are created.
TABLES = (
    RUNS, AGENCIES, FETCHES, EVIDENCE, RESULTS, SPAM, PPID_PAGES, PPID_DOCUMENTS, NOTICES,
    SITE_LINKS,
)  # fmt: skip
#: The tables of observations, as copied between runs and databases, and pruned.
OBSERVATION_TABLES = tuple(t for t in TABLES if t.observations)


def _change_schema(db: sqlite_utils.Database, version: int) -> None:
    """Create the tables that came in migration `version`, then add the columns that came
    in it to older tables (a table or column already there is left as it is: a database
    whose version was set back by hand is upgraded all the same)."""
    created = [t for t in TABLES if t.since == version]
    for table in created:
        db.table(table.name).create(
            {c.name: c.type for c in table.columns_at(version)},
            pk=table.pk,
            foreign_keys=[] if table is RUNS else [("run_id", "runs", "id")],
            if_not_exists=True,
        )
    for table in created:
        if table.observations:
            db.table(table.name).create_index(["run_id", "agency_id"], if_not_exists=True)
    for table in TABLES:
        if table.since < version:
            existing = db.table(table.name).columns_dict
            for column in table.columns:
                if column.since == version and column.name not in existing:
                    db.table(table.name).add_column(column.name, column.type)


def _mark_pruned_runs(db: sqlite_utils.Database) -> None:
    """A pruned run's pages cannot back a report or be carried into a new run. Runs pruned
    before `pruned_at` existed are found by having results but no fetched page (every
    crawled agency has at least one fetch row)."""
    db.execute(
        "UPDATE runs SET pruned_at = coalesce(finished_at, started_at) "
        "WHERE EXISTS (SELECT 1 FROM results r WHERE r.run_id = runs.id) "
        "AND NOT EXISTS (SELECT 1 FROM fetches f WHERE f.run_id = runs.id)"
    )


def _move_run_metadata_out_of_stats(db: sqlite_utils.Database) -> None:
    """Runs used to keep their thresholds and shard label among Scrapy's stats: move them
    into their columns."""
    runs = db.execute("SELECT id, stats FROM runs").fetchall()
    for run_id, text in runs:
        stats = json.loads(text or "{}")
        if THRESHOLDS_STAT in stats or SHARD_STAT in stats:
            metadata, counters = run_metadata_from_stats(stats)
            changes = {**metadata, "stats": counters}
            db.execute(
                f"UPDATE runs SET {', '.join(f'{c} = ?' for c in changes)} WHERE id = ?",
                [*changes.values(), run_id],
            )


def _mark_modified_verdicts(db: sqlite_utils.Database) -> None:
    """A verdict dated by a modification stamp says so: its evidence row, where the run still
    keeps its observations, tells. A publication row of the same item and day wins, as in the
    estimate; a pruned run's verdicts stay unmarked (read as publications, as before)."""
    db.execute(
        """UPDATE results SET evidence_modified = (
               SELECT MIN(e.modified) FROM evidence e
               WHERE e.run_id = results.run_id AND e.agency_id = results.agency_id
                 AND e.source = results.evidence_source AND e.url = results.evidence_url
                 AND e.date = results.evidence_date)
           WHERE evidence_source IS NOT NULL"""
    )


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    backfill: Callable[[sqlite_utils.Database], None] | None = None

    def __call__(self, db: sqlite_utils.Database) -> None:
        _change_schema(db, self.version)
        if self.backfill is not None:
            self.backfill(db)


#: Schema changes, applied in order; `PRAGMA user_version` records how many ran.
MIGRATIONS = (
    Migration(1),
    Migration(2),
    Migration(3),
    Migration(4),
    Migration(5, _mark_pruned_runs),
    Migration(6, _move_run_metadata_out_of_stats),
    Migration(7),  # the notices table
    Migration(8),  # the site_links table
    Migration(9),  # the spam table's own-content score and block fingerprints
    Migration(10, _mark_modified_verdicts),  # whether a verdict rests on a modification stamp
)
#: The schema version of this program.
VERSION = len(MIGRATIONS)


def user_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def upgrade(db: sqlite_utils.Database, to: int = VERSION) -> None:
    """Apply the migrations after the database's version up to `to`, each in a transaction of
    its own with the version it reaches (a kill between two leaves a consistent database)."""
    for migration in MIGRATIONS[user_version(db) : to]:
        with db.conn:
            migration(db)
            db.execute(f"PRAGMA user_version = {migration.version}")
