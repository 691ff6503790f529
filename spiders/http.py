"""Facts of a Scrapy response the spiders and their middlewares read, and the meta their
requests carry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scrapy.http import Response


def header(response: Response, name: str) -> str:
    """The header's value as text ("" when absent); bytes the server sent stay visible."""
    value = response.headers.get(name)
    return value.decode("latin-1", "replace") if value else ""


def is_redirect(response: Response) -> bool:
    """Any 3xx answer that names a Location (300 and 304 included, as the spider always did)."""
    return 300 <= response.status < 400 and bool(header(response, "Location"))


def fetch_meta(slot: str, crawl_delays: Mapping[str, float]) -> dict[str, Any]:
    """The meta every request of a site carries: redirects left to the site's own middleware,
    every status handed to the spider, the site's download slot, and a slot whose robots.txt
    asked for a Crawl-delay kept from being sped up by AutoThrottle."""
    return {
        "dont_redirect": True,
        "handle_httpstatus_all": True,
        "download_slot": slot,
        "autothrottle_dont_adjust_delay": slot in crawl_delays,
    }
