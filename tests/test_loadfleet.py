"""The load fleet (bench/loadfleet.py) and the real crawler agree on every site.

Forty synthetic sites (WordPress, the regency CMS, OpenSID villages; every status, an undated
site of each kind, sites answering 500) are served by the fleet's own process; the real CLI
crawls them in a subprocess and every exported verdict must match the fleet's truth. This
keeps the benchmark's truth honest: bench/crawl_scale.py trusts it at 100 to 5,000 sites.
It takes about 15 s; every subprocess has a timeout, so a hang fails instead of stalling.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from bench.loadfleet import LoadFleet
from crawler.model import jakarta_date, now_utc

REPO = Path(__file__).resolve().parent.parent
SITES = 40
SEED = 4  # its first 40 sites hold every status, and an undated site of each kind
CRAWL_TIMEOUT = 120  # seconds; the crawl takes about 12


@pytest.mark.parametrize(
    "crawl",
    [
        {},
        # Two request slots: the spider's window (spiders.freshness.MIN_WINDOW, 16 sites) is
        # smaller than the fleet, so sites start as others finish.
        {"concurrent_requests": 2},
    ],
    ids=["all-sites-at-once", "a-window-of-sites"],
)
def test_load_fleet_verdicts_all_match_truth(tmp_path, crawl):
    today = jakarta_date(now_utc())
    db = tmp_path / "freshness.db"
    cmd = [sys.executable, "-m", "crawler"]
    with LoadFleet(SITES, today, seed=SEED) as fleet:
        config = fleet.write_config(tmp_path / "load.yaml", **crawl)
        truth = fleet.truth()
        crawled = subprocess.run(
            [*cmd, "crawl", "--config", str(config), "--db", str(db), "--quiet"],
            capture_output=True, text=True, cwd=REPO, timeout=CRAWL_TIMEOUT,
        )  # fmt: skip
        served = fleet.server_stats()
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    assert served["error_count"] == 0, served["errors"]
    # A site's requests come close together: its connection is reused, not reopened.
    assert served["connections"] <= 2 * SITES, served["connections"]
    assert set(Counter(t["status"] for t in truth.values())) == {
        "fresh", "aging", "stale", "abandoned", "undated", "unreachable",
    }  # fmt: skip
    exported = subprocess.run(
        [*cmd, "export", "--db", str(db), "--format", "json"],
        capture_output=True, text=True, cwd=REPO, timeout=30,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    records = {r["id"]: r for r in json.loads(exported.stdout)}
    assert set(records) == set(truth)
    wrong = []
    for agency_id, expected in truth.items():
        got = records[agency_id]
        last = date.fromisoformat(got["last_updated"]) if got["last_updated"] else None
        want = expected["last_updated"]
        if want is None:
            same_day = last is None
        else:
            same_day = last is not None and abs((last - want).days) <= 1
        if got["status"] != expected["status"] or not same_day:
            wrong.append(
                f"{agency_id} ({expected['kind']}): want {expected['status']} {want}, got "
                f"{got['status']} {last} from {got['evidence_source']} {got['evidence_url']}"
            )
    assert not wrong, "\n".join(wrong)
