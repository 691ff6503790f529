"""The publication date of an article page, read as a cascade like htmldate's.

Each step is a small function that returns a `PageDate` or None to fall through:
JSON-LD `datePublished` -> `<head>` meta tags -> `<time>`/`itemprop` near the title ->
a dated byline near the title -> the URL -> htmldate on the page with its noise
removed -> modification stamps, only as the very last resort.

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
on the page. Feeds, sitemaps and the API (`crawler.sources`) keep Jakarta days.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from lxml import etree

from crawler.datetext import parse_machine_date, parse_machine_moment, url_date
from crawler.humandates import find_dates, parse_date
from crawler.model import MIN_DATE, is_plausible, jakarta_date
from crawler.pagetext import (
    Segment,
    find_title,
    is_page_link,
    load_html,
    noise_map,
    text_length,
    text_segments,
)
from crawler.urls import absolute


@dataclass(frozen=True, slots=True)
class PageDate:
    """The publication day of a page, where it was read and the text it was read from."""

    date: date
    source: str  # json-ld | meta | time | byline | url | htmldate | *-modified
    snippet: str  # <= 160 characters of the text or attribute the date was read from


SNIPPET_CHARS = 160

#: How much text after the title a byline may sit (the lead paragraph is allowed).
BYLINE_AFTER_CHARS = 600
#: Category-and-date lines sometimes sit just above the title.
BYLINE_BEFORE_CHARS = 200
#: Link text this long is another page's title; a date beside it is that page's date.
LINK_TITLE_CHARS = 20
#: A list item (title, date, a line of excerpt) is short.
LIST_ITEM_CHARS = 400
#: After this many such links the scan is in a list of other pages, not the byline.
MAX_TITLE_LINKS = 2
#: Longer text segments are article prose, not bylines.
BYLINE_SEGMENT_CHARS = 240
#: A byline names its date within a few words ("Ditulis oleh Admin pada 19 Juni 2023");
#: in a longer sentence a date further in is what the text talks about (an event).
BYLINE_WORDS_BEFORE = 5
PROSE_CHARS = 80

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
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "revised",
)

# "Diperbarui 12 Juni 2023", "Updated: ...": modification, not publication.
_MODIFIED_WORDS = re.compile(
    r"(?:diperbarui|diperbaharui|diupdate|di-update|update[d]?|terakhir|diubah|modified|revisi"
    r"|last\s+edited)\W{0,3}(?:\w+\W{1,3}){0,2}$",
    re.IGNORECASE,
)
_BYLINE_CLASS = re.compile(
    r"date|tanggal|tgl|time|waktu|meta|byline|posted|author|penulis|info|detail", re.IGNORECASE
)
# "Kemarin"/"hari ini" alone are dates only in a byline: counters label rows with them.
_BARE_WORD = re.compile(r"^\D*$")
_CLOCK = re.compile(r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b")
# Author and category links in a byline are not titles of other pages.


# Where a page writes machine timestamps: meta tags, <time datetime>, microdata content.
_STAMP_XPATH = "//meta/@content | //time/@datetime | //*[@itemprop]/@content"
_OFFSET_STAMP = re.compile(r"\s*\d{4}-\d\d-\d\d[T ][\d:.]+\s*[+-]\d\d:?\d\d\s*$")


class _Page:
    """One parsed page and what the steps share; built once per `page_date` call.

    The title, noise map and text segments cost most of the time of a page; they
    are computed on first use, so pages dated by JSON-LD or a meta tag never pay.
    """

    def __init__(self, root: etree._Element, url: str | None, now: datetime | None) -> None:
        self.root = root
        self.url = url
        self.now = now
        self.today = jakarta_date(now) if now is not None else None

    @cached_property
    def title(self) -> etree._Element | None:
        return find_title(self.root)

    @cached_property
    def noise(self) -> dict[etree._Element, int]:  # Noise bits
        return noise_map(self.root, self.title)

    @cached_property
    def segments(self) -> list[Segment]:
        return text_segments(self.root, self.noise, self.title)

    @cached_property
    def title_line(self) -> frozenset:
        """The title and its ancestors."""
        title = self.title
        return frozenset((title, *title.iterancestors())) if title is not None else frozenset()

    @cached_property
    def local_days(self) -> dict[datetime, date]:
        """Moments the page writes with a non-UTC offset -> the day as written there."""
        days: dict[datetime, date] = {}
        for value in self.root.xpath(_STAMP_XPATH):
            if not _OFFSET_STAMP.match(value):
                continue  # most meta contents are not timestamps: skip the parsers
            moment = parse_machine_moment(str(value)[:100])
            offset = moment.utcoffset() if moment is not None else None
            if offset:  # neither naive (None) nor UTC (zero)
                days.setdefault(moment, moment.date())
        return days

    @cached_property
    def today_in_noise(self) -> bool:
        """Whether a widget (header, sidebar ...) shows today's date."""
        return any(
            match.date == self.today
            for segment in self.segments
            if segment.noise
            for match in find_dates(segment.text, now=self.now)
        )


