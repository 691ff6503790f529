"""What to fetch next: feeds, sitemaps, the WordPress API, listing and article pages of a page.

A site is probed, not crawled, so this ranks: the listing pages most likely to show the newest
news, and the article links of the main content in document order (newest first on almost every
Indonesian agency homepage). Pure string and tree work on the HTML the spider fetched.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from lxml import etree
from lxml import html as lxml_html

from crawler.read.stamps import url_date
from crawler.read.structure import MAX_CACHED_ATTRS, Html, html_parser, text_content
from crawler.urls import absolute, cache_short, host_of, same_site

#: Hostile pages can carry hundreds of thousands of links; the first ones are the menu and
#: the main content, which is all a probe needs.
MAX_ANCHORS = 2_000
MAX_LISTINGS = 10
MAX_ARTICLES = 30
MAX_FEEDS = 10
MAX_SITEMAPS = 10
MAX_OFFSITE = 20


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_FILE_EXTENSIONS = _words(
    "pdf jpg jpeg png gif webp svg bmp ico tif tiff doc docx xls xlsx ppt pptx odt ods csv zip rar "
    "7z gz tar mp3 mp4 m4a avi mov wmv flv mkv apk exe msi iso css js json txt"
)
#: Path segments of pages that are never content: logins, admin panels, search, print views.
_NEVER = _words(
    "login logout signin signup register admin administrator wp-admin wp-login.php wp-json auth "
    "siteman dashboard cpanel webmail cari cetak cetakberita print xmlrpc.php"
)
#: Words that name a news-like section, in a path segment or in a menu label.
_NEWS_WORDS = _words(
    "berita artikel article articles news kabar warta pengumuman blog posts siaran pers rilis opini"
)
_WEAK_WORDS = _words("informasi publikasi kegiatan arsip archive archives")
_CATEGORY_SEGMENTS = _words("category categories kategori rubrik topik topic")
_ARCHIVE_SEGMENTS = _CATEGORY_SEGMENTS | _words("tag tags label author penulis")
_LISTING_TEXTS = re.compile(
    r"^(semua|indeks|index|arsip|lihat semua|berita) (berita|artikel|news)$"
    r"|^berita (terkini|terbaru|lainnya|daerah|utama)$"
    r"|^(lihat semua|selengkapnya|lainnya|view all|more news|see all)$"
)
#: Query parameters of calendars and date archives: endless pages of nothing.
_CALENDAR_PARAMS = _words("bulan tahun month year date tanggal tgl day hari m")
_PAGING_PARAMS = _words("page paged hal halaman start offset pg")
_ARTICLE_SEGMENT = re.compile(
    r"^(detail|read|baca)[-_]?(berita|artikel|news|post)?$|^(berita|artikel|news)[-_]?detail$"
)
#: Query parameters of links that are never content: search, comment replies, share buttons.
_NEVER_PARAMS = _words("s replytocom share action")
_STATIC_PAGE = re.compile(r"^(profil|visi|struktur|tugas|sejarah|kontak|hubungi|tentang|about)")
_BOILERPLATE = _words(
    "header navbar nav navigation menu mainmenu topbar footer sidebar widget breadcrumb "
    "breadcrumbs copyright"
)
_CONTENT = _words("main content konten isi article post posts entry berita news artikel")


@dataclass(frozen=True, slots=True)
class Discovered:
    """Links found on one page, absolute and deduplicated; all on the page's site but `offsite`."""

    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    wp_api: str | None = None  # the advertised REST root (…/wp-json/)
    listings: tuple[str, ...] = ()  # best first
    articles: tuple[str, ...] = ()  # main content first, then document order
    is_wordpress: bool = False
    offsite: tuple[str, ...] = ()  # a few links to other hosts: recorded, never fetched


@dataclass(frozen=True, slots=True)
class _Anchor:
    url: str
    text: str
    zone: int  # 0 main content, 1 unknown, 2 header/nav/footer/sidebar
    position: int


