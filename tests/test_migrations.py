"""A database of every earlier schema version is upgraded in place, and nothing in it is lost.

Each old database is built the way an older program left it: only the first N migrations of
crawler/store/schema.py applied, then rows written with plain SQL into the tables as that
version had them. Today's Store opens it, upgrades it, and reads it all back.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner

from crawler.cli import main
from crawler.config import Agency
from crawler.model import (
    Category,
    Evidence,
    FailureKind,
    Fetch,
    LinkPlace,
    PageRole,
    PpidDocument,
    PpidPage,
    PpidStatus,
    SiteLink,
    SiteResult,
    Source,
    SpamPage,
    Status,
    Thresholds,
)
from crawler.store import MIGRATIONS, RunState, SentNotice, Store, rows
from crawler.store.schema import TABLES, VERSION, upgrade, user_version

REPO = Path(__file__).resolve().parent.parent
CUSTOM = {"fresh_days": 20, "aging_days": 60, "stale_days": 120}
STATS = {"finish_reason": "finished", "item_scraped_count": 7, "downloader/request_count": 31}

#: The rows an older program wrote, by table; a column with a number came with that version.
RUNS = [
    {"id": 1, "started_at": "2026-10-01T03:00:00+00:00", "finished_at": "2026-10-01T04:00:00+00:00",
     "as_of": "2026-10-01", "state": "complete", "finish_reason": "finished",
     "config_path": "config/agencies.yaml", "agency_count": 2,
     "stats": json.dumps({**STATS, "thresholds": CUSTOM, "shard": "1/2"}, sort_keys=True)},
    {"id": 2, "started_at": "2026-11-01T03:00:00+00:00", "finished_at": "2026-11-01T04:30:00+00:00",
     "as_of": "2026-11-01", "state": "complete", "finish_reason": "finished",
     "config_path": "config/agencies.yaml", "agency_count": 2,
     "stats": json.dumps({**STATS, "thresholds": CUSTOM, "carried_from_run": 1}, sort_keys=True)},
    {"id": 3, "started_at": "2026-11-08T03:00:00+00:00", "finished_at": "2026-11-08T03:10:00+00:00",
     "as_of": "2026-11-08", "state": "interrupted", "finish_reason": "shutdown",
     "config_path": "", "agency_count": 2, "stats": "{}"},
]  # fmt: skip
AGENCY_ROWS = [
    {"run_id": run, "id": a, "name": f"Dinas {a}", "url": f"https://{a}.example.go.id/",
     "category": "dinas"}
    for run in (1, 2, 3) for a in ("disdik", "dinkes")
]  # fmt: skip
#: Run 1 was pruned (its verdicts kept, its pages gone); run 2 keeps everything.
FETCHES = [
    {"run_id": 2, "agency_id": "disdik", "url": "https://disdik.example.go.id/",
     "role": "homepage", "status": 200, "error": None, "detail": "", "final_url": "",
     "content_type": "text/html", "size": 1234, "seconds": 0.5, ("tls", 3): "expired"},
    {"run_id": 2, "agency_id": "dinkes", "url": "https://dinkes.example.go.id/",
     "role": "homepage", "status": None, "error": "timeout", "detail": "took too long",
     "final_url": "", "content_type": "", "size": 0, "seconds": 20.0, ("tls", 3): None},
]  # fmt: skip
EVIDENCE = [
    {"run_id": 2, "agency_id": "disdik", "source": "feed", "url": "https://disdik.example.go.id/a",
     "date": "2026-10-20", "snippet": "Judul", "found_on": "https://disdik.example.go.id/feed",
     "modified": 0},
]  # fmt: skip
SPAM = [  # since version 2
    {"run_id": 2, "agency_id": "dinkes", "url": "https://dinkes.example.go.id/slot",
     "score": 0.9, "is_spam": 1, "kind": "title", "snippet": "slot gacor"},
]  # fmt: skip
PPID_PAGES = [  # since version 4
    {"run_id": 2, "agency_id": "disdik", "url": "https://disdik.example.go.id/ppid",
     "kind": "dip", "onsite": 1, "fetched": 1, "dip_rows": 12, "dip_updated": "2026-09-30"},
]  # fmt: skip
PPID_DOCUMENTS = [  # since version 4
    {"run_id": 2, "agency_id": "disdik", "title": "Laporan 2026", "url":
     "https://disdik.example.go.id/lap.pdf", "category": "report", "year": 2026,
     "published": "2026-09-01", "earliest": "2026-09-01", "found_on":
     "https://disdik.example.go.id/ppid"},
]  # fmt: skip
PPID_JSON = json.dumps({
    "status": "current", "section_url": "https://disdik.example.go.id/ppid", "documents": 1,
    "dip": True, "dip_updated": "2026-09-30",
    "newest": {k: v for k, v in PPID_DOCUMENTS[0].items() if k not in ("run_id", "agency_id")},
})  # fmt: skip
RESULTS = [
    {"run_id": run, "agency_id": "disdik", "status": "fresh", "last_updated": "2026-10-20",
     "days_since_update": days, "confidence": "high", "evidence_source": "feed",
     "evidence_url": "https://disdik.example.go.id/a", "evidence_date": "2026-10-20",
     "evidence_snippet": "Judul", "evidence_found_on": "https://disdik.example.go.id/feed",
     "score": 90, "flags": '["tls-error"]', "items_30d": 1, "items_90d": 3, "reason": "feed",
     ("ppid", 4): PPID_JSON if run == 2 else None}
    for run, days in ((1, 0), (2, 12))
] + [
    {"run_id": run, "agency_id": "dinkes", "status": "unreachable", "last_updated": None,
     "days_since_update": None, "confidence": None, "evidence_source": None,
     "evidence_url": None, "evidence_date": None, "evidence_snippet": None,
     "evidence_found_on": None, "score": 0, "flags": "[]", "items_30d": None, "items_90d": None,
     "reason": "", ("ppid", 4): None}
    for run in (1, 2)
]  # fmt: skip
OLD_ROWS: dict[tuple[str, int], list[dict[Any, Any]]] = {
    ("runs", 1): RUNS, ("agencies", 1): AGENCY_ROWS, ("fetches", 1): FETCHES,
    ("evidence", 1): EVIDENCE, ("results", 1): RESULTS, ("spam", 2): SPAM,
    ("ppid_pages", 4): PPID_PAGES, ("ppid_documents", 4): PPID_DOCUMENTS,
}  # fmt: skip


def _as_of_version(row: dict[Any, Any], version: int) -> dict[str, Any]:
    """The row as a database of `version` held it: without the columns that came later."""
    kept = {}
    for key, value in row.items():
        name, since = key if isinstance(key, tuple) else (key, 1)
        if since <= version:
            kept[name] = value
    return kept


def old_database(path: Path, version: int) -> Path:
    """A database as a program of schema `version` left it, rows and all."""
    db = sqlite_utils.Database(sqlite3.connect(path))
    upgrade(db, to=version)
    assert user_version(db) == version
    with db.conn:
        for (table, since), table_rows in OLD_ROWS.items():
            if since > version:
                continue
            for row in table_rows:
                record = _as_of_version(row, version)
                if table == "runs" and version >= 6:  # its metadata in columns of their own
                    metadata, counters = rows.run_metadata_from_stats(json.loads(record["stats"]))
                    record = {**record, **metadata, "stats": counters}
                db.execute(
                    f"INSERT INTO {table} ({', '.join(record)}) "
                    f"VALUES ({', '.join('?' for _ in record)})",
                    list(record.values()),
                )
        if version >= 5:  # an older program's prune had stamped it
            db.execute("UPDATE runs SET pruned_at = '2026-11-02T00:00:00+00:00' WHERE id = 1")
    db.close()
    return path


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_the_schema_lists_every_migration_once():
    assert [m.version for m in MIGRATIONS] == list(range(1, VERSION + 1))
    assert max(c.since for t in TABLES for c in t.columns) == VERSION


def test_an_empty_database_of_version_0_becomes_current(tmp_path):
    path = tmp_path / "f.db"
    sqlite3.connect(path).close()  # SQLite's own empty database: user_version 0, no tables
    with Store(path) as store:
        assert store.runs() == []
        run = store.start_run(datetime(2026, 11, 28, 3, tzinfo=UTC), date(2026, 11, 28), [])
        assert store.run(run).state == RunState.RUNNING
    assert _version(path) == VERSION
    assert _integrity(path) == "ok"


@pytest.mark.parametrize("version", range(1, VERSION))
def test_an_old_database_is_upgraded_with_every_row_intact(tmp_path, version):
    path = old_database(tmp_path / f"v{version}.db", version)
    with Store(path) as store:
        runs = store.runs()
        assert [(r.id, r.state, r.as_of) for r in runs] == [
            (1, RunState.COMPLETE, date(2026, 10, 1)),
            (2, RunState.COMPLETE, date(2026, 11, 1)),
            (3, RunState.INTERRUPTED, date(2026, 11, 8)),
        ]
        first, second, third = runs
        # The metadata moved from the stats into its columns; Scrapy's counters stayed.
        assert first.thresholds == second.thresholds == Thresholds(**CUSTOM)
        assert third.thresholds == Thresholds()  # it did not say: the defaults
        assert (first.shard, second.shard, third.shard) == ("1/2", None, None)
        assert first.stats == STATS
        assert second.stats == {**STATS, "carried_from_run": 1}
        assert third.stats == {}
        # The pruned run is known as pruned, whether marked (5) or found (before 5).
        assert first.pruned_at is not None and second.pruned_at is None
        assert first.seconds == 3600.0

        assert store.agencies(2) == [
            Agency("disdik", "Dinas disdik", "https://disdik.example.go.id/", "dinas"),
            Agency("dinkes", "Dinas dinkes", "https://dinkes.example.go.id/", "dinas"),
        ]
        seen = store.observations(2)
        assert seen["disdik"].fetches == (
            Fetch("https://disdik.example.go.id/", PageRole.HOMEPAGE, 200, None, "", "",
                  "text/html", 1234, 0.5, "expired" if version >= 3 else ""),
        )  # fmt: skip
        assert seen["dinkes"].fetches[0].error is FailureKind.TIMEOUT
        assert seen["disdik"].evidence == (
            Evidence(Source.FEED, "https://disdik.example.go.id/a", date(2026, 10, 20), "Judul",
                     "https://disdik.example.go.id/feed"),
        )  # fmt: skip
        assert seen["dinkes"].spam == (
            (SpamPage("https://dinkes.example.go.id/slot", 0.9, True, "title", "slot gacor"),)
            if version >= 2 else ()
        )  # fmt: skip
        document = PpidDocument(
            "Laporan 2026", "https://disdik.example.go.id/lap.pdf", Category.REPORT, 2026,
            date(2026, 9, 1), date(2026, 9, 1), "https://disdik.example.go.id/ppid",
        )  # fmt: skip
        if version >= 4:
            assert seen["disdik"].ppid_pages == (
                PpidPage("https://disdik.example.go.id/ppid", "dip", True, True, 12,
                         date(2026, 9, 30)),
            )  # fmt: skip
            assert seen["disdik"].ppid_documents == (document,)
        else:
            assert seen["disdik"].ppid_pages == seen["disdik"].ppid_documents == ()
        pruned = store.observations(1)
        assert sorted(pruned) == ["dinkes", "disdik"]
        assert not any(o.fetches or o.evidence or o.spam for o in pruned.values())

        for run_id, days in ((1, 0), (2, 12)):
            fresh, down = store.results(run_id)
            assert fresh.result.status is Status.FRESH
            assert fresh.result.days_since_update == days
            assert fresh.result.evidence == seen["disdik"].evidence[0]
            assert fresh.result.flags == ("tls-error",)
            assert down.result == SiteResult("dinkes", Status.UNREACHABLE)
            ppid = fresh.result.ppid
            if version >= 4 and run_id == 2:
                assert ppid is not None and ppid.status is PpidStatus.CURRENT
                assert ppid.newest == document
            else:
                assert ppid is None
        assert store.latest_run() == second

        # The upgraded database takes new runs.
        now = datetime(2026, 11, 15, 3, tzinfo=UTC)
        new = store.start_run(
            now, now.date(), store.agencies(2), thresholds=Thresholds(**CUSTOM), shard="2/2"
        )
        store.complete_run(
            new, [SiteResult("disdik", Status.AGING)], finished_at=now, reason="finished"
        )
        latest = store.latest_run()
        assert latest is not None and latest.id == new
        assert (latest.thresholds, latest.shard, latest.stats) == (Thresholds(**CUSTOM), "2/2", {})
        # ... and records the notices sent after them (the table came in 7), old runs too.
        assert store.sent_notices(2) == []
        notice = SentNotice(2, "digest", "kominfo@example.go.id", "", "Ringkasan", "2026-11-02")
        store.record_notice(notice)
        store.record_notice(notice)  # the same notice again stays one row
        assert store.sent_notices(2) == [notice] and store.sent_notices(new) == []
    assert _version(path) == VERSION
    assert _integrity(path) == "ok"
    with Store(path, read_only=True) as store:  # as merge reads a shard
        assert [r.id for r in store.runs()] == [1, 2, 3, 4]


def test_a_version_6_database_gains_the_notices_table_and_keeps_its_runs(tmp_path):
    """Migration 7 only adds a table: the runs of a version-6 database are untouched, and a
    notice recorded for one of them is found again after reopening."""
    path = old_database(tmp_path / "v6.db", 6)
    with Store(path) as store:
        assert [r.id for r in store.runs()] == [1, 2, 3]
        store.record_notice(SentNotice(2, "agency", "web@disdik.example.go.id", "disdik", "S"))
    assert _version(path) == VERSION
    with Store(path) as store:
        (sent,) = store.sent_notices(2)
        assert (sent.kind, sent.recipient, sent.agency_id) == (
            "agency", "web@disdik.example.go.id", "disdik",
        )  # fmt: skip
    assert _integrity(path) == "ok"


def test_a_version_7_database_gains_the_site_links_table_and_keeps_its_runs(tmp_path):
    """Migration 8 only adds a table: the runs, verdicts and notices of a version-7 database
    stay, its runs have no site links, and a portal's links written into a new run are read
    back, carried by `crawl --only` and deleted by prune like any observation."""
    path = old_database(tmp_path / "v7.db", 7)
    with Store(path) as store:
        assert [r.id for r in store.runs()] == [1, 2, 3]
        assert [row.result.status for row in store.results(2)] == [Status.FRESH, Status.UNREACHABLE]
        assert store.site_links(2) == {}
        link = SiteLink(
            "https://disdik.example.go.id/", "Dinas Pendidikan", "Link OPD",
            LinkPlace.DIRECTORY, "https://www.example.go.id/",
        )  # fmt: skip
        now = datetime(2026, 11, 15, 3, tzinfo=UTC)
        new = store.start_run(now, now.date(), store.agencies(2))
        store.add_observations(new, site_links=[("disdik", link)])
        carried = store.start_run(now, now.date(), store.agencies(2))
        store.copy_observations(new, carried)
    assert _version(path) == VERSION
    with Store(path) as store:
        assert store.site_links(new) == store.site_links(carried) == {"disdik": [link]}
        for run_id in (new, carried):
            store.complete_run(run_id, [], finished_at=now, reason="finished")
        assert new in store.prune(keep_runs=1)
        assert store.site_links(new) == {} and store.site_links(carried) == {"disdik": [link]}
    assert _integrity(path) == "ok"


def test_an_upgraded_database_has_the_tables_of_a_new_one(tmp_path):
    def tables(path: Path) -> dict[str, list[tuple[str, str]]]:
        db = sqlite_utils.Database(path)
        try:
            return {t: [(c.name, c.type) for c in db.table(t).columns] for t in db.table_names()}
        finally:
            db.close()

    Store(tmp_path / "new.db").close()
    new = tables(tmp_path / "new.db")
    assert set(new) == {t.name for t in TABLES}
    for version in range(VERSION):
        path = tmp_path / f"v{version}.db"
        if version:
            old_database(path, version)
        Store(path).close()
        assert tables(path) == new, version


def test_rows_are_written_in_the_schemas_columns():
    """The columns are listed once, in the schema: every row written has exactly them."""
    agency = Agency("disdik", "Dinas", "https://disdik.example.go.id/", "dinas")
    fetch = Fetch("https://disdik.example.go.id/", PageRole.HOMEPAGE)
    evidence = Evidence(Source.FEED, "https://disdik.example.go.id/a", date(2026, 10, 20))
    spam = SpamPage("https://x.go.id/", 1.0, True, "title", "slot")
    page = PpidPage("https://x.go.id/ppid", "dip", True)
    document = PpidDocument("t", "https://x.go.id/d.pdf", Category.REPORT, None, None, None, "")
    link = SiteLink("https://x.go.id/", "X", "", LinkPlace.FOOTER, "https://www.go.id/")
    now = datetime(2026, 11, 15, 3, tzinfo=UTC)
    written = {
        "runs": {"id", *rows.new_run_record(now, now.date(), 1, "", Thresholds(), "1/2"),
                 "finished_at", "finish_reason", "pruned_at"},
        "agencies": set(rows.agency_record(1, agency)),
        "fetches": {"id", *rows.fetch_record(1, "disdik", fetch)},
        "evidence": {"id", *rows.evidence_record(1, "disdik", evidence)},
        "results": set(rows.result_record(1, SiteResult("disdik", Status.FRESH))),
        "spam": {"id", *rows.spam_record(1, "disdik", spam)},
        "ppid_pages": {"id", *rows.ppid_page_record(1, "disdik", page)},
        "ppid_documents": {"id", *rows.ppid_document_record(1, "disdik", document)},
        "notices": set(rows.notice_record(SentNotice(1, "digest", "a@example.go.id"))),
        "site_links": {"id", *rows.site_link_record(1, "disdik", link)},
    }  # fmt: skip
    assert written == {t.name: set(t.names) for t in TABLES}
    finished = rows.finish_record(RunState.COMPLETE, now, "finished", {"finish_reason": "x"})
    assert set(finished) <= set(written["runs"])


def test_prune_waits_for_the_lock_before_it_upgrades_the_database(tmp_path):
    """A prune while a crawl holds the run lock stops at once: the database is not migrated
    under the crawl's feet (its user_version, indeed every byte, stays as it was)."""
    path = old_database(tmp_path / "f.db", VERSION - 1)
    before = path.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys\nfrom crawler.lock import run_lock\n"
         f"with run_lock({str(path)!r}):\n    print('held', flush=True)\n    sys.stdin.read()\n"],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = CliRunner().invoke(main, ["prune", "--db", str(path), "--keep-runs", "1"])
        assert result.exit_code == 3, result.output
        assert "another run is still going" in result.output
        assert _version(path) == VERSION - 1
        assert path.read_bytes() == before
    finally:
        holder.communicate(timeout=30)
    result = CliRunner().invoke(main, ["prune", "--db", str(path), "--keep-runs", "1"])
    assert result.exit_code == 0, result.output
    assert _version(path) == VERSION


