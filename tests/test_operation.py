"""Unattended operation: one run at a time, signals end a run cleanly, exit codes tell why.

The real CLI runs in subprocesses against the fixture fleet, as cron would run it.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from crawler.lock import run_lock
from crawler.store import RunState, Store
from tests.fleet.resolver import CLI_WITH_FLEET_DNS

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
    start = len(fleet.requests("slow-hang"))
    first = _crawl(config, db)
    _wait_for(lambda: len(fleet.requests("slow-hang")) > start)  # the first run is mid-crawl
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


def test_history_across_three_runs_with_a_site_that_goes_down_and_comes_back(tmp_path):
    from tests.fleet.server import Fleet

    db = tmp_path / "freshness.db"
    with Fleet(sites=["wp-fresh", "cms-bengkalis"]) as own:  # its own fleet: we break a site
        config = own.write_config(tmp_path / "agencies.yaml")
        site = own.site("wp-fresh")
        for behaviour in ("normal", "error", "normal"):
            site.behaviour = behaviour
            crawl = _crawl(config, db)
            _, err = crawl.communicate(timeout=120)
            assert crawl.returncode == 0, err

    def history(*args: str) -> str:
        done = subprocess.run(
            [*CLI, "history", "--db", str(db), *args],
            capture_output=True, text=True, cwd=REPO, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    lines = history("wp-fresh").splitlines()[1:]
    assert [line.split()[2] for line in lines] == ["fresh", "unreachable", "fresh"]
    everyone = history()
    assert "wp-fresh                 better fresh(2) unreachable fresh(2)" in everyone
    assert "cms-bengkalis            same   stale(120) stale(120) stale(120)" in everyone
    two = history("--runs", "2")
    assert "wp-fresh                 better unreachable fresh(2)" in two

    pruned = subprocess.run(
        [*CLI, "prune", "--db", str(db), "--keep-runs", "1", "--vacuum"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert pruned.returncode == 0, pruned.stderr
    assert "pruned the details of 2 run(s): 1, 2" in pruned.stdout
    store = Store(db)
    first, second, third = store.runs()
    for run in (first, second):
        assert not any(o.fetches or o.evidence for o in store.observations(run.id).values())
    assert all(o.fetches for o in store.observations(third.id).values())  # newest kept
    for run in (first, second, third):
        assert len(store.results(run.id)) == 2  # every run's verdicts stay


def test_a_network_down_run_marks_no_agency_unreachable(fleet, tmp_path):
    """A missing proxy makes every site fail at once: that is our failure, not theirs."""
    sites = ["wp-fresh", "cms-bengkalis", "portal", "laravel-relative"]
    config = fleet.write_config(tmp_path / "agencies.yaml", sites=sites)
    db, out = tmp_path / "freshness.db", tmp_path / "public"
    run = [*CLI, "run", "--config", str(config), "--db", str(db), "--out", str(out), "--quiet"]
    good = subprocess.run(run, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert good.returncode == 0, good.stderr

    no_network = {**os.environ, "http_proxy": "http://127.0.0.1:9", "no_proxy": ""}
    down = subprocess.run(
        run, capture_output=True, text=True, cwd=REPO, timeout=120, env=no_network
    )
    assert down.returncode == 4, down.stderr
    assert "network" in down.stderr
    store = Store(db)
    first, second = store.runs()
    assert second.state == RunState.NETWORK_FAILURE
    assert store.results(second.id) == []  # nobody was judged on it
    assert store.latest_run().id == first.id
    assert {r.result.status for r in store.results(first.id)} <= {"fresh", "stale"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "jaringan server pemantau terputus" in index
    assert 'data-status="unreachable"' not in index
    assert index.count('data-status="fresh"') == 3  # the last good verdicts, still shown


def test_crawl_only_some_agencies_keeps_the_others_verdicts(fleet, tmp_path):
    config = fleet.write_config(tmp_path / "agencies.yaml", sites=["wp-fresh", "cms-bengkalis"])
    db = tmp_path / "freshness.db"
    full = _crawl(config, db)
    full.communicate(timeout=120)
    assert full.returncode == 0
    before = len(fleet.requests("cms-bengkalis"))
    partial = _crawl(config, db, "--only", "wp-fresh")
    _, err = partial.communicate(timeout=120)
    assert partial.returncode == 0, err
    assert len(fleet.requests("cms-bengkalis")) == before  # not crawled again
    store = Store(db)
    first, second = store.runs()
    old = {r.agency.id: r.result for r in store.results(first.id)}
    new = {r.agency.id: r.result for r in store.results(second.id)}
    assert set(new) == {"wp-fresh", "cms-bengkalis"}
    assert new["cms-bengkalis"].status == old["cms-bengkalis"].status == "stale"
    assert new["cms-bengkalis"].evidence == old["cms-bengkalis"].evidence
    assert store.observations(second.id)["cms-bengkalis"].fetches  # carried for the report
    assert second.stats["carried_from_run"] == first.id

    unknown = _crawl(config, db, "--only", "nope")
    _, err = unknown.communicate(timeout=60)
    assert unknown.returncode == 2 and "nope" in err


def test_a_passing_failure_is_retried_later_in_the_run_and_shown_as_such(tmp_path):
    from tests.fleet.server import Fleet

    db = tmp_path / "freshness.db"
    with Fleet(sites=["wp-fresh", "cms-bengkalis"]) as own:
        config = own.write_config(tmp_path / "agencies.yaml")
        own.site("wp-fresh").fail_next = 4  # robots.txt and homepage, each with its retry
        crawl = _crawl(config, db)
        _, err = crawl.communicate(timeout=120)
        assert crawl.returncode == 0, err
        asked = own.requests("wp-fresh")
    assert asked[:4] == ["/robots.txt", "/robots.txt", "/", "/"]
    assert asked[4] == "/robots.txt"  # the late retry, once the rest of the run was done
    store = Store(db)
    results = {r.agency.id: r.result for r in store.results(store.latest_run().id)}
    assert results["wp-fresh"].status == "fresh"
    assert "flaky" in results["wp-fresh"].flags
    assert "flaky" not in results["cms-bengkalis"].flags


def test_a_run_over_its_time_limit_ends_as_interrupted(fleet, tmp_path):
    config = fleet.write_config(
        tmp_path / "agencies.yaml", sites=["slow-hang", "cms-bengkalis"], max_crawl_minutes=0.02
    )
    db = tmp_path / "freshness.db"
    crawl = _crawl(config, db)
    _, err = crawl.communicate(timeout=120)
    assert crawl.returncode == 1, err
    (run,) = Store(db).runs()
    assert run.state == RunState.INTERRUPTED and run.finish_reason == "closespider_timeout"


def test_robots_crawl_delay_is_honoured(tmp_path):
    from tests.fleet.server import Fleet

    with Fleet(sites=["cms-bengkalis"]) as own:
        own.site("cms-bengkalis").robots_extra = "Crawl-delay: 0.6"
        config = own.write_config(tmp_path / "agencies.yaml")  # our own delay: 0 s
        crawl = _crawl(config, tmp_path / "freshness.db")
        _, err = crawl.communicate(timeout=120)
        assert crawl.returncode == 0, err
        times = own.request_times("cms-bengkalis")
    gaps = sorted(b - a for a, b in itertools.pairwise(times[1:]))  # after robots.txt
    assert len(gaps) >= 5
    # Scrapy spreads each delay over 0.5x-1.5x; without the Crawl-delay the gaps are ~10 ms.
    assert gaps[len(gaps) // 2] >= 0.3, gaps
    assert min(gaps) >= 0.25, gaps


def test_sites_of_one_registrable_domain_share_one_polite_slot(tmp_path):
    """A regency's subdomains usually sit on one server: one request at a time, in total."""
    import json

    from tests.fleet.server import Fleet

    sites = ["wp-fresh", "cms-bengkalis", "laravel-relative"]
    with Fleet(sites=sites, domain="example.com") as own:
        own.answer_delay = 0.05  # a slow shared server, so overlapping requests would show
        env = {**os.environ, "FLEET_HOSTS": json.dumps(own.hosts())}
        for limit in (1, 2):
            own.max_in_flight = 0
            config = own.write_config(tmp_path / f"c{limit}.yaml", concurrency_per_host=limit)
            done = subprocess.run(
                [sys.executable, "-c", CLI_WITH_FLEET_DNS, "crawl", "--config", str(config),
                 "--db", str(tmp_path / f"f{limit}.db"), "--quiet"],
                capture_output=True, text=True, cwd=REPO, timeout=300, env=env,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr[-3000:]
            results = Store(tmp_path / f"f{limit}.db").results(1)
            assert {r.result.status for r in results} == {"fresh", "stale"}  # really crawled
            assert own.max_in_flight == limit, (limit, own.max_in_flight)
