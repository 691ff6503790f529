"""Unattended operation: one run at a time, signals end a run cleanly, exit codes tell why.

The real CLI runs in subprocesses against the fixture fleet, as cron would run it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from crawler.lock import run_lock
from crawler.store import RunState, Store

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "crawler"]


def _crawl(config: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, "crawl", "--config", str(config), "--db", str(db), "--log-level", "INFO", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )  # fmt: skip


def _wait_for(condition, seconds: float = 30.0) -> None:
    """Poll a condition the crawl makes true (no fixed sleeps: we wait for the event)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the crawl never reached the expected point"
        time.sleep(0.02)


def test_a_second_run_exits_at_once_while_the_lock_is_held(fleet, tmp_path):
    config = fleet.write_config(tmp_path / "agencies.yaml", sites=["wp-fresh"])
    db = tmp_path / "freshness.db"
    before = len(fleet.requests("wp-fresh"))
    with run_lock(db):
        second = _crawl(config, db)
        _, err = second.communicate(timeout=60)
    assert second.returncode == 3, err
    assert "another run is still going" in err and "pid" in err
    assert len(fleet.requests("wp-fresh")) == before  # nothing was fetched
    assert not db.exists() or Store(db).runs() == []


def test_two_real_runs_contend_for_the_lock(fleet, tmp_path):
    config = fleet.write_config(tmp_path / "agencies.yaml", sites=["slow-hang", "wp-fresh"])
    db = tmp_path / "freshness.db"
    first = _crawl(config, db)
    _wait_for(lambda: bool(fleet.requests("slow-hang")))  # the first run is mid-crawl
    second = _crawl(config, db)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 3, err
    first.communicate(timeout=120)
    assert first.returncode == 0
    runs = Store(db).runs()
    assert [r.state for r in runs] == [RunState.COMPLETE]


def test_sigterm_marks_the_run_interrupted_and_keeps_earlier_runs(fleet, tmp_path):
    db = tmp_path / "freshness.db"
    quick = fleet.write_config(tmp_path / "quick.yaml", sites=["wp-fresh"])
    done = _crawl(quick, db)
    done.communicate(timeout=120)
    assert done.returncode == 0

    config = fleet.write_config(tmp_path / "slow.yaml", sites=["slow-hang", "cms-bengkalis"])
    start = len(fleet.requests("slow-hang"))
    crawl = _crawl(config, db)
    _wait_for(lambda: len(fleet.requests("slow-hang")) > start)  # a request is hanging
    crawl.send_signal(signal.SIGTERM)
    _, err = crawl.communicate(timeout=120)
    assert crawl.returncode == 1, err
    store = Store(db)
    first, second = store.runs()
    assert first.state == RunState.COMPLETE and len(store.results(first.id)) == 1
    assert second.state == RunState.INTERRUPTED and second.finish_reason == "shutdown"
    assert store.latest_run().id == first.id  # the report keeps showing the complete run
    assert store.observations(second.id)  # what was fetched before the signal is kept
