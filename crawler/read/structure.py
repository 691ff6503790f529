"""Page structure shared by the page-date cascade and the listing reader.

Parses HTML once (any charset), marks the regions whose dates are not content dates
(navigation, clocks, agendas, prayer times, counters, copyright lines, comments, sidebars of
recent items) and cuts the remaining text into segments with their noise kinds.

It also owns the typed access to lxml trees the read layer shares (`text_content`,
`joined_text`, `elements`, `strings`): lxml-stubs type every node as a plain `_Element` and
every XPath result as a wide union, so the narrowing is done here once, not at each caller.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import IntFlag
from functools import lru_cache
from itertools import chain, islice
from typing import Any, Protocol, cast

from lxml import etree
from lxml import html as lxml_html

from crawler.substrings import AnyOf


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
    # Not Tailwind's "pointer-events-none", on any element of such a site.
    (Noise.AGENDA, r"agenda|calend[ae]r|kalender|(?<!pointer-)event|jadwal|upcoming|schedule"),
    (Noise.PRAYER, r"sholat|shalat|salat|solat|prayer|imsak|adzan|azan"),
    (Noise.COUNTER, r"counter|statisti|visitor|pengunjung|histats|pageview"
     r"|(?<![a-z])(?:hits|stats|online)(?![a-z])"),
    (Noise.COPYRIGHT, r"copyright|hak[-_]?cipta|(?<![a-z])(?:credits?|site[-_]info)(?![a-z])"),
    (Noise.RECENT, r"sidebar|side[-_]bar|(?<!elementor-)widget|related|terkait|popular|populer"
     r"|recent|latest|terbaru|terkini|lainnya|trending|(?<!(?<![a-z])s)ticker|marquee|breaking|running"
     r"|rightbar|leftbar"),
)  # fmt: skip
#: Every class or id that `_NOISE_ATTRS`, `_CHROME_TOKEN` or `_COMMENTS_TOKEN` match holds one
#: of these words (a test draws matches of each pattern and checks): a class list without any
#: is read as clean in one pass, without the patterns.
_NOISE_WORDS = AnyOf(
    ("clock", "today", "hari", "current", "date", "jam", "realtime", "waktu",
     "agenda", "calend", "kalender", "event", "jadwal", "upcoming", "schedule",
     "sholat", "shalat", "salat", "solat", "prayer", "imsak", "adzan", "azan",
     "counter", "statisti", "visitor", "pengunjung", "histats", "pageview", "hits", "stats",
     "online", "copyright", "hak", "credit", "site",
     "side", "widget", "related", "terkait", "popular", "populer", "recent", "latest", "terbaru",
     "terkini", "lainnya", "trending", "ticker", "marquee", "breaking", "running", "rightbar",
     "leftbar",
     "header", "footer", "nav", "menu", "masthead", "breadcrumb", "top",
     "comment", "komentar", "tanggapan", "disqus", "respond")
)  # fmt: skip
# Layout modifiers ("has-sidebar") and CMS taxonomy classes ("category-event",
# "tag-agenda" on a WordPress post) say nothing about the element being a widget.
_MODIFIER_TOKEN = re.compile(
    r"(?:^|[-_])(?:has|with|without|no|show|hide|is)[-_]"
    r"|^(?:category|tag|type|format|status|postid|kategori|label|term)[-_]"
    # Genesis's wrapper of the content and the sidebar ("content-sidebar-wrap"); not
    # "sidebar-content", the content of a sidebar.
    r"|content[-_]+sidebar"
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
        # Short labels only: "Dinas Komunikasi, Informatika dan Statistik" is an agency.
        (Noise.COUNTER, r"^\W*(?:statisti(?:k|cs?)(?:\s+(?:pengunjung|kunjungan|situs|website|web"
         r"|blog|visitors?)(?:\s+\w+){0,2})?|(?:\w+\s+){0,2}(?:pengunjung|visitors?|counter)"
         r"(?:\s+\w+){0,2})\W*$"),
        (Noise.COMMENTS, r"komentar|tinggalkan\s+(?:balasan|komentar)|leave\s+a\s+(?:reply|comment)"
         r"|comments?$|tanggapan"),
    )
)  # fmt: skip
#: Microdata types and whole class/id tokens of an element that wraps one article.
_ARTICLE_TYPE = re.compile(r"schema\.org/(?:\w*Article|BlogPosting|Report)\b", re.IGNORECASE)


def article_type(itemtype: str) -> bool:
    """Whether a microdata `itemtype` names an article ("https://schema.org/NewsArticle")."""
    return _ARTICLE_TYPE.search(itemtype) is not None


_ARTICLE_TOKENS = frozenset({"article", "artikel", "post", "hentry", "entry", "berita"})
#: A <header>/<footer> whose class names an article's part ("entry-header", "article-header",
#: "post-page__header", "art-header") is the article's own, also outside an <article>.
_ARTICLE_PART = re.compile(r"article|artikel|berita|(?<![a-z])(?:entry|post|art)(?![a-z])")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
HEADING_CLASS = re.compile(r"title|judul|heading|header", re.IGNORECASE)
_PRAYER_NAMES = re.compile(
    r"\b(?:subuh|shubuh|imsak|dzuhur|zuhur|ashar|asar|maghrib|magrib|isya)\b", re.I
)
#: One stem per prayer for the cheap pre-test of `_prayer_marks`.
_PRAYER_STEMS = AnyOf(("ubuh", "imsak", "zuhur", "ashar", "asar", "maghrib", "magrib", "isya"))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text in one block element under one kind of noise, in document order."""

    text: str  # whitespace collapsed
    noise: int  # Noise bits
    in_title: bool
    block: etree._Element
    link_chars: int = 0  # how much of the text is link text (titles of other pages)
    #: The inline element whose text opens the segment, when it is not the block itself.
    inline: etree._Element | None = None

    @property
    def named_by(self) -> tuple[etree._Element, ...]:
        """The elements whose class and id describe the segment: its block, and the inline
        element that opens it ("<div class=meta><span class=date>")."""
        return (self.block,) if self.inline is None else (self.block, self.inline)


