"""Links from one page to OTHER sites that may be agencies', and the name a site gives itself.

The read side of discovery (issue 16): a regency portal lists its agencies, districts and
villages in dropdown menus ("Link OPD", "Perangkat Daerah", "Kecamatan", "Desa"), in footer
columns ("Tautan", "Link Terkait"), in lists and tables on a "Perangkat Daerah" page and in
select/option jump menus (`<option value="https://...">`). This module reads all of them with
the heading each sits under; which of them are agencies is judged in `crawler.judge.discovery`.

One walk over the tree in document order keeps, for each open element, the labels above it:
the nearest heading among its earlier siblings (h1-h6, a caption, a "widget-title") or, for a
submenu, the menu item text right before it (`<li><a href="#">Link OPD</a><ul>…`). So the work
is linear in the size of the page, and a `WorkBudget` bounds it on hostile pages.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from crawler.model import LinkPlace, SiteLink
from crawler.read.budget import OverBudget, WorkBudget
from crawler.read.links import base_url, is_article_url, is_feed_url, is_sitemap_url
from crawler.read.machine import first_text, iter_named, local_name, xml_root
from crawler.read.sitemaps import MAX_SITEMAP_ENTRIES, text_sitemap_urls
from crawler.read.structure import Html, heading_class, iterwalk, parsed, text_content
from crawler.urls import absolute, homepage_url, host_of, same_site

#: A portal page lists a regency's ~200 sites at most; a page linking more is a link farm, and
#: what the store keeps per page must stay bounded.
MAX_SITE_LINKS = 1_000
MAX_TEXT = 200
#: A label is a heading: a few words. Longer text before a list is a paragraph, not its name.
MAX_LABEL_CHARS = 80
MAX_NAME_CHARS = 200

#: Labels of the lists a portal keeps of its own agencies, districts and villages. "Tautan" and
#: "Link Terkait" are not among them: those boxes link the province, the ministries and
#: lapor.go.id as often as an agency (sites under the regency's domain count from any place).
_DIRECTORY_LABEL = re.compile(
    r"\b(?:opd|skpd|perangkat daerah|organisasi perangkat|satuan kerja|satker|unit kerja"
    r"|instansi|dinas|badan|lembaga|kecamatan|distrik|desa|kelurahan|nagari|gampong|kampung"
    r"|pekon)\b",
    re.IGNORECASE,
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "caption", "legend", "dt"})
#: Elements right before a submenu that name it: the dropdown's own toggle.
_TOGGLE_TAGS = frozenset({"a", "button", "span", "strong", "b", "label"})
#: Elements a submenu or a section's list is made of.
_CONTAINER_TAGS = frozenset(
    {"ul", "ol", "div", "dl", "table", "nav", "section", "select", "menu", "form", "p"}
)
_FOOTER_TOKEN = re.compile(r"(?:^|[-_])(?:footer|colophon)(?:$|[-_\d])")
_PLACEHOLDER = re.compile(
    r"^[\W_]*(?:(?:silakan\s+)?pilih(?:an)?\b|select\b|choose\b)?\s*(.*?)[\W_]*$", re.IGNORECASE
)


@dataclass(slots=True)
class _Frame:
    """What the walk knows of one open element."""

    labels: tuple[str, ...]  # the labels above it, nearest first (at most two)
    footer: bool
    heading: str = ""  # the latest heading among its children read so far
    toggle: str = ""  # the text of its previous child when that can name a submenu
    links: int = 0  # site links found inside it


def site_links(html: Html, page_url: str, *, budget: WorkBudget | None = None) -> list[SiteLink]:
    """Every http(s) link on the page to a host other than `page_url`'s (a sibling under the
    same registrable domain included), with the menu/section label it sits under and its place;
    deduplicated by (`homepage_url` of the link, place), first occurrence kept.

    Anchors and jump-menu options are read. A page that uses up `budget` (see
    crawler.read.budget) gives the links found until then.
    """
    root = parsed(html)
    if root is None:
        return []
    budget = WorkBudget() if budget is None else budget
    base = base_url(root, page_url)
    found: dict[tuple[str, LinkPlace], SiteLink] = {}
    with contextlib.suppress(OverBudget):
        _walk(root, base, page_url, budget, found)
    return list(found.values())


def _walk(
    root: etree._Element,
    base: str,
    page_url: str,
    budget: WorkBudget,
    found: dict[tuple[str, LinkPlace], SiteLink],
) -> None:
    stack: list[_Frame] = []
    select_label: list[str] = []  # the label of the open <select>, if any
    for event, element in iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            budget.spend()
            frame = _open(element, tag, stack[-1] if stack else None)
            stack.append(frame)
            if tag == "select":
                select_label.append(_select_label(element))
            url = _link_target(element, tag, base)
            if url is None or same_site(url, page_url):
                continue
            labels = frame.labels
            if tag == "option" and select_label and select_label[-1]:
                labels = (select_label[-1], *labels)[:2]
            link = _site_link(element, tag, url, labels, frame.footer, page_url)
            budget.spend(1 + len(link.text) // 1_000)
            key = (homepage_url(url), link.place)
            if key not in found:
                found[key] = link
                for open_frame in stack:
                    open_frame.links += 1
                if len(found) >= MAX_SITE_LINKS:
                    return
        else:
            frame = stack.pop()
            if tag == "select" and select_label:
                select_label.pop()
            if stack:
                _close(element, tag, frame, stack[-1], budget)


def _open(element: etree._Element, tag: str, parent: _Frame | None) -> _Frame:
    """The frame of `element`: its parent's labels, with the heading or toggle before it."""
    if parent is None:
        return _Frame(labels=(), footer=_is_footer(element, tag))
    own = parent.toggle if tag in _CONTAINER_TAGS and parent.toggle else parent.heading
    if tag == "optgroup":
        own = _clean_label(element.get("label") or "") or own
    labels = (own, *parent.labels)[:2] if own else parent.labels
    return _Frame(labels=labels, footer=parent.footer or _is_footer(element, tag))


