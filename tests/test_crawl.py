"""Crawl the fixture fleet for real (Scrapy, loopback HTTP, SQLite) and check every verdict.

One crawl runs in-process (the session fixture `crawled`: Twisted's reactor cannot restart);
the real CLI runs in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from crawler.store import RunState
from tests.fleet.server import load_truth

REPO = Path(__file__).resolve().parent.parent
TRUTH = load_truth()
NEVER_FRESH = {"stale", "abandoned", "undated", "unreachable"}


def _check_verdict(site_id: str, status: str, days: int | None, flags: list[str]) -> None:
    truth = TRUTH[site_id]
    if truth["status"] in NEVER_FRESH:
        assert status not in ("fresh", "aging"), (
            f"{site_id}: a {truth['status']} site called {status}"
        )
    assert status == truth["status"], f"{site_id}: {status} != {truth['status']} ({truth['why']})"
    expected = truth["last_updated_days_ago"]
    if expected is None:
        assert days is None, site_id
    else:
        assert days is not None and abs(days - expected) <= 1, f"{site_id}: {days} != {expected}"
    assert set(truth.get("flags") or []) <= set(flags), f"{site_id}: flags {flags}"
    assert not set(truth.get("not_flags") or []) & set(flags), f"{site_id}: flags {flags}"


def test_in_process_crawl_gets_every_verdict_right(crawled):
    outcome = crawled.outcome
    assert outcome.state == RunState.COMPLETE
    results = {r.agency_id: r for r in outcome.results}
    assert set(results) == set(TRUTH)
    for site_id, r in results.items():
        _check_verdict(site_id, r.status, r.days_since_update, list(r.flags))
        if r.last_updated is not None:
            assert r.evidence is not None and r.evidence.url.startswith("http"), site_id


def test_every_ppid_verdict_is_right(crawled, fleet):
    """The public-information duty is judged apart from the news: a fresh site can have an
    outdated PPID section (wp-fresh) and a stale one a current section."""
    for r in crawled.outcome.results:
        truth = TRUTH[r.agency_id]
        assert r.ppid is not None, r.agency_id
        assert r.ppid.status == truth["ppid"], f"{r.agency_id}: PPID {r.ppid.status}"
        newest = r.ppid.newest
        if "ppid_newest_days_ago" in truth:
            assert newest is not None and newest.earliest is not None, r.agency_id
            assert (fleet.today - newest.earliest).days == truth["ppid_newest_days_ago"]
        if "ppid_newest_title" in truth:
            assert newest is not None and newest.title.startswith(truth["ppid_newest_title"])
            assert newest.earliest == date(fleet.today.year - 1, 7, 1)
        expected_flags = {"missing": "ppid-missing", "outdated": "ppid-outdated"}
        for status, flag in expected_flags.items():
            assert (flag in r.flags) == (truth["ppid"] == status), (r.agency_id, r.flags)
    dip = {r.agency_id: r.ppid.dip for r in crawled.outcome.results if r.ppid}
    assert dip["tls-valid"] == "empty"  # the DIP is the bare template


@pytest.mark.parametrize("site_id", sorted(TRUTH))
def test_each_site_keeps_within_its_request_budget(crawled, site_id):
    assert len(crawled.requests[site_id]) <= 25


def test_failures_are_recorded_with_their_kind(crawled):
    seen = crawled.observations
    kinds = {site: {str(f.error) for f in obs.fetches if f.error} for site, obs in seen.items()}
    assert "refused" in kinds["down-refused"]
    assert "timeout" in kinds["slow-hang"]
    assert "dns" in kinds["dns-fail"]
    assert "offsite" in kinds["redirect-offsite"]
    statuses = {f.status for f in seen["error-500"].fetches}
    assert 500 in statuses
    assert 403 in {f.status for f in seen["cloudflare-403"].fetches}


def test_cli_crawl_and_export_in_a_subprocess(fleet, tmp_path):
    config = fleet.write_config(tmp_path / "agencies.yaml")
    db = tmp_path / "out" / "freshness.db"
    db.parent.mkdir()
    cmd = [sys.executable, "-m", "crawler"]
    done = subprocess.run(
        [*cmd, "crawl", "--config", str(config), "--db", str(db), "--log-level", "WARNING"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    exported = subprocess.run(
        [*cmd, "export", "--db", str(db), "--format", "json"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    records = {r["id"]: r for r in json.loads(exported.stdout)}
    assert set(records) == set(TRUTH)
    for site_id, r in records.items():
        _check_verdict(site_id, r["status"], r["days_since_update"], r["flags"])
        assert set(r) >= {
            "id", "name", "url", "status", "last_updated", "days_since_update", "confidence",
            "evidence_url", "evidence_source", "score", "flags",
        }  # fmt: skip
    csv_out = subprocess.run(
        [*cmd, "export", "--db", str(db), "--format", "csv"],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert csv_out.returncode == 0
    assert csv_out.stdout.splitlines()[0].startswith("id,name,url,")
    assert len(csv_out.stdout.splitlines()) == len(TRUTH) + 1


def test_cli_check_explains_one_site(fleet):
    url = fleet.url("cms-bengkalis")
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "check", url, "--allow-private-hosts",
         "--timeout", "3", "--log-level", "WARNING"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Usang" in done.stdout
    assert "detailberita" in done.stdout  # the evidence URL is shown
    as_json = subprocess.run(
        [sys.executable, "-m", "crawler", "check", url, "--allow-private-hosts", "--json",
         "--timeout", "3", "--log-level", "WARNING"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    verdict = json.loads(as_json.stdout)
    assert verdict["status"] == "stale"
    assert verdict["evidence"] and verdict["fetches"]
    # Why the header's today's date and the prayer-time box did not make the site fresh:
    reasons = {d["reason"] for d in verdict["page_dates_set_aside"]}
    assert "prayer-times" in reasons and reasons & {"today-widget", "page-chrome"}
    assert "Tanggal lain di halaman yang bukan tanggal terbit" in done.stdout
    # The public-information verdict is told beside the news one.
    assert "PPID       : Di portal PPID kabupaten (external)" in done.stdout
    assert verdict["ppid"] == "external"
