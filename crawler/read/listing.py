"""Dates printed next to the items of listing pages (Berita, Artikel, Pengumuman lists).

An item is a link to a content page of the same site together with a date inside
the same repeated block (li, tr, article, div.post ...). The date must come from
the item's own block, never from a neighbouring item, and never from the page's
chrome: header, footer, navigation, today's-date widgets, agenda boxes, prayer
times, counters. Sidebars of recent news do count here: their items are real.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice

from lxml import etree

from crawler.model import Evidence, Source, is_plausible, jakarta_date
from crawler.read.article import declared_language
from crawler.read.budget import OverBudget, WorkBudget
from crawler.read.bylines import (
    LABEL_BLOCK_CHARS,
    bound_at,
    labelled_as_published,
    may_name_a_modification,
    modified_at,
)
from crawler.read.stamps import url_date
from crawler.read.structure import (
    BLOCK_TAGS,
    LISTING_NOISE,
    Html,
    NoiseLookup,
    NoiseRules,
    NoiseSource,
    iterwalk,
    parsed,
    text_content,
)
from crawler.read.written_dates import DateMatch, day_month_badges, find_dates
from crawler.urls import absolute, same_site

_LISTING_NOISE = int(LISTING_NOISE)  # a plain int: IntFlag arithmetic is slow in loops

SNIPPET_CHARS = 160
#: An item block holds a title, a date and maybe an excerpt; larger means we climbed too far.
ITEM_MAX_CHARS = 700
#: Shorter link texts are menu entries, not item titles (see `_looks_like_date_widget`).
TITLE_CHARS = 20
#: A link this long is a headline; a shorter one around a date is the item's date badge
#: ("Senin, 12 Juni 2023 - 08:15 WIB" linked to the post itself).
HEADLINE_CHARS = 40
#: Images of an item whose upload paths may give a yearless badge its year (see _undated_item).
MAX_ITEM_IMAGES = 20
#: How far above a link its item block may start.
MAX_CLIMB = 6
#: Row-like elements that are one item even when they hold several links (title + PDF).
_UNIT_TAGS = frozenset({"tr", "li", "article"})

# Links that are navigation, not content items.
_NOT_ITEM = re.compile(
    r"/(?:category|categories|kategori|tag|tags|label|authors?|penulis|users?|search|cari|page"
    r"|halaman|arsip|archiv|archives?|feed|rss|login|register|wp-login\.php|wp-admin|privacy"
    r"|privacy-policy|kebijakan-privasi|datenschutz|contact|kontak|hubungi-kami)(?:/|$)"
    r"|[?&](?:page|paged|cat|tag|s|halaman|per_page)="
    r"|\.(?:jpe?g|png|gif|webp|svg|ico|css|js|xml)(?:$|\?)",
    re.IGNORECASE,
)

log = logging.getLogger(__name__)


def listing_items(
    html: Html, page_url: str, *, now: datetime, budget: WorkBudget | None = None
) -> list[Evidence]:
    """One `Evidence` per dated item link on a listing page, in document order.

    A page that uses up `budget` (see crawler.read.budget) gives the items read until then, in
    document order; the item being read is dropped. Fewer items can only make the newest
    date older, never newer.
    """
    evidence: list[Evidence] = []
    try:
        root = parsed(html)
        if root is not None:
            _items(root, page_url, now, budget or WorkBudget(), evidence)
    except OverBudget:
        return evidence
    except Exception:  # hostile input must never break a crawl; a bug must still be seen
        log.debug("listing_items raised on %s", page_url, exc_info=True)
        return []
    return evidence


#: Element -> the distinct item URLs linked in or by it (see `_urls_below`).
_UrlsBelow = dict[etree._Element, set[str]]
#: A block's date: (the match, the block's text, whether it is a modification stamp).
_Dated = tuple[DateMatch, str, bool]


@dataclass(slots=True)
class _Listing:
    """One page's listing as the item steps share it; blocks and rows are read once."""

    noise: NoiseSource
    urls_below: _UrlsBelow
    now: datetime
    budget: WorkBudget
    language: str  # as the page declares it: its own month abbreviations are read
    text_chars: dict[etree._Element, int] = field(default_factory=dict)
    #: parent -> +1/-1/None (see _flat_layout)
    layouts: dict[etree._Element, int | None] = field(default_factory=dict)
    dates: dict[etree._Element, _Dated | None] = field(default_factory=dict)  # _block_date
    rows: dict[etree._Element, bool] = field(default_factory=dict)  # holds no row-like element
    undated: set[tuple[etree._Element, str]] = field(default_factory=set)  # read for _undated_item


