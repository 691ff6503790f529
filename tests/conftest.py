"""Shared fixtures: the loopback fixture fleet, started once per test session."""

from __future__ import annotations

import os

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
