"""The spider's window of sites: at most `window` sites open at once and at most one per
download slot, so a site's requests come close together and reuse its connection, while the
sites of one registrable domain (a regency's subdomains, one slot) never fill the window and
stall every other slot. Driven without a network: only the scheduling is exercised."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from crawler.config import parse_fleet
from spiders.freshness import MIN_WINDOW, FreshnessSpider

NOW = datetime(2026, 11, 28, 3, tzinfo=UTC)
SHARED = [f"https://opd{i}.bengkaliskab.go.id/" for i in range(5)]  # one registrable domain
OWN = [f"https://desa{i}.example{i}.id/" for i in range(30)]  # a slot each


def _spider(urls: list[str]) -> FreshnessSpider:
    agencies = [{"id": f"a{i}", "name": f"Agency {i}", "url": url} for i, url in enumerate(urls)]
    fleet = parse_fleet({"crawl": {"concurrent_requests": 2}, "agencies": agencies})
    return FreshnessSpider(fleet, NOW)


def test_one_site_per_slot_and_a_bounded_window() -> None:
    spider = _spider(SHARED + OWN)
    assert spider.window == MIN_WINDOW

    async def scenario() -> list[str]:
        starts = spider.start()
        started: list[str] = []
        while len(started) < len(SHARED) + len(OWN):
            waiting = asyncio.ensure_future(anext(starts))
            await asyncio.sleep(0)
            if not waiting.done():  # the window is full, or only busy slots have sites left
                open_sites = [s for s in spider.sites.values() if s.in_window]
                assert len(open_sites) <= spider.window
                slots = [s.slot for s in open_sites]
                assert len(slots) == len(set(slots)), slots
                spider.leave_window(open_sites[0])  # the oldest open site finishes
            request = await waiting
            started.append(request.meta["agency_id"])
        return started

    started = asyncio.run(scenario())
    assert sorted(started) == sorted(spider.sites)  # every site once
    shared_ids = [f"a{i}" for i in range(len(SHARED))]
    # The shared slot's sites start in the config's order, one after another, while the other
    # slots go on: the first of them starts first, the rest are spread among the others.
    assert [a for a in started if a in shared_ids] == shared_ids
    assert started[0] == "a0" and started.index("a1") > MIN_WINDOW - 1