#: A page as the spider has it: its text (or bytes), or the tree it already parsed once.
Html = str | bytes | etree._Element


def parsed(html: Html) -> etree._Element | None:
    """The tree of `html`: parsed here, or as given when the caller parsed it already."""
    return html if isinstance(html, etree._Element) else load_html(html)


def html_parser(**options: Any) -> lxml_html.HTMLParser:
    """lxml.html's parser, but every element is a plain HtmlElement chosen in C: lxml.html's
    own lookup runs Python code for each element touched (a tenth of the crawl's CPU) only
    to give form fields their special classes, which nothing here uses.

    Made once per thread and options, then reused: making one costs a tenth of parsing a
    typical page, and lxml parsers must not be shared between threads."""
    key = tuple(sorted(options.items()))
    made: dict[tuple[tuple[str, Any], ...], lxml_html.HTMLParser]
    made = _THREAD_PARSERS.__dict__.setdefault("made", {})
    parser = made.get(key)
    if parser is None:
        parser = made[key] = lxml_html.HTMLParser(**options)
        parser.set_element_class_lookup(_PLAIN_HTML_ELEMENTS)
    return parser


_THREAD_PARSERS = threading.local()


_PLAIN_HTML_ELEMENTS = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement,
    comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity,
)


def load_html(html: str | bytes) -> etree._Element | None:
    """The parsed document (bytes decoded by their declared charset), or None if unparsable."""
    try:
        text = _decode(html) if isinstance(html, bytes) else str(html)
        text = text[:MAX_HTML_CHARS]
        if not text or text.isspace():  # no copy of the page, as strip() would make
            return None
        # NULs end lxml's input early: dropped from the bytes (memchr), not the text.
        data = text.encode("utf-8", "replace")
        if b"\x00" in data:
            data = data.replace(b"\x00", b"")
        # No id index: nothing looks elements up by id, and building it costs.
        parser = html_parser(
            encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False
        )
        root = lxml_html.document_fromstring(data, parser=parser)
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


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