def _close(
    element: etree._Element, tag: str, frame: _Frame, parent: _Frame, budget: WorkBudget
) -> None:
    """What a closed child tells its parent's later children: a heading, a submenu's name."""
    parent.toggle = ""
    classes = element.get("class") or ""
    if tag in _HEADING_TAGS or (classes and heading_class(classes) and tag != "a"):
        text = _label_text(element, budget)
        if text:
            parent.heading = text
            return
    if frame.heading and not frame.links and len(element) <= 2:
        # A wrapper of a heading alone (<div class="widget-head"><h3>Tautan</h3></div>).
        parent.heading = frame.heading
        return
    if tag in _TOGGLE_TAGS and _is_toggle(element, tag):
        parent.toggle = _label_text(element, budget)


def _is_toggle(element: etree._Element, tag: str) -> bool:
    """Whether `element` can name the submenu after it: a menu item's own text, a button, a
    link that leads nowhere ("#", javascript:) or one styled as a dropdown's toggle."""
    parent = element.getparent()
    if parent is not None and parent.tag == "li":
        return True
    if tag != "a":
        return True
    href = (element.get("href") or "").strip().lower()
    hints = f"{element.get('class', '')} {element.get('data-toggle', '')}"
    hints += f" {element.get('data-bs-toggle', '')}"
    return href in ("", "#") or href.startswith(("#", "javascript")) or "dropdown" in hints


