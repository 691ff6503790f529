"""Shared fixtures: the loopback fixture fleet, started once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fleet.server import Fleet

# The fleet lives on loopback; a proxy configured for this machine must not carry its traffic
# (the crawler honours the standard proxy variables, and so do the CLI subprocesses).
for _name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
    os.environ.pop(_name, None)


@pytest.fixture(scope="session")
def fleet():
    with Fleet() as running:
        yield running


@pytest.fixture(scope="session")
def published_report(fleet, tmp_path_factory) -> Path:
    """`freshness run` (crawl, then report) against the fleet, as cron runs it; read-only."""
    tmp = tmp_path_factory.mktemp("published")
    config = fleet.write_config(tmp / "agencies.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "run", "--config", str(config),
         "--db", str(tmp / "freshness.db"), "--out", str(tmp / "public"),
         "--log-level", "ERROR"],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return tmp / "public"