# ---------------------------------------------------------------------------
# Typed access to lxml trees

#: What lxml.html's `HtmlElement.text_content` runs, called directly: lxml-stubs do not declare
#: `HtmlElement`, so the read layer types its nodes as `_Element`, which lacks the method.
_TEXT_CONTENT = etree.XPath("string()", smart_strings=False)


class _Walk(Protocol):
    def __call__(
        self, root: etree._Element, events: tuple[str, ...] = ...
    ) -> Iterator[tuple[str, etree._Element]]: ...


#: `etree.iterwalk` (in C), typed: lxml-stubs leave it out. ("start" | "end", element) pairs.
iterwalk: _Walk = etree.iterwalk

#: Element -> its Noise bits (plain ints); clean elements are absent.
NoiseMap = dict[etree._Element, int]
#: An element's (noise bits, whether its children lie inside an article).
NoiseState = tuple[int, bool]
#: Element -> the length of its text, kept for callers that ask again (`text_length`).
TextLengths = dict[etree._Element, int]


def text_content(element: etree._Element) -> str:
    """The text of `element` and all its descendants, as `HtmlElement.text_content` gives it."""
    text = _TEXT_CONTENT(element)
    return text if isinstance(text, str) else ""


def joined_text(element: etree._Element) -> str:
    """The text nodes of `element` joined by spaces, so that words of adjacent blocks stay apart."""
    # lxml yields str on Python 3; the stubs' str | bytes is Python 2's ASCII-as-bytes case.
    return " ".join(cast("Iterator[str]", element.itertext()))


def elements(node: etree._Element, path: etree.XPath) -> list[etree._Element]:
    """The elements the compiled XPath `path` selects from `node`, in document order."""
    found = path(node)
    if not isinstance(found, list):
        return []
    return [item for item in found if isinstance(item, etree._Element)]


def strings(node: etree._Element, path: etree.XPath) -> list[str]:
    """The strings (attribute values, text nodes) the compiled XPath `path` selects from `node`."""
    found = path(node)
    if not isinstance(found, list):
        return []
    return [item for item in found if isinstance(item, str)]


@dataclass(slots=True)
class Lineages:
    """What `ancestry_noise` read of one tree, kept between its calls: each ancestor is read
    once however many of its descendants are asked about (every heading of a page is)."""

    #: element -> (noise bits, inside an article, the root of its tree)
    states: dict[etree._Element, tuple[int, bool, etree._Element]] = field(default_factory=dict)
    lengths: TextLengths = field(default_factory=dict)
    visible: TextLengths = field(default_factory=dict)  # `visible_length`s


def ancestry_noise(element: etree._Element, seen: Lineages | None = None) -> int:
    """The noise `noise_map` would give `element`, read from its ancestors alone."""
    seen = Lineages() if seen is None else seen
    lineage: list[etree._Element] = []  # from `element` up to the first ancestor already read
    node: etree._Element | None = element
    state = None
    while node is not None and (state := seen.states.get(node)) is None:
        lineage.append(node)
        node = node.getparent()
    bits, in_article, top = state if state is not None else (0, False, lineage[-1])
    for node in reversed(lineage):  # from the root down
        own = _element_noise(node, in_article=in_article)
        in_article = in_article or _is_article(node)
        if not (
            own & ~_CODE
            and not bits
            and _holds_most_text(node, visible_length(top, seen.visible), seen.visible)
        ):
            bits |= own  # else a wrapper with a misleading class, as in noise_map
        seen.states[node] = (bits, in_article, top)
    return bits


def _is_article(element: etree._Element) -> bool:
    """An element that wraps one article: its header, footer and aside are the article's."""
    return _kind(element)[2]


def _element_noise(element: etree._Element, *, in_article: bool) -> int:
    return _kind(element)[1 if in_article else 0]


#: Longer class/id/itemtype values are classified but not cached: the caches outlive the page,
#: and a hostile page's megabyte of class names must not stay in memory for the whole crawl.
MAX_CACHED_ATTRS = 1_000