def page_date(
    html: str | bytes, url: str | None = None, *, now: datetime | None = None
) -> PageDate | None:
    """The publication date of an article page, or None when no credible one is found."""
    try:
        page = _prepare(html, url, now)
    except Exception:  # hostile input must never break a crawl; no date is the safe answer
        return None
    if page is None:
        return _url_step_only(url, now)
    for step in _CASCADE:
        try:
            found = step(page)
        except Exception:  # one step tripping on odd markup must not hide the next ones
            continue
        if found is not None and _plausible(found.date, page.today):
            return _older_url_date(found, page) or found
    return None


def _older_url_date(found: PageDate, page: _Page) -> PageDate | None:
    """The URL's date when it is older than the one found.

    The CMS writes the URL's day once, at publication, in the site's own calendar;
    a later stamp is a UTC moment of an evening post or a touched-up date. When the
    two disagree the older one is the safe answer.
    """
    day = url_date(page.url)
    if day is None or day >= found.date:
        return None
    return PageDate(day, "url", _snippet(page.url or ""))


def _prepare(html: str | bytes, url: str | None, now: datetime | None) -> _Page | None:
    root = load_html(html)
    return _Page(root, url, now) if root is not None else None


def _url_step_only(url: str | None, now: datetime | None) -> PageDate | None:
    day = url_date(url)
    today = jakarta_date(now) if now is not None else None
    if day is None or not _plausible(day, today):
        return None
    return PageDate(day, "url", _snippet(url or ""))


def _plausible(day: date, today: date | None) -> bool:
    return is_plausible(day, today) if today is not None else day >= MIN_DATE


def _snippet(text: str) -> str:
    return " ".join(text.split())[:SNIPPET_CHARS]


# ---------------------------------------------------------------------------
# JSON-LD


def _json_ld_published(page: _Page) -> PageDate | None:
    return _json_ld(page, "datePublished", "json-ld")


def _json_ld_modified(page: _Page) -> PageDate | None:
    return _json_ld(page, "dateModified", "json-ld-modified")


def _json_ld(page: _Page, key: str, source: str) -> PageDate | None:
    """The earliest plausible `key` of an Article-like object (any object if none)."""
    typed: list[tuple[date, str]] = []
    untyped: list[tuple[date, str]] = []
    for script in page.root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        for kind, value in _json_ld_values(script.text, key):
            day = _machine_or_human(value, page)
            if day is not None:
                (typed if kind in _ARTICLE_TYPES else untyped).append((day, value))
    # Earliest, because a too-new date is the worse error (a page listing several posts).
    candidates = typed or untyped
    if not candidates:
        return None
    day, value = min(candidates)
    return PageDate(day, source, _snippet(f'"{key}": "{value}"'))


