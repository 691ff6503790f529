"""The publication date of an article page, read as a cascade like htmldate's.

Each step is a small function that returns a `PageDate` or None to fall through:
JSON-LD `datePublished` -> `<head>` meta tags -> `<time>`/`itemprop` near the title ->
a dated byline near the title -> the URL -> htmldate on the page with its noise
removed -> modification stamps, only as the very last resort.

Agency pages are full of dates that are not the article's: the header's
today's-date widget, prayer times, visitor counters, copyright years, agenda
boxes, and the "Berita Terbaru" sidebar with *newer* dates than the article.
`noise_map` marks those regions (listing.py reuses it); no date is read inside them.
"""

from __future__ import annotations

import codecs
import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntFlag
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html

from crawler.datetext import parse_machine_date, url_date
from crawler.humandates import find_dates, parse_date
from crawler.model import MIN_DATE, is_plausible, jakarta_date
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
_TAXONOMY_HREF = re.compile(
    r"/(?:author|penulis|user|category|kategori|tag|label|search)/|[?&](?:author|cat|tag)=", re.I
)


@dataclass(slots=True)
class _Page:
    """One parsed page and what the steps share; built once per `page_date` call."""

    root: etree._Element
    url: str | None
    now: datetime | None
    today: date | None
    noise: dict[etree._Element, int]  # Noise bits
    title: etree._Element | None
    segments: list[Segment]
    title_line: frozenset  # the title and its ancestors
    today_in_noise: bool | None = None  # cache of _today_in_noise


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
            return found
    return None


def _prepare(html: str | bytes, url: str | None, now: datetime | None) -> _Page | None:
    root = load_html(html)
    if root is None:
        return None
    title = find_title(root)
    noise = noise_map(root, title)
    segments = text_segments(root, noise, title)
    today = jakarta_date(now) if now is not None else None
    title_line = frozenset((title, *title.iterancestors())) if title is not None else frozenset()
    return _Page(root, url, now, today, noise, title, segments, title_line)


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
    day = parse_machine_date(value[:100]) or parse_date(value[:100], now=page.now)
    return day if day is not None and _plausible(day, page.today) else None


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
        if day == page.today and (index < title_index or _today_in_noise(page)):
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
            if match.date == page.today and (before_title or _today_in_noise(page)):
                continue  # the header's today's-date widget, not a byline
            if match.relative and _BARE_WORD.match(match.text) and not _bylinish(segment):
                continue  # "Kemarin" in an unlabelled visitor-counter table
            if segment.link_chars - len(match.text) >= LINK_TITLE_CHARS or _in_list_item(
                segment.block, page
            ):
                continue  # a dated link to another page: an unlabelled "recent news" item
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
        if len(segment.text) <= BYLINE_SEGMENT_CHARS or _BYLINE_CLASS.search(segment.classes):
            yield segment, False
    budget = BYLINE_BEFORE_CHARS
    for segment in reversed(content[:start]):
        if budget <= 0:
            break
        budget -= len(segment.text)
        if len(segment.text) <= BYLINE_SEGMENT_CHARS:
            yield segment, True


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
        if _text_length(container) > LIST_ITEM_CHARS:
            return None  # prose or a whole article, not an item of a list
        for link in container.iter("a"):
            if not _is_page_link(link) or _is_self_link(link, page.url):
                continue
            text = " ".join(link.text_content().split())
            if len(text) >= LINK_TITLE_CHARS and not find_dates(text):
                return container
    return None


def _is_page_link(link: etree._Element) -> bool:
    """A link to another content page (not an anchor, author or category link)."""
    href = link.get("href") or ""
    return bool(href.strip("#/ ")) and not _TAXONOMY_HREF.search(href)


def _is_self_link(link: etree._Element, url: str | None) -> bool:
    """A permalink to the page itself (titles in some themes link to their own page)."""
    target = absolute(url, link.get("href")) if url else None
    return target is not None and target.rstrip("/") == url.split("#", 1)[0].rstrip("/")


def _today_in_noise(page: _Page) -> bool:
    """Whether a widget (header, sidebar ...) shows today's date; computed once per page."""
    if page.today_in_noise is None:
        page.today_in_noise = any(
            match.date == page.today
            for segment in page.segments
            if segment.noise
            for match in find_dates(segment.text, now=page.now)
        )
    return page.today_in_noise


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
        url=page.url,
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


# ---------------------------------------------------------------------------
# Page structure, shared with listing.py: parsing, noise regions, text segments


class Noise(IntFlag):
    """Kinds of page regions whose dates are not content dates."""

    CHROME = 1  # header, footer, navigation
    CLOCK = 2  # today's-date widgets and clocks
    AGENDA = 4  # agenda, calendars, events (future or event dates)
    PRAYER = 8  # "jadwal sholat" boxes
    COUNTER = 16  # visitor statistics
    COPYRIGHT = 32
    COMMENTS = 64
    RECENT = 128  # sidebars, "Berita Terbaru", related posts: real items, not this page's date
    CODE = 256  # script, style, form controls: never text


