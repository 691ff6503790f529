"""The publication date of an article page, read as a cascade like htmldate's.

Each step is a small function that returns a `PageDate` or None to fall through:
JSON-LD `datePublished` -> `<head>` meta tags -> `<time>`/`itemprop` near the title ->
a dated byline near the title -> a labelled publication date -> a dateline closing the text
(those four in `crawler.read.bylines`) -> the URL -> a publication stamp in the page's script
data -> htmldate on the page with its noise and modification stamps removed -> the page's own
"last updated" line.

Modification stamps (`dateModified`, "Terakhir Diperbarui ...") are never a publication
date: themes and hit counters bump them, so read as one they are the too-new error. A page
that prints nothing else (a licence, a terms or "about" page, "Stand: 26.10.2023") is dated
by its own "last updated" line as a modification (`PageDate.modified`), which the site
estimate lets speak only when no publication date does, as a sitemap's `lastmod`.

Agency pages are full of dates that are not the article's: the header's
today's-date widget, prayer times, visitor counters, copyright years, agenda
boxes, and the "Berita Terbaru" sidebar with *newer* dates than the article.
`noise_map` marks those regions (listing.py reuses it); no date is read inside them.

Day semantics: a page's date is the calendar day as written in its own offset, the
day its reader sees printed ("2023-11-08T21:56:18Z" is 8 November), not that moment
converted to Jakarta. Converting moves every evening stamp west of Jakarta one day
*later* than the page says: a too-new date. As written, a WIB stamp is unchanged,
a UTC stamp of an Indonesian page is at most a day older than its Jakarta day (the
safe side), and a WITA/WIT stamp (+8, +9) is at most one day newer than its Jakarta
day, by no more than the one or two hours between the offsets; it is the day printed
on the page. Feeds, sitemaps and the API (`crawler.read.feeds`, `.sitemaps`, `.wpapi`) keep
Jakarta days.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime

from lxml import etree

from crawler.model import jakarta_date
from crawler.read.article import Page, PageDate, machine_day, machine_or_human, plausible, snippet
from crawler.read.budget import OverBudget, WorkBudget
from crawler.read.bylines import (
    byline_published,
    closing_dateline,
    in_register,
    labelled_published,
    labelled_update,
    list_item_of,
    modification_stamps,
    time_published,
)
from crawler.read.stamps import parse_machine_date, url_date
from crawler.read.structure import Html, Noise, elements, parsed

__all__ = ["PageDate", "page_date"]

log = logging.getLogger(__name__)

_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "report", "scholarlyarticle", "techarticle",
     "reportagenewsarticle", "analysisnewsarticle", "posting", "socialmediaposting"}
)  # fmt: skip

# <head> meta keys holding the publication time, most specific first.
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "article.published",
    "date",
    "dc.date",
    "dcterms.date",
)
#: Generic keys that some CMSs fill with the day the page was generated.
_GENERIC_META = frozenset({"date", "dc.date", "dcterms.date"})
#: Modification keys: removed before htmldate reads the page (see `_htmldate`).
_MODIFIED_META = frozenset(
    {"article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
     "dcterms.modified", "last-modified", "lastmod", "revised"}
)  # fmt: skip


def page_date(
    html: Html,
    url: str | None = None,
    *,
    now: datetime | None = None,
    budget: WorkBudget | None = None,
) -> PageDate | None:
    """The publication date of an article page, or None when no credible one is found.

    A page that uses up `budget` (see crawler.read.budget) has no date: a step cut short must not
    fall through to a later step, whose date may be newer than the one it would have found.

    Any other exception is a bug that a hostile page tripped: it must not break the crawl, so
    the step that raised is logged at DEBUG (with the traceback) and counts as finding nothing.
    """
    try:
        page = _prepare(html, url, now, budget)
    except Exception:  # hostile input must never break a crawl; no date is the safe answer
        log.debug("page_date: preparing %s raised", url, exc_info=True)
        return None
    if page is None:
        return _url_step_only(url, now)
    for step in _CASCADE:
        try:
            found = step(page)
        except OverBudget:
            return None
        except Exception:  # one step tripping on odd markup must not hide the next ones
            log.debug("page_date: step %s raised on %s", step.__name__, url, exc_info=True)
            continue
        if found is not None and page.plausible(found.date):
            return _older_url_date(found, page) or found
    return None


def _older_url_date(found: PageDate, page: Page) -> PageDate | None:
    """The URL's date when it is older than the one found.

    The CMS writes the URL's day once, at publication, in the site's own calendar;
    a later stamp is a UTC moment of an evening post or a touched-up date. When the
    two disagree the older one is the safe answer.
    """
    day = url_date(page.url)
    if day is None or day >= found.date:
        return None
    return PageDate(day, "url", snippet(page.url or ""))


def _prepare(
    html: Html, url: str | None, now: datetime | None, budget: WorkBudget | None
) -> Page | None:
    root = parsed(html)
    return Page(root, url, now, budget) if root is not None else None


def _url_step_only(url: str | None, now: datetime | None) -> PageDate | None:
    day = url_date(url)
    today = jakarta_date(now) if now is not None else None
    if day is None or not plausible(day, today):
        return None
    return PageDate(day, "url", snippet(url or ""))


# ---------------------------------------------------------------------------
# JSON-LD


def _json_ld_published(page: Page) -> PageDate | None:
    """The earliest plausible `datePublished` of an Article-like object; failing that, of an
    object at the top of a block (the page's own entity); failing that, of any object.

    Objects nested under another's property (`itemReviewed`, `video`, `about`) are other
    things: a fact check's claim, an embedded clip.
    """
    key = "datePublished"
    ranked: tuple[list[tuple[date, str]], ...] = ([], [], [])  # article, top level, nested
    for script in page.root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        for kind, value, nested in _json_ld_values(script.text, key):
            page.budget.spend()
            day = machine_or_human(value, page)
            if day is not None and not _generation_stamp(page, day):
                rank = 0 if kind in _ARTICLE_TYPES else 2 if nested else 1
                ranked[rank].append((day, value))
    # Earliest, because a too-new date is the worse error (a page listing several posts).
    candidates = next((found for found in ranked if found), None)
    if not candidates:
        return None
    day, value = min(candidates)
    return PageDate(day, "json-ld", snippet(f'"{key}": "{value}"'))


def _json_ld_values(text: str, key: str) -> Iterator[tuple[str, str, bool]]:
    """(lower-case @type, value, nested under another object's property) of every `key` in a
    JSON-LD block, even a broken one."""
    if key not in text:
        return  # most blocks (an organisation, breadcrumbs): not worth decoding
    data = _load_json(text)
    if data is None:
        # Broken JSON (trailing commas, raw newlines, template glitches): read the key raw.
        pattern = rf'"{key}"\s*:\s*"([^"]{{4,64}})"'
        for match in re.finditer(pattern, text[:200_000]):
            yield "", match.group(1), False
        return
    stack: list[tuple[object, str, bool]] = [(data, "", False)]
    visited = 0
    while stack and visited < 5000:
        node, parent_type, nested = stack.pop()
        visited += 1
        if isinstance(node, list):
            stack.extend((item, parent_type, nested) for item in reversed(node))
        elif isinstance(node, dict):
            kind = _json_ld_type(node.get("@type")) or parent_type
            value = node.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, dict):
                value = value.get("@value")
            if isinstance(value, str):
                yield kind, value, nested
            for name, child in node.items():
                if isinstance(child, list | dict):
                    # "@graph" lists the document's top-level objects; any other property
                    # holds objects that are part of, or about, this one.
                    stack.append((child, "", nested or name != "@graph"))


def _load_json(text: str) -> object | None:
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip()
    for attempt in (text, re.sub(r",\s*([}\]])", r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _json_ld_type(value: object) -> str:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str)), "")
    return value.lower() if isinstance(value, str) else ""


# ---------------------------------------------------------------------------
# <head> meta tags


def _meta_published(page: Page) -> PageDate | None:
    values = _head_meta(page.root)
    for key in _PUBLISHED_META:
        value = values.get(key)
        if not value:
            continue
        day = machine_or_human(value, page)
        if day is None or (key in _GENERIC_META and day == page.today):
            continue  # a generic "date" equal to today is the page's generation stamp
        if _generation_stamp(page, day):
            continue
        return PageDate(day, "meta", snippet(f'{key}="{value}"'))
    return None


def _generation_stamp(page: Page, day: date) -> bool:
    """A machine "published" stamp of the crawl day that the visible byline contradicts.

    Some CMSs write the moment the page was generated into `article:published_time`
    (or JSON-LD): it is always "today". When the page prints an older byline, the
    stamp is the generator's clock, not the article's date.
    """
    if day != page.today:
        return False
    byline = byline_published(page)
    return byline is not None and byline.date < day


def _head_meta(root: etree._Element) -> dict[str, str]:
    """The first value of each meta key in <head> (body metas belong to widgets too)."""
    values: dict[str, str] = {}
    head = root.find("head")
    if head is None:
        return values
    for meta in head.iter("meta"):
        key, content = _meta_key(meta), meta.get("content")
        if key and content:
            values.setdefault(key, content.strip())
    return values


def _meta_key(meta: etree._Element) -> str:
    key = meta.get("property") or meta.get("name") or meta.get("itemprop")
    return (key or meta.get("http-equiv") or "").strip().lower()


# ---------------------------------------------------------------------------
# Publication stamps in a script's data

#: A publication stamp in the JSON or JavaScript a page embeds for its own app or analytics
#: ("publishDate": "2023-05-02T10:00:00Z"): the generic spellings only.
_SCRIPT_PUBLISHED = re.compile(
    r"""["'](?:datePublished|publishDate|publishedDate|published_date|publish_date|date_published"""
    r"""|firstPublishDate|first_publish_date|publishedAt|published_at|pubDate|pubdate)["']"""
    r"""\s*:\s*["']([^"'\n]{6,40})["']"""
)
#: How much of each script is read for stamps (an app's state can be megabytes).
SCRIPT_DATA_CHARS = 500_000


def _script_data_published(page: Page) -> PageDate | None:
    """The day every publication stamp in the page's script data gives, when they agree.

    Apps and analytics embed the article's record (`<script type="application/json">`,
    `__NEXT_DATA__`, a tracker's config). A blob that lists several articles gives several
    days, and which is the page's own is unknown: no date."""
    days: dict[date, str] = {}
    for script in page.root.iter("script"):
        text = script.text
        if not text or "ld+json" in (script.get("type") or "").lower():
            continue
        if page.noise_at(script) & ~Noise.CODE:
            continue  # a widget's own record: a sidebar's, a header's
        for match in _SCRIPT_PUBLISHED.finditer(text, 0, SCRIPT_DATA_CHARS):
            page.budget.spend()
            # Machine stamps only: an app's "2 hours ago" counts from when it was rendered.
            day = machine_day(match.group(1), page)
            if day is not None and page.plausible(day):
                days.setdefault(day, match.group(0))
    if len(days) != 1:
        return None
    ((day, text),) = days.items()
    return PageDate(day, "script", snippet(text)) if _credible_fallback(page, day) else None


# ---------------------------------------------------------------------------
# URL and htmldate


def _url(page: Page) -> PageDate | None:
    day = url_date(page.url)
    return PageDate(day, "url", snippet(page.url or "")) if day is not None else None


def _htmldate(page: Page) -> PageDate | None:
    """htmldate on the page without its noise regions, with guards on its fallbacks."""
    if page.today is None:
        return None  # htmldate needs a max_date; without `now` it would read the clock
    from htmldate import find_date  # slow import; only pages that get this far need it

    # Remove the noise, other pages' and documents' dates, and every modification stamp
    # (metas and content alike): htmldate would return one as the publication date.
    # The later steps still need the full page: mark, copy, then cut the copy.
    doomed = [e for e, bits in page.noise.items() if bits and not _noisy_parent(page, e)]
    doomed += [m for m in page.root.iter("meta") if _meta_key(m) in _MODIFIED_META]
    doomed += modification_stamps(page)
    doomed += _dated_list_items(page)
    for element in doomed:
        element.set(_DOOMED, "")
    try:
        tree = copy.deepcopy(page.root)
    finally:
        for element in doomed:
            element.attrib.pop(_DOOMED, "")  # an element may be listed twice
    _drop_doomed(tree)
    found = find_date(
        tree,
        url=None,  # our own _url step read it, strictly; htmldate guesses from slugs
        original_date=True,
        extensive_search=False,
        max_date=page.today.isoformat(),
        outputformat="%Y-%m-%d",
    )
    day = parse_machine_date(found) if found else None
    if day is None or not _credible_fallback(page, day):
        return None
    return PageDate(day, "htmldate", f"htmldate: {day.isoformat()}")


_DOOMED = "data-freshness-noise"
_MARKED = etree.XPath(f"descendant-or-self::*[@{_DOOMED}]")  # found in C


def _drop_doomed(tree: etree._Element) -> None:
    """Remove the marked elements, each tail joined to what precedes it, as `drop_tree` does.

    One pass per parent: dropping thousands of marked siblings one by one appends each
    tail to the same growing string, which is quadratic.
    """
    parents = dict.fromkeys(
        parent for element in elements(tree, _MARKED) if (parent := element.getparent()) is not None
    )
    for parent in parents:
        kept: etree._Element | None = None  # the last child kept: tails join its tail
        tails: list[str] = []
        for child in list(parent):
            if child.get(_DOOMED) is None:
                _join_tails(parent, kept, tails)
                kept = child
                continue
            if child.tail:
                tails.append(child.tail)
            parent.remove(child)
        _join_tails(parent, kept, tails)


def _join_tails(parent: etree._Element, kept: etree._Element | None, tails: list[str]) -> None:
    if not tails:
        return
    if kept is None:
        parent.text = (parent.text or "") + "".join(tails)
    else:
        kept.tail = (kept.tail or "") + "".join(tails)
    tails.clear()


def _dated_list_items(page: Page) -> list[etree._Element]:
    """Dated items no noise class or heading announced: links to other pages, register rows."""
    blocks: list[etree._Element] = []
    for segment in page.segments:
        if not segment.noise:
            page.budget.spend()
            if page.dates_in(segment.text):
                blocks.append(segment.block)
    blocks += [parent for e in page.root.iter("time") if (parent := e.getparent()) is not None]
    blocks = list(dict.fromkeys(blocks))  # one block may hold several segments
    items = {list_item_of(block, page) for block in blocks}
    items |= {next(block.iterancestors("tr"), None) for block in blocks if in_register(block, page)}
    return [item for item in items if item is not None]


def _noisy_parent(page: Page, element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and bool(page.noise.get(parent))


def _credible_fallback(page: Page, day: date) -> bool:
    """The guards of the last steps, which read no place the page shows: a day that only a
    date widget says (today), or a year alone (1 January), is no publication."""
    content_days: set[date] = set()
    for segment in page.segments:
        if not segment.noise:
            page.budget.spend()
            content_days.update(match.date for match in page.dates_in(segment.text))
    if day == page.today and day not in content_days:
        return False  # only a date widget says "today"
    # 1 January with no such date in the text: a year alone (a copyright line).
    return (day.month, day.day) != (1, 1) or day in content_days


_CASCADE: tuple[Callable[[Page], PageDate | None], ...] = (
    _json_ld_published,
    _meta_published,
    time_published,
    byline_published,
    labelled_published,
    closing_dateline,
    _url,
    _script_data_published,
    _htmldate,
    labelled_update,
)
