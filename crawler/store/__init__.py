"""The SQLite store: the only package that speaks SQL.

Every run is kept: what was fetched, every dated observation, and the verdicts.
Writes go in one transaction per batch, in WAL mode, so a crash or Ctrl-C mid-run
never corrupts earlier runs; a run that did not finish stays marked as such.

`Store` (here) holds the queries; `schema` the tables and their migrations; `rows` turns
rows into the model's dataclasses and back (and defines SentNotice); `records` defines
RunInfo, RunState, ResultRow.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote

import sqlite_utils

from crawler.config import Agency
from crawler.model import (
    Evidence,
    Fetch,
    PpidDocument,
    PpidPage,
    SiteLink,
    SiteObservation,
    SiteResult,
    SpamPage,
    Thresholds,
)
from crawler.store import rows
from crawler.store.records import ResultRow, RunInfo, RunState
from crawler.store.rows import SentNotice
from crawler.store.schema import (
    MIGRATIONS,
    OBSERVATION_TABLES,
    VERSION,
    upgrade,
    user_version,
)

__all__ = [
    "MIGRATIONS", "ResultRow", "RunInfo", "RunState", "SentNotice", "StatusPoint", "Store",
    "StoreError", "read_only_uri",
]  # fmt: skip

#: One agency's verdict in one run, as history needs it: (status, days since update).
StatusPoint = tuple[str, int | None]

T = TypeVar("T")


class StoreError(RuntimeError):
    pass


class Store:
    """The database of runs. `read_only` opens an existing database without changing a byte
    (no migration, no WAL switch), as `merge` reads its shards."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = str(path)
        if self.path == ":memory:":
            self.db = sqlite_utils.Database(memory=True)
        else:
            self.db = sqlite_utils.Database(_connect(Path(path), read_only=read_only))
        try:
            self._check_ours()
            if not read_only and self.path != ":memory:":
                self.db.enable_wal()
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 10000")
            if read_only:
                self._check_version()
            else:
                self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(
                f"{self.path} is not a database of this tool, or it is damaged ({exc}); "
                "give the right --db, or move this file away to start a new database"
            ) from None
        except StoreError:
            self.db.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _check_ours(self) -> None:
        """Refuse a SQLite database that some other program made (never write into it)."""
        version = user_version(self.db)
        tables = set(self.db.table_names())
        if version == 0 and tables:
            raise StoreError(
                f"{self.path} is a SQLite database of another program (tables: "
                f"{', '.join(sorted(tables)[:5])}); give the right --db or a new file"
            )

    def _migrate(self) -> None:
        version = user_version(self.db)
        if version > VERSION:
            raise StoreError(
                f"database schema version {version} is newer than this program "
                f"({VERSION}); upgrade the program"
            )
        upgrade(self.db)

    def _check_version(self) -> None:
        version = user_version(self.db)
        if version == 0:
            raise StoreError(f"{self.path} is empty: not a database of this tool")
        if version != VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, this program {VERSION}; "
                f"open it once with `freshness history --db {self.path}` to upgrade it, "
                "or upgrade this program"
            )

    # -- runs -------------------------------------------------------------------------

    def start_run(
        self, started_at: datetime, as_of: date, agencies: Sequence[Agency], config_path: str = "",
        *, thresholds: Thresholds | None = None, shard: str | None = None,
    ) -> int:  # fmt: skip
        """Open a new run, with the `thresholds` it is scored with and its `shard` label
        (`--shard i/N`)."""
        record = rows.new_run_record(
            started_at, as_of, len(agencies), config_path, thresholds, shard
        )
        with self.db.conn:
            # A run still "running" here was killed without a chance to say so.
            self.db.execute(
                "UPDATE runs SET state = ?, finish_reason = coalesce(finish_reason, 'killed') "
                "WHERE state = ?",
                [str(RunState.INTERRUPTED), str(RunState.RUNNING)],
            )
            # The rowid of the row just inserted (sqlite-utils types it Any | None).
            run_id = cast(int, self.db.table("runs").insert(record).last_pk)
            self._insert("agencies", (rows.agency_record(run_id, a) for a in agencies))
        return run_id

    def finish_run(
        self,
        run_id: int,
        *,
        state: RunState,
        finished_at: datetime,
        reason: str | None,
        stats: dict[str, Any] | None = None,
    ) -> None:
        """Mark a run finished. `stats` are Scrapy's counters."""
        with self.db.conn:
            self._finish(run_id, state, finished_at, reason, stats)

    def _finish(
        self,
        run_id: int,
        state: RunState,
        finished_at: datetime,
        reason: str | None,
        stats: dict[str, Any] | None,
    ) -> None:
        changes = rows.finish_record(state, finished_at, reason, stats)
        self.db.execute(
            f"UPDATE runs SET {', '.join(f'{c} = ?' for c in changes)} WHERE id = ?",
            [*changes.values(), run_id],
        )

    def run(self, run_id: int) -> RunInfo:
        found = list(self.db.query("SELECT * FROM runs WHERE id = ?", [run_id]))
        if not found:
            raise StoreError(f"no run {run_id} in the database")
        return rows.run_info_of(found[0])

    def latest_run(self, *, complete_only: bool = True) -> RunInfo | None:
        where = "WHERE state = 'complete'" if complete_only else ""
        found = list(self.db.query(f"SELECT * FROM runs {where} ORDER BY id DESC LIMIT 1"))
        return rows.run_info_of(found[0]) if found else None

    def runs(self) -> list[RunInfo]:
        return [rows.run_info_of(r) for r in self.db.query("SELECT * FROM runs ORDER BY id")]

    def complete_runs(self, *, up_to: int | None = None, limit: int = 52) -> list[RunInfo]:
        """The newest `limit` complete runs up to run `up_to` (inclusive), oldest first."""
        found = self.db.query(
            "SELECT * FROM runs WHERE state = ? AND id <= ? ORDER BY id DESC LIMIT ?",
            [str(RunState.COMPLETE), up_to if up_to is not None else 2**62, limit],
        )
        return [rows.run_info_of(r) for r in reversed(list(found))]

    def complete_runs_between(
        self, first: date, last: date, *, up_to: int | None = None
    ) -> list[RunInfo]:
        """Every complete run whose as_of day lies in `first`..`last` (inclusive), up to run
        `up_to` (inclusive), oldest first: the runs a scorecard over a period counts."""
        found = self.db.query(
            "SELECT * FROM runs WHERE state = ? AND as_of BETWEEN ? AND ? AND id <= ? "
            "ORDER BY id",
            [
                str(RunState.COMPLETE), first.isoformat(), last.isoformat(),
                up_to if up_to is not None else 2**62,
            ],
        )  # fmt: skip
        return [rows.run_info_of(r) for r in found]

    def status_history(self, run_ids: Sequence[int]) -> dict[int, dict[str, StatusPoint]]:
        """run id -> agency id -> (status, days since update), for the given runs."""
        history: dict[int, dict[str, StatusPoint]] = {r: {} for r in run_ids}
        if not run_ids:
            return history
        marks = ", ".join("?" for _ in run_ids)
        for r in self.db.query(
            f"SELECT run_id, agency_id, status, days_since_update FROM results "
            f"WHERE run_id IN ({marks})",
            list(run_ids),
        ):
            history[r["run_id"]][r["agency_id"]] = (r["status"], r["days_since_update"])
        return history

    def copy_observations(
        self, from_run: int, to_run: int, agency_ids: Sequence[str] | None = None
    ) -> None:
        """Carry agencies' fetches, evidence and spam signs from one run into another, in one
        go: some agencies (`agency_ids`), or all of the run's."""
        self._copy_observations("main", from_run, to_run, agency_ids)

    def copy_observations_from(self, path: Path, from_run: int, to_run: int) -> None:
        """Carry every observation of run `from_run` of the database at `path` into run
        `to_run` of this one, as `freshness merge` gathers its shards. The other database is
        attached read-only (never changed), and no row passes through Python."""
        self.db.execute("ATTACH DATABASE ? AS source", [read_only_uri(path)])
        try:
            self._copy_observations("source", from_run, to_run)
        finally:
            self.db.execute("DETACH DATABASE source")

    def _copy_observations(
        self, schema: str, from_run: int, to_run: int, agency_ids: Sequence[str] | None = None
    ) -> None:
        where, params = "run_id = ?", [from_run, *(agency_ids or ())]
        if agency_ids is not None:
            where += f" AND agency_id IN ({', '.join('?' for _ in agency_ids)})"
        with self.db.conn:
            for table in OBSERVATION_TABLES:
                columns = ", ".join(table.carried)
                self.db.execute(
                    f"INSERT INTO main.{table.name} (run_id, {columns}) "
                    f"SELECT ?, {columns} FROM {schema}.{table.name} WHERE {where}",
                    [to_run, *params],
                )

    def prune(self, *, keep_runs: int | None = None, before: date | None = None) -> list[int]:
        """Delete the fetches and evidence of old runs; every run's results stay.

        A run is pruned when it is older than the newest `keep_runs` complete runs, or when
        its as_of day is before `before` (either condition, when both are given). The latest
        complete run, and every run after it, are never pruned: the report and `crawl
        --only` stand on them. Returns the ids of the runs pruned now.
        """
        runs = self.runs()
        # Counted among complete runs: interrupted and failed ones must not push the last
        # good run out. A database with no complete run counts every run.
        pool = [r.id for r in runs if r.state == RunState.COMPLETE] or [r.id for r in runs]
        shielded = pool[-1] if pool else 0
        old: set[int] = set()
        if keep_runs is not None:
            kept = pool[-keep_runs:] if keep_runs else []
            cut = min([shielded, *kept])
            old |= {r.id for r in runs if r.id < cut}
        if before is not None:
            old |= {r.id for r in runs if r.as_of < before}
        pruned = sorted(
            r.id for r in runs if r.id in old and r.id < shielded and r.pruned_at is None
        )
        stamp = datetime.now(UTC).isoformat()
        with self.db.conn:
            for run_id in pruned:
                for table in OBSERVATION_TABLES:
                    self.db.execute(f"DELETE FROM {table.name} WHERE run_id = ?", [run_id])
                self.db.execute("UPDATE runs SET pruned_at = ? WHERE id = ?", [stamp, run_id])
        return pruned

    def vacuum(self) -> None:
        """Give the space of deleted rows back to the file system."""
        self.db.execute("VACUUM")

    def agencies(self, run_id: int) -> list[Agency]:
        return [
            rows.agency_of(r)
            for r in self.db.query(
                "SELECT * FROM agencies WHERE run_id = ? ORDER BY rowid", [run_id]
            )
        ]

    # -- observations -----------------------------------------------------------------

    def add_observations(
        self,
        run_id: int,
        fetches: Iterable[tuple[str, Fetch]] = (),
        evidence: Iterable[tuple[str, Evidence]] = (),
        spam: Iterable[tuple[str, SpamPage]] = (),
        ppid_pages: Iterable[tuple[str, PpidPage]] = (),
        ppid_documents: Iterable[tuple[str, PpidDocument]] = (),
        site_links: Iterable[tuple[str, SiteLink]] = (),
    ) -> None:
        """Write one batch of observations in a single transaction."""
        with self.db.conn:
            self._insert("site_links", (rows.site_link_record(run_id, *o) for o in site_links))
            self._insert("ppid_pages", (rows.ppid_page_record(run_id, *o) for o in ppid_pages))
            self._insert(
                "ppid_documents", (rows.ppid_document_record(run_id, *o) for o in ppid_documents)
            )
            self._insert("spam", (rows.spam_record(run_id, *o) for o in spam))
            self._insert("fetches", (rows.fetch_record(run_id, *o) for o in fetches))
            self._insert("evidence", (rows.evidence_record(run_id, *o) for o in evidence))

    def _insert(self, table: str, records: Iterable[dict[str, Any]]) -> None:
        self.db.table(table).insert_all(records)

    def observations(self, run_id: int) -> dict[str, SiteObservation]:
        """Everything seen in a run, per agency (agencies with nothing seen included)."""
        fetches = self._per_agency("fetches", run_id, rows.fetch_of)
        evidence = self._per_agency("evidence", run_id, rows.evidence_of)
        spam = self._per_agency("spam", run_id, rows.spam_of)
        pages = self._per_agency("ppid_pages", run_id, rows.ppid_page_of)
        documents = self._per_agency("ppid_documents", run_id, rows.ppid_document_of)
        return {
            a.id: SiteObservation(
                a.id,
                tuple(fetches[a.id]),
                tuple(evidence[a.id]),
                spam=tuple(spam[a.id]),
                ppid_pages=tuple(pages[a.id]),
                ppid_documents=tuple(documents[a.id]),
            )
            for a in self.agencies(run_id)
        }

    def iter_observations(self, run_id: int) -> Iterator[SiteObservation]:
        """`observations`, one agency at a time, in the run's order: a big run's
        observations are never all in memory at once."""
        for agency in self.agencies(run_id):
            yield self.observation(run_id, agency.id)

    def observation(self, run_id: int, agency_id: str) -> SiteObservation:
        """Everything seen of one agency in a run (indexed by run and agency)."""

        def read(table: str, of: Callable[[dict[str, Any]], T]) -> tuple[T, ...]:
            query = f"SELECT * FROM {table} WHERE run_id = ? AND agency_id = ? ORDER BY id"
            return tuple(of(r) for r in self.db.query(query, [run_id, agency_id]))

        return SiteObservation(
            agency_id,
            read("fetches", rows.fetch_of),
            read("evidence", rows.evidence_of),
            spam=read("spam", rows.spam_of),
            ppid_pages=read("ppid_pages", rows.ppid_page_of),
            ppid_documents=read("ppid_documents", rows.ppid_document_of),
        )

    def site_links(self, run_id: int) -> dict[str, list[SiteLink]]:
        """agency id -> the links to other sites read on its homepage in a run (a portal's,
        crawler.read.directory), in the order they were read; agencies without any left out."""
        return dict(self._per_agency("site_links", run_id, rows.site_link_of))

    def _per_agency(
        self, table: str, run_id: int, read: Callable[[dict[str, Any]], T]
    ) -> defaultdict[str, list[T]]:
        """A table's rows of one run, read, per agency, in the order they were written."""
        found: defaultdict[str, list[T]] = defaultdict(list)
        for r in self.db.query(f"SELECT * FROM {table} WHERE run_id = ? ORDER BY id", [run_id]):
            found[r["agency_id"]].append(read(r))
        return found

    # -- results ----------------------------------------------------------------------

    def save_results(self, run_id: int, results: Iterable[SiteResult]) -> None:
        with self.db.conn:
            self._insert_results(run_id, results)

    def complete_run(
        self,
        run_id: int,
        results: Iterable[SiteResult],
        *,
        finished_at: datetime,
        reason: str,
        stats: dict[str, Any] | None = None,
    ) -> None:
        """Save the run's verdicts and mark it complete in one transaction: a crash (a full
        disk, a kill) leaves it unfinished with no verdicts, never complete without them.
        `stats` as for `finish_run`."""
        with self.db.conn:
            self._insert_results(run_id, results)
            self._finish(run_id, RunState.COMPLETE, finished_at, reason, stats)

    def _insert_results(self, run_id: int, results: Iterable[SiteResult]) -> None:
        records = [rows.result_record(run_id, r) for r in results]
        if not records:
            return
        columns = list(records[0])
        self.db.conn.executemany(
            f"INSERT OR REPLACE INTO results ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})",
            [[record[c] for c in columns] for record in records],
        )

    def results(self, run_id: int) -> list[ResultRow]:
        agencies = {a.id: a for a in self.agencies(run_id)}
        found = self.db.query("SELECT * FROM results WHERE run_id = ? ORDER BY rowid", [run_id])
        return [ResultRow(run_id, agencies[r["agency_id"]], rows.result_of(r)) for r in found]

    # -- notices ----------------------------------------------------------------------

    def sent_notices(self, run_id: int) -> list[SentNotice]:
        """The notices already sent for run `run_id`, in the order they were sent."""
        return [
            rows.notice_of(r)
            for r in self.db.query(
                "SELECT * FROM notices WHERE run_id = ? ORDER BY rowid", [run_id]
            )
        ]

    def record_notice(self, notice: SentNotice) -> None:
        """Record a notice as sent, at once (one transaction each): a crash after the tenth
        of twenty leaves ten recorded, and a later notify sends the other ten only. The same
        notice recorded again stays one row."""
        record = rows.notice_record(notice)
        with self.db.conn:
            self.db.execute(
                f"INSERT OR IGNORE INTO notices ({', '.join(record)}) "
                f"VALUES ({', '.join('?' for _ in record)})",
                list(record.values()),
            )


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection to the database file at `path`; never creates folders, and creates the
    file only when writing."""
    try:
        real = path.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop (RuntimeError before 3.13)
        raise StoreError(f"{path}: {exc}; check the path") from None
    if real.is_dir():
        raise StoreError(f"{path} is a folder, not a database file; give a file name")
    if not real.parent.is_dir():
        raise StoreError(
            f"{path}: the folder {path.parent} does not exist; create it first, or check --db"
        )
    if real.is_file() and real.stat().st_size and not _has_sqlite_header(real):
        # SQLite would take a short file for a new database and write over it.
        raise StoreError(
            f"{path} is not a database of this tool (not a SQLite file); give the right --db"
        )
    if read_only:
        if not real.is_file():
            raise StoreError(f"{path}: no such database")
        return sqlite3.connect(read_only_uri(real), uri=True)
    try:
        # As a URI, so that `merge` can ATTACH its shards read-only.
        return sqlite3.connect(f"file:{quote(str(real))}", uri=True)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path}: cannot open the database ({exc})") from None


def _has_sqlite_header(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(16) == b"SQLite format 3\x00"


def read_only_uri(path: Path) -> str:
    """A URI that opens the database without writing a byte. `immutable` also keeps SQLite
    from creating -wal and -shm files beside it; a database whose write-ahead log is there
    (a writer was killed) must be read with it."""
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"
    return f"file:{quote(str(path))}?{mode}"
