"""HTTP headers as dates: `Last-Modified`, weak evidence of a change.

Pure: a header's text in, evidence or None out.
"""

from __future__ import annotations

from datetime import date, timedelta

from crawler.model import Evidence, Source
from crawler.read.machine import plausible_day, snippet_of


def last_modified_evidence(header: str | None, url: str, *, today: date) -> Evidence | None:
    """`Last-Modified` as weak evidence; None when it is just "now" (today or yesterday)."""
    if not isinstance(header, str):
        return None
    day = plausible_day(header, today)
    if day is None or day >= today - timedelta(days=1):
        return None
    snippet = snippet_of(f"Last-Modified: {header}")
    return Evidence(Source.HTTP_HEADER, url, day, snippet, url, modified=True)
