"""Facts of a Scrapy response the spider and its middlewares both read."""

from __future__ import annotations

from scrapy.http import Response


def header(response: Response, name: str) -> str:
    """The header's value as text ("" when absent); bytes the server sent stay visible."""
    value = response.headers.get(name)
    return value.decode("latin-1", "replace") if value else ""


def is_redirect(response: Response) -> bool:
    """Any 3xx answer that names a Location (300 and 304 included, as the spider always did)."""
    return 300 <= response.status < 400 and bool(header(response, "Location"))
