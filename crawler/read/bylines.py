"""Dates printed in a page's content: `<time>`/`itemprop` elements and bylines near the title.

An article's own date sits beside its title; every other date in the content belongs to
something else: another page's title in a list of recent items, a row of a register of
documents, an event the text talks about, a modification stamp. These steps read the
first and pass over the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import lru_cache
from itertools import chain, islice

from lxml import etree

from crawler.read.article import Page, PageDate, machine_or_human, snippet
from crawler.read.structure import (
    HEADING_TAGS,
    MAX_CACHED_ATTRS,
    Segment,
    article_type,
    class_names,
    elements,
    is_page_link,
    text_content,
    text_length,
)
from crawler.read.written_dates import DateMatch, find_dates, parse_date
from crawler.substrings import AnyOf
from crawler.urls import absolute

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
#: Rows of one table dated in the same column: a register of documents, not a byline.
REGISTER_ROWS = 2
# "Diperbarui 12 Juni 2023", "Updated: ...", "Stand: 3. März 2020": modification, not
# publication, in the languages whose month names are read (crawler.read.written_dates).
# Verbs and their nouns: a Plone site prints "Última modificação", a German one "Letzte
# Änderung", an English one "Page last reviewed". A word missing here lets a stamp of the
# last edit be read as the publication: the too-new error. A word too many passes over a
# date (errs toward "undated"); left out are nouns that end headlines ("APBD Perubahan",
# "Pemutakhiran Data"), where "Perubahan terakhir" still has its "terakhir".
MODIFIED_KEYWORDS = (
    "diperbarui", "diperbaharui", "diupdate", "di-update", "updated", "update", "terakhir",
    "diubah", "diedit", "disunting",
    "modified", "modification", "revised", "revision", "revisi", "reviewed", "edited",
    "amended", "last changed", "aktualisiert", "aktualisierung", "geändert", "änderung",
    "bearbeitet", "stand", "akt.", "aktual.", "upd.", "mis à jour", "mise à jour", "modifié",
    "modifiée", "actualisé",
    "actualisée", "actualizado", "actualizada", "actualización", "modificado", "modificada",
    "modificación", "modificação", "atualizado", "atualizada", "atualização", "alterado",
    "alterada", "alteração", "revisado", "revisada", "aggiornato", "aggiornata",
    "aggiornamento", "modificato", "modificata", "modifica", "bijgewerkt", "gewijzigd",
    "wijziging", "aangepast", "güncellendi", "güncelleme", "düzenlendi", "zaktualizowano",
    "aktualizacja", "zmieniono", "zmodyfikowano", "aktualizováno", "upraveno", "oppdatert",
    "opdateret", "uppdaterad", "päivitetty", "cập nhật", "обновлено", "изменено", "更新",
    "修改", "修正", "수정", "업데이트",
)  # fmt: skip
#: The longest keyword, as collapsed text spells it: how far back `_keyword_start` looks.
MODIFIED_KEYWORD_CHARS = max(map(len, MODIFIED_KEYWORDS))


def _any_of(words: Iterable[str]) -> str:
    """A pattern for one of `words`, a space in them standing for any whitespace."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)


def _words_then_date(words: Iterable[str]) -> re.Pattern[str]:
    """One of `words`, then at most two words, ending where a date starts: "Diperbarui
    pada", "Veröffentlicht am", "Posted on". The word is not the start of a longer one
    ("Stand" of "Standard"): no lower-case letter follows it. A capital may: text nodes are
    joined without spaces ("UpdatedApril 25, 2016"), and CJK words have none anyway."""
    return re.compile(
        rf"(?:{_any_of(words)})(?-i:(?![a-zß-ÿ]))\W{{0,3}}(?:\w+\W{{1,3}}){{0,2}}$",
        re.IGNORECASE,
    )


def _longest_words(keywords: Iterable[str]) -> AnyOf:
    """The longest word of each keyword ("partir" of "a partir del"): a text holding none of
    them holds no keyword. A dotless "ı" is also looked for as "i": "YAYINLANDI" lowers to
    "yayinlandi", which the case-blind pattern reads as "yayınlandı"."""
    words = [max(keyword.split(), key=len) for keyword in keywords]
    return AnyOf([*words, *(word.replace("ı", "i") for word in words if "ı" in word)])


#: The four letters re.IGNORECASE matches to ASCII letters that `str.lower` does not give
#: ("İ" is an "i" to the regex, "i̇" to `lower`): a text holding one is left to the regex.
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")


def _holds_none(words: AnyOf, text: str) -> bool:
    """Whether `text` surely holds none of the keywords `words` gates: the cheap test (one
    pass, in C) before a case-blind pattern of them that would try every position. Lower-cased
    substrings find what the pattern finds, but for the letters `_ODD_CASE` names."""
    if not text.isascii() and _ODD_CASE.search(text) is not None:
        return False
    return not words.in_text(text.lower())