def discover(html: Html, page_url: str) -> Discovered:
    """The feeds, sitemaps, API root, listing and article links of an HTML page (or of its
    tree, when the caller parsed it already)."""
    doc = html if isinstance(html, etree._Element) else _parse_html(html)
    if doc is None:
        return Discovered()
    base = base_url(doc, page_url)
    anchors = _anchors(doc, base)
    feeds: list[str] = []
    sitemaps: list[str] = []
    listings: list[tuple[int, int, str]] = []  # (-score, position, url)
    articles: list[_Anchor] = []
    offsite: list[str] = []
    page_key = _key(page_url)
    for anchor in anchors:
        if not same_site(anchor.url, page_url):
            offsite.append(anchor.url)
            continue
        if _key(anchor.url) == page_key:
            continue
        if is_feed_url(anchor.url):
            feeds.append(anchor.url)
        elif is_sitemap_url(anchor.url):
            sitemaps.append(anchor.url)
        elif is_article_url(anchor.url):
            articles.append(anchor)
        elif (score := listing_score(anchor.url, anchor.text)) > 0:
            listings.append((-score, anchor.position, anchor.url))
    head_feeds = [u for u in _head_links(doc, base, "feed") if same_site(u, page_url)]
    head_sitemaps = [u for u in _head_links(doc, base, "sitemap") if same_site(u, page_url)]
    wp_api = _wp_api(doc, base, page_url)
    articles.sort(key=lambda anchor: (anchor.zone, anchor.position))
    return Discovered(
        feeds=_unique(head_feeds + feeds, MAX_FEEDS),
        sitemaps=_unique(head_sitemaps + sitemaps, MAX_SITEMAPS),
        wp_api=wp_api,
        listings=_unique([url for *_, url in sorted(listings)], MAX_LISTINGS),
        articles=_unique([anchor.url for anchor in articles], MAX_ARTICLES),
        is_wordpress=wp_api is not None or _has_wordpress_marks(doc, base, page_url),
        offsite=_unique(offsite, MAX_OFFSITE),
    )


# --------------------------------------------------------------------------- URL classifiers