# Plain ints in the hot loops: IntFlag arithmetic is ~10x slower.
_CODE, _CHROME, _RECENT, _PRAYER, _COMMENTS = (
    int(Noise.CODE),
    int(Noise.CHROME),
    int(Noise.RECENT),
    int(Noise.PRAYER),
    int(Noise.COMMENTS),
)

#: Everything is noise for the page's own date; listings keep sidebars of recent items.
PAGE_NOISE = Noise(511)
LISTING_NOISE = PAGE_NOISE & ~Noise.RECENT

MAX_HTML_CHARS = 3_000_000  # the date is near the top; bound the work on huge pages

_CODE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "canvas", "object",
     "select", "option", "button", "textarea", "input"}
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {"html", "body", "div", "p", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
     "thead", "tbody", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "header",
     "footer", "nav", "aside", "main", "blockquote", "br", "hr", "figure", "figcaption",
     "form", "fieldset", "pre", "address", "center"}
)  # fmt: skip
_CHROME_TOKEN = re.compile(
    r"^(?:site|main|global|top)?[-_]?(?:header|footer|navbar|nav|navigation|menu|masthead"
    r"|breadcrumbs?|top[-_]?(?:bar|header|nav|menu|info|links?))(?:$|[-_\d])"
)
_NOISE_ATTRS = (
    (Noise.CLOCK, r"clock|today|hari[-_]?ini|current[-_]?date|date[-_]?now|jam[-_]?digital"
     r"|realtime|(?<![a-z])(?:jam|waktu)(?![a-z])"),
    (Noise.AGENDA, r"agenda|calend[ae]r|kalender|event|jadwal|upcoming|schedule"),
    (Noise.PRAYER, r"sholat|shalat|salat|solat|prayer|imsak|adzan|azan"),
    (Noise.COUNTER, r"counter|statisti|visitor|pengunjung|histats|pageview"
     r"|(?<![a-z])(?:hits|stats|online)(?![a-z])"),
    (Noise.COPYRIGHT, r"copyright|hak[-_]?cipta|(?<![a-z])(?:credits?|site[-_]info)(?![a-z])"),
    (Noise.RECENT, r"sidebar|side[-_]bar|(?<!elementor-)widget|related|terkait|popular|populer"
     r"|recent|latest|terbaru|terkini|lainnya|trending|ticker|marquee|breaking|running"
     r"|rightbar|leftbar"),
)  # fmt: skip
# Layout modifiers ("has-sidebar") and CMS taxonomy classes ("category-event",
# "tag-agenda" on a WordPress post) say nothing about the element being a widget.
_MODIFIER_TOKEN = re.compile(
    r"(?:^|[-_])(?:has|with|without|no|show|hide|is)[-_]"
    r"|^(?:category|tag|type|format|status|postid|kategori|label|term)[-_]"
)
# Comment sections by whole class tokens: "post_commentbox" (OpenSID) and "comments-link"
# (WordPress) are bylines, not comment sections.
_COMMENTS_TOKEN = re.compile(
    r"^(?:comments?|komentar|tanggapan)(?:$|[-_](?:list|area|section|wrap\w*|container|body"
    r"|content|form|respond|reply|thread|box)$)|^(?:commentlist|disqus\w*|respond|fb-comments)$"
)
_NOISE_ATTR_RES = tuple((int(kind), re.compile(pattern)) for kind, pattern in _NOISE_ATTRS)
_NOISE_HEADINGS = tuple(
    (int(kind), re.compile(pattern))
    for kind, pattern in (
        (Noise.RECENT, r"(?:berita|artikel|postingan|posting|pos|tulisan|info|pengumuman|kabar)"
         r"\s+(?:terbaru|terkini|populer|terpopuler|terkait|lainnya|lain)|pos-pos\s+terbaru"
         r"|(?:recent|latest|popular|related|more)\s+(?:posts?|news|articles|stories)"
         r"|baca\s+juga|lihat\s+juga|terpopuler|most\s+read|banyak\s+dibaca"),
        (Noise.AGENDA, r"^agenda|kegiatan\s+mendatang|kalender|calendar|upcoming|jadwal\s+kegiatan"
         r"|^events?$"),
        (Noise.PRAYER, r"jadwal\s+(?:sholat|shalat|salat|imsak)|waktu\s+(?:sholat|shalat|salat)"
         r"|prayer\s+time"),
        (Noise.COUNTER, r"statisti[ck]|pengunjung|visitors?|counter"),
        (Noise.COMMENTS, r"komentar|tinggalkan\s+(?:balasan|komentar)|leave\s+a\s+(?:reply|comment)"
         r"|comments?$|tanggapan"),
    )
)  # fmt: skip
_TITLE_META = ("og:title", "twitter:title")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_HEADING_CLASS = re.compile(r"title|judul|heading|header", re.IGNORECASE)
_PRAYER_NAMES = re.compile(
    r"\b(?:subuh|shubuh|imsak|dzuhur|zuhur|ashar|asar|maghrib|magrib|isya)\b", re.I
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text in one block element under one kind of noise, in document order."""

    text: str  # whitespace collapsed
    noise: int  # Noise bits
    classes: str  # class and id of the block and of the first inline element, lower case
    in_title: bool
    block: etree._Element
    link_chars: int = 0  # how much of the text is link text (titles of other pages)


def load_html(html: str | bytes) -> etree._Element | None:
    """The parsed document (bytes decoded by their declared charset), or None if unparsable."""
    try:
        text = _decode(html) if isinstance(html, bytes) else str(html)
        text = text[:MAX_HTML_CHARS].replace("\x00", "")
        if not text.strip():
            return None
        parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.LxmlError, ValueError, TypeError, LookupError):
        return None
    return root if isinstance(root.tag, str) else None


def _decode(raw: bytes) -> str:
    raw = raw[: MAX_HTML_CHARS * 2]
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    declared = _CHARSET.search(raw[:4096])
    encoding = "utf-8"
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            encoding = codecs.lookup(name).name
        except LookupError:
            encoding = "utf-8"
        if encoding in ("latin-1", "iso8859-1", "ascii"):
            encoding = "cp1252"  # what browsers do with these labels
    return raw.decode(encoding, errors="replace")


def find_title(root: etree._Element) -> etree._Element | None:
    """The article's heading: an <h1>..<h4> or title-classed element matching <title>."""
    names = [_norm(root.findtext(".//title") or "")]
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() in (
            "og:title",
            "twitter:title",
        ):
            names.append(_norm(meta.get("content") or ""))
    names = [name for name in names if len(name) >= 8]
    headings = [e for e in root.iter(*_HEADING_TAGS) if not _ancestry_noise(e)]
    classed = (  # lazily: only pages whose title is not a heading need this scan
        e
        for e in root.iter()
        if isinstance(e.tag, str)
        and e.tag not in _HEADING_TAGS
        and _HEADING_CLASS.search(e.get("class") or "")
        and not _ancestry_noise(e)
    )
    for group in ([h for h in headings if h.tag == "h1"], headings, classed):
        for element in group:
            text = _norm(element.text_content())
            if len(text) >= 8 and any(text in name or name in text for name in names):
                return element
    h1s = [h for h in headings if h.tag == "h1"]
    return h1s[0] if len(h1s) == 1 else None


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _ancestry_noise(element: etree._Element) -> int:
    bits = 0
    for node in (element, *element.iterancestors()):
        bits |= _element_noise(node, in_article=False)
    return bits


def _element_noise(element: etree._Element, *, in_article: bool) -> int:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _CODE_TAGS:
        return _CODE
    if tag in ("html", "body", "main"):
        return 0  # their classes describe the layout ("right-sidebar"), not a widget
    bits = _attr_noise(((element.get("class") or "") + " " + (element.get("id") or "")).lower())
    if in_article:
        bits &= ~_CHROME  # an article's own "header"/"footer" hold its title and date
    if tag == "nav" or (tag in ("header", "footer") and not in_article):
        bits |= _CHROME
    elif tag in ("aside", "marquee"):
        bits |= _RECENT
    return bits


@lru_cache(maxsize=8192)
def _attr_noise(attrs: str) -> int:
    bits = 0
    if not attrs.strip():
        return bits
    # Layout modifiers ("has-sidebar", "gallery__with-sidebar") describe a wrapper.
    tokens = [token for token in attrs.split() if not _MODIFIER_TOKEN.search(token)]
    attrs = " ".join(tokens)
    if any(_CHROME_TOKEN.match(token) for token in tokens):
        bits |= _CHROME
    if any(_COMMENTS_TOKEN.match(token) for token in tokens):
        bits |= _COMMENTS
    for kind, pattern in _NOISE_ATTR_RES:
        if pattern.search(attrs):
            bits |= kind
    return bits


def noise_map(root: etree._Element, title: etree._Element | None = None) -> dict:
    """Element -> the Noise kinds it lies in (inherited); clean elements are absent.

    The title and its ancestors are never noise: a wrapper with an odd class name
    ("header-fixed") must not hide the article itself.
    """
    protected = {title, *title.iterancestors()} if title is not None else set()
    body_chars = _text_length(root)
    marks = _heading_marks(root, protected)
    _prayer_marks(root, marks)
    result: dict[etree._Element, int] = {}
    stack: list[tuple[int, bool]] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            stack.pop()
            continue
        parent_bits, in_article = stack[-1] if stack else (0, False)
        own = _element_noise(element, in_article=in_article)
        if element in protected or (
            own & ~_CODE and not parent_bits and _holds_most_text(element, body_chars)
        ):
            own &= _CODE
        bits = parent_bits | own | marks.get(element, 0)
        if bits:
            result[element] = bits
        stack.append((bits, in_article or element.tag in ("article", "main")))
    return result


#: A "widget" holding most of the page's text is a wrapper with a misleading class.
WRAPPER_TEXT_SHARE = 0.6


def _holds_most_text(element: etree._Element, body_chars: int) -> bool:
    return body_chars > 1500 and _text_length(element) > WRAPPER_TEXT_SHARE * body_chars


def _text_length(element: etree._Element) -> int:
    return len("".join(element.itertext()))


def _heading_marks(root: etree._Element, protected: set) -> dict:
    """Boxes introduced by a heading such as "Berita Terbaru", "Agenda" or "Komentar"."""
    marks: dict[etree._Element, int] = {}
    for heading in root.iter():
        if not isinstance(heading.tag, str):
            continue
        if heading.tag not in _HEADING_TAGS and not _HEADING_CLASS.search(
            heading.get("class") or ""
        ):
            continue
        text = _norm(heading.text_content())
        if not text or len(text) > 80 or heading in protected:
            continue
        kind = next((k for k, pattern in _NOISE_HEADINGS if pattern.search(text)), None)
        if kind is None:
            continue
        box = heading  # climb wrappers that hold nothing but the heading
        while _bare_wrapper(box.getparent(), protected, len(text)):
            box = box.getparent()
        parent = box.getparent()
        if parent is None or parent in protected or parent.tag in ("body", "html"):
            for sibling in (box, *box.itersiblings()):
                marks[sibling] = marks.get(sibling, 0) | kind
        else:
            marks[parent] = marks.get(parent, 0) | kind
    return marks


def _bare_wrapper(parent: etree._Element | None, protected: set, text_chars: int) -> bool:
    return (
        parent is not None
        and parent not in protected
        and parent.tag not in ("body", "html")
        and len(_norm(parent.text_content())) <= text_chars + 5
    )


def _prayer_marks(root: etree._Element, marks: dict) -> None:
    """A box naming three prayer times is a "jadwal sholat" widget, whatever its class."""
    if len({name.lower() for name in _PRAYER_NAMES.findall(" ".join(root.itertext()))}) < 3:
        return
    for element in root.iter():
        if not isinstance(element.tag, str) or not _PRAYER_NAMES.search(element.text or ""):
            continue
        for box in list(element.iterancestors())[:5]:
            if box.tag in ("body", "html"):
                break
            names = {n.lower() for n in _PRAYER_NAMES.findall(box.text_content()[:3000])}
            if len(names) >= 3:
                marks[box] = marks.get(box, 0) | _PRAYER
                break


def text_segments(
    root: etree._Element, noise: dict, title: etree._Element | None = None
) -> list[Segment]:
    """The page's visible text as segments split at blocks and at noise boundaries."""
    segments: list[Segment] = []
    buffer: list[str] = []
    # (noise, block, in_title), classes, characters inside links: of the buffered text
    state: list = [None, "", 0]

    def flush() -> None:
        if buffer and state[0] is not None:
            text = " ".join("".join(buffer).split())
            if text:
                bits, block, in_title = state[0]
                segments.append(Segment(text, bits, state[1], in_title, block, state[2]))
        buffer.clear()
        state[:] = [None, "", 0]

    def add(text: str | None, key: tuple, element: etree._Element, in_link: bool) -> None:
        if not text or key[0] & _CODE:
            return
        if state[0] is not None and state[0] != key:
            flush()
        if state[0] is None:
            block = key[1]
            own = element if element is not block else None
            state[:] = [key, " ".join(_classes(e) for e in (block, own) if e is not None), 0]
        buffer.append(text)
        if in_link:
            state[2] += len(text.strip())

    stack: list[tuple[tuple, bool]] = []  # ((noise, block, in_title), in_link)
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            parent_key, parent_in_link = stack[-1] if stack else ((0, element, False), False)
            is_block = element.tag in BLOCK_TAGS
            if is_block:
                flush()
            key = (
                noise.get(element, 0),
                element if is_block else parent_key[1],
                parent_key[2] or element is title,
            )
            in_link = parent_in_link or (element.tag == "a" and _is_page_link(element))
            stack.append((key, in_link))
            add(element.text, key, element, in_link)
        else:
            stack.pop()
            if element.tag in BLOCK_TAGS:
                flush()
            if stack:
                key, in_link = stack[-1]
                add(element.tail, key, key[1], in_link)
    flush()
    return segments


def _classes(element: etree._Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}".strip().lower()