def _kind(element: etree._Element) -> tuple[int, int, bool]:
    """(noise outside an article, noise inside one, wraps an article) of one element."""
    tag = element.tag if isinstance(element.tag, str) else ""
    classes, ident, itemtype = element.get("class"), element.get("id"), element.get("itemtype")
    if classes is None and ident is None and itemtype is None:
        # Most elements have none of the three: their kind is their tag's, looked up once.
        kind = _BARE_KINDS.get(tag)
        if kind is None:
            kind = _classify.__wrapped__(tag, "", "", "")
            if len(_BARE_KINDS) < MAX_BARE_TAGS:  # made-up tags of hostile pages: not kept
                _BARE_KINDS[tag] = kind
        return kind
    attrs = (classes or "", ident or "", itemtype or "")
    if sum(map(len, attrs)) > MAX_CACHED_ATTRS:
        return _classify.__wrapped__(tag, *attrs)
    return _classify(tag, *attrs)


#: Tag -> the kind of an element of that tag with no class, id or itemtype (see `_kind`).
_BARE_KINDS: dict[str, tuple[int, int, bool]] = {}
MAX_BARE_TAGS = 1_000


@lru_cache(maxsize=16384)  # pages of one site repeat the same few hundred tag/class pairs
def _classify(tag: str, classes: str, ident: str, itemtype: str) -> tuple[int, int, bool]:
    attrs = f"{classes} {ident}".lower()
    wraps_article = (
        tag in ("article", "main")
        or bool(itemtype and article_type(itemtype))
        or any(token in _ARTICLE_TOKENS for token in attrs.split())
    )
    if tag in _CODE_TAGS:
        return _CODE, _CODE, wraps_article
    if tag in ("html", "body", "main"):
        return 0, 0, wraps_article  # their classes describe the layout ("right-sidebar")
    bits = _attr_noise(attrs)
    outside, inside = bits, bits & ~_CHROME  # an article's own "header"/"footer" hold its
    if tag == "nav":  # title and date
        outside, inside = outside | _CHROME, inside | _CHROME
    elif tag in ("header", "footer") and not _ARTICLE_PART.search(attrs):
        outside |= _CHROME
    elif tag == "marquee":
        outside, inside = outside | _RECENT, inside | _RECENT
    elif tag == "aside":
        outside |= _RECENT  # an <aside> inside an article is about it (its meta box)
    return outside, inside, wraps_article


def _attr_noise(attrs: str) -> int:
    """The noise a class and id name, token by token: no pattern spans a space, so a token's
    bits are its own, and tokens ("widget", "col-md-4") repeat across pages far more than
    whole class lists, which hold unique ids ("post-12345") or one theme's combination."""
    bits = 0
    if not _NOISE_WORDS.in_text(attrs):
        return bits  # most class lists ("row", "col-md-4", "entry-content")
    for token in attrs.split():
        bits |= (
            _token_noise(token)
            if len(token) <= MAX_CACHED_ATTRS
            else _token_noise.__wrapped__(token)
        )
    return bits


@lru_cache(maxsize=16384)
def _token_noise(token: str) -> int:
    # Layout modifiers ("has-sidebar", "gallery__with-sidebar") describe a wrapper.
    if _MODIFIER_TOKEN.search(token):
        return 0
    bits = _CHROME if _CHROME_TOKEN.match(token) else 0
    if _COMMENTS_TOKEN.match(token):
        bits |= _COMMENTS
    for kind, pattern in _NOISE_ATTR_RES:
        if pattern.search(token):
            bits |= kind
    return bits