def _items(
    root: etree._Element,
    page_url: str,
    now: datetime,
    budget: WorkBudget,
    evidence: list[Evidence],
) -> None:
    # Noise read from each link's and item's ancestors, not mapped over the whole page: the
    # listing asks about its links and their small item blocks only.
    noise = NoiseLookup(NoiseRules.of(root, None))
    links = _item_links(root, page_url, noise)
    listing = _Listing(noise, _urls_below(links), now, budget, declared_language(root))
    seen: set[str] = set()
    for link, url in links:
        if url in seen:
            continue
        budget.spend()
        block = _item_block(link, listing)
        found = _block_date(block, listing) or _sibling_date(block, listing)
        if found is None:
            if (block, url) in listing.undated:
                continue  # links repeated in one block: it is read once
            listing.undated.add((block, url))
            undated = _undated_item(block, url, page_url, listing)
            if undated is not None:
                seen.add(url)
                evidence.append(undated)
            continue
        match, text, modified = found
        if _looks_like_date_widget(match, link, now):
            continue
        seen.add(url)
        evidence.append(
            Evidence(
                source=Source.LISTING,
                url=url,
                date=_older_by_url(match, url),
                snippet=_snippet(text, match),
                found_on=page_url,
                modified=modified,
            )
        )


def _older_by_url(match: DateMatch, url: str) -> date:
    """The item's printed date, or the day its URL carries when that is older, as for a page
    (`cascade._older_url_date`): the CMS wrote the URL's day once, at publication. A relative
    date counts from when the page was rendered (a cached or frozen page says "9 hours ago"
    of a post years old); a headline's date names an event after the posting."""
    day = url_date(url)
    return min(match.date, day) if day is not None else match.date


def _undated_item(
    block: etree._Element, url: str, page_url: str, listing: _Listing
) -> Evidence | None:
    """An item with no full date printed beside it, dated by what its own addresses say.

    - Its URL's date (`/2018/03/19/slug`): the CMS wrote it once, at publication.
    - A badge with a day and a month but no year ("18 Mar"), when the item's URL or one of its
      images (`/uploads/2018/03/`) names the same month with its year. A badge's year is never
      guessed: an abandoned site's "18 Mar" may be years old.
    """
    today = jakarta_date(listing.now)
    day = url_date(url)
    if day is not None:
        return _plausible_item(Source.URL, url, day, url, page_url, today)
    nodes, _ = _block_texts(block, listing.noise)
    text = " ".join(node for node, _ in nodes)  # "18 Mar" and the title: adjacent spans
    badges = day_month_badges(text)
    if not badges:
        return None
    images = islice(block.iter("img"), MAX_ITEM_IMAGES)  # an item has a few; a hostile one more
    months = _path_months([url, *(img.get("src") or "" for img in images)])
    for month, day_of_month in badges:
        for year in months.get(month, ()):
            try:
                day = date(year, month, day_of_month)
            except ValueError:
                continue
            return _plausible_item(Source.LISTING, url, day, text[:SNIPPET_CHARS], page_url, today)
    return None


_PATH_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2])/")


def _path_months(paths: list[str]) -> dict[int, list[int]]:
    """Month -> the years that the paths name with it (`/2018/03/`), first seen first."""
    months: dict[int, list[int]] = {}
    for path in paths:
        for match in _PATH_MONTH.finditer(path):
            months.setdefault(int(match["m"]), []).append(int(match["y"]))
    return months