def _label_text(element: etree._Element, budget: WorkBudget) -> str:
    text = text_content(element)
    budget.spend(1 + len(text) // 1_000)
    return _clean_label(text)


def _clean_label(text: str) -> str:
    """A heading's words without the decoration around them ("-- Pilih OPD --" -> "OPD")."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_LABEL_CHARS:
        return ""
    match = _PLACEHOLDER.match(text)
    return match.group(1) if match and match.group(1) else text


def _select_label(select: etree._Element) -> str:
    """The name of a jump menu: its aria-label or title, else its placeholder option."""
    for name in ("aria-label", "title", "data-placeholder"):
        label = _clean_label(select.get(name) or "")
        if label:
            return label
    for option in select.iter("option"):
        value = (option.get("value") or "").strip()
        if value in ("", "#", "0", "-"):
            return _clean_label(text_content(option))
        break  # only the first option is a placeholder
    return ""


def _is_footer(element: etree._Element, tag: str) -> bool:
    if tag == "footer" or element.get("role") == "contentinfo":
        return True
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    if "foot" not in names and "colophon" not in names:
        return False  # the common case, without splitting
    return any(_FOOTER_TOKEN.search(token) for token in names.split())


def _link_target(element: etree._Element, tag: str, base: str) -> str | None:
    if tag == "a" or tag == "area":
        return absolute(base, element.get("href"))
    if tag == "option":
        value = (element.get("value") or "").strip()
        # Only absolute URLs: a select of "1", "2" or "dinkes" is a form, not a jump menu.
        return absolute(base, value) if value.lower().startswith(("http://", "https://")) else None
    return None


def _site_link(
    element: etree._Element,
    tag: str,
    url: str,
    labels: tuple[str, ...],
    footer: bool,
    page_url: str,
) -> SiteLink:
    text = " ".join(text_content(element).split())
    if not text:
        text = element.get("title") or next(
            (img.get("alt") or "" for img in element.iter("img") if img.get("alt")), ""
        )
        text = " ".join(text.split())
    # The nearest label that names a list of agencies, else the nearest: a jump menu's
    # "-- Pilih Situs --" says less than the "Perangkat Daerah Lainnya" heading above it.
    directory = next((label for label in labels if _DIRECTORY_LABEL.search(label)), "")
    if directory:
        place = LinkPlace.DIRECTORY
    elif footer:
        place = LinkPlace.FOOTER
    else:
        place = LinkPlace.CONTENT
    label = directory or (labels[0] if labels else "")
    return SiteLink(url=url, text=text[:MAX_TEXT], label=label, place=place, found_on=page_url)


# --------------------------------------------------------------------------- the site's name

#: Classes of the element holding a site's name in its header, most specific first: the title
#: inside a WordPress "site-branding" (which also holds the tagline), then the brand box.
_BRAND_TITLE = re.compile(
    r"(?:^|[-_ ])(?:site-title|site-name|navbar-brand|logo-title|nama-instansi|nama-situs"
    r"|header-title)(?:$|[-_ ])",
    re.IGNORECASE,
)
_BRAND = re.compile(r"(?:^|[-_ ])(?:brand|site-branding|logo-text)(?:$|[-_ ])", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»•·]+\s+|\s*[|»•]\s*|:\s+")
#: Words a title or brand puts before the name ("Selamat Datang di Website Resmi …").
_GENERIC_PREFIX = re.compile(
    r"^(?:(?:beranda|home|homepage|halaman utama|selamat datang(?: di)?|welcome(?: to)?"
    r"|website resmi|situs resmi|portal resmi|official website(?: of)?|web resmi|website"
    r"|situs|official site(?: of)?)\b[\s:,.-]*)+",
    re.IGNORECASE,
)
#: Parts of a title that name nothing: the page, the software, a greeting.
_GENERIC_PARTS = re.compile(
    r"^(?:beranda|home|homepage|index|halaman utama|main page|welcome|selamat datang|opensid"
    r"|wordpress|joomla|website|situs|web|portal|official website|website resmi|situs resmi"
    r"|just another wordpress site|my blog|untitled|default)$",
    re.IGNORECASE,
)
#: Words of a part that names a body (what a slogan never does).
_BODY_WORD = re.compile(
    r"\b(?:dinas|badan|bagian|sekretariat|inspektorat|kantor|rsud|rumah sakit|ppid|kecamatan"
    r"|kelurahan|desa|pemerintah|pemkab|pemkot|pemprov|kabupaten|kota|provinsi|dprd|opd|upt"
    r"|puskesmas|satuan|unit|lembaga|nagari|gampong|kampung)\b",
    re.IGNORECASE,
)
_PLACE_PART = re.compile(r"^(?:kab\.?|kabupaten|kota|provinsi|prov\.?)\s+\S", re.IGNORECASE)


def site_name(html: Html) -> str:
    """The name a site gives itself: og:site_name, else a header/brand element, else <title>
    stripped of "Beranda"/"Home" and of separators' generic halves; "" if none.

    "Beranda - Dinas Pendidikan | Kab. Bengkalis" -> "Dinas Pendidikan Kab. Bengkalis": the
    part that names a body, with the region when the title gives it apart. Honest, not clever:
    no abbreviation is expanded and nothing is made up.
    """
    root = parsed(html)
    if root is None:
        return ""
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in ("og:site_name", "application-name"):
            name = _name_of(meta.get("content") or "")
            if name:
                return name
    brand = _brand(root)
    title_element = next(root.iter("title"), None)
    title = _name_of(text_content(title_element)) if title_element is not None else ""
    # A logo line that names no body ("Pemkab", "SIMANIS") says less than a title that does.
    if brand and (_BODY_WORD.search(brand) or not _BODY_WORD.search(title)):
        return brand
    return title or brand


def _brand(root: etree._Element) -> str:
    """The text (or logo's alt text) of the header element styled as the site's name: a
    site-title first, else the first brand box."""
    broad = ""
    for count, element in enumerate(root.iter()):
        if count > 5_000:
            break  # the brand is at the top of the page
        classes = f"{element.get('class', '')} {element.get('id', '')}"
        if not classes.strip():
            continue
        if _BRAND_TITLE.search(classes):
            name = _element_name(element)
            if name:
                return name
        elif not broad and _BRAND.search(classes):
            broad = _element_name(element)
    return broad


def _element_name(element: etree._Element) -> str:
    text = " ".join(text_content(element).split())
    if not text:
        alt = next((img.get("alt") or "" for img in element.iter("img") if img.get("alt")), "")
        text = " ".join(alt.split())
    return _name_of(text)


def _name_of(text: str) -> str:
    """A title or brand line cut down to the name of the body it belongs to."""
    text = " ".join(text.split())
    if not text:
        return ""
    parts = [_GENERIC_PREFIX.sub("", part).strip(" ,.-") for part in _TITLE_SEPARATORS.split(text)]
    parts = [part for part in parts if part and not _GENERIC_PARTS.match(part)]
    if not parts:
        return ""
    named = [part for part in parts if _BODY_WORD.search(part)]
    first = named[0] if named else parts[0]
    if not _PLACE_PART.search(first) and not re.search(
        r"\b(?:kabupaten|kab\.|kota|provinsi)\b", first, re.IGNORECASE
    ):
        place = next((part for part in parts if _PLACE_PART.match(part)), "")
        if place and place != first:
            first = f"{first} {place}"
    return first[:MAX_NAME_CHARS]


# -- where a portal lists other sites: its section pages, its sitemap -----------------

#: Anchors looked at on one page when choosing its section pages (the menus come first).
MAX_ANCHORS = 2_000


#: Words of a menu entry or a path that leads to a list of agencies, districts or villages,
#: strongest first: a page about one of them is worth less than the list of all of them.
_STRONG_SECTION = re.compile(
    r"\b(opd|skpd|perangkat daerah|satuan kerja|unit kerja|instansi|kecamatan|kelurahan|desa"
    r"|nagari|kampung|link|links|tautan|direktori|subdomain|sub domain|website|situs)\b"
)
_WEAK_SECTION = re.compile(r"\b(dinas|badan|pemerintahan|organisasi|lembaga|web|daerah)\b")
_FILE = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|zip|rar|jpe?g|png|gif|webp|mp4)$", re.IGNORECASE)
#: Words of pages that are never a list of sites: logins, search, print views, and news
#: ("Dinas Pendidikan raih juara" names an agency but lists none).
_NEVER_SECTION = re.compile(
    r"\b(login|logout|admin|wp admin|wp login|cari|search|cetak|print|berita|artikel|news"
    r"|post|galeri|gallery|foto|video|agenda|pengumuman|download|unduh)\b"
)


def section_pages(html: Html, page_url: str) -> list[str]:
    """The page's links on its own site that likely list agencies (a "Perangkat Daerah" or
    "Kecamatan" menu entry, a `/link-opd` page), best first, each once. Articles, feeds,
    sitemaps and files are left out."""
    doc = parsed(html)
    if doc is None:
        return []
    scored: dict[str, tuple[int, int]] = {}  # url -> (-score, position)
    for position, anchor in enumerate(doc.iter("a")):
        if position >= MAX_ANCHORS:
            break
        url = absolute(page_url, anchor.get("href"))
        if url is None or not same_site(url, page_url) or url.rstrip("/") == page_url.rstrip("/"):
            continue
        text = " ".join((text_content(anchor) or anchor.get("title") or "").lower().split())
        score = _section_score(url, text)
        if score > 0 and url not in scored:
            scored[url] = (-score, position)
    return sorted(scored, key=lambda url: scored[url])


def _section_score(url: str, text: str) -> int:
    parts = urlsplit(url)
    path = re.sub(r"[^a-z0-9]+", " ", f"{parts.path} {parts.query}".lower())
    if is_article_url(url) or is_feed_url(url) or is_sitemap_url(url) or _FILE.search(parts.path):
        return 0
    if _NEVER_SECTION.search(path) or _NEVER_SECTION.search(text):
        return 0
    score = 0
    for words in (text, path):
        if _STRONG_SECTION.search(words):
            score += 2
        elif _WEAK_SECTION.search(words):
            score += 1
    return score


def sitemap_site_links(body: bytes, sitemap_url: str) -> list[SiteLink]:
    """The URLs a sitemap (XML, gzip or plain text) lists on hosts other than its own, as
    SITEMAP links, one per site (the regency portal's sitemap often lists its agencies')."""
    document = xml_root(body)
    if document is not None:
        if local_name(document) != "urlset":
            return []
        nodes = iter_named(document, "url", MAX_SITEMAP_ENTRIES)
        locs = [first_text(node, "loc") for node in nodes]
    else:
        locs = text_sitemap_urls(body)
    found: dict[str, SiteLink] = {}
    own = host_of(sitemap_url)
    for loc in locs:
        url = absolute(sitemap_url, loc)
        root = homepage_url(url) if url else ""
        if url is None or not root or host_of(url) == own or root in found:
            continue
        found[root] = SiteLink(url, "", "", LinkPlace.SITEMAP, sitemap_url)
    return list(found.values())