def noise_map(
    root: etree._Element, title: etree._Element | None = None, rules: NoiseRules | None = None
) -> NoiseMap:
    """Element -> the Noise kinds it lies in (inherited); clean elements are absent.

    The title and its ancestors are never noise: a wrapper with an odd class name
    ("header-fixed") must not hide the article itself. `rules` are `NoiseRules.of(root,
    title)`, when the caller has them already.
    """
    rules = rules or NoiseRules.of(root, title)
    protected, marks, body_chars, lengths = (
        rules.protected,
        rules.marks,
        rules.body_chars,
        rules.lengths,
    )
    result: NoiseMap = {}
    stack: list[tuple[int, bool]] = []
    # `NoiseRules.step` inlined: this loop runs once per element of every page read.
    for event, element in iterwalk(root, events=("start", "end")):
        if event == "end":
            stack.pop()
            continue
        parent_bits, in_article = stack[-1] if stack else (0, False)
        outside, inside, wraps_article = _kind(element)
        own = inside if in_article else outside
        if element in protected or (
            own & ~_CODE and not parent_bits and _holds_most_text(element, body_chars, lengths)
        ):
            own &= _CODE
        bits = parent_bits | own | marks.get(element, 0)
        if bits:
            result[element] = bits
        stack.append((bits, in_article or wraps_article))
    return result


@dataclass(slots=True)
class NoiseRules:
    """What decides an element's noise besides its ancestors: the title's line (never noise),
    the marks of headings and prayer boxes, and the page's text length (wrappers)."""

    protected: set[etree._Element]
    marks: NoiseMap
    body_chars: int  # of visible text (`visible_length`)
    lengths: TextLengths = field(default_factory=dict)  # `visible_length`s

    @classmethod
    def of(cls, root: etree._Element, title: etree._Element | None) -> NoiseRules:
        protected = {title, *title.iterancestors()} if title is not None else set()
        marks = _heading_marks(root, protected)
        _prayer_marks(root, _string_value(root), marks)
        lengths: TextLengths = {}
        return cls(protected, marks, visible_length(root, lengths), lengths)

    def step(self, element: etree._Element, parent_bits: int, in_article: bool) -> tuple[int, bool]:
        """(the element's noise, whether its children are inside an article), from its
        parent's."""
        outside, inside, wraps_article = _kind(element)
        own = inside if in_article else outside
        if element in self.protected or (
            own & ~_CODE
            and not parent_bits
            and _holds_most_text(element, self.body_chars, self.lengths)
        ):
            own &= _CODE
        bits = parent_bits | own | self.marks.get(element, 0)
        return bits, in_article or wraps_article


class NoiseLookup:
    """`noise_map(root, title).get(element, 0)` for a few elements, without walking the page:
    each element is read from its ancestors (each ancestor once, however many ask). For a step
    that asks about a handful of elements (the dated `<time>`s) on a page of thousands."""

    def __init__(self, rules: NoiseRules) -> None:
        self.rules = rules
        #: element -> (noise, inside an article), each read once (the segment walk fills it).
        self.states: dict[etree._Element, NoiseState] = {}

    def whole_map(self) -> NoiseMap:
        """`noise_map(root, title)`, once every element of the page was read (a walk of the
        whole page by the segment walk or `get`), in the order they were first read."""
        return {element: bits for element, (bits, _) in self.states.items() if bits}

    def get(self, element: etree._Element, default: int = 0) -> int:
        lineage: list[etree._Element] = []  # from `element` up to the first ancestor read
        node: etree._Element | None = element
        while node is not None and node not in self.states:
            lineage.append(node)
            node = node.getparent()
        state = self.states[node] if node is not None else (0, False)
        for node in reversed(lineage):
            state = self.states[node] = self.rules.step(node, *state)
        return state[0] or default


#: A "widget" holding most of the page's text is a wrapper with a misleading class.
WRAPPER_TEXT_SHARE = 0.6


def _holds_most_text(
    element: etree._Element, body_chars: int, lengths: TextLengths | None = None
) -> bool:
    """Whether `element` holds most of the page's visible text (`body_chars` of it);
    `lengths` keeps visible lengths (`visible_length`)."""
    return body_chars > 1500 and visible_length(element, lengths) > WRAPPER_TEXT_SHARE * body_chars