MODIFIED_WORDS = _words_then_date(MODIFIED_KEYWORDS)
_MODIFIED_WORDS_IN = re.compile(_any_of(MODIFIED_KEYWORDS), re.IGNORECASE)
_MODIFIED_GATE = _longest_words(MODIFIED_KEYWORDS)


def may_name_a_modification(text: str) -> bool:
    """Whether `text` holds one of the modification keywords: the cheap test before reading
    its dates with `modified_at`."""
    return not _holds_none(_MODIFIED_GATE, text) and _MODIFIED_WORDS_IN.search(text) is not None


# "Pendaftaran dibuka hingga 30 Juni 2023", "Deadline: 30 June", "Berlaku mulai 1 Juli",
# "Acara digelar pada 5 Juni": the day something closes, opens, expires or takes place,
# mostly after the page was written. Read as its byline, its dateline or an item's date it
# is the too-new error; passed over, the page is dated by another step or not at all.
BOUND_KEYWORDS = (
    "hingga", "sampai", "s.d.", "s/d", "sd.", "paling lambat", "selambat-lambatnya", "batas",
    "tenggat", "berakhir", "ditutup", "dibuka", "mulai", "berlaku", "terhitung", "jadwal",
    "dilaksanakan", "diselenggarakan", "digelar", "diadakan", "until", "till", "deadline",
    "due", "before", "expires", "expiry", "closing", "closes", "opens", "valid", "effective",
    "starting", "held", "scheduled", "bis", "frist", "anmeldeschluss", "einsendeschluss",
    "bewerbungsschluss", "spätestens", "gültig", "jusqu'au", "jusqu’au", "avant le",
    "date limite", "à partir du", "dès le", "aura lieu", "hasta", "plazo", "vence",
    "a partir del", "antes del", "até", "prazo", "a partir de", "vigência", "fino al",
    "entro il", "scadenza", "a partire dal", "si terrà", "uiterlijk", "vanaf", "geldig", "t/m",
    # An event's own details: "Hari/Tanggal : Senin, 12 Juni 2023 | Waktu | Tempat" is the
    # day of the meeting an invitation or announcement is about, after its posting.
    "hari/tanggal", "hari / tanggal", "hari, tanggal", "pelaksanaan", "berlangsung",
    "dilangsungkan", "bertempat", "takes place", "take place", "taking place", "findet",
    "tendrá lugar", "se celebrará", "será realizado", "será realizada",
)  # fmt: skip
#: A bound keyword as a word of its own, then at most two words, ending where a date starts.
_BOUND_BEFORE = re.compile(rf"(?<!\w){_words_then_date(BOUND_KEYWORDS).pattern}", re.IGNORECASE)
#: How far before a date `bound_at` looks: the longest keyword and two words.
BOUND_REACH = 60


_BOUND_GATE = _longest_words(BOUND_KEYWORDS)


def bound_at(text: str, start: int) -> bool:
    """Whether the date starting at `start` in `text` is a bound or an appointment ("hingga
    30 Juni 2023", "Deadline: 30 June 2023"), not the day the text was written."""
    reach = max(0, start - BOUND_REACH)
    if _holds_none(_BOUND_GATE, text[reach:start]):
        return False  # most dates
    return bool(_BOUND_BEFORE.search(text, reach, start))