def _plausible_item(
    source: Source, url: str, day: date, snippet: str, page_url: str, today: date
) -> Evidence | None:
    if not is_plausible(day, today):
        return None
    return Evidence(source=source, url=url, date=day, snippet=snippet, found_on=page_url)


def _looks_like_date_widget(match: DateMatch, link: etree._Element, now: datetime) -> bool:
    """Today's date beside a short menu-like link is the header's date widget, not an item.

    Items have titles; "Profil", "Login" or "Kontak" do not. Relative dates ("2 jam
    yang lalu") are printed by item templates, never by date widgets.
    """
    if match.relative or match.date != jakarta_date(now):
        return False
    return len(" ".join(text_content(link).split())) < TITLE_CHARS


def _item_links(
    root: etree._Element, page_url: str, noise: NoiseSource
) -> list[tuple[etree._Element, str]]:
    """Links to other content pages of the site, outside the page's chrome."""
    page = _comparable(page_url)
    links: list[tuple[etree._Element, str]] = []
    for link in root.iter("a"):
        if noise.get(link, 0) & _LISTING_NOISE:
            continue
        url = absolute(page_url, link.get("href"))
        if url is None or not same_site(url, page_url) or _NOT_ITEM.search(url):
            continue
        if _comparable(url) in (page, _comparable(_site_root(url))):
            continue  # the page itself, or the homepage
        links.append((link, url))
    return links


def _comparable(url: str) -> str:
    return re.sub(r"^https?://(?:www\.)?", "", url).rstrip("/").lower()


def _site_root(url: str) -> str:
    match = re.match(r"^[a-z][a-z0-9+.-]*://[^/?#]+", url, re.IGNORECASE)
    return match.group(0) if match else url


def _urls_below(links: list[tuple[etree._Element, str]]) -> _UrlsBelow:
    """Element -> the distinct item URLs linked in or by it (a few levels up from each link)."""
    below: _UrlsBelow = {}
    for link, url in links:
        # Not the whole line of ancestors: deep markup has hundreds above every link.
        for ancestor in islice(chain((link,), link.iterancestors()), MAX_CLIMB + 2):
            below.setdefault(ancestor, set()).add(url)
    return below


def _item_block(link: etree._Element, listing: _Listing) -> etree._Element:
    """The largest ancestor of `link` that is still one item (one URL, or one table row)."""
    block = link
    for _ in range(MAX_CLIMB):
        parent = block.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if _text_chars(parent, listing.text_chars) > ITEM_MAX_CHARS:
            break
        if len(listing.urls_below.get(parent, ())) > 1:
            # The parent holds other links: it is the list, unless it is one row of it
            # (a title link and a PDF link in one <tr>).
            if parent.tag in _UNIT_TAGS and _one_row(parent, listing):
                return parent
            break
        block = parent
    return block


def _one_row(element: etree._Element, listing: _Listing) -> bool:
    """No row-like element inside: asked once per row, however many links it holds."""
    if element not in listing.rows:
        listing.rows[element] = not any(
            child.tag in _UNIT_TAGS for child in element.iterdescendants()
        )
    return listing.rows[element]


def _text_chars(element: etree._Element, cache: dict[etree._Element, int]) -> int:
    if element not in cache:
        cache[element] = len(" ".join(text_content(element).split()))
    return cache[element]


def _block_date(block: etree._Element, listing: _Listing) -> _Dated | None:
    """(date, the block's text, is-modification) for the block's first publication date.

    Text nodes are tried one by one first ("kemarin" is a date only when it stands
    alone), then lines, then the whole block for dates split over several spans.
    A modification stamp ("Diperbarui ...") is used only when there is nothing else.
    Read once per block: links of one row, and flat lists, ask for the same blocks again.
    """
    if block not in listing.dates:
        listing.dates[block] = _first_date(block, listing)
    return listing.dates[block]