def visible_length(element: etree._Element, lengths: TextLengths | None = None) -> int:
    """The length of the text a reader sees in `element`: its text without that of its
    scripts and style sheets (which never nest: each is counted once). Those are often most
    of a page's characters; counted, no wrapper would ever hold most of its text.

    Past `MAX_CODE_ELEMENTS` of them (a hostile page, asked at every level of its nesting)
    the whole text is counted, as it was: a page's own length then never shrinks, so no
    wrapper is read as holding more of it than it does."""
    if lengths is not None and (known := lengths.get(element)) is not None:
        return known
    length = _string_length(element)
    codes = list(islice(element.iter("script", "style"), MAX_CODE_ELEMENTS + 1))
    if len(codes) <= MAX_CODE_ELEMENTS:
        length -= sum(map(_string_length, codes))
    if lengths is not None:
        lengths[element] = length
    return length


#: Scripts and style sheets `visible_length` subtracts one by one; real pages have dozens.
MAX_CODE_ELEMENTS = 1_000


def text_length(element: etree._Element, lengths: TextLengths | None = None) -> int:
    """The length of the element's text; `lengths` keeps them for a caller that asks again
    (an element holding most of a page, asked once per block in it, made reading quadratic)."""
    if lengths is None:
        return _string_length(element)
    length = lengths.get(element)
    if length is None:
        length = lengths[element] = _string_length(element)
    return length


def _string_length(element: etree._Element) -> int:
    length = _STRING_LENGTH(element)  # a float: XPath numbers are
    return int(length) if isinstance(length, float) else 0


_STRING_LENGTH = etree.XPath("string-length()")  # in C: no Python string of the whole text
_STRING = etree.XPath("string()")


def _string_value(element: etree._Element) -> str:
    """All the text of `element`, text nodes run together, built in C."""
    value = _STRING(element)
    return value if isinstance(value, str) else ""


def _heading_marks(root: etree._Element, protected: set[etree._Element]) -> NoiseMap:
    """Boxes introduced by a heading such as "Berita Terbaru", "Agenda" or "Komentar"."""
    marks: NoiseMap = {}
    # Found in C: by tag (an XPath testing six tags on every element costs several times more).
    headings = dict.fromkeys(root.iter(*HEADING_TAGS))
    headings.update(dict.fromkeys(heading_classed(root)))
    wrapper_chars: dict[etree._Element, int] = {}
    shows_text: dict[etree._Element, bool] = {}
    swept: set[tuple[etree._Element, int]] = set()  # (sibling, kind) marked by a sweep
    for heading in headings:
        text = _norm(text_content(heading))
        if not text or len(text) > 80 or heading in protected:
            continue
        kind = next((k for k, pattern in _NOISE_HEADINGS if pattern.search(text)), None)
        if kind is None or (kind == _COMMENTS and _a_call_to_action(heading, text)):
            continue
        box = heading  # climb wrappers that hold nothing but the heading
        while (wrapper := _bare_wrapper(box, protected, len(text), wrapper_chars)) is not None:
            box = wrapper
        parent = box.getparent()
        # A "Comments" heading that is an article's own child heads the article's last part;
        # a heading after other text of its parent heads what follows it, not that text (an
        # empty "Related stories" box closing the article's container).
        if (
            parent is None
            or parent in protected
            or parent.tag in ("body", "html")
            or _is_article(parent)
            or not _opens(box, parent, shows_text)
        ):
            # The box and every sibling after it. What sweeps of one kind have marked is a
            # run to the last sibling: once one is reached, the rest are marked already
            # (thousands of such headings in a row would otherwise be quadratic).
            for sibling in chain((box,), box.itersiblings()):
                if (sibling, kind) in swept:
                    break
                swept.add((sibling, kind))
                marks[sibling] = marks.get(sibling, 0) | kind
        else:
            marks[parent] = marks.get(parent, 0) | kind
    return marks


#: How many siblings before a heading's box are read for text (icons, anchors, empty
#: spacers precede widget headings); a box after more is no opener.
OPENER_SIBLINGS = 3