def _json_ld_values(text: str, key: str) -> Iterator[tuple[str, str]]:
    """(lower-case @type, value) of every `key` in a JSON-LD block, even a broken one."""
    data = _load_json(text)
    if data is None:
        # Broken JSON (trailing commas, raw newlines, template glitches): read the key raw.
        pattern = rf'"{key}"\s*:\s*"([^"]{{4,64}})"'
        for match in re.finditer(pattern, text[:200_000]):
            yield "", match.group(1)
        return
    stack: list[tuple[object, str]] = [(data, "")]
    visited = 0
    while stack and visited < 5000:
        node, parent_type = stack.pop()
        visited += 1
        if isinstance(node, list):
            stack.extend((item, parent_type) for item in reversed(node))
        elif isinstance(node, dict):
            kind = _json_ld_type(node.get("@type")) or parent_type
            value = node.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, dict):
                value = value.get("@value")
            if isinstance(value, str):
                yield kind, value
            stack.extend((child, "") for child in node.values() if isinstance(child, list | dict))


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


def _machine_or_human(value: str, page: _Page) -> date | None:
    day = _machine_day(value[:100], page) or parse_date(value[:100], now=page.now)
    return day if day is not None and _plausible(day, page.today) else None


def _machine_day(value: str, page: _Page) -> date | None:
    """The day of a timestamp as written; a UTC one in the page's own offset if it has one.

    UTC is a storage convention (Yoast writes "2024-03-19T18:30:00+00:00" for 01:30 WIB
    on the 20th), not the publisher's calendar. When the page writes the same moment
    with its own offset too (a `<time datetime>`, another meta), that is the day shown.
    """
    moment = parse_machine_moment(value)
    if moment is None:
        return None
    if moment.utcoffset() == timedelta(0):
        local = page.local_days.get(moment)
        if local is not None:
            return local
    return parse_machine_date(value, as_written=True)


# ---------------------------------------------------------------------------
# <head> meta tags


def _meta_published(page: _Page) -> PageDate | None:
    return _meta(page, _PUBLISHED_META, "meta")


def _meta_modified(page: _Page) -> PageDate | None:
    return _meta(page, _MODIFIED_META, "meta-modified")


def _meta(page: _Page, keys: tuple[str, ...], source: str) -> PageDate | None:
    values = _head_meta(page.root)
    for key in keys:
        value = values.get(key)
        if not value:
            continue
        day = _machine_or_human(value, page)
        if day is None or (key in _GENERIC_META and day == page.today):
            continue  # a generic "date" equal to today is the page's generation stamp
        return PageDate(day, source, _snippet(f'{key}="{value}"'))
    return None


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
# <time> and itemprop in the content


def _time_published(page: _Page) -> PageDate | None:
    return _time_elements(page, modified=False)


def _time_modified(page: _Page) -> PageDate | None:
    return _time_elements(page, modified=True)


def _time_elements(page: _Page, *, modified: bool) -> PageDate | None:
    """The dated `<time>`/`itemprop` element nearest after the title (else the first)."""
    order = {element: index for index, element in enumerate(page.root.iter())}
    title_index = order.get(page.title, -1) if page.title is not None else -1
    candidates: list[tuple[tuple[int, int], date, str]] = []
    for element in _dated_elements(page.root):
        if page.noise.get(element) or _is_modified_element(element) != modified:
            continue
        if _in_list_item(element.getparent() if element.getparent() is not None else element, page):
            continue  # the date of another page's title beside it
        value = element.get("datetime") or element.get("content") or element.get("title") or ""
        day = _machine_or_human(value, page) if value else None
        if day is None:
            text = element.text_content() if hasattr(element, "text_content") else ""
            day = parse_date(text[:200], now=page.now) if text.strip() else None
            value = text
        if day is None or not _plausible(day, page.today):
            continue
        index = order.get(element, 0)
        if day == page.today and (index < title_index or page.today_in_noise):
            continue  # a today's-date widget that happens to use <time>
        rank = (0 if index > title_index else 1, abs(index - title_index))
        candidates.append((rank, day, value))
    if not candidates:
        return None
    _, day, value = min(candidates, key=lambda candidate: candidate[0])
    return PageDate(day, "time-modified" if modified else "time", _snippet(value))


