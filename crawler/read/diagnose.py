"""Why a page's other dates were not taken as its publication date: for `freshness check`.

The page-date cascade (crawler.read.cascade) only says which date it chose. An agency asking "why
does the monitor not see our update?" also needs the dates it set aside: the today's-date
widget in the header, the prayer-time box, the visitor counter, agenda items, dates in the
future. This reads a page's visible text with the same noise map the cascade uses and names,
for each date in a noisy region, the region it stands in. Pure; used only when diagnosing.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta

from lxml import etree

from crawler.model import SetAsideDate, jakarta_date
from crawler.read.budget import OverBudget, WorkBudget
from crawler.read.structure import Html, Noise, noise_map, parsed, text_segments
from crawler.read.titles import find_title
from crawler.read.written_dates import find_dates

#: The region a set-aside date stood in, most telling first (a clock inside the header is
#: reported as a clock).
REASONS: tuple[tuple[Noise, str], ...] = (
    (Noise.CLOCK, "today-widget"),
    (Noise.PRAYER, "prayer-times"),
    (Noise.COUNTER, "visitor-counter"),
    (Noise.COPYRIGHT, "copyright"),
    (Noise.AGENDA, "agenda"),
    (Noise.COMMENTS, "comment"),
    (Noise.RECENT, "other-page"),
    (Noise.CHROME, "page-chrome"),
)
FUTURE = "future"
MAX_PER_PAGE = 12
SNIPPET_CHARS = 100


def set_aside_dates(
    html: Html,
    url: str,
    *,
    now: datetime,
    newer_than: date | None = None,
    budget: WorkBudget | None = None,
) -> list[SetAsideDate]:
    """Dates in a page's noisy regions or in the future (only those after `newer_than`).

    Newest first, one per (date, reason), at most MAX_PER_PAGE; on a page that uses up
    `budget` (see crawler.read.budget), of the segments read until then.
    """
    root = parsed(html)
    if root is None:
        return []
    budget = WorkBudget() if budget is None else budget
    found: dict[tuple[date, str], SetAsideDate] = {}
    with contextlib.suppress(OverBudget):
        _set_aside(root, url, now, newer_than, budget, found)
    newest = sorted(found.values(), key=lambda d: d.date, reverse=True)
    return newest[:MAX_PER_PAGE]


def _set_aside(
    root: etree._Element,
    url: str,
    now: datetime,
    newer_than: date | None,
    budget: WorkBudget,
    found: dict[tuple[date, str], SetAsideDate],
) -> None:
    title = find_title(root, budget)
    segments = text_segments(root, noise_map(root, title), title)
    tomorrow = jakarta_date(now) + timedelta(days=1)
    for segment in segments:
        budget.spend()
        # Without `now` the reader keeps dates in the future, which are worth naming here.
        future = [m for m in find_dates(segment.text) if m.date > tomorrow]
        for match in [*find_dates(segment.text, now=now), *future]:
            if newer_than is not None and match.date <= newer_than:
                continue
            reason = FUTURE if match.date > tomorrow else _region(segment.noise)
            if reason is None or (match.date, reason) in found:
                continue
            snippet = _around(segment.text, match.start, match.end)
            found[(match.date, reason)] = SetAsideDate(url, match.date, reason, snippet)


def _region(noise: int) -> str | None:
    for kind, name in REASONS:
        if noise & kind:
            return name
    return None


def _around(text: str, start: int, end: int) -> str:
    """The date with some of its context, cut at word boundaries."""
    room = max(SNIPPET_CHARS - (end - start), 0) // 2
    left = text.rfind(" ", 0, max(start - room, 0)) + 1 if start > room else 0
    right = text.find(" ", min(end + room, len(text)))
    return text[left : right if right != -1 else len(text)].strip()