def _opens(box: etree._Element, parent: etree._Element, seen: dict[etree._Element, bool]) -> bool:
    """Whether `box` opens `parent`: no visible text of the parent comes before it (an ad's
    script may). `seen` keeps what was read of each sibling, for the headings that follow."""
    if (parent.text or "").strip():
        return False
    before = list(islice(box.itersiblings(preceding=True), OPENER_SIBLINGS + 1))
    if len(before) > OPENER_SIBLINGS:
        return False
    for sibling in before:
        if (sibling.tail or "").strip():
            return False
        if (shows := seen.get(sibling)) is None:
            shows = seen[sibling] = _VISIBLE_TEXT(sibling) is True
        if shows:
            return False
    return True


#: Whether an element shows text: a non-blank text node outside code (in C).
_VISIBLE_TEXT = etree.XPath(
    "boolean(descendant-or-self::text()[normalize-space()]"
    "[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)])"
)


def _a_call_to_action(heading: etree._Element, text: str) -> bool:
    """A "heading" only by its class whose text is a link's or a button's ("Leave a comment",
    "5 Comments" in a byline or a share bar): it leads to the comments, it heads none."""
    if heading.tag in HEADING_TAGS:
        return False
    actions = [heading] if heading.tag in ("a", "button") else heading.iter("a", "button")
    return _norm(" ".join(text_content(action) for action in actions)) == text


_CLASSED = etree.XPath("descendant-or-self::*[@class]")


def heading_classed(root: etree._Element) -> list[etree._Element]:
    """The elements whose class names a title (`heading_class`), in document order."""
    return [e for e in elements(root, _CLASSED) if heading_class(e.get("class") or "")]


def heading_class(classes: str) -> bool:
    """Whether a class attribute names a title ("entry-title", "judul")."""
    if len(classes) > MAX_CACHED_ATTRS:
        return HEADING_CLASS.search(classes) is not None
    return _heading_class(classes)


@lru_cache(maxsize=8192)
def _heading_class(classes: str) -> bool:
    return HEADING_CLASS.search(classes) is not None


def _bare_wrapper(
    box: etree._Element,
    protected: set[etree._Element],
    text_chars: int,
    chars: dict[etree._Element, int],
) -> etree._Element | None:
    """The parent of `box` when it holds nothing but the heading's text (give or take 5)."""
    parent = box.getparent()
    if parent is None or parent in protected or parent.tag in ("body", "html"):
        return None
    if parent not in chars:  # many headings may share one parent
        chars[parent] = len(_norm(text_content(parent)))
    return parent if chars[parent] <= text_chars + 5 else None


def _prayer_marks(root: etree._Element, string_value: str, marks: NoiseMap) -> None:
    """A box naming three prayer times is a "jadwal sholat" widget, whatever its class.
    `string_value` is the root's text as XPath strings it (`_string_value`)."""
    # Substring tests first, on the text as XPath strings it in C (text nodes run together:
    # it can only find more stems than the joined text, never fewer); the word-bounded regex
    # over a whole page is slow.
    if _PRAYER_STEMS.count_in(string_value.lower(), 3) < 3:
        return
    text = joined_text(root).lower()
    if len(set(_PRAYER_NAMES.findall(text))) < 3:
        return
    names: dict[etree._Element, int] = {}  # box -> prayers it names (boxes are shared)
    for element in root.iter():
        if not isinstance(element.tag, str) or not _PRAYER_NAMES.search(element.text or ""):
            continue
        for box in islice(element.iterancestors(), 5):
            if box.tag in ("body", "html"):
                break
            if box not in names:
                found = _PRAYER_NAMES.findall(text_content(box)[:3000])
                names[box] = len({name.lower() for name in found})
            if names[box] >= 3:
                marks[box] = marks.get(box, 0) | _PRAYER
                break


#: What a segment's text lies in: (noise bits, its block, inside the title).
_Key = tuple[int, etree._Element, bool]


@dataclass(slots=True)
class _Pending:
    """The segment being gathered by `text_segments`: what its buffered text lies in."""

    key: _Key | None = None
    inline: etree._Element | None = None  # the element of its first text, if not the block
    link_chars: int = 0  # characters of the buffered text inside links


class NoiseSource(Protocol):
    """What the segments read of the noise: a `NoiseMap`, or a `NoiseLookup`."""

    def get(self, element: etree._Element, default: int, /) -> int: ...