def _dated_elements(root: etree._Element) -> Iterator[etree._Element]:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        prop = (element.get("itemprop") or "").lower()
        if prop in ("datepublished", "datemodified", "datecreated") or element.tag == "time":
            yield element
        elif element.tag == "abbr" and "published" in (element.get("class") or ""):
            yield element  # hAtom microformat


def _is_modified_element(element: etree._Element) -> bool:
    prop = (element.get("itemprop") or "").lower()
    if prop == "datemodified":
        return True
    if prop in ("datepublished", "datecreated"):
        return False
    classes = (element.get("class") or "").lower()
    return ("updated" in classes or "modified" in classes) and "published" not in classes


# ---------------------------------------------------------------------------
# Bylines near the title


def _byline_published(page: _Page) -> PageDate | None:
    return _byline(page, modified=False)


def _byline_modified(page: _Page) -> PageDate | None:
    return _byline(page, modified=True)


def _byline(page: _Page, *, modified: bool) -> PageDate | None:
    source = "byline-modified" if modified else "byline"
    for segment, before_title in _byline_segments(page):
        for match in find_dates(segment.text, now=page.now):
            is_modified = bool(_MODIFIED_WORDS.search(segment.text, 0, match.start))
            if is_modified != modified:
                continue
            if match.date == page.today and (before_title or page.today_in_noise):
                continue  # the header's today's-date widget, not a byline
            if match.relative and _BARE_WORD.match(match.text) and not _bylinish(segment):
                continue  # "Kemarin" in an unlabelled visitor-counter table
            if segment.link_chars - len(match.text) >= LINK_TITLE_CHARS or _in_list_item(
                segment.block, page
            ):
                continue  # a dated link to another page: an unlabelled "recent news" item
            if _in_prose(segment, match.start):
                continue  # "the next meeting is on 5 February": an event, not a byline
            return PageDate(match.date, source, _snippet(segment.text))
    return None


def _byline_segments(page: _Page) -> Iterator[tuple[Segment, bool]]:
    """Short content segments after the title, then those just above it, nearest first."""
    content = [s for s in page.segments if not s.noise]
    if page.title is None:
        # No title found: only elements that look like bylines by their class.
        for segment in content:
            if _BYLINE_CLASS.search(segment.classes) and len(segment.text) <= BYLINE_SEGMENT_CHARS:
                yield segment, False
        return
    start = next((i for i, s in enumerate(content) if s.in_title), None)
    if start is None:
        return
    end = start
    while end < len(content) and content[end].in_title:
        end += 1
    budget, title_links = BYLINE_AFTER_CHARS, 0
    for segment in content[end:]:
        if budget <= 0 or title_links >= MAX_TITLE_LINKS:
            break  # past the byline: article prose, or a list of other pages' titles
        budget -= len(segment.text)
        if segment.link_chars >= LINK_TITLE_CHARS:
            title_links += 1
        yield segment, False  # long ones only for a dateline: see _in_prose
    budget = BYLINE_BEFORE_CHARS
    for segment in reversed(content[:start]):
        if budget <= 0:
            break
        budget -= len(segment.text)
        if len(segment.text) <= BYLINE_SEGMENT_CHARS:
            yield segment, True


def _in_prose(segment: Segment, start: int) -> bool:
    """A date inside a sentence of the lead paragraph, not in a byline or a dateline.

    A paragraph may open with its dateline ("27.1.2022 - Bei der Erinnerung ...",
    "Bengkalis, 19 Juni 2023 - ..."); further in, a date is what the text talks about.
    """
    deep = len(segment.text[:start].split()) > BYLINE_WORDS_BEFORE
    if len(segment.text) > BYLINE_SEGMENT_CHARS:
        return deep
    return deep and len(segment.text) > PROSE_CHARS and not _bylinish(segment)


def _bylinish(segment: Segment) -> bool:
    return bool(_CLOCK.search(segment.text) or _BYLINE_CLASS.search(segment.classes))


def _in_list_item(block: etree._Element, page: _Page) -> bool:
    return _list_item_of(block, page) is not None