def _first_date(block: etree._Element, listing: _Listing) -> _Dated | None:
    listing.budget.spend()
    nodes, lines = _block_texts(block, listing.noise)
    whole = " ".join(lines)
    # Days the block labels as modifications, however its spans split label and date
    # ("<span>Diperbarui pada</span> <span>19 Juni 2023</span>"): a text node holding one of
    # them alone is not a publication date.
    touched = _modified_days(lines, listing) if may_name_a_modification(whole) else set()
    # A date in the item's link text is what its headline is about ("Rapat Paripurna 30 Juni
    # 2023", an event after the posting): the item's own badge or byline, when it has one,
    # is its date.
    links = [" ".join(text_content(link).split()) for link in block.iter("a")]
    headlines = " ".join(text for text in links if len(text) >= HEADLINE_CHARS)
    linked = " ".join(links)
    modified_found: _Dated | None = None
    headline_found: _Dated | None = None
    # (text, whether it is a piece of the block, whose date's label may sit in another piece)
    texts: list[tuple[str, bool, etree._Element | None]] = [(n, True, o) for n, o in nodes]
    owner_texts: dict[etree._Element, str] = {}  # many nodes may share one owner
    texts += [(line, True, None) for line in lines] + [(whole, False, None)]
    for text, piece, owner in texts:
        if headline_found is not None and text in headlines:
            continue  # all headline: its dates are the one found already or later ones
        for match in find_dates(text, now=listing.now, language=listing.language):
            listing.budget.spend()
            if owner is not None and _in_a_sentence(match, text, owner, owner_texts):
                continue
            if _deep_in_prose(text, match, linked):
                continue  # "... the next hearing is scheduled for 29 January": an event
            if modified_at(text, match.start) or (piece and match.date in touched):
                modified_found = modified_found or (match, whole, True)
                continue
            if bound_at(text, match.start):
                continue  # "Pendaftaran hingga 30 Juni 2023" in a headline: a deadline
            if match.text in headlines:
                headline_found = headline_found or (match, whole, False)
                continue
            return match, whole, False
    return headline_found or modified_found


def _modified_days(lines: list[str], listing: _Listing) -> set[date]:
    """The days the block's lines label as modifications: a label and its date in spans of
    one line, or a line holding little but the label ("Diperbarui:") above the date's. A
    headline ending in "Update" does not label the date of the line below it."""
    days: set[date] = set()
    above = ""
    for line in lines:
        listing.budget.spend()
        text = f"{above} {line}" if len(above) <= LABEL_BLOCK_CHARS else line
        found = find_dates(text, now=listing.now, language=listing.language)
        days.update(m.date for m in found if modified_at(text, m.start))
        above = line
    return days


#: A piece of an item this long is prose (an article's paragraph around an inline link),
#: and a date after its first words there is what it talks about.
PROSE_PIECE_CHARS = 240
PROSE_WORDS_BEFORE = 5
PROSE_WINDOW_CHARS = 200


def _deep_in_prose(text: str, match: DateMatch, linked: str) -> bool:
    """A date deep in a long piece of prose, after words no link of the block holds (an item's
    headline before its date is a link)."""
    if len(text) <= PROSE_PIECE_CHARS or labelled_as_published(text, match.start):
        return False  # short, or a byline run together with the item's other text
    # A window before the date, not all the text: a piece of thousands of dates must not
    # split its whole prefix again for each.
    before = text[max(0, match.start - PROSE_WINDOW_CHARS) : match.start].split()
    if len(before) < PROSE_WORDS_BEFORE:
        return False
    return " ".join(before[-PROSE_WORDS_BEFORE:]) not in linked


