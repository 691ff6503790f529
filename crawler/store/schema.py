"""The database schema: its migrations, applied in order, and the tables of observations.

`PRAGMA user_version` records how many migrations ran; `crawler.store` applies the rest
when it opens a database, so an old database is upgraded in place and never rewritten.
"""

from __future__ import annotations

import sqlite_utils


def _migration_1(db: sqlite_utils.Database) -> None:
    db["runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "as_of": str,
            "state": str,
            "finish_reason": str,
            "config_path": str,
            "agency_count": int,
            "stats": str,
        },
        pk="id",
    )
    db["agencies"].create(
        {"run_id": int, "id": str, "name": str, "url": str, "category": str},
        pk=("run_id", "id"),
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["fetches"].create(
        {
            "id": int,
            "run_id": int,
            "agency_id": str,
            "url": str,
            "role": str,
            "status": int,
            "error": str,
            "detail": str,
            "final_url": str,
            "content_type": str,
            "size": int,
            "seconds": float,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["evidence"].create(
        {
            "id": int,
            "run_id": int,
            "agency_id": str,
            "source": str,
            "url": str,
            "date": str,
            "snippet": str,
            "found_on": str,
            "modified": int,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["results"].create(
        {
            "run_id": int,
            "agency_id": str,
            "status": str,
            "last_updated": str,
            "days_since_update": int,
            "confidence": str,
            "evidence_source": str,
            "evidence_url": str,
            "evidence_date": str,
            "evidence_snippet": str,
            "evidence_found_on": str,
            "score": int,
            "flags": str,
            "items_30d": int,
            "items_90d": int,
            "reason": str,
        },
        pk=("run_id", "agency_id"),
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["fetches"].create_index(["run_id", "agency_id"])
    db["evidence"].create_index(["run_id", "agency_id"])


def _migration_2(db: sqlite_utils.Database) -> None:
    db["spam"].create(
        {
            "id": int,
            "run_id": int,
            "agency_id": str,
            "url": str,
            "score": float,
            "is_spam": int,
            "kind": str,
            "snippet": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )
    db["spam"].create_index(["run_id", "agency_id"])


def _migration_3(db: sqlite_utils.Database) -> None:
    db["fetches"].add_column("tls", str)  # certificate problem on a page fetched anyway


def _migration_4(db: sqlite_utils.Database) -> None:
    """The PPID section: its pages, the documents they list, and the verdict on them."""
    db["ppid_pages"].create(
        {"id": int, "run_id": int, "agency_id": str, "url": str, "kind": str, "onsite": int,
         "fetched": int, "dip_rows": int, "dip_updated": str},
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )  # fmt: skip
    db["ppid_documents"].create(
        {"id": int, "run_id": int, "agency_id": str, "title": str, "url": str, "category": str,
         "year": int, "published": str, "earliest": str, "found_on": str},
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
    )  # fmt: skip
    db["ppid_pages"].create_index(["run_id", "agency_id"])
    db["ppid_documents"].create_index(["run_id", "agency_id"])
    db["results"].add_column("ppid", str)  # the PpidResult as JSON


def _migration_5(db: sqlite_utils.Database) -> None:
    """When a run's details were pruned: a pruned run's pages cannot back a report or be
    carried into a new run. Runs pruned before this column existed are found by having
    results but no fetched page (every crawled agency has at least one fetch row)."""
    db["runs"].add_column("pruned_at", str)
    db.execute(
        "UPDATE runs SET pruned_at = coalesce(finished_at, started_at) "
        "WHERE EXISTS (SELECT 1 FROM results r WHERE r.run_id = runs.id) "
        "AND NOT EXISTS (SELECT 1 FROM fetches f WHERE f.run_id = runs.id)"
    )


#: The columns of each table of observations, as copied between runs and databases.
OBSERVATION_COLUMNS = {
    "fetches": "agency_id, url, role, status, error, detail, final_url, content_type, size, "
    "seconds, tls",
    "evidence": "agency_id, source, url, date, snippet, found_on, modified",
    "spam": "agency_id, url, score, is_spam, kind, snippet",
    "ppid_pages": "agency_id, url, kind, onsite, fetched, dip_rows, dip_updated",
    "ppid_documents": "agency_id, title, url, category, year, published, earliest, found_on",
}

#: Schema changes, applied in order; `PRAGMA user_version` records how many ran.
MIGRATIONS = (_migration_1, _migration_2, _migration_3, _migration_4, _migration_5)