def test_a_version_8_databases_spam_pages_stay_all_their_own(tmp_path):
    """Migration 9 adds what of a spam page is its own: an older row has none (NULL) and is
    read as all its own, so its dates stay set aside as before; a new row keeps its scores
    and fingerprints, carried between runs like any observation."""
    from crawler.judge.spam import site_spam

    path = old_database(tmp_path / "v8.db", 8)
    with Store(path) as store:
        (old,) = store.observations(2)["dinkes"].spam
        assert old == SpamPage(
            "https://dinkes.example.go.id/slot", 0.9, True, "title", "slot gacor"
        )
        assert old.own_score is None and site_spam([old]).spam_urls == {old.url}
        page = SpamPage(
            "https://disdik.example.go.id/berita/1/", 4.5, True, "hidden-links", "5 links: slot",
            own_score=0.0, head_score=0.0, own_blocks=(), template_blocks=("0a1b2c3d4e5f",),
            clean_chars=640,
        )  # fmt: skip
        now = datetime(2026, 11, 15, 3, tzinfo=UTC)
        new = store.start_run(now, now.date(), store.agencies(2))
        store.add_observations(new, spam=[("disdik", page)])
        carried = store.start_run(now, now.date(), store.agencies(2))
        store.copy_observations(new, carried)
    assert _version(path) == VERSION
    with Store(path) as store:
        for run_id in (new, carried):
            assert store.observations(run_id)["disdik"].spam == (page,)
    assert _integrity(path) == "ok"


def test_a_version_9_databases_verdicts_say_whether_a_modification_dated_them(tmp_path):
    """Migration 10 marks a verdict whose evidence row is a modification stamp (a lastmod, a
    "last updated" line), so the report never says news was published that day; a pruned
    run, whose evidence is gone, stays read as a publication, as before."""
    path = old_database(tmp_path / "v9.db", 9)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE evidence SET modified = 1 WHERE run_id = 2 AND agency_id = 'disdik'")
    conn.close()
    with Store(path) as store:
        second = {row.result.agency_id: row.result for row in store.results(2)}
        first = {row.result.agency_id: row.result for row in store.results(1)}
        assert second["disdik"].evidence is not None and second["disdik"].evidence.modified
        assert first["disdik"].evidence is not None and not first["disdik"].evidence.modified
        assert second["dinkes"].evidence is None
    assert _version(path) == VERSION
    assert _integrity(path) == "ok"
