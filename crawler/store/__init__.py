"""The SQLite store: the only module that speaks SQL.

Every run is kept: what was fetched, every dated observation, and the verdicts.
Writes go in one transaction per batch, in WAL mode, so a crash or Ctrl-C mid-run
never corrupts earlier runs; a run that did not finish stays marked as such.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from crawler.config import Agency
from crawler.model import (
    Evidence,
    Fetch,
    PpidDocument,
    PpidPage,
    SiteObservation,
    SiteResult,
    SpamPage,
    Thresholds,
)
from crawler.store.rows import (
    evidence_of,
    fetch_of,
    iso,
    ppid_document_of,
    ppid_page_of,
    result_of,
    result_record,
)
from crawler.store.schema import MIGRATIONS, OBSERVATION_COLUMNS

#: One agency's verdict in one run, as history needs it: (status, days since update).
StatusPoint = tuple[str, int | None]


class RunState:
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
    state: str
    finish_reason: str | None
    agency_count: int
    stats: dict[str, Any]
    pruned_at: str | None = None  # when its pages and evidence were deleted (`prune`)

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds the run was scored with (the defaults for runs that did not say)."""
        saved = self.stats.get("thresholds")
        return Thresholds(**saved) if isinstance(saved, dict) else Thresholds()

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
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        tables = set(self.db.table_names())
        if version == 0 and tables:
            raise StoreError(
                f"{self.path} is a SQLite database of another program (tables: "
                f"{', '.join(sorted(tables)[:5])}); give the right --db or a new file"
            )

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"database schema version {version} is newer than this program "
                f"({len(MIGRATIONS)}); upgrade the program"
            )
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.db.conn:
                migration(self.db)
                self.db.execute(f"PRAGMA user_version = {number}")

    def _check_version(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            raise StoreError(f"{self.path} is empty: not a database of this tool")
        if version != len(MIGRATIONS):
            raise StoreError(
                f"{self.path} has schema version {version}, this program {len(MIGRATIONS)}; "
                f"open it once with `freshness history --db {self.path}` to upgrade it, "
                "or upgrade this program"
            )

    # -- runs -------------------------------------------------------------------------

    def start_run(
        self, started_at: datetime, as_of: date, agencies: Sequence[Agency], config_path: str = ""
    ) -> int:
        with self.db.conn:
            # A run still "running" here was killed without a chance to say so.
            self.db.execute(
                "UPDATE runs SET state = ?, finish_reason = coalesce(finish_reason, 'killed') "
                "WHERE state = ?",
                [RunState.INTERRUPTED, RunState.RUNNING],
            )
            run_id = (
                self.db["runs"]
                .insert(
                    {
                        "started_at": started_at.isoformat(),
                        "as_of": as_of.isoformat(),
                        "state": RunState.RUNNING,
                        "config_path": config_path,
                        "agency_count": len(agencies),
                        "stats": "{}",
                    }
                )
                .last_pk
            )
            self.db["agencies"].insert_all(
                {"run_id": run_id, "id": a.id, "name": a.name, "url": a.url, "category": a.category}
                for a in agencies
            )
        return int(run_id)

    def finish_run(
        self,
        run_id: int,
        *,
        state: str,
        finished_at: datetime,
        reason: str | None,
        stats: dict[str, Any] | None = None,
    ) -> None:
        with self.db.conn:
            self._finish(run_id, state, finished_at, reason, stats)

    def _finish(
        self,
        run_id: int,
        state: str,
        finished_at: datetime,
        reason: str | None,
        stats: dict[str, Any] | None,
    ) -> None:
        self.db.execute(
            "UPDATE runs SET state = ?, finished_at = ?, finish_reason = ?, stats = ? "
            "WHERE id = ?",
            [state, finished_at.isoformat(), reason,
             json.dumps(stats or {}, default=str, sort_keys=True), run_id],
        )  # fmt: skip

    def run(self, run_id: int) -> RunInfo:
        rows = list(self.db.query("SELECT * FROM runs WHERE id = ?", [run_id]))
        if not rows:
            raise StoreError(f"no run {run_id} in the database")
        return _run_info(rows[0])

    def latest_run(self, *, complete_only: bool = True) -> RunInfo | None:
        where = "WHERE state = 'complete'" if complete_only else ""
        rows = list(self.db.query(f"SELECT * FROM runs {where} ORDER BY id DESC LIMIT 1"))
        return _run_info(rows[0]) if rows else None

    def runs(self) -> list[RunInfo]:
        return [_run_info(r) for r in self.db.query("SELECT * FROM runs ORDER BY id")]

    def complete_runs(self, *, up_to: int | None = None, limit: int = 52) -> list[RunInfo]:
        """The newest `limit` complete runs up to run `up_to` (inclusive), oldest first."""
        rows = self.db.query(
            "SELECT * FROM runs WHERE state = ? AND id <= ? ORDER BY id DESC LIMIT ?",
            [RunState.COMPLETE, up_to if up_to is not None else 2**62, limit],
        )
        return [_run_info(r) for r in reversed(list(rows))]

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
        self,
        from_run: int,
        to_run: int,
        agency_ids: Sequence[str] | None = None,
        *,
        schema: str = "main",
    ) -> None:
        """Carry agencies' fetches, evidence and spam signs from one run into another, in one
        go: some agencies (`agency_ids`), or all of the run's; from this database, or from an
        attached one (`schema`, as `freshness merge` attaches each shard's database)."""
        where, params = "run_id = ?", [from_run]
        if agency_ids is not None:
            where += f" AND agency_id IN ({', '.join('?' for _ in agency_ids)})"
            params += list(agency_ids)
        with self.db.conn:
            for table, columns in OBSERVATION_COLUMNS.items():
                self.db.execute(
                    f"INSERT INTO main.{table} (run_id, {columns}) "
                    f"SELECT ?, {columns} FROM {schema}.{table} WHERE {where}",
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
                for table in OBSERVATION_COLUMNS:
                    self.db.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
                self.db.execute("UPDATE runs SET pruned_at = ? WHERE id = ?", [stamp, run_id])
        return pruned

    def vacuum(self) -> None:
        """Give the space of deleted rows back to the file system."""
        self.db.execute("VACUUM")

    def agencies(self, run_id: int) -> list[Agency]:
        return [
            Agency(id=r["id"], name=r["name"], url=r["url"], category=r["category"])
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
    ) -> None:
        """Write one batch of observations in a single transaction."""
        with self.db.conn:
            self.db["ppid_pages"].insert_all(
                {"run_id": run_id, "agency_id": agency_id, "url": p.url, "kind": p.kind,
                 "onsite": int(p.onsite), "fetched": int(p.fetched), "dip_rows": p.dip_rows,
                 "dip_updated": iso(p.dip_updated)}
                for agency_id, p in ppid_pages
            )  # fmt: skip
            self.db["ppid_documents"].insert_all(
                {"run_id": run_id, "agency_id": agency_id, "title": d.title, "url": d.url,
                 "category": str(d.category), "year": d.year, "published": iso(d.published),
                 "earliest": iso(d.earliest), "found_on": d.found_on}
                for agency_id, d in ppid_documents
            )  # fmt: skip
            self.db["spam"].insert_all(
                {"run_id": run_id, "agency_id": agency_id, "url": p.url, "score": p.score,
                 "is_spam": int(p.is_spam), "kind": p.kind, "snippet": p.snippet}
                for agency_id, p in spam
            )  # fmt: skip
            self.db["fetches"].insert_all(
                {
                    "run_id": run_id,
                    "agency_id": agency_id,
                    "url": f.url,
                    "role": str(f.role),
                    "status": f.status,
                    "error": str(f.error) if f.error else None,
                    "detail": f.detail,
                    "final_url": f.final_url,
                    "content_type": f.content_type,
                    "size": f.size,
                    "seconds": round(f.seconds, 3),
                    "tls": f.tls or None,
                }
                for agency_id, f in fetches
            )
            self.db["evidence"].insert_all(
                {
                    "run_id": run_id,
                    "agency_id": agency_id,
                    "source": str(e.source),
                    "url": e.url,
                    "date": e.date.isoformat(),
                    "snippet": e.snippet,
                    "found_on": e.found_on,
                    "modified": int(e.modified),
                }
                for agency_id, e in evidence
            )

    def observations(self, run_id: int) -> dict[str, SiteObservation]:
        """Everything seen in a run, per agency (agencies with nothing seen included)."""
        fetches: dict[str, list[Fetch]] = defaultdict(list)
        for r in self.db.query("SELECT * FROM fetches WHERE run_id = ? ORDER BY id", [run_id]):
            fetches[r["agency_id"]].append(fetch_of(r))
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        for r in self.db.query("SELECT * FROM evidence WHERE run_id = ? ORDER BY id", [run_id]):
            evidence[r["agency_id"]].append(evidence_of(r))
        spam: dict[str, list[SpamPage]] = defaultdict(list)
        for r in self.db.query("SELECT * FROM spam WHERE run_id = ? ORDER BY id", [run_id]):
            spam[r["agency_id"]].append(
                SpamPage(r["url"], r["score"], bool(r["is_spam"]), r["kind"], r["snippet"])
            )
        pages: dict[str, list[PpidPage]] = defaultdict(list)
        for r in self.db.query("SELECT * FROM ppid_pages WHERE run_id = ? ORDER BY id", [run_id]):
            pages[r["agency_id"]].append(ppid_page_of(r))
        documents: dict[str, list[PpidDocument]] = defaultdict(list)
        for r in self.db.query(
            "SELECT * FROM ppid_documents WHERE run_id = ? ORDER BY id", [run_id]
        ):
            documents[r["agency_id"]].append(ppid_document_of(r))
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
        disk, a kill) leaves it unfinished with no verdicts, never complete without them."""
        with self.db.conn:
            self._insert_results(run_id, results)
            self._finish(run_id, RunState.COMPLETE, finished_at, reason, stats)

    def _insert_results(self, run_id: int, results: Iterable[SiteResult]) -> None:
        records = [result_record(run_id, r) for r in results]
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
        rows = self.db.query("SELECT * FROM results WHERE run_id = ? ORDER BY rowid", [run_id])
        return [ResultRow(run_id, agencies[r["agency_id"]], result_of(r)) for r in rows]


def _run_info(r: dict[str, Any]) -> RunInfo:
    return RunInfo(
        id=r["id"],
        started_at=r["started_at"],
        finished_at=r["finished_at"],
        as_of=date.fromisoformat(r["as_of"]),
        state=r["state"],
        finish_reason=r["finish_reason"],
        agency_count=r["agency_count"] or 0,
        stats=json.loads(r["stats"] or "{}"),
        pruned_at=r.get("pruned_at"),
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
