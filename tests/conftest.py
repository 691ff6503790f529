"""Shared fixtures: the loopback fixture fleet, started once per test session."""

from __future__ import annotations

import pytest

from tests.fleet.server import Fleet


@pytest.fixture(scope="session")
def fleet():
    with Fleet() as running:
        yield running