def text_segments(
    root: etree._Element, noise: NoiseSource, title: etree._Element | None = None
) -> list[Segment]:
    """The page's visible text as segments split at blocks and at noise boundaries."""
    return list(iter_text_segments(root, noise, title))


def iter_text_segments(
    root: etree._Element, noise: NoiseSource, title: etree._Element | None = None
) -> Iterator[Segment]:
    """`text_segments`, each segment given as soon as it ends: a reader that needs only the
    segments near the top of the page (a byline under the title) stops the walk there.

    A segment opens at its first visible text: whitespace between elements joins the text
    around it, and ends a segment whose kind it does not share, but opens none."""
    segments: list[Segment] = []
    buffer: list[str] = []
    pending = _Pending()

    def flush() -> None:
        if buffer and pending.key is not None:
            text = " ".join("".join(buffer).split())
            if text:
                bits, block, in_title = pending.key
                segments.append(
                    Segment(text, bits, in_title, block, pending.link_chars, pending.inline)
                )
        buffer.clear()
        pending.key = None

    def add(text: str, key: _Key, element: etree._Element, in_link: bool) -> None:
        if pending.key is not None and pending.key != key:
            flush()
        if pending.key is None:
            if text.isspace():
                return  # whitespace opens no segment
            pending.key = key
            pending.inline = element if element is not key[1] else None
            pending.link_chars = 0
        buffer.append(text)
        if in_link:
            pending.link_chars += len(text.strip())

    # A lookup's states are filled by the walk, each element's from its parent's (no climb to
    # the ancestors), inline: this loop runs once per element of every page read.
    lookup = noise if isinstance(noise, NoiseLookup) else None
    states = lookup.states if lookup is not None else {}
    top: tuple[_Key, bool, NoiseState, bool] = ((0, root, False), False, (0, False), False)
    stack: list[tuple[_Key, bool, NoiseState, bool]] = []  # (key, in_link, state, is_block)
    for event, element in iterwalk(root, events=("start", "end")):
        if event == "start":
            parent_key, parent_in_link, parent_state, _ = stack[-1] if stack else top
            if lookup is None:
                state, bits = parent_state, noise.get(element, 0)
            else:
                known = states.get(element)
                if known is None:
                    known = states[element] = lookup.rules.step(element, *parent_state)
                state, bits = known, known[0]
            tag = element.tag
            is_block = tag in BLOCK_TAGS
            if is_block and buffer:
                flush()
            key = (bits, element if is_block else parent_key[1], parent_key[2] or element is title)
            in_link = parent_in_link or (tag == "a" and is_page_link(element))
            stack.append((key, in_link, state, is_block))
            if (text := element.text) and not bits & _CODE:
                add(text, key, element, in_link)
        else:
            if stack.pop()[3] and buffer:
                flush()
            if stack and (tail := element.tail):
                key, in_link, _, _ = stack[-1]
                if not key[0] & _CODE:
                    add(tail, key, key[1], in_link)
        if segments:
            yield from segments
            segments.clear()
    flush()
    yield from segments


def class_names(element: etree._Element) -> str:
    """The element's class and id, lower case."""
    return f"{element.get('class') or ''} {element.get('id') or ''}".strip().lower()


#: Pages about a person or a topic, not content: "/author/x/", "/autor-frank-x/" (German,
#: Spanish, Polish, Portuguese), "/auteur/", "/autore/", "/penulis/", "/wartawan/".
_TAXONOMY_HREF = re.compile(
    r"/(?:authors?|autor(?:en|es|as|a)?|auteurs?|autore|autori|penulis|wartawan|journalist(?:s|en)?)"
    r"[/_-]|/(?:users?|profiles?|profil|category|kategori|tags?|label|search)/"
    r"|[?&](?:author|cat|tag)=",
    re.I,
)


def is_page_link(link: etree._Element) -> bool:
    """A link to another content page (not an anchor, author or category link)."""
    href = link.get("href") or ""
    return bool(href.strip("#/ ")) and not _TAXONOMY_HREF.search(href)