@cache_short(8192)  # each link is classified several times, and menus repeat
def _parts(url: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """Lower-case non-empty path segments and query parameters of `url` (do not mutate)."""
    try:
        split = urlsplit(url)
        query = dict(parse_qsl(split.query.lower(), keep_blank_values=True))
    except ValueError:
        return (), {}
    return tuple(s for s in split.path.lower().split("/") if s), query


def _is_excluded(segments: tuple[str, ...], query: dict[str, str]) -> bool:
    """Files, logins and admin pages, calendars: never worth a request."""
    last = segments[-1] if segments else ""
    if "." in last and last.rsplit(".", 1)[1] in _FILE_EXTENSIONS:
        return True
    if any(segment in _NEVER for segment in segments) or _NEVER_PARAMS & query.keys():
        return True
    if "search" in segments and "label" not in segments:  # Blogger's /search/label/X is a tag
        return True
    # ?m=202408 is a WordPress month archive, but Blogger's ?m=1 is just its mobile view.
    calendar = _CALENDAR_PARAMS & query.keys()
    return bool(calendar - {"m"}) or ("m" in calendar and len(query["m"]) >= 4)


@cache_short(8192)  # pure; a site's menus repeat on every page it serves
def is_feed_url(url: str) -> bool:
    segments, query = _parts(url)
    if _is_comment_feed(url):
        return False
    if query.get("feed") in ("rss", "rss2", "atom", "rdf"):
        return True
    last = segments[-1] if segments else ""
    if last in ("feed", "rss", "atom", "rss.xml", "atom.xml", "feed.xml", "index.xml", "rss2"):
        return True
    if segments[-3:] == ("feeds", "posts", "default"):  # Blogger
        return True
    return last.endswith((".rss", ".atom")) or (
        last.endswith(".xml") and any(word in last for word in ("rss", "feed", "atom"))
    )


@cache_short(8192)  # pure; a site's menus repeat on every page it serves
def is_sitemap_url(url: str) -> bool:
    segments, _ = _parts(url)
    last = segments[-1] if segments else ""
    # /sitemap without a suffix is OpenSID's XML sitemap; sitemap.html is a page for people.
    return "sitemap" in last and (last.endswith((".xml", ".xml.gz")) or "." not in last)


@cache_short(8192)  # pure; a site's menus repeat on every page it serves
def is_article_url(url: str) -> bool:
    """True when the URL looks like one content item (a news article, a post)."""
    segments, query = _parts(url)
    if _is_excluded(segments, query) or _is_paging(segments, query):
        return False
    if any(segment in _ARCHIVE_SEGMENTS for segment in segments):
        return False
    if _has_news_query(segments, query):
        return True
    if not segments:
        return False
    for index, segment in enumerate(segments[:-1]):
        # /web/detailberita/{id}/{slug}, /post/detail_berita/{id}, /read/{slug}
        if _ARTICLE_SEGMENT.match(segment):
            return True
        # /berita/{id}/{slug}, /berita/{id}
        if segment in _NEWS_WORDS and re.fullmatch(r"\d{3,}(-.*)?", segments[index + 1]):
            return True
    last = segments[-1]
    if _dated_slug(segments, url):
        return True
    # Blogger: /2023/07/some-title.html
    if len(segments) >= 3 and re.fullmatch(r"(19|20)\d\d", segments[-3]) and last.endswith(".html"):
        return True
    words = [word for word in re.split(r"[-_+]+", last.rsplit(".", 1)[0]) if word]
    letters = [word for word in words if re.search(r"[a-z]", word)]
    in_news = any(segment in _NEWS_WORDS for segment in segments[:-1])
    if in_news and len(letters) >= 3:
        return True
    # A bare long slug: static pages ("visi-dan-misi") are short or start with a known word.
    return len(letters) >= 4 and not _STATIC_PAGE.match(last)


def _has_news_query(segments: tuple[str, ...], query: dict[str, str]) -> bool:
    """WordPress `?p=123`, Joomla `view=article`, `berita.php?id=12`."""
    if query.get("p", "").isdigit() and (not segments or segments[-1] == "index.php"):
        return True
    if query.get("view") == "article" and query.get("id"):
        return True
    if not query.get("id", "").isdigit():
        return False
    # berita.php?id=12, /berita/baca.aspx?id=12, /news/detail.php?id=12
    last = segments[-1] if segments else ""
    stem = last.rsplit(".", 1)[0]
    news_section = any(segment in _NEWS_WORDS for segment in segments[:-1])
    return bool(re.search(r"berita|artikel|article|news", last)) or (
        news_section and _ARTICLE_SEGMENT.match(stem) is not None
    )


def _dated_slug(segments: tuple[str, ...], url: str) -> bool:
    """A full date in the path followed by a slug; a bare /2024/08/12/ is a day archive."""
    if url_date(url) is None:
        return False
    last = segments[-1]
    return bool(re.search(r"[a-z]", last)) and not re.fullmatch(r"[\d_/-]+", last)


def _is_paging(segments: tuple[str, ...], query: dict[str, str]) -> bool:
    """A page of a listing beyond the first (page 1 and offset 0 are the listing itself)."""
    if "updated-max" in query:  # Blogger's "older posts"
        return True
    for key in _PAGING_PARAMS & query.keys():
        value = query[key]
        if value.isdigit() and int(value) > (0 if key in ("start", "offset") else 1):
            return True
    # CodeIgniter's /berita/2 is page 2; an article id would be longer.
    if (
        len(segments) >= 2
        and segments[-2] in _NEWS_WORDS
        and re.fullmatch(r"\d{1,2}", segments[-1])
    ):
        return int(segments[-1]) > 1
    for segment, following in itertools.pairwise(segments):
        if segment in ("page", "hal", "halaman", "index") and following.isdigit():
            return int(following) > (0 if segment == "index" else 1)
    return False


@cache_short(8192)  # pure; a site's menus repeat on every page it serves
def listing_score(url: str, text: str = "") -> int:
    """How likely `url` lists the newest content: 0 for no, higher is better."""
    segments, query = _parts(url)
    if not segments and not query:
        return 0  # the homepage: fetched already, and never "a listing of news"
    if _is_excluded(segments, query) or _is_paging(segments, query):
        return 0
    if (segments and re.fullmatch(r"(19|20)\d\d", segments[-1])) or _is_month_archive(segments):
        return 0  # date archives are calendars, not "the newest"
    words = {word for segment in segments for word in re.split(r"[-_.]+", segment)}
    score = 0
    if words & _NEWS_WORDS:
        score += 3
    elif words & _WEAK_WORDS:
        score += 1
    if len(segments) <= 1 and words & (_NEWS_WORDS | _WEAK_WORDS):
        score += 1  # /berita is the section itself, not one of its corners
    label = " ".join(text.lower().split())
    label_words = set(re.findall(r"[^\W\d_]+", label))
    if len(label_words) <= 4 and label_words & _NEWS_WORDS:
        score += 2
    elif len(label_words) <= 4 and label_words & _WEAK_WORDS and score:
        score += 1
    if _LISTING_TEXTS.match(label) and score:
        score += 1
    if set(segments) & _CATEGORY_SEGMENTS:
        score += 1  # a category archive lists its newest posts first
    if query.get("option") == "com_content" and query.get("view") in ("category", "featured"):
        score += 1
    if len(segments) > 4:
        score -= 1  # deep paths are usually items, not sections
    return max(score, 0)


def _is_month_archive(segments: tuple[str, ...]) -> bool:
    return len(segments) >= 2 and bool(
        re.fullmatch(r"(19|20)\d\d", segments[-2]) and re.fullmatch(r"\d{1,2}", segments[-1])
    )


# --------------------------------------------------------------------------- HTML walking


def _parse_html(html: str | bytes) -> etree._Element | None:
    if isinstance(html, str):
        # Already decoded by the spider: a <meta charset> must not re-decode it. lxml refuses
        # str with an XML encoding declaration, which XHTML pages carry; drop it.
        html = re.sub(r"^\s*<\?xml[^>]*>", "", html.replace("\x00", ""))
    elif isinstance(html, bytearray):
        html = bytes(html)
    if not isinstance(html, str | bytes) or not html.strip():
        return None
    parser = html_parser(
        recover=True, no_network=True, huge_tree=False, remove_comments=True, default_doctype=False
    )
    try:
        return lxml_html.document_fromstring(html, parser=parser)
    except (etree.LxmlError, ValueError, TypeError):
        return None


def base_url(doc: etree._Element, page_url: str) -> str:
    """The URL the page's relative links resolve against: its `<base href>`, else its own."""
    for base in doc.iter("base"):
        resolved = absolute(page_url, base.get("href"))
        if resolved:
            return resolved
    return page_url


def _anchors(doc: etree._Element, base: str) -> list[_Anchor]:
    found: list[_Anchor] = []
    zones: _Zones = {}
    for position, element in enumerate(doc.iter("a")):
        if position >= MAX_ANCHORS:
            break
        url = absolute(base, element.get("href"))
        if url is None:
            continue  # mailto:, tel:, javascript:, empty
        text = " ".join((text_content(element) or element.get("title") or "").split())[:200]
        found.append(_Anchor(url, text, _zone(element, zones), position))
    return found


#: Ancestor -> (boilerplate, content): what it and those above it are (see `_above`).
_Zones = dict[etree._Element, tuple[bool, bool]]


def _zone(element: etree._Element, zones: _Zones) -> int:
    """Where a link sits: boilerplate (header, menus, sidebars) wins over content wrappers."""
    boilerplate, in_content = _above(element.getparent(), zones)
    return 2 if boilerplate else 0 if in_content else 1


def _above(ancestor: etree._Element | None, zones: _Zones) -> tuple[bool, bool]:
    """(boilerplate, content): whether `ancestor` or one above it, below <body>, is either.

    Kept in `zones` for every ancestor read: links share them (deep markup has hundreds).
    """
    line: list[etree._Element] = []  # ancestors not yet read, nearest first
    state = (False, False)
    while ancestor is not None:
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag in ("body", "html"):
            break
        if ancestor in zones:
            state = zones[ancestor]
            break
        line.append(ancestor)
        ancestor = ancestor.getparent()
    boilerplate, in_content = state
    for node in reversed(line):
        tag = node.tag if isinstance(node.tag, str) else ""
        names = _class_words(node.get("class", ""), node.get("id", ""))
        boilerplate = (
            boilerplate or tag in ("header", "nav", "footer", "aside") or bool(names & _BOILERPLATE)
        )
        in_content = in_content or (
            tag in ("main", "article") or node.get("role") == "main" or bool(names & _CONTENT)
        )
        zones[node] = (boilerplate, in_content)
    return boilerplate, in_content


def _class_words(classes: str, ident: str) -> frozenset[str]:
    """The words of an element's class and id, lower case."""
    if len(classes) + len(ident) > MAX_CACHED_ATTRS:  # a hostile page's: not kept
        return _split_class_words.__wrapped__(classes, ident)
    return _split_class_words(classes, ident)


@lru_cache(maxsize=4096)
def _split_class_words(classes: str, ident: str) -> frozenset[str]:
    return frozenset(_NON_NAME.split(f"{classes} {ident}".lower()))


_NON_NAME = re.compile(r"[^a-z0-9]+")


def _head_links(doc: etree._Element, base: str, kind: str) -> list[str]:
    """`<link rel="alternate" type="application/rss+xml">` feeds or `<link rel="sitemap">`."""
    found = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind_of_link = (link.get("type") or "").lower().split(";")[0].strip()
        title = (link.get("title") or "").lower()
        url = absolute(base, link.get("href"))
        if url is None:
            continue
        if kind == "sitemap" and "sitemap" in rel:
            found.append(url)
        elif kind == "feed" and "alternate" in rel and kind_of_link in _FEED_TYPES:
            if re.search(r"comment|koment|coment", title) or _is_comment_feed(url):
                continue
            found.append(url)
    return found


def _is_comment_feed(url: str) -> bool:
    segments, query = _parts(url)
    if "comments" in segments or query.get("feed", "").startswith("comments"):
        return True
    # WordPress /{post}/feed/ carries the comments on that post.
    return segments[-1:] == ("feed",) and is_article_url(url.split("?", 1)[0].rstrip("/")[:-4])


def _wp_api(doc: etree._Element, base: str, page_url: str) -> str | None:
    for link in doc.iter("link"):
        if (link.get("rel") or "").strip().lower() == "https://api.w.org/":
            url = absolute(base, link.get("href"))
            if url and same_site(url, page_url):
                return url
    return None


def _has_wordpress_marks(doc: etree._Element, base: str, page_url: str) -> bool:
    for meta in doc.iter("meta"):
        if (meta.get("name") or "").lower() == "generator" and "wordpress" in (
            meta.get("content") or ""
        ).lower():
            return True
    for element in itertools.islice(doc.iter("link", "script", "img"), MAX_ANCHORS):
        url = absolute(base, element.get("href") or element.get("src"))
        if url and same_site(url, page_url) and re.search(r"/wp-(content|includes)/", url):
            return True
    return False


@cache_short(8192)  # pure; asked for every link of every page, and menus repeat
def _key(url: str) -> str:
    """The URL as compared for "the page itself": no scheme, www., or trailing slash."""
    try:
        split = urlsplit(url)
    except ValueError:
        return url
    return f"{host_of(url)}{split.path.rstrip('/')}?{split.query}"


def _unique(urls: list[str], limit: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(urls))[:limit]