def _in_a_sentence(
    match: DateMatch, node: str, owner: etree._Element, owner_texts: dict[etree._Element, str]
) -> bool:
    """A bare "Today"/"Kemarin" that is only a piece of its element's text opens or runs
    through a sentence ("<p>Today, <a>women</a> create ...</p>"): no date. As a badge it is
    its element's whole text ("<span>Kemarin</span>", "<i></i> Kemarin"). `owner_texts`
    keeps each owner's text for the other nodes it owns."""
    if any(ch.isdigit() for ch in match.text):
        return False  # "2 hari yang lalu", a clock: no word of prose
    if owner not in owner_texts:
        owner_texts[owner] = " ".join(text_content(owner).split())
    return owner_texts[owner] != node


def _block_texts(
    block: etree._Element, noise: NoiseSource
) -> tuple[list[tuple[str, etree._Element]], list[str]]:
    """The block's visible text nodes, each with the element whose text (or whose child's
    tail) it is, and its lines (split at block elements), without noise."""
    nodes: list[tuple[str, etree._Element]] = []
    lines: list[str] = []
    buffer: list[str] = []

    def add(text: str | None, owner: etree._Element) -> None:
        if text:
            buffer.append(text)
            if not text.isspace():
                nodes.append((" ".join(text.split()), owner))

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        if text:
            lines.append(text)
        buffer.clear()

    skip_depth = 0
    for event, element in iterwalk(block, events=("start", "end")):
        noisy = bool(noise.get(element, 0) & _LISTING_NOISE)
        if event == "start":
            if element.tag in BLOCK_TAGS:
                flush()
            if noisy:
                skip_depth += 1
            elif not skip_depth:
                add(element.text, element)
        else:
            if noisy:
                skip_depth -= 1
            if element.tag in BLOCK_TAGS:
                flush()
            if not skip_depth and element is not block:
                parent = element.getparent()
                add(element.tail, block if parent is None else parent)
    flush()
    return nodes, lines


def _sibling_date(block: etree._Element, listing: _Listing) -> _Dated | None:
    """Flat lists (`<h3><a/></h3><span>date</span><h3>...`): the date in a sibling of the item.

    Only in a repeated pattern (several linked and several dated children). Dates follow
    their titles in most themes and precede them in some: the layout is read from which
    comes first, and a sibling holding another link stops the search.
    """
    parent = block.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return None
    if parent not in listing.layouts:
        listing.layouts[parent] = _flat_layout(parent, listing)
    step = listing.layouts[parent]
    if step is None:
        return None
    sibling = block.getprevious() if step < 0 else block.getnext()
    while sibling is not None and not _has_link(sibling, listing.urls_below):
        found = _block_date(sibling, listing) if isinstance(sibling.tag, str) else None
        if found is not None:
            match, text, modified = found
            title = " ".join(text_content(block).split())
            return match, f"{title} {text}" if step > 0 else f"{text} {title}", modified
        sibling = sibling.getprevious() if step < 0 else sibling.getnext()
    return None


def _flat_layout(parent: etree._Element, listing: _Listing) -> int | None:
    """+1 when dates follow their links among `parent`'s children, -1 if they precede."""
    linked: list[int] = []
    dated: list[int] = []
    for index, child in enumerate(parent):
        if _has_link(child, listing.urls_below):
            linked.append(index)
        elif isinstance(child.tag, str) and _block_date(child, listing) is not None:
            dated.append(index)
    if len(linked) < 2 or not 2 <= len(dated) <= len(linked):
        return None
    return -1 if dated[0] < linked[0] else 1


def _has_link(element: etree._Element, urls_below: _UrlsBelow) -> bool:
    return element in urls_below


def _snippet(text: str, match: DateMatch) -> str:
    """At most 160 characters of the item's text, keeping the date in view."""
    if len(text) <= SNIPPET_CHARS:
        return text
    at = text.find(match.text)
    start = max(0, min(at - 60, len(text) - SNIPPET_CHARS)) if at >= 0 else 0
    if start and " " in text[start : start + 20]:
        start = text.index(" ", start) + 1  # begin at a word
    return text[start : start + SNIPPET_CHARS]
