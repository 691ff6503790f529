"""Online-gambling spam on one fetched page ("slot gacor", hidden link farms): its signals.

Whether a whole site is compromised is the judge's verdict (`crawler.judge.spam`), from the
pages read here; the vocabulary and the score scale are shared with it (`crawler.spamwords`).
Pure: no Scrapy, no I/O. `page_spam` runs on every fetched page, so a substring test on the raw
document and then the keyword patterns on it come before any parse; most pages stop there.

What flags is the *shape* of spam, not the topic: agency news about the fight against online
gambling ("Pemkab sosialisasikan bahaya judi online") names the same things. So keyword
families are split into topic words (judi, togel, casino: weak) and the jargon of the trade
(gacor, maxwin, RTP live, bonus new member: stronger), commercial calls to action count only
beside jargon, and text framed by the fight against gambling (bahaya, blokir, ungkap, tersangka,
crackdown…) in its own block or in the page's headline counts little. Hidden blocks,
outbound link farms, swapped titles and gambling URLs weigh on their own.

Spam is a property of the page's own content, not of a block its template repeats: a defaced
theme prints its hidden link farm in the footer of every genuine post. The verdict's `score`
weighs the whole page (whether the *site* is compromised), and two complementary tests tell
which signals are the page's own (whether *its dates* may count):

(a) Where a block sits, on this page. Own content is the main content, as the page-date
    cascade finds it (`crawler.read.structure`): inside an article wrapper (<article>,
    <main>, schema.org Article, "post"/"entry"/"hentry"… classes) when the page has one,
    anywhere when it has none, and never in a region its noise map marks (header, footer,
    navigation, sidebars and widgets, comments, copyright lines; the title's line is never
    noise). A hidden block outside the main content is template; one inside it is the
    page's own (keyword stuffing in a defacer's post). The title, meta, pointers and the
    page's address are always its own. `own_score` weighs the own part alone.
(b) Whether a block recurs, across the site: each region carrying signals (a hidden block
    from its outermost element, else one block element) is fingerprinted by a short hash of
    its normalised text and the addresses its links give, listed as own or template
    (`own_blocks`, `template_blocks`). The judge (`crawler.judge.spam`) takes a fingerprint
    found on two or more pages for template wherever it sits, as an injection into every
    post's body; `clean_chars`, the page's own text outside such regions, tells a genuine
    post around the injection from a spam page copied under many addresses.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from hashlib import blake2b
from itertools import islice
from typing import cast
from urllib.parse import unquote

from lxml import etree

from crawler.read.budget import OverBudget, WorkBudget
from crawler.read.structure import (
    BLOCK_TAGS,
    MAX_HTML_CHARS,
    Lineages,
    Noise,
    ancestry_noise,
    load_html,
    noise_map,
)
from crawler.read.titles import find_title
from crawler.spamwords import (
    CTA,
    FAMILIES,
    FANCY_CHARS,
    SPAM_THRESHOLD,
    WEAK_THRESHOLD,
    Family,
    families_in,
    framed,
    mentions_gambling,
    normalised,
    url_words,
)
from crawler.urls import absolute, host_of, registrable_domain

#: Text framed by the fight against gambling counts this much, and all of it together at most
#: FRAMED_CAP: talk about gambling, however detailed, never makes spam by itself.
FRAMED_FACTOR, FRAMED_CAP = 0.15, 0.2
#: Hidden text is keyword stuffing: its families count more than visible prose.
HIDDEN_FACTOR = 1.5
#: Topic words alone never make spam: their total is capped below the weak threshold.
TOPIC_CAP = 0.15
CTA_WEIGHT, CTA_CAP = 0.12, 0.6
SNIPPET_CHARS = 160
#: Words of the page headline (title, h1, og:title) read for framing; enough for a news title.
HEADLINE_CHARS = 400

_CODE_TAGS = frozenset({"head", "script", "style", "template", "svg", "canvas", "object", "select",
                        "option", "textarea", "button", "input"})  # fmt: skip
_HIDING_STYLE = re.compile(
    r"display:none|visibility:hidden|opacity:0(?:\.0+)?(?:;|!|$)"
    r"|font-size:[01](?:\.\d+)?(?:px|pt|em|rem)?(?:;|!|$)"
    r"|(?:left|top|right|text-indent|margin-left|margin-top):-(?:[5-9]\d\d|\d{4,})"
)
_ZERO_BOX = re.compile(r"(?:^|;)(?:max-)?(?:height|width):[01](?:\.\d+)?(?:px|pt)?(?:;|!|$)")
_CLIPPED = re.compile(r"overflow:(?:hidden|auto|scroll|clip)")
# A rule starts where a run of text between braces does (the look-behind): tried at every
# character of a long run without braces, the pattern was quadratic in the run.
_CSS_RULE = re.compile(r"(?<![^{}])([^{}]+)\{([^{}]*)\}")
#: A media block from its opening brace (see `_without_media`).
_MEDIA_BODY = re.compile(r"\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}")
_SIMPLE_SELECTOR = re.compile(r"^\s*([.#])([\w-]+)\s*$")
_UNUSUAL_PATH = re.compile(
    r"/(?:wp-content|wp-includes|wp-admin|uploads?|cgi-bin|\.well-known|vendor|assets|tmp|temp"
    r"|images?|img|css|js|files?)/"
)
_GAMBLING_QUERY_KEY = re.compile(r"[?&](?:slot|gacor|togel|toto|judi|maxwin|casino)\w*=")
_FANCY_BYTES = (b"\xf0\x9d", b"\xef\xbc", b"\xef\xbd")  # math alphanumerics, fullwidth forms
#: Joins text blocks: not whitespace, so no pattern runs from one block into the next.
_BLOCK_BREAK = "\u00a6"
#: Stands in for a page given without its address: its relative links stay on its site.
_NO_URL = "http://page.invalid/"
#: Regions carrying signals fingerprinted per page and place (own, template): a farm of a
#: thousand list items needs no thousand fingerprints to be recognised on the next page.
MAX_BLOCKS = 16
_FINGERPRINT_BYTES = 6  # 12 hex digits: no two blocks of one site share one by chance
#: Noise of the page's structure that is template, never its own content (all but code).
_TEMPLATE_NOISE = int(Noise(511) & ~Noise.CODE)


class SignalKind(StrEnum):
    KEYWORD = "keyword"  # a keyword family in the visible text
    CTA = "call-to-action"  # "daftar sekarang", "gampang menang": only beside jargon
    HIDDEN_TEXT = "hidden-text"  # gambling words in a block no visitor sees
    HIDDEN_LINKS = "hidden-links"  # gambling links in a hidden block
    LINK_FARM = "link-farm"  # many visible gambling links, mostly to other domains
    TITLE = "title"  # <title>, og:title or twitter:title swapped to gambling terms
    META = "meta"  # meta description or keywords swapped
    URL = "url"  # the page's own address says gambling (weak)
    POINTER = "offsite-pointer"  # canonical, amphtml or refresh to a gambling address


@dataclass(frozen=True, slots=True)
class Signal:
    kind: SignalKind
    snippet: str  # the words that gave it away, at most SNIPPET_CHARS
    weight: float
    family: str = ""  # the keyword family, for KEYWORD and HIDDEN_TEXT


@dataclass(frozen=True, slots=True)
class SpamVerdict:
    url: str
    is_spam: bool
    score: float
    signals: tuple[Signal, ...] = ()
    #: What the page's own content, headline, meta and address score (test (a)); None when
    #: nothing signalled, as for a row read before it was kept: all of `score` is its own.
    own_score: float | None = None
    head_score: float = 0.0  # the title, meta, pointers and address alone: always its own
    #: Fingerprints of the regions carrying signals in its own content and in its template
    #: (test (b) is the judge's: one printed on two pages of a site is template).
    own_blocks: tuple[str, ...] = ()
    template_blocks: tuple[str, ...] = ()
    clean_chars: int = 0  # characters of its own content outside the regions carrying signals

    @property
    def is_weak(self) -> bool:
        return self.score >= WEAK_THRESHOLD

    @property
    def strongest(self) -> Signal | None:
        return max(self.signals, key=lambda s: s.weight, default=None)

    # The strongest signal's kind and words: what the store keeps of a page (SpamPage), and
    # what the site's verdict (crawler.judge.spam.site_spam) reads of either.
    @property
    def kind(self) -> str:
        strongest = self.strongest
        return strongest.kind if strongest is not None else ""

    @property
    def snippet(self) -> str:
        strongest = self.strongest
        return strongest.snippet if strongest is not None else ""


def page_spam(
    html: str | bytes, url: str = "", *, tree: etree._Element | None = None
) -> SpamVerdict:
    """The gambling-spam verdict on one fetched page; never raises on bad input.

    `tree` is the page already parsed (the spider parses each page once); the cheap test
    on the raw text still decides whether the tree is read at all.
    """
    reading = _Reading(head=_url_signals(url))
    root = (tree if tree is not None else load_html(html)) if _may_be_gambling(html) else None
    if root is not None:
        reading = _read_document(root, url or _NO_URL, reading.head)
    return _verdict(url, reading)


@dataclass(frozen=True, slots=True)
class _Reading:
    """A page's signals: of its head and address, of its body, and of the body's own part."""

    head: list[Signal]
    body: list[Signal] = field(default_factory=list)
    own: list[Signal] = field(default_factory=list)  # the body's signals in its own content
    regions: _Regions = field(default_factory=lambda: _Regions())


def _verdict(url: str, reading: _Reading) -> SpamVerdict:
    signals = [s for s in (*reading.head, *reading.body) if s.weight > 0]
    signals.sort(key=lambda s: -s.weight)
    score = _total(signals)
    if not signals:
        return SpamVerdict(url, False, score)
    head = _total(reading.head)
    return SpamVerdict(
        url, score >= SPAM_THRESHOLD, score, tuple(signals),
        own_score=round(head + _total(reading.own), 3), head_score=head,
        own_blocks=reading.regions.own_blocks, template_blocks=reading.regions.template_blocks,
        clean_chars=reading.regions.clean_chars,
    )  # fmt: skip


def _total(signals: Iterable[Signal]) -> float:
    return round(sum(s.weight for s in signals if s.weight > 0), 3)


def _may_be_gambling(html: str | bytes) -> bool:
    """The gate run on every page: substring tests on the raw document, no parse, no regex."""
    if isinstance(html, bytes):
        raw = html[: MAX_HTML_CHARS * 2]
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or any(f in raw for f in _FANCY_BYTES):
            return True  # UTF-16, or letters that only NFKC turns into ASCII
        return mentions_gambling(raw.lower().decode("latin-1"))
    text = html[:MAX_HTML_CHARS]
    # An ASCII page (flagged by Python in O(1)) holds no fancy letter: no scan for them.
    return (not text.isascii() and bool(FANCY_CHARS.search(text))) or mentions_gambling(
        text.lower()
    )


def _read_document(root: etree._Element, url: str, head: list[Signal]) -> _Reading:
    page = _Page(url, registrable_domain(host_of(url)), framed(_headline(root)))
    blocks, links = _layout(root, _hidden_selectors(root))
    head = [*head, *_head_signals(root, url, page.domain)]
    body = _body_signals(blocks, links, page)
    if not body:
        return _Reading(head)
    places = _Places(root, [block.region for block in blocks])
    own_links = [link for link in links if places.own(link.region)]
    own = _body_signals([b for b in blocks if places.own(b.region)], own_links, page)
    return _Reading(head, body, own, _regions(blocks, links, page, places))


@dataclass(frozen=True, slots=True)
class _Page:
    url: str
    domain: str  # its registrable domain: links elsewhere are outbound
    framed: bool  # its headline is about the fight against gambling


def _body_signals(blocks: list[_Block], links: list[_Link], page: _Page) -> list[Signal]:
    visible = [block.text for block in blocks if not block.hidden and block.parts]
    hidden = [block.text for block in blocks if block.hidden and block.parts]
    return [
        *_prose_signals(visible, SignalKind.KEYWORD, 1.0, page.framed),
        *_prose_signals(hidden, SignalKind.HIDDEN_TEXT, HIDDEN_FACTOR, False),
        *_link_signals(links, page.url, page.domain),
    ]


class _Places:
    """Which regions of a page lie in its own content: test (a) of the module docstring.

    The noise map is the page-date cascade's (`crawler.read.structure.noise_map`, the title's
    line protected as there); whether an element lies in an article wrapper is read from its
    ancestors (`ancestry_noise`'s lineages), the wrappers being the cascade's too.
    """

    def __init__(self, root: etree._Element, regions: list[etree._Element]) -> None:
        self.noise = noise_map(root, _title(root))
        self.seen = Lineages()
        self.has_main = any(self._in_main(region) for region in dict.fromkeys(regions))

    def _in_main(self, element: etree._Element) -> bool:
        ancestry_noise(element, self.seen)  # fills `seen`: (bits, in an article, tree root)
        return self.seen.states[element][1]

    def own(self, region: etree._Element) -> bool:
        if self.noise.get(region, 0) & _TEMPLATE_NOISE:
            return False  # header, footer, navigation, sidebar, comments, widgets
        return not self.has_main or self._in_main(region)


def _title(root: etree._Element) -> etree._Element | None:
    try:
        return find_title(root, WorkBudget())
    except OverBudget:
        return None  # a hostile page of headings: no line protected, as a page without title


@dataclass(frozen=True, slots=True)
class _Regions:
    """Fingerprints of a page's regions carrying signals, own and template, in document
    order, and how much text of its own content carries none."""

    own_blocks: tuple[str, ...] = ()
    template_blocks: tuple[str, ...] = ()
    clean_chars: int = 0


def _regions(blocks: list[_Block], links: list[_Link], page: _Page, places: _Places) -> _Regions:
    """The page's regions as the judge's test (b) reads them (see `_Regions`).

    A region's fingerprint hashes its normalised text and the addresses its links give as
    written, so the same injected block hashes alike on every page. Past `MAX_BLOCKS` own
    regions, one fingerprint of the page's own address stands for the rest: it never recurs,
    so the page is never taken for nothing but template by the judge.
    """
    texts: dict[etree._Element, list[str]] = {}
    region_links: dict[etree._Element, list[_Link]] = {}
    for block in blocks:
        if block.parts:
            texts.setdefault(block.region, []).append(block.text)
    for link in links:
        region_links.setdefault(link.region, []).append(link)
    own_blocks: list[str] = []
    template_blocks: list[str] = []
    clean_chars = 0
    for region in dict.fromkeys([*texts, *region_links]):
        raw = texts.get(region, [])
        hrefs = [link.element.get("href") or "" for link in region_links.get(region, ())]
        mentions = _may_mention(_BLOCK_BREAK.join([*raw, *map(unquote, hrefs)]))
        words = [normalised(text) for text in raw] if mentions else []
        if not mentions or not _carries(words, region_links.get(region, []), page):
            if places.own(region):
                clean_chars += sum(len(text.strip()) for text in raw)
            continue
        listed = own_blocks if places.own(region) else template_blocks
        if len(listed) < MAX_BLOCKS:
            listed.append(_fingerprint(words, hrefs))
        elif listed is own_blocks and len(listed) == MAX_BLOCKS:
            listed.append(_fingerprint([f"more blocks on {page.url}"], []))
    return _Regions(tuple(own_blocks), tuple(template_blocks), clean_chars)


def _carries(texts: list[str], links: list[_Link], page: _Page) -> bool:
    """A region whose words name a keyword family or whose links are gambling links."""
    return any(families_in(text) for text in texts) or any(
        _link_value(link, page.url, page.domain)[0] for link in links
    )


def _fingerprint(texts: list[str], hrefs: list[str]) -> str:
    data = "\n".join([*texts, "", *sorted(set(hrefs))])
    return blake2b(data.encode("utf-8", "replace"), digest_size=_FINGERPRINT_BYTES).hexdigest()


def _may_mention(text: str) -> bool:
    """Raw text that may hold a gambling word once normalised: the gate before any regex."""
    return mentions_gambling(text.lower()) or bool(FANCY_CHARS.search(text))


def _snippet(text: str, start: int = 0) -> str:
    left = max(0, start - 50)
    return " ".join(text[left : left + SNIPPET_CHARS + 40].split())[:SNIPPET_CHARS]


def _text_content(element: etree._Element) -> str:
    """All the text under `element`, as lxml.html's `text_content()` gives it."""
    # lxml yields str on Python 3; the stubs' str | bytes is Python 2's ASCII-as-bytes case.
    return "".join(cast("Iterator[str]", element.itertext()))


def _headline(root: etree._Element) -> str:
    parts = [root.findtext(".//title") or ""]
    parts += [_text_content(el) for el in islice(root.iter("h1"), 2)]
    parts += [
        meta.get("content") or ""
        for meta in root.iter("meta")
        if (meta.get("property") or meta.get("name") or "").lower() in ("og:title", "twitter:title")
    ]
    return normalised(" ".join(parts))[:HEADLINE_CHARS]


def _hidden_selectors(root: etree._Element) -> frozenset[str]:
    """Classes and ids an inline <style> hides outright ("."/"#" kept), media queries aside."""
    found: set[str] = set()
    for style in root.iter("style"):
        css = _without_media(_text_content(style).lower())
        for selectors, body in _CSS_RULE.findall(css):
            if not _hides("".join(body.split())):
                continue
            for selector in selectors.split(","):
                simple = _SIMPLE_SELECTOR.match(selector)
                if simple:
                    found.add(simple.group(1) + simple.group(2))
    return frozenset(found)


def _without_media(css: str) -> str:
    """`css` with each media block (`@media[^{]*{...}`, rules inside) replaced by a space.

    Each "@media" before one opening brace fails or matches the same way, so the search
    goes on from the brace: a regular expression tried every one of thousands of them,
    each reading up to the brace.
    """
    parts: list[str] = []
    copied = search = 0  # css[:copied] is in parts; no block starts before `search`
    while (start := css.find("@media", search)) >= 0:
        brace = css.find("{", start + len("@media"))
        if brace < 0:
            break
        block = _MEDIA_BODY.match(css, brace)
        if block is None:
            search = brace
            continue
        parts += [css[copied:start], " "]
        copied = search = block.end()
    parts.append(css[copied:])
    return "".join(parts)


def _hides(style: str) -> bool:
    return bool(_HIDING_STYLE.search(style)) or (
        bool(_ZERO_BOX.search(style)) and bool(_CLIPPED.search(style))
    )


def _is_hidden(element: etree._Element, selectors: frozenset[str]) -> bool:
    if element.tag == "noscript" or element.get("hidden") is not None:
        return True
    style = element.get("style")
    if style and _hides("".join(style.lower().split())):
        return True
    if selectors:
        if "#" + (element.get("id") or "").lower() in selectors:
            return True
        classes = (element.get("class") or "").lower().split()
        return any("." + name in selectors for name in classes)
    return False


@dataclass(slots=True)
class _Block:
    """A run of text in one block element. Its `region`, by which it is placed and
    fingerprinted, is the outermost element of its hidden block, or else that block element."""

    parts: list[str]
    region: etree._Element
    hidden: bool

    @property
    def text(self) -> str:
        return " ".join(self.parts)


@dataclass(slots=True)
class _Link:
    element: etree._Element
    hidden: bool
    region: etree._Element  # its block's


def _layout(root: etree._Element, selectors: frozenset[str]) -> tuple[list[_Block], list[_Link]]:
    """The text blocks, visible and hidden, in document order, and every link in them."""
    blocks: list[_Block] = []
    links: list[_Link] = []
    # Per open element: 0 visible, 1 hidden, 2 code (never text); its block (None in code).
    stack: list[tuple[int, _Block | None]] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "end":
            stack.pop()
            if stack and element.tail and (outer := stack[-1][1]) is not None:
                outer.parts.append(element.tail)
            continue
        parent_state, block = stack[-1] if stack else (0, None)
        state = parent_state
        if state != 2 and tag in _CODE_TAGS:
            state = 2
        elif state == 0 and _is_hidden(element, selectors):
            state = 1
        if state == 2:
            block = None
        elif tag in BLOCK_TAGS or block is None or state != parent_state:
            # Within a hidden block every block shares its outermost element.
            region = block.region if block is not None and parent_state == 1 else element
            block = _Block([], region, state == 1)
            blocks.append(block)
        if block is not None:
            if tag == "a" and element.get("href"):
                links.append(_Link(element, block.hidden, block.region))
            if element.text:
                block.parts.append(element.text)
        stack.append((state, block))
    return blocks, links


@dataclass(slots=True)
class _Hit:
    family: Family
    snippet: str
    framed: bool


def _family_hits(blocks: list[str], page_framed: bool) -> list[_Hit]:
    """The first hit of each family in normalised `blocks`, preferring one not framed."""
    joined = _BLOCK_BREAK.join(blocks)
    starts = [0]
    for block in blocks[:-1]:
        starts.append(starts[-1] + len(block) + len(_BLOCK_BREAK))
    framed_blocks: dict[int, bool] = {}
    hits: list[_Hit] = []
    for family in FAMILIES:
        best: _Hit | None = None
        for match in family.pattern.finditer(joined):
            index = bisect_right(starts, match.start()) - 1
            if index not in framed_blocks:
                framed_blocks[index] = page_framed or framed(blocks[index])
            best = _Hit(family, _snippet(blocks[index], match.start() - starts[index]),
                        framed_blocks[index])  # fmt: skip
            if not best.framed:
                break
        if best is not None:
            hits.append(best)
    return hits


def _prose_signals(
    raw_blocks: list[str], kind: SignalKind, factor: float, page_framed: bool
) -> list[Signal]:
    if not _may_mention(_BLOCK_BREAK.join(raw_blocks)):
        return []
    blocks = [text for text in map(normalised, raw_blocks) if text]
    hits = _family_hits(blocks, page_framed)
    signals: list[Signal] = []
    left = {"topic": TOPIC_CAP, "framed": FRAMED_CAP}
    for hit in hits:
        weight = hit.family.weight * factor * (FRAMED_FACTOR if hit.framed else 1.0)
        for cap, applies in (("topic", not hit.family.jargon), ("framed", hit.framed)):
            if applies:
                weight = min(weight, left[cap])
                left[cap] -= weight
        signals.append(Signal(kind, hit.snippet, round(weight, 3), hit.family.name))
    jargon = sum(1 for hit in hits if hit.family.jargon and not hit.framed)
    if jargon and not page_framed:
        signals.extend(_cta_signals(blocks, min(1.0, jargon / 2)))
    return signals


def _cta_signals(blocks: list[str], share: float) -> list[Signal]:
    """Calls to action outside framed text, weighed by `share` (how much jargon is beside)."""
    phrases: dict[str, str] = {}
    for block in blocks:
        if len(phrases) * CTA_WEIGHT >= CTA_CAP:
            break
        block_framed: bool | None = None  # read once a block: it may hold thousands of phrases
        for match in CTA.finditer(block):
            if match.group(0) in phrases:
                continue
            if block_framed is None:
                block_framed = framed(block)
            if not block_framed:
                phrases[match.group(0)] = _snippet(block, match.start())
    if not phrases:
        return []
    weight = min(CTA_CAP, CTA_WEIGHT * len(phrases)) * share
    return [Signal(SignalKind.CTA, next(iter(phrases.values())), round(weight, 3))]


def _link_signals(links: list[_Link], page_url: str, page_domain: str) -> list[Signal]:
    """Gambling links: in a hidden block (strong), or many visible ones (a link farm)."""
    totals = {True: 0.0, False: 0.0}
    anchors: dict[bool, list[str]] = {True: [], False: []}
    for link in links:
        value, words = _link_value(link, page_url, page_domain)
        if value:
            totals[link.hidden] += value
            anchors[link.hidden].append(words)
    signals = []
    if totals[True] >= 0.3:
        weight = min(1.5, 1.1 * totals[True])
        signals.append(Signal(SignalKind.HIDDEN_LINKS, _listing(anchors[True]), round(weight, 3)))
    if totals[False] >= 2:
        weight = min(1.5, 0.25 * totals[False])
        signals.append(Signal(SignalKind.LINK_FARM, _listing(anchors[False]), round(weight, 3)))
    return signals


def _link_value(link: _Link, page_url: str, page_domain: str) -> tuple[float, str]:
    """How much one link counts towards a farm (0: not a gambling link), and its words."""
    href = link.element.get("href") or ""
    anchor = _text_content(link.element) + " " + (link.element.get("title") or "")
    if not _may_mention(f"{anchor} {unquote(href)}"):
        return 0.0, ""
    target = absolute(page_url, href)
    if target is None:
        return 0.0, ""  # mailto:, javascript:, a bare fragment
    anchor, words = normalised(anchor), url_words(target)
    families = families_in(f"{anchor} \n {words}")
    if not families or framed(anchor) or framed(words):
        return 0.0, ""  # a link to news about the crackdown
    outbound = registrable_domain(host_of(target)) != page_domain
    if any(family.jargon for family in families):
        return (1.0 if outbound else 0.4), anchor or words
    # Topic words only: news links in a hidden tab are routine, farms go offsite.
    return (0.3 if outbound else 0.0), anchor or words


def _listing(anchors: list[str]) -> str:
    text = f"{len(anchors)} links: " + " | ".join(dict.fromkeys(a[:40] for a in anchors))
    return text[:SNIPPET_CHARS]


def _headline_weight(text: str) -> float:
    """How clearly a title-like field was swapped to gambling terms (0 to 1)."""
    families = families_in(text)
    jargon = sum(1 for family in families if family.jargon)
    topic = len(families) - jargon
    if not families:
        return 0.0
    calls = min(2, len({match.group(0) for match in CTA.finditer(text)}))
    if jargon >= 2:
        weight = 1.0
    elif jargon == 1:
        weight = 0.45 + 0.2 * calls + (0.1 if topic else 0.0)
    else:
        weight = 0.2 * calls + 0.1
    return weight * (FRAMED_FACTOR if framed(text) else 1.0)


def _head_signals(root: etree._Element, url: str, page_domain: str) -> list[Signal]:
    titles = [root.findtext(".//title") or ""]
    descriptions: list[str] = []
    pointers: list[str] = []
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").lower()
        content = meta.get("content") or ""
        if name in ("og:title", "twitter:title"):
            titles.append(content)
        elif name in ("description", "og:description", "twitter:description", "keywords"):
            descriptions.append(content)
        elif (meta.get("http-equiv") or "").lower() == "refresh":
            pointers.append(content.partition("=")[2].strip(" '\""))
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() in ("canonical", "amphtml"):
            pointers.append(link.get("href") or "")
    signals = []
    for kind, fields, factor in ((SignalKind.TITLE, titles, 1.0),
                                 (SignalKind.META, descriptions, 0.5)):  # fmt: skip
        scored = [(_headline_weight(normalised(text)), text) for text in fields if text.strip()]
        weight, text = max(scored, default=(0.0, ""))
        if weight > 0:
            signals.append(Signal(kind, _snippet(normalised(text)), round(weight * factor, 3)))
    gambling_head = bool(signals)
    for pointer in pointers:
        target = absolute(url, pointer)
        if not target or registrable_domain(host_of(target)) == page_domain:
            continue
        if families_in(url_words(target) + " " + host_of(target).replace(".", " ")):
            signals.append(Signal(SignalKind.POINTER, target[:SNIPPET_CHARS], 0.5))
        elif gambling_head:
            signals.append(Signal(SignalKind.POINTER, target[:SNIPPET_CHARS], 0.3))
        break
    return signals


def _url_signals(url: str) -> list[Signal]:
    """What the page's own address says: one weak signal at most."""
    words = url_words(url)
    families = families_in(words) if words else []
    if not families:
        return []
    path = url.lower()
    weight = 0.3 if any(family.jargon for family in families) else 0.0
    if _UNUSUAL_PATH.search(path) or _GAMBLING_QUERY_KEY.search(path):
        weight = max(weight, 0.2) + 0.1
    if framed(words):
        weight *= FRAMED_FACTOR
    return [Signal(SignalKind.URL, url[:SNIPPET_CHARS], round(weight, 3))] if weight else []
