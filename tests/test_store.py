"""The SQLite store keeps every run; unfinished runs are marked, earlier runs stay intact."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from crawler.config import Agency
from crawler.model import (
    Confidence,
    Evidence,
    FailureKind,
    Fetch,
    LinkPlace,
    PageRole,
    SiteLink,
    SiteResult,
    Source,
    Status,
)
from crawler.store import MIGRATIONS, RunState, Store, StoreError

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
AGENCIES = [
    Agency("disdik", "Dinas Pendidikan", "https://disdik.example.go.id/", "dinas"),
    Agency("dinkes", "Dinas Kesehatan", "https://dinkes.example.go.id/", "dinas"),
]


def _fill(store: Store) -> int:
    run_id = store.start_run(NOW, date(2026, 11, 28), AGENCIES, "config/agencies.yaml")
    fetch = Fetch("https://disdik.example.go.id/", PageRole.HOMEPAGE, status=200, size=1234)
    failed = Fetch("https://dinkes.example.go.id/", PageRole.HOMEPAGE, error=FailureKind.TIMEOUT)
    evidence = Evidence(Source.FEED, "https://disdik.example.go.id/a", date(2026, 11, 20), "Judul")
    store.add_observations(run_id, [("disdik", fetch), ("dinkes", failed)], [("disdik", evidence)])
    return run_id


def test_round_trip_of_observations_and_results(tmp_path):
    store = Store(tmp_path / "f.db")
    run_id = _fill(store)
    seen = store.observations(run_id)
    assert set(seen) == {"disdik", "dinkes"}
    assert seen["disdik"].fetches[0].size == 1234
    assert seen["dinkes"].fetches[0].error is FailureKind.TIMEOUT
    assert seen["disdik"].evidence[0].snippet == "Judul"
    result = SiteResult(
        "disdik", Status.FRESH, date(2026, 11, 20), 8, Confidence.MEDIUM,
        seen["disdik"].evidence[0], 90, ("tls-error",), 1, 1, "why",
    )  # fmt: skip
    store.save_results(run_id, [result, SiteResult("dinkes", Status.UNREACHABLE)])
    store.finish_run(run_id, state=RunState.COMPLETE, finished_at=NOW, reason="finished")
    rows = store.results(run_id)
    assert [r.agency.id for r in rows] == ["disdik", "dinkes"]
    assert rows[0].result == result
    latest = store.latest_run()
    assert latest is not None and latest.id == run_id
    assert latest.state == RunState.COMPLETE


def test_a_portals_site_links_are_kept_per_agency_in_order_and_carried(tmp_path):
    """The links a portal's homepage gave (migration 8) come back per agency, in the order
    they were read; `crawl --only` carries them and merge copies them like any observation."""
    home = "https://www.example.go.id/"
    links = [
        SiteLink("https://disdik.example.go.id/", "Dinas Pendidikan", "Link OPD",
                 LinkPlace.DIRECTORY, home),
        SiteLink("https://sukajadi.desa.id/", "", "", LinkPlace.FOOTER, home),
        SiteLink("https://dinkes.example.go.id/", "Dinas Kesehatan", "Link OPD",
                 LinkPlace.DIRECTORY, home),
    ]  # fmt: skip
    with Store(tmp_path / "f.db") as store:
        run_id = _fill(store)
        assert store.site_links(run_id) == {}
        store.add_observations(run_id, site_links=[("disdik", links[0]), ("disdik", links[1])])
        store.add_observations(run_id, site_links=[("disdik", links[2])])
        assert store.site_links(run_id) == {"disdik": links}
        assert store.observations(run_id)["disdik"].fetches  # the other observations stay
        carried = store.start_run(NOW, date(2026, 11, 28), AGENCIES)
        store.copy_observations(run_id, carried, ["dinkes"])
        assert store.site_links(carried) == {}  # only the agencies asked for
        store.copy_observations(run_id, carried, ["disdik"])
        assert store.site_links(carried) == {"disdik": links}
    merged_path = tmp_path / "merged.db"
    with Store(merged_path) as merged:
        into = merged.start_run(NOW, date(2026, 11, 28), AGENCIES)
        merged.copy_observations_from(tmp_path / "f.db", run_id, into)
        assert merged.site_links(into) == {"disdik": links}


def test_a_killed_run_is_marked_interrupted_and_never_latest(tmp_path):
    path = tmp_path / "f.db"
    store = Store(path)
    first = _fill(store)
    store.finish_run(first, state=RunState.COMPLETE, finished_at=NOW, reason="finished")
    second = _fill(store)  # the process dies here: never finished
    store.close()
    store = Store(path)
    latest = store.latest_run()
    assert latest is not None and latest.id == first
    third = store.start_run(NOW, date(2026, 11, 28), AGENCIES)
    assert store.run(second).state == RunState.INTERRUPTED
    assert store.run(third).state == RunState.RUNNING
    assert len(store.observations(first)["disdik"].evidence) == 1


def test_schema_is_versioned_and_newer_databases_are_refused(tmp_path):
    path = tmp_path / "f.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer than this program"):
        Store(path)


def test_unknown_run_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no run 42"):
        Store(tmp_path / "f.db").run(42)


def _complete(store: Store, results: list[SiteResult] | None = None) -> int:
    run_id = _fill(store)
    verdicts = results or [SiteResult("disdik", Status.FRESH), SiteResult("dinkes", Status.UNDATED)]
    store.complete_run(run_id, verdicts, finished_at=NOW, reason="finished")
    return run_id


def test_a_missing_folder_is_an_error_not_created(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "f.db")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    "content",
    [b"hello, this is not a database\n" * 100, b"SQLite format 3\x00" + b"\xff" * 200],
    ids=["text", "bad-header"],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a database of this tool"):
        Store(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE runs (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        Store(path)
    assert path.read_bytes() == before


def test_read_only_open_changes_nothing(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="empty"):
        Store(empty, read_only=True)
    assert empty.read_bytes() == b""
    path = tmp_path / "f.db"
    with Store(path) as store:
        _complete(store)
    before = path.read_bytes()
    with Store(path, read_only=True) as store:
        assert store.latest_run() is not None
    assert path.read_bytes() == before


def test_completion_and_verdicts_are_one_transaction(tmp_path):
    """A crash while saving verdicts leaves the run unfinished, never complete and empty."""
    store = Store(tmp_path / "f.db")
    good = _complete(store)
    run_id = _fill(store)
    broken = SiteResult("disdik", Status.FRESH, score=object())  # type: ignore[arg-type]
    with pytest.raises(sqlite3.Error):
        store.complete_run(
            run_id, [SiteResult("dinkes", Status.UNDATED), broken],
            finished_at=NOW, reason="finished",
        )  # fmt: skip
    assert store.run(run_id).state == RunState.RUNNING
    assert store.results(run_id) == []
    latest = store.latest_run()
    assert latest is not None and latest.id == good


def test_prune_never_touches_the_latest_complete_run(tmp_path):
    store = Store(tmp_path / "f.db")
    complete = _complete(store)
    for state in (RunState.INTERRUPTED, RunState.NETWORK_FAILURE, RunState.FAILED):
        run_id = _fill(store)
        store.finish_run(run_id, state=state, finished_at=NOW, reason="x")
    assert complete not in store.prune(keep_runs=1)
    assert complete not in store.prune(keep_runs=0)
    assert complete not in store.prune(before=date(2100, 1, 1))
    assert store.observations(complete)["disdik"].evidence
    assert store.run(complete).pruned_at is None
    later = _complete(store)
    assert complete in store.prune(keep_runs=1)
    assert store.run(complete).pruned_at is not None
    assert store.run(later).pruned_at is None
    assert store.prune(keep_runs=1) == []  # already pruned: not counted again