def _list_item_of(block: etree._Element, page: _Page) -> etree._Element | None:
    """The block, or its parent, when it holds a link to another page's title.

    Stops at the title's own containers: the article's byline sits beside the title,
    a "recent news" item beside another page's title.
    """
    for container in (block, block.getparent()):
        if container is None or container in page.title_line:
            return None
        if text_length(container) > LIST_ITEM_CHARS:
            return None  # prose or a whole article, not an item of a list
        for link in container.iter("a"):
            if not is_page_link(link) or _is_self_link(link, page.url):
                continue
            text = " ".join(link.text_content().split())
            if len(text) >= LINK_TITLE_CHARS and not find_dates(text):
                return container
    return None


def _is_self_link(link: etree._Element, url: str | None) -> bool:
    """A permalink to the page itself (titles in some themes link to their own page)."""
    target = absolute(url, link.get("href")) if url else None
    return target is not None and target.rstrip("/") == url.split("#", 1)[0].rstrip("/")


# ---------------------------------------------------------------------------
# URL and htmldate


def _url(page: _Page) -> PageDate | None:
    day = url_date(page.url)
    return PageDate(day, "url", _snippet(page.url or "")) if day is not None else None


def _htmldate(page: _Page) -> PageDate | None:
    """htmldate on the page without its noise regions, with guards on its fallbacks."""
    if page.today is None:
        return None  # htmldate needs a max_date; without `now` it would read the clock
    from htmldate import find_date  # slow import; only pages that get this far need it

    # Remove the noise, and the modification metas: those are our own last resort,
    # labelled as such, not a "htmldate" publication date.
    # The later steps still need the full page: mark, copy, then cut the copy.
    doomed = [e for e, bits in page.noise.items() if bits and not _noisy_parent(page, e)]
    doomed += [m for m in page.root.iter("meta") if _meta_key(m) in _MODIFIED_META]
    doomed += _dated_list_items(page)
    for element in doomed:
        element.set(_DOOMED, "")
    try:
        tree = copy.deepcopy(page.root)
    finally:
        for element in doomed:
            element.attrib.pop(_DOOMED, None)
    for element in list(tree.iter()):
        if element.get(_DOOMED) is not None and element.getparent() is not None:
            element.drop_tree()
    found = find_date(
        tree,
        url=None,  # our own _url step read it, strictly; htmldate guesses from slugs
        original_date=True,
        extensive_search=False,
        max_date=page.today.isoformat(),
        outputformat="%Y-%m-%d",
    )
    day = parse_machine_date(found) if found else None
    if day is None or not _credible_htmldate(page, day):
        return None
    return PageDate(day, "htmldate", f"htmldate: {day.isoformat()}")


_DOOMED = "data-freshness-noise"


def _dated_list_items(page: _Page) -> list[etree._Element]:
    """Containers of dated links to other pages that no noise class or heading announced."""
    blocks = [s.block for s in page.segments if not s.noise and find_dates(s.text, now=page.now)]
    blocks += [e.getparent() for e in page.root.iter("time") if e.getparent() is not None]
    items = {_list_item_of(block, page) for block in blocks}
    return [item for item in items if item is not None]


def _noisy_parent(page: _Page, element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and bool(page.noise.get(parent))


def _credible_htmldate(page: _Page, day: date) -> bool:
    content_days = {
        match.date
        for segment in page.segments
        if not segment.noise
        for match in find_dates(segment.text, now=page.now)
    }
    if day == page.today and day not in content_days:
        return False  # only a date widget says "today"
    # 1 January with no such date in the text: a year alone (a copyright line).
    return (day.month, day.day) != (1, 1) or day in content_days


_CASCADE: tuple[Callable[[_Page], PageDate | None], ...] = (
    _json_ld_published,
    _meta_published,
    _time_published,
    _byline_published,
    _url,
    _htmldate,
    # Modification stamps: themes bump them; better than nothing only at the very end.
    _json_ld_modified,
    _meta_modified,
    _time_modified,
    _byline_modified,
)