_BYLINE_CLASS = re.compile(
    r"date|tanggal|tgl|time|waktu|meta|byline|posted|author|penulis|info|detail", re.IGNORECASE
)
# "Kemarin"/"hari ini" alone are dates only in a byline: counters label rows with them.
_BARE_WORD = re.compile(r"^\D*$")
_WORD = re.compile(r"\S+")
_CLOCK = re.compile(r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b")
# Where a theme keeps the exact moment behind "2 minggu yang lalu" (a tooltip, mostly).
_EXACT_TIME_ATTRS = ("title", "datetime", "data-date", "data-time", "data-original-title")


# ---------------------------------------------------------------------------
# <time> and itemprop in the content


def time_published(page: Page) -> PageDate | None:
    """The dated `<time>`/`itemprop` element closest kin to the title (in the title's own
    header before one in the article around it), nearest after it (else the first)."""
    dated: list[tuple[etree._Element, date, str]] = []
    own = _own_article(page)
    for element in _dated(page):
        if _a_modification(element) or _of_another_thing(element):
            continue
        page.budget.spend()
        if not _the_titles_own(element, page) and _elsewhere(element, page, own):
            continue
        value = element.get("datetime") or element.get("content") or element.get("title") or ""
        day = machine_or_human(value, page) if value else None
        if day is None:
            value = text_content(element)
            day = (
                parse_date(
                    value[:200],
                    now=page.now,
                    budget=page.budget,
                    month_first=page.month_first,
                    language=page.language,
                )
                if value.strip()
                else None
            )
        if day is not None and page.plausible(day):
            dated.append((element, day, value))
    if not dated:
        return None
    *indexes, title_index = page.positions([*(e for e, _, _ in dated), page.title])  # None: -1
    candidates: list[tuple[tuple[int, int, int], date, str]] = []
    for (element, day, value), index in zip(dated, indexes, strict=True):
        if day == page.today and (index < title_index or page.today_in_noise):
            continue  # a today's-date widget that happens to use <time>
        rank = (-_kinship(element, page), 0 if index > title_index else 1, abs(index - title_index))
        candidates.append((rank, day, value))
    if not candidates:
        return None
    _, day, value = min(candidates, key=lambda candidate: candidate[0])
    return PageDate(day, "time", snippet(value))


def _elsewhere(element: etree._Element, page: Page, own: etree._Element | None) -> bool:
    """Whether a dated element lies where the page's own date does not: a noise region, a
    teaser of another article (its own `<article>`, or a container whose heading links another
    page), a list item or a register row beside another page's title or a document."""
    if page.noise_at(element):
        return True
    if own is not None and _in_another_article(element, page):
        return True
    parent = element.getparent()
    if parent is None:
        parent = element
    return in_list_item(parent, page) or in_register(parent, page) or _in_a_teaser(element, page)


def _kinship(element: etree._Element, page: Page) -> int:
    """How deep the nearest container of both `element` and the title lies (0: none, or no
    title): a teaser's date shares only the page's wrapper with the title, the article's own
    date its header."""
    depths = page.title_depths
    return next((depths[a] for a in element.iterancestors() if a in depths), 0)


#: How far above a dated element a teaser's linked heading may sit ("<li><h3><a/></h3><p/>
#: <div><time/></div></li>"): further than a list item's, below the title's own containers.
TEASER_LEVELS = 3


def _in_a_teaser(element: etree._Element, page: Page) -> bool:
    """A teaser of another page: a container, not one of the title's, whose heading links
    another page, a few levels above the date (however long its summary)."""
    if page.title is None:
        return False  # no title: which containers are the page's own is unknown
    for container in islice(element.iterancestors(), TEASER_LEVELS):
        if container in page.title_line:
            return False
        if container not in page.teasers:
            page.teasers[container] = _heads_a_link(container, page)
        if page.teasers[container]:
            return True
    return False


def _heads_a_link(container: etree._Element, page: Page) -> bool:
    # Headings found by tag, in C: an XPath testing six tags on every element costs more.
    for heading in container.iter(*HEADING_TAGS):
        if heading is container:
            continue  # its descendants only
        for link in heading.iter("a"):
            page.budget.spend()
            if is_page_link(link) and not _is_self_link(link, page.url):
                return True
    return False


def _own_article(page: Page) -> etree._Element | None:
    """The `<article>` element that holds the title, if one does."""
    return next(page.title.iterancestors("article"), None) if page.title is not None else None


def _in_another_article(element: etree._Element, page: Page) -> bool:
    """Whether `element` lies in an `<article>` that is not the title's nor one around it."""
    article = next(element.iterancestors("article"), None)
    return article is not None and article not in page.title_line


def _the_titles_own(element: etree._Element, page: Page) -> bool:
    """The one `datePublished` of the article microdata item that holds the title: the page's
    own date by its own markup, whatever region the noise walk guessed for it (a
    "related-content" wrapper around the text). Several in the item: which is its own is
    unknown (teasers marked up without their own item), and the region decides."""
    if (element.get("itemprop") or "").lower() != "datepublished":
        return False
    scope = next((e for e in element.iterancestors() if e.get("itemscope") is not None), None)
    return (
        scope is not None
        and scope in page.title_line
        and article_type(scope.get("itemtype") or "")
        and len(elements(scope, _PUBLISHED_PROPS)) == 1
    )


_PUBLISHED_PROPS = etree.XPath(
    "descendant::*[translate(@itemprop, 'DATEPUBLISHD', 'datepublishd') = 'datepublished']"
)


def _of_another_thing(element: etree._Element) -> bool:
    """A date of the microdata item it sits in when that item is no article: an embedded
    video's or image's upload, an event's day, a comment's or a review's."""
    scope = next(
        (e for e in chain((element,), element.iterancestors()) if e.get("itemscope") is not None),
        None,
    )
    return scope is not None and _OTHER_ITEM.search(scope.get("itemtype") or "") is not None


_OTHER_ITEM = re.compile(
    r"(?:Video|Image|Audio|Media)Object|Clip|Episode|Event|Comment|Review|Offer|Product"
    r"|Person|Organization",
    re.IGNORECASE,
)


def _dated(page: Page) -> list[etree._Element]:
    """`dated_elements` of the page, found once: the `<time>` step and the htmldate step's
    cleaning both read them."""
    if page.dated is None:
        page.dated = list(dated_elements(page.root))
    return page.dated


def dated_elements(root: etree._Element) -> Iterator[etree._Element]:
    """`<time>`, microdata date properties and hAtom's `abbr.published`, in document order."""
    for element in elements(root, _MAYBE_DATED):  # the few candidates, picked in C
        if element.tag == "time" or (element.get("itemprop") or "").lower() in _DATE_PROPS:
            yield element
        elif element.tag == "abbr" and "published" in (element.get("class") or ""):
            yield element  # hAtom microformat


_DATE_PROPS = frozenset({"datepublished", "datemodified", "datecreated"})
# Plain node tests only: XPath string functions on every element cost more than a Python loop.
_MAYBE_DATED = etree.XPath("descendant-or-self::*[self::time or @itemprop or self::abbr]")


def _a_modification(element: etree._Element) -> bool:
    """A dated element that is a modification stamp: by its own attributes, by its wrapper's
    ("<span class='timestamp-updated'><time>"), or by the label just before it in its parent
    ("<span>Updated:</span> <time>")."""
    parent = element.getparent()
    if is_modified_element(element) or (parent is not None and is_modified_element(parent)):
        return True
    if parent is None:
        return False
    # The label is the text just before: the tails and texts of the nearest preceding
    # siblings, then the parent's own text (a few siblings: a row of thousands of dated
    # elements must not make this quadratic).
    siblings = list(islice(element.itersiblings(preceding=True), LABEL_SIBLINGS))
    pieces: list[str] = []
    for sibling in siblings:
        pieces += [sibling.tail or "", text_content(sibling)[-LABEL_CHARS:]]
    if len(siblings) < LABEL_SIBLINGS:
        pieces.append(parent.text or "")  # the first children: the parent's text opens it
    label = " ".join("".join(reversed(pieces)).split())[-LABEL_CHARS:]
    return bool(label) and modified_at(f"{label} ", len(label) + 1)  # as if a date followed


#: How much of the text before a dated element may hold its label, and in how many siblings.
LABEL_CHARS = 60
LABEL_SIBLINGS = 2


def is_modified_element(element: etree._Element) -> bool:
    prop = (element.get("itemprop") or "").lower()
    if prop == "datemodified":
        return True
    if prop in ("datepublished", "datecreated"):
        return False
    classes = (element.get("class") or "").lower()
    return ("updated" in classes or "modified" in classes) and "published" not in classes


def modification_stamps(page: Page) -> list[etree._Element]:
    """Content elements that say when the page was touched: "Terakhir Diperbarui ...".

    Themes bump them on every save (some on every view): they bound the publication
    from above, so read as a publication date they are the too-new error.
    """
    stamps = [e for e in _dated(page) if is_modified_element(e)]
    for segment in page.segments:
        page.budget.spend()
        matches = page.dates_in(segment.text)  # first: most segments hold no date
        if not matches or text_length(segment.block, page.lengths) > BYLINE_SEGMENT_CHARS:
            continue  # none, or a stamp in a container's own text (the rest may be the article)
        if all(_is_modified(segment, match) for match in matches):
            stamps.append(segment.block)
    return stamps


# ---------------------------------------------------------------------------
# Bylines near the title


def byline_published(page: Page) -> PageDate | None:
    """The first dated byline near the title (read once a page: the JSON-LD and meta steps
    ask again for each stamp of the crawl day)."""
    if not page.byline_read:
        page.byline, page.byline_read = _byline(page), True
    return page.byline


def _byline(page: Page) -> PageDate | None:
    for segment, before_title, labels in _byline_segments(page):
        page.budget.spend()
        words_from = _word_start(segment.text, BYLINE_WORDS_BEFORE)
        found = (
            match
            for match in page.dates_in(segment.text)
            if _byline_date(match, segment, before_title, labels, words_from, page)
        )
        first = next(found, None)
        if first is None:
            continue
        day = first.date
        if first.relative:
            # "12 minutes ago" counts from when the page was rendered (a cached page's is
            # past); the byline's own date beside it is exact. The older of the two.
            exact = _exact_time(segment, first, page)
            printed = next((match.date for match in found if not match.relative), None)
            day = exact or (min(day, printed) if printed is not None else day)
        return PageDate(day, "byline", snippet(segment.text))
    return None


def _byline_date(
    match: DateMatch,
    segment: Segment,
    before_title: bool,
    labels: str,
    words_from: int,
    page: Page,
) -> bool:
    """Whether `match`, in a segment near the title, is the page's byline date."""
    page.budget.spend()
    if _is_modified(segment, match):
        return False  # "Diperbarui pada ...": when it was touched, not published
    if _bound(labels, segment.text, match.start):
        return False  # "Pendaftaran hingga 30 Juni": a deadline, after the writing
    if match.date == page.today and (before_title or (page.today_in_noise and not match.relative)):
        return False  # the header's today's-date widget ("5 jam yang lalu" is none)
    if match.relative and _BARE_WORD.match(match.text) and not _bylinish(segment, page):
        return False  # "Kemarin" in an unlabelled visitor-counter table
    if segment.link_chars - len(match.text) >= LINK_TITLE_CHARS or in_list_item(
        segment.block, page
    ):
        return False  # a dated link to another page: an unlabelled "recent news" item
    if in_register(segment.block, page):
        return False  # a document's upload date in a register, not the page's byline
    if _in_a_figcaption(segment.block):
        return False  # "Audio: Antenne | 24.04.2024 | Bild: ...": the figure's, not the page's
    # A segment's text is collapsed and stripped: a match after its start has words before.
    if match.relative and len(segment.text) > BYLINE_SEGMENT_CHARS and match.start > 0:
        return False  # "I went to Antarctica 20 years ago, and ...": a sentence's time
    # "the next meeting is on 5 February": an event, not a byline
    return not _in_prose(segment, match.start, words_from, page)


def _in_a_figcaption(block: etree._Element) -> bool:
    """Whether `block` is (in) a figure's caption: a photo's or a recording's date."""
    return block.tag == "figcaption" or next(block.iterancestors("figcaption"), None) is not None


#: Words that label a date as the page's publication, in the languages dates are read in.
PUBLISHED_LABELS = (
    "published", "publish date", "publication date", "posted on", "posted", "released",
    "diterbitkan", "terbit", "dipublikasikan", "dipublikasi", "diposting", "diposkan",
    "dirilis", "tanggal publikasi", "veröffentlicht", "erschienen", "publié le", "publié",
    "publiée", "mise en ligne", "mis en ligne", "publicado", "publicada", "publicación",
    "pubblicato", "pubblicata", "gepubliceerd", "geplaatst", "opublikowano", "publikováno",
    "yayınlanma", "yayınlandı", "опубликовано", "发布时间", "发布", "發布", "发表", "發表",
    "公開日", "投稿日", "게시일",
)  # fmt: skip
#: A label, then at most two words ("am", "on", "pada", "le") before the date.
_LABEL_BEFORE = _words_then_date(PUBLISHED_LABELS)
_LABEL_GATE = _longest_words(PUBLISHED_LABELS)


def _ends_in_a_label(text: str) -> bool:
    """Whether `text` ends in a publication label and at most two words (`_LABEL_BEFORE`);
    most texts hold no label word at all, which one pass in C tells."""
    return not _holds_none(_LABEL_GATE, text) and _LABEL_BEFORE.search(text) is not None


#: How far before a date its publication label may start: the longest label and two words.
LABEL_REACH = 60


def labelled_as_published(text: str, start: int) -> bool:
    """Whether the date at `start` follows a publication label ("Published", "Diterbitkan")."""
    return _ends_in_a_label(text[max(0, start - LABEL_REACH) : start])


#: A block holding nothing but a label ("Mise en ligne" above "23 mai 2019") is this short.
LABEL_BLOCK_CHARS = 40


def labelled_published(page: Page) -> PageDate | None:
    """A date the content labels as the publication ("Published: ...", "Veröffentlicht am
    ...", "Mise en ligne | 23 mai 2019"), wherever it sits: some layouts print it under
    the article, in a credits box or a sidebar of facts, far from the title.

    The guards of the byline hold: no noise region, no item of a list of other pages, no
    register row, no modification stamp, no today's-date widget.
    """
    previous = ""
    for segment in page.segments:
        if segment.noise:
            previous = ""
            continue
        page.budget.spend()
        label_above = len(previous) <= LABEL_BLOCK_CHARS and _ends_in_a_label(previous)
        previous = segment.text
        for match in page.dates_in(segment.text):
            page.budget.spend()
            if match.relative:
                continue  # "2 hours ago" under a label: the byline step reads those
            # A label above counts for a date that opens its segment (collapsed and stripped).
            opens = match.start == 0
            if not (labelled_as_published(segment.text, match.start) or (label_above and opens)):
                continue
            if _is_modified(segment, match) or match.date == page.today:
                continue
            if not _own_date(match, segment, page):
                continue  # beside another page's link, an item of a list or a register
            return PageDate(match.date, "labelled", snippet(f"{previous} {segment.text}"))
    return None


def labelled_update(page: Page) -> PageDate | None:
    """The page's own "last updated" line, when no step found its publication: a licence, a
    terms page, an "about" page or a landing page prints only that ("Stand: 26.10.2023",
    "Zuletzt geändert am 06.11.2023", "Terakhir diperbarui 3 Maret 2020").

    It is a modification date (`PageDate.modified`): the site estimate lets it speak only
    when no publication date does, as it does a sitemap's `lastmod`. The byline's guards
    hold, and a stamp of the crawl day is passed over: themes bump some to every request.
    Of several such lines the oldest counts, and only when no older date stands in the page's
    own content (beside no link to another page): that may be the publication no step could
    place ("Last Updated: January 7, 2025" over a 2020 article), and then the page is undated.
    """
    found: PageDate | None = None
    oldest: date | None = None
    for segment in page.segments:
        if segment.noise:
            continue
        page.budget.spend()
        for match in page.dates_in(segment.text):
            page.budget.spend()
            newer = oldest is not None and match.date > oldest
            if newer or not _own_date(match, segment, page):
                continue
            oldest = match.date
            if _is_modified(segment, match) and not match.relative and match.date != page.today:
                # "Updated 5 hours ago" counts from the render; "today" may be a theme's bump
                found = PageDate(match.date, "updated", snippet(segment.text), modified=True)
    return found if found is not None and found.date == oldest else None


def _own_date(match: DateMatch, segment: Segment, page: Page) -> bool:
    """Whether `match` stands in the page's own content, not beside another page's link."""
    if segment.link_chars - len(match.text) >= LINK_TITLE_CHARS:
        return False
    return not (in_list_item(segment.block, page) or in_register(segment.block, page))


#: A container of the title this long holds the article's text, not just its heading.
ARTICLE_MIN_CHARS = 400
#: The article's closing lines read for a dateline ("Bengkalis, 19 Juni 2023", a signature).
CLOSING_SEGMENTS = 3


def closing_dateline(page: Page) -> PageDate | None:
    """A dateline closing the article's text: "Bengkalis, 19 Juni 2023" above a signature,
    "(22. Februar 2019)" after the last paragraph. Some pages print their date only there.

    Only the last few short segments inside the element that holds the title and the text
    are read, each with the byline's guards; a date deep in a sentence is an event.
    """
    container = _article_container(page)
    if container is None:
        return None
    inside = [s for s in page.segments if not s.noise and _within(s.block, container)]
    for at in range(len(inside) - 1, max(-1, len(inside) - 1 - CLOSING_SEGMENTS), -1):
        segment = inside[at]
        page.budget.spend()
        if len(segment.text) > BYLINE_SEGMENT_CHARS or segment.in_title:
            continue
        words_from = _word_start(segment.text, BYLINE_WORDS_BEFORE)
        for match in page.dates_in(segment.text):
            if match.relative or words_from < match.start or _is_modified(segment, match):
                continue
            if _bound(_labels(inside[max(0, at - LABEL_SEGMENTS) : at]), segment.text, match.start):
                continue
            if match.date == page.today and page.today_in_noise:
                continue
            if not _own_date(match, segment, page):
                continue  # beside another page's link, an item of a list or a register
            return PageDate(match.date, "dateline", snippet(segment.text))
    return None


def _article_container(page: Page) -> etree._Element | None:
    """The nearest container of the title that holds the article's text as well."""
    if page.title is None:
        return None
    for ancestor in page.title.iterancestors():
        if ancestor.tag in ("body", "html"):
            return None
        if text_length(ancestor, page.lengths) >= ARTICLE_MIN_CHARS:
            return ancestor
    return None


def _within(element: etree._Element, container: etree._Element) -> bool:
    return element is container or any(a is container for a in element.iterancestors())


def _is_modified(segment: Segment, match: DateMatch) -> bool:
    return modified_at(segment.text, match.start)


def modified_at(text: str, start: int) -> bool:
    """Whether the date starting at `start` in `text` follows modification words, in any of
    the languages read: "Diperbarui pada 19 Juni 2023", "Aktualisiert am ...", "Updated: ..."."""
    begin = _modified_words_start(text, start)
    if _holds_none(_MODIFIED_GATE, text[begin:start]):
        return False  # most dates
    return bool(MODIFIED_WORDS.search(text, begin, start))


def _modified_words_start(text: str, end: int) -> int:
    """The earliest start of a MODIFIED_WORDS match ending at `end`, or before it.

    The pattern is a keyword (at most 12 characters in collapsed text), up to 3 non-word
    characters, then at most two words each followed by 1 to 3 non-word characters. Searching
    from here finds what searching from the text's start does, without reading the whole
    text again before each of thousands of dates in one segment.
    """
    start = _keyword_start(text, end)
    if end and text[end - 1] == "\n":  # `$` also matches before a newline that ends the text
        start = min(start, _keyword_start(text, end - 1))
    return start


def _keyword_start(text: str, end: int) -> int:
    at = end
    for _ in range(2):
        at = _back_over(text, at, word=False, most=3)
        at = _back_over(text, at, word=True, most=end)
    at = _back_over(text, at, word=False, most=3)
    at = max(0, at - MODIFIED_KEYWORD_CHARS)
    while at > 0 and text[at - 1].isspace():  # "last\s+edited" in a text not collapsed
        at -= 1
    return max(0, at - MODIFIED_KEYWORD_CHARS)


def _back_over(text: str, at: int, *, word: bool, most: int) -> int:
    """`at` moved back over at most `most` word (or non-word) characters, as `\\w` reads them."""
    stop = max(0, at - most)
    while at > stop and (text[at - 1].isalnum() or text[at - 1] == "_") is word:
        at -= 1
    return at


def _byline_segments(page: Page) -> Iterator[tuple[Segment, bool, str]]:
    """Short content segments after the title, then those just above it, nearest first;
    each with the title's side it is on, and the label cells before it (`_labels`)."""
    if page.title is None:
        # No title found: only elements that look like bylines by their class.
        for segment in page.segments:
            short = len(segment.text) <= BYLINE_SEGMENT_CHARS
            if not segment.noise and short and _byline_class(segment, page):
                yield segment, False, ""
        return
    # Read as far as the byline's reach below the title only: the rest of the page is
    # walked only if a later step asks for it.
    stream = (s for s in page.segment_stream if not s.noise)
    above: list[Segment] = []
    at = next(stream, None)
    while at is not None and not at.in_title:
        above.append(at)
        at = next(stream, None)
    if at is None:
        return  # the title holds no text segment
    while at is not None and at.in_title:
        at = next(stream, None)
    budget, title_links = BYLINE_AFTER_CHARS, 0
    previous: list[Segment] = []
    while at is not None:
        if budget <= 0 or title_links >= MAX_TITLE_LINKS:
            break  # past the byline: article prose, or a list of other pages' titles
        budget -= len(at.text)
        if at.link_chars >= LINK_TITLE_CHARS:
            title_links += 1
        yield at, False, _labels(previous)  # long ones only for a dateline: see _in_prose
        previous = [*previous[-LABEL_SEGMENTS + 1 :], at]
        at = next(stream, None)
    budget = BYLINE_BEFORE_CHARS
    for index in range(len(above) - 1, -1, -1):
        segment = above[index]
        if budget <= 0:
            break
        budget -= len(segment.text)
        if len(segment.text) <= BYLINE_SEGMENT_CHARS:
            yield segment, True, _labels(above[max(0, index - LABEL_SEGMENTS) : index])


#: A date's label may sit this many cells before it ("Hari / Tanggal | : | Senin, 12 Juni").
LABEL_SEGMENTS = 2


def _labels(before: list[Segment]) -> str:
    """The text of the short segments just before a date's segment, as one line: the cells
    of a table row or a grid that label it. Empty once a longer one (prose) intervenes."""
    texts: list[str] = []
    for segment in reversed(before):
        if len(segment.text) > LABEL_BLOCK_CHARS:
            break
        texts.append(segment.text)
    return " ".join(reversed(texts))


def _bound(labels: str, text: str, start: int) -> bool:
    """`bound_at` for a date in `text`, its label in the text or in the cells before it."""
    if bound_at(text, start):
        return True
    return bool(labels) and bound_at(f"{labels} {text}", len(labels) + 1 + start)


def _exact_time(segment: Segment, match: DateMatch, page: Page) -> date | None:
    """The exact day behind a relative date, when the byline keeps it in an attribute.

    "2 minggu yang lalu" may be 14 to 20 days; `<span title="2026-11-10 09:00">` says
    which. Only a day inside the phrase's own range counts (with the day of rounding
    a count of days or hours allows): anything else is some other date.
    """
    latest = match.latest or match.date
    oldest = match.date - timedelta(days=1)
    for element in segment.block.iter():
        # The attributes first: an element's text costs its whole subtree.
        if not isinstance(element.tag, str) or not any(map(element.get, _EXACT_TIME_ATTRS)):
            continue
        page.budget.spend()
        if match.text not in text_content(element):
            continue
        for name in _EXACT_TIME_ATTRS:
            value = element.get(name)
            day = machine_or_human(value, page) if value else None
            if day is not None and oldest <= day <= latest:
                return day
    return None


def _in_prose(segment: Segment, start: int, words_from: int, page: Page) -> bool:
    """A date inside a sentence of the lead paragraph, not in a byline or a dateline.

    A paragraph may open with its dateline ("27.1.2022 - Bei der Erinnerung ...",
    "Bengkalis, 19 Juni 2023 - ..."); further in, a date is what the text talks about.
    `words_from` is where the segment's word after the first BYLINE_WORDS_BEFORE starts.
    """
    deep = words_from < start  # more than BYLINE_WORDS_BEFORE words before the date
    if len(segment.text) > BYLINE_SEGMENT_CHARS:
        return deep
    return deep and len(segment.text) > PROSE_CHARS and not _bylinish(segment, page)


def _word_start(text: str, index: int) -> int:
    """Where the text's word number `index` (from 0) starts; the text's length if it has
    no such word. Words as `str.split` cuts them."""
    for number, word in enumerate(_WORD.finditer(text)):
        if number == index:
            return word.start()
    return len(text)


def _bylinish(segment: Segment, page: Page) -> bool:
    return bool(_CLOCK.search(segment.text)) or _byline_class(segment, page)


def _byline_class(segment: Segment, page: Page) -> bool:
    """Whether the block's or the inline element's class names a byline ("post-date")."""
    for element in segment.named_by:  # read once per element: its segments share it
        named = page.byline_classes.get(element)
        if named is None:
            named = _BYLINE_CLASS.search(class_names(element)) is not None
            page.byline_classes[element] = named
        if named:
            return True
    return False


# ---------------------------------------------------------------------------
# Dates that belong to other things: list items, register rows


def in_list_item(block: etree._Element, page: Page) -> bool:
    return list_item_of(block, page) is not None


def list_item_of(block: etree._Element, page: Page) -> etree._Element | None:
    """The block, or its parent, when it holds a link to another page's title.

    Stops at the title's own containers: the article's byline sits beside the title,
    a "recent news" item beside another page's title.
    """
    for container in (block, block.getparent()):
        if container is None or container in page.title_line:
            return None
        if text_length(container, page.lengths) > LIST_ITEM_CHARS:
            return None  # prose or a whole article, not an item of a list
        if container not in page.list_items:  # asked once per dated block in it
            page.list_items[container] = _links_a_title(container, page)
        if page.list_items[container]:
            return container
    return None


def _links_a_title(container: etree._Element, page: Page) -> bool:
    for link in container.iter("a"):
        page.budget.spend()
        if not is_page_link(link) or _is_self_link(link, page.url):
            continue
        text = " ".join(text_content(link).split())
        if len(text) >= LINK_TITLE_CHARS and not find_dates(text):
            return True
    return False


def _is_self_link(link: etree._Element, url: str | None) -> bool:
    """A permalink to the page itself (titles in some themes link to their own page)."""
    href = link.get("href")
    if not url or not href:
        return False
    if len(href) + len(url) > MAX_CACHED_ATTRS:  # a hostile page's long links are not kept
        return _resolves_to.__wrapped__(url, href)
    return _resolves_to(url, href)


@lru_cache(maxsize=4096)  # an item links its page from its title, its image and "read more"
def _resolves_to(url: str, href: str) -> bool:
    target = absolute(url, href)
    return target is not None and target.rstrip("/") == url.split("#", 1)[0].rstrip("/")


def in_register(block: etree._Element, page: Page) -> bool:
    """A cell of a table whose rows are dated in the same column: a list of documents.

    A byline laid out as a table ("Tanggal Posting | : | 08/02/2023") has one dated row;
    a register ("Daftar Informasi Publik") dates every row, each row its own document.
    Each table column is read once a page, however many of its cells are asked about.
    """
    cell = block if block.tag in ("td", "th") else next(block.iterancestors("td", "th"), None)
    row = cell.getparent() if cell is not None else None
    if cell is None or row is None or row.tag != "tr":
        return False
    table = next(row.iterancestors("table"), None)
    if table is None:
        return False
    if row not in page.cell_columns:
        page.cell_columns[row] = {c: column for column, c in enumerate(_cells(row))}
    columns = page.cell_columns[row]
    if len(columns) < 2:
        return False  # a one-cell row is a layout table's (Joomla 1.5 puts bylines there)
    key = (table, columns[cell])
    if key not in page.registers:
        page.registers[key] = _dated_column(table, columns[cell], page)
    return page.registers[key]


def _dated_column(table: etree._Element, column: int, page: Page) -> bool:
    """Whether REGISTER_ROWS rows of the table have a date in `column`."""
    if table not in page.columns:
        by_column: list[list[etree._Element]] = []
        for row in elements(table, _ROWS):
            for index, cell in enumerate(_cells(row)):
                if index == len(by_column):
                    by_column.append([])
                by_column[index].append(cell)
        page.columns[table] = by_column
    cells = page.columns[table][column] if column < len(page.columns[table]) else []
    dated = 0
    for cell in cells:
        page.budget.spend()
        if find_dates(text_content(cell)):
            dated += 1
            if dated >= REGISTER_ROWS:
                return True
    return False


_ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _cells(row: etree._Element) -> list[etree._Element]:
    return [child for child in row if child.tag in ("td", "th")]
